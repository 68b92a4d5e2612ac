"""Forms for people and the service's settings."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from carepanel.web.accounts.models import ServiceSettings
from carepanel.web.forms import GovukForm, GovukModelForm, mark_errors, style_fields
from carepanel.web.roles import ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES

ROLE_CHOICES = [(r, f"{ROLE_LABELS[r]}: {ROLE_DESCRIPTIONS[r].lower()}") for r in ROLES]


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        style_fields(self)
        self.fields["username"].widget.attrs["class"] += " govuk-!-width-one-half"
        self.fields["password"].widget.attrs["class"] += " govuk-!-width-one-half"

    def full_clean(self) -> None:
        super().full_clean()
        mark_errors(self)


class GovukPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = "At least 12 characters, not a common password."
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        mark_errors(self)


class UserForm(GovukModelForm):
    """Add or change a person: their name, email, role, whether they can sign in, and
    (when adding, or to reset it) a password."""

    role = forms.ChoiceField(choices=ROLE_CHOICES, widget=forms.Select)
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), required=False,
        label="Password",
        help_text="At least 12 characters, not a common password. Tell them it privately.")

    class Meta:
        model = get_user_model()
        fields = ("username", "first_name", "last_name", "email", "is_active")
        labels: ClassVar[dict[str, Any]] = {"is_active": "Can sign in",
                                            "email": "Email address"}
        help_texts: ClassVar[dict[str, Any]] = {
            "username": "Letters, digits and @ . + - _ only.",
            "is_active": "Untick to stop someone signing in. People are never deleted, so "
                         "the audit log keeps who did what."}

    def __init__(self, *args: Any, acting_user: Any = None, **kwargs: Any) -> None:
        self.acting_user = acting_user
        super().__init__(*args, **kwargs)
        self.adding = self.instance.pk is None
        self.fields["password"].required = self.adding
        if not self.adding:
            self.fields["password"].label = "New password"
            self.fields["password"].help_text = "Leave blank to keep their current password."
        self.fields["username"].widget.attrs["class"] += " govuk-!-width-one-half"
        self.fields["email"].widget.attrs["class"] += " govuk-!-width-one-half"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password = data.get("password") or ""
        if password:
            # Checked against the username, names and email as typed in this form (the
            # instance does not have them yet when a person is being added), so a password
            # like the username is refused.
            person = get_user_model()(**{
                name: data.get(name, getattr(self.instance, name, ""))
                for name in ("username", "first_name", "last_name", "email")})
            try:
                password_validation.validate_password(password, person)
            except forms.ValidationError as e:
                self.add_error("password", e)
        # An administrator cannot lock themselves out (someone must be able to fix things).
        if self.acting_user is not None and self.instance.pk == self.acting_user.pk:
            if data.get("role") and data["role"] != "administrator":
                self.add_error("role", "You cannot take away your own administrator role.")
            if data.get("is_active") is False:
                self.add_error("is_active", "You cannot stop yourself signing in.")
        return data


class ServiceSettingsForm(GovukModelForm):
    class Meta:
        model = ServiceSettings
        fields = ("council_name", "suppression_threshold")
        widgets: ClassVar[dict[str, Any]] = {
            "suppression_threshold": forms.NumberInput(attrs={"class": "govuk-input--width-3"})}
        labels: ClassVar[dict[str, Any]] = {
            "council_name": "Council name", "suppression_threshold": "Small-number threshold"}


__all__ = ["GovukForm", "GovukPasswordChangeForm", "LoginForm", "ServiceSettingsForm",
           "UserForm"]
