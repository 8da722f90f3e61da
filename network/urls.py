"""Pages of the composition layer, after the apps' own URLs (paths unchanged: /sites/..., /training/pipeline/)."""

from django.urls import path

from network import views

app_name = "network"
urlpatterns = [
    path("sites/", views.overview, name="overview"),
    path("sites/timeline/", views.network_timeline, name="timeline"),
    path("sites/timeline.csv", views.network_timeline_csv, name="timeline_csv"),
    path("sites/<slug:slug>/", views.site, name="site"),
    path("sites/<slug:slug>/log/", views.site_log_add, name="site_log_add"),
    path("sites/<slug:slug>/status/", views.site_status, name="site_status"),
    path("sites/<slug:slug>/timeline/", views.site_timeline, name="site_timeline"),
    path("sites/<slug:slug>/timeline.csv", views.site_timeline_csv, name="site_timeline_csv"),
    path("training/pipeline/", views.training_pipeline, name="pipeline"),
]
