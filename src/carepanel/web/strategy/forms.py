"""Forms for the strategy tracker and the "You said, we did" log."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model

from carepanel.web.forms import GovukForm, GovukModelForm
from carepanel.web.roles import ADMINISTRATOR, ANALYST, OFFICER
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate, YouSaidWeDid


class OwnerChoiceField(forms.ModelChoiceField):
    """People who can own work: active officers, analysts and administrators, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def owners() -> Any:
    return (get_user_model().objects.filter(is_active=True)
            .filter(groups__name__in=(OFFICER, ANALYST, ADMINISTRATOR)).distinct()
            .order_by("first_name", "last_name", "username"))


class PriorityForm(GovukModelForm):
    free_text_fields = ("title", "description")
    class Meta:
        model = Priority
        fields = ("title", "description", "order")
        widgets: ClassVar[dict[str, Any]] = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "order": forms.NumberInput(attrs={"class": "govuk-input--width-3"})}
        labels: ClassVar[dict[str, Any]] = {
            "title": "Title", "description": "What this priority is about"}


class ActionForm(GovukModelForm):
    free_text_fields = ("what",)
    owner = OwnerChoiceField(queryset=owners(), required=False, empty_label="No owner yet")

    class Meta:
        model = Action
        fields = ("priority", "what", "due_date", "owner", "status", "measures")
        widgets: ClassVar[dict[str, Any]] = {"what": forms.Textarea(attrs={"rows": 4})}
        labels: ClassVar[dict[str, Any]] = {
            "what": "What we will do", "due_date": "When (due date)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners()
        self.fields["status"].help_text = ("An action past its due date that is not complete "
                                           "is shown as Overdue.")
        self.fields["measures"].widget.attrs["class"] += " govuk-input--width-20"


class ProgressUpdateForm(GovukModelForm):
    free_text_fields = ("text",)
    class Meta:
        model = ProgressUpdate
        fields = ("date", "text", "new_status")
        widgets: ClassVar[dict[str, Any]] = {"text": forms.Textarea(attrs={"rows": 5})}
        labels: ClassVar[dict[str, Any]] = {"date": "Date of this update", "text": "Progress"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(self.fields["new_status"].choices)
        self.fields["new_status"].choices = [("", "Keep the current status"),
                                             *[c for c in choices if c[0]]]


class YouSaidWeDidForm(GovukModelForm):
    free_text_fields = ("you_said", "we_did")
    owner = OwnerChoiceField(queryset=owners(), required=False, empty_label="No owner yet")

    class Meta:
        model = YouSaidWeDid
        fields = ("date", "you_said", "we_did", "status", "owner")
        widgets: ClassVar[dict[str, Any]] = {
            "you_said": forms.Textarea(attrs={"rows": 4}),
            "we_did": forms.Textarea(attrs={"rows": 4})}
        labels: ClassVar[dict[str, Any]] = {
            "you_said": "What young people said", "we_did": "What we did"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners()


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file or an Excel workbook (.xlsx) with the same columns as the "
                  "export. Rows with an Action ID change that action; rows without one add a "
                  "new action.")
