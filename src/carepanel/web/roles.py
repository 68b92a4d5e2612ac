"""Who may do what: the four roles and every permission decision the web app makes.

All access rules live here, so they can be read (and reviewed) in one place; views ask
``can(user, capability)`` and never test roles themselves. The home page's table of what
each role can do is generated from ``CAPABILITIES`` below, so the page cannot drift from the
rules that are enforced.

A role is a Django group of the same name. A person normally has one; if they have more,
the most senior counts (``ROLES`` is in order of seniority). Superusers are administrators.

- administrator: manages people, roles and the service's settings; reads the audit log.
- analyst: uploads returns, sees validation findings (which name children), runs the
  computations, and keeps the strategy tracker in order.
- officer: owns measures and actions; writes commentary and progress updates on what they own.
- member: a councillor on the Panel or a young person on the Children in Care Council; reads
  aggregate figures only, never a child identifier, and small numbers are suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ADMINISTRATOR = "administrator"
ANALYST = "analyst"
OFFICER = "officer"
MEMBER = "member"

ROLES: tuple[str, ...] = (ADMINISTRATOR, ANALYST, OFFICER, MEMBER)
ROLE_LABELS = {
    ADMINISTRATOR: "Administrator",
    ANALYST: "Analyst",
    OFFICER: "Officer",
    MEMBER: "Member",
}
ROLE_DESCRIPTIONS = {
    ADMINISTRATOR: "People who run the service for the council",
    ANALYST: "Performance and data team",
    OFFICER: "Managers who own measures and actions",
    MEMBER: "Councillors on the Panel and young people on the Children in Care Council",
}


@dataclass(frozen=True)
class Capability:
    """One thing a person can do, the roles that may do it, and how the home page says it."""

    name: str
    description: str
    roles: frozenset[str]
    available: bool = True  # False: arrives with a later part of the service


def _cap(name: str, description: str, *roles: str, available: bool = True) -> Capability:
    return Capability(name, description, frozenset(roles), available)


CAPABILITIES: dict[str, Capability] = {c.name: c for c in (
    _cap("view_strategy", "Read the strategy tracker and the \"You said, we did\" log",
         ADMINISTRATOR, ANALYST, OFFICER, MEMBER),
    _cap("export_strategy", "Download the strategy tracker as CSV or Excel",
         ADMINISTRATOR, ANALYST, OFFICER, MEMBER),
    _cap("add_progress_own", "Add progress updates to the actions they own",
         ADMINISTRATOR, ANALYST, OFFICER),
    _cap("edit_strategy", "Add and change priorities and actions, and update any action",
         ADMINISTRATOR, ANALYST),
    _cap("import_strategy", "Import the strategy tracker from CSV or Excel",
         ADMINISTRATOR, ANALYST),
    _cap("edit_you_said", "Record what young people said and what we did",
         ADMINISTRATOR, ANALYST, OFFICER),
    _cap("view_scorecard", "Read the scorecard and each measure's trend (members: small "
         "numbers suppressed)", ADMINISTRATOR, ANALYST, OFFICER, MEMBER),
    _cap("download_papers", "Download the Panel's papers (members: the public version)",
         ADMINISTRATOR, ANALYST, OFFICER, MEMBER),
    _cap("write_commentary", "Write commentary on, and enter the values of, the measures "
         "they own", ADMINISTRATOR, ANALYST, OFFICER),
    _cap("comment_any_measure", "Write commentary on, and enter the values of, any measure",
         ADMINISTRATOR, ANALYST),
    _cap("mark_paper_ready", "Mark the quarter's paper ready, once every Red measure has "
         "commentary", ADMINISTRATOR, ANALYST),
    _cap("upload_returns", "Upload returns and see validation findings that name children",
         ANALYST),
    _cap("run_computations", "Recompute indicators and the scorecard",
         ANALYST),
    _cap("manage_owners", "Say who owns each measure",
         ADMINISTRATOR),
    _cap("manage_users", "Add people, change their role, and deactivate them",
         ADMINISTRATOR),
    _cap("manage_settings", "Change the service's settings, such as the council's name",
         ADMINISTRATOR),
    _cap("view_audit", "Read the audit log of every change",
         ADMINISTRATOR),
    _cap("redact_text", "Redact a commentary version or progress update that named a child",
         ADMINISTRATOR),
)}

# Only analysts see child identifiers (in validation findings); members never do, and the
# pages members see apply small-number suppression.
SEES_CHILD_IDENTIFIERS = frozenset({ANALYST})
# Council staff read the figures as computed; everyone else (members) reads them with small
# numbers suppressed, as in the public version of the Panel's papers.
SEES_UNSUPPRESSED_FIGURES = frozenset({ADMINISTRATOR, ANALYST, OFFICER})


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> str | None:
    """The user's role (the most senior of their groups), or None if they have none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return ADMINISTRATOR
    cached = getattr(user, "_carepanel_role", "unset")
    if cached != "unset":
        return cached
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
    role = next((r for r in ROLES if r in names), None)
    user._carepanel_role = role  # type: ignore[union-attr]
    return role


def can(user: Any, capability: str) -> bool:
    """Whether ``user`` may do ``capability`` (a key of ``CAPABILITIES``)."""
    return role_of(user) in CAPABILITIES[capability].roles


def can_add_progress(user: Any, action: Any) -> bool:
    """Progress on an action: its owner (an officer or above), or anyone who edits strategy."""
    if can(user, "edit_strategy"):
        return True
    return can(user, "add_progress_own") and action.owner_id == user.pk


def sees_child_identifiers(user: Any) -> bool:
    """Validation findings name children: only analysts, who fix the records, see them."""
    return role_of(user) in SEES_CHILD_IDENTIFIERS


def sees_unsuppressed_figures(user: Any) -> bool:
    """Staff see figures as computed; members see small numbers suppressed."""
    return role_of(user) in SEES_UNSUPPRESSED_FIGURES


def can_work_on_measure(user: Any, owner_ids: set[int] | frozenset[int]) -> bool:
    """Commentary and manual values for a measure: its owners (officers and above), or
    anyone who may work on any measure. ``owner_ids`` are the measure's owners' keys."""
    if can(user, "comment_any_measure"):
        return True
    return can(user, "write_commentary") and user.pk in owner_ids


def capability_table() -> list[dict[str, Any]]:
    """Rows for the home page: each capability with a yes/no per role."""
    return [
        {"description": c.description, "available": c.available,
         "roles": [r in c.roles for r in ROLES]}
        for c in CAPABILITIES.values()
    ]


def require(capability: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: signed-out people go to the login page; others need ``capability``.

    A signed-in person without the capability gets 403 Forbidden (not a login page, which
    would suggest that signing in again might help).
    """
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied(f"needs {capability}")
            return view(request, *args, **kwargs)

        wrapped.carepanel_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator
