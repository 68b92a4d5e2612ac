"""Redacting a stored version of free text that should never have named a child.

Commentary versions and progress updates are kept as written (a paper can always say what
was said, when and by whom), so an identifier typed into one before the check on saving
existed, or a name the check cannot know, would stay for ever. An administrator can
replace such a version's text with "[redacted]". The version keeps its author and time;
the audit log records who redacted it, when and why, and the text's length, never the
text (the log holds no such text in the first place: audit.recording.Tracking). Papers
rendered from it are made again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from carepanel.web.audit.recording import record

REDACTED = "[redacted]"


@dataclass(frozen=True)
class Redactable:
    """A kind of stored version that can be redacted: its model and text field."""

    model: Any
    field: str
    noun: str


def kinds() -> dict[str, Redactable]:
    from carepanel.web.scorecard_pages.models import Commentary
    from carepanel.web.strategy.models import ProgressUpdate

    return {"commentary": Redactable(Commentary, "text", "commentary version"),
            "progress": Redactable(ProgressUpdate, "text", "progress update")}


class AlreadyRedacted(Exception):
    """The version's text was redacted before."""


def redact(kind: str, pk: int, reason: str, user: Any) -> Any:
    """Replace the text of version ``pk`` of ``kind`` with "[redacted]"; returns it."""
    from carepanel.web.scorecard_pages.models import PaperFile

    what = kinds()[kind]
    with transaction.atomic():
        row = what.model.objects.select_for_update().get(pk=pk)
        if row.redacted_at is not None:
            raise AlreadyRedacted(f"This {what.noun} was redacted on "
                                  f"{timezone.localtime(row.redacted_at):%d/%m/%Y}.")
        length = len(getattr(row, what.field))
        now = timezone.now()
        # Past the model's refusal to change a version (the one change it may undergo),
        # and past the audit signals (the event below says what happened, without text).
        models.QuerySet.update(what.model.objects.filter(pk=pk), **{
            what.field: REDACTED, "redacted_at": now, "redacted_by": user})
        record("redact", f"Redacted {what.noun} {pk}", obj=row,
               changes={"field": what.field, "characters_removed": length,
                        "reason": reason})
        PaperFile.objects.all().delete()  # a kept paper may quote it: make them again
    row.refresh_from_db()
    return row
