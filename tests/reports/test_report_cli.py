"""``carepanel report`` as a user runs it, and the promise every paper keeps: no child's
identifier ever appears in one, in any format."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from typer.testing import CliRunner

from carepanel.reports import render
from carepanel.reports.cli import app
from carepanel.reports.model import Report

from report_fixtures import (
    CONFIG,
    MANUAL_CSV,
    child_identifiers,
    small_history,
    synthetic,
    synthetic_papers,
)

runner = CliRunner()
EXAMPLES = Path(render.__file__).parent / "examples"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_history(tmp_path_factory.mktemp("history"))


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    config = tmp_path / "scorecard.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    manual = tmp_path / "values.csv"
    manual.write_text(MANUAL_CSV, encoding="utf-8")
    return ["--config", str(config), "--manual", str(manual)]


def scorecard(warehouse: Path, inputs: list[str], *args: str):
    return runner.invoke(app, ["scorecard", "--period-end", "2025-03-31", "--warehouse",
                               str(warehouse), *inputs, *args])


def test_scorecard_paper_is_written_and_a_missing_commentary_is_said(
        tmp_path: Path, warehouse: Path, inputs: list[str]) -> None:
    out = tmp_path / "paper.html"
    result = scorecard(warehouse, inputs, "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out}\n"
    assert "Warning: Council 883: commentary missing for Red measure(s) 3.1" in " ".join(
        result.stderr.split())
    assert "Commentary missing" in out.read_text(encoding="utf-8")


def test_every_format_is_written_under_its_default_name(
        tmp_path: Path, warehouse: Path, inputs: list[str]) -> None:
    commentary = tmp_path / "commentary.yaml"
    commentary.write_text('period_end: 2025-03-31\ncommentary:\n  "3.1": Carers are full.\n',
                          encoding="utf-8")
    for fmt in ("docx", "xlsx", "html"):
        result = scorecard(warehouse, inputs, "--format", fmt, "--output", str(tmp_path),
                           "--public", "--commentary", str(commentary), "--council-name",
                           "Testshire", "--meeting-date", "2025-05-20")
        assert result.exit_code == 0, result.output
        path = tmp_path / f"scorecard_883_2025-03-31_public.{fmt}"
        assert result.stdout == f"Wrote {path}\n" and path.stat().st_size > 0
        assert result.stderr == ""  # public: 3.1 is suppressed, so it is not Red
    assert "Testshire" in (tmp_path / "scorecard_883_2025-03-31_public.html").read_text(
        encoding="utf-8")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--format", "pptx"], 2, "--format must be one of pdf, docx, xlsx, html"),
    (["--meeting-date", "20/05/2025"], 2, "--meeting-date: '20/05/2025' is not a date"),
])
def test_bad_options_are_refused_before_any_work(warehouse: Path, inputs: list[str],
                                                 args: list[str], code: int,
                                                 message: str) -> None:
    result = scorecard(warehouse, inputs, *args)
    assert result.exit_code == code
    assert message in " ".join(result.stderr.split())


def test_problems_with_the_inputs_are_reported(tmp_path: Path, warehouse: Path,
                                               inputs: list[str]) -> None:
    bad = tmp_path / "commentary.yaml"
    bad.write_text('commentary:\n  "3.1":\n    txt: Hello\n', encoding="utf-8")
    result = scorecard(warehouse, inputs, "--commentary", str(bad))
    assert result.exit_code == 1
    assert "commentary.yaml line 3, measure 3.1: unknown field 'txt'" in result.stderr
    missing = runner.invoke(app, ["scorecard", "--period-end", "2025-03-31", "--warehouse",
                                  str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no warehouse at" in missing.stderr
    early = scorecard(warehouse, inputs, "--period-end", "2019-03-31")
    assert early.exit_code == 1 and "no data for the 12 months to 2019-03-31" in early.stderr


def test_progress_report_from_the_example_strategy(tmp_path: Path) -> None:
    out = tmp_path / "progress.docx"
    result = runner.invoke(app, ["progress", "--strategy", str(EXAMPLES / "strategy.yaml"),
                                 "--as-of", "2025-03-31", "--format", "docx", "--output",
                                 str(out), "--council-name", "Testshire"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out}\n"
    broken = tmp_path / "strategy.yaml"
    broken.write_text("priorities:\n  - title: A\n    actions:\n      - what: X\n"
                      "        status: late\n", encoding="utf-8")
    result = runner.invoke(app, ["progress", "--strategy", str(broken)])
    assert result.exit_code == 1 and "status 'late' is not one of" in result.stderr


def test_annual_report_for_the_only_council(tmp_path: Path, warehouse: Path,
                                            inputs: list[str]) -> None:
    out = tmp_path / "annual.html"
    result = runner.invoke(app, ["annual", "--year", "2025", "--warehouse", str(warehouse),
                                 *inputs, "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "[To be written: a message from the Chair" in out.read_text(encoding="utf-8")
    other = runner.invoke(app, ["annual", "--year", "2025", "--warehouse", str(warehouse),
                                "--la", "999"])
    assert other.exit_code == 1 and "no returns loaded for council 999" in other.stderr


def test_the_example_files_are_valid() -> None:
    """make demo uses them: they must load against the default scorecard."""
    from carepanel.reports.commentary import load as load_commentary
    from carepanel.reports.front_sheet import load as load_sheet
    from carepanel.reports.strategy import load as load_strategy
    from carepanel.scorecard.config import load as load_config
    from carepanel.scorecard.manual import load as load_manual

    cfg = load_config(None)
    notes = load_commentary(EXAMPLES / "commentary.yaml")
    assert set(notes.entries) <= {m.number for m in cfg.measures}
    assert notes.period_end is not None  # commentary belongs to a period
    quarter_1 = load_commentary(EXAMPLES / "commentary_q1.yaml")
    assert set(quarter_1.entries) <= {m.number for m in cfg.measures}
    assert quarter_1.period_end == dt.date(2024, 6, 30)
    assert len(load_manual(EXAMPLES / "manual.yaml", cfg)) == 20
    sheet = load_sheet(EXAMPLES / "paper.yaml")
    assert sheet.synthetic and sheet.report_of and len(sheet.implications) == 5
    plan = load_strategy(EXAMPLES / "strategy.yaml")
    assert all(a.expected_outcome for a in plan.actions)
    assert {n for a in plan.actions for n in a.measures} <= {m.number for m in cfg.measures}


def test_one_build_writes_every_format_and_the_public_version(
        tmp_path: Path, warehouse: Path, inputs: list[str]) -> None:
    """--format pdf,docx,xlsx --with-public: the output's name gives the others'."""
    out = tmp_path / "q4" / "scorecard.docx"
    result = scorecard(warehouse, inputs, "--format", "docx,xlsx", "--with-public",
                       "--output", str(out), "--council-name", "Testshire")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.parent.iterdir())
    assert written == ["scorecard.docx", "scorecard.xlsx", "scorecard_public.docx",
                       "scorecard_public.xlsx"]
    assert sorted(result.stdout.split()) == sorted(
        ["Wrote"] * 4 + [str(out.parent / name) for name in written])
    bad = scorecard(warehouse, inputs, "--format", "pdf,pptx")
    assert bad.exit_code == 2 and "not 'pptx'" in bad.stderr
    both = scorecard(warehouse, inputs, "--public", "--with-public")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_a_quarter_paper_is_named_by_its_quarter(tmp_path: Path, warehouse: Path,
                                                 inputs: list[str]) -> None:
    out = tmp_path / "q.html"
    result = scorecard(warehouse, inputs, "--period", "quarter", "--format", "html",
                       "--output", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Test Scorecard: Quarter 4 2024/25" in page
    assert "the quarter 1 January 2025 to 31 March 2025" in page
    # A count on the period's last day is the same whatever the period: no "(in the
    # quarter)" after it; a manual measure keeps its file's 12 months.
    assert "Children looked after at the end of the period (in the quarter)" not in page
    assert "Foster households recruited (in the quarter)" not in page
    odd = scorecard(warehouse, inputs, "--period", "quarterly")
    assert odd.exit_code == 2 and "--period must be one of" in odd.stderr


def test_the_paper_file_fills_the_front_sheet_and_its_mistakes_are_named(
        tmp_path: Path, warehouse: Path, inputs: list[str]) -> None:
    sheet = tmp_path / "paper.yaml"
    sheet.write_text("council: Testshire County Council\nmeeting: Corporate Parenting Board"
                     "\nreport_of: {name: A. Officer, role: Head of Service}\n"
                     "synthetic: true\n", encoding="utf-8")
    out = tmp_path / "paper.html"
    result = scorecard(warehouse, inputs, "--paper", str(sheet), "--format", "html",
                       "--output", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Testshire County Council" in page and "Council name not given" not in page
    assert "A. Officer, Head of Service" in page and "Corporate Parenting Board" in page
    assert page.count("SYNTHETIC DATA") >= 2  # at the top and foot of the page
    sheet.write_text("meeting: Panel\nmeeting_date: 2025-13-01\n", encoding="utf-8")
    result = scorecard(warehouse, inputs, "--paper", str(sheet), "--format", "html")
    assert result.exit_code == 1
    assert ("paper.yaml line 2: meeting_date '2025-13-01' is not a date (YYYY-MM-DD)"
            in " ".join(result.stderr.split()))


def test_progress_needs_a_council_name_and_shows_the_linked_measures(
        tmp_path: Path, warehouse: Path, inputs: list[str]) -> None:
    """The small history's warehouse has no name for council 883 (no DfE tables loaded):
    the report asks for one rather than print "Council name not given"."""
    plan = tmp_path / "strategy.yaml"
    plan.write_text("priorities:\n  - title: Homes\n    actions:\n      - what: Recruit "
                    "carers\n        status: complete\n        measures: [\"3.1\"]\n",
                    encoding="utf-8")
    base = ["progress", "--strategy", str(plan), "--as-of", "2025-03-31", "--warehouse",
            str(warehouse), *inputs]
    nameless = runner.invoke(app, [*base, "--format", "html"])
    assert nameless.exit_code == 2 and "needs the council's name" in nameless.stderr
    out = tmp_path / "progress.html"
    result = runner.invoke(app, [*base, "--council-name", "Testshire", "--format", "html",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # 3.1 foster care: 50.0%, Red, worse (report_fixtures.py); the action is complete.
    assert "3.1 Children looked after in foster care: 50.0%, Red, worse" in page
    assert "complete, but 3.1 is still Red" in page


# ---------------------------------------------------------------------------------------
# No child identifiers, ever


def visible_text(fmt: str, data: bytes, folder: Path) -> str:
    """Everything a reader (or a program) can get out of the file."""
    if fmt == "html":
        return data.decode("utf-8")
    if fmt == "pdf":
        path = folder / "paper.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(z.read(name))
                parts += [t for t in root.itertext()]
                parts += [v for el in root.iter() for k, v in el.attrib.items()
                          if "rsid" not in k]
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        parts += [str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                  for c in row if c.value is not None]
    return "\n".join(parts)


@pytest.mark.usefixtures("poppler")
def test_no_child_identifier_appears_in_any_paper_or_format(tmp_path: Path) -> None:
    returns, _ = synthetic()
    identifiers = child_identifiers(returns)
    assert len(identifiers) > 150  # the synthetic council's children (and their UPNs)
    papers: list[tuple[Report, tuple[str, ...]]] = [
        (paper, ("pdf", "docx", "xlsx", "html")) for paper in synthetic_papers(False)]
    papers += [(paper, ("xlsx", "html")) for paper in synthetic_papers(True)]
    for paper, formats in papers:
        for fmt in formats:
            content = visible_text(fmt, render.render(paper, fmt), tmp_path)
            assert len(content) > 1000
            leaked = sorted(i for i in identifiers if i in content)
            assert leaked == [], (paper.kind, fmt, leaked[:5])
