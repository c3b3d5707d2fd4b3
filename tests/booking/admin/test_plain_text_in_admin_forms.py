"""The admin refuses control characters (Word's Shift+Enter gives U+000B) in the texts of
venues, organisations and officials, next to the field, and stores nothing; a text area keeps
its line breaks."""

import pytest
from django.urls import reverse

from booking.admin.viewsets import OfficialViewSet, OrganisationViewSet, VenueViewSet
from booking.models import Official, Organisation, Venue
from tests.factories import OfficialFactory, OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db


def form_for(viewset, instance, **changes):
    """The viewset's edit form, bound to *instance*'s values with *changes*."""
    form_class = viewset().get_edit_handler().get_form_class()
    initial = form_class(instance=instance).initial
    data = {}
    for name, value in {**initial, **changes}.items():
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        else:
            data[name] = value
    return form_class(data=data, instance=instance, for_user=None)


CASES = [
    (VenueViewSet, VenueFactory, "room", "101\x0bкабинет"),
    (VenueViewSet, VenueFactory, "address", "Ақжар қ.,\x07 Абай көшесі, 25"),
    (VenueViewSet, VenueFactory, "name", "Қабылдау\x1f бөлмесі"),
    (OrganisationViewSet, OrganisationFactory, "name", "Облыс\x0bбасқармасы"),
    (OrganisationViewSet, OrganisationFactory, "short_name", "ТКШ\x02 басқармасы"),
    (OfficialViewSet, OfficialFactory, "full_name", "Оспанов\x0bНұрлан"),
    (OfficialViewSet, OfficialFactory, "position", "Басшы\x7f"),
    (OfficialViewSet, OfficialFactory, "responsibilities", "Жылу\x0bсу"),
]


@pytest.mark.parametrize(("viewset", "factory", "field", "typed"), CASES)
def test_control_characters_are_refused_next_to_the_field(viewset, factory, field, typed):
    obj = factory()
    form = form_for(viewset, obj, **{field: typed})
    assert not form.is_valid()
    assert list(form.errors) == [field], form.errors
    assert "Word" in str(form.errors[field])


@pytest.mark.parametrize(
    ("viewset", "factory"),
    [(VenueViewSet, VenueFactory), (OfficialViewSet, OfficialFactory)],
)
def test_the_same_forms_take_plain_text_and_line_breaks_in_text_areas(viewset, factory):
    obj = factory()
    field = "directions" if factory is VenueFactory else "responsibilities"
    form = form_for(viewset, obj, **{field: "Бірінші жол.\r\nЕкінші жол,\tтабуляциямен."})
    assert form.is_valid(), form.errors


def test_the_admin_shows_the_error_and_keeps_the_stored_venue(editor):
    venue = VenueFactory(room="101-кабинет")
    form = form_for(VenueViewSet, venue, room="101\x0bкабинет")
    data = dict(form.data.items())
    response = editor.post(reverse("wagtailsnippets_booking_venue:edit", args=[venue.pk]), data)
    assert response.status_code == 200
    assert "Word" in response.content.decode()
    assert Venue.objects.get(pk=venue.pk).room == "101-кабинет"
    # Nothing else is stored either.
    assert Official.objects.count() == 0 and Organisation.objects.filter(venues=venue).count() == 0
