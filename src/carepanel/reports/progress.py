"""The strategy progress report, modelled on Rotherham's and Durham's papers to the Panel.

It carries the line from promise to measure to action: for each priority, every action
(overdue ones included, flagged, never split off from their priority), who owns it, when
it is due, its status, the outcome it should bring, the scorecard measures it should move
with their current figure, rating and direction of travel, and its dated history of
progress updates. Statuses are always words; colour only supports them.

Where the figures and the words disagree the report says so (``contradictions``): an
action recorded as complete whose measure is still Red, or one on track while its measure
is Red and getting worse. The Panel asks about those first.

The report is built from a :class:`carepanel.reports.strategy.Strategy` (a YAML or CSV
file, or the web app's tracker) as things stood on ``as_of``: progress notes dated after it
are left out, and "overdue" is judged on that day. The measures come from the scorecard
for the period ending ``as_of`` (``linked_measures``), when the warehouse is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepanel.reports.front_sheet import FrontSheet
from carepanel.reports.model import (
    DIRECTION_WORDS,
    RAG_WORDS,
    Block,
    Bullets,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
    date_value,
    figure,
    long_date,
    text,
)
from carepanel.reports.strategy import ASK_STATUSES as ASK_WORDS
from carepanel.reports.strategy import (
    AT_RISK,
    COMPLETE,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    STATUS_WORDS,
    Action,
    Strategy,
    YouSaid,
    tracker_order,
)

# Rating colours support the status words (they never replace them).
STATUS_COLOUR = {OVERDUE: "red", AT_RISK: "amber", ON_TRACK: "green",
                 NOT_STARTED: "no rating", COMPLETE: "no rating"}
SHOWN_ORDER = (OVERDUE, AT_RISK, ON_TRACK, NOT_STARTED, COMPLETE)


@dataclass(frozen=True)
class LinkedMeasure:
    """A scorecard measure as the progress report shows it beside an action."""

    number: str
    title: str
    value: str  # as the scorecard shows it ("41.9%", "c", "x")
    rag: str  # green, amber, red, no rating
    direction: str  # improving, worse, same, not comparable

    def words(self) -> str:
        """'3.2 Own foster carers: 41.9%, Amber, improving'."""
        said = [self.value]
        if self.rag != "no rating":
            said.append(RAG_WORDS[self.rag])
        if self.direction != "not comparable":
            said.append(DIRECTION_WORDS[self.direction].lower())
        return f"{self.number} {self.title}: {', '.join(said)}"


def linked_measures(card: object, public: bool) -> dict[str, LinkedMeasure]:
    """Each measure of a scorecard (``carepanel.scorecard.build.Scorecard``) as shown,
    disclosure applied when public."""
    from carepanel.reports.scorecard import show

    out = {}
    for r in card.measures:  # type: ignore[attr-defined]
        s = show(r, {}, [], public)
        out[s.number] = LinkedMeasure(s.number, s.title, figure(s.value, s.unit).text, s.rag,
                                      s.direction)
    return out


def status_cell(a: Action, on: dt.date) -> Value:
    shown = a.shown_status(on)
    word = STATUS_WORDS[shown]
    if shown == OVERDUE:
        word = f"Overdue by {a.days_overdue(on)} days (recorded as {STATUS_WORDS[a.status]})"
    return text(word, rag=STATUS_COLOUR[shown])


def contradiction(a: Action, on: dt.date, measures: dict[str, LinkedMeasure]) -> str | None:
    """Why the action's status and its measures disagree, or None."""
    linked = [measures[n] for n in a.measures if n in measures]
    reds = [m for m in linked if m.rag == "red"]
    if a.status == COMPLETE and reds:
        return (f"complete, but {', '.join(m.number for m in reds)} "
                f"{'is' if len(reds) == 1 else 'are'} still Red")
    worse = [m for m in reds if m.direction == "worse"]
    if a.shown_status(on) == ON_TRACK and worse:
        return (f"on track, but {', '.join(m.number for m in worse)} "
                f"{'is' if len(worse) == 1 else 'are'} Red and getting worse")
    return None


