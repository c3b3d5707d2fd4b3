"""The page cache's part in serving Wagtail pages: every live page open to everyone is
cacheable for visitors without a session, tagged with its translation key and the pages above
it (``portal.cache``). Pages may name the query parameters they read in
``cache_query_params`` (a paginated list's ``page``)."""

from wagtail import hooks

from portal import cache


@hooks.register("before_serve_page")
def tag_public_page(page, request, serve_args, serve_kwargs):
    # A page under a view restriction is tagged too: Wagtail's check_view_restrictions marks its
    # response (the page, a password or login form) private, and a private one is never kept.
    if request.method not in ("GET", "HEAD") or not page.live:
        return
    cache.tag(
        request,
        cache.SITE,
        cache.page_tag(page.translation_key),
        query_params=getattr(page, "cache_query_params", ()),
    )
