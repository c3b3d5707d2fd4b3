"""The order in which applicants are received (R12, R16): first come, first served, the
out-of-turn categories first (001 p.12, p.23–24; 002 p.28). The final list of a day goes to the
official the working day before."""

from django.db.models import Case, IntegerField, Value, When

from booking.enums import PLACE_HOLDING_STATUSES
from booking.models import ReceptionRequest


def applicants_of(day):
    """The requests holding a place on *day*, in the order they are received: out-of-turn
    categories first, then by arrival. One query."""
    return (
        ReceptionRequest.objects.filter(preferred_day=day, status__in=PLACE_HOLDING_STATUSES)
        .annotate(
            out_of_turn=Case(
                When(priority="", then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("out_of_turn", "received_at", "pk")
    )
