"""The editors' side of the schedule in Wagtail's admin: cancelling and moving days (R20),
a rule's preview, the day listing's filters, the gaps (R03) and translation (R01) reports, and
creating a rule."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from booking.admin.forms import ReceptionDayFilterSet
from booking.domain import reports, rules
from booking.domain.days import cancel_day, move_day
from booking.domain.workdays import WorkingCalendar, _package_year
from booking.enums import ChangeReason, DayStatus, Frequency, OverrideKind
from booking.models import ReceptionDay, ReceptionSettings, ScheduleRule, WorkingDayOverride
from tests.factories import (
    OfficialFactory,
    OrganisationFactory,
    ReceptionDayFactory,
    ScheduleRuleFactory,
    VenueFactory,
    get_locale,
    translate,
)
from tests.helpers import fails_after

pytestmark = pytest.mark.django_db

T = datetime.time
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR"]


@pytest.fixture
def working_calendar(db):
    get_locale("kk")
    get_locale("ru")
    return WorkingCalendar.from_db()


@pytest.fixture
def soon(working_calendar):
    """The next two working days and the next weekend day off."""
    today = timezone.localdate()
    first = working_calendar.next_working_day(today)
    second = working_calendar.next_working_day(first)
    weekend = today + datetime.timedelta(days=1)
    while weekend.weekday() < 5 or working_calendar.is_working_day(weekend):
        weekend += datetime.timedelta(days=1)
    return first, second, weekend


@pytest.fixture
def day(soon):
    return ReceptionDayFactory(
        official=OfficialFactory(full_name="Төлеуов Асқар Нұрланұлы"), date=soon[0]
    )


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def edit_url(day):
    return reverse("wagtailsnippets_booking_receptionday:edit", args=[day.pk])


def listing(client, **params):
    return html_of(client.get(reverse("wagtailsnippets_booking_receptionday:list"), params))


@pytest.mark.rule("R20")
class TestCancel:
    def test_cancel_form_names_the_day(self, editor, day):
        html = html_of(editor.get(f"/admin/reception/days/{day.pk}/cancel/"))
        assert "Төлеуов Асқар Нұрланұлы" in html
        assert 'name="reason"' in html

    def test_cancelling_with_a_reason_keeps_the_day_listed_as_cancelled(self, editor, day):
        response = editor.post(
            f"/admin/reception/days/{day.pk}/cancel/",
            {"reason": ChangeReason.ILLNESS, "note": "Ауырып қалды"},
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailsnippets_booking_receptionday:list")

        day.refresh_from_db()
        assert day.status == DayStatus.CANCELLED
        assert (day.change_reason, day.change_note) == (ChangeReason.ILLNESS, "Ауырып қалды")
        assert day.sequence == 1
        html = listing(editor)
        assert edit_url(day) in html
        # A cancelled day offers no second cancel.
        assert f"/admin/reception/days/{day.pk}/cancel/" not in html

    def test_cancelling_without_a_known_reason_shows_an_error_and_changes_nothing(
        self, editor, day
    ):
        response = editor.post(f"/admin/reception/days/{day.pk}/cancel/", {"reason": "whim"})
        assert response.status_code == 200
        assert "reason" in response.context["form"].errors
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED

    def test_cancelling_a_cancelled_day_again_is_refused_in_the_form(self, editor, day):
        cancel_day(day, ChangeReason.ILLNESS)
        response = editor.post(
            f"/admin/reception/days/{day.pk}/cancel/", {"reason": ChangeReason.OTHER}
        )
        html = html_of(response)
        assert response.context["form"].non_field_errors()
        assert 'role="alert"' in html
        day.refresh_from_db()
        assert day.change_reason == ChangeReason.ILLNESS

    def test_someone_without_permission_cannot_cancel(self, client, django_user_model, day):
        from django.contrib.auth.models import Permission

        user = django_user_model.objects.create_user("viewer", password="x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        response = client.post(
            f"/admin/reception/days/{day.pk}/cancel/", {"reason": ChangeReason.ILLNESS}
        )
        assert response.status_code in (302, 403)
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED


@pytest.mark.rule("R20")
class TestMove:
    def test_moving_creates_a_new_day_and_marks_the_old_one_moved(self, editor, day, soon):
        response = editor.post(
            f"/admin/reception/days/{day.pk}/move/",
            {
                "date": soon[1].isoformat(),
                "start_time": "15:00",
                "end_time": "17:00",
                "venue": "",
                "reason": ChangeReason.BUSINESS_TRIP,
                "note": "",
            },
        )
        assert response.status_code == 302

        day.refresh_from_db()
        new_day = day.moved_to
        assert day.status == DayStatus.MOVED
        assert day.change_reason == ChangeReason.BUSINESS_TRIP
        assert new_day is not None
        assert (new_day.date, new_day.start_time, new_day.end_time) == (soon[1], T(15), T(17))
        assert (new_day.official, new_day.venue) == (day.official, day.venue)
        assert new_day.status == DayStatus.SCHEDULED

    @pytest.mark.parametrize("target", ["weekend", "holiday"])
    def test_moving_to_a_non_working_day_shows_the_error_and_changes_nothing(
        self, editor, day, soon, working_calendar, target
    ):
        if target == "weekend":
            bad_date = soon[2]
        else:
            bad_date = soon[1]
            WorkingDayOverride.objects.create(
                date=bad_date,
                kind=OverrideKind.DAY_OFF,
                name_kk="Ауыстырылған демалыс күні",
                name_ru="Перенесённый выходной день",
            )
        html = html_of(
            editor.post(
                f"/admin/reception/days/{day.pk}/move/",
                {
                    "date": bad_date.isoformat(),
                    "start_time": "15:00",
                    "end_time": "17:00",
                    "reason": ChangeReason.BUSINESS_TRIP,
                },
            )
        )
        reason = WorkingCalendar.from_db().non_working_reason(bad_date, "kk")
        ru_reason = WorkingCalendar.from_db().non_working_reason(bad_date, "ru")
        assert reason in html or ru_reason in html
        assert f'value="{bad_date.isoformat()}"' in html  # what the editor typed is kept
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED
        assert (day.moved_to, day.change_reason, day.sequence) == (None, "", 0)
        assert ReceptionDay.objects.count() == 1

    def test_moving_onto_another_reception_of_the_official_is_refused(self, editor, day, soon):
        ReceptionDayFactory(
            official=day.official, venue=day.venue, date=soon[1], start_time=T(15), end_time=T(17)
        )
        html = html_of(
            editor.post(
                f"/admin/reception/days/{day.pk}/move/",
                {
                    "date": soon[1].isoformat(),
                    "start_time": "16:00",
                    "end_time": "18:00",
                    "reason": ChangeReason.OTHER,
                },
            )
        )
        assert "15:00–17:00" in html
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED
        assert ReceptionDay.objects.count() == 2


class TestRulePreview:
    @pytest.mark.rule("R31")
    def test_preview_lists_the_holidays_the_rule_skips(self, editor, working_calendar):
        # Twelve months ahead always hold public holidays on weekdays.
        settings = ReceptionSettings.load()
        settings.schedule_horizon_months = 12
        settings.save()
        today = timezone.localdate()
        holiday = min(
            day
            for year in (today.year, today.year + 1)
            for day in _package_year(year)[0]
            if day > today and day.weekday() < 5
        )
        rule = ScheduleRuleFactory(weekday=WEEKDAY_CODES[holiday.weekday()], valid_from=today)

        html = html_of(editor.get(f"/admin/reception/rules/{rule.pk}/preview/"))

        assert f"RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY={rule.weekday}" in html
        names = {
            working_calendar.non_working_reason(holiday, "kk"),
            working_calendar.non_working_reason(holiday, "ru"),
        }
        assert any(name in html for name in names), names
        rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", html, re.S)
        skipped = [row for row in rows if any(name in row[1] for name in names)]
        assert len(skipped) >= 1
        assert ReceptionDay.objects.count() == 0  # a preview creates nothing

    def test_creating_the_days_from_the_preview(self, editor, working_calendar):
        rule = ScheduleRuleFactory(weekday="TU", valid_from=timezone.localdate())
        response = editor.post(f"/admin/reception/rules/{rule.pk}/preview/")
        assert response.status_code == 302
        days = ReceptionDay.objects.filter(rule=rule)
        assert days.count() > 0
        assert all(working_calendar.is_working_day(d.date) for d in days)
        assert {d.date.weekday() for d in days} == {1}


class TestDayListing:
    @pytest.fixture
    def spread(self, working_calendar):
        today = timezone.localdate()
        this_month = working_calendar.next_working_day(today)
        month_after = (this_month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        next_month = working_calendar.working_day_on_or_after(month_after)
        official = OfficialFactory()
        venue = VenueFactory()
        days = {
            "now": ReceptionDayFactory(official=official, venue=venue, date=this_month),
            "later": ReceptionDayFactory(official=official, venue=venue, date=next_month),
            "cancelled": ReceptionDayFactory(
                official=official, venue=venue, date=next_month, start_time=T(15), end_time=T(17)
            ),
        }
        cancel_day(days["cancelled"], ChangeReason.ILLNESS)
        return days

    def test_listing_filters_by_month(self, editor, spread):
        month = spread["later"].date
        html = listing(editor, month=f"{month:%Y-%m}")
        assert edit_url(spread["later"]) in html
        assert edit_url(spread["cancelled"]) in html
        assert edit_url(spread["now"]) not in html

    def test_listing_filters_by_status(self, editor, spread):
        html = listing(editor, status=DayStatus.CANCELLED)
        assert edit_url(spread["cancelled"]) in html
        assert edit_url(spread["now"]) not in html
        assert edit_url(spread["later"]) not in html

    def test_listing_filters_by_month_and_status_together(self, editor, spread):
        month = spread["later"].date
        html = listing(editor, month=f"{month:%Y-%m}", status=DayStatus.SCHEDULED)
        assert edit_url(spread["later"]) in html
        assert edit_url(spread["cancelled"]) not in html
        assert edit_url(spread["now"]) not in html

    def test_listing_shows_a_moved_day_beside_its_replacement(self, editor, spread, soon):
        new_day = move_day(
            spread["now"],
            date=soon[1],
            start_time=T(15),
            end_time=T(17),
            reason=ChangeReason.BUSINESS_TRIP,
        )
        html = listing(editor)
        assert edit_url(spread["now"]) in html
        assert edit_url(new_day) in html

    def test_day_filters_narrow_by_month_status_organisation_and_official(
        self, rf, spread, django_user_model
    ):
        other = ReceptionDayFactory(date=spread["now"].date)
        request = rf.get("/")
        request.user = django_user_model(is_superuser=True)
        official = spread["now"].official
        month = spread["later"].date

        def filtered(**data):
            filterset = ReceptionDayFilterSet(
                data=data, queryset=ReceptionDay.objects.all(), request=request
            )
            assert filterset.is_valid(), filterset.errors
            return set(filterset.qs)

        assert filtered(month=f"{month:%Y-%m}") == {spread["later"], spread["cancelled"]}
        assert filtered(status=DayStatus.CANCELLED) == {spread["cancelled"]}
        assert filtered(official=str(official.pk)) == {
            spread["now"],
            spread["later"],
            spread["cancelled"],
        }
        assert filtered(organisation=str(other.official.organisation.pk)) == {other}

    def test_listing_offers_cancel_and_move_for_scheduled_days(self, editor, spread):
        html = listing(editor)
        assert f"/admin/reception/days/{spread['now'].pk}/cancel/" in html
        assert f"/admin/reception/days/{spread['now'].pk}/move/" in html
        assert f"/admin/reception/days/{spread['cancelled'].pk}/move/" not in html


def test_rule_listing_shows_each_rule_with_its_preview_link(editor, working_calendar):
    rule = ScheduleRuleFactory(official=OfficialFactory(full_name="Ережесі бар Тұлға"))
    html = html_of(editor.get(reverse("wagtailsnippets_booking_schedulerule:list")))
    assert "Ережесі бар Тұлға" in html
    assert f"/admin/reception/rules/{rule.pk}/preview/" in html


class TestDayForm:
    def form_data(self, official, venue, day, **overrides):
        data = {
            "official": official.pk,
            "venue": venue.pk,
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "mode": "in_person",
            "capacity": 10,
            "kind": "schedule",
            "basis": "",
        }
        data.update(overrides)
        return data

    def test_adding_a_day_by_hand(self, editor, soon):
        official, venue = OfficialFactory(), VenueFactory()
        response = editor.post(
            reverse("wagtailsnippets_booking_receptionday:add"),
            self.form_data(official, venue, soon[0]),
        )
        assert response.status_code == 302
        assert ReceptionDay.objects.get().official == official

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"start_time": ""}, "start_time"),
            ({"end_time": ""}, "end_time"),
            ({"start_time": "12:00", "end_time": "10:00"}, "end_time"),
            ({"capacity": "0"}, "capacity"),
        ],
    )
    def test_bad_day_shows_errors_and_saves_nothing(self, editor, soon, overrides, field):
        official, venue = OfficialFactory(), VenueFactory()
        ReceptionDayFactory(
            official=official, venue=venue, date=soon[0], start_time=T(15), end_time=T(17)
        )
        response = editor.post(
            reverse("wagtailsnippets_booking_receptionday:add"),
            self.form_data(official, venue, soon[0], **overrides),
        )
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert ReceptionDay.objects.count() == 1

    @pytest.mark.rule("R31")
    def test_day_on_a_weekend_shows_the_reason(self, editor, soon):
        official, venue = OfficialFactory(), VenueFactory()
        response = editor.post(
            reverse("wagtailsnippets_booking_receptionday:add"),
            self.form_data(official, venue, soon[2]),
        )
        assert response.status_code == 200
        assert "date" in response.context["form"].errors
        assert ReceptionDay.objects.count() == 0


class TestReports:
    @pytest.mark.rule("R03")
    def test_gaps_report_lists_an_official_without_a_reception_in_a_month(
        self, editor, working_calendar
    ):
        today = timezone.localdate()
        absent = OfficialFactory(full_name="Қабылдамайтын Лауазымды Тұлға")
        present = OfficialFactory(full_name="Әр айда қабылдайтын Тұлға")
        venue = VenueFactory()
        month = today.replace(day=1)
        end = rules.horizon_end(today)
        while month <= end:
            ReceptionDayFactory(
                official=present, venue=venue, date=working_calendar.working_day_on_or_after(month)
            )
            month = (month + datetime.timedelta(days=32)).replace(day=1)

        html = html_of(editor.get("/admin/reception/gaps/"))

        assert "Қабылдамайтын Лауазымды Тұлға" in html
        assert "Әр айда қабылдайтын Тұлға" not in html
        gaps = reports.months_without_reception()
        assert {gap.official for gap in gaps} == {absent}
        assert gaps[0].month == today.replace(day=1)

    @pytest.mark.rule("R03")
    def test_cancelled_day_leaves_a_gap(self, editor, working_calendar):
        """An official with a day in every month of the horizon has no gap until the only day
        of one month is cancelled: then that month, and only that one, is a gap."""
        today = timezone.localdate()
        official = OfficialFactory(full_name="Ауырып қалған Тұлға")
        venue = VenueFactory()
        month, days = today.replace(day=1), []
        while month <= rules.horizon_end(today):
            day = working_calendar.working_day_on_or_after(max(month, today))
            if day.month != month.month:  # the month's last working days are behind us
                day = working_calendar.working_day_on_or_after(month)
            days.append(ReceptionDayFactory(official=official, venue=venue, date=day))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        assert reports.months_without_reception() == []
        assert "Ауырып қалған Тұлға" not in html_of(editor.get("/admin/reception/gaps/"))

        cancel_day(days[1], ChangeReason.ILLNESS)
        gaps = reports.months_without_reception()
        assert [(gap.official, gap.month) for gap in gaps] == [
            (official, days[1].date.replace(day=1))
        ]
        assert "Ауырып қалған Тұлға" in html_of(editor.get("/admin/reception/gaps/"))

    @pytest.mark.rule("R01")
    def test_untranslated_report_lists_an_official_without_a_russian_version(self, editor):
        organisation = OrganisationFactory(name="Аударылған басқарма")
        translate(organisation, name="Переведённое управление")
        lonely = OfficialFactory(full_name="Аудармасы жоқ Тұлға", organisation=organisation)
        done = OfficialFactory(full_name="Аударылған Тұлға", organisation=organisation)
        translate(done, full_name="Переведённое Лицо")

        html = html_of(editor.get("/admin/reception/untranslated/"))

        assert "Аудармасы жоқ Тұлға" in html
        assert "Аударылған Тұлға" not in html and "Переведённое Лицо" not in html
        assert "Аударылған басқарма" not in html
        assert str(lonely) in html

    @pytest.mark.rule("R01")
    def test_untranslated_report_lists_an_organisation_without_a_russian_version(self, editor):
        OrganisationFactory(name="Тек қазақша басқарма")
        html = html_of(editor.get("/admin/reception/untranslated/"))
        assert "Тек қазақша басқарма" in html


class TestCreateRule:
    def form_data(self, official, venue, **overrides):
        data = {
            "official": official.pk,
            "venue": venue.pk,
            "frequency": Frequency.WEEKLY,
            "interval": 1,
            "weekday": "TU",
            "week_of_month": "",
            "day_of_month": "",
            "start_time": "10:00",
            "end_time": "12:00",
            "mode": "in_person",
            "capacity": 10,
            "valid_from": timezone.localdate().isoformat(),
            "valid_until": "",
            "is_active": "on",
        }
        data.update(overrides)
        return data

    def test_creating_a_rule_creates_its_reception_days(self, editor, working_calendar):
        official, venue = OfficialFactory(), VenueFactory()
        response = editor.post(
            reverse("wagtailsnippets_booking_schedulerule:add"), self.form_data(official, venue)
        )
        assert response.status_code == 302
        rule = ScheduleRule.objects.get()
        days = ReceptionDay.objects.filter(rule=rule)
        assert days.count() >= 10  # three months of Tuesdays, less holidays
        assert {d.date.weekday() for d in days} == {1}
        assert all(working_calendar.is_working_day(d.date) for d in days)
        assert {(d.official_id, d.start_time) for d in days} == {(official.pk, T(10))}

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"start_time": "12:00", "end_time": "10:00"}, "end_time"),
            ({"weekday": ""}, "weekday"),
            ({"frequency": Frequency.MONTHLY_WEEKDAY, "week_of_month": ""}, "week_of_month"),
            ({"frequency": Frequency.MONTHLY_DAY, "day_of_month": "31"}, "day_of_month"),
            ({"valid_until": "2000-01-01"}, "valid_until"),
            ({"interval": "0"}, "interval"),
            ({"frequency": ""}, "frequency"),
            ({"frequency": "daily"}, "frequency"),
        ],
    )
    def test_invalid_rule_shows_errors_and_saves_nothing(
        self, editor, working_calendar, overrides, field
    ):
        official, venue = OfficialFactory(), VenueFactory()
        with fails_after(10):
            response = editor.post(
                reverse("wagtailsnippets_booking_schedulerule:add"),
                self.form_data(official, venue, **overrides),
            )
        assert response.status_code == 200
        form = response.context["form"]
        assert field in form.errors
        assert ScheduleRule.objects.count() == 0
        assert ReceptionDay.objects.count() == 0

    def test_rule_that_would_create_nothing_is_refused(self, editor, working_calendar):
        official, venue = OfficialFactory(), VenueFactory()
        WorkingDayOverride.objects.create(
            date=datetime.date(2030, 1, 8),
            kind=OverrideKind.DAY_OFF,
            name_kk="Демалыс",
            name_ru="Выходной",
        )
        response = editor.post(
            reverse("wagtailsnippets_booking_schedulerule:add"),
            self.form_data(official, venue, valid_from="2030-01-08", valid_until="2030-01-08"),
        )
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert ScheduleRule.objects.count() == 0

    def test_editing_a_rules_time_updates_its_days(self, editor, working_calendar):
        rule = ScheduleRuleFactory(weekday="TU", valid_from=timezone.localdate())
        rules.generate_days(rule)
        response = editor.post(
            reverse("wagtailsnippets_booking_schedulerule:edit", args=[rule.pk]),
            self.form_data(rule.official, rule.venue, start_time="15:00", end_time="17:00"),
        )
        assert response.status_code == 302
        days = ReceptionDay.objects.filter(rule=rule)
        assert days.exists()
        assert {(d.start_time, d.end_time, d.sequence) for d in days} == {(T(15), T(17), 1)}
