from django.urls import path

from evaluation import qualitative_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("import/", views.xlsform_upload, name="xlsform_upload"),
    path("import/<uuid:pk>/", views.xlsform_job, name="xlsform_job"),
    path("jobs/<uuid:pk>/", views.response_job, name="response_job"),
    path("jobs/<uuid:pk>/download/", views.response_job_download, name="response_job_download"),
    path("notes/", qualitative_views.note_list, name="notes"),
    path("notes/quotes/", qualitative_views.quotes, name="quotes"),
    path("notes/export.<str:fmt>", qualitative_views.export, name="notes_export"),
    path("notes/<int:pk>/", qualitative_views.note_detail, name="note_detail"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/poster/", views.round_poster, name="round_poster"),
    path("rounds/<int:pk>/paper/", views.paper_entry, name="paper_entry"),
    path("<slug:form_id>/", views.questionnaire_detail, name="detail"),
    path("<slug:form_id>/versions/<int:pk>/xlsform/", views.version_download, name="version_download"),
    path("<slug:form_id>/versions/<int:pk>/codebook/", views.codebook, name="codebook"),
    path("<slug:form_id>/rounds/new/", views.round_create, name="round_create"),
    path("<slug:form_id>/responses/", views.responses_table, name="responses"),
    path("<slug:form_id>/responses/import/", views.responses_upload, name="responses_upload"),
    path("<slug:form_id>/summary/", views.summary, name="summary"),
]
