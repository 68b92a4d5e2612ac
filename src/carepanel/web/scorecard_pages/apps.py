"""The scorecard pages: snapshots of the scorecard, commentary, manual values, measure
owners, the quarter's paper, and the papers to download.

Changes people make (commentary, values, owners, the ready flag) are audited; snapshots are
written by the background worker and audited as its recompute jobs.
"""

from __future__ import annotations

from django.apps import AppConfig


class ScorecardPagesConfig(AppConfig):
    name = "carepanel.web.scorecard_pages"
    label = "scorecard_pages"
    verbose_name = "Scorecard commentary and manual values"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepanel.web.audit.recording import track
        from carepanel.web.scorecard_pages import models

        track(models.Commentary, texts={"text"})
        track(models.ManualMeasureValue, texts={"source_note"})
        track(models.MeasureOwner)
        track(models.PanelPaper)
