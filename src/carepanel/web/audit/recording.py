"""Writing the audit log: who is acting, and an event for every change to a tracked model.

Changes are caught with Django's model signals rather than in each view, so a change made
anywhere (a page, an import, a management command) is recorded the same
way. The person acting is carried in a context variable: ``AuditActorMiddleware`` sets it
for each request, and code outside a request uses ``acting_as(user)``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from carepanel.web.audit.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    user: Any = None  # a User, or None for the system
    ip_address: str | None = None


_NOBODY = Actor()
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("carepanel_audit_actor",
                                                                default=_NOBODY)


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting_as(user: Any, ip_address: str | None = None) -> Iterator[None]:
    """Record changes made inside the block as made by ``user``."""
    token = _actor.set(Actor(user if user is not None and user.is_authenticated else None,
                             ip_address))
    try:
        yield
    finally:
        _actor.reset(token)


def object_type(obj_or_model: Any) -> str:
    """``app_label.model`` (e.g. ``strategy.action``): the type as the audit log names it."""
    return obj_or_model._meta.label_lower


def record(action: str, summary: str, *, obj: Any = None, changes: dict[str, Any] | None = None,
           actor: Any = "current", ip_address: str | None = None,
           object_type_name: str = "", object_id: str = "") -> AuditEvent:
    """Write one event. ``actor`` defaults to whoever is acting (see ``acting_as``)."""
    current = current_actor()
    user = current.user if actor == "current" else actor
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type_name = object_type(obj)
        object_id = str(obj.pk)
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        ip_address=ip_address or current.ip_address,
        action=action,
        object_type=object_type_name,
        object_id=object_id,
        summary=summary[:500],
        changes=changes or {},
    )


# --- model changes ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Tracking:
    """How one model is audited: fields left out entirely, fields whose values are secret
    (the event says they changed, not what to), free text that members or the papers show
    (the event gives its length, never the words: the log is append-only, so a child named
    by mistake could never be taken out of it; the text's versions are kept, and redacted,
    in their own rows), and how the event names a row (None: ``str`` of it)."""

    exclude: frozenset[str]
    secret: frozenset[str]
    texts: frozenset[str] = frozenset()
    label: Callable[[Any], str] | None = None


_TRACKED: dict[type[models.Model], Tracking] = {}


def _values(instance: models.Model, tracking: Tracking) -> dict[str, Any]:
    values = {}
    for field in instance._meta.concrete_fields:
        # Automatic "last changed" timestamps say nothing the event's own time does not.
        if field.name in tracking.exclude or getattr(field, "auto_now", False):
            continue
        key = field.attname if field.is_relation else field.name
        values[key] = field.value_from_object(instance)
    return values


def _label(instance: models.Model) -> str:
    tracking = _TRACKED.get(type(instance))
    text = tracking.label(instance) if tracking and tracking.label else str(instance)
    return text if len(text) <= 80 else text[:77] + "..."


def _shown(key: str, value: Any, tracking: Tracking) -> Any:
    if key in tracking.secret:
        return "(changed)"
    if key in tracking.texts:
        return f"(text, {len(value)} characters)" if value else ""
    return value


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False,
              **kwargs: Any) -> None:
    tracking = _TRACKED.get(sender)
    if tracking is None or raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    before = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = (  # type: ignore[attr-defined]
        _values(before, tracking) if before is not None else None)


def _post_save(sender: type[models.Model], instance: models.Model, created: bool,
               raw: bool = False, **kwargs: Any) -> None:
    tracking = _TRACKED.get(sender)
    if tracking is None or raw:
        return
    after = _values(instance, tracking)
    name = sender._meta.verbose_name
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {k: _shown(k, v, tracking) for k, v in after.items()}
        record("create", f"Added {name} “{_label(instance)}”", obj=instance, changes=changes)
        return
    changed = {k: [_shown(k, before.get(k), tracking), _shown(k, v, tracking)]
               for k, v in after.items() if before.get(k) != v}
    if not changed:
        return  # saved without a change worth recording (e.g. only last_login moved)
    fields = ", ".join(k.removesuffix("_id").replace("_", " ") for k in changed)
    record("update", f"Changed {name} “{_label(instance)}”: {fields}", obj=instance,
           changes=changed)


def _pre_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    tracking = _TRACKED.get(sender)
    if tracking is not None:
        instance._audit_deleted = {  # type: ignore[attr-defined]
            k: _shown(k, v, tracking) for k, v in _values(instance, tracking).items()}


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender not in _TRACKED:
        return
    record("delete", f"Deleted {sender._meta.verbose_name} “{_label(instance)}”", obj=instance,
           changes=getattr(instance, "_audit_deleted", {}))


def track(model: type[models.Model], exclude: Iterable[str] = (),
          secret: Iterable[str] = (), texts: Iterable[str] = (),
          label: Callable[[Any], str] | None = None) -> None:
    """Audit every creation, change and deletion of ``model`` (see ``Tracking``)."""
    _TRACKED[model] = Tracking(frozenset(exclude), frozenset(secret), frozenset(texts), label)
    uid = f"carepanel-audit-{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre-save")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post-save")
    pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid + "-pre-delete")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-post-delete")


# --- roles (group membership) -----------------------------------------------------------------

def _groups_changed(sender: Any, instance: Any, action: str, reverse: bool, model: Any,
                    pk_set: set[int] | None, **kwargs: Any) -> None:
    """A role change: a user added to or removed from a group (from either side)."""
    user_model = get_user_model()
    if action == "pre_clear":
        # Remember what is about to go, since post_clear is not told.
        instance._audit_cleared = (  # type: ignore[attr-defined]
            set(instance.user_set.values_list("pk", flat=True)) if reverse
            else set(instance.groups.values_list("pk", flat=True)))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = "added" if action == "post_add" else "removed"
    ids = pk_set if action != "post_clear" else getattr(instance, "_audit_cleared", set())
    if not ids:
        return
    if reverse:  # group.user_set.add(user, ...): one event per user
        pairs = [(u, [instance.name]) for u in user_model._base_manager.filter(pk__in=ids)]
    else:
        names = sorted(model._base_manager.filter(pk__in=ids).values_list("name", flat=True))
        pairs = [(instance, names)]
    for user, names in pairs:
        user.__dict__.pop("_carepanel_role", None)
        record("role_change",
               f"{'Gave' if verb == 'added' else 'Took'} {user.get_username()} "
               f"{'role' if len(names) == 1 else 'roles'} {', '.join(names)}"
               f"{'' if verb == 'added' else ' away'}",
               obj=user, changes={verb: names})


# --- signing in and out -----------------------------------------------------------------------

def _client_ip(request: Any) -> str | None:
    from carepanel.web.client_ip import client_ip

    return client_ip(request) if request is not None else None


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("login", f"{user.get_username()} signed in", obj=user, actor=user,
           ip_address=_client_ip(request))


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("logout", f"{user.get_username()} signed out", obj=user, actor=user,
               ip_address=_client_ip(request))


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    # Django has already masked the password in ``credentials``; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    record("login_failed", f"Failed sign-in for “{username}”", actor=None,
           ip_address=_client_ip(request), object_type_name="auth.user",
           changes={"username": username})


def _locked_out(sender: Any, request: Any, username: str | None = None,
                ip_address: str | None = None, **kwargs: Any) -> None:
    record("locked_out", f"Sign-in locked for “{username or ''}” after repeated failures",
           actor=None, ip_address=ip_address or _client_ip(request),
           object_type_name="auth.user", changes={"username": username or ""})


def connect_auth_signals() -> None:
    from axes.signals import user_locked_out

    user_model = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="carepanel-audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="carepanel-audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="carepanel-audit-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="carepanel-audit-locked-out")
    m2m_changed.connect(_groups_changed, sender=user_model.groups.through,
                        dispatch_uid="carepanel-audit-groups")
