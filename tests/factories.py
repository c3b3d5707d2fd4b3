"""Factories for the reception schedule: Kazakh rows by default, Russian ones through
``translate()`` (same ``translation_key``, as Wagtail's "Translate" action makes them)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Locale, TranslatableMixin

from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    ApplicantKind,
    Channel,
    Frequency,
    OrganisationKind,
    ReceptionMode,
    RequestStatus,
    Topic,
    VenueKind,
)
from booking.models import (
    Official,
    Organisation,
    ReceptionDay,
    ReceptionRequest,
    ScheduleRule,
    Venue,
)
from tests.helpers import make_iin


def get_locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


def kk_locale():
    return get_locale("kk")


def next_working_day():
    return WorkingCalendar.from_db().next_working_day(timezone.localdate())


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    locale = factory.LazyFunction(kk_locale)
    name = factory.Sequence(lambda n: f"Облыстың {n}-басқармасы")
    short_name = factory.Sequence(lambda n: f"{n}-басқарма")
    kind = OrganisationKind.DEPARTMENT
    address = "Ақжар қ., Абай көшесі, 25"
    phone = factory.Sequence(lambda n: f"+7 7000 40 {n:02d} 00")
    email = factory.Sequence(lambda n: f"org{n}@altyntau.example.kz")


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    locale = factory.LazyFunction(kk_locale)
    name = factory.Sequence(lambda n: f"Қоғамдық қабылдау бөлмесі №{n}")
    kind = VenueKind.RECEPTION_OFFICE
    address = factory.Sequence(lambda n: f"Ақжар қ., Бейбітшілік даңғылы, {n}")
    room = "101-кабинет"


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    locale = factory.LazyFunction(kk_locale)
    full_name = factory.Sequence(lambda n: f"Серікбаев Ерлан №{n}")
    position = "Басқарма басшысы"
    slug = factory.Sequence(lambda n: f"official-{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    responsibilities = "Жылу және сумен жабдықтау."
    reception_phone = factory.Sequence(lambda n: f"+7 7000 55 {n:02d} 11")
    reception_email = factory.Sequence(lambda n: f"official{n}@altyntau.example.kz")
    sort_order = factory.Sequence(lambda n: n)


class ReceptionDayFactory(DjangoModelFactory):
    """A reception day saved as is (no validation); call ``full_clean()`` to test validation."""

    class Meta:
        model = ReceptionDay

    official = factory.SubFactory(OfficialFactory)
    venue = factory.SubFactory(VenueFactory)
    date = factory.LazyFunction(next_working_day)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)
    mode = ReceptionMode.IN_PERSON
    capacity = 10


class ScheduleRuleFactory(DjangoModelFactory):
    """Every Monday 10:00-12:00 from 1 March 2026."""

    class Meta:
        model = ScheduleRule

    official = factory.SubFactory(OfficialFactory)
    venue = factory.SubFactory(VenueFactory)
    frequency = Frequency.WEEKLY
    interval = 1
    weekday = "MO"
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)
    mode = ReceptionMode.IN_PERSON
    capacity = 10
    valid_from = datetime.date(2026, 3, 1)


def translate(obj, language="ru", **fields):
    """Save the *language* version of a translatable *obj* (same translation_key): its fields
    copied, links to other translatable rows pointed to their *language* version when there is
    one, then *fields* applied."""
    locale = get_locale(language)
    model = type(obj)
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name in ("locale", "translation_key"):
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            continue
        if model_field.is_relation:
            target = getattr(obj, model_field.name)
            if isinstance(target, TranslatableMixin):
                target = target.get_translation_or_none(locale) or target
            values[model_field.name] = target
        else:
            values[model_field.name] = getattr(obj, model_field.attname)
    values.update(fields)
    translated = model.objects.create(locale=locale, translation_key=obj.translation_key, **values)
    if isinstance(obj, Venue):
        translated.organisations.set(
            [org.get_translation_or_none(locale) or org for org in obj.organisations.all()]
        )
    return translated


class ReceptionRequestFactory(DjangoModelFactory):
    """A sign-up request as staff would find it, saved as is (not through the domain): pass a
    status trait, e.g. ``ReceptionRequestFactory(withdrawn=True)``, and a ``preferred_day``."""

    class Meta:
        model = ReceptionRequest

    class Params:
        under_review = factory.Trait(status=RequestStatus.UNDER_REVIEW)
        scheduled = factory.Trait(status=RequestStatus.SCHEDULED)
        refused = factory.Trait(status=RequestStatus.REFUSED)
        not_considered = factory.Trait(status=RequestStatus.NOT_CONSIDERED)
        returned = factory.Trait(status=RequestStatus.RETURNED)
        withdrawn = factory.Trait(status=RequestStatus.WITHDRAWN)
        received = factory.Trait(status=RequestStatus.RECEIVED)

    # Not the portal's own "YYYY-NNNNN", so that it never takes a number the counter gives.
    number = factory.Sequence(lambda n: f"TEST-{n + 1:05d}")
    channel = Channel.PORTAL
    status = RequestStatus.REGISTERED
    received_at = factory.LazyFunction(timezone.now)
    registered_on = factory.LazyFunction(timezone.localdate)
    answer_due = factory.LazyAttribute(
        lambda request: WorkingCalendar.from_db().add_working_days(request.registered_on, 15)
    )
    applicant_kind = ApplicantKind.INDIVIDUAL
    surname = "Тестбаев"
    given_name = "Асан"
    iin = factory.Sequence(make_iin)
    phone = "+77012345678"
    email = factory.Sequence(lambda n: f"applicant{n}@example.kz")
    official = factory.LazyAttribute(
        lambda request: request.preferred_day.official if request.preferred_day else None
    )
    preferred_day = None
    question = "Жылу беру маусымында пәтерде жылу жоқ."
    topic = Topic.HOUSING
    language = "kk"
    mode = ReceptionMode.IN_PERSON
    consent_at = factory.LazyFunction(timezone.now)
    duplicate_key = factory.Sequence(lambda n: f"{n:064d}")


def add_days_in_bulk(official, count, *, venue=None, spread=20):
    """*count* upcoming days of *official* over the *spread* days from tomorrow, several a day
    at different times, made in one query (no signals: empty the page cache after, where it
    matters). *venue* defaults to a new one."""
    venue = venue or VenueFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    ReceptionDay.objects.bulk_create(
        ReceptionDay(
            official=official,
            venue=venue,
            date=tomorrow + datetime.timedelta(days=index % spread),
            start_time=datetime.time(6 + (index // spread) % 16, (index // (spread * 16)) * 5),
            end_time=datetime.time(6 + (index // spread) % 16, 50),
        )
        for index in range(count)
    )
