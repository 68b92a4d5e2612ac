"""The printer processes that write papers beside the figures (reports/printers.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carepanel.reports.printers import Printers

from report_fixtures import synthetic

SCORECARD = ["report", "scorecard", "--period-end", "2025-03-31"]


def _slow_pid(x: int) -> tuple[int, int]:
    time.sleep(0.05)
    return x * 2, os.getpid()


def _fails(x: int) -> int:
    raise ValueError(f"paper {x} cannot be written")


def test_papers_come_back_in_order_from_every_printer() -> None:
    """A printer started early (one) and the ones added when there are more papers share
    the work; the papers come back in the order they were given."""
    with Printers(["html"], 1) as printers:
        printers.grow(2)
        assert printers.workers == 2
        out = printers.map(_slow_pid, list(range(12)))
    assert [x for x, _ in out] == [2 * k for k in range(12)]
    assert len({pid for _, pid in out}) == 2
    assert os.getpid() not in {pid for _, pid in out}


def test_the_heaviest_papers_go_to_different_printers() -> None:
    """Papers come heaviest first (two PDFs, then Word, then Excel): the early printer and
    the one added each get a PDF, not one printer both while the other has the light
    files (it was 7.1 s for the six files of the quarterly cycle, then 5.5 s)."""
    with Printers(["html"], 1) as printers:
        printers.grow(2)
        out = printers.map(_slow_pid, list(range(4)))
    assert out[0][1] != out[1][1]


def test_growing_to_fewer_printers_starts_none() -> None:
    with Printers(["html"], 2) as printers:
        printers.grow(1)
        assert printers.workers == 2


def test_a_paper_that_fails_fails_the_command() -> None:
    with Printers(["html"], 1) as printers, pytest.raises(ValueError, match="paper 0"):
        printers.map(_fails, [0, 1])


def _carepanel(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "carepanel", *args], capture_output=True,
                          text=True, timeout=300, check=False)


def test_the_scorecard_pdf_is_written_by_the_early_printer(tmp_path: Path, poppler: None
                                                           ) -> None:
    """The one PDF of the command is printed in two halves at once and bound
    (reports/pdf_parts.py): every page is numbered in order and the contents' page
    numbers are the pages the chapters start on."""
    _, warehouse = synthetic()
    out = tmp_path / "paper.pdf"
    done = _carepanel(*SCORECARD, "--warehouse", str(warehouse), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert f"Wrote {out}" in done.stdout
    pages = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")[:-1]
    assert [f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1)] == \
        [True] * len(pages)
    contents = dict(re.findall(r"^\s*(\d+)\. [^\n]*?(\d+)\s*$", pages[0], re.MULTILINE))
    assert len(contents) == 12
    for chapter, page in contents.items():
        assert re.search(rf"^\s*{chapter} [A-Z]", pages[int(page) - 1], re.MULTILINE), chapter
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert len(fonts) > 3  # the frame and each half embed their own subsets: bound


@pytest.mark.parametrize("paper", ["progress", "annual"])
def test_the_progress_and_annual_reports_are_printed_early_too(tmp_path: Path,
                                                               paper: str) -> None:
    _, warehouse = synthetic()
    examples = Path(__file__).resolve().parents[2] / "src" / "carepanel" / "reports" / "examples"
    out = tmp_path / f"{paper}.pdf"
    given = (["--strategy", str(examples / "strategy.yaml"), "--as-of", "2025-03-31",
              "--council-name", "Anytown Council"]
             if paper == "progress" else ["--year", "2025"])
    done = _carepanel("report", paper, *given, "--warehouse", str(warehouse),
                      "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert f"Wrote {out}" in done.stdout
    assert out.read_bytes().startswith(b"%PDF")


def test_a_command_that_fails_before_printing_says_why_and_stops(tmp_path: Path) -> None:
    """The early printer is stopped with the command: one line, no traceback, no process
    left behind holding the terminal."""
    done = _carepanel(*SCORECARD, "--warehouse", str(tmp_path / "none.duckdb"),
                      "--output", str(tmp_path / "paper.pdf"))
    assert done.returncode == 1
    assert "no warehouse at" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "paper.pdf").exists()
