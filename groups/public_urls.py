from django.urls import path

from groups import feed_views, public_views

app_name = "meetings"
urlpatterns = [
    path("", public_views.finder, name="finder"),
    path("<int:pk>/card/", public_views.card, name="card"),
    path("feed.json", feed_views.meeting_guide_json, name="feed_json"),
    path("feed.ics", feed_views.network_ical, name="feed_ics"),
    path("<int:pk>/feed.ics", feed_views.group_ical, name="group_feed_ics"),
]
