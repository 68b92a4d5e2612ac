"""The strategy tracker (priorities, actions, progress) and the "You said, we did" log."""

from __future__ import annotations

from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "carepanel.web.strategy"
    label = "strategy"
    verbose_name = "Strategy tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carepanel.web.audit.recording import track
        from carepanel.web.strategy import models

        for model in (models.Priority, models.Action, models.ProgressUpdate, models.YouSaidWeDid):
            track(model)