def _measures_cell(a: Action, measures: dict[str, LinkedMeasure] | None) -> Value:
    if not a.measures:
        return text("None linked")
    if measures is None:
        return text(", ".join(a.measures))
    return text("; ".join(measures[n].words() if n in measures else f"{n}: not on the "
                          "scorecard" for n in a.measures))


ACTION_HEADER = ["Action", "Expected outcome", "Owner", "Due date", "Status",
                 "Linked measures now"]
ACTION_WIDTHS = [2.8, 2.2, 1.3, 0.9, 1.5, 3.0]
UPDATE_HEADER = ["Action", "Date", "Progress"]


def action_rows(actions: list[Action], on: dt.date,
                measures: dict[str, LinkedMeasure] | None) -> list[list[Value]]:
    rows = []
    for a in actions:
        status = status_cell(a, on)
        odd = contradiction(a, on, measures or {})
        if odd:
            status = Value(f"{status.text}. Check: {odd}", rag=status.rag, strong=True)
        rows.append([text(a.what), text(a.expected_outcome or "Not given"),
                     text(a.owner or "Not assigned"), date_value(a.due, "No date"), status,
                     _measures_cell(a, measures)])
    return rows


def update_rows(actions: list[Action], on: dt.date) -> list[list[Value]]:
    """Each action's dated history of progress, oldest first (undated notes from a tracker
    export last)."""
    rows = []
    for a in actions:
        history = a.history(on)
        if not history:
            rows.append([text(a.what), text(""), text("No progress recorded")])
        for u in history:
            rows.append([text(a.what),
                         date_value(u.date if u.date != dt.date.min else None, "Not dated"),
                         text(u.text)])
    return rows


def you_said_table(entries: list[YouSaid]) -> Table:
    rows = [[text(e.you_said), text(e.we_did or "Response to be written"),
             text(ASK_WORDS[e.status]), date_value(e.date)] for e in entries]
    return Table("You said, we did", ["You said", "We did", "Status", "Date raised"], rows,
                 sheet="You said we did", widths=[4, 4, 1.1, 1.1], row_headers=False,
                 show_caption=False)


def counts_by_status(actions: list[Action], on: dt.date) -> dict[str, int]:
    return {s: sum(1 for a in actions if a.shown_status(on) == s) for s in SHOWN_ORDER}


