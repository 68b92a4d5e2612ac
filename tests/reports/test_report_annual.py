"""The annual report draft: Durham's sections, the data filled in, the rest clearly marked.
(The hand-built history and its figures are in report_fixtures.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from carepanel.reports import annual
from carepanel.reports.model import Paragraph, Report, Table
from carepanel.reports.scorecard import PaperOptions
from carepanel.reports.strategy import parse_yaml
from carepanel.warehouse import Warehouse

from report_fixtures import config, manual, small_history

STRATEGY = """\
priorities:
  - title: Homes
    actions:
      - what: Stability meetings
        due: 2024-09-30
        status: complete
        updates: [{date: 2024-09-26, text: In place in every team.}]
      - what: Open a children's home
        due: 2025-06-30
        status: on track
you_said_we_did:
  - {date: 2024-06-12, you_said: Rooms are not welcoming., we_did: Redecorated., status: done}
  - {date: 2025-05-01, you_said: Asked after the year ended., status: not started}
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> annual.AnnualData:
    path = small_history(tmp_path_factory.mktemp("history"))
    with Warehouse.open(path, read_only=True) as wh:
        return annual.gather(wh.con, config(), 2025, "883", manual())


def build(data: annual.AnnualData, public: bool = False) -> Report:
    return annual.build_report(data, PaperOptions(public=public), parse_yaml(STRATEGY))


def table(report: Report, start: str) -> Table:
    return next(t for t in report.tables() if t.caption.startswith(start))


def rows(t: Table) -> dict[str, list[str]]:
    return {row[0].text: [c.text for c in row[1:]] for row in t.rows}


def test_draft_has_durhams_sections_with_marked_places_for_text(data: annual.AnnualData
                                                                  ) -> None:
    report = build(data)
    assert report.title == "Corporate Parenting Panel Annual Report 2024/25"
    top = [s.heading for s in report.sections if s.level == 1]
    assert top == [
        "Message from the Chair of the Corporate Parenting Panel",
        "Message from the Children in Care Council", "What a corporate parent is",
        "Why and where children are in care", "The role of the Corporate Parenting Panel",
        "Key performance data", "Care leavers", "Achievements", "Care Leavers Challenge",
        "Children in Care Council", "You said, we did", "Subgroup updates",
        "Priorities for 2025/26"]
    places = [b.text for s in report.sections for b in s.blocks
              if isinstance(b, Paragraph) and b.kind == "placeholder"]
    assert len(places) >= 10
    assert all(p.startswith("[To be written: ") and p.endswith("]") for p in places)


def test_why_and_where_children_are_in_care_from_the_warehouse(data: annual.AnnualData
                                                              ) -> None:
    """31/03/2025: A, B fostered (U4, U6), C and E in children's homes (K2): 4 children,
    all aged 12 (born 01/06/2012), all on care orders (C2). Started in the year: C and E,
    both abuse or neglect (N1)."""
    report = build(data)
    place = rows(table(report, "Children looked after on 31 March 2025, by placement"))
    assert place["Foster placements"] == ["2", "50.0%"]
    assert place["Secure homes and children's homes"] == ["2", "50.0%"]
    assert place["Placed for adoption"] == ["0", "0.0%"]
    assert place["Total"] == ["4", "100.0%"]
    assert rows(table(report, "Children looked after on 31 March 2025, by age"))[
        "10 to 15"] == ["4", "100.0%"]
    assert rows(table(report, "Children looked after on 31 March 2025, by legal status"))[
        "Care orders"] == ["4", "100.0%"]
    need = rows(table(report, "Children who started to be looked after in 2024/25"))
    assert need["Abuse or neglect"] == ["2", "100.0%"]
    assert need["Total"] == ["2", "100.0%"]


def test_numbers_over_the_years_the_warehouse_reaches(data: annual.AnnualData) -> None:
    """Years to 31 March 2024 and 2025 (the returns loaded; earlier years are left out):
    looked after at the end 2 then 4; started B (1) then C and E (2); left D (1) then
    nobody (C's moves are changes of placement, X1)."""
    report = build(data)
    t = table(report, "Children looked after, starting and leaving, by year")
    assert t.header == ["", "Year to Mar 2024", "Year to Mar 2025"]
    assert [[c.text for c in r[1:]] for r in t.rows] == [["2", "4"], ["1", "2"], ["1", "0"]]
    assert report.charts()[0].table is t  # the chart's figures, beside it


def test_public_draft_suppresses_counts_as_tables_with_their_totals(
        data: annual.AnnualData) -> None:
    """Every non-zero count here is 1 to 5: shown as c, totals too; zeros stay zeros (the
    DfE publishes a zero as zero). A share is shown only beside a count that is shown."""
    report = build(data, public=True)
    place = rows(table(report, "Children looked after on 31 March 2025, by placement"))
    assert place["Foster placements"] == ["c", "c"]
    assert place["Placed for adoption"] == ["0", "c"]  # 0 of a hidden total: hidden share
    assert place["Total"] == ["c", "c"]
    why = next(s for s in report.sections if s.heading == "Why and where children are in care")
    assert why.blocks[0].text == ("On 31 March 2025 the council looked after c children. "
                                  "During 2024/25, c children started to be looked after "
                                  "and 0 stopped being looked after.")
    kpi = rows(table(report, "Key performance data for pledge 3"))
    assert kpi["3.1"][1:3] == ["c", "c"]  # 2 of 4 and 2 of 2


def test_secondary_suppression_protects_a_single_small_count() -> None:
    """One placement group of 3 among 40 children: hiding only the 3 would let a reader
    subtract it from the total, so the next smallest count (10) is hidden too."""
    counts = {"Foster placements": 27, "Children's homes": 10, "Residential schools": 3}
    t = annual.breakdown("Placements", counts, "Children", public=True, sheet="P")
    assert [[c.text for c in r] for r in t.rows] == [
        ["Foster placements", "27", "67.5%"], ["Children's homes", "c", "c"],
        ["Residential schools", "c", "c"], ["Total", "40", "100.0%"]]


def test_achievements_you_said_and_priorities_come_from_the_strategy(
        data: annual.AnnualData) -> None:
    report = build(data)
    achievements = next(s for s in report.sections if s.heading == "Achievements")
    assert achievements.blocks[1].items == [
        "Stability meetings (In place in every team.)"]
    said = rows(table(report, "You said, we did"))
    assert list(said) == ["Rooms are not welcoming."]  # the May 2025 ask is next year's
    priorities = next(s for s in report.sections if s.heading == "Priorities for 2025/26")
    assert priorities.blocks[2].items == ["Open a children's home (due 30 June 2025)"]


def test_without_a_strategy_the_places_are_marked(tmp_path: Path,
                                                   data: annual.AnnualData) -> None:
    report = annual.build_report(data, PaperOptions())
    said = next(s for s in report.sections if s.heading == "You said, we did")
    assert said.blocks[0].kind == "placeholder"
