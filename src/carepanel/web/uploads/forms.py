"""The upload form: a return as several CSV files or one Excel workbook."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from carepanel.web.forms import GovukForm

ALLOWED_SUFFIXES = (".csv", ".xlsx")
LA_CODE = re.compile(r"^\d{3}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        return [single(data or None, initial)]


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


class UploadForm(GovukForm):
    files = MultipleFileField(
        label="Files of the return",
        help_text="Every CSV file of one return (select them all at once), or one Excel "
                  "workbook (.xlsx) with a sheet for each table. Local files (health "
                  "assessments, personal education plans, ...) can be uploaded the same way.")
    la_code = forms.CharField(
        label="Council code", max_length=3,
        help_text="The DfE's three-digit code for the council, for example 883.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric",
                                      "spellcheck": "false"}))
    reference_date = forms.DateField(
        label="Date the return describes", required=False,
        help_text="Only for an in-year extract, such as the last day of Quarter 1. Leave "
                  "blank for the statutory return: the date is worked out from the data.")

    year = forms.CharField(
        label="Collection year", required=False, max_length=9,
        help_text="For example 2024/25. Leave blank to take it from the file names, else "
                  "from the bulk of the return's dates.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}))
    strict = forms.BooleanField(
        label="Refuse the return if any value is wrong", required=False,
        help_text="By default a return with some bad values is loaded: each bad value is "
                  "listed and left out of the figures until a corrected return comes.")

    def clean_year(self) -> int | None:
        from carepanel.ssda903.collection_year import YearError, parse_year

        text = self.cleaned_data["year"].strip()
        if not text:
            return None
        try:
            return parse_year(text)
        except YearError as e:
            raise forms.ValidationError(str(e)) from None

    def clean_la_code(self) -> str:
        code = self.cleaned_data["la_code"].strip()
        if not LA_CODE.match(code):
            raise forms.ValidationError("Council code must be three digits, like 883")
        return code

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        limit_file = settings.CAREPANEL_MAX_UPLOAD_FILE_BYTES
        limit_all = settings.CAREPANEL_MAX_UPLOAD_BYTES
        if len(files) > settings.CAREPANEL_MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                f"Select at most {settings.CAREPANEL_MAX_UPLOAD_FILES} files")
        names = []
        for f in files:
            name = str(f.name or "")
            if not name.lower().endswith(ALLOWED_SUFFIXES):
                raise forms.ValidationError(
                    f"{name or 'A file'} is not a CSV file or an Excel workbook (.xlsx)")
            if f.size is not None and f.size > limit_file:
                raise forms.ValidationError(f"{name} must be smaller than {_mb(limit_file)}")
            names.append(safe_name(name))
        if sum(f.size or 0 for f in files) > limit_all:
            raise forms.ValidationError(f"The files must be smaller than {_mb(limit_all)} in all")
        workbooks = [n for n in names if n.lower().endswith(".xlsx")]
        if workbooks and len(files) > 1:
            raise forms.ValidationError(
                "Upload one Excel workbook on its own, or CSV files only")
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise forms.ValidationError(f"Two files are named {duplicates[0]}: rename one")
        return files


class ProviderListsForm(GovukForm):
    """Ofsted's two provider lists, either or both (``provider_lists``)."""

    homes = forms.FileField(
        label="Children's homes list", required=False,
        help_text="The workbook Ofsted publishes of registered children's homes (.xlsx).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    providers = forms.FileField(
        label="Social care providers list", required=False,
        help_text="The workbook Ofsted publishes of the other social care providers, open "
                  "and closed (.xlsx).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("homes") and not data.get("providers"):
            raise forms.ValidationError("Choose a list to upload")
        for field in ("homes", "providers"):
            f = data.get(field)
            if not f:
                continue
            if not str(f.name or "").lower().endswith(".xlsx"):
                self.add_error(field, f"{safe_name(str(f.name or 'The file'))} is not an "
                                      "Excel workbook (.xlsx)")
            elif f.size is not None and f.size > settings.CAREPANEL_MAX_UPLOAD_FILE_BYTES:
                self.add_error(field, "The list must be smaller than "
                                      f"{_mb(settings.CAREPANEL_MAX_UPLOAD_FILE_BYTES)}")
        return data


MAX_NAME = 120


def safe_name(name: str) -> str:
    """The file's name without any folder part or character a file system would refuse,
    at most ``MAX_NAME`` characters: a long name is shortened before its suffix, so a
    return's ``.csv`` or ``.xlsx`` (which says how to read it) is kept."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = get_valid_filename(base) if base.strip(". ") else "upload"
    if len(cleaned) <= MAX_NAME:
        return cleaned
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or len(suffix) > 10:
        return cleaned[:MAX_NAME]
    return stem[:MAX_NAME - len(suffix) - 1] + "." + suffix
