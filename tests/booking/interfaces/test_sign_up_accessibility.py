"""The sign-up form for keyboard and screen-reader users: a honeypot that is no Tab stop, an
error summary that lists every error as a link to its field and takes the focus, a topic that
starts empty (issue 12, items 21 and 22)."""

import re

from booking.models import ReceptionRequest
from tests.booking.interfaces import test_sign_up
from tests.booking.interfaces.test_sign_up import form_data

day = test_sign_up.day  # the fixture: an official's open day with two places


def tag(html, pattern):
    (found,) = re.findall(rf"<[^>]*{pattern}[^>]*>", html)
    return found


def test_the_honeypot_is_hidden_and_no_tab_stop(client, day):
    html = client.get("/kk/reception/sign-up/").content.decode()
    honeypot = tag(html, 'name="website"')
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    wrapper = html.split('name="website"')[0].rsplit("<div", 1)[1]
    assert 'aria-hidden="true"' in wrapper and "honeypot" in wrapper


def test_the_topic_starts_empty_and_must_be_chosen(client, day):
    html = client.get("/kk/reception/sign-up/").content.decode()
    topic = html.split('name="topic"')[1].split("</select>")[0]
    first_option = re.search(r"<option[^>]*>[^<]*</option>", topic).group(0)
    assert 'value=""' in first_option and "Тақырыпты таңдаңыз" in first_option
    assert "selected" in first_option
    response = client.post("/kk/reception/sign-up/", form_data(topic=""))
    assert response.status_code == 400
    assert "topic" in response.context["form"].errors
    assert not ReceptionRequest.objects.exists()


def test_error_summary_links_every_error_to_its_field_and_takes_the_focus(client, day):
    response = client.post(
        "/ru/reception/sign-up/",
        form_data(surname="", phone="bad", topic="", mode="video", consent=None),
    )
    html = response.content.decode()
    form = response.context["form"]
    summary = html.split('class="error-summary"')[1].split("</ul>")[0]
    opening = html.split('class="error-summary"')[1].split(">")[0]
    assert 'tabindex="-1"' in opening and "autofocus" in opening
    assert summary.index("error-summary__title") < summary.index("<ul")
    links = re.findall(r'<a href="#([\w-]+)">', summary)
    expected = ["surname", "phone", "topic", "video_consent", "consent"]
    assert links == [f"id_{name}" for name in expected]
    for name in expected:
        assert f'id="id_{name}"' in html  # each link leads to a real field
        # The input's aria-describedby names the element that holds its errors.
        assert f'aria-describedby="id_{name}_error"' in tag(html, f'id="id_{name}"')
        assert f'id="id_{name}_error"' in html
        for error in form.errors[name]:
            assert error in summary.replace("&#x27;", "'")
    # The summary is the first thing in the form, before the first field.
    assert html.index('class="error-summary"') < html.index('id="field-applicant_kind"')


def test_a_radio_group_error_links_to_its_first_button(client, day):
    html = client.post("/ru/reception/sign-up/", form_data(mode="nonsense")).content.decode()
    summary = html.split('class="error-summary"')[1].split("</ul>")[0]
    assert '<a href="#id_mode_0">' in summary
    assert 'id="id_mode_0"' in html


def test_a_form_error_without_a_field_is_listed_without_a_link(client, day):
    html = client.post(
        "/ru/reception/sign-up/", form_data(website="http://spam.example")
    ).content.decode()
    summary = html.split('class="error-summary"')[1].split("</ul>")[0]
    assert "<li>" in summary and "href" not in summary


def test_no_summary_on_a_fresh_form(client, day):
    assert 'class="error-summary"' not in client.get("/ru/reception/sign-up/").content.decode()
