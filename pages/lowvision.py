"""The low-vision mode (larger text, high contrast, no images), as Kazakh government sites
offer it: a plain link sets a cookie, so it works without JavaScript and is remembered.

Every page is the same for every visitor (so the page cache can keep it): it links
``/low-vision.css``, which holds the mode's rules for a visitor who switched it on and nothing
for the others, and is never stored by a shared cache."""

from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

COOKIE = "low_vision"
ONE_YEAR = 365 * 24 * 3600


def is_on(request):
    return request.COOKIES.get(COOKIE) == "1"


@never_cache
def switch(request):
    """`?on=1` turns the mode on, anything else off; back to `next` on this site."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response


def stylesheet(request):
    """The mode's rules for this visitor: all of them when it is on, none when it is off."""
    body = render_to_string("pages/low_vision.css") if is_on(request) else ""
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response
