"""The scorecard paper as data: what it says for the hand-built history, in both versions,
and the commentary file it reads. (Fixture and hand-worked figures: report_fixtures.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carepanel.reports.commentary import CommentaryError, parse
from carepanel.reports.disclosure import Cell
from carepanel.reports.model import (
    Paragraph,
    Report,
    Section,
    Table,
    Value,
    figure,
    quarter_label,
)

from report_fixtures import scorecard_paper, small_history


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_history(tmp_path_factory.mktemp("history"))


def table(report: Report, caption_start: str) -> Table:
    return next(t for t in report.tables() if t.caption.startswith(caption_start))


def texts(t: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in t.rows]


def section(report: Report, heading: str) -> Section:
    return next(s for s in report.sections if s.heading == heading)


def paragraphs(s: Section) -> list[str]:
    return [b.text for b in s.blocks if isinstance(b, Paragraph)]


# ---------------------------------------------------------------------------------------
# Presentation helpers


@pytest.mark.parametrize(("value", "unit", "shown", "raw"), [
    (66.666666, "percent", "66.7%", 0.667),     # rounded only for presentation; a
    # spreadsheet holds a percentage as a share with a % format (66.7% is 0.667)
    (0.04, "percent", "k", None),               # not zero, rounds to zero: never "0.0%"
    (412, "count", "412", 412),
    (12345, "count", "12,345", 12345),
    (249.5, "days", "250", 250),                # halves away from zero, as Excel rounds
    (62.890363, "rate_per_10k", "62.9", 62.9),
    (None, "percent", "x", None),               # not available
])
def test_figures_are_rounded_at_the_end_and_keep_their_number(
        value: float | None, unit: str, shown: str, raw: float | None) -> None:
    v = figure(value, unit)
    assert v.text == shown
    assert v.raw == (pytest.approx(raw) if raw is not None else None)
    if unit == "percent" and raw is not None:
        assert v.fmt == "0.0%"


def test_a_suppressed_figure_has_no_number_to_leak() -> None:
    v = figure(Cell(symbol="c"), "percent")
    assert (v.text, v.raw) == ("c", None)


@pytest.mark.parametrize(("end", "label"), [
    (dt.date(2024, 6, 30), "Quarter 1 2024/25"), (dt.date(2024, 12, 31), "Quarter 3 2024/25"),
    (dt.date(2025, 3, 31), "Quarter 4 2024/25"),
    (dt.date(2025, 5, 15), "12 months to 15 May 2025")])
def test_quarters_are_named_as_councils_name_them(end: dt.date, label: str) -> None:
    assert quarter_label(end) == label
    assert quarter_label(end, "quarter") == label.replace("12 months", "Quarter")


def test_a_table_row_must_fit_its_header() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        Table("t", ["a", "b"], [[Value("only one")]])


# ---------------------------------------------------------------------------------------
# The scorecard paper


def test_paper_has_the_sections_of_a_paper_a_panel_can_table(warehouse: Path) -> None:
    """The seeds' covering report (purpose, recommendations, background, key messages,
    implications, contact) around Cheshire East's scorecard."""
    report = scorecard_paper(warehouse)
    top = [s.heading for s in report.sections if s.level == 1]
    assert top == ["Purpose of the report", "Recommendations", "Background", "Key messages",
                   "Children in our care", "The scorecard", "Trends", "Measures rated Red",
                   "Data quality", "Implications", "Contact", "About this paper"]
    cover = dict(report.cover)
    assert cover["Date of meeting"] == "20 May 2025"
    assert cover["Report title"] == "Test Scorecard: Quarter 4 2024/25"
    assert cover["Report of"] == "To be confirmed"
    assert report.title == "Test Scorecard: Quarter 4 2024/25"
    assert report.subtitle == ("Quarter 4 2024/25: the 12 months 1 April 2024 to 31 March "
                               "2025")
    # With no paper file, what people must write is marked, never invented.
    implications = section(report, "Implications")
    assert all(b.kind == "placeholder" for b in implications.blocks)


def test_scorecard_table_shows_figures_children_rating_words_and_direction(
        warehouse: Path) -> None:
    """3.1 foster care: 2 of 4 = 50.0% against 75 (Red: more than 5 points short);
    previous quarter 2 of 3 = 66.7%; last year 2 of 2 = 100.0%, so Worse.
    3.13: 17 against 20 is within 20% (4 households): Amber, up from 12: Improving."""
    t = table(scorecard_paper(warehouse), "Scorecard measures for pledge 3")
    assert t.header == ["No.", "Measure", "Latest (Mar 2025)", "Children", "Target", "RAG",
                        "Direction of travel", "Previous quarter (Dec 2024)",
                        "Last year (Mar 2024)", "England", "Region",
                        "Statistical neighbours (median)",
                        "Statistical neighbours (average)"]
    assert [row[:9] for row in texts(t)] == [
        ["3.1", "Children looked after in foster care", "50.0%", "2 of 4", "75.0%", "Red",
         "Worse", "66.7%", "100.0%"],
        ["3.13", "Foster households recruited", "17", "", "20", "Amber", "Improving", "x",
         "12"]]
    rag = t.rows[0][5]
    assert rag.rag == "red"  # the colour goes with the word, never instead of it
    assert t.rows[0][2].raw == 0.5  # and the spreadsheet gets the number, as a share
    assert texts(t)[1][9:] == ["z", "z", "z", "z"]  # no national count beside a council's


def test_key_messages_count_ratings_and_speak_of_each_pledge(warehouse: Path) -> None:
    report = scorecard_paper(warehouse)
    counts = texts(table(report, "Measures by RAG rating"))
    assert counts == [["Green", "0"], ["Amber", "1"], ["Red", "1"], ["No rating", "1"],
                      ["Total", "3"]]
    messages = section(report, "Key messages")
    heads = [b.text for b in messages.blocks
             if isinstance(b, Paragraph) and b.kind == "strong"]
    assert heads == ["Pledge 1, Being a good corporate parent: 0 Green, 0 Amber, 0 Red, 1 "
                     "not rated.",
                     "Pledge 3, Permanence, stability and safety: 0 Green, 1 Amber, 1 Red, 0 "
                     "not rated."]
    said = [item for b in messages.blocks if hasattr(b, "items") for item in b.items]
    assert said == [
        "3.1 Children looked after in foster care: 2 of 4 (50.0%), down from 100.0% a year "
        "ago (worse); 25.0 points below the target of 75.0%.",
        "3.13 Foster households recruited: 17, up from 12 a year ago (improving); 3 below "
        "the target of 20."]


def test_trend_table_holds_each_quarter_end(warehouse: Path) -> None:
    """Children looked after at each quarter end: 2, 3, 3, 3, 4 (see the fixture)."""
    t = table(scorecard_paper(warehouse), "Figures plotted for pledge 1")
    assert t.header[2:7] == ["Mar 2024", "Jun 2024", "Sep 2024", "Dec 2024", "Mar 2025"]
    assert texts(t)[0][2:7] == ["2", "3", "3", "3", "4"]
    charts = scorecard_paper(warehouse).charts()
    assert [c.table.caption for c in charts] == ["Figures plotted for pledge 1",
                                                 "Figures plotted for pledge 3"]


def test_red_measure_without_commentary_is_listed_and_warned(warehouse: Path) -> None:
    report = scorecard_paper(warehouse)
    exceptions = section(report, "3.1 Children looked after in foster care")
    assert ("Commentary missing: no commentary has been given for this measure for this "
            "period." in paragraphs(exceptions))
    assert texts(table(report, "Measures rated Red"))[0][-1] == "Commentary missing"
    assert any("commentary missing" in w and "3.1" in w for w in report.warnings)


COMMENTARY = """
period_end: 2025-03-31
commentary:
  "3.1":
    text: |
      Our own carers are full.

      A recruitment campaign started in January.
    author: Head of Fostering
    date: 2025-04-10
"""


def test_commentary_is_shown_with_its_author_and_date(warehouse: Path) -> None:
    report = scorecard_paper(warehouse, commentary=COMMENTARY)
    exceptions = paragraphs(section(report, "3.1 Children looked after in foster care"))
    assert "Our own carers are full." in exceptions
    assert "A recruitment campaign started in January." in exceptions
    assert "Commentary by Head of Fostering on 10 April 2025." in exceptions
    assert not any("commentary missing" in w for w in report.warnings)


DECEMBER_ENTRY = """  "3.13":
    text: Written for December.
    period_end: 2024-12-31
"""


