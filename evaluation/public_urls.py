from django.urls import path

from evaluation import public_views

app_name = "questionnaire_public"
urlpatterns = [
    path("<str:token>/", public_views.questionnaire_form, name="form"),
    path("<str:token>/thanks/", public_views.thanks, name="thanks"),
]
