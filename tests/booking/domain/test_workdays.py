"""The working-day calendar (R31): Kazakhstan's public holidays, decreed transfers, and the
arithmetic every legal deadline is computed with."""

import datetime
import re

import pytest
from django.utils import translation

from booking.domain.workdays import WorkingCalendar
from booking.enums import OverrideKind
from booking.models import WorkingDayOverride

D = datetime.date


@pytest.fixture
def package_calendar():
    """The calendar of the holidays package alone, no decrees entered."""
    return WorkingCalendar()


@pytest.fixture
def decreed(db):
    """A decree moving a day off: Saturday 28 November 2026 is worked, Monday 30 November is off;
    and one making a package holiday's observed day a working day."""
    WorkingDayOverride.objects.create(
        date=D(2026, 11, 28),
        kind=OverrideKind.WORKING_DAY,
        name_kk="Жұмыс күні (демалыс 30 қарашаға ауыстырылды)",
        name_ru="Рабочий день (выходной перенесён на 30 ноября)",
        decree="ҚР Үкіметінің 2026 жылғы қаулысы",
    )
    WorkingDayOverride.objects.create(
        date=D(2026, 11, 30),
        kind=OverrideKind.DAY_OFF,
        name_kk="Ауыстырылған демалыс күні",
        name_ru="Перенесённый выходной день",
    )
    WorkingDayOverride.objects.create(
        date=D(2026, 3, 25),
        kind=OverrideKind.WORKING_DAY,
        name_kk="Жұмыс күні",
        name_ru="Рабочий день",
    )
    return WorkingCalendar.from_db()


@pytest.mark.rule("R31")
class TestHolidays:
    def test_nauryz_with_its_observed_days_is_off_from_21_to_25_march_2026(self, package_calendar):
        off = [D(2026, 3, day) for day in range(21, 26)]
        assert [package_calendar.is_working_day(day) for day in off] == [False] * 5
        assert package_calendar.is_working_day(D(2026, 3, 20))  # Friday before
        assert package_calendar.is_working_day(D(2026, 3, 26))  # Thursday after

    def test_independence_day_on_wednesday_16_december_2026_is_a_day_off(self, package_calendar):
        assert D(2026, 12, 16).weekday() == 2
        assert not package_calendar.is_working_day(D(2026, 12, 16))
        assert package_calendar.is_working_day(D(2026, 12, 15))
        assert package_calendar.is_working_day(D(2026, 12, 17))

    def test_new_year_holidays_and_weekend_push_first_working_day_to_5_january_2026(
        self, package_calendar
    ):
        for day in (D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3), D(2026, 1, 4)):
            assert not package_calendar.is_working_day(day)
        assert package_calendar.next_working_day(D(2025, 12, 31)) == D(2026, 1, 5)

    def test_new_year_on_a_saturday_gives_monday_4_january_2027_off(self, package_calendar):
        assert not package_calendar.is_working_day(D(2027, 1, 4))
        assert package_calendar.next_working_day(D(2026, 12, 31)) == D(2027, 1, 5)

    def test_ordinary_weekend_is_off_and_weekdays_work(self, package_calendar):
        assert not package_calendar.is_working_day(D(2026, 11, 21))  # Saturday
        assert not package_calendar.is_working_day(D(2026, 11, 22))  # Sunday
        assert package_calendar.is_working_day(D(2026, 11, 23))  # Monday

    def test_weekend_day_the_government_made_working_counts_as_working(self, package_calendar):
        # Decree: 3 January 2025 (Friday) off, Sunday 5 January 2025 worked instead. The
        # holidays package knows both halves of the transfer.
        assert not package_calendar.is_working_day(D(2025, 1, 3))
        assert package_calendar.is_working_day(D(2025, 1, 5))
        assert package_calendar.next_working_day(D(2025, 1, 4)) == D(2025, 1, 5)


@pytest.mark.rule("R31")
class TestDecreedTransfers:
    def test_saturday_made_working_by_decree_is_a_working_day(self, decreed):
        assert decreed.is_working_day(D(2026, 11, 28))
        assert decreed.next_working_day(D(2026, 11, 27)) == D(2026, 11, 28)

    def test_weekday_made_a_day_off_by_decree_is_not_working(self, decreed):
        assert not decreed.is_working_day(D(2026, 11, 30))
        assert decreed.next_working_day(D(2026, 11, 28)) == D(2026, 12, 1)

    def test_decree_wins_over_the_holidays_package(self, decreed, package_calendar):
        assert not package_calendar.is_working_day(D(2026, 3, 25))
        assert decreed.is_working_day(D(2026, 3, 25))

    def test_calendar_from_the_database_reads_the_decrees(self, decreed):
        calendar = WorkingCalendar.from_db()
        assert calendar.is_working_day(D(2026, 11, 28))
        assert not calendar.is_working_day(D(2026, 11, 30))
        assert calendar.next_working_day(D(2026, 11, 27)) == D(2026, 11, 28)
        assert calendar.add_working_days(D(2026, 11, 27), 2) == D(2026, 12, 1)
        assert calendar.working_days_between(D(2026, 11, 27), D(2026, 12, 1)) == 2

    def test_decree_gives_its_own_name_as_reason_in_each_language(self, decreed):
        assert decreed.non_working_reason(D(2026, 11, 30), "kk") == "Ауыстырылған демалыс күні"
        assert decreed.non_working_reason(D(2026, 11, 30), "ru") == "Перенесённый выходной день"
        assert decreed.non_working_reason(D(2026, 11, 28), "ru") is None


