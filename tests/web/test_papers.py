"""The Panel's papers for download: every paper, in every format, for every role."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest

from carepanel.web.roles import ROLES
from carepanel.web.strategy.models import Action, Priority, ProgressUpdate

from .scorecard_data import Q1, QUARTER_FIGURES, snapshot
from .support import client_for

pytestmark = pytest.mark.django_db
QUERY = f"?la=883&period={Q1.isoformat()}"
KINDS = ("scorecard", "progress")
FORMATS = ("pdf", "docx", "xlsx")


@pytest.fixture
def tracker(people: dict[str, Any]) -> Action:
    """A strategy with an action linked to two measures and a progress update."""
    priority = Priority.objects.create(title="Stable homes", order=1)
    action = Action.objects.create(priority=priority, what="Recruit twelve foster carers",
                                   owner=people["officer"], measures="3.5, 3.6",
                                   due_date=dt.date.today() + dt.timedelta(days=90))
    ProgressUpdate.objects.create(action=action, text="Six approved so far.",
                                  author=people["officer"])
    return action


def _opens(data: bytes, fmt: str) -> bool:
    """The file is what its format says: a PDF, or an Office zip with its main part."""
    if fmt == "pdf":
        return data.startswith(b"%PDF-")
    main = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[fmt]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return main in archive.namelist()


@pytest.mark.parametrize("role", ROLES)
def test_every_paper_downloads_in_every_format(role: str, people: dict[str, Any],
                                               tracker: Action) -> None:
    snapshot(Q1, QUARTER_FIGURES)
    client = client_for(people[role])
    public = role == "member"
    for kind in KINDS:
        for fmt in FORMATS:
            response = client.get(f"/scorecard/papers/{kind}.{fmt}{QUERY}")
            assert response.status_code == 200, (kind, fmt, role)
            disposition = response["Content-Disposition"]
            assert disposition.startswith(f'attachment; filename="{kind}_'), disposition
            assert disposition.endswith(f'{"_public" if public else ""}.{fmt}"'), disposition
            assert _opens(response.content, fmt), (kind, fmt, role)
