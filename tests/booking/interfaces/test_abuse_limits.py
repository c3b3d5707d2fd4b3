"""Abuse limits on the sign-up form: per visitor (the real address behind trusted proxies, IPv6
by /64) and per browser session, counting invalid submissions too; per person by a normalised
identifier, which never refuses a registration (R06) but marks it a possible duplicate."""

import ipaddress

import pytest
from django.test import RequestFactory

from booking.interfaces import ratelimit
from booking.interfaces.views import LIMITS
from booking.models import ReceptionRequest
from tests.booking.interfaces.test_sign_up import form_data
from tests.factories import OfficialFactory, ReceptionDayFactory
from tests.helpers import make_iin

SIGN_UP = "/ru/reception/sign-up/"
TOO_MANY = "Слишком много обращений"
PROXY = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.fixture
def day(home):
    return ReceptionDayFactory(official=OfficialFactory(), capacity=20)


def question(serial):
    return f"Вопрос номер {serial}: во дворе нет освещения, прошу принять меры."


@pytest.mark.rule("R06")
def test_over_the_person_limit_the_request_is_registered_and_marked_for_the_office(client, day):
    person_limit = LIMITS["person"][0]
    for serial in range(person_limit + 2):
        response = client.post(SIGN_UP, form_data(question=question(serial)))
        assert response.status_code == 302, "a person over the limit is never refused"
    requests = list(ReceptionRequest.objects.order_by("pk"))
    assert len(requests) == person_limit + 2
    assert [r.possible_duplicate for r in requests] == [False] * person_limit + [True, True]


@pytest.mark.rule("R06")
def test_a_stranger_using_someone_elses_iin_cannot_lock_them_out(client, day, settings):
    settings.PORTAL_TRUSTED_PROXIES = PROXY
    for serial in range(10):
        client.post(
            SIGN_UP,
            form_data(question=question(serial), surname="Бөтенов"),
            headers={"x-forwarded-for": f"198.51.100.{serial}"},
        )
    client.cookies.clear()
    # The IIN's owner, from their own address and browser, the next minute.
    response = client.post(SIGN_UP, form_data(), headers={"x-forwarded-for": "203.0.113.5"})
    assert response.status_code == 302
    own = ReceptionRequest.objects.get(surname=form_data()["surname"])
    assert own.possible_duplicate  # the office sees it, the applicant is registered


@pytest.mark.parametrize(
    "spelling", ["N1234567", "n-1234567", "N 1234567", "Н1234567", "№ N1234567", "n.1234567"]
)
def test_every_spelling_of_a_document_number_is_one_person(spelling):
    data = {"iin": "", "document_number": spelling}
    assert ratelimit.person_identifier(data) == "document:N1234567"


def test_a_document_number_spelled_seven_ways_is_counted_as_one_person(client, day):
    spellings = ["N1234567", "n-1234567", "N 1234567", "Н1234567", "n1234567", "N-1234567"]
    for serial, spelling in enumerate(spellings):
        response = client.post(
            SIGN_UP,
            form_data(
                iin="",
                document_type="passport",
                document_number=spelling,
                question=question(serial),
            ),
        )
        assert response.status_code == 302
    flagged = ReceptionRequest.objects.filter(possible_duplicate=True).count()
    assert flagged == len(spellings) - LIMITS["person"][0]


def test_the_iin_is_never_the_key_itself(settings):
    key = ratelimit._cache_key("signup-person", "iin:850515300006")
    assert "850515300006" not in key


def test_invalid_submissions_count_against_the_visitor(client, day):
    visitor_limit = LIMITS["visitor"][0]
    for _attempt in range(visitor_limit):
        client.cookies.clear()  # a script without cookies: a new session every time
        assert client.post(SIGN_UP, form_data(phone="bad")).status_code == 400
    client.cookies.clear()
    response = client.post(SIGN_UP, form_data())
    assert response.status_code == 400
    html = response.content.decode()
    assert TOO_MANY in html
    assert form_data()["question"] in html  # what was typed is kept
    assert ReceptionRequest.objects.count() == 0


def test_one_session_is_limited_whatever_address_it_comes_from(client, day, settings):
    settings.PORTAL_TRUSTED_PROXIES = PROXY
    session_limit = LIMITS["session"][0]
    for serial in range(session_limit):
        client.post(
            SIGN_UP,
            form_data(phone="bad"),
            headers={"x-forwarded-for": f"198.51.100.{serial}"},
        )
    response = client.post(SIGN_UP, form_data(), headers={"x-forwarded-for": "203.0.113.9"})
    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()
    # Another browser at that address is not affected.
    client.cookies.clear()
    other = client.post(SIGN_UP, form_data(), headers={"x-forwarded-for": "203.0.113.9"})
    assert other.status_code == 302


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(client, day, settings):
    settings.PORTAL_TRUSTED_PROXIES = PROXY
    visitor_limit = LIMITS["visitor"][0]
    for serial in range(visitor_limit):
        client.cookies.clear()
        client.post(
            SIGN_UP,
            form_data(iin=make_iin(serial), phone="bad"),
            headers={"x-forwarded-for": "198.51.100.7"},
        )
    client.cookies.clear()
    blocked = client.post(SIGN_UP, form_data(), headers={"x-forwarded-for": "198.51.100.7"})
    assert blocked.status_code == 400
    client.cookies.clear()
    other = client.post(SIGN_UP, form_data(), headers={"x-forwarded-for": "203.0.113.9"})
    assert other.status_code == 302


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


class TestClientAddress:
    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.PORTAL_TRUSTED_PROXIES = ()
        assert ratelimit.client_address(request_from("192.0.2.1", "10.9.9.9")) == "192.0.2.1"

    def test_a_header_from_an_untrusted_address_is_ignored(self, settings):
        settings.PORTAL_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/24"),)
        assert ratelimit.client_address(request_from("192.0.2.1", "10.9.9.9")) == "192.0.2.1"

    def test_read_from_the_right_past_every_trusted_proxy(self, settings):
        # The visitor forged "1.1.1.1"; nginx on the node (127.0.0.1) was reached through the
        # load balancer 10.0.0.5, which appended the visitor's real address.
        settings.PORTAL_TRUSTED_PROXIES = (
            ipaddress.ip_network("127.0.0.1/32"),
            ipaddress.ip_network("10.0.0.0/24"),
        )
        request = request_from("127.0.0.1", "1.1.1.1, 198.51.100.23, 10.0.0.5")
        assert ratelimit.client_address(request) == "198.51.100.23"

    def test_ipv6_visitors_are_counted_by_their_64(self, settings):
        settings.PORTAL_TRUSTED_PROXIES = PROXY
        one = request_from("127.0.0.1", "2001:db8:1:2::a")
        same_home = request_from("127.0.0.1", "2001:db8:1:2:ffff::1")
        neighbour = request_from("127.0.0.1", "2001:db8:1:3::a")
        assert ratelimit.visitor(one) == ratelimit.visitor(same_home) == "2001:db8:1:2::/64"
        assert ratelimit.visitor(neighbour) != ratelimit.visitor(one)

    def test_an_ipv4_visitor_is_counted_by_the_address(self, settings):
        settings.PORTAL_TRUSTED_PROXIES = ()
        assert ratelimit.visitor(request_from("192.0.2.1")) == "192.0.2.1"
        assert ratelimit.visitor(request_from("::ffff:192.0.2.1")) == "192.0.2.1"
