"""The tracking page as the applicant follows their request through the workflow: the status in
words, every step with its note to the applicant, and what to do next and by when; in Kazakh and
in Russian. Never the video link, a staff member's name, an internal note or the reference
information (R30)."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from booking.domain import actions, protocol, signup
from booking.domain.workdays import WorkingCalendar
from booking.enums import AssignmentKind, ReceptionMode, RefusalGround, RequestStatus
from tests.booking.interfaces.test_workflow_letters import TYPED, VENUE, make_day, registered
from tests.pages.test_interface_language import assert_in_language

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru"]
VIDEO_LINK = "https://vks.altyntau.example.kz/room/secret-5c1e"
INTERNAL_NOTE = "Ішкі ескертпе: өтініш берушінің көршісі де шағымданған"
REFERENCE = "Анықтама: үйдің жылу жүйесі 1978 жылы салынған"
STAFF_NAMES = ("Әсел", "Нұрланова")

WORDS = {
    "kk": {
        "corrections": "Түзетулер күтілуде",
        "hearing": "Бас тарту туралы алдын ала шешім, тыңдау",
        "object": "қарсылығыңызды білдіріп, қосымша дәлелдер ұсына аласыз",
        "how": "қабылдау бөлмесіне жазбаша жүгініңіз, қоңырау шалыңыз немесе өзіңіз келіңіз",
        "video": "Бейнеконференцбайланыс арқылы: қосылу сілтемесін қабылдау бөлмесі сізге жіберді.",
        "your_reception": "Сіздің қабылдауыңыз",
        "returned_by": "түзетілмеген өтініш сізге қайтарылады",
        "answer_by": "Жауап беру мерзімі",
        "closed": "Түпкілікті жауап:",
        "forwarded": "құзыретті органға жіберілді",
    },
    "ru": {
        "corrections": "Ожидаются исправления",
        "hearing": "Предварительный отказ, заслушивание",
        "object": "вы можете представить возражения или дополнительные доводы",
        "how": "напишите в приёмную, позвоните или придите лично",
        "video": "По видеоконференцсвязи: ссылку для подключения приёмная направила вам.",
        "your_reception": "Ваш приём",
        "returned_by": "не исправленное в этот срок, возвращается вам",
        "answer_by": "Срок ответа",
        "closed": "Окончательный ответ:",
        "forwarded": "направлено в компетентный орган",
    },
}


def long_date(value, language):
    with translation.override(language):
        return date_format(value, "j E Y").lower()


@pytest.fixture
def day(home):
    return make_day()


@pytest.fixture
def staff(django_user_model):
    first_name, last_name = STAFF_NAMES
    return django_user_model.objects.create_user("asel", first_name=first_name, last_name=last_name)


def page(client, reception_request, language=None):
    language = language or reception_request.language
    response = client.get(
        f"/{language}/reception/{reception_request.number}/{reception_request.token}/"
    )
    assert response.status_code == 200
    return response, response.content.decode()


def in_state(state, day, language, staff):
    """A request brought to *state* through the domain, as the reception office would."""
    reception_request = registered(day, language)
    if state == RequestStatus.REGISTERED:
        return reception_request
    if state == RequestStatus.WITHDRAWN:
        return signup.withdraw(reception_request)
    if state == RequestStatus.NOT_CONSIDERED:
        return actions.leave_without_consideration(
            reception_request, reasons=TYPED[language]["reasons"], actor=staff
        )
    if state == RequestStatus.FORWARDED:
        return actions.forward(
            reception_request, body=TYPED[language]["body"], note=INTERNAL_NOTE, actor=staff
        )
    if state in (RequestStatus.CORRECTIONS, RequestStatus.RETURNED):
        due = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 7)
        reception_request = actions.ask_corrections(
            reception_request, what=TYPED[language]["what"], due=due, actor=staff
        )
        if state == RequestStatus.RETURNED:
            actions.return_overdue_corrections(today=due + datetime.timedelta(days=1))
        return reception_request
    reception_request = actions.review(reception_request, actor=staff)
    if state == RequestStatus.UNDER_REVIEW:
        return reception_request
    if state in (RequestStatus.HEARING, RequestStatus.REFUSED):
        reception_request = actions.propose_refusal(
            reception_request,
            ground=RefusalGround.COURT_ACT,
            draft=TYPED[language]["draft"],
            actor=staff,
        )
        if state == RequestStatus.REFUSED:
            reception_request = actions.refuse(
                reception_request,
                reasons=TYPED[language]["refusal"],
                actor=staff,
                today=reception_request.hearing_until,
            )
        return reception_request
    reception_request = actions.schedule(
        reception_request, day=day, slot_time=datetime.time(10, 40), actor=staff
    )
    if state == RequestStatus.SCHEDULED:
        return reception_request
    if state == RequestStatus.NO_SHOW:
        return actions.no_show(reception_request, today=day.date, actor=staff)
    reception_request = actions.attended(reception_request, today=day.date, actor=staff)
    if state == RequestStatus.RECEIVED:
        return reception_request
    if state == RequestStatus.CLOSED:
        return protocol.record_protocol(
            reception_request, decision=TYPED[language]["decision"], today=day.date, actor=staff
        )
    entry = protocol.Entry(
        kind=AssignmentKind.ASSIGNMENT,
        text=INTERNAL_NOTE,
        responsible=staff,
        due=day.date + datetime.timedelta(days=10),
    )
    return protocol.record_protocol(reception_request, entries=[entry], today=day.date, actor=staff)


@pytest.mark.rule("R30")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", RequestStatus.values)
def test_every_state_reads_in_the_pages_language_and_discloses_nothing_internal(
    client, day, staff, state, language
):
    reception_request = in_state(state, day, language, staff)
    reception_request.refresh_from_db()
    assert reception_request.status == state
    response, html = page(client, reception_request)
    assert_in_language(response, language)
    with translation.override(language):
        assert str(reception_request.get_status_display()) in html
    for secret in (INTERNAL_NOTE, *STAFF_NAMES, staff.username, reception_request.phone):
        assert secret not in html, secret


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_history_shows_every_step_with_its_note_to_the_applicant(client, day, staff, language):
    reception_request = in_state(RequestStatus.REFUSED, day, language, staff)
    _response, html = page(client, reception_request)
    with translation.override(language):
        for event in reception_request.events.all():
            assert str(event.get_action_display()) in html
            if event.public_note:
                assert event.public_note in html
    assert TYPED[language]["draft"] in html and TYPED[language]["refusal"] in html


@pytest.mark.rule("R19", "R30")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_video_reception_shows_when_but_never_the_link_the_staff_or_internal_notes(
    client, day, staff, language
):
    reception_request = registered(day, language, mode="video", video_consent="on")
    actions.review(reception_request, actor=staff)
    actions.prepare_reference(reception_request, reference=REFERENCE, actor=staff)
    actions.propose_refusal(
        reception_request,
        ground=RefusalGround.REPEAT,
        draft=TYPED[language]["draft"],
        actor=staff,
    )
    actions.record_objection(reception_request, objection="Жаңа дәлелдер бар", actor=staff)
    actions.reconsider(reception_request, note=INTERNAL_NOTE, actor=staff)
    actions.schedule(
        reception_request,
        day=day,
        slot_time=datetime.time(11, 20),
        mode=ReceptionMode.VIDEO,
        video_link=VIDEO_LINK,
        actor=staff,
    )
    _response, html = page(client, reception_request)
    assert WORDS[language]["your_reception"] in html
    assert long_date(day.date, language) in html and "11:20" in html
    assert WORDS[language]["video"] in html
    assert VENUE[language][1] not in html  # no place: it is held by video
    for secret in (VIDEO_LINK, "secret-5c1e", INTERNAL_NOTE, REFERENCE, *STAFF_NAMES):
        assert secret not in html, secret


@pytest.mark.rule("R13")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_scheduled_reception_shows_date_time_and_place_in_the_pages_language(
    client, day, staff, language
):
    reception_request = in_state(RequestStatus.SCHEDULED, day, language, staff)
    _response, html = page(client, reception_request)
    assert WORDS[language]["your_reception"] in html
    assert long_date(day.date, language) in html and "10:40" in html
    assert all(part in html for part in VENUE[language])
    other = "ru" if language == "kk" else "kk"
    assert VENUE[other][0] not in html


@pytest.mark.rule("R15")
@pytest.mark.parametrize("language", LANGUAGES)
def test_during_the_hearing_the_page_says_until_when_and_how_to_object(
    client, day, staff, language
):
    reception_request = in_state(RequestStatus.HEARING, day, language, staff)
    _response, html = page(client, reception_request)
    last_day = WorkingCalendar.from_db().add_working_days(reception_request.hearing_until, -1)
    assert WORDS[language]["hearing"] in html
    assert long_date(last_day, language) in html
    assert long_date(reception_request.hearing_until, language) in html
    assert WORDS[language]["object"] in html and WORDS[language]["how"] in html
    with translation.override(language):
        assert str(RefusalGround.COURT_ACT.label) in html


@pytest.mark.rule("R08")
@pytest.mark.parametrize("language", LANGUAGES)
def test_awaiting_corrections_the_page_says_what_and_by_when(client, day, staff, language):
    reception_request = in_state(RequestStatus.CORRECTIONS, day, language, staff)
    _response, html = page(client, reception_request)
    assert WORDS[language]["corrections"] in html
    # What to correct, set apart from the history where the step also shows it.
    assert f"<blockquote>{TYPED[language]['what']}</blockquote>" in html
    assert long_date(reception_request.corrections_due, language) in html
    assert WORDS[language]["returned_by"] in html


@pytest.mark.rule("R14")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answer_date_follows_an_extension(client, day, staff, language):
    reception_request = in_state(RequestStatus.UNDER_REVIEW, day, language, staff)
    before = reception_request.answer_due
    until = reception_request.registered_on + datetime.timedelta(days=30)
    actions.extend(
        reception_request, until=until, reasons=TYPED[language]["extension"], actor=staff
    )
    _response, html = page(client, reception_request)
    answer_by = WORDS[language]["answer_by"]
    assert f"{answer_by}</dt><dd><strong>{long_date(until, language)}</strong>" in html
    assert long_date(before, language) not in html
    assert TYPED[language]["extension"] in html


@pytest.mark.rule("R24")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_closed_request_shows_the_final_answer(client, day, staff, language):
    reception_request = in_state(RequestStatus.CLOSED, day, language, staff)
    _response, html = page(client, reception_request)
    assert WORDS[language]["closed"] in html
    # The answer itself, not only a step of the history.
    assert f"<blockquote>{TYPED[language]['decision']}</blockquote>" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_forwarded_request_names_the_body(client, day, staff, language):
    reception_request = in_state(RequestStatus.FORWARDED, day, language, staff)
    _response, html = page(client, reception_request)
    assert TYPED[language]["body"] in html
    assert WORDS[language]["forwarded"] in html


def test_the_history_shows_local_time(client, day, staff):
    """Times in Asia/Almaty (UTC+5), as the applicant lives them, not the server's UTC."""
    reception_request = in_state(RequestStatus.UNDER_REVIEW, day, "ru", staff)
    _response, html = page(client, reception_request)
    for event in reception_request.events.all():
        local = timezone.localtime(event.at)
        assert f"{long_date(local.date(), 'ru')}, {local:%H:%M}" in html
