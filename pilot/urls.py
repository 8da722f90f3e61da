from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from network import views_privacy
from pilot import views
from pilot.permissions import read_only_page
from pilot.ratelimits import limit

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_log, name="audit_log"),
    path("privacy/<slug:kind>/<int:pk>/export.json", views_privacy.person_export, name="person_export"),
    path("privacy/<slug:kind>/<int:pk>/erase/", views_privacy.person_erase, name="person_erase"),
    path(
        "accounts/login/",
        limit("login", method="POST")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        login_required(read_only_page(auth_views.PasswordChangeDoneView.as_view())),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("sites/", include("sites.urls")),
    path("programmes/", include("programmes.urls")),
    path("committee/", include("committee.urls")),
    path("referrals/", include("referrals.urls")),
    path("groups/", include("groups.urls")),
    path("meetings/", include("groups.public_urls")),
    path("training/", include("training.urls")),
    path("budget/", include("budget.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("q/", include("evaluation.public_urls")),
    path("reports/", include("reports.urls")),
    path("reminders/", include("reminders.urls")),
    # The network's pages share /sites/ and /training/ with those apps: after them, so that their own paths
    # (/sites/log/, /sites/applications/) are matched first.
    path("", include("network.urls")),
]

handler403 = "pilot.views.permission_denied"
handler404 = "pilot.views.page_not_found"
handler500 = "pilot.views.server_error"
