"""Signing in and out, people and roles, and the service's settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from carepanel.web.accounts.forms import (
    GovukPasswordChangeForm,
    LoginForm,
    ServiceSettingsForm,
    UserForm,
)
from carepanel.web.accounts.models import ServiceSettings
from carepanel.web.accounts.services import lift_sign_in_lock, set_role, sign_in_locked
from carepanel.web.audit.recording import record
from carepanel.web.roles import ADMINISTRATOR, ROLE_LABELS, ROLES, require


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, so a link on another site cannot sign someone out)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


@require("manage_users")
def users(request: HttpRequest) -> HttpResponse:
    people = list(get_user_model().objects.prefetch_related("groups")
                  .order_by("-is_active", "username"))
    rows = [{"user": u, "role": ROLE_LABELS.get(_role_ignoring_active(u) or "", "No role")}
            for u in people]
    return render(request, "accounts/users.html", {"rows": rows})


def _role_ignoring_active(user: Any) -> str | None:
    """The role someone holds, even while they cannot sign in (``role_of`` says None)."""
    if user.is_superuser:
        return ADMINISTRATOR
    names = {g.name for g in user.groups.all()}
    return next((r for r in ROLES if r in names), None)


@require_http_methods(["GET", "POST"])
@require("manage_users")
def user_add(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_password(form.cleaned_data["password"])
            user.save()
            set_role(user, form.cleaned_data["role"])
        messages.success(request, f"{user.get_username()} added as "
                                  f"{ROLE_LABELS[form.cleaned_data['role']].lower()}.")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "adding": True})


@require_http_methods(["GET", "POST"])
@require("manage_users")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    form = UserForm(request.POST or None, instance=person, acting_user=request.user,
                    initial={"role": _role_ignoring_active(person) or "member"})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            if form.cleaned_data["password"]:
                user.set_password(form.cleaned_data["password"])
            user.save()
            set_role(user, form.cleaned_data["role"])
        messages.success(request, f"Changes to {user.get_username()} saved.")
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html",
                  {"form": form, "adding": False, "person": person,
                   "locked": sign_in_locked(person.get_username())})


@require_POST
@require("manage_users")
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift a sign-in lock before its cool-off ends (someone who mistyped their password
    five times and has a meeting to read for)."""
    person = get_object_or_404(get_user_model(), pk=pk)
    username = person.get_username()
    if lift_sign_in_lock(username):
        record("sign_in_unlocked", f"Sign-in lock lifted for {username}",
               object_type_name="auth.user", object_id=str(person.pk),
               changes={"username": username})
        messages.success(request, f"{username} can sign in again.")
    else:
        messages.info(request, f"{username} was not locked out.")
    return redirect("accounts:user_edit", pk=person.pk)


@require_http_methods(["GET", "POST"])
@require("manage_settings")
def service_settings(request: HttpRequest) -> HttpResponse:
    form = ServiceSettingsForm(request.POST or None, instance=ServiceSettings.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
