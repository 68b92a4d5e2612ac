"""Scorecards and measures for a quarter or the year to date, compared like with like.

Figures from the five children of tests/five_children.py (council 883). Who started and who
ceased to be looked after, by quarter:

  B started 01/06/2023 (Apr-Jun 2023); D ceased 01/02/2024 (Jan-Mar 2024);
  C started 01/05/2024 (Apr-Jun 2024); E started 01/02/2025 (Jan-Mar 2025).
(A started 01/01/2022 and D 01/01/2023, before every period here.)
So, starts in the quarter to 31/03/2025: E = 1; to 31/12/2024: none = 0; to 31/03/2024
(the same quarter last year): none = 0. In the 12 months to those dates: C, E = 2; C = 1;
B = 1. Ceasings in those quarters: 0, 0 and D = 1.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carepanel.cohorts import PeriodError
from carepanel.reports import scorecard as paper
from carepanel.reports.model import Table
from carepanel.reports.scorecard import trend_values
from carepanel.scorecard.build import Scorecard, Span, build
from carepanel.scorecard.cli import app
from carepanel.scorecard.config import ConfigError, parse
from carepanel.warehouse import Warehouse

from .conftest import CONFIG, two_year_history, write

D = dt.date.fromisoformat
runner = CliRunner()

QUARTERLY = CONFIG + """\
  - number: "1.2"
    title: Children who started to be looked after in the quarter
    indicator: cla_started
    pledge: 1
    period: quarter
  - number: "1.3"
    title: Children who started to be looked after in the last 12 months
    indicator: cla_started
    pledge: 1
  - number: "1.4"
    title: Children who ceased to be looked after in the quarter
    indicator: cla_ceased
    pledge: 1
    period: quarter
