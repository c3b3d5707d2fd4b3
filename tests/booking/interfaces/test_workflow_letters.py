"""The applicant's letters of the workflow: one for every step of ``workflow.LETTERS`` (and for a
protocol that closes the request with its decision), in the language of the request, saying
what was decided, on what ground, what the applicant may do and by when, with the tracking
link. Each step is driven through the domain (``booking.domain.actions`` / ``protocol``) and the
letter read from the outbox, as the django-q2 task (run synchronously in tests) sent it."""

import datetime
import itertools
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from booking.domain import actions, protocol, signup
from booking.domain.workdays import WorkingCalendar
from booking.enums import AssignmentKind, ReceptionMode, RefusalGround, RequestStatus
from booking.interfaces.emails import tracking_url
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory, VenueFactory, translate
from tests.helpers import make_iin

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru"]
_serial = itertools.count(700)

# What the letter must say, in the words the applicant reads, per language.
WORDS = {
    "kk": {
        "not_considered": ("қараусыз қалдырылды", "мәселенің мәні баяндалмаған", "5-тармақ"),
        "new_request": "жаңа өтініш жіберуіңізге болады",
        "corrections": ("63-бабының талаптарына", "түзетілмеген өтініш сізге қайтарылады"),
        "returned": ("сізге қайтарылды", "мерзімде түзетілмеді"),
        "forwarded": ("құзыретті органға жіберілді", "қайта жүгінудің қажеті жоқ"),
        "extended": ("мерзімі ұзартылды", "26-тармақ"),
        "scheduled": "Сіз жеке қабылдауға жазылдыңыз.",
        "in_language": "Қабылдау өзіңіз қалағандай қазақ тілінде өткізіледі.",
        "identity": "Жеке басыңызды куәландыратын құжатыңыз.",
        "identity_on_camera": "камераға көрсетесіз",
        "invited": "басқа органдардың өкілдері де қатысады",
        "preliminary": ("Алдын ала шешім", "Бұл түпкілікті шешім емес", "73-бап"),
        "refused": ("жеке қабылдауға жазудан бас тартылды", "Шағымдану тәртібі", "сотқа"),
        "final": ("Түпкілікті жауап", "түпкілікті"),
        "closed_after_control": "бақылаудан алынды",
        "competence": "құзыретіне кірмейді",
        "repeat": "Жаңа дәлелдер немесе жаңадан анықталған мән-жайлар келтірілмеген қайталама",
    },
    "ru": {
        "not_considered": ("оставлено без рассмотрения", "не изложена суть вопроса", "п. 5"),
        "new_request": "Вы можете направить новое обращение",
        "corrections": ("статьи 63", "не исправленное в этот срок, возвращается вам"),
        "returned": ("возвращено вам", "не было исправлено в установленный срок"),
        "forwarded": ("направлено в компетентный орган", "обращаться повторно не нужно"),
        "extended": ("продлён", "п. 26"),
        "scheduled": "Вы записаны на личный приём.",
        "in_language": "Приём проводится на русском языке, как вы просили.",
        "identity": "Документ, удостоверяющий вашу личность.",
        "identity_on_camera": "покажете его на камеру",
        "invited": "к компетенции которых относится ваш вопрос",
        "preliminary": ("Предварительное решение", "Это не окончательное решение", "статья 73"),
        "refused": ("Вам отказано в записи на личный приём", "Порядок обжалования", "в суд"),
        "final": ("Окончательный ответ", "окончательным ответом"),
        "closed_after_control": "снято с контроля",
        "competence": "Вопрос не входит в компетенцию местных исполнительных органов",
        "repeat": "Повторное обращение без новых доводов или вновь открывшихся обстоятельств",
    },
}

# What staff type, in the request's language (the applicant reads it as typed).
TYPED = {
    "kk": {
        "reasons": "Өтініште тек «көмектесіңіздер» деп жазылған.",
        "what": "Мекенжайыңызды және үй басқармасына жазған өтінішіңіздің нөмірін көрсетіңіз.",
        "body": "Ақжар қаласының тұрғын үй инспекциясы",
        "extension": "мәселе жылу желілерін тексеруді қажет етеді",
        "draft": "Осы мәселе бойынша 2025 жылғы 12 наурыздағы шешім бар.",
        "refusal": "Қарсылық берілмеді; шешім күшінде.",
        "decision": "Үйдің жылу жүйесі 1 қарашаға дейін жөнделеді.",
        "answer": "Жылу жүйесі жөнделді, пәтердегі температура нормаға сәйкес.",
        "bodies": "облыс прокуратурасы",
    },
    "ru": {
        "reasons": "В обращении написано только «помогите».",
        "what": "Укажите адрес и номер вашего обращения в управляющую компанию.",
        "body": "Жилищная инспекция города Акжар",
        "extension": "вопрос требует проверки тепловых сетей",
        "draft": "По этому вопросу имеется решение от 12 марта 2025 года.",
        "refusal": "Возражений не поступило; решение в силе.",
        "decision": "Систему отопления дома отремонтируют до 1 ноября.",
        "answer": "Система отопления отремонтирована, температура в квартире в норме.",
        "bodies": "прокуратура области",
    },
}