def test_a_paper_prints_only_its_own_periods_commentary(warehouse: Path) -> None:
    """A June paper once printed March's commentary, which cited figures it contradicted:
    commentary for another period (or none) is left out, the Red measure is listed as
    having none, and the command says why."""
    for other in (COMMENTARY.replace("2025-03-31", "2024-12-31"),
                  COMMENTARY.replace("period_end: 2025-03-31\n", "")):
        report = scorecard_paper(warehouse, commentary=other)
        everything = [p for s in report.sections for p in paragraphs(s)]
        assert "Our own carers are full." not in everything
        assert texts(table(report, "Measures rated Red"))[0][-1] == "Commentary missing"
        assert any("left out of the paper" in w and "3.1" in w for w in report.warnings)
    report = scorecard_paper(warehouse, commentary=COMMENTARY + DECEMBER_ENTRY)
    everything = [p for s in report.sections for p in paragraphs(s)]
    assert "Our own carers are full." in everything
    assert not any("Written for December." in p for p in everything)


def test_public_version_suppresses_small_numbers_and_their_ratings(warehouse: Path) -> None:
    """Every count of children in the history is 1 to 5: 1.1 (4, 3, 2) and 3.1 (2 of 4,
    2 of 3, 2 of 2) are all c. 3.1 loses its Red rating and direction in the scorecard
    (they would hint at the hidden figure), and is listed among the Red measures as
    suppressed, not dropped. 3.13 counts households (17, 12), not children, and is shown.
    The public paper carries no "Commentary missing" banner or warning row."""
    report = scorecard_paper(warehouse, public=True)
    t1 = texts(table(report, "Scorecard measures for pledge 1"))
    t3 = texts(table(report, "Scorecard measures for pledge 3"))
    assert [t1[0][i] for i in (2, 5, 6, 7, 8)] == ["c", "No rating", "Not comparable", "c",
                                                   "c"]
    assert [t3[0][i] for i in (2, 3, 5, 6, 7, 8)] == ["c", "c of c", "No rating",
                                                      "Not comparable", "c", "c"]
    assert t3[1][2:7] == ["17", "", "20", "Amber", "Improving"]
    assert texts(table(report, "Measures by RAG rating"))[2] == ["Red", "0"]
    reds = texts(table(report, "Measures rated Red"))
    assert reds == [["3.1", "Children looked after in foster care", "suppressed (c)",
                     "75.0%", "Head of Fostering", "None for this period"]]
    assert not any(b.kind == "warning" for s in report.sections for b in s.blocks
                   if isinstance(b, Paragraph))
    # No suppressed number survives anywhere a renderer could reach it.
    for t in report.spreadsheet_tables():
        for row in t.rows:
            for cell in row:
                assert not (cell.text == "c" and cell.raw is not None)
    assert "Public version" in report.marking


def test_public_commentary_on_a_hidden_figure_is_left_out(warehouse: Path) -> None:
    report = scorecard_paper(warehouse, public=True, commentary="""
period_end: 2025-03-31
commentary:
  "3.1": Two of the four children live in children's homes.
""")
    assert not any("Two of the four" in p for s in report.sections for p in paragraphs(s))
    assert not any("Two of the four" in c.text for t in report.spreadsheet_tables()
                   for row in t.rows for c in row)


# ---------------------------------------------------------------------------------------
# The commentary file


def test_commentary_keeps_measure_numbers_as_typed() -> None:
    """2.10 and 2.1 are different measures; YAML would read an unquoted 2.10 as 2.1."""
    notes = parse("commentary:\n  2.10: Ten.\n  2.1: One.\n  3.2:\n    text: Two.\n"
                  "    date: 22/04/2025\n")
    assert notes.get("2.10").text == "Ten."
    assert notes.get("2.1").text == "One."
    assert notes.get("3.2").date == dt.date(2025, 4, 22)


@pytest.mark.parametrize(("text", "message"), [
    ("commentary:\n  \"2.1\":\n    txt: Hello\n", "line 3, measure 2.1: unknown field 'txt'"),
    ("commentary:\n  \"2.1\": One\n  \"2.1\": Two\n", "line 3: '2.1' is given twice "
                                                     "(first on line 2)"),
    ("commentary:\n  \"2.1\":\n    text: Hi\n    date: 31/02/2025\n",
     "line 4, measure 2.1: date '31/02/2025' is not a date"),
    ("commentary: [1, 2]\n", "line 1: commentary must map measure numbers"),
    ("notes: {}\n", "line 1: unknown field 'notes'"),
    ("commentary:\n  \"2.1\": [unclosed\n", "line 3: not valid YAML"),
])
def test_commentary_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(CommentaryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text, "commentary.yaml")


