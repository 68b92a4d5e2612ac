"""What every page's layout needs: the council's name, the menu for this person, their role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from carepanel.web.roles import ROLE_LABELS, can, role_of

# (label, url name, capability needed, url-name prefixes that count as "in" this section)
NAVIGATION = (
    ("Home", "home", None, ("home",)),
    ("Scorecard", "scorecard:index", "view_scorecard",
     ("scorecard:index", "scorecard:measure", "scorecard:commentary", "scorecard:manual",
      "scorecard:owners")),
    ("Papers", "scorecard:papers", "download_papers", ("scorecard:papers",)),
    ("Strategy tracker", "strategy:tracker", "view_strategy", ("strategy:",)),
    ("You said, we did", "yousaid:list", "view_strategy", ("yousaid:",)),
    ("Uploads", "uploads:index", "upload_returns", ("uploads:",)),
    ("People", "accounts:users", "manage_users", ("accounts:user",)),
    ("Settings", "accounts:settings", "manage_settings", ("accounts:settings",)),
    ("Audit log", "audit:log", "view_audit", ("audit:",)),
)


def service(request: HttpRequest) -> dict[str, Any]:
    from carepanel.web.accounts.models import ServiceSettings

    user = getattr(request, "user", None)
    role = role_of(user)
    match = getattr(request, "resolver_match", None)
    here = match.view_name if match else ""
    items = []
    if role is not None:
        for text, name, capability, prefixes in NAVIGATION:
            if capability is None or can(user, capability):
                active = any(here.startswith(p) for p in prefixes)
                items.append({"text": text, "href": reverse(name), "active": active,
                              "current": here == name})
    return {
        "council_name": ServiceSettings.current().council_name,
        "service_name": settings.CAREPANEL_SERVICE_NAME,
        "nav_items": items,
        "user_role": role,
        "user_role_label": ROLE_LABELS.get(role or "", ""),
    }
