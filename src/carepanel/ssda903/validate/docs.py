"""docs/validation_rules.md, generated from the rule catalogue so it never drifts from the SQL.

Run ``python -m carepanel.ssda903.validate.docs > docs/validation_rules.md``; a test fails
when the file in the repository is not what this writes.
"""

from __future__ import annotations

from carepanel.ssda903 import schema
from carepanel.ssda903.validate.catalogue import (
    Rule,
    all_rules,
    implemented,
    not_implemented,
    peer_differences,
)

INTRO = """# DfE validation rules

Generated from `src/carepanel/ssda903/validate/` by
`python -m carepanel.ssda903.validate.docs > docs/validation_rules.md`: do not edit by hand.

These are the DfE's validation rules for the SSDA903 return, by the DfE's code and with the
DfE's message, so that a finding here is one the DfE's portal would raise. Every finding is
a warning: it names the file, spreadsheet row (the header is row 1), column and child, and
never stops a return loading or figures being computed. Each implemented rule is one SQL file
in `src/carepanel/ssda903/validate/sql/`; the rules carepanel does not check are listed with
the reason in `not_implemented.yaml`.

Years are collection years: 2024/25 runs from 1 April 2024 to 31 March 2025. A return older
than 2022/23 is checked against the 2022/23 rules, the earliest list carepanel holds. Rules
that compare with last year's return (tables ending `_last`) need the same council's
return for the 31 March before: the one in the same `carepanel validate` or `carepanel load`
run, else the one already in the warehouse (`carepanel load` and the web app's uploads look
there; `carepanel validate` when given `--warehouse FILE`). A finding on last year's rows
names the row and file as the council sent them. When there is no such return the rules are
not run, and the output says so.

"""


PEER = """
## Where carepanel and csc-validator-be-903 differ

`python bench/parity.py` validates synthetic returns (2024/25 with 2023/24, clean and with
3% of rows given errors) with carepanel and with csc-validator-be-903 0.1.17, the
validator councils use, and compares the rows each flags, rule by rule
(`tests/ssda903/validate/test_parity.py` runs it). These are the rules that do not agree,
and the defects of the peer the synthetic returns may not meet, from
`peer_differences.yaml`: *peer* where the peer is wrong (the DfE's text says why, and a
test shows it on a hand-built return); *bad dates* where a date that does not exist
(30/02/2024) is read differently: carepanel reports it under the column's rule, names the
row under a rule whose condition it leaves impossible to confirm (the rule's note says
how), and otherwise reads it as no date (as given, where a rule asks whether a date was
given), while the peer's rules each read it their own way; *open* where the difference is
not settled yet. Both tools read a code written in lower case ("s") in capitals;
carepanel tells the council with a warning.

| code | kind | why | DfE | shown by |
|---|---|---|---|---|
"""


def _years(rule: Rule) -> str:
    first, last = rule.years[0], rule.years[-1]
    if first == last:
        return schema.collection_year_label(first)
    return f"{schema.collection_year_label(first)} to {schema.collection_year_label(last)}"


def _message(rule: Rule) -> str:
    texts: dict[str, list[int]] = {}
    for year in rule.years:
        texts.setdefault(rule.message(year), []).append(year)
    if len(texts) == 1:
        return next(iter(texts))
    return "<br>".join(f"{schema.collection_year_label(ys[0])}"
                       f"{'' if len(ys) == 1 else ' to ' + schema.collection_year_label(ys[-1])}"
                       f": {text}" for text, ys in texts.items())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    rules = all_rules()
    done = implemented()
    missing = not_implemented()
    by_loader = sum(r.by_loader for r in missing.values())
    parts = [INTRO,
             f"{len(rules)} rules: {len(done)} implemented here, {by_loader} checked by "
             f"the loader as errors, {len(missing) - by_loader} not implemented.\n\n",
             "| code | years | tables | message | carepanel |\n|---|---|---|---|---|\n"]
    for r in rules:
        if r.implemented:
            how = f"[{r.file}](../src/carepanel/ssda903/validate/sql/{r.file})"
            if r.uses_previous:
                how += " (needs last year's return)"
            if r.note:
                how += f"<br>{r.note}"
        elif r.by_loader:
            how = f"by the loader, as an error: {r.reason}"
        else:
            how = f"not implemented: {r.reason}"
        parts.append(f"| {r.code} | {_years(r)} | {_cell(', '.join(r.tables))} | "
                     f"{_cell(_message(r))} | {_cell(how)} |\n")
    parts.append(PEER)
    for code, d in peer_differences().items():
        shown = f"`{d['case']}`" if d.get("case") else ""
        parts.append(f"| {code} | {d['kind']} | {_cell(' '.join(str(d['why']).split()))} | "
                     f"{_cell(' '.join(str(d.get('dfe') or '').split()))} | {shown} |\n")
    return "".join(parts)


if __name__ == "__main__":
    print(render(), end="")
