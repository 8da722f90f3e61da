from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("sites/<slug:slug>/", views.site_referrals, name="site"),
    path("sites/<slug:slug>/partners/new/", views.partner_edit, name="partner_new"),
    path("sites/<slug:slug>/outreach/new/", views.outreach_edit, name="outreach_new"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/end/", views.partner_end, name="partner_end"),
    path("outreach/<int:pk>/edit/", views.outreach_edit, name="outreach_edit"),
    path("outreach/<int:pk>/delete/", views.outreach_delete, name="outreach_delete"),
]
