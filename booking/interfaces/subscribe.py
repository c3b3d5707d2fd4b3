"""Subscribe controls for a feed (webcal://, Google Calendar, the address to copy)."""

from urllib.parse import quote

from django.urls import reverse


def subscription(request, title, url_name, **kwargs):
    """The ways to subscribe to one feed: its address, webcal:// and Google Calendar's link."""
    url = request.build_absolute_uri(reverse(url_name, kwargs=kwargs))
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "title": title,
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
    }