@pytest.mark.rule("R31")
class TestArithmetic:
    @pytest.mark.rule("R13")
    def test_fifteen_working_days_skip_nauryz(self, package_calendar):
        # Registered Monday 16 March 2026: 17-20 March (4), 26-27 (6), 30-31 (8),
        # 1-3 April (11), 6-9 April (15).
        assert package_calendar.add_working_days(D(2026, 3, 16), 15) == D(2026, 4, 9)

    @pytest.mark.rule("R13")
    def test_fifteen_working_days_skip_independence_day_and_new_year(self, package_calendar):
        # From Thursday 10 December 2026: 16 Dec, 1 and 4 Jan are off, as are weekends.
        assert package_calendar.add_working_days(D(2026, 12, 10), 15) == D(2027, 1, 5)

    def test_counting_back_skips_holidays_too(self, package_calendar):
        assert package_calendar.add_working_days(D(2026, 3, 26), -1) == D(2026, 3, 20)
        assert package_calendar.add_working_days(D(2026, 4, 9), -15) == D(2026, 3, 16)

    def test_zero_working_days_is_the_same_day(self, package_calendar):
        assert package_calendar.add_working_days(D(2026, 3, 21), 0) == D(2026, 3, 21)

    def test_working_days_between_counts_after_start_up_to_end(self, package_calendar):
        assert package_calendar.working_days_between(D(2026, 3, 20), D(2026, 3, 27)) == 2
        assert package_calendar.working_days_between(D(2026, 3, 27), D(2026, 3, 20)) == -2
        assert package_calendar.working_days_between(D(2026, 3, 20), D(2026, 3, 20)) == 0
        assert package_calendar.working_days_between(D(2026, 12, 14), D(2026, 12, 18)) == 3

    def test_add_and_between_agree(self, package_calendar):
        start = D(2026, 12, 10)
        for count in (1, 5, 15, 30):
            end = package_calendar.add_working_days(start, count)
            assert package_calendar.working_days_between(start, end) == count

    def test_next_working_day_after_friday_before_nauryz_is_thursday(self, package_calendar):
        assert package_calendar.next_working_day(D(2026, 3, 20)) == D(2026, 3, 26)
        assert package_calendar.working_day_on_or_after(D(2026, 3, 23)) == D(2026, 3, 26)
        assert package_calendar.working_day_on_or_after(D(2026, 3, 26)) == D(2026, 3, 26)


@pytest.mark.rule("R31")
class TestReasons:
    @pytest.mark.parametrize(
        ("day", "kk", "ru"),
        [
            (D(2026, 12, 16), "Тәуелсіздік күні", "День Независимости"),
            (D(2026, 1, 1), "Жаңа жыл", "Новый год"),
            (D(2026, 3, 23), "Наурыз мейрамы", "Наурыз мейрамы"),
            (
                D(2026, 3, 24),
                "Наурыз мейрамы (қайта белгіленген демалыс)",
                "Наурыз мейрамы (перенос)",
            ),
            (D(2026, 1, 7), "Православиелік Рождество", "Православное Рождество"),
            (D(2026, 5, 11), "Жеңіс күні (қайта белгіленген демалыс)", "День Победы (перенос)"),
            (D(2026, 11, 21), "Демалыс күні", "Выходной день"),
        ],
    )
    def test_reason_names_the_holiday_in_kazakh_and_russian(self, package_calendar, day, kk, ru):
        assert package_calendar.non_working_reason(day, "kk") == kk
        assert package_calendar.non_working_reason(day, "ru") == ru

    def test_working_day_has_no_reason(self, package_calendar):
        assert package_calendar.non_working_reason(D(2026, 12, 15), "ru") is None

    def test_reason_follows_the_active_language(self, package_calendar):
        with translation.override("ru"):
            assert package_calendar.non_working_reason(D(2026, 12, 16)) == "День Независимости"
        with translation.override("kk"):
            assert package_calendar.non_working_reason(D(2026, 12, 16)) == "Тәуелсіздік күні"

    def test_russian_names_are_the_official_ones(self, package_calendar):
        assert package_calendar.non_working_reason(D(2026, 5, 9), "ru") == "День Победы"
        assert package_calendar.non_working_reason(D(2026, 1, 7), "ru") == (
            "Православное Рождество"
        )

    @pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
    def test_every_holiday_reason_in_russian_is_written_in_russian(self, package_calendar, year):
        days_of_year = [
            D(year, 1, 1) + datetime.timedelta(days=n)
            for n in range(366)
            if (D(year, 1, 1) + datetime.timedelta(days=n)).year == year
        ]
        english = {}
        for day in days_of_year:
            reason = package_calendar.non_working_reason(day, "ru")
            if reason and re.search(r"[A-Za-z]", reason):
                english[day] = reason
        # E.g. 3 January 2025 came out as "Day off (substituted from 01/05/2025)".
        assert english == {}
