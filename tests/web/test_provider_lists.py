"""Ofsted's provider lists uploaded on the web: kept, and used by the uploads that follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from openpyxl import Workbook

from carepanel.web.audit.models import AuditEvent
from carepanel.web.uploads import provider_lists
from carepanel.web.uploads.models import Finding, Job

from .support import client_for
from .test_uploads import upload
from bench_harness import load


def _lists(tmp_path: Path) -> list[Path]:
    lists = load("provider_lists")
    return lists.write_lists(tmp_path / "ofsted", [
        lists.Provider("SC100001", ("K2",), ("PR4",), "RM16 2XX"),
        lists.Provider("2000003", ("K3",), ("PR4",), "RM16 2XX", list="SCP")])


def _post(client: Any, **files: Path) -> Any:
    handles = {k: open(p, "rb") for k, p in files.items()}  # noqa: SIM115
    try:
        return client.post(reverse("uploads:provider_lists"), handles, follow=True)
    finally:
        for h in handles.values():
            h.close()


def test_lists_are_kept_and_the_next_upload_is_checked_against_them(
        sync_worker: Path, people: dict[str, Any], tmp_path: Path) -> None:
    from conftest import write_return

    analyst = client_for(people["analyst"])
    homes, others = _lists(tmp_path)
    page = _post(analyst, homes=homes, providers=others).content.decode()
    assert "Children&#x27;s homes list kept: 1 providers" in page
    assert "Social care providers list kept: 1 providers" in page
    assert [p.name for p in provider_lists.stored()] == ["children_homes.xlsx",
                                                         "social_care_providers.xlsx"]
    assert AuditEvent.objects.filter(action="upload_provider_list").count() == 2
    folder = write_return(tmp_path / "ret" / "ssda903_2025", {
        "Header": [{"CHILD": "101", "SEX": "M", "DOB": "01/06/2012", "ETHNIC": "WBRI"}],
        "Episodes": [{"CHILD": "101", "DECOM": "01/05/2024", "RNE": "S", "LS": "C2",
                      "CIN": "N1", "PLACE": "K2", "PLACE_PROVIDER": "PR4",
                      "URN": "SC999999"}]})
    response = upload(analyst, folder, year="2024/25")
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert set(Finding.objects.filter(job=job, rule__in=["1008", "219"])
               .values_list("rule", flat=True)) == {"1008", "219"}


def test_a_file_that_is_not_a_list_is_refused_and_the_kept_one_stays(
        sync_worker: Path, people: dict[str, Any], tmp_path: Path) -> None:
    analyst = client_for(people["analyst"])
    homes, _ = _lists(tmp_path)
    _post(analyst, homes=homes)
    book = Workbook()
    book.active.title = "Budget"
    book.active.append(["Cost centre", "Amount"])
    book.save(tmp_path / "budget.xlsx")
    page = _post(analyst, homes=tmp_path / "budget.xlsx").content.decode()
    assert ("Children&#x27;s homes list not kept: sheet Budget: no column &#x27;URN&#x27; "
            "in row 1") in page
    kept = provider_lists.folder() / "children_homes.xlsx"
    assert kept.read_bytes() == homes.read_bytes()
    assert sorted(p.name for p in provider_lists.folder().iterdir()) == ["children_homes.xlsx"]


def test_only_analysts_upload_lists(sync_worker: Path, people: dict[str, Any],
                                    tmp_path: Path) -> None:
    homes, _ = _lists(tmp_path)
    response = _post(client_for(people["member"]), homes=homes)
    assert response.status_code == 403
    assert provider_lists.stored() == []
