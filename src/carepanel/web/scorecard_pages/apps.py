"""Commentary and manually entered values for the scorecard's measures.

The scorecard pages themselves arrive with the scorecard integration; the records they
need (and their admin pages and audit trail) are here now.
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

        track(models.Commentary)
        track(models.ManualMeasureValue)
