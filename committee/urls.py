from django.urls import path

from committee import views

app_name = "committee"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_edit, name="meeting_new"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/actions/new/", views.action_edit, name="action_new"),
    path("actions/<int:action_pk>/edit/", views.action_edit, name="action_edit"),
]