def test_every_mistake_in_the_commentary_is_reported_at_once_with_its_line() -> None:
    text = ("period_end: 31/13/2025\n"
            "commentary:\n"
            "  \"2.1\":\n"
            "    txt: Hello\n"
            "  \"3.1\": \"\"\n"
            "  \"4.1\":\n"
            "    text: Fine.\n"
            "    date: soon\n")
    with pytest.raises(CommentaryError) as e:
        parse(text, "commentary.yaml")
    assert str(e.value).splitlines() == [
        "commentary.yaml line 1: period_end '31/13/2025' is not a date (YYYY-MM-DD or "
        "dd/mm/YYYY)",
        "commentary.yaml line 3, measure 2.1: the commentary has no text",
        "commentary.yaml line 4, measure 2.1: unknown field 'txt' (did you mean 'text'?); "
        "the fields are text, author, date, period_end",
        "commentary.yaml line 5, measure 3.1: the commentary is empty",
        "commentary.yaml line 8, measure 4.1: date 'soon' is not a date (YYYY-MM-DD or "
        "dd/mm/YYYY)",
    ]


def test_commentary_for_unknown_measures_or_another_period_is_a_warning() -> None:
    notes = parse("period_end: 2024-12-31\ncommentary:\n  \"9.9\": Typo.\n", "c.yaml")
    warnings = notes.check(["1.1", "3.1"], dt.date(2025, 3, 31))
    assert warnings == ["c.yaml: commentary for measure(s) not on the scorecard: 9.9",
                        "c.yaml: commentary on 9.9 is for the period ending 2024-12-31, not "
                        "2025-03-31: left out of the paper"]
    assert notes.for_period(dt.date(2025, 3, 31)).entries == {}
    assert notes.for_period(dt.date(2024, 12, 31)).get("9.9").text == "Typo."


def _shown(value: float, polarity: str, neighbours: list[float], unit: str = "percent"):
    from carepanel.reports.scorecard import show
    from carepanel.scorecard.build import Benchmarks, MeasureResult, PeriodValue
    from carepanel.scorecard.config import Measure
    from carepanel.scorecard.rating import Rating

    end = dt.date(2025, 3, 31)
    m = Measure("4.1", "Initial health assessments on time", "4", "indicator",
                "iha_within_20wd_pct", unit, polarity, target=80)
    r = MeasureResult(m, PeriodValue(end, value, 84, 168), PeriodValue(end),
                      PeriodValue(end, 44.0), Rating("red", ""), "improving",
                      Benchmarks(2024, 2025, england=60.0, neighbour_values=neighbours))
    return show(r, {}, [end], public=False)


def test_the_rank_among_statistical_neighbours_counts_the_better_ones_first() -> None:
    """50% against neighbours at 40, 55, 60 and 45%: two do better, so 3rd of 5; when
    lower is better, the two at 40 and 45% do better."""
    from carepanel.reports.scorecard import neighbour_rank

    assert neighbour_rank(_shown(50.0, "high", [40.0, 55.0, 60.0, 45.0])) == (
        "3rd of 5 against the statistical neighbours' 2023/24 figures")
    assert neighbour_rank(_shown(50.0, "low", [40.0, 55.0, 60.0, 45.0])).startswith("3rd")
    assert neighbour_rank(_shown(50.0, "high", [])) is None
    assert neighbour_rank(_shown(50.0, "context", [40.0])) is None


def test_a_key_message_gives_the_children_behind_the_percentage() -> None:
    from carepanel.reports.scorecard import message

    said = message(_shown(50.0, "high", [40.0, 55.0, 60.0, 45.0]), None)
    assert said == ("4.1 Initial health assessments on time: 84 of 168 (50.0%), up from "
                    "44.0% a year ago (improving); 30.0 points below the target of 80.0%; "
                    "3rd of 5 against the statistical neighbours' 2023/24 figures.")
