from django.urls import path

from groups import manage_views, meeting_views, quality_views, signoff_views, support_views, views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/status/", views.group_status, name="status"),
    path("new/", manage_views.group_edit, name="create"),
    path("<int:pk>/edit/", manage_views.group_edit, name="edit"),
    path("facilitators/new/", manage_views.facilitator_edit, name="facilitator_create"),
    path("facilitators/<int:pk>/edit/", manage_views.facilitator_edit, name="facilitator_edit"),
    path("facilitators/<int:pk>/support/", support_views.facilitator_support, name="facilitator_support"),
    path("facilitators/<int:pk>/support/contact/", support_views.support_contact_add, name="support_contact_add"),
    path("facilitators/<int:pk>/support/observation/", support_views.observation_add, name="observation_add"),
    path("facilitators/<int:pk>/support/checkin/", support_views.checkin_add, name="checkin_add"),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings.csv", meeting_views.meeting_csv, name="meeting_csv"),
    path("meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/registered/", meeting_views.meeting_registered, name="meeting_registered"),
    path("missing/", meeting_views.missing, name="missing"),
    path("missing.csv", meeting_views.missing_csv, name="missing_csv"),
    path("quality/", quality_views.quality, name="quality"),
    path("quality.csv", quality_views.quality_csv, name="quality_csv"),
    path("signoff/<slug:slug>/<int:year>/<int:month>/", signoff_views.month, name="signoff_month"),
    path("signoff/<slug:slug>/<int:year>/<int:month>/approve/", signoff_views.month_approve, name="signoff_approve"),
    path("signoff/<slug:slug>/<int:year>/<int:month>/reopen/", signoff_views.month_reopen, name="signoff_reopen"),
    path("signoff/<slug:slug>/<int:year>/<int:month>/query/", signoff_views.month_query, name="signoff_query"),
]
