"""Keeping children unidentifiable in what members and the public read: the identifiers the
warehouse holds, published as keyed digests; the check of free text against them; and the
redaction of a stored version that should never have named a child."""

from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "carepanel.web.privacy"
    label = "privacy"
    verbose_name = "Child identifiers kept out of free text"
    default_auto_field = "django.db.models.BigAutoField"
