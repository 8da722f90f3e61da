from django.urls import path

from sites import views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("<slug:slug>/", views.site_detail, name="detail"),
]
