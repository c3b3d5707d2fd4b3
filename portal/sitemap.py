from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from wagtail.models import Page, Site


class BilingualSitemap(Sitemap):
    """Every live public page of every language, at the host that serves the request.

    Wagtail's own sitemap lists only the default language's tree, at the Site's hostname."""

    def __init__(self, request):
        self.request = request

    def items(self):
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        in_any_tree = Q()
        for root in site.root_page.get_translations(inclusive=True):
            in_any_tree |= Q(path__startswith=root.path)
        return Page.objects.filter(in_any_tree).live().public().order_by("path")

    def location(self, page):
        return page.get_url(self.request)

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at
