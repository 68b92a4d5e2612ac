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

        # The log keeps no text members read (see audit.recording.Tracking): rows are
        # named by number, and free text by its length.
        track(models.Priority, texts={"title", "description"},
              label=lambda p: f"priority {p.pk}")
        track(models.Action, texts={"what"}, label=lambda a: f"action {a.pk}")
        track(models.ProgressUpdate, texts={"text"},
              label=lambda u: f"update {u.pk} on action {u.action_id}")
        track(models.YouSaidWeDid, texts={"you_said", "we_did"},
              label=lambda y: f"entry {y.pk} of {y.date:%d/%m/%Y}")