VIDEO_LINK = "https://vks.altyntau.example.kz/room/7f3a9c"
NOT_WORDS = (re.compile(r"https?://\S+"), re.compile(r"\S+@\S+"), re.compile(r"\b\w*\d\w*\b"))


def long_date(value, language):
    with translation.override(language):
        return date_format(value, "j E Y").lower()


def english_words(text):
    """Latin words left once addresses, e-mails and codes are taken out: untranslated text."""
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def make_day():
    """A reception day in a week, of an official and at a venue named in both languages."""
    official = OfficialFactory(
        full_name="Оспанов Нұрлан Бекұлы",
        position="Басқарма басшысы",
        reception_phone="+7 7000 12 40 00",
        reception_email="tkh@altyntau.example.kz",
    )
    translate(official, full_name="Оспанов Нурлан Бекович", position="Руководитель управления")
    venue = VenueFactory(
        name="Облыс әкімдігінің қоғамдық қабылдау бөлмесі",
        address="Ақжар қ., Бейбітшілік даңғылы, 10",
        room="101-кабинет",
    )
    translate(
        venue,
        name="Общественная приёмная акимата области",
        address="г. Акжар, проспект Бейбитшилик, 10",
        room="кабинет 101",
    )
    date = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 5)
    return ReceptionDayFactory(official=official, venue=venue, date=date, mode=ReceptionMode.EITHER)


@pytest.fixture
def day(db):
    return make_day()


def registered(day, language, **overrides):
    """A request registered through the domain, as the portal's form registers it."""
    serial = next(_serial)
    data = form_data(
        language=language,
        iin=make_iin(serial),
        question=f"Жылу беру маусымында пәтерде жылу жоқ, №{serial} үй.",
        **overrides,
    )
    data.update(preferred_day=day, consent=True, video_consent=data.get("video_consent") == "on")
    return signup.submit(data).reception_request


@pytest.fixture
def letter(django_capture_on_commit_callbacks):
    """Run one domain step and return the one letter it sent (the task runs at commit)."""

    def run(step, *args, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step(*args, **kwargs)
        assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
        return mail.outbox[0]

    return run


def check(message, reception_request, language):
    """What every letter has: the applicant's address, the number in a one-line subject, the
    tracking link of the request in its language, and no English."""
    assert message.to == [reception_request.email]
    assert reception_request.number in message.subject
    assert "\n" not in message.subject
    assert tracking_url(reception_request) in message.body
    assert f"/{language}/reception/" in tracking_url(reception_request)
    assert not english_words(message.subject + "\n" + message.body), message.body
    return message.subject, message.body


def under_review(day, language, **overrides):
    reception_request = registered(day, language, **overrides)
    return actions.review(reception_request)


@pytest.mark.rule("R07")
@pytest.mark.parametrize("language", LANGUAGES)
def test_left_without_consideration_the_applicant_is_told_why(day, letter, language):
    reception_request = registered(day, language)
    message = letter(
        actions.leave_without_consideration,
        reception_request,
        reasons=TYPED[language]["reasons"],
    )
    subject, body = check(message, reception_request, language)
    words = WORDS[language]
    assert words["not_considered"][0] in subject
    assert all(phrase in body for phrase in words["not_considered"])
    assert TYPED[language]["reasons"] in body
    assert words["new_request"] in body


@pytest.mark.rule("R08")
@pytest.mark.parametrize("language", LANGUAGES)
def test_corrections_asked_say_what_and_by_when(day, letter, language):
    reception_request = registered(day, language)
    due = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 7)
    message = letter(
        actions.ask_corrections, reception_request, what=TYPED[language]["what"], due=due
    )
    subject, body = check(message, reception_request, language)
    assert long_date(due, language) in subject
    assert TYPED[language]["what"] in body
    assert long_date(due, language) in body
    assert all(phrase in body for phrase in WORDS[language]["corrections"])


