"""Recurring schedule rules and the reception days they create; validating, cancelling and moving
days (R03, R20, R31)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from booking.domain import rules
from booking.domain.days import cancel_day, move_day, validate_day
from booking.enums import ChangeReason, DayStatus, Frequency, OverrideKind
from booking.models import ReceptionDay, ReceptionSettings, WorkingDayOverride
from tests.factories import (
    OfficialFactory,
    ReceptionDayFactory,
    ScheduleRuleFactory,
    VenueFactory,
    translate,
)
from tests.helpers import fails_after

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
TODAY = D(2026, 3, 1)  # a Sunday; the horizon (3 months) runs to 1 June 2026

# Mondays from 2 March to 1 June 2026, less 9 March (Women's Day observed), 23 March (Nauryz)
# and 11 May (Victory Day observed).
WORKING_MONDAYS = [
    D(2026, 3, 2),
    D(2026, 3, 16),
    D(2026, 3, 30),
    D(2026, 4, 6),
    D(2026, 4, 13),
    D(2026, 4, 20),
    D(2026, 4, 27),
    D(2026, 5, 4),
    D(2026, 5, 18),
    D(2026, 5, 25),
    D(2026, 6, 1),
]


def days_of(rule):
    return list(ReceptionDay.objects.filter(rule=rule).order_by("date"))


@pytest.fixture
def monday_rule():
    return ScheduleRuleFactory(weekday="MO", valid_from=TODAY)


class TestGeneration:
    @pytest.mark.rule("R31")
    def test_weekly_rule_skips_nauryz_and_other_holidays(self, monday_rule):
        result = rules.generate_days(monday_rule, today=TODAY)

        dates = [day.date for day in days_of(monday_rule)]
        assert dates == WORKING_MONDAYS
        assert D(2026, 3, 23) not in dates
        assert (result.created, result.skipped, result.updated, result.cancelled) == (11, 3, 0, 0)

    def test_generated_days_carry_the_rules_time_place_and_mode(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        day = days_of(monday_rule)[0]
        assert (day.official, day.venue) == (monday_rule.official, monday_rule.venue)
        assert (day.start_time, day.end_time) == (T(10), T(12))
        assert day.status == DayStatus.SCHEDULED
        assert day.rule_occurrence == day.date

    def test_running_generation_twice_creates_nothing_twice(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        before = {day.pk: (day.public_id, day.sequence) for day in days_of(monday_rule)}

        again = rules.generate_days(monday_rule, today=TODAY)

        assert (again.created, again.updated, again.cancelled) == (0, 0, 0)
        after = {day.pk: (day.public_id, day.sequence) for day in days_of(monday_rule)}
        assert after == before

    def test_daily_task_runs_every_rule_without_duplicates(self, monday_rule):
        ScheduleRuleFactory(weekday="TU", valid_from=TODAY)
        first = rules.extend_all_schedules(today=TODAY)
        second = rules.extend_all_schedules(today=TODAY)
        assert first.created == ReceptionDay.objects.count() > len(WORKING_MONDAYS)
        assert second.created == 0

    def test_horizon_follows_the_reception_settings(self, monday_rule):
        settings = ReceptionSettings.load()
        settings.schedule_horizon_months = 1
        settings.save()

        rules.generate_days(monday_rule, today=TODAY)

        assert [day.date for day in days_of(monday_rule)] == [
            D(2026, 3, 2),
            D(2026, 3, 16),
            D(2026, 3, 30),
        ]

    def test_day_changed_by_hand_is_kept_when_the_rule_changes(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        by_hand = days_of(monday_rule)[2]
        by_hand.start_time, by_hand.end_time = T(15), T(17)
        by_hand.save()
        by_hand.refresh_from_db()
        assert by_hand.edited_by_hand
        assert by_hand.sequence == 1

        monday_rule.start_time, monday_rule.end_time = T(9, 30), T(11, 30)
        monday_rule.save()
        rules.generate_days(monday_rule, today=TODAY)

        by_hand.refresh_from_db()
        assert (by_hand.start_time, by_hand.end_time, by_hand.sequence) == (T(15), T(17), 1)
        others = [day for day in days_of(monday_rule) if day.pk != by_hand.pk]
        assert {(day.start_time, day.end_time) for day in others} == {(T(9, 30), T(11, 30))}

    def test_changing_the_rules_time_updates_its_days_and_raises_their_sequence(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        ids = {day.pk: day.public_id for day in days_of(monday_rule)}

        monday_rule.start_time, monday_rule.end_time = T(15), T(18)
        monday_rule.save()
        result = rules.generate_days(monday_rule, today=TODAY)

        days = days_of(monday_rule)
        assert result.updated == len(WORKING_MONDAYS)
        assert result.created == 0
        assert {day.pk: day.public_id for day in days} == ids  # same UIDs for calendars
        assert {(day.start_time, day.end_time) for day in days} == {(T(15), T(18))}
        assert {day.sequence for day in days} == {1}
        assert not any(day.edited_by_hand for day in days)

    def test_changing_only_the_places_does_not_disturb_calendars(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        monday_rule.capacity = 25
        monday_rule.save()
        rules.generate_days(monday_rule, today=TODAY)
        days = days_of(monday_rule)
        assert {day.capacity for day in days} == {25}
        assert {day.sequence for day in days} == {0}

    @pytest.mark.rule("R20")
    def test_days_the_rule_no_longer_names_are_cancelled_not_deleted(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        mondays = {day.pk for day in days_of(monday_rule)}

        monday_rule.weekday = "TU"
        monday_rule.save()
        result = rules.generate_days(monday_rule, today=TODAY)

        assert result.cancelled == len(WORKING_MONDAYS)
        old = ReceptionDay.objects.filter(pk__in=mondays)
        assert old.count() == len(WORKING_MONDAYS)
        assert {day.status for day in old} == {DayStatus.CANCELLED}
        assert {day.change_reason for day in old} == {ChangeReason.SCHEDULE_CHANGED}
        assert {day.sequence for day in old} == {1}
        tuesdays = ReceptionDay.objects.filter(rule=monday_rule).exclude(pk__in=mondays)
        assert {day.date.weekday() for day in tuesdays} == {1}
        assert {day.status for day in tuesdays} == {DayStatus.SCHEDULED}

    def test_rule_changed_back_restores_the_days_it_had_cancelled(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        uids = {day.date: day.public_id for day in days_of(monday_rule)}
        monday_rule.weekday = "TU"
        monday_rule.save()
        rules.generate_days(monday_rule, today=TODAY)

        monday_rule.weekday = "MO"
        monday_rule.save()
        rules.generate_days(monday_rule, today=TODAY)

        active = ReceptionDay.objects.filter(rule=monday_rule).active().order_by("date")
        assert [day.date for day in active] == WORKING_MONDAYS
        # The same events come back for subscribed calendars, with a new revision.
        assert {day.date: day.public_id for day in active} == uids
        assert {day.sequence for day in active} == {2}
        assert {day.change_reason for day in active} == {""}
        tuesdays = ReceptionDay.objects.filter(rule=monday_rule, date__week_day=3)
        assert {day.status for day in tuesdays} == {DayStatus.CANCELLED}

    def test_day_an_editor_cancelled_stays_cancelled_when_the_rule_runs_again(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        day = days_of(monday_rule)[3]
        cancel_day(day, ChangeReason.SCHEDULE_CHANGED)

        rules.generate_days(monday_rule, today=TODAY)
        monday_rule.start_time, monday_rule.end_time = T(15), T(17)
        monday_rule.save()
        rules.generate_days(monday_rule, today=TODAY)

        day.refresh_from_db()
        assert day.status == DayStatus.CANCELLED
        assert (day.start_time, day.sequence) == (T(10), 1)

    @pytest.mark.rule("R20")
    def test_deactivated_rule_cancels_its_future_days_but_keeps_past_ones(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        monday_rule.is_active = False
        monday_rule.save()

        rules.generate_days(monday_rule, today=D(2026, 4, 1))

        days = days_of(monday_rule)
        assert len(days) == len(WORKING_MONDAYS)
        assert {d.status for d in days if d.date < D(2026, 4, 1)} == {DayStatus.SCHEDULED}
        assert {d.status for d in days if d.date >= D(2026, 4, 1)} == {DayStatus.CANCELLED}

    def test_past_days_are_not_rewritten_when_the_rule_changes(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        monday_rule.start_time, monday_rule.end_time = T(15), T(18)
        monday_rule.save()

        rules.generate_days(monday_rule, today=D(2026, 4, 1))

        days = days_of(monday_rule)
        assert {(d.start_time, d.sequence) for d in days if d.date < D(2026, 4, 1)} == {(T(10), 0)}
        assert {d.start_time for d in days if d.date >= D(2026, 4, 1)} == {T(15)}

    @pytest.mark.rule("R31", "R20")
    def test_day_off_decreed_after_generation_cancels_that_days_reception(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        WorkingDayOverride.objects.create(
            date=D(2026, 4, 13),
            kind=OverrideKind.DAY_OFF,
            name_kk="Ауыстырылған демалыс күні",
            name_ru="Перенесённый выходной день",
        )

        rules.generate_days(monday_rule, today=TODAY)

        day = ReceptionDay.objects.get(rule=monday_rule, date=D(2026, 4, 13))
        assert day.status == DayStatus.CANCELLED

    @pytest.mark.rule("R31")
    def test_saturday_made_working_by_decree_gets_a_monthly_day(self):
        WorkingDayOverride.objects.create(
            date=D(2026, 3, 28),
            kind=OverrideKind.WORKING_DAY,
            name_kk="Жұмыс күні",
            name_ru="Рабочий день",
        )
        rule = ScheduleRuleFactory(
            frequency=Frequency.MONTHLY_DAY, weekday="", day_of_month=28, valid_from=TODAY
        )
        rules.generate_days(rule, today=TODAY)
        # 28 March is a decreed working Saturday, 28 April a Tuesday, 28 May a Thursday.
        assert [day.date for day in days_of(rule)] == [
            D(2026, 3, 28),
            D(2026, 4, 28),
            D(2026, 5, 28),
        ]

    def test_rule_moved_to_another_official_moves_the_days_it_still_owns(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        successor = OfficialFactory(organisation=monday_rule.official.organisation)

        monday_rule.official = successor
        monday_rule.save()
        rules.generate_days(monday_rule, today=TODAY)

        active = ReceptionDay.objects.filter(rule=monday_rule).active()
        assert active.count() == len(WORKING_MONDAYS)
        assert {day.official_id for day in active} == {successor.pk}


class TestRuleDates:
    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"weekday": "WE", "interval": 2}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
            (
                {"frequency": Frequency.MONTHLY_WEEKDAY, "week_of_month": 2, "weekday": "TU"},
                "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU",
            ),
            (
                {"frequency": Frequency.MONTHLY_WEEKDAY, "week_of_month": -1, "weekday": "FR"},
                "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR",
            ),
            (
                {"frequency": Frequency.MONTHLY_DAY, "weekday": "", "day_of_month": 20},
                "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=20",
            ),
        ],
    )
    def test_rule_is_written_as_an_rfc5545_rrule(self, fields, expected):
        rule = ScheduleRuleFactory.build(**fields)
        assert rule.to_rrule() == expected

    def test_description_of_an_every_other_month_rule_says_so(self):
        monthly = ScheduleRuleFactory.build(
            frequency=Frequency.MONTHLY_WEEKDAY, week_of_month=2, weekday="TU", interval=1
        )
        every_other = ScheduleRuleFactory.build(
            frequency=Frequency.MONTHLY_WEEKDAY, week_of_month=2, weekday="TU", interval=2
        )
        day_monthly = ScheduleRuleFactory.build(
            frequency=Frequency.MONTHLY_DAY, weekday="", day_of_month=20, interval=1
        )
        day_every_third = ScheduleRuleFactory.build(
            frequency=Frequency.MONTHLY_DAY, weekday="", day_of_month=20, interval=3
        )
        for language in ("kk", "ru"):
            with translation.override(language):
                assert every_other.describe() != monthly.describe()
                assert day_every_third.describe() != day_monthly.describe()

    def test_second_tuesday_of_each_month(self):
        rule = ScheduleRuleFactory.build(
            frequency=Frequency.MONTHLY_WEEKDAY, week_of_month=2, weekday="TU", valid_from=TODAY
        )
        assert rules.rule_dates(rule, D(2026, 3, 1), D(2026, 6, 30)) == [
            D(2026, 3, 10),
            D(2026, 4, 14),
            D(2026, 5, 12),
            D(2026, 6, 9),
        ]

    def test_every_other_wednesday_counts_from_the_rules_start(self):
        rule = ScheduleRuleFactory.build(weekday="WE", interval=2, valid_from=D(2026, 3, 4))
        assert rules.rule_dates(rule, D(2026, 3, 10), D(2026, 4, 10)) == [
            D(2026, 3, 18),
            D(2026, 4, 1),
        ]

    def test_rule_ends_on_its_last_day(self):
        rule = ScheduleRuleFactory.build(valid_from=TODAY, valid_until=D(2026, 3, 20))
        assert rules.rule_dates(rule, TODAY, D(2026, 6, 1)) == [
            D(2026, 3, 2),
            D(2026, 3, 9),
            D(2026, 3, 16),
        ]

    @pytest.mark.rule("R31")
    def test_preview_marks_nauryz_as_skipped_with_its_name(self, monday_rule):
        preview = rules.preview_rule(monday_rule, TODAY, D(2026, 3, 31))
        nauryz = next(item for item in preview if item.date == D(2026, 3, 23))
        assert not nauryz.working
        with translation.override("ru"):
            preview_ru = rules.preview_rule(monday_rule, TODAY, D(2026, 3, 31))
        assert next(i for i in preview_ru if i.date == D(2026, 3, 23)).reason == "Наурыз мейрамы"
        assert [item.date for item in preview if item.working] == [
            D(2026, 3, 2),
            D(2026, 3, 16),
            D(2026, 3, 30),
        ]


class TestRuleValidation:
    def test_valid_rule_passes(self, monday_rule):
        monday_rule.full_clean()
        rules.validate_rule(monday_rule)

    @pytest.mark.rule("R03")
    def test_rule_that_creates_nothing_is_refused(self):
        # Its only date is Monday 23 March 2026, Nauryz.
        rule = ScheduleRuleFactory(valid_from=D(2026, 3, 23), valid_until=D(2026, 3, 23))
        with translation.override("ru"), pytest.raises(ValidationError) as caught:
            rules.validate_rule(rule)
        with translation.override("ru"):
            message = gettext("This rule creates no reception day on a working day within a year.")
        assert caught.value.messages == [message]

    def test_rule_ending_before_it_starts_is_refused(self):
        rule = ScheduleRuleFactory.build(
            start_time=T(15), end_time=T(12), valid_from=D(2026, 5, 1), valid_until=D(2026, 4, 1)
        )
        with pytest.raises(ValidationError) as caught:
            rules.validate_rule(rule)
        assert set(caught.value.message_dict) == {"end_time", "valid_until"}

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"frequency": Frequency.WEEKLY, "weekday": ""}, "weekday"),
            ({"frequency": Frequency.MONTHLY_WEEKDAY, "weekday": ""}, "weekday"),
            (
                {"frequency": Frequency.MONTHLY_WEEKDAY, "weekday": "TU", "week_of_month": None},
                "week_of_month",
            ),
            (
                {"frequency": Frequency.MONTHLY_DAY, "weekday": "", "day_of_month": 29},
                "day_of_month",
            ),
            (
                {"frequency": Frequency.MONTHLY_DAY, "weekday": "", "day_of_month": None},
                "day_of_month",
            ),
        ],
    )
    def test_rule_missing_what_it_needs_is_refused(self, fields, field):
        rule = ScheduleRuleFactory.build(**fields)
        with pytest.raises(ValidationError) as caught:
            rules.validate_rule(rule)
        assert field in caught.value.message_dict

    def test_rule_repeating_every_zero_weeks_is_refused_at_once(self):
        rule = ScheduleRuleFactory.build(interval=0)
        with fails_after(10), pytest.raises(ValidationError) as caught:
            rule.full_clean(exclude=["official", "venue"])
        assert "interval" in caught.value.message_dict

    def test_rule_without_a_frequency_is_refused_not_crashed(self):
        rule = ScheduleRuleFactory.build(frequency="")
        with pytest.raises(ValidationError) as caught:
            rule.full_clean(exclude=["official", "venue"])
        assert "frequency" in caught.value.message_dict

    def test_validation_reports_the_rules_errors(self):
        rule = ScheduleRuleFactory(weekday="")
        with pytest.raises(ValidationError) as caught:
            rules.validate_rule(rule)
        assert "weekday" in caught.value.message_dict


class TestDayValidation:
    def test_day_ending_before_it_starts_is_refused(self):
        day = ReceptionDayFactory.build(
            official=OfficialFactory(), venue=VenueFactory(), start_time=T(12), end_time=T(10)
        )
        with pytest.raises(ValidationError) as caught:
            validate_day(day)
        assert "end_time" in caught.value.message_dict

    def test_overlapping_days_of_one_official_are_refused(self):
        existing = ReceptionDayFactory(start_time=T(10), end_time=T(12))
        day = ReceptionDayFactory.build(
            official=existing.official,
            venue=existing.venue,
            date=existing.date,
            start_time=T(11),
            end_time=T(13),
        )
        with pytest.raises(ValidationError) as caught:
            validate_day(day)
        assert "10:00–12:00" in str(caught.value)

    def test_overlap_is_found_through_the_officials_russian_version(self):
        existing = ReceptionDayFactory(start_time=T(10), end_time=T(12))
        official_ru = translate(existing.official, full_name="Серикбаев Ерлан")
        day = ReceptionDayFactory.build(
            official=official_ru,
            venue=existing.venue,
            date=existing.date,
            start_time=T(9),
            end_time=T(10, 30),
        )
        with pytest.raises(ValidationError):
            validate_day(day)

    def test_back_to_back_days_and_other_officials_do_not_clash(self):
        existing = ReceptionDayFactory(start_time=T(10), end_time=T(12))
        validate_day(
            ReceptionDayFactory.build(
                official=existing.official,
                venue=existing.venue,
                date=existing.date,
                start_time=T(12),
                end_time=T(13),
            )
        )
        validate_day(
            ReceptionDayFactory.build(
                official=OfficialFactory(),
                venue=existing.venue,
                date=existing.date,
                start_time=T(10),
                end_time=T(12),
            )
        )

    def test_cancelled_day_frees_its_time(self):
        existing = ReceptionDayFactory(start_time=T(10), end_time=T(12))
        cancel_day(existing, ChangeReason.ILLNESS)
        validate_day(
            ReceptionDayFactory.build(
                official=existing.official,
                venue=existing.venue,
                date=existing.date,
                start_time=T(10),
                end_time=T(12),
            )
        )

    @pytest.mark.rule("R31")
    def test_day_on_a_holiday_is_refused_with_the_holidays_name(self):
        day = ReceptionDayFactory.build(
            official=OfficialFactory(), venue=VenueFactory(), date=D(2026, 12, 16)
        )
        with translation.override("ru"), pytest.raises(ValidationError) as caught:
            validate_day(day)
        assert "date" in caught.value.message_dict
        assert "День Независимости" in caught.value.message_dict["date"][0]

    @pytest.mark.rule("R31")
    def test_day_on_a_weekend_is_refused(self):
        day = ReceptionDayFactory.build(
            official=OfficialFactory(), venue=VenueFactory(), date=D(2026, 11, 28)
        )
        with pytest.raises(ValidationError) as caught:
            validate_day(day)
        assert "date" in caught.value.message_dict


@pytest.mark.rule("R20")
class TestCancelAndMove:
    def test_cancelled_day_stays_with_its_reason_and_a_new_revision(self):
        day = ReceptionDayFactory()
        cancel_day(day, ChangeReason.ILLNESS, "Ауырып қалды")
        day.refresh_from_db()
        assert day.status == DayStatus.CANCELLED
        assert (day.change_reason, day.change_note) == (ChangeReason.ILLNESS, "Ауырып қалды")
        assert day.sequence == 1

    def test_cancelling_twice_is_refused(self):
        day = ReceptionDayFactory()
        cancel_day(day, ChangeReason.ILLNESS)
        with pytest.raises(ValidationError):
            cancel_day(day, ChangeReason.ILLNESS)

    def test_cancelling_needs_a_known_reason(self):
        day = ReceptionDayFactory()
        with pytest.raises(ValidationError):
            cancel_day(day, "holiday")
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED

    def test_moved_day_points_to_the_new_one(self):
        day = ReceptionDayFactory(date=D(2026, 12, 15))
        new_day = move_day(
            day,
            date=D(2026, 12, 17),
            start_time=T(15),
            end_time=T(17),
            reason=ChangeReason.BUSINESS_TRIP,
        )
        day.refresh_from_db()
        assert day.status == DayStatus.MOVED
        assert day.moved_to == new_day
        assert day.change_reason == ChangeReason.BUSINESS_TRIP
        assert day.sequence == 1
        assert new_day.status == DayStatus.SCHEDULED
        assert (new_day.official, new_day.venue) == (day.official, day.venue)
        assert (new_day.date, new_day.start_time) == (D(2026, 12, 17), T(15))
        assert new_day.public_id != day.public_id

    def test_day_may_move_to_a_later_hour_overlapping_its_old_time(self):
        day = ReceptionDayFactory(date=D(2026, 12, 15), start_time=T(10), end_time=T(12))
        new_day = move_day(
            day,
            date=D(2026, 12, 15),
            start_time=T(11),
            end_time=T(13),
            reason=ChangeReason.OTHER,
        )
        assert new_day.start_time == T(11)

    @pytest.mark.parametrize("target", [D(2026, 12, 16), D(2026, 12, 19)])
    def test_move_to_a_non_working_day_is_refused_and_changes_nothing(self, target):
        day = ReceptionDayFactory(date=D(2026, 12, 15))
        with pytest.raises(ValidationError) as caught:
            move_day(
                day,
                date=target,
                start_time=T(10),
                end_time=T(12),
                reason=ChangeReason.BUSINESS_TRIP,
            )
        assert "date" in caught.value.message_dict
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED
        assert (day.change_reason, day.moved_to, day.sequence) == ("", None, 0)
        assert ReceptionDay.objects.count() == 1

    def test_move_onto_another_reception_of_the_official_is_refused(self):
        day = ReceptionDayFactory(date=D(2026, 12, 15))
        ReceptionDayFactory(
            official=day.official,
            venue=day.venue,
            date=D(2026, 12, 17),
            start_time=T(15),
            end_time=T(17),
        )
        with pytest.raises(ValidationError):
            move_day(
                day,
                date=D(2026, 12, 17),
                start_time=T(16),
                end_time=T(18),
                reason=ChangeReason.OTHER,
            )
        day.refresh_from_db()
        assert day.status == DayStatus.SCHEDULED
        assert ReceptionDay.objects.count() == 2

    def test_day_made_by_a_rule_and_then_moved_is_left_alone_by_the_rule(self, monday_rule):
        rules.generate_days(monday_rule, today=TODAY)
        day = days_of(monday_rule)[1]  # 16 March
        new_day = move_day(
            day, date=D(2026, 3, 17), start_time=T(10), end_time=T(12), reason=ChangeReason.OTHER
        )

        result = rules.generate_days(monday_rule, today=TODAY)

        day.refresh_from_db()
        assert result.created == 0
        assert day.status == DayStatus.MOVED
        assert day.moved_to == new_day
        assert ReceptionDay.objects.filter(date=D(2026, 3, 16)).count() == 1
