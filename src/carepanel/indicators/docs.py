"""docs/indicators.md, generated from the catalogue so the reference never drifts from the SQL.

Run ``python -m carepanel.indicators.docs > docs/indicators.md`` (``make docs``); a test
fails when the file in the repository is not what this writes.
"""

from __future__ import annotations

from carepanel.indicators.catalogue import builtin

CHILDREN_NOTE = (
    "The scorecard and the papers say how many of these children have data errors (\"3 of "
    "403 children in this measure have data errors\"): a child has one when a value on any "
    "of their rows was not valid for its year (a finding of severity error, null in the "
    "history) in the returns and local files that cover the period, as "
    "child_with_data_errors in src/carepanel/cohorts/sql/30_data_errors.sql says.")

INTRO = """# Indicator reference

Generated from `src/carepanel/indicators/sql/` by `make docs`: do not edit by hand.

Every indicator is one SQL file: a header saying what it is, then one query returning, for
each council, a numerator and a denominator. The value is the numerator for counts,
100 x numerator / denominator for percentages, 10,000 x numerator / population for rates and
numerator / denominator for averages. Values are unrounded. Short breaks (legal status V3,
V4) are left out everywhere. The views the queries read (`cla_at_end`, `placement`,
`period_of_care`, ...) are in `src/carepanel/cohorts/sql/`.

Each indicator also names the children behind its figure ("Children in this measure": the
denominator's children, or for a count the children counted; for the four measures that
count reviews, assessments or incidents, the children they belong to). """ + CHILDREN_NOTE \
    + """ Manual measures have no such count.

The period is the 12 months ending on the period end unless another start is asked for
(`carepanel indicators --period quarter`, `--period year-to-date` or `--period-start`).
Indicators marked **any** period follow the period asked for: counts at its end, or what
happened in it. Those marked **12 months only** are defined by the DfE over a year (a
12-month cohort, a year's OC2 or OC3 snapshot, "during the year"): for any other period
their value is null with a note, never a figure for a different measure.

A council adds its own indicators in the same format without editing carepanel: a folder
of SQL files given with `--indicators-dir` (or `CAREPANEL_INDICATORS_DIR` for the web app),
checked like these (every header field, one query that parses, a cohort that exists) and
with ids of their own: an id of an indicator below is refused. They are not listed here;
`carepanel indicators --indicators-dir DIR --list` shows them, marked as the council's own.

| id | title | unit | polarity | period |
|---|---|---|---|---|
"""

PERIOD_WORDS = {"any": "any", "year": "12 months only"}


def _history(months: int) -> str:
    """How far back a figure reads, when it is not from the period's start."""
    if months == 0:
        return "the period end only (a count on that day)"
    return f"the {months} months to the period end"


def render() -> str:
    parts = [INTRO]
    inds = list(builtin().values())
    parts.extend(f"| [{i.id}](#{i.id}) | {i.title} | {i.unit} | {i.polarity} | "
                 f"{PERIOD_WORDS[i.period]} |\n" for i in inds)
    for i in inds:
        needs = f"- Needs: {', '.join(i.requires)}\n" if i.requires else ""
        why = f": {i.period_note}" if i.period_note else ""
        plain = f"In the papers: {i.plain}\n\n" if i.plain else ""
        history = f"- History: {_history(i.history_months)}\n" \
            if i.history_months is not None else ""
        parts.append(
            f"\n## {i.id}\n\n**{i.title}**\n\n{i.definition}\n\n{plain}"
            f"- Unit: {i.unit}; polarity: {i.polarity}; cohort: `{i.cohort}`\n"
            f"- Period: {PERIOD_WORDS[i.period]}{why}\n{history}"
            f"- Source: {i.source}\n{needs}\n```sql\n{i.sql}\n```\n\n"
            f"Children in this measure{'' if i.children else ' (every child of its cohort)'}:"
            f"\n\n```sql\n{i.children_sql}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render(), end="")
