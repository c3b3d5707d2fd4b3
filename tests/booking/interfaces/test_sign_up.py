"""Signing up for a reception, as the citizen does it and as the reception office sees it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import date_format

from booking.domain import capacity, deadlines, rules
from booking.domain.days import move_day, validate_day
from booking.domain.validators import normalise_phone, validate_iin
from booking.domain.workdays import WorkingCalendar
from booking.enums import PriorityCategory, RequestStatus
from booking.models import ReceptionRequest, ReceptionSettings, WorkingDayOverride
from tests.factories import OfficialFactory, ReceptionDayFactory, translate
from tests.helpers import make_iin

ALMATY = datetime.timezone(datetime.timedelta(hours=5))

# Valid IINs worked out by hand: first-pass check digit, second-pass check digit, 2000s.
IIN_FIRST_PASS = "850515300006"
IIN_SECOND_PASS = "850515300701"
IIN_2005 = "050315500004"
APPLICANT_SURNAME = "Тестбаев"


def form_data(**overrides):
    data = {
        "applicant_kind": "individual",
        "surname": APPLICANT_SURNAME,
        "given_name": "Асан",
        "patronymic": "",
        "iin": IIN_FIRST_PASS,
        "phone": "8 701 234 56 78",
        "email": "asan@example.kz",
        "question": "Жылу беру маусымында пәтерде жылу жоқ, үй басқармасы жауап бермейді.",
        "topic": "housing",
        "language": "kk",
        "mode": "in_person",
        "priority": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def day(home):
    official = OfficialFactory(slug="ospanov-n", full_name="Оспанов Нұрлан Бекұлы")
    translate(official, full_name="Оспанов Нурлан Бекович", position="Руководитель управления")
    return ReceptionDayFactory(official=official, capacity=2)


class TestIinValidator:
    @pytest.mark.parametrize("iin", [IIN_FIRST_PASS, IIN_SECOND_PASS, IIN_2005, "900228400004"])
    def test_valid_numbers_pass(self, iin):
        assert validate_iin(iin) == iin

    @pytest.mark.parametrize(
        ("iin", "code"),
        [
            ("850515300007", "checksum"),  # wrong check digit
            ("850515301500", "checksum"),  # no check digit exists: both passes give 10
            ("851315300001", "date"),  # month 13
            ("850515700001", "century"),  # century/sex digit 7 does not exist
            ("050315000002", "century"),  # 0
            ("85051530000", "format"),  # 11 digits
            ("85051530000a", "format"),
        ],
    )
    def test_invalid_numbers_are_refused_with_the_reason(self, iin, code):
        with pytest.raises(ValidationError) as error:
            validate_iin(iin)
        assert error.value.code == code


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("8 701 234 56 78", "+77012345678"),
        ("+7 (701) 234-56-78", "+77012345678"),
        ("87772223344", "+77772223344"),
    ],
)
def test_kazakh_phone_formats_are_normalised(typed, e164):
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize("typed", ["12345", "8 701 234", "телефон"])
def test_a_phone_that_is_not_a_phone_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


class TestRegistrationDate:
    def at(self, *args):
        return datetime.datetime(*args, tzinfo=ALMATY)

    @pytest.mark.rule("R09")
    def test_within_working_hours_it_is_that_day(self, db):
        monday_morning = self.at(2026, 11, 23, 11, 0)
        assert deadlines.registration_date(monday_morning) == datetime.date(2026, 11, 23)

    @pytest.mark.rule("R09")
    def test_after_working_hours_it_is_the_next_working_day(self, db):
        friday_evening = self.at(2026, 11, 27, 19, 0)
        assert deadlines.registration_date(friday_evening) == datetime.date(2026, 11, 30)

    @pytest.mark.rule("R09")
    def test_across_a_weekend(self, db):
        saturday = self.at(2026, 11, 28, 10, 0)
        assert deadlines.registration_date(saturday) == datetime.date(2026, 11, 30)

    @pytest.mark.rule("R09")
    def test_across_a_public_holiday(self, db):
        # Independence Day, Wednesday 16 December 2026.
        assert deadlines.registration_date(self.at(2026, 12, 16, 10)) == datetime.date(2026, 12, 17)
        # Nauryz: 21-25 March 2026; the next working day is Thursday the 26th.
        assert deadlines.registration_date(self.at(2026, 3, 23, 10)) == datetime.date(2026, 3, 26)

    @pytest.mark.rule("R09")
    def test_across_a_decreed_transfer(self, db):
        WorkingDayOverride.objects.create(
            date=datetime.date(2026, 11, 30), kind="day_off", name_kk="Демалыс", name_ru="Выходной"
        )
        saturday = self.at(2026, 11, 28, 10, 0)
        assert deadlines.registration_date(saturday) == datetime.date(2026, 12, 1)

    @pytest.mark.rule("R13")
    def test_answer_is_due_fifteen_working_days_later(self, db):
        # From Monday 7 December 2026: 16 December is a holiday, so 15 working days end on
        # Tuesday 29 December.
        assert deadlines.answer_due(datetime.date(2026, 12, 7)) == datetime.date(2026, 12, 29)

    @pytest.mark.rule("R13")
    def test_the_deadline_is_a_setting(self, db):
        settings = ReceptionSettings.load()
        settings.answer_deadline_days = 5
        settings.save()
        assert deadlines.answer_due(datetime.date(2026, 11, 23)) == datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("lang", "title", "consent"),
    [
        ("kk", "Қабылдауға жазылу", "дербес деректерімді"),
        ("ru", "Записаться на приём", "персональных данных"),
    ],
)
@pytest.mark.rule("R22")
def test_form_renders_in_both_languages(client, day, lang, title, consent):
    response = client.get(f"/{lang}/reception/sign-up/?official=ospanov-n")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in html
    assert consent in html
    assert 'name="website"' in html  # the honeypot
    assert "csrfmiddlewaretoken" in html
    # The official is pre-selected; their day is offered with its places.
    assert "selected" in html.split('name="official"')[1].split("</select>")[0]


def test_form_prefills_the_day_and_shows_places_left(client, day):
    html = client.get(f"/ru/reception/sign-up/?day={day.public_id}").content.decode()
    day_select = html.split('name="preferred_day"')[1].split("</select>")[0]
    assert f'value="{day.pk}" selected' in day_select
    assert "мест: 2" in day_select.lower() or "осталось мест: 2" in day_select.lower()


@pytest.mark.rule("R05", "R06", "R32")
def test_valid_submission_is_registered_and_gives_a_ticket(client, day):
    response = client.post(
        "/kk/reception/sign-up/", form_data(official=day.official.pk, preferred_day=day.pk)
    )
    assert response.status_code == 302
    request = ReceptionRequest.objects.get()
    assert response["Location"] == f"/kk/reception/{request.number}/{request.token}/ticket/"
    assert request.status == RequestStatus.REGISTERED
    assert request.phone == "+77012345678"
    assert request.number == f"{request.registered_on.year}-00001"
    assert request.answer_due == WorkingCalendar.from_db().add_working_days(
        request.registered_on, 15
    )
    assert request.events.count() == 1
    ticket = client.get(response["Location"]).content.decode()
    assert request.number in ticket
    # The answer date the applicant can hold the office to (R13), in their language.
    with translation.override("kk"):
        assert date_format(request.answer_due, "j E Y").lower() in ticket
    assert "Оспанов Нұрлан Бекұлы" in ticket
    assert "Жеке басыңызды куәландыратын құжатыңыз." in ticket
    assert f"/kk/reception/{request.number}/{request.token}/" in ticket


@pytest.mark.rule("R22", "R32")
def test_ticket_email_goes_out_in_the_chosen_language(
    client, day, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kk/reception/sign-up/", form_data(language="ru"))
    (message,) = mail.outbox
    request = ReceptionRequest.objects.get()
    assert message.to == ["asan@example.kz"]
    assert request.number in message.subject
    assert "зарегистрировано" in message.body
    assert f"/ru/reception/{request.number}/{request.token}/" in message.body


@pytest.mark.rule("R22", "R32")
def test_ticket_in_russian(client, day):
    russian = day.official.get_translation(day.official.get_translations().first().locale)
    client.post("/ru/reception/sign-up/", form_data(language="ru", official=russian.pk))
    request = ReceptionRequest.objects.get()
    html = client.get(f"/ru/reception/{request.number}/{request.token}/ticket/").content.decode()
    assert "Ваше обращение зарегистрировано" in html
    assert "Оспанов Нурлан Бекович" in html


class TestBadInput:
    def post(self, client, lang="ru", **overrides):
        response = client.post(f"/{lang}/reception/sign-up/", form_data(**overrides))
        assert response.status_code == 400
        assert ReceptionRequest.objects.count() == 0
        return response.content.decode()

    def test_wrong_iin_check_digit_is_explained_next_to_the_field(self, client, day):
        html = self.post(client, iin="850515300007", surname="Жаңабаев")
        assert 'id="field-iin"' in html
        field = html.split('id="field-iin"')[1].split('<div class="field')[0]
        assert "ИИН" in field and "цифры" in field
        assert 'value="Жаңабаев"' in html  # what was typed is kept

    def test_phone_that_is_not_a_phone(self, client, day):
        html = self.post(client, phone="12345")
        assert "8 701 234 56 78" in html.split('id="field-phone"')[1]

    @pytest.mark.rule("R07")
    def test_question_is_required(self, client, day):
        html = self.post(client, lang="kk", question="")
        assert "field__error" in html.split('id="field-question"')[1].split('<div class="field')[0]

    def test_no_iin_needs_a_document(self, client, day):
        self.post(client, iin="")

    @pytest.mark.rule("R18")
    def test_foreigner_without_iin_with_a_document_is_accepted(self, client, day):
        response = client.post(
            "/ru/reception/sign-up/",
            form_data(
                iin="",
                document_type="passport",
                document_number="N1234567",
                needs_interpreter="on",
            ),
        )
        assert response.status_code == 302
        assert ReceptionRequest.objects.get().needs_interpreter

    @pytest.mark.rule("R17")
    def test_representative_must_give_bin_and_authority(self, client, day):
        html = self.post(client, applicant_kind="representative")
        assert "field__error" in html.split('id="field-bin"')[1].split('<div class="field')[0]

    def test_upload_that_is_not_what_it_claims(self, client, day):
        fake = SimpleUploadedFile(
            "scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
        )
        html = self.post(client, attachments=fake)
        assert "scan.pdf" in html.split('id="field-attachments"')[1]

    def test_real_pdf_is_accepted(self, client, day):
        pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf")
        response = client.post("/ru/reception/sign-up/", form_data(attachments=pdf))
        assert response.status_code == 302
        assert ReceptionRequest.objects.get().attachments.get().content_type == "application/pdf"

    def test_day_in_the_past_is_refused(self, client, day):
        day.date = timezone.localdate() - datetime.timedelta(days=7)
        day.save()
        self.post(client, preferred_day=day.pk)

    @pytest.mark.rule("R06")
    def test_a_day_that_filled_up_is_shown_full_yet_never_refuses_the_request(self, client, day):
        for serial in range(2):
            client.post(
                "/ru/reception/sign-up/", form_data(iin=make_iin(serial), preferred_day=day.pk)
            )
        assert ReceptionRequest.objects.count() == 2
        # The form shows the day as full to whoever opens it now...
        assert "мест не осталось" in client.get("/ru/reception/sign-up/").content.decode()
        # ...and a request posted for it by someone who opened the form earlier is registered,
        # for the earliest possible day, and the ticket says so.
        response = client.post(
            "/ru/reception/sign-up/",
            form_data(iin=make_iin(7), preferred_day=day.pk, language="ru"),
            follow=True,
        )
        late = ReceptionRequest.objects.get(iin=make_iin(7))
        assert (late.preferred_day, late.requested_day) == (None, day)
        assert "заполнился, пока вы писали" in response.content.decode()

    @pytest.mark.rule("R19")
    def test_video_without_consent_is_refused(self, client, day):
        self.post(client, mode="video")

    def test_hostile_input_is_escaped(self, client, day):
        html = self.post(client, surname="<script>alert(1)</script>", phone="bad")
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_second_identical_submission_shows_the_first_ticket(client, day):
    first = client.post("/ru/reception/sign-up/", form_data())
    second = client.post("/ru/reception/sign-up/", form_data())
    assert ReceptionRequest.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_honeypot_stores_nothing(client, day):
    response = client.post("/ru/reception/sign-up/", form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert ReceptionRequest.objects.count() == 0


def test_someone_knowing_only_the_iin_does_not_get_the_first_ticket(client, day):
    first = client.post("/ru/reception/sign-up/", form_data())
    stranger = client.post(
        "/ru/reception/sign-up/", form_data(phone="+7 777 000 11 22", surname="Бөтенов")
    )
    assert stranger["Location"] != first["Location"]
    assert ReceptionRequest.objects.count() == 2


class TestTracking:
    def submit(self, client, day):
        client.post("/ru/reception/sign-up/", form_data(language="ru", preferred_day=day.pk))
        return ReceptionRequest.objects.get()

    @pytest.mark.rule("R30")
    def test_shows_status_and_history_and_masks_the_iin(self, client, day):
        request = self.submit(client, day)
        response = client.get(f"/ru/reception/{request.number}/{request.token}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Зарегистрировано" in html
        assert "85••••••••06" in html and IIN_FIRST_PASS not in html
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]

    def test_wrong_token_is_404(self, client, day):
        request = self.submit(client, day)
        assert client.get(f"/ru/reception/{request.number}/guess/").status_code == 404

    def test_withdraw_gives_the_place_back(self, client, day):
        request = self.submit(client, day)
        assert capacity.places_left(day) == 1
        client.post(f"/ru/reception/{request.number}/{request.token}/", {"action": "withdraw"})
        request.refresh_from_db()
        assert request.status == RequestStatus.WITHDRAWN
        assert capacity.places_left(day) == 2
        html = client.get(f"/ru/reception/{request.number}/{request.token}/").content.decode()
        assert "Отозвано заявителем" in html
        assert "Отозвать" not in html.split("</ol>")[1]


@pytest.mark.rule("R05", "R09")
def test_staff_register_a_paper_request_through_the_same_function(admin_client, day):
    response = admin_client.post(
        "/admin/reception/requests/register/",
        form_data(channel="paper", preferred_day=day.pk, received_at="2026-11-20 17:00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = ReceptionRequest.objects.get()
    # Staff land on the applicant's ticket, in the applicant's language, to print or read out.
    assert response["Location"] == f"/admin/reception/requests/{request.pk}/ticket/"
    ticket = admin_client.get(response["Location"]).content.decode()
    assert request.number in ticket and "Жеке басыңызды куәландыратын құжатыңыз." in ticket
    assert f"/kk/reception/{request.number}/{request.token}/" in ticket
    assert request.channel == "paper"
    # Registered by the day it arrived on paper, not the day it was typed in (R09).
    assert request.registered_on == datetime.date(2026, 11, 20)
    assert request.created_by.username == "admin"
    assert capacity.places_left(day) == 1
    listing = admin_client.get("/admin/requests/").content.decode()
    assert request.number in listing
    assert "85••••••••06" in listing and IIN_FIRST_PASS not in listing


def test_capacity_cannot_drop_below_the_places_already_taken(client, day):
    for serial in range(2):
        client.post("/ru/reception/sign-up/", form_data(iin=make_iin(serial), preferred_day=day.pk))
    day.refresh_from_db()
    day.capacity = 1
    with pytest.raises(ValidationError) as error:
        validate_day(day)
    assert "capacity" in error.value.message_dict
    day.capacity = 2
    validate_day(day)


def test_official_page_shows_places_left_and_a_full_day_as_full(client, day):
    from pages import demo

    demo.ensure_schedule_page(demo.ensure_home_pages())
    url = "/ru/schedule/official/ospanov-n/"
    assert "осталось мест: 2" in client.get(url).content.decode()
    for serial in range(2):
        client.post("/ru/reception/sign-up/", form_data(iin=make_iin(serial), preferred_day=day.pk))
    html = client.get(url).content.decode()
    assert "мест не осталось" in html
    assert f"?day={day.public_id}" not in html


@pytest.mark.rule("R20")
def test_moving_a_day_takes_its_applicants_along_and_tells_them(
    client, day, django_capture_on_commit_callbacks
):
    from booking.enums import ChangeReason

    client.post("/ru/reception/sign-up/", form_data(language="ru", preferred_day=day.pk))
    request = ReceptionRequest.objects.get()
    target = WorkingCalendar.from_db().next_working_day(day.date)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_day = move_day(
            day,
            date=target,
            start_time=datetime.time(15),
            end_time=datetime.time(17),
            reason=ChangeReason.BUSINESS_TRIP,
        )
    request.refresh_from_db()
    assert request.preferred_day == new_day
    assert capacity.places_left(new_day) == new_day.capacity - 1
    html = client.get(f"/ru/reception/{request.number}/{request.token}/").content.decode()
    assert "Приём перенесён на" in html and "15:00" in html
    (message,) = mail.outbox
    assert "Приём перенесён на" in message.body


def test_a_reception_that_has_ended_cannot_be_chosen(client, day):
    day.date = timezone.localdate()
    day.start_time, day.end_time = datetime.time(0, 0), datetime.time(0, 1)
    day.save()
    html = client.get("/ru/reception/sign-up/").content.decode()
    assert f'value="{day.pk}"' not in html.split('name="preferred_day"')[1].split("</select>")[0]


@pytest.mark.rule("R20")
def test_a_rule_change_keeps_days_that_applicants_hold(client, home):
    from tests.factories import ScheduleRuleFactory

    today = timezone.localdate()
    rule = ScheduleRuleFactory(valid_from=today, capacity=2)
    rules.generate_days(rule)
    held = rule.days.order_by("date").first()
    for serial in range(2):
        client.post(
            "/ru/reception/sign-up/", form_data(iin=make_iin(serial), preferred_day=held.pk)
        )
    rule.weekday, rule.capacity = "TU", 1
    rule.save()
    result = rules.generate_days(rule)
    held.refresh_from_db()
    assert held.status == "scheduled"
    assert result.kept == 1


@pytest.mark.rule("R13")
def test_ticket_shows_the_answer_date_the_setting_gives(client, day):
    reception_settings = ReceptionSettings.load()
    reception_settings.answer_deadline_days = 10
    reception_settings.save()
    response = client.post("/ru/reception/sign-up/", form_data(language="ru"), follow=True)
    reception_request = ReceptionRequest.objects.get()
    expected = WorkingCalendar.from_db().add_working_days(reception_request.registered_on, 10)
    assert reception_request.answer_due == expected
    with translation.override("ru"):
        assert date_format(expected, "j E Y").lower() in response.content.decode()
    form_page = client.get("/ru/reception/sign-up/").content.decode()
    assert "10 рабочих дней" in form_page and "15 рабочих дней" not in form_page


@pytest.mark.rule("R19")
def test_in_person_sign_up_is_refused_while_restrictive_measures_are_in_force(client, day):
    reception_settings = ReceptionSettings.load()
    reception_settings.restriction_mode = True
    reception_settings.save()
    response = client.post("/ru/reception/sign-up/", form_data(language="ru", mode="in_person"))
    assert response.status_code == 400
    assert "mode" in response.context["form"].errors
    assert "только по видеоконференцсвязи" in response.content.decode()
    assert not ReceptionRequest.objects.exists()
    accepted = client.post(
        "/ru/reception/sign-up/", form_data(language="ru", mode="video", video_consent="on")
    )
    assert accepted.status_code == 302
    assert ReceptionRequest.objects.get().mode == "video"


@pytest.mark.rule("R16")
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_out_of_turn_category_is_offered_and_recorded(client, day, language):
    html = client.get(f"/{language}/reception/sign-up/").content.decode()
    categories = [value for value in PriorityCategory.values if value]
    assert len(categories) == 6
    with translation.override(language):
        for value, label in PriorityCategory.choices:
            if value:
                assert f'value="{value}"' in html
                assert str(label) in html.replace("&quot;", '"').replace("&#x27;", "'"), label
    for serial, category in enumerate(categories):
        client.post(
            f"/{language}/reception/sign-up/",
            form_data(iin=make_iin(serial), priority=category, language=language),
        )
    recorded = set(ReceptionRequest.objects.values_list("priority", flat=True))
    assert recorded == set(categories)