"""


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return two_year_history(tmp_path_factory.mktemp("history"))


def measures(path: Path, config: str, end: str, **kw) -> tuple[Scorecard, dict]:
    with Warehouse.open(path, read_only=True) as wh:
        [card] = build(wh.con, parse(config, "scorecard.yaml"), D(end), **kw)
    return card, {m.measure.number: m for m in card.measures}


def test_a_quarter_measure_beside_rolling_year_measures(history: Path) -> None:
    """1.2 is the quarter, 1.3 the 12 months, on the same scorecard (module docstring)."""
    card, m = measures(history, QUARTERLY, "2025-03-31")
    assert (card.period, card.period_start) == ("12-months", D("2024-04-01"))
    started = m["1.2"]
    assert started.period == "quarter"
    assert (started.current.value, started.previous_quarter.value,
            started.last_year.value) == (1, 0, 0)
    assert [(pv.period_start, pv.period_end) for pv in
            (started.current, started.previous_quarter, started.last_year)] == [
        (D("2025-01-01"), D("2025-03-31")), (D("2024-10-01"), D("2024-12-31")),
        (D("2024-01-01"), D("2024-03-31"))]
    rolling = m["1.3"]
    assert (rolling.period, rolling.current.period_start) == ("12-months", D("2024-04-01"))
    assert (rolling.current.value, rolling.previous_quarter.value,
            rolling.last_year.value) == (2, 1, 1)
    ceased = m["1.4"]
    assert (ceased.current.value, ceased.previous_quarter.value,
            ceased.last_year.value) == (0, 0, 1)
    d = started.as_dict()
    assert (d["period"], d["period_start"]) == ("quarter", "2025-01-01")
    assert d["last_year"]["period_start"] == "2024-01-01"


def test_a_quarter_measure_on_a_scorecard_not_at_a_quarter_end(history: Path) -> None:
    """A scorecard to 31 January has no quarter ending then: the measure says so."""
    _, m = measures(history, QUARTERLY, "2025-01-31")
    started = m["1.2"]
    assert started.current.value is None
    assert started.current.note.startswith("the measure is for a quarter, but a quarter "
                                           "must end on a quarter end")
    assert started.rating.rag == "no rating"
    assert m["1.3"].current.value == 1  # the 12 months to 31/01/2025: C


def test_whole_scorecard_for_a_quarter(history: Path) -> None:
    """--period quarter: every measure is the quarter's, except 3.5 (3+ placements), which
    the DfE defines over a year only: it shows its latest yearly figure, the 12 months to
    the period end, with its date, rated and compared with the year before (never a
    blank). Looked after at the end (1.1) is a count at the end: 4, 3 and 2 as for the 12
    months (conftest.py)."""
    card, m = measures(history, CONFIG, "2025-03-31", period="quarter")
    assert (card.period, card.period_start, card.period_end) == ("quarter", D("2025-01-01"),
                                                                 D("2025-03-31"))
    cla = m["1.1"]
    assert (cla.current.value, cla.previous_quarter.value, cla.last_year.value) == (4, 3, 2)
    moves = m["3.5"]
    assert moves.annual and moves.period == "12-months"
    assert (moves.current.period_start, moves.current.period_end) == (D("2024-04-01"),
                                                                      D("2025-03-31"))
    assert moves.current.value == 25.0  # C of A, B, C, E (conftest.py)
    assert moves.previous_quarter.value == pytest.approx(100 / 3)  # the year to 31/12/2024
    assert moves.last_year.value == 50.0  # the year to 31/03/2024: B of A, B
    assert (moves.rating.rag, moves.direction) == ("amber", "improving")
    # A manual measure keeps the period its values file gives (12 months by default).
    assert m["3.13"].period == "12-months"
    d = card.as_dict()
    assert d["period"] == "quarter"
    assert (d["pledges"][1]["measures"][2]["annual"],
            d["pledges"][1]["measures"][2]["period_end"]) == (True, "2025-03-31")


def test_year_to_date_compares_with_years_to_date() -> None:
    """The previous quarter of the year to 30/09/2025 is the year to 30/06/2025; a year to
    date at 31 March is the whole year; last year's is to 30/09/2024."""
    ytd = Span.of("year-to-date", D("2025-09-30"))
    assert (ytd.start, ytd.end) == (D("2025-04-01"), D("2025-09-30"))
    assert ytd.earlier(3) == Span("year-to-date", D("2025-04-01"), D("2025-06-30"))
    assert ytd.earlier(6) == Span("year-to-date", D("2024-04-01"), D("2025-03-31"))
    assert ytd.earlier(12) == Span("year-to-date", D("2024-04-01"), D("2024-09-30"))
    custom = Span("custom", D("2025-01-15"), D("2025-03-31"))
    assert custom.earlier(3) == Span("custom", D("2024-10-15"), D("2024-12-31"))


def test_build_refuses_an_impossible_period(history: Path) -> None:
    with pytest.raises(PeriodError, match="a quarter must end on a quarter end"):
        measures(history, CONFIG, "2025-02-28", period="quarter")
    with pytest.raises(PeriodError, match="not both"):
        measures(history, CONFIG, "2025-03-31", period="quarter",
                 period_start=D("2025-01-01"))


def test_the_papers_trend_for_a_quarter_measure_is_of_quarters(history: Path) -> None:
    """The paper charts five quarter ends. Starts in each quarter (module docstring):
    to 31/03/2024 0, 30/06/2024 C = 1, 30/09/2024 0, 31/12/2024 0, 31/03/2025 E = 1; the
    rolling 12 months to the same dates: B = 1 (from 01/04/2023), C = 1 (B's 01/06/2023 is
    before 01/07/2023), C = 1, C = 1, C and E = 2."""
    cfg = parse(QUARTERLY, "scorecard.yaml")
    with Warehouse.open(history, read_only=True) as wh:
        cards = build(wh.con, cfg, D("2025-03-31"))
        trend = trend_values(wh.con, cfg, cards, None, 5)
    ends = [D(x) for x in ("2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31",
                           "2025-03-31")]
    assert [trend[("883", "1.2")][e].value for e in ends] == [0, 1, 0, 0, 1]
    assert [trend[("883", "1.3")][e].value for e in ends] == [1, 1, 1, 1, 2]


