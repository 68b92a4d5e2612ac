"""The scorecard pages: snapshots of the scorecard, commentary, manual values, measure
owners, the quarter's paper, and the papers to download.

Changes people make (commentary, values, owners, the ready flag) are audited; snapshots are
written by the background worker and audited as its recompute jobs.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
        _use_council_indicators()


def _use_council_indicators() -> None:
    """The council's own indicators (CAREPANEL_INDICATORS_DIR), read once when the server or
    the worker starts: the scorecard configuration may name them, and a bad file stops the
    start with one line naming it rather than failing a recompute later."""
    from carepanel.indicators.catalogue import IndicatorFileError, use_council_folder

    folder = settings.CAREPANEL_INDICATORS_DIR
    try:
        use_council_folder(Path(folder) if folder else None)
    except IndicatorFileError as e:
        raise ImproperlyConfigured(f"CAREPANEL_INDICATORS_DIR: {e}") from None
