"""Uploads of returns and local files, and the background worker's jobs."""

from __future__ import annotations

from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "carepanel.web.uploads"
    label = "uploads"
    verbose_name = "Uploads and background jobs"
    default_auto_field = "django.db.models.BigAutoField"
