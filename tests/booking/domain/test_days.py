"""``booking.domain.days`` owns every change of a reception day: the admin's edit form cannot
change what applicants were told except by *move*, a published day is cancelled rather than
deleted, and what a day's event shows raises its SEQUENCE wherever it changes (R20; RFC 5545,
RFC 5546)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from booking.domain import signup
from booking.enums import DayStatus, ReceptionMode
from booking.models import Official, ReceptionDay, ReceptionSettings, Venue
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory, VenueFactory

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def held_day(db):
    """An upcoming day one applicant holds a place on."""
    day = ReceptionDayFactory(capacity=5)
    signup.submit({**form_data(language="ru"), "preferred_day": day, "consent": True})
    return ReceptionDay.objects.get(pk=day.pk)


def day_form(day, **overrides):
    data = {
        "official": day.official_id,
        "venue": day.venue_id,
        "date": day.date.isoformat(),
        "start_time": f"{day.start_time:%H:%M}",
        "end_time": f"{day.end_time:%H:%M}",
        "mode": day.mode,
        "capacity": day.capacity,
        "kind": day.kind,
        "basis": day.basis,
    }
    data.update(overrides)
    return data


def edit_url(day):
    return reverse("wagtailsnippets_booking_receptionday:edit", args=[day.pk])


@pytest.mark.rule("R20")
def test_edit_form_of_a_held_day_cannot_change_its_time_or_place(editor, held_day):
    form = editor.get(edit_url(held_day)).context["form"]
    for name in ("official", "venue", "date", "start_time", "end_time"):
        assert form.fields[name].disabled, name
    before = (held_day.date, held_day.start_time, held_day.venue_id, held_day.sequence)
    other_venue = VenueFactory()
    response = editor.post(
        edit_url(held_day),
        day_form(held_day, start_time="15:00", end_time="17:00", venue=other_venue.pk, capacity=7),
    )
    assert response.status_code == 302
    held_day.refresh_from_db()
    # The held fields kept what applicants were told; places could still be raised.
    assert (held_day.date, held_day.start_time, held_day.venue_id) == before[:3]
    assert held_day.capacity == 7
    assert held_day.sequence == before[3]


@pytest.mark.rule("R20")
def test_domain_refuses_a_held_days_new_time_even_without_the_form(held_day):
    from django.core.exceptions import ValidationError

    from booking.domain import days

    held_day.start_time = T(15)
    held_day.end_time = T(17)
    with pytest.raises(ValidationError) as caught:
        days.save_day(held_day)
    assert set(caught.value.message_dict) == {"start_time", "end_time"}
    held_day.refresh_from_db()
    assert held_day.start_time == T(10)


def test_a_day_nobody_holds_can_be_edited_and_calendars_see_it(editor):
    day = ReceptionDayFactory()
    response = editor.post(edit_url(day), day_form(day, start_time="14:00", end_time="16:00"))
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.start_time == T(14)
    assert day.sequence == 1


@pytest.mark.rule("R20")
def test_deleting_a_published_day_leads_to_cancel_and_deletes_nothing(editor):
    day = ReceptionDayFactory()
    url = reverse("wagtailsnippets_booking_receptionday:delete", args=[day.pk])
    response = editor.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("booking_cancel_day", args=[day.pk])
    day.refresh_from_db()
    assert day.status == DayStatus.SCHEDULED


def test_a_day_never_published_may_be_deleted(editor):
    day = ReceptionDayFactory(official=OfficialFactory(is_active=False))
    url = reverse("wagtailsnippets_booking_receptionday:delete", args=[day.pk])
    response = editor.post(url)
    assert response.status_code == 302
    assert not ReceptionDay.objects.filter(pk=day.pk).exists()


class TestWhatEventsShowRaisesSequence:
    """A change made elsewhere that alters an event's text raises SEQUENCE on upcoming days and
    leaves past ones as they were held."""

    @pytest.fixture
    def upcoming_and_past(self, db):
        upcoming = ReceptionDayFactory()
        past = ReceptionDayFactory(
            official=upcoming.official,
            venue=upcoming.venue,
            date=timezone.localdate() - datetime.timedelta(days=30),
        )
        return upcoming, past

    def sequences(self, *days):
        return [ReceptionDay.objects.get(pk=day.pk).sequence for day in days]

    def test_renaming_a_venue(self, upcoming_and_past):
        upcoming, past = upcoming_and_past
        venue = Venue.objects.get(pk=upcoming.venue_id)
        venue.name = "Жаңа атауы, 2-қабат"
        venue.save()
        assert self.sequences(upcoming, past) == [1, 0]

    def test_a_new_address_of_the_venues_russian_version(self, upcoming_and_past):
        from tests.factories import translate

        upcoming, past = upcoming_and_past
        russian = translate(upcoming.venue, name="Приёмная")
        russian.address = "г. Акжар, ул. Новая, 1"
        russian.save()
        assert self.sequences(upcoming, past) == [1, 0]

    def test_saving_a_venue_unchanged_changes_nothing(self, upcoming_and_past):
        upcoming, past = upcoming_and_past
        Venue.objects.get(pk=upcoming.venue_id).save()
        assert self.sequences(upcoming, past) == [0, 0]

    def test_renaming_an_official(self, upcoming_and_past):
        upcoming, past = upcoming_and_past
        official = Official.objects.get(pk=upcoming.official_id)
        official.position = "Облыс әкімінің орынбасары"
        official.save()
        assert self.sequences(upcoming, past) == [1, 0]

    @pytest.mark.rule("R19")
    def test_switching_restriction_mode(self, upcoming_and_past):
        upcoming, past = upcoming_and_past
        reception_settings = ReceptionSettings.load()
        reception_settings.restriction_mode = True
        reception_settings.save()
        assert self.sequences(upcoming, past) == [1, 0]
        assert ReceptionDay.objects.get(pk=upcoming.pk).mode == ReceptionMode.IN_PERSON

    def test_the_feed_carries_the_new_sequence(self, client, home, upcoming_and_past):
        import icalendar

        upcoming, _past = upcoming_and_past
        venue = Venue.objects.get(pk=upcoming.venue_id)
        venue.room = "205-кабинет"
        venue.save()
        feed = icalendar.Calendar.from_ical(client.get("/kk/calendar/all.ics").content)
        events = {str(e["UID"]).split("@")[0]: e for e in feed.walk("VEVENT")}
        event = events[str(upcoming.public_id)]
        assert int(event["SEQUENCE"]) == 1
        assert "205-кабинет" in str(event["LOCATION"])
