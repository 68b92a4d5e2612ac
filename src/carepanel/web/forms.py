"""Django forms drawn as GOV.UK Design System components.

Forms inherit ``GovukForm``; templates draw each field with ``govuk/field.html`` and the
errors at the top with ``govuk/error_summary.html``. Writing the markup by hand keeps us on
the current GOV.UK Frontend without a form library that lags it.
"""

from __future__ import annotations

from typing import Any

from django import forms

from carepanel.dates import TYPED_FORMATS

DATE_HINT = "For example, 31/3/2026"


class GovukForm(forms.Form):
    """Adds GOV.UK classes to widgets, and the error classes to fields that have errors.

    ``free_text_fields``: fields members or the papers may show, refused when they name a
    child (``privacy.identifiers.check_form``)."""

    free_text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        _check_free_text(self)
        mark_errors(self)


class GovukModelForm(forms.ModelForm):
    free_text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        _check_free_text(self)
        mark_errors(self)


def _check_free_text(form: forms.BaseForm) -> None:
    if form.is_bound and getattr(form, "free_text_fields", ()):
        from carepanel.web.privacy.identifiers import check_form

        check_form(form)


_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


def style_fields(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        css = next((c for t, c in _CLASSES.items() if isinstance(widget, t)), "govuk-input")
        extra = widget.attrs.get("class", "")
        widget.attrs["class"] = f"{css} {extra}".strip()
        widget.attrs.setdefault("id", f"id_{name}")
        if isinstance(field, forms.DateField):
            field.input_formats = list(TYPED_FORMATS)
            widget.format = "%d/%m/%Y"
            widget.attrs["class"] += " govuk-input--width-10"
            if DATE_HINT not in str(field.help_text):
                field.help_text = f"{field.help_text} {DATE_HINT}".strip()
        if field.help_text:
            widget.attrs["aria-describedby"] = f"id_{name}-hint"
        _say_what_is_wrong(field)


def _say_what_is_wrong(field: forms.Field) -> None:
    """GOV.UK error messages say what to do ("Enter the progress"), not "This field is
    required"."""
    label = str(field.label or "a value")
    lowered = label[0].lower() + label[1:]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        field.error_messages["required"] = f"Select {lowered}"
    elif isinstance(field, forms.FileField):
        field.error_messages["required"] = "Select a file"
    else:
        field.error_messages["required"] = f"Enter {lowered}"
    if isinstance(field, forms.DateField):
        field.error_messages["invalid"] = (
            f"{label} must be a real date, for example 31/3/2026")


def mark_errors(form: forms.BaseForm) -> None:
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        base = widget.attrs.get("class", "").split()[0] if widget.attrs.get("class") else ""
        if base in ("govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"):
            widget.attrs["class"] += f" {base}--error"
        described = [f"id_{name}-hint"] if form.fields[name].help_text else []
        widget.attrs["aria-describedby"] = " ".join([*described, f"id_{name}-error"])
