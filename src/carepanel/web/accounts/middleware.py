"""Session limits and caching rules for signed-in pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

LOGIN_AT = "carepanel_login_at"
LAST_SEEN = "carepanel_last_seen"


class SessionLifetimeMiddleware:
    """Sign people out after ``SESSION_IDLE_TIMEOUT`` without a request, or after
    ``SESSION_ABSOLUTE_LIFETIME`` however active they are (ASVS 7.3.1 and 7.3.2).

    Both times are kept in the session (server-side), so a client cannot extend them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            login_at = _when(request.session.get(LOGIN_AT)) or now
            last_seen = _when(request.session.get(LAST_SEEN)) or now
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_long = now - login_at > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or too_long:
                logout(request)
                messages.info(request, "You were signed out because "
                              + ("you had not used the service for a while."
                                 if idle else "your session reached its time limit.")
                              + " Sign in again to continue.")
                return redirect_to_login(request.get_full_path())
            request.session.setdefault(LOGIN_AT, now.isoformat())
            request.session[LAST_SEEN] = now.isoformat()
        return self.get_response(request)


def _when(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person must not be kept by browsers or proxies (ASVS 14.3.2):
    a shared council computer's back button should not show the last person's pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
