from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.event_list_view, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
    path("<int:pk>/days/", views.event_days, name="days"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("<int:pk>/delegates/", views.delegate_add, name="delegate_add"),
    path("participants/<int:pk>/delete/", views.participant_delete, name="participant_delete"),
    path("participants/<int:pk>/make-facilitator/", views.participant_make_facilitator, name="make_facilitator"),
    path("delegates/<int:pk>/delete/", views.delegate_delete, name="delegate_delete"),
]