@pytest.mark.rule("R08")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_request_not_corrected_in_time_is_returned_by_letter(day, letter, language):
    reception_request = registered(day, language)
    due = WorkingCalendar.from_db().add_working_days(timezone.localdate(), 7)
    actions.ask_corrections(reception_request, what=TYPED[language]["what"], due=due)
    # The daily task, the day after the deadline.
    message = letter(actions.return_overdue_corrections, today=due + datetime.timedelta(days=1))
    subject, body = check(message, reception_request, language)
    words = WORDS[language]
    assert words["returned"][0] in subject
    assert all(phrase in body for phrase in words["returned"])
    assert TYPED[language]["what"] in body
    assert words["new_request"] in body


@pytest.mark.rule("R10")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_forwarded_request_names_the_competent_body(day, letter, language):
    reception_request = registered(day, language)
    message = letter(actions.forward, reception_request, body=TYPED[language]["body"])
    subject, body = check(message, reception_request, language)
    words = WORDS[language]
    assert words["forwarded"][0] in subject
    assert TYPED[language]["body"] in body
    assert all(phrase in body for phrase in words["forwarded"])


@pytest.mark.rule("R14")
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_extension_gives_the_new_date_and_the_reasons(day, letter, language):
    reception_request = under_review(day, language)
    until = reception_request.registered_on + datetime.timedelta(days=30)
    message = letter(
        actions.extend,
        reception_request,
        until=until,
        reasons=TYPED[language]["extension"],
    )
    subject, body = check(message, reception_request, language)
    assert long_date(until, language) in subject
    assert long_date(until, language) in body
    assert TYPED[language]["extension"] in body
    assert all(phrase in body for phrase in WORDS[language]["extended"])


VENUE = {
    "kk": ("Облыс әкімдігінің қоғамдық қабылдау бөлмесі", "Ақжар қ., Бейбітшілік даңғылы, 10"),
    "ru": ("Общественная приёмная акимата области", "г. Акжар, проспект Бейбитшилик, 10"),
}
OFFICIAL = {"kk": "Оспанов Нұрлан Бекұлы", "ru": "Оспанов Нурлан Бекович"}


@pytest.mark.rule("R13", "R22")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_letter_gives_date_time_and_place_in_the_letters_language(day, letter, language):
    reception_request = under_review(day, language)
    message = letter(actions.schedule, reception_request, day=day, slot_time=datetime.time(10, 40))
    subject, body = check(message, reception_request, language)
    assert long_date(day.date, language) in subject and "10:40" in subject
    assert WORDS[language]["scheduled"] in body
    assert long_date(day.date, language) in body and "10:40" in body
    assert all(part in body for part in VENUE[language])
    assert OFFICIAL[language] in body
    other = "ru" if language == "kk" else "kk"
    assert VENUE[other][0] not in body and OFFICIAL[other] not in body
    assert WORDS[language]["in_language"] in body


@pytest.mark.rule("R17")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_letter_says_what_to_bring(day, letter, language):
    reception_request = under_review(day, language)
    message = letter(actions.schedule, reception_request, day=day, slot_time=datetime.time(11))
    _subject, body = check(message, reception_request, language)
    assert WORDS[language]["identity"] in body


@pytest.mark.rule("R21")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_letter_names_the_other_bodies_taking_part(day, letter, language):
    reception_request = under_review(day, language)
    message = letter(
        actions.schedule,
        reception_request,
        day=day,
        slot_time=datetime.time(11),
        invited_bodies=TYPED[language]["bodies"],
    )
    _subject, body = check(message, reception_request, language)
    assert f"{WORDS[language]['invited']}: {TYPED[language]['bodies']}" in body


@pytest.mark.rule("R19")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_video_reception_letter_carries_the_link_and_no_place(day, letter, language):
    reception_request = under_review(day, language, mode="video", video_consent="on")
    message = letter(
        actions.schedule,
        reception_request,
        day=day,
        slot_time=datetime.time(11, 20),
        mode=ReceptionMode.VIDEO,
        video_link=VIDEO_LINK,
    )
    _subject, body = check(message, reception_request, language)
    assert VIDEO_LINK in body
    assert VENUE[language][1] not in body
    assert WORDS[language]["identity_on_camera"] in body