def test_cli_quarter_json_and_errors(tmp_path: Path, history: Path) -> None:
    cfg = write(tmp_path, "scorecard.yaml", CONFIG)
    base = ["--warehouse", str(history), "--config", str(cfg)]
    out = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period", "quarter",
                              "--format", "json"])
    assert out.exit_code == 0, out.output
    [card] = json.loads(out.output)
    assert (card["period"], card["period_start"]) == ("quarter", "2025-01-01")
    cla = card["pledges"][0]["measures"][0]
    assert cla["previous_quarter"]["period_start"] == "2024-10-01"
    assert cla["last_year"]["period_start"] == "2024-01-01"

    text = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period", "quarter"])
    assert "the quarter 01 January 2025 to 31 March 2025" in text.output

    bad = runner.invoke(app, [*base, "--period-end", "2025-05-31", "--period", "quarter"])
    assert bad.exit_code == 2 and "a quarter must end on a quarter end" in bad.output
    both = runner.invoke(app, [*base, "--period-end", "2025-03-31", "--period", "quarter",
                               "--period-start", "2025-01-01"])
    assert both.exit_code == 2 and "give either --period or --period-start" in both.output
    helped = runner.invoke(app, ["--help"])
    assert "--period-start" in helped.output and "year-to-date" in helped.output


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_config_period_errors_name_the_line() -> None:
    wrong = QUARTERLY.replace("    period: quarter\n", "    period: quarterly\n", 1)
    with pytest.raises(ConfigError) as e:
        parse(wrong, "scorecard.yaml")
    assert str(e.value) == (
        f"scorecard.yaml line {line_of(wrong, 'quarterly')}, measure 1.2: period must be "
        "one of 12-months, quarter, year-to-date, not 'quarterly' (did you mean "
        "'quarter'?)")
    year_only = CONFIG.replace("    target: 24\n", "    target: 24\n    period: quarter\n")
    with pytest.raises(ConfigError) as e:
        parse(year_only, "scorecard.yaml")
    assert str(e.value).startswith(
        f"scorecard.yaml line {line_of(year_only, 'period: quarter')}, measure 3.5: "
        "indicator placements_3plus_pct is defined over 12 months only (")
    # A manual measure may have any period: its values come from the values file.
    manual = CONFIG.replace("    target: 20\n    rag: {tolerance: 20",
                            "    target: 20\n    period: year-to-date\n"
                            "    rag: {tolerance: 20")
    assert parse(manual, "scorecard.yaml").measure("3.13").period == "year-to-date"
    assert parse(CONFIG, "scorecard.yaml").measure("3.1").period is None


def test_the_paper_says_which_measures_are_not_rolling_years(history: Path) -> None:
    """A quarter measure whose title does not say so gains "(in the quarter)" in the paper;
    one whose title says it already, and the rolling-year ones, are shown as configured."""
    config = QUARTERLY.replace("Children who ceased to be looked after in the quarter",
                               "Children who ceased to be looked after")
    with Warehouse.open(history, read_only=True) as wh:
        [report] = paper.build_papers(wh.con, parse(config, "scorecard.yaml"), D("2025-03-31"),
                                      paper.PaperOptions())
    [table] = [block for section in report.sections for block in section.blocks
               if section.heading.startswith("Pledge 1") and isinstance(block, Table)
               and block.caption.startswith("Scorecard measures")]
    titles = {row[0].text: row[1].text for row in table.rows}
    assert titles["1.4"] == "Children who ceased to be looked after (in the quarter)"
    assert titles["1.2"] == "Children who started to be looked after in the quarter"
    assert titles["1.3"] == "Children who started to be looked after in the last 12 months"
