from django.urls import path

from reports import views, views_share

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:kind>/", views.new, name="new"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/status/", views.status, name="status"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("<uuid:pk>/retry/", views.retry, name="retry"),
    path("<uuid:pk>/share/", views_share.share, name="share"),
    path("shares/<int:pk>/unshare/", views_share.unshare, name="unshare"),
]
