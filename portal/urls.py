from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pages import lowvision
from pages import views as page_views
from portal import views

# Translated error pages in the language of the address (the 500 page is static: 500.html).
handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"

# Outside the language prefix: admin, machine endpoints, documents.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("favicon.ico", page_views.favicon, name="favicon"),
    path("low-vision.css", lowvision.stylesheet, name="low_vision_css"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language: /kk/… and /ru/…; "/" is sent to the visitor's language.
urlpatterns += i18n_patterns(
    path("search/", page_views.search, name="search"),
    path("low-vision/", lowvision.switch, name="low_vision"),
    path("", include("booking.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