def build(strategy: Strategy, as_of: dt.date, *, council: str,
          panel_name: str = "Corporate Parenting Panel", meeting_date: dt.date | None = None,
          public: bool = False, measures: dict[str, LinkedMeasure] | None = None,
          front_sheet: FrontSheet | None = None) -> Report:
    """The progress report. ``measures`` (``linked_measures``) gives each linked measure's
    figure; without it the report names the measures only."""
    actions = strategy.actions
    overdue = [a for a in tracker_order(actions, as_of) if a.is_overdue(as_of)]
    counts = counts_by_status(actions, as_of)
    odd = [(a, why) for a in actions if (why := contradiction(a, as_of, measures or {}))]
    sheet = front_sheet or FrontSheet()

    summary: list[Block] = [Paragraph(
        f"This report sets out progress on the actions of the {strategy.title} as at "
        f"{long_date(as_of)}: {len(actions)} actions under {len(strategy.priorities)} "
        "priorities, each with the outcome it should bring and the scorecard measures it "
        "should move. An action is overdue when its due date has passed and it is not "
        "complete, whatever status was last recorded.", "lead")]
    summary.append(Table(
        "Actions by status", ["Status", "Actions"],
        [[text(STATUS_WORDS[s], rag=STATUS_COLOUR[s]), Value(str(n), raw=n, numeric=True)]
         for s, n in counts.items()]
        + [[text("Total", strong=True), Value(str(len(actions)), raw=len(actions),
                                              numeric=True, strong=True)]],
        sheet="Summary", widths=[3, 1], total_row=True))
    per_priority = []
    for i, p in enumerate(strategy.priorities):
        c = counts_by_status(p.actions, as_of)
        per_priority.append([text(f"{i + 1}. {p.title}"),
                             *[Value(str(c[s]), raw=c[s], numeric=True) for s in SHOWN_ORDER],
                             Value(str(len(p.actions)), raw=len(p.actions), numeric=True)])
    summary.append(Table("Actions by priority and status",
                         ["Priority", *[STATUS_WORDS[s] for s in SHOWN_ORDER], "Total"],
                         per_priority, sheet="By priority",
                         widths=[4.5, 1, 1, 1, 1.1, 1.1, 0.9]))
    if overdue:
        summary.append(Paragraph(f"Overdue ({len(overdue)}), longest overdue first; each is "
                                 "reported under its priority:", "strong"))
        summary.append(Bullets([f"{a.what} (priority {a.priority + 1}; due "
                                f"{long_date(a.due)}, {a.days_overdue(as_of)} days ago)"
                                for a in overdue if a.due]))
    else:
        summary.append(Paragraph("No action is overdue."))
    if odd:
        summary.append(Paragraph(f"Where the figures and the status disagree ({len(odd)}):",
                                 "strong"))
        summary.append(Bullets([f"{a.what} (priority {a.priority + 1}): {why}"
                                for a, why in odd]))
    elif measures is not None:
        summary.append(Paragraph("No action's status disagrees with its measures' figures."))
    if measures is None:
        summary.append(Paragraph("The linked measures' figures are not in this copy: give "
                                 "the warehouse (carepanel report progress --warehouse) to "
                                 "show them.", "note"))

    sections = [Section("Summary", summary)]
    sections.append(Section("Progress by priority", [Paragraph(
        "Each priority's actions, overdue ones first and then by due date, with the outcome "
        "each should bring and its linked measures' latest figures, rating and direction "
        "of travel; then each action's progress updates, with their dates.", "note")],
        landscape=True, page_break=True))
    for i, p in enumerate(strategy.priorities):
        blocks: list[Block] = []
        if p.description:
            blocks.append(Paragraph(p.description))
        ordered = tracker_order(p.actions, as_of)
        if ordered:
            blocks.append(Table(f"Actions under priority {i + 1}", ACTION_HEADER,
                                action_rows(ordered, as_of, measures), sheet="Actions",
                                sheet_prefix=[text(f"{i + 1}. {p.title}")],
                                sheet_prefix_header=["Priority"], widths=ACTION_WIDTHS,
                                small=True, row_headers=False, split=len(ordered) > 6))
            blocks.append(Table(f"Progress updates under priority {i + 1}", UPDATE_HEADER,
                                update_rows(ordered, as_of), sheet="Progress updates",
                                sheet_prefix=[text(f"{i + 1}. {p.title}")],
                                sheet_prefix_header=["Priority"], widths=[3.2, 1.0, 7.4],
                                small=True, row_headers=False, split=True))
        else:
            blocks.append(Paragraph("No actions recorded under this priority.", "note"))
        sections.append(Section(f"Priority {i + 1}: {p.title}", blocks, level=2,
                                landscape=True))
    if strategy.you_said_we_did:
        sections.append(Section("You said, we did", [
            Paragraph("What children and young people have asked for, and what has been "
                      "done about it."), you_said_table(strategy.you_said_we_did)],
            page_break=True))

    meeting = sheet.meeting or panel_name
    when = meeting_date or sheet.meeting_date
    cover = [("Council", council), ("Meeting", meeting),
             ("Date of meeting", long_date(when) if when else "To be confirmed"),
             ("Report of", str(sheet.report_of) if sheet.report_of else "To be confirmed"),
             ("Strategy", strategy.title), ("Progress as at", long_date(as_of)),
             ("Version", "Public" if public else "For the Panel")]
    if sheet.synthetic:
        cover.append(("Data", "Synthetic: made up by carepanel, about no real child"))
    return Report(kind="progress", title="Strategy progress report",
                  subtitle=f"{strategy.title}: progress as at {long_date(as_of)}",
                  council=council, panel=meeting, public=public, cover=cover,
                  sections=sections, marking_text="OFFICIAL",
                  file_stem=f"progress_{as_of.isoformat()}" + ("_public" if public else ""),
                  synthetic=sheet.synthetic)
