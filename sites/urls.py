from django.urls import path

from sites import views, views_applications, views_log, views_manage

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("log/", views_log.network_log, name="log"),
    path("log/add/", views_log.network_log_add, name="log_add_network"),
    path("log/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("timeline/", views.network_timeline, name="timeline"),
    path("timeline.csv", views.network_timeline_csv, name="timeline_csv"),
    path("applications/", views_applications.application_list, name="applications"),
    path("applications/new/", views_applications.application_edit, name="application_new"),
    path("applications/<int:pk>/", views_applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/decide/", views_applications.application_decide, name="application_decide"),
    path("<slug:slug>/", views.site_detail, name="detail"),
    path("<slug:slug>/edit/", views_manage.site_edit, name="edit"),
    path("<slug:slug>/status/", views.status_change, name="status"),
    path("<slug:slug>/log/", views.log_add, name="log_add"),
    path("<slug:slug>/people/new/", views_manage.person_edit, name="person_new"),
    path("<slug:slug>/people/<int:pk>/", views_manage.person_edit, name="person_edit"),
    path("<slug:slug>/timeline/", views.site_timeline, name="site_timeline"),
    path("<slug:slug>/timeline.csv", views.site_timeline_csv, name="site_timeline_csv"),
]
