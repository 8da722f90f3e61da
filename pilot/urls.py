from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pilot import views
from pilot.ratelimits import limit

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit_log"),
    path("privacy/<slug:kind>/<int:pk>/export.json", views.person_export, name="person_export"),
    path("privacy/<slug:kind>/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path(
        "accounts/login/",
        limit("login", method="POST")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("sites/", include("sites.urls")),
    path("groups/", include("groups.urls")),
    path("meetings/", include("groups.public_urls")),
    path("training/", include("training.urls")),
    path("budget/", include("training.budget_urls")),
    path("evaluation/", include("evaluation.urls")),
    path("q/", include("evaluation.public_urls")),
    path("reports/", include("reports.urls")),
]

handler403 = "pilot.views.permission_denied"
handler404 = "pilot.views.page_not_found"
handler500 = "pilot.views.server_error"
