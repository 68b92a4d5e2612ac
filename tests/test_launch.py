"""The ``carepanel`` command's first step (launch.py): a printer started before the
command line is imported, when the command will write a scorecard PDF."""

from __future__ import annotations

import pytest

from carepanel.launch import pdf_formats

SCORECARD = ["report", "scorecard", "--period-end", "2025-03-31"]


@pytest.mark.parametrize(("argv", "formats"), [
    (SCORECARD, ["pdf"]),  # PDF is the scorecard paper's default format
    ([*SCORECARD, "--format", "pdf,docx"], ["pdf", "docx"]),
    ([*SCORECARD, "-f", "XLSX,PDF"], ["xlsx", "pdf"]),
    ([*SCORECARD, "--format=html,pdf"], ["html", "pdf"]),
    ([*SCORECARD, "--jobs", "2"], ["pdf"]),
    (["report", "progress", "--strategy", "s.yaml"], ["pdf"]),  # the progress report too
    (["report", "annual", "--year", "2025"], ["pdf"]),  # and the annual report
])
def test_a_printer_starts_early_when_a_paper_will_be_written_as_pdf(
        argv: list[str], formats: list[str]) -> None:
    assert pdf_formats(argv) == formats


@pytest.mark.parametrize("argv", [
    [*SCORECARD, "--format", "docx"],  # no PDF
    [*SCORECARD, "--jobs", "1"],  # one process asked for
    [*SCORECARD, "--jobs=1"],
    [*SCORECARD, "--help"],
    ["report", "progress", "--strategy", "s.yaml", "-f", "docx"],
    ["report", "other"],  # not a paper
    ["scorecard", "--period-end", "2025-03-31"],
    [],
])
def test_no_printer_starts_for_anything_else(argv: list[str]) -> None:
    assert pdf_formats(argv) is None
