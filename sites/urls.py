from django.urls import path

from sites import views, views_applications, views_log, views_manage

app_name = "sites"
urlpatterns = [
    path("log/", views_log.network_log, name="log"),
    path("log/add/", views_log.network_log_add, name="log_add_network"),
    path("log/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("applications/", views_applications.application_list, name="applications"),
    path("applications/new/", views_applications.application_edit, name="application_new"),
    path("applications/<int:pk>/", views_applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/decide/", views_applications.application_decide, name="application_decide"),
    path("<slug:slug>/edit/", views_manage.site_edit, name="edit"),
    path("<slug:slug>/readiness/", views_manage.readiness_edit, name="readiness"),
    path("<slug:slug>/sustainability/", views_manage.sustainability_edit, name="sustainability"),
    path("<slug:slug>/people/new/", views_manage.person_edit, name="person_new"),
    path("<slug:slug>/people/<int:pk>/", views_manage.person_edit, name="person_edit"),
]
