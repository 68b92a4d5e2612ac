"""The home page, the accessibility statement and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from carepanel.web.roles import ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, capability_table, role_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    return render(request, "home.html", {
        "roles": [{"key": r, "label": ROLE_LABELS[r], "description": ROLE_DESCRIPTIONS[r],
                   "mine": r == role} for r in ROLES],
        "capabilities": capability_table(),
        "role": role,
    })


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


class Explained404(Http404):
    """A page that does not exist, with a message written for the reader (what was asked
    for, and what there is instead), shown on the 404 page."""


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    explained = str(exception) if isinstance(exception, Explained404) else ""
    return render(request, "404.html", {"explained": explained}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors' database reads here: the error may be the database itself.
    return render(request, "500.html", status=500)
