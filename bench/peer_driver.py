"""Validate one SSDA903 return with csc-validator-be-903, as its hosted tool does.

This script runs under the PEER's virtual environment (Python 3.11, pandas < 2,
``pip install csc-validator-be-903``), never under carepanel's: it imports nothing from
carepanel. ``bench/peer.py`` starts it in a process of its own and measures that process.

It calls ``rpc_main.lac_validate``, the entry point the validator's web front end calls for
a council's upload: files of this year and last year, tables recognised by their column
names, the collection year's rule pack (``collectionYear`` "2025" = rules lac2024_25), then
the issue locations, the data tables and the two downloadable summaries, all as JSON. So
the peer is timed doing the whole of the work a council waits for, as councils use it.

With ``--flagged FILE`` it also writes every (rule, table, row) flagged and the rules of
the pack, for the parity comparison (``bench/parity.py``).

Prints one line of JSON on stdout: the findings (distinct rule, table and row flagged), the
issue rows (one per affected column, as the tool lists them), the rules that ran, were
skipped for want of a table, or crashed, and the package versions.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from importlib import metadata


class _RuleFailures(logging.Handler):
    """Collects the rules the validator reports as having crashed (it logs and carries on)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.failed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if text.startswith("Rule code ") and text.endswith("failed to run!"):
            self.failed.append(text.split()[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--collection-year", required=True,
                        help='year of the return\'s 31 March, e.g. "2025" for 2024/25')
    parser.add_argument("--local-authority", required=True,
                        help="the council's long code, e.g. E06000034")
    parser.add_argument("--this-year", nargs="+", required=True, help="this year's CSVs")
    parser.add_argument("--previous-year", nargs="*", default=[], help="last year's CSVs")
    parser.add_argument("--ch-list", help="Ofsted's children's homes list (.xlsx), as a "
                        "council puts it in the tool's \"Children's Homes\" box")
    parser.add_argument("--scp-list", help="Ofsted's social care providers list (.xlsx), the "
                        "\"Social Care Providers\" box")
    parser.add_argument("--flagged", help="also write every (rule, table, row) flagged, as "
                        "JSON, to this file (rows as the tool numbers them: 0 = first data row)")
    args = parser.parse_args()

    this_year = [os.path.abspath(p) for p in args.this_year]
    previous_year = [os.path.abspath(p) for p in args.previous_year]
    # rpc_main opens a log file in the working folder when imported: keep it out of the repo.
    os.chdir(tempfile.mkdtemp(prefix="peer-validator-"))
    failures = _RuleFailures()
    logging.getLogger("lac_validator").addHandler(failures)
    import rpc_main

    uploads = {"This year": this_year}
    if previous_year:
        uploads["Prev year"] = previous_year
    # The URN rules run only when both lists are uploaded, each in its own box.
    if args.ch_list and args.scp_list:
        uploads["CH lookup"] = [os.path.abspath(args.ch_list)]
        uploads["SCP lookup"] = [os.path.abspath(args.scp_list)]
    result = rpc_main.lac_validate(uploads, {"collectionYear": args.collection_year,
                                             "localAuthority": args.local_authority})
    issues = json.loads(result["issue_locations"][0])
    flagged = {(i["rule_code"], i["tables_affected"], i["row_id"]) for i in issues}
    by_rule: dict[str, int] = {}
    for rule, _table, _row in flagged:
        by_rule[rule] = by_rule.get(rule, 0) + 1
    rules = rpc_main.get_year_ruleset(args.collection_year)
    if args.flagged:
        with open(args.flagged, "w", encoding="utf-8") as out:
            json.dump({"rules": sorted(str(code) for code in rules),
                       "rules_failed": sorted(set(failures.failed)),
                       "flagged": sorted([str(r), str(t), int(n)] for r, t, n in flagged)},
                      out)
    print(json.dumps({
        "findings": len(flagged),
        "issue_rows": len(issues),
        "rules_in_pack": len(rules),
        "rules_with_findings": len(by_rule),
        "rules_failed": sorted(set(failures.failed)),
        "findings_by_rule": dict(sorted(by_rule.items(), key=lambda kv: -kv[1])),
        "versions": {name: metadata.version(name) for name in
                     ("csc-validator-be-903", "pandas", "numpy")},
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
