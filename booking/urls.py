from django.urls import path

from booking.interfaces import feeds, find, survey, views

# Under the language prefix: /kk/calendar/…, /ru/calendar/… (the feed's text is in that language).
urlpatterns = [
    path("reception/sign-up/", views.sign_up, name="sign_up"),
    path("reception/find/", find.find_request, name="find_request"),
    path("reception/<str:number>/<str:token>/survey/", survey.survey, name="survey"),
    path("reception/<str:number>/<str:token>/ticket/", views.ticket, name="ticket"),
    path("reception/<str:number>/<str:token>/", views.track, name="track"),
    path("calendar/all.ics", feeds.all_days, name="feed_all"),
    # By translation key, which never changes; the slug address (before keys) is sent there.
    path("calendar/official/<uuid:key>.ics", feeds.official_days, name="feed_official"),
    path(
        "calendar/official/<slug:slug>.ics",
        feeds.official_days_by_slug,
        name="feed_official_by_slug",
    ),
    path(
        "calendar/organisation/<uuid:key>.ics",
        feeds.organisation_days,
        name="feed_organisation",
    ),
    path("calendar/venue/<uuid:key>.ics", feeds.venue_days, name="feed_venue"),
    path("calendar/day/<uuid:public_id>.ics", feeds.single_day, name="feed_day"),
]
