"""Legal status and placement histories of a child, turned into Episodes rows.

A period of care is built as two timelines, then merged:

* legal status changes (police protection -> interim care order -> care order, or
  placement order for adoption), and
* placements, each with a carer: emergency placement, planned moves whose yearly chance
  depends on age and on the child's own instability, same-carer status changes (short-term
  to long-term fostering, foster carers becoming adopters), temporary placements with a
  return to the usual carer, and the placement a plan ends in (home with parents, kinship
  carers who take a special guardianship order, adopters).

Where both change on one day the episode's RNE is B or U, as the DfE requires (rules
434-436); REASON_PLACE_CHANGE goes on the episode that ended with the move, except around
temporary placements (rules 225, 226). Placement codes are checked against the code lists of
every collection year an episode spans: semi-independent placements (H5, P2) still open
after 2024/25 become registered supported accommodation (K3) during 2024/25, as councils did.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from carepanel.ssda903 import schema
from carepanel.ssda903.synth import params as P
from carepanel.ssda903.synth.dates import Day, collection_year
from carepanel.ssda903.synth.model import Child, Episode, Period, Window
from carepanel.ssda903.synth.postcodes import OUTSIDE_FAR, council_pools
from carepanel.ssda903.synth.rand import Pick, between, chance, exp_days, lognormal_days

SAME_CARER_RNE = ("T", "U")
TEMP_CODES = frozenset({"T0", "T1", "T2", "T3", "T4"})
# Placements with no provider (DfE rules 178, 213 and 526): temporary ones and the other
# placements, Z1 (to 2024/25) and Z11-Z14 (from 2025/26).
NO_PROVIDER = frozenset({"T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"})


@lru_cache(maxsize=32)
def place_codes(year: int) -> frozenset[str]:
    """PLACE codes valid in a collection year (years outside the schema use its ends)."""
    y = min(max(year, schema.FIRST_YEAR), schema.LAST_YEAR)
    return frozenset(schema.codes("PLACE", y) or ())


def code_ok(code: str, first: Day, last: Day) -> bool:
    """Valid in every collection year from ``first`` to ``last`` (an episode's span)."""
    return all(code in place_codes(y)
               for y in range(collection_year(first), collection_year(last) + 1))


@dataclass(slots=True)
class Placement:
    """A spell with one carer and one set of placement details."""

    start: Day
    place: str
    provider: str
    carer: int
    urn: str
    pl_post: str
    reason: str = ""  # REASON_PLACE_CHANGE for the episode this placement replaces

    @property
    def temp(self) -> bool:
        return self.place in TEMP_CODES


class Builder:
    """Builds one child's episodes; holds the child's own random stream and carer counter."""

    def __init__(self, child: Child, council: P.Council, window: Window,
                 urns: dict[str, list[str]], rng: random.Random) -> None:
        self.child = child
        self.council = council
        self.window = window
        self.rng = rng
        self.urns = urns
        self.carers = 0
        sigma = P.INSTABILITY_SIGMA
        self.instability = math.exp(self.rng.gauss(-sigma * sigma / 2, sigma))

    # --- helpers --------------------------------------------------------------------------

    def age(self, d: Day) -> int:
        return self.child.age(d)

    def postcode(self, home: bool = True) -> str:
        """A real postcode: in the council's area, else outside it, near or far
        (``synth.postcodes``)."""
        rng = self.rng
        pools = council_pools(self.council.la_code)
        pool = (pools.home if home
                else pools.far if chance(rng, OUTSIDE_FAR) else pools.near)
        return pool[int(rng.random() * len(pool))]

    def carer(self, start: Day, place: str, home_post: str, reason: str = "",
              previous: Placement | None = None) -> Placement:
        """A new carer for ``place``: provider, Ofsted URN and placement postcode."""
        rng = self.rng
        self.carers += 1
        provider = self.provider(place)
        urn = ""
        if place in P.NEEDS_URN:
            pool = self.urns["foster_pr1" if provider == "PR1" and place[0] in "UA"
                             else place if place in ("K1", "K2", "K3") else "agency"]
            urn = pool[int(rng.random() * len(pool))]
        if place == "P1":
            pl_post = home_post
        else:
            # Every placement has a postcode (DfE rule 392b), never the child's home one
            # unless the child is placed with parents (rule 392d).
            # The council's own provision other than foster care and adoption is in its own
            # area (DfE rule 1015).
            own = provider == "PR1" and place[0] not in "UA"
            in_area = 1.0 if own else 0.78 if provider in ("PR1", "PR0") else 0.45
            pl_post = self.postcode(chance(rng, in_area))
            while pl_post == home_post or (previous is not None
                                           and pl_post == previous.pl_post):
                pl_post = self.postcode(chance(rng, in_area))
        return Placement(start, place, provider, self.carers, urn, pl_post, reason)

    def provider(self, place: str) -> str:
        rng = self.rng
        if place == "P1":
            return "PR0"
        if place in NO_PROVIDER:
            return ""
        if place in P.KINSHIP:
            return P.PROVIDER["kinship"](rng)
        if place in P.FOSTER:
            if chance(rng, self.council.own_foster - 0.01):
                return "PR1"
            return "PR4" if chance(rng, 0.89) else "PR5"
        if place[0] == "A":
            return P.PROVIDER["adoption"](rng)
        if place in P.SUPPORTED:
            return P.PROVIDER["supported"](rng)
        if place == "Z1":
            return P.PROVIDER["Z"](rng)
        return P.PROVIDER[place](rng)

    # --- placement choice -----------------------------------------------------------------

    def supported_code(self, d: Day) -> str:
        if "K3" in place_codes(collection_year(d)):
            return "K3"
        # No P2 (independent living): the DfE stopped accepting it from 28 October 2023
        # (rule 217t), and a synthetic history reaching past that date must not hold one.
        return "H5"

    def other_code(self, d: Day) -> str:
        if "Z1" in place_codes(collection_year(d)):
            return "Z1"
        return ("Z11", "Z12", "Z13", "Z14")[int(self.rng.random() * 4)]

    def choose_place(self, d: Day, plan: str, moves: int) -> str:
        """Placement type for a new carer, by age, plan and how unsettled the child is."""
        age = self.age(d)
        if plan == P.REMAND:
            kind = "remand"
        elif plan == P.ADOPT:
            kind = "adopt"
        elif plan == P.UASC:
            kind = "uasc16" if age >= 16 else "uasc"
        elif age == 0:
            kind = "baby"
        elif age < 7:
            kind = "under7"
        else:
            kind = next(k for limit, k in ((10, "under10"), (14, "under14"), (16, "under16"),
                                           (99, "older")) if age < limit)
        res = round(self.council.residential * (1 + 0.3 * min(moves, 5)), 2)
        place = _place_pick(kind, res)(self.rng)
        if place == "S":
            return self.supported_code(d)
        if place == "Z":
            return self.other_code(d)
        return place

    def move_gap(self, start: Day, t: Day, place: str, plan: str) -> int:
        """Days until this placement ends in a move (busier in the first year of care)."""
        age = self.age(t)
        rate = next(r for limit, r in P.MOVE_HAZARD if age < limit)
        rate *= self.instability * self.council.instability
        if place in P.KINSHIP or place in ("U1", "U4"):
            rate *= 0.6
        elif place in ("K2", "K1", "R5"):
            rate *= 1.4
        if plan == P.ADOPT:
            rate *= 0.8
        first_year_end = start + 365
        if t < first_year_end:
            gap = exp_days(self.rng, rate * P.FIRST_YEAR_FACTOR)
            if t + gap < first_year_end:
                return gap
            return first_year_end - t + exp_days(self.rng, rate)
        return exp_days(self.rng, rate)

    # --- a period -------------------------------------------------------------------------

    def build(self) -> None:
        if self.child.kind == "breaks":
            self.build_breaks(self.child.periods[0])
            return
        for period in self.child.periods:
            self.build_period(period)

    def build_period(self, period: Period) -> None:
        rng = self.rng
        child = self.child
        horizon = self.window.horizon
        s = period.start
        end_sim = min(period.end, horizon + 1)
        home_post = "" if child.kind == "uasc" else self.postcode(chance(rng, 0.93))
        cin = "N8" if child.kind == "uasc" else P.CIN_GENERAL(rng)
        ls0, ls_changes = self.legal_statuses(period, end_sim)
        placements = self.placements(period, end_sim, home_post, ls0, ls_changes)
        placements = self.same_carer_changes(placements, period, end_sim)
        placements = self.temporary(placements, end_sim, home_post)
        placements = self.fix_codes(placements, end_sim)
        ls_changes = _outside_temporary(ls_changes, placements)
        if period.end <= horizon:
            period.rec = self.final_rec(period, placements[-1])
        period.episodes = merge(s, period, cin, home_post, ls0, ls_changes, placements, rng,
                                closed=period.end <= horizon)

    def legal_statuses(self, period: Period, end_sim: Day) -> tuple[str, list[tuple[Day, str]]]:
        """First legal status and later changes, as (day, LS) in date order."""
        rng = self.rng
        plan = period.plan
        s = period.start
        ls = P.FIRST_LS[plan](rng) if plan in P.FIRST_LS else "V2"
        if ls in ("J1", "J2", "J3") and self.age(s) < 10:
            ls = "V2"
        changes: list[tuple[Day, str]] = []
        t = s
        cur = ls
        if cur in ("L1", "L2", "J2"):
            t = s + (between(rng, 1, 3) if cur != "L2" else between(rng, 5, 21))
            cur = ("J1" if cur == "J2" else
                   "C1" if plan in (P.ADOPT, P.SGO, P.CAO) or chance(rng, 0.55) else "V2")
            changes.append((t, cur))
        adoption = period.adoption
        if adoption is not None and cur == "V2":
            t = max(t + 1, adoption.decision - between(rng, 60, 150))
            cur = "C1"
            changes.append((t, cur))
        if adoption is not None and adoption.order is not None:
            changes.append((adoption.order, "E1"))
            if adoption.reversed_on is not None:
                changes.append((adoption.reversed_on + between(rng, 20, 90), "C2"))
        elif cur == "C1":
            p_full = {P.HOME: 0.5, P.SGO: 0.35, P.CAO: 0.2, P.OTHER: 0.5}.get(plan, 0.95)
            if chance(rng, p_full):
                changes.append((t + lognormal_days(rng, *P.CARE_ORDER_AFTER), "C2"))
        elif cur == "V2" and plan in (P.LEAVE18, P.SGO, P.EARLY) \
                and chance(rng, P.V2_TO_CARE_PROCEEDINGS):
            t += between(rng, 60, 500)
            changes.append((t, "C1"))
            changes.append((t + lognormal_days(rng, *P.CARE_ORDER_AFTER), "C2"))
        changes = sorted(c for c in changes if s < c[0] < end_sim)
        return ls, changes

    def placements(self, period: Period, end_sim: Day, home_post: str, ls0: str,
                   ls_changes: list[tuple[Day, str]]) -> list[Placement]:
        """Carers from the start to the end of the period (or the horizon)."""
        rng = self.rng
        plan = period.plan
        s = period.start
        ffa = plan == P.ADOPT and chance(rng, 0.15)  # fostering for adoption (U5 then A5)
        tail = self.tail(period, end_sim, ls0, ls_changes, ffa)
        limit = tail[0] if tail else end_sim
        out: list[Placement] = []
        t = s
        while t < limit:
            prev = out[-1] if out else None
            reason = P.MOVE_REASON(rng) if prev else ""
            if reason == "CUSTOD" and self.age(t) < 10:
                reason = "CARPL"
            if not out and plan != P.REMAND and chance(rng, P.EMERGENCY):
                place = "K2" if self.age(t) >= 12 and chance(rng, 0.18) else "U6"
                gap = lognormal_days(rng, *P.EMERGENCY_STAY)
            else:
                place = "U5" if ffa else self.choose_place(t, plan, len(out))
                gap = 10**6 if ffa else self.move_gap(s, t, place, plan)
            out.append(self.carer(t, place, home_post, reason, prev))
            t += gap
        if tail:
            last = out[-1] if out else None
            if tail[1] != "KIN" or last is None or last.place not in P.KINSHIP:
                out.append(self.tail_placement(tail, last, period, home_post))
        return out

    def tail_placement(self, tail: tuple[Day, str], last: Placement | None, period: Period,
                       home_post: str) -> Placement:
        """The placement a plan ends in; foster carers who adopt keep their carer number."""
        start, place = tail
        if place == "A5" and last is not None and last.place in P.FOSTER:
            if period.adoption is not None:
                period.adoption.with_foster_carer = True
            return Placement(start, "A5", P.PROVIDER["adoption"](self.rng), last.carer,
                             last.urn, last.pl_post, "PLACE")
        if place == "A5":
            place = "A6"
        if place == "KIN":
            place = "U3" if chance(self.rng, 0.7) else "U1"
        return self.carer(start, place, home_post, "CARPL", last)

    def tail(self, period: Period, end_sim: Day, ls0: str, ls_changes: list[tuple[Day, str]],
             ffa: bool) -> tuple[Day, str] | None:
        """The placement a plan ends in, and from when: adopters, parents, kinship carers."""
        rng = self.rng
        s, e, plan = period.start, period.end, period.plan
        tail: tuple[Day, str] | None = None
        if plan == P.ADOPT and period.adoption is not None and period.adoption.placed:
            tail = (period.adoption.placed, "A5" if ffa or chance(rng, 0.06) else "A6")
        elif plan == P.HOME and e - s > 150 and chance(rng, 0.85 if e - s > 365 else 0.5):
            start = e - between(rng, 60, max(60, (e - s) * 4 // 5))
            if _ls_on(start, ls0, ls_changes) in ("C1", "C2"):
                tail = (start, "P1")
        elif plan == P.SGO and chance(rng, 0.6):
            tail = (max(s, e - between(rng, 200, 700)), "KIN")
        elif plan == P.CAO and e - s > 120 and chance(rng, 0.5):
            start = e - between(rng, 60, max(60, (e - s) * 2 // 3))
            if _ls_on(start, ls0, ls_changes) in ("C1", "C2"):
                tail = (start, "P1")
        elif plan == P.LEAVE18 and e - s > 800 and chance(rng, 0.4):
            start = e - between(rng, 365, min(2000, e - s - 30))
            if _ls_on(start, ls0, ls_changes) in ("C1", "C2"):
                tail = (start, "P1")
        if tail is None or tail[0] >= end_sim or (tail[0] <= s and tail[1] != "KIN"):
            return None
        return tail

    def same_carer_changes(self, placements: list[Placement], period: Period,
                           end_sim: Day) -> list[Placement]:
        """Short-term foster placements that become long-term with the same carer (RNE T)."""
        rng = self.rng
        out: list[Placement] = []
        for i, p in enumerate(placements):
            out.append(p)
            end = placements[i + 1].start if i + 1 < len(placements) else end_sim
            if p.place in ("U6", "U3") and end - p.start > 420 and period.plan != P.ADOPT \
                    and chance(rng, 0.45):
                d = p.start + between(rng, 180, min(540, end - p.start - 60))
                out.append(Placement(d, "U4" if p.place == "U6" else "U1", p.provider,
                                     p.carer, p.urn, p.pl_post, "PLACE"))
        return out

    def temporary(self, placements: list[Placement], end_sim: Day,
                  home_post: str) -> list[Placement]:
        """Occasional temporary placements (T0-T4) inside foster placements, with a return."""
        rng = self.rng
        out: list[Placement] = []
        for i, p in enumerate(placements):
            out.append(p)
            if p.place not in P.FOSTER:
                continue
            end = placements[i + 1].start if i + 1 < len(placements) else end_sim
            t = p.start + exp_days(rng, P.TEMPORARY_PER_YEAR)
            while True:
                code, longest = P.TEMPORARY(rng)
                stay = between(rng, 1, longest)
                if t + stay >= end - 2:
                    break
                temp = self.carer(t, code, home_post)
                back = Placement(t + stay, p.place, p.provider, p.carer, p.urn, p.pl_post)
                out.extend((temp, back))
                t = t + stay + exp_days(rng, P.TEMPORARY_PER_YEAR)
        return out

    def fix_codes(self, placements: list[Placement], end_sim: Day) -> list[Placement]:
        """Keep every episode's PLACE valid in every return it appears in."""
        rng = self.rng
        out: list[Placement] = []
        k3_from = _first_day("K3")
        for i, p in enumerate(placements):
            end = placements[i + 1].start if i + 1 < len(placements) else end_sim
            last = min(end, self.window.horizon)
            if code_ok(p.place, p.start, last):
                out.append(p)
                continue
            if p.place in ("H5", "P2") and k3_from is not None:
                lo = max(p.start + 1, k3_from)
                hi = min(end - 1, _last_day(p.place))
                if lo <= hi and code_ok("K3", lo, last):
                    out.append(p)
                    urn = self.urns["K3"][int(rng.random() * len(self.urns["K3"]))]
                    out.append(Placement(between(rng, lo, hi), "K3", p.provider, p.carer, urn,
                                         p.pl_post, "PLACE"))
                    continue
            fallback = "K3" if self.age(p.start) >= 16 and code_ok("K3", p.start, last) \
                else "K2" if self.age(p.start) >= 12 else "U6"
            out.append(self.carer(p.start, fallback, "", p.reason))
        return out

    def final_rec(self, period: Period, last: Placement) -> str:
        rng = self.rng
        if period.rec:
            return period.rec
        plan = period.plan
        if plan == P.SGO:
            if last.place in P.KINSHIP:
                return "E45"
            if last.place in P.FOSTER:
                return "E46" if chance(rng, 0.5) else "E48"
            return "E47" if chance(rng, 0.7) else "E48"
        if plan == P.EARLY:
            return P.REC_EARLY(rng)
        if last.place in P.FOSTER:
            kind = "foster"
        elif last.place in P.SUPPORTED:
            kind = "supported"
        elif last.place == "P1":
            kind = "parents"
        else:
            kind = "residential"
        rec = P.REC_AT_18[kind](rng)
        if rec == "E7" and self.age(period.end) < 16:
            rec = "E8"
        return rec

    # --- short breaks ---------------------------------------------------------------------

    def build_breaks(self, period: Period) -> None:
        """V3 breaks of a few nights every few weeks (or V4 agreements), each its own period."""
        rng = self.rng
        horizon = self.window.horizon
        home_post = self.postcode()
        place = "K2" if chance(rng, 0.6) else "U6"
        carer = self.carer(period.start, place, home_post)
        v4 = chance(rng, 0.15)
        t = period.start if v4 else max(period.start, self.window.start - 90)
        last = min(period.end, horizon)
        episodes: list[Episode] = []
        while t <= last:
            dec = min(t + (between(rng, 180, 365) if v4 else between(rng, 1, 4)), period.end)
            if dec <= t:
                break
            open_ = dec > horizon
            # Short breaks record no postcodes (no distance, DfE rule 398) and no URN (214).
            episodes.append(Episode(t, "S", "V4" if v4 else "V3", "N2", carer.place,
                                    carer.provider, "", "", "",
                                    None if open_ else dec, "" if open_ else "E4A"))
            if open_:
                break
            t = dec + (1 if v4 else between(rng, 12, 45))
        period.episodes = episodes


PLACE_WEIGHTS: dict[str, dict[str, float]] = {
    "remand": {"R5": 0.35, "K1": 0.2, "U6": 0.25, "K2": 0.2},
    "adopt": {"U6": 0.72, "U4": 0.05, "U3": 0.18, "U5": 0.05},
    "uasc16": {"S": 0.64, "U6": 0.22, "U4": 0.02, "K2": 0.12},
    "uasc": {"U6": 0.62, "U4": 0.12, "K2": 0.26},
    "baby": {"U6": 0.68, "U4": 0.10, "U3": 0.16, "U1": 0.03, "R3": 0.03},
    "under7": {"U6": 0.68, "U4": 0.13, "U3": 0.15, "U1": 0.04},
    "under10": {"U6": 0.66, "U4": 0.13, "U3": 0.13, "U1": 0.04, "K2": 0.04},
    "under14": {"U6": 0.46, "U4": 0.19, "U3": 0.08, "U1": 0.03, "K2": 0.20, "S1": 0.02,
                "K1": 0.004, "R1": 0.006, "Z": 0.01},
    "under16": {"U6": 0.40, "U4": 0.15, "U3": 0.06, "U1": 0.02, "K2": 0.32, "S1": 0.02,
                "K1": 0.01, "R5": 0.005, "R1": 0.008, "Z": 0.012},
    "older": {"U6": 0.25, "U4": 0.09, "U3": 0.05, "U1": 0.02, "K2": 0.24, "S": 0.50,
              "K1": 0.005, "R5": 0.012, "P3": 0.002, "R2": 0.004, "R1": 0.004, "Z": 0.01},
}
"""Placement types for a new carer by kind of child ("S" supported accommodation, "Z"
other); K2 weights are scaled by the council's use of residential care and by how many
moves the child has had."""


@lru_cache(maxsize=4096)
def _place_pick(kind: str, residential: float) -> Pick[str]:
    weights = dict(PLACE_WEIGHTS[kind])
    if "K2" in weights and kind != "remand":
        weights["K2"] *= residential * 1.5
    return Pick(weights)


def _outside_temporary(changes: list[tuple[Day, str]],
                       placements: list[Placement]) -> list[tuple[Day, str]]:
    """Move a legal status change that falls during a temporary placement to the day after
    the return to the usual carer: a temporary placement must start with RNE P or B (rule
    380), and the return itself must be a change of placement only, RNE P (rule 383)."""
    spans = [(p.start, placements[i + 1].start) for i, p in enumerate(placements[:-1])
             if p.temp]
    if not spans:
        return changes
    out = []
    for d, ls in changes:
        for a, b in spans:
            if a < d <= b:
                d = b + 1
        out.append((d, ls))
    return sorted(out)


def _ls_on(d: Day, ls0: str, changes: list[tuple[Day, str]]) -> str:
    ls = ls0
    for when, new in changes:
        if when > d:
            break
        ls = new
    return ls


@lru_cache(maxsize=16)
def _first_day(code: str) -> Day | None:
    years = [y for y in range(schema.FIRST_YEAR, schema.LAST_YEAR + 1) if code in place_codes(y)]
    if not years:
        return None
    return from_year_start(years[0])


@lru_cache(maxsize=16)
def _last_day(code: str) -> Day:
    years = [y for y in range(schema.FIRST_YEAR, schema.LAST_YEAR + 1) if code in place_codes(y)]
    last = years[-1] if years else schema.FIRST_YEAR
    return schema.year_end(last).toordinal() if last < schema.LAST_YEAR else 10**7


def from_year_start(year: int) -> Day:
    return schema.year_start(year).toordinal() if year > schema.FIRST_YEAR else 0


def merge(s: Day, period: Period, cin: str, home_post: str, ls0: str,
          ls_changes: list[tuple[Day, str]], placements: list[Placement],
          rng: random.Random, *, closed: bool) -> list[Episode]:
    """Merge the two timelines into episodes with RNE, REC and REASON_PLACE_CHANGE."""
    events: dict[Day, list] = {}
    end_limit = period.end
    for d, ls in ls_changes:
        if s < d < end_limit:
            events.setdefault(d, [None, None])[0] = ls
    for p in placements[1:]:
        if s < p.start < end_limit:
            events.setdefault(p.start, [None, None])[1] = p
    first = placements[0]
    cur_p = first
    cur = Episode(s, "S", ls0, cin, first.place, first.provider, home_post, first.pl_post,
                  first.urn)
    episodes: list[Episode] = []
    for d in sorted(events):
        new_ls, new_p = events[d]
        ls_changed = new_ls is not None and new_ls != cur.ls
        if new_p is not None and _differs(new_p, cur_p):
            if new_p.carer != cur_p.carer:
                rne = "B" if ls_changed else "P"
            else:
                rne = "U" if ls_changed else "T"
        elif ls_changed:
            rne, new_p = "L", None
        else:
            continue
        cur.dec, cur.rec = d, "X1"
        nxt_p = new_p if new_p is not None else cur_p
        if rne != "L" and not cur_p.temp and not nxt_p.temp:
            cur.rpc = new_p.reason if new_p is not None and new_p.reason else (
                "PLACE" if rne in SAME_CARER_RNE else P.MOVE_REASON(rng))
        episodes.append(cur)
        cur = Episode(d, rne, new_ls if ls_changed else cur.ls, cin, nxt_p.place,
                      nxt_p.provider, home_post, nxt_p.pl_post, nxt_p.urn)
        cur_p = nxt_p
    if closed:
        cur.dec, cur.rec = period.end, period.rec
    episodes.append(cur)
    return episodes


def _differs(a: Placement, b: Placement) -> bool:
    return (a.carer != b.carer or a.place != b.place or a.provider != b.provider
            or a.urn != b.urn or a.pl_post != b.pl_post)


def urn_pools(rng: random.Random) -> dict[str, list[str]]:
    """Ofsted URNs of the providers a council uses (SC123456 or 2123456 style)."""

    def urn() -> str:
        if chance(rng, 0.7):
            return f"SC{between(rng, 100000, 999999)}"
        return str(between(rng, 2000000, 2999999))

    own = urn()
    return {
        "foster_pr1": [own],
        "agency": [urn() for _ in range(14)],
        "K1": [urn() for _ in range(4)],
        "K2": [urn() for _ in range(45)],
        "K3": [urn() for _ in range(20)],
    }
