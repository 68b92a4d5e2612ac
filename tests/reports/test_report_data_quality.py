"""The papers' "Data quality" section (reports/data_quality.py), for staff and in public.

The small history (report_fixtures.py) with the errors of five_children.add_errors: in the
year to 31/03/2025 the 2025 return holds 3 data errors in 2 rows, for C and E. The paper's
measures are 1.1 (looked after at the end: A, B, C, E) and 3.1 (foster care, the same 4
children), each resting 2 of 4 children (50%) on rows with errors; 3.13 is manual. Every
one of these counts is 1 to 5, so the public paper shows ``c`` for each.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from carepanel.indicators.data_quality import MeasureDataQuality, PeriodDataQuality
from carepanel.reports import data_quality
from carepanel.reports.model import Paragraph, Report, Section, Table
from carepanel.scorecard.build import build
from carepanel.warehouse import Warehouse

from five_children import add_errors
from report_fixtures import PERIOD_END, config, manual, scorecard_paper, small_history


@pytest.fixture(scope="module")
def with_errors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = small_history(tmp_path_factory.mktemp("history"))
    add_errors(path)
    return path


def section(report: Report, heading: str = "Data quality") -> Section:
    return next(s for s in report.sections if s.heading == heading)


def words(s: Section) -> str:
    return " ".join(b.text for b in s.blocks if isinstance(b, Paragraph))


def rows(s: Section) -> list[list[str]]:
    [t] = [b for b in s.blocks if isinstance(b, Table)]
    return [[v.text for v in row] for row in t.rows]


def test_the_staff_paper_says_what_the_errors_touch(with_errors: Path) -> None:
    report = scorecard_paper(with_errors)
    s = section(report)
    assert s.level == 1
    said = words(s)
    assert ("The returns that cover the 12 months 1 April 2024 to 31 March 2025 (the "
            "SSDA903 return to 31 March 2025) hold 3 data errors in 2 rows, for 2 "
            "children") in said
    assert "What this means for reading the figures" in said
    # Largest share first; equal shares in scorecard order; the manual measure never.
    assert rows(s) == [
        ["1.1", "Children looked after at the end of the period", "4", "2", "50.0%"],
        ["3.1", "Children looked after in foster care", "4", "2", "50.0%"]]
    summary = words(section(report, "Key messages"))
    assert "2 measures rest partly on rows with data errors: see Data quality." in summary
    # The spreadsheet lists every measure computed from the returns.
    full = next(t for t in report.extra_tables if t.caption == "Data quality by measure")
    assert [row[0].text for row in full.rows] == ["1.1", "3.1"]


def test_the_public_paper_hides_every_small_count(with_errors: Path) -> None:
    s = section(scorecard_paper(with_errors, public=True))
    assert "hold c data errors in c rows, for c children" in words(s)
    assert rows(s) == [
        ["1.1", "Children looked after at the end of the period", "c", "c", "c"],
        ["3.1", "Children looked after in foster care", "c", "c", "c"]]
    # Nor can a share give them back.
    assert "%" not in words(s).replace("What this means", "")


def card_with(path: Path, period: PeriodDataQuality, measures: dict[str, MeasureDataQuality]):
    """The small history's scorecard with counts the test chooses."""
    with Warehouse.open(path, read_only=True) as wh:
        [card] = build(wh.con, config(), PERIOD_END, manual=manual())
    for r in card.measures:
        r.data_quality = measures.get(r.measure.number)
    return dataclasses.replace(card, data_quality=period)


def test_public_counts_above_five_are_shown_and_their_complements_checked(
        with_errors: Path) -> None:
    """93 errors in 71 rows for 60 children are shown. 1.1: 12 of 40 (30.0%) shown. 3.1: 17
    of 20: the 3 children without errors could be worked out, so 17 and its share are c
    while 20 is shown."""
    card = card_with(with_errors, PeriodDataQuality(93, 71, 60),
                     {"1.1": MeasureDataQuality(40, 12), "3.1": MeasureDataQuality(20, 17)})
    s = data_quality.section(card, True, period="the quarter")
    assert "hold 93 data errors in 71 rows, for 60 children" in words(s)
    assert rows(s) == [
        ["3.1", "Children looked after in foster care", "20", "c", "c"],
        ["1.1", "Children looked after at the end of the period", "40", "12", "30.0%"]]
    staff = data_quality.section(card, False, period="the quarter")
    assert rows(staff)[0] == ["3.1", "Children looked after in foster care", "20", "17",
                              "85.0%"]


def test_the_paper_lists_at_most_ten_measures(with_errors: Path) -> None:
    card = card_with(with_errors, PeriodDataQuality(93, 71, 60),
                     {"1.1": MeasureDataQuality(40, 12), "3.1": MeasureDataQuality(20, 17)})
    one = card.measures[0]
    card.pledges[0].measures = [dataclasses.replace(
        one, measure=dataclasses.replace(one.measure, number=f"1.{k}"),
        data_quality=MeasureDataQuality(100, k)) for k in range(1, 13)]
    s = data_quality.section(card, False)
    # 12 + 3.1 = 13 measures with errors: the 10 with the largest shares, and a word on 3.
    assert len(rows(s)) == 10
    assert "3 more measures rest on fewer" in words(s)


def test_clean_returns_say_so_and_list_no_measure(tmp_path: Path) -> None:
    s = section(scorecard_paper(small_history(tmp_path)))
    assert words(s) == ("The returns that cover the 12 months 1 April 2024 to 31 March 2025 "
                        "(the SSDA903 return to 31 March 2025) hold no data errors: every "
                        "value was valid for its year.")
    assert not [b for b in s.blocks if isinstance(b, Table)]


def test_a_scorecard_computed_before_data_quality_says_it_was_not_recorded(
        with_errors: Path) -> None:
    card = card_with(with_errors, None, {})  # a web snapshot saved before this existed
    assert "was not recorded" in words(data_quality.section(card, False))


def test_the_annual_report_has_the_section_under_key_performance(with_errors: Path) -> None:
    from carepanel.reports import annual
    from carepanel.reports.scorecard import PaperOptions

    with Warehouse.open(with_errors, read_only=True) as wh:
        data = annual.gather(wh.con, config(), 2025, "883", manual())
    report = annual.build_report(data, PaperOptions(public=True))
    headings = [(s.level, s.heading) for s in report.sections]
    key = headings.index((1, "Key performance data"))
    after = headings[key + 1:]
    assert (2, "Data quality") in after[:after.index(next(h for h in after if h[0] == 1))]
    s = section(report)
    assert ("The returns that cover the year to 31 March 2025 (the SSDA903 return to 31 "
            "March 2025) hold c data errors in c rows, for c children") in words(s)
