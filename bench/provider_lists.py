"""Synthetic Ofsted provider lists, in the form councils download them, for tests and parity.

Ofsted publishes two workbooks a council gives its validator beside the return: the
children's homes list (sheet "Provider information") and the social care providers list
(current providers on the first sheet, closed ones on the second). ``write_lists`` writes
both, with the columns csc-validator-be-903 reads and carepanel reads
(``carepanel.reference.providers``), from plain rows: nothing real, only what a test needs.

``from_returns`` makes lists that fit a synthetic return (every URN its placements name,
with the placement types, provider kinds and postcodes they are used with), then gives a
few providers a fault each, so that the URN rules (1008, 219, 221, 224, 227, 228, 229)
have something to find: a URN left off the lists, a placement type or provider kind the
provider does not offer, another postcode, registration ended during a placement.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

CH_COLUMNS = ["URN", "Local Authority", "Provider Code", "Provider Placement Code",
              "Closed Date", "Setting Postcode"]
SCP_COLUMNS = ["URN", "Local authority", "Placement code", "Placement provider code",
               "Setting postcode"]
SCP_CLOSED_COLUMNS = ["URN", "Local authority", "Placement code", "Placement provider code",
                      "Deregistration date", "Setting postcode"]


@dataclass(frozen=True)
class Provider:
    """One registered provider: a children's home ("CH") or another provider ("SCP")."""

    urn: str
    place: tuple[str, ...]
    provider: tuple[str, ...]
    postcode: str
    closed: dt.date | None = None
    list: str = "CH"
    la_name: str = "Thurrock"


def write_lists(folder: Path, providers: Iterable[Provider]) -> list[Path]:
    """``children_homes.xlsx`` and ``social_care_providers.xlsx`` in ``folder``."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    providers = list(providers)
    homes = Workbook()
    sheet = homes.active
    sheet.title = "Provider information"
    sheet.append(CH_COLUMNS)
    for p in providers:
        if p.list == "CH":
            # Placement types comma-separated, provider kinds with "/", as Ofsted writes them.
            sheet.append([p.urn, p.la_name, ",".join(p.place), "/".join(p.provider),
                          p.closed, p.postcode])
    others = Workbook()
    current = others.active
    current.title = "Current providers"
    current.append(SCP_COLUMNS)
    closed = others.create_sheet("Providers closed")
    closed.append(SCP_CLOSED_COLUMNS)
    for p in providers:
        if p.list != "CH" and p.closed is None:
            current.append([p.urn, p.la_name, ",".join(p.place), ",".join(p.provider),
                            p.postcode])
        elif p.list != "CH":
            closed.append([p.urn, p.la_name, ",".join(p.place), ",".join(p.provider),
                           p.closed, p.postcode])
    paths = [folder / "children_homes.xlsx", folder / "social_care_providers.xlsx"]
    homes.save(paths[0])
    others.save(paths[1])
    return paths


def from_returns(folders: Iterable[Path], *, fault_every: int = 7) -> list[Provider]:
    """Providers for every URN of the returns' Episodes files, one in ``fault_every`` with
    a fault (in turn: left off the lists, another placement type, another provider kind,
    another postcode, registration ended during a placement, or on the day one began)."""
    seen: dict[str, dict] = {}
    for folder in folders:
        with open(folder / "episodes.csv", newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                urn = (row.get("URN") or "").strip()
                if not urn or urn == "XXXXXXX":
                    continue
                p = seen.setdefault(urn, {"place": set(), "provider": set(), "post": None,
                                          "decom": []})
                for key, column in (("place", "PLACE"), ("provider", "PLACE_PROVIDER")):
                    if (row.get(column) or "").strip():
                        p[key].add(row[column].strip().upper())
                p["post"] = p["post"] or (row.get("PL_POST") or "").strip() or "RM16 2XX"
                with contextlib.suppress(KeyError, ValueError):
                    p["decom"].append(dt.datetime.strptime(row["DECOM"], "%d/%m/%Y").date())
    out = []
    for i, (urn, p) in enumerate(sorted(seen.items())):
        provider = Provider(urn, tuple(sorted(p["place"])), tuple(sorted(p["provider"])),
                            p["post"], list="CH" if urn.startswith("SC") else "SCP")
        fault = (i // fault_every) % 6 if i % fault_every == fault_every - 1 else None
        if fault == 0:
            continue  # not on the lists
        if fault == 1:
            provider = replace(provider, place=("K2",) if "K2" not in provider.place
                               else ("R1",))
        elif fault == 2:
            provider = replace(provider, provider=("PR5",) if "PR5" not in provider.provider
                               else ("PR4",))
        elif fault == 3:
            provider = replace(provider, postcode="CM1 1AA")
        elif fault == 4 and p["decom"]:
            provider = replace(provider, closed=max(p["decom"]) + dt.timedelta(days=30))
        elif fault == 5 and p["decom"]:
            provider = replace(provider, closed=max(p["decom"]))
        out.append(provider)
    # Providers no placement uses, as Ofsted's lists are mostly: one on each sheet, with a
    # URN of the older form (SC and six digits). A sheet whose URNs are all numbers is read
    # by pandas (and so by csc-validator-be-903) as numbers, which match no URN of a return;
    # Ofsted's sheets mix both forms.
    out += [Provider("SC900001", ("K2",), ("PR4",), "RM17 6QP"),
            Provider("SC900002", ("U4", "U6"), ("PR4",), "RM17 6QP", list="SCP"),
            Provider("SC900003", ("K2",), ("PR4",), "RM17 6QP", list="SCP",
                     closed=dt.date(2019, 12, 31))]
    return out
