from django.urls import path

from groups import meeting_views, views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/status/", views.group_status, name="status"),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings.csv", meeting_views.meeting_csv, name="meeting_csv"),
    path("meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("missing/", meeting_views.missing, name="missing"),
]
