"""Forms for commentary and for the values of manual measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from carepanel.web.forms import GovukForm
from carepanel.web.scorecard_pages.presentation import quarter_label


class CommentaryForm(GovukForm):
    free_text_fields = ("text",)
    text = forms.CharField(
        label="Commentary", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What lies behind the figure, and what is being done about it. Members "
                  "of the Panel read this: write for them, and never name a child.")


class ManualValueForm(GovukForm):
    free_text_fields = ("source_note",)
    period_end = forms.TypedChoiceField(label="Period", coerce=dt.date.fromisoformat)
    value = forms.DecimalField(
        label="Value", max_digits=12, decimal_places=2, min_value=Decimal(0),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal",
                                      "spellcheck": "false"}))
    numerator = forms.IntegerField(
        label="Numerator", required=False, min_value=0,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric",
                                      "spellcheck": "false"}),
        help_text="For a percentage: how many were counted, for example 8 of 10.")
    denominator = forms.IntegerField(
        label="Denominator", required=False, min_value=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric",
                                      "spellcheck": "false"}),
        help_text="For a percentage: out of how many.")
    source_note = forms.CharField(
        label="Where the figure comes from", max_length=300,
        help_text="The system, team or report, and how it was counted.")

    def __init__(self, *args: Any, unit: str, periods: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["period_end"].choices = [
            (d.isoformat(), f"{quarter_label(d)}: the 12 months to {d.day} {d:%B %Y}")
            for d in periods]
        if unit == "percent":
            self.fields["value"].help_text = "A percentage, for example 80 for 80%."
        elif unit == "count":
            self.fields["value"].help_text = "A whole number."
            del self.fields["numerator"], self.fields["denominator"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value = data.get("value")
        n, d = data.get("numerator"), data.get("denominator")
        if value is None:
            return data
        if self.unit == "count" and value != value.to_integral_value():
            self.add_error("value", "Value must be a whole number")
        if self.unit == "percent" and value > 100:
            self.add_error("value", "Value must be a percentage from 0 to 100")
        if (n is None) != (d is None):
            self.add_error("denominator" if d is None else "numerator",
                           "Enter both the numerator and the denominator, or neither")
        elif n is not None and d is not None:
            if n > d and self.unit == "percent":
                self.add_error("numerator", "Numerator must not be more than the denominator")
            else:
                worked = Decimal(n) / Decimal(d) * (100 if self.unit == "percent" else 1)
                if abs(worked - value) > Decimal("0.5"):
                    self.add_error("value", f"Value {value} does not match {n} out of {d} "
                                            f"(which gives {worked:.1f})")
                else:
                    # As the scorecard's manual-values file does: a value typed rounded
                    # (33 for 1 of 3) is kept as worked out from its parts.
                    data["value"] = worked.quantize(Decimal("0.01"))
        return data
