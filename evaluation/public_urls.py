app_name = "questionnaire_public"
urlpatterns: list = []
