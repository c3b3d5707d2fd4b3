from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret-detail-1234")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
