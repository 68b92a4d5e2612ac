"""Checks across rows and tables of one return, reported as warnings.

These follow DfE validation rules that look at more than one field. A council has to fix
them before it submits to the DfE, but the figures can still be computed (indicators.md,
decision 2), so they never stop a load: they are recorded with the submission and reported.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from typing import TYPE_CHECKING

from carepanel.ssda903 import schema
from carepanel.ssda903.findings import Finding

if TYPE_CHECKING:
    from carepanel.ssda903.load import Return


def _d(text: str) -> dt.date | None:
    """A date, or None when blank or not a date (already reported as an error)."""
    try:
        return schema.parse_date(text.strip())
    except ValueError:
        return None


def cross_checks(ret: Return) -> list[Finding]:
    episodes = ret.table("Episodes")
    if episodes is None:
        return []
    header = ret.table("Header")
    dobs: dict[str, dt.date | None] = {}
    if header is not None:
        dobs = {r[0].strip(): _d(r[2]) for r in header.rows}
    out: list[Finding] = []
    by_child: dict[str, list[tuple[dt.date, int, list[str]]]] = defaultdict(list)
    cols = schema.TABLES["Episodes"].columns
    i_decom, i_dec, i_rec = cols.index("DECOM"), cols.index("DEC"), cols.index("REC")
    for n, row in enumerate(episodes.rows, start=2):
        child = row[0].strip()
        decom, dec = _d(row[i_decom]), _d(row[i_dec])
        if decom is None:
            continue  # an unreadable start date is an error reported on its own
        by_child[child].append((decom, n, row))
        if dec is not None and dec < decom:
            out.append(_w(episodes.source, n, "DEC", "the episode ends before it starts", "356",
                          child))
        if (dec is None) != (not row[i_rec].strip()):
            out.append(_w(episodes.source, n, "REC",
                          "date and reason the episode ceased must both be given or both be "
                          "blank", "148", child))
        if header is not None and child not in dobs:
            out.append(_w(episodes.source, n, "CHILD",
                          "the child has episodes but no row in the Header table", None, child))
    for child, eps in by_child.items():
        eps.sort(key=lambda e: (e[0], e[1]))
        dob = dobs.get(child)
        if dob is not None and eps[0][0] < dob:
            out.append(_w(episodes.source, eps[0][1], "DECOM",
                          "the first episode starts before the child was born", "302", child))
        for (_, _, prev), (decom, n, _) in itertools.pairwise(eps):
            prev_dec = _d(prev[i_dec])
            if prev_dec is None or prev_dec > decom:
                out.append(_w(episodes.source, n, "DECOM",
                              "a new episode starts before the previous one ended", "501",
                              child))
    return out


def _w(file: str, row: int, column: str, message: str, rule: str | None,
       child: str) -> Finding:
    return Finding(file, row, column, message, rule, severity="warning", child=child)
