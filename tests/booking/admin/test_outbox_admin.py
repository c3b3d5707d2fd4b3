"""The outbox screen: the reception office sees every message (pending, sent, failed with a
reason that names no address) and resends one; staff who may not view requests get a 403."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from booking.models import MessageKind, MessageStatus, OutboxMessage, SendError
from tests.factories import ReceptionDayFactory, ReceptionRequestFactory

pytestmark = pytest.mark.django_db
ADDRESS = "aigerim.seitkali@example.kz"


@pytest.fixture
def failed(db):
    reception_request = ReceptionRequestFactory(
        preferred_day=ReceptionDayFactory(), email=ADDRESS, surname="Сейтқали"
    )
    return OutboxMessage.objects.create(
        kind=MessageKind.TICKET,
        reception_request=reception_request,
        recipient=ADDRESS,
        language="kk",
        next_attempt_at=timezone.now() - datetime.timedelta(days=2),
        status=MessageStatus.FAILED,
        error=SendError.RECIPIENT,
        error_code=550,
        attempts=14,
    )


def staff(client, django_user_model, *codenames):
    """A staff member whose group has exactly these permissions (and admin access)."""
    group = Group.objects.create(name="-".join(codenames))
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user = django_user_model.objects.create_user(f"staff-{group.name}", password="x")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.mark.rule("R30")
def test_the_office_sees_a_failed_message_without_the_address_and_resends_it(
    client, django_user_model, failed, django_capture_on_commit_callbacks
):
    client = staff(client, django_user_model, "view_receptionrequest")
    page = client.get("/admin/outbox/?status=failed")
    assert page.status_code == 200
    html = page.content.decode()
    assert failed.reception_request.number in html
    assert "550" in html and "14" in html
    assert ADDRESS not in html and "Сейтқали" not in html
    confirm = client.get(f"/admin/reception/outbox/{failed.pk}/resend/")
    assert confirm.status_code == 200 and ADDRESS not in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/reception/outbox/{failed.pk}/resend/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (MessageStatus.SENT, "")
    [letter] = mail.outbox
    assert letter.to == [ADDRESS]


def test_staff_who_may_not_view_requests_get_a_403(client, django_user_model, failed):
    client = staff(client, django_user_model, "change_receptionday")
    assert client.get("/admin/outbox/").status_code == 403
    assert client.post(f"/admin/reception/outbox/{failed.pk}/resend/").status_code == 403
    failed.refresh_from_db()
    assert failed.status == MessageStatus.FAILED
