"""Tell the audit log who is acting for the length of each request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from carepanel.web.audit.recording import acting_as
from carepanel.web.client_ip import client_ip


class AuditActorMiddleware:
    """Changes made while handling a request are recorded as made by its signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None), client_ip(request)):
            return self.get_response(request)
