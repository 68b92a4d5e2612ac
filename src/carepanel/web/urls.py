"""The web app's URLs. tests/web/test_roles.py declares, for every pattern here and every
role, the status a request gets: adding a page means declaring who may see it."""

from __future__ import annotations

from django.urls import include, path

from carepanel.web import views
from carepanel.web.accounts import views as account_views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(),
         name="password_change"),
    path("accounts/password/done/", account_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("accounts/", include("carepanel.web.accounts.urls")),
    path("strategy/", include("carepanel.web.strategy.urls")),
    path("you-said-we-did/", include("carepanel.web.strategy.urls_you_said")),
    path("scorecard/", include("carepanel.web.scorecard_pages.urls")),
    path("uploads/", include("carepanel.web.uploads.urls")),
    path("audit/", include("carepanel.web.audit.urls")),
    path("redact/", include("carepanel.web.privacy.urls")),
]

handler400 = "carepanel.web.request_limits.bad_request"
handler403 = "carepanel.web.views.forbidden"
handler404 = "carepanel.web.views.not_found"
handler500 = "carepanel.web.views.server_error"
