"""A scorecard saved by an earlier carepanel, shown as a page that says what to do.

Pages read a snapshot's figures through ``ScorecardSnapshot.figures()``, which raises
``SnapshotOutdated`` for a snapshot saved before the worker kept them. Rather than every
view checking, any page that meets one says so here, whichever page it is (the scorecard,
a measure, a paper): the scorecard must be recalculated, and a full recalculation rewrites
every snapshot.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from carepanel.web.roles import can
from carepanel.web.scorecard_pages.models import SnapshotOutdated


class SnapshotOutdatedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest,
                          exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SnapshotOutdated):
            return None
        return render(request, "scorecard_pages/outdated.html", {
            "message": str(exception),
            "can_recompute": can(request.user, "run_computations")})
