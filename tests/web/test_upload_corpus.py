"""The malformed-return corpus (tests/ssda903/corpus.py) through the web upload page.

One variant of every kind that can be uploaded as files (a browser cannot send a symbolic
link, a pipe or a file it cannot read), through the real form and the worker, exactly as an
analyst uploads a return: never a failed job (a traceback behind the page), a refusal for
what cannot be read, a load for what can.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from carepanel.web.uploads.models import Job, JobStatus
from ssda903.corpus import ERRORS, LOADS, REFUSED, Variant, variants

from .support import client_for


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Variant]:
    return variants(tmp_path_factory.mktemp("corpus"))


def test_the_upload_page_refuses_or_loads_one_of_every_kind(
        corpus: list[Variant], settings: Any, tmp_path: Path, people: dict[str, Any]) -> None:
    settings.CAREPANEL_WORKER_SYNC = True
    settings.CAREPANEL_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    analyst = client_for(people["analyst"])
    tried = Counter()
    wrong = []
    for v in corpus:
        files = uploadable(v)
        if files is None or tried[v.kind]:
            continue
        tried[v.kind] += 1
        handles = [open(p, "rb") for p in files]  # noqa: SIM115
        try:
            response = analyst.post("/uploads/", {"files": handles, "la_code": "883"})
        finally:
            for h in handles:
                h.close()
        if response.status_code != 302:  # the form refused it (a name or size)
            page = response.content.decode()
            if "There is a problem" not in page:
                wrong.append((v.id, response.status_code))
            continue
        job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
        if job.status == JobStatus.FAILED:
            wrong.append((v.id, job.summary))
        elif v.expect == REFUSED and v.stage != "load" and job.status != JobStatus.REFUSED:
            wrong.append((v.id, v.expect, job.status))
        elif v.expect in (LOADS, ERRORS) and job.status != JobStatus.LOADED:
            wrong.append((v.id, v.expect, job.status, job.summary))
    assert len(tried) >= 30
    assert wrong == []


def uploadable(v: Variant) -> list[Path] | None:
    """The variant's files as a browser would send them, or None when it cannot be sent."""
    files = []
    for path in sorted(v.path.rglob("*")):
        if path.is_symlink() or not path.exists():
            return None
        if path.is_file():
            if not path.name.isascii() or not path.stat().st_mode & 0o444:
                return None
            files.append(path)
        elif not path.is_dir() or path.suffix.lower() in (".csv", ".xlsx"):
            return None  # a pipe, or a folder named like a file: no browser sends those
    if not files or len({p.parent for p in files}) > 1:
        return None
    return files
