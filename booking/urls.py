from django.urls import path

from booking import feed_views, views

# Under the language prefix: /kk/calendar/…, /ru/calendar/… (the feed's text is in that language).
urlpatterns = [
    path("reception/sign-up/", views.sign_up, name="sign_up"),
    path("reception/<str:number>/<str:token>/ticket/", views.ticket, name="ticket"),
    path("reception/<str:number>/<str:token>/", views.track, name="track"),
    path("calendar/all.ics", feed_views.all_days, name="feed_all"),
    path("calendar/official/<slug:slug>.ics", feed_views.official_days, name="feed_official"),
    path(
        "calendar/organisation/<uuid:key>.ics",
        feed_views.organisation_days,
        name="feed_organisation",
    ),
    path("calendar/venue/<uuid:key>.ics", feed_views.venue_days, name="feed_venue"),
    path("calendar/day/<uuid:public_id>.ics", feed_views.single_day, name="feed_day"),
]
