from django.urls import path

from budget import views

app_name = "budget"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("expenses/", views.expense_list, name="expenses"),
    path("expenses/new/", views.expense_create, name="expense_create"),
    path("expenses/<int:pk>/edit/", views.expense_edit, name="expense_edit"),
    path("expenses/<int:pk>/delete/", views.expense_delete, name="expense_delete"),
    path("grants/new/", views.grant_create, name="grant_create"),
    path("grants/<int:pk>/edit/", views.grant_edit, name="grant_edit"),
    path("grants/<int:pk>/delete/", views.grant_delete, name="grant_delete"),
    path("heads/new/", views.head_create, name="head_create"),
    path("heads/<int:pk>/edit/", views.head_edit, name="head_edit"),
]
