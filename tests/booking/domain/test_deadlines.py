"""Every legal deadline of a request, computed by the working-day calendar across weekends,
public holidays and decreed transfers (booking.domain.deadlines)."""

import datetime

import pytest
from django.utils import translation

from booking.domain import deadlines
from booking.domain.workdays import WorkingCalendar
from booking.enums import OverrideKind
from booking.models import ReceptionSettings, WorkingDayOverride

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def calendar(db):
    # A decreed transfer: Saturday 28 November 2026 worked, Monday 30 November off.
    WorkingDayOverride.objects.create(
        date=D(2026, 11, 28), kind=OverrideKind.WORKING_DAY, name_kk="Жұмыс күні", name_ru="Рабочий"
    )
    WorkingDayOverride.objects.create(
        date=D(2026, 11, 30), kind=OverrideKind.DAY_OFF, name_kk="Демалыс", name_ru="Выходной"
    )
    return WorkingCalendar.from_db()


@pytest.mark.rule("R13")
def test_the_date_and_time_follow_the_answer_within_two_working_days(calendar):
    # Friday 11 December → Monday 14, Tuesday 15 (Wednesday 16 is Independence Day).
    assert deadlines.date_notice_due(D(2026, 12, 11), calendar) == D(2026, 12, 15)


@pytest.mark.rule("R08")
def test_corrections_are_due_after_the_settings_working_days(calendar):
    # Thursday 26 Nov: Fri 27, Sat 28 (worked by decree), Tue 1, Wed 2, Thu 3 (Mon 30 off).
    assert deadlines.corrections_due(D(2026, 11, 26), calendar) == D(2026, 12, 3)
    reception_settings = ReceptionSettings.load()
    reception_settings.corrections_days = 2
    reception_settings.save()
    assert deadlines.corrections_due(D(2026, 11, 26), calendar) == D(2026, 11, 28)


@pytest.mark.rule("R10")
def test_forwarding_is_due_within_three_working_days_across_nauryz():
    # Friday 20 March 2026; 21–25 March are Nauryz days off: Thu 26, Fri 27, Mon 30.
    assert deadlines.forwarding_due(D(2026, 3, 20)) == D(2026, 3, 30)


@pytest.mark.rule("R11")
def test_reference_information_is_ready_five_working_days_before_the_reception():
    # Reception Thursday 17 December 2026; 16 December is a holiday: back over it.
    assert deadlines.reference_due(D(2026, 12, 17)) == D(2026, 12, 9)


@pytest.mark.rule("R14")
def test_extension_limits_are_thirty_days_or_two_months_from_registration():
    assert deadlines.extension_limit(D(2026, 11, 23)) == D(2026, 12, 23)
    assert deadlines.extension_limit(D(2026, 11, 30), reasoned_decision=True) == D(2027, 1, 30)
    assert deadlines.extension_limit(D(2026, 12, 31), reasoned_decision=True) == D(2027, 2, 28)


@pytest.mark.rule("R14")
def test_the_applicant_is_told_of_an_extension_within_three_working_days(calendar):
    assert deadlines.extension_notice_due(D(2026, 11, 26), calendar) == D(2026, 12, 1)


@pytest.mark.rule("R15")
def test_a_refusal_waits_for_the_hearing_period(calendar):
    # Draft sent Thursday 31 December 2026. New Year: Friday 1, Saturday 2 and Monday 4 January
    # (carried over) are off; Tuesday 5, Wednesday 6, then Christmas Thursday 7, Friday 8.
    assert deadlines.hearing_ends(D(2026, 12, 31)) == D(2027, 1, 8)
    reception_settings = ReceptionSettings.load()
    reception_settings.hearing_days = 5
    reception_settings.save()
    assert deadlines.hearing_ends(D(2026, 12, 31)) == D(2027, 1, 12)


def test_every_deadline_setting_cites_its_clause_in_the_admin():
    """The numbers a region may set are site settings with the law's defaults (R08-R15)."""
    reception_settings = ReceptionSettings.load()
    assert (
        reception_settings.answer_deadline_days,
        reception_settings.date_notice_days,
        reception_settings.forwarding_days,
        reception_settings.reference_days_before,
        reception_settings.extension_notice_days,
        reception_settings.hearing_days,
    ) == (15, 2, 3, 5, 3, 3)
    with translation.override("en"):  # the clause codes as written in the source
        panel_headings = [str(panel.heading) for panel in ReceptionSettings.panels]
    assert any("p.26" in heading and "003 p.195" in heading for heading in panel_headings)
