from django.urls import path

from groups import public_views

app_name = "meetings"
urlpatterns = [
    path("", public_views.finder, name="finder"),
    path("<int:pk>/card/", public_views.card, name="card"),
]