@pytest.mark.rule("R15")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_preliminary_refusal_gives_the_ground_and_until_when_to_object(day, letter, language):
    reception_request = under_review(day, language)
    today = timezone.localdate()
    message = letter(
        actions.propose_refusal,
        reception_request,
        ground=RefusalGround.DECISION_EXISTS,
        draft=TYPED[language]["draft"],
        today=today,
    )
    subject, body = check(message, reception_request, language)
    reception_request.refresh_from_db()
    calendar = WorkingCalendar.from_db()
    last_day = calendar.add_working_days(reception_request.hearing_until, -1)
    assert last_day >= calendar.add_working_days(today, 2)  # at least the hearing period
    assert long_date(last_day, language) in subject
    assert long_date(last_day, language) in body
    assert long_date(reception_request.hearing_until, language) in body
    assert TYPED[language]["draft"] in body
    with translation.override(language):
        assert str(RefusalGround.DECISION_EXISTS.label) in body
    assert all(phrase in body for phrase in WORDS[language]["preliminary"])


@pytest.mark.rule("R10", "R15")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_refusal_gives_the_ground_the_reasons_and_how_to_appeal(day, letter, language):
    reception_request = under_review(day, language)
    today = timezone.localdate()
    actions.propose_refusal(
        reception_request,
        ground=RefusalGround.REPEAT,
        draft=TYPED[language]["draft"],
        today=today,
    )
    reception_request.refresh_from_db()
    message = letter(
        actions.refuse,
        reception_request,
        reasons=TYPED[language]["refusal"],
        today=reception_request.hearing_until,
    )
    _subject, body = check(message, reception_request, language)
    words = WORDS[language]
    assert WORDS[language]["repeat"] in body
    assert TYPED[language]["refusal"] in body
    assert all(phrase in body for phrase in words["refused"])


def received(day, language, django_user_model):
    reception_request = under_review(day, language)
    actions.schedule(reception_request, day=day, slot_time=datetime.time(10, 20))
    return actions.attended(reception_request, today=day.date)


@pytest.mark.rule("R24")
@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_the_control_sends_the_final_answer(
    day, letter, language, django_user_model, django_capture_on_commit_callbacks
):
    worker = django_user_model.objects.create_user(f"worker-{language}")
    reception_request = received(day, language, django_user_model)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        on_control = protocol.record_protocol(
            reception_request,
            entries=[
                protocol.Entry(
                    kind=AssignmentKind.ASSIGNMENT,
                    text="Жылу жүйесін тексеру",
                    responsible=worker,
                    due=day.date + datetime.timedelta(days=10),
                )
            ],
            today=day.date,
        )
    # Assignments given: the request stays under control, no answer yet.
    assert on_control.status == RequestStatus.ON_CONTROL and mail.outbox == []
    protocol.close_assignment(on_control.assignments.get(), answer="Тексерілді.", today=day.date)
    message = letter(protocol.close, on_control, answer=TYPED[language]["answer"])
    subject, body = check(message, reception_request, language)
    words = WORDS[language]
    assert words["final"][0].lower() in subject.lower()
    assert TYPED[language]["answer"] in body
    assert words["closed_after_control"] in body


@pytest.mark.rule("R23", "R24")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_protocol_with_a_decision_only_closes_the_request_and_sends_the_decision(
    day, letter, language, django_user_model
):
    reception_request = received(day, language, django_user_model)
    message = letter(
        protocol.record_protocol,
        reception_request,
        decision=TYPED[language]["decision"],
        today=day.date,
    )
    reception_request.refresh_from_db()
    assert reception_request.status == RequestStatus.CLOSED
    subject, body = check(message, reception_request, language)
    assert WORDS[language]["final"][0].lower() in subject.lower()
    assert TYPED[language]["decision"] in body
    assert WORDS[language]["final"][1] in body


def test_an_applicant_without_an_e_mail_gets_no_letter_and_nothing_fails(
    day, django_capture_on_commit_callbacks
):
    reception_request = under_review(day, "ru", email="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.schedule(reception_request, day=day, slot_time=datetime.time(10))
        actions.no_show(reception_request, today=day.date)
    another = registered(day, "kk", email="")
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_without_consideration(another, reasons=TYPED["kk"]["reasons"])
    assert mail.outbox == []
    reception_request.refresh_from_db()
    another.refresh_from_db()
    assert reception_request.status == RequestStatus.NO_SHOW
    assert another.status == RequestStatus.NOT_CONSIDERED


def test_the_letters_link_opens_the_request_in_its_language(client, home, day, letter):
    reception_request = registered(day, "ru")
    message = letter(
        actions.leave_without_consideration, reception_request, reasons=TYPED["ru"]["reasons"]
    )
    link = tracking_url(reception_request)
    assert link in message.body
    response = client.get(link.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/")))
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
