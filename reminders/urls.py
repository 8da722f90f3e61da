from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("sent/", views.sent, name="sent"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
