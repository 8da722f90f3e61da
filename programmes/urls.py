from django.urls import path

from programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_edit, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/sites/", views.site_join, name="site_join"),
    path("sites/<int:pk>/remove/", views.site_remove, name="site_remove"),
    path("<int:pk>/duties/", views.duty_add, name="duty_add"),
    path("duties/<int:pk>/delete/", views.duty_delete, name="duty_delete"),
    path("<int:pk>/readiness/", views.readiness_item_add, name="readiness_add"),
    path("<int:pk>/readiness/defaults/", views.readiness_defaults, name="readiness_defaults"),
    path("readiness/<int:pk>/edit/", views.readiness_item_edit, name="readiness_edit"),
    path("readiness/<int:pk>/remove/", views.readiness_item_remove, name="readiness_remove"),
]
