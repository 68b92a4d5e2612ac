"""The strategy progress report, modelled on Rotherham's and Durham's papers to the Panel.

For each priority: the actions, who owns them, when they are due, their status and the
latest progress. Overdue actions (due date passed, not complete) come first, in a section
of their own, longest overdue at the top, so the Panel sees what has slipped before what
is on track. Statuses are always words; colour only supports them.

The report is built from a :class:`carepanel.reports.strategy.Strategy` (a YAML or CSV
file today, the web app's database later) as things stood on ``as_of``: progress notes
dated after it are left out, and "overdue" is judged on that day.
"""

from __future__ import annotations

import datetime as dt

from carepanel.reports.model import (
    Block,
    Paragraph,
    Report,
    Section,
    Table,
    Value,
    date_value,
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


def status_cell(a: Action, on: dt.date) -> Value:
    shown = a.shown_status(on)
    word = STATUS_WORDS[shown]
    if shown == OVERDUE:
        word = f"Overdue by {a.days_overdue(on)} days (recorded as {STATUS_WORDS[a.status]})"
    return text(word, rag=STATUS_COLOUR[shown])


def action_rows(actions: list[Action], on: dt.date, strategy: Strategy,
                with_priority: bool) -> list[list[Value]]:
    rows = []
    for a in actions:
        latest = a.latest_update(on)
        row = [text(a.what), text(a.owner or "Not assigned"), date_value(a.due, "No date"),
               status_cell(a, on), date_value(latest.date if latest and latest.date
                                              != dt.date.min else None),
               text(latest.text if latest else "No progress recorded")]
        if with_priority:
            p = strategy.priorities[a.priority]
            row.insert(0, text(f"{a.priority + 1}. {p.title}"))
        rows.append(row)
    return rows


ACTION_HEADER = ["Action", "Owner", "Due date", "Status", "Last update", "Latest progress"]
ACTION_WIDTHS = [3.0, 1.4, 0.9, 1.6, 0.9, 3.4]


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
          public: bool = False) -> Report:
    actions = strategy.actions
    overdue = [a for a in tracker_order(actions, as_of) if a.is_overdue(as_of)]
    counts = counts_by_status(actions, as_of)

    summary: list[Block] = [Paragraph(
        f"This report sets out progress on the actions of the {strategy.title} as at "
        f"{long_date(as_of)}: {len(actions)} actions under {len(strategy.priorities)} "
        "priorities. An action is overdue when its due date has passed and it is not "
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
        summary.append(Paragraph(f"{len(overdue)} action(s) are overdue: they are listed "
                                 "first, in the next section.", "warning"))

    sections = [Section("Summary", summary)]
    if overdue:
        table = Table("Overdue actions, longest overdue first",
                      ["Priority", *ACTION_HEADER],
                      action_rows(overdue, as_of, strategy, with_priority=True),
                      sheet="Overdue", widths=[2.0, *ACTION_WIDTHS], small=True,
                      row_headers=False)
        sections.append(Section("Overdue actions", [table], landscape=True, page_break=True))
    else:
        sections.append(Section("Overdue actions", [Paragraph("No action is overdue.")]))

    sections.append(Section("Progress by priority", [Paragraph(
        "The actions under each priority that are not overdue, by due date. Overdue "
        "actions are in the previous section.")], landscape=True, page_break=True))
    for i, p in enumerate(strategy.priorities):
        blocks: list[Block] = []
        if p.description:
            blocks.append(Paragraph(p.description))
        rest = [a for a in tracker_order(p.actions, as_of) if not a.is_overdue(as_of)]
        late = len(p.actions) - len(rest)
        if rest:
            blocks.append(Table(f"Actions under priority {i + 1}", ACTION_HEADER,
                                action_rows(rest, as_of, strategy, with_priority=False),
                                sheet="Actions",
                                sheet_prefix=[text(f"{i + 1}. {p.title}")],
                                sheet_prefix_header=["Priority"], widths=ACTION_WIDTHS,
                                small=True, row_headers=False))
        elif not p.actions:
            blocks.append(Paragraph("No actions recorded under this priority.", "note"))
        if late:
            blocks.append(Paragraph(f"{late} overdue action(s) under this priority are "
                                    "listed under Overdue actions.", "note"))
        sections.append(Section(f"Priority {i + 1}: {p.title}", blocks, level=2,
                                landscape=True))
    if strategy.you_said_we_did:
        sections.append(Section("You said, we did", [
            Paragraph("What children and young people have asked for, and what has been "
                      "done about it."), you_said_table(strategy.you_said_we_did)],
            page_break=True))

    cover = [("Council", council), ("Report to", panel_name),
             ("Meeting date", long_date(meeting_date) if meeting_date else "To be confirmed"),
             ("Strategy", strategy.title), ("Progress as at", long_date(as_of)),
             ("Version", "Public" if public else "For the Panel")]
    return Report(kind="progress", title="Strategy progress report",
                  subtitle=f"{strategy.title}: progress as at {long_date(as_of)}",
                  council=council, panel=panel_name, public=public, cover=cover,
                  sections=sections, marking_text="OFFICIAL",
                  file_stem=f"progress_{as_of.isoformat()}" + ("_public" if public else ""))
