"""What happens to a child while looked after and after leaving, beyond the episodes.

Reviews, missing incidents, social workers, health assessments, personal education plans,
school attendance and care leavers' activity are all drawn here, once per child, as plain
lists of dated events; ``records.py`` then cuts them into each return and local file. Each
history is drawn from the start of the period of care (not from the window) so that, say, a
review cycle or a social worker episode is the same in every return it appears in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from carepanel.ssda903.synth import params as P
from carepanel.ssda903.synth.dates import Day, add_working_days, day
from carepanel.ssda903.synth.model import Child, Period, Window
from carepanel.ssda903.synth.rand import Pick, between, chance, exp_days

REVIEW_FIRST_WD = 20
EET_CODES = {
    "17": Pick({"F2": 0.62, "P2": 0.06, "F1": 0.02, "F4": 0.03, "P4": 0.01, "F5": 0.12,
                "P5": 0.06}),
    "19": Pick({"F2": 0.30, "P2": 0.08, "F1": 0.09, "P1": 0.02, "F4": 0.03, "P4": 0.01,
                "F5": 0.30, "P5": 0.17}),
}
NEET_CODES = Pick({"G5": 0.70, "G4": 0.17, "G6": 0.13})
ACCOM_TYPE = {
    "17": Pick({"D": 0.32, "B": 0.16, "E": 0.10, "C": 0.10, "U": 0.10, "T": 0.04, "K": 0.04,
                "Y": 0.06, "X": 0.012, "S": 0.006, "V": 0.006, "W": 0.004}),
    "18": Pick({"Z": 0.17, "D": 0.26, "B": 0.14, "E": 0.09, "C": 0.05, "U": 0.13, "T": 0.04,
                "K": 0.03, "Y": 0.04, "X": 0.012, "S": 0.005, "V": 0.005, "W": 0.004}),
    "19": Pick({"U": 0.42, "B": 0.15, "D": 0.11, "E": 0.05, "Z": 0.06, "T": 0.03, "C": 0.02,
                "K": 0.04, "Y": 0.05, "X": 0.015, "S": 0.008, "V": 0.008, "W": 0.005,
                "R": 0.01, "G": 0.005}),
}
UNSUITABLE_TYPES = frozenset("SVWX")


@dataclass(slots=True)
class Assessment:
    kind: str  # IHA or RHA
    due: Day
    requested: Day | None
    completed: Day | None


@dataclass(slots=True)
class Incident:
    kind: str  # M or A
    start: Day
    end: Day | None
    offered: Day | None = None  # return home interview (local file)
    held: Day | None = None


@dataclass(slots=True)
class SocialWorker:
    sw_id: str
    start: Day
    end: Day | None
    reason: str


@dataclass(slots=True)
class LeaverStatus:
    in_touch: str
    activ: str
    accom: str


@dataclass(slots=True)
class Contact:
    """A care leaver's yearly review in the council's own records (local care_leavers)."""

    age: int
    recorded: Day
    pa: str
    plan: Day | None


@dataclass(slots=True)
class Details:
    reviews: list[Day] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    workers: list[SocialWorker] = field(default_factory=list)
    health: list[Assessment] = field(default_factory=list)
    peps: list[tuple[Day, str, str]] = field(default_factory=list)
    leaver: dict[int, LeaverStatus] = field(default_factory=dict)
    died_at: int | None = None
    contacts: list[Contact] = field(default_factory=list)
    mc_dob: Day | None = None
    absence: float = 0.0


def care_periods(child: Child) -> list[Period]:
    return [] if child.kind == "breaks" else child.periods


def draw_details(child: Child, council: P.Council, window: Window, rng: random.Random,
                 workers: list[str], care_leaver: bool) -> Details:
    """Every secondary history of one child, drawn in a fixed order from its own stream.

    A care leaver who left before the window only needs the care-leaver part.
    """
    det = Details()
    if child.kind == "breaks":
        return det
    if child.periods[-1].end < window.start:
        if care_leaver:
            _care_leaver(det, child, window, rng)
        return det
    det.reviews = reviews(child, window, rng)
    det.incidents = incidents(child, council, window, rng)
    if window.last_year >= 2024:
        det.workers = social_workers(child, council, window, rng, workers)
    det.health = health_assessments(child, council, window, rng)
    det.peps = peps(child, window, rng)
    det.absence = min(0.9, rng.expovariate(1 / 0.062))
    if child.sex == "F" and chance(rng, 0.05):
        det.mc_dob = child.birthday(14) + between(rng, 0, 4 * 365)
    if care_leaver:
        _care_leaver(det, child, window, rng)
    return det


def _care_leaver(det: Details, child: Child, window: Window, rng: random.Random) -> None:
    """Statuses only for the ages whose birthdays fall near the window (the rest are never
    written), then the council's yearly contacts."""
    ages = [a for a in range(17, 26)
            if window.start - 45 <= child.birthday(a) <= window.horizon + 25]
    if not ages:
        return
    det.died_at = _death_age(rng)
    det.leaver = leaver_statuses(ages, det.died_at, rng)
    det.contacts = leaver_contacts(child, det, ages, rng)


def _death_age(rng: random.Random) -> int | None:
    """Care leavers die young more often than their peers: about 0.2-1.8% a year, 17-25."""
    u = rng.random()
    for age in range(17, 26):
        p = 0.002 * (age - 16)
        if u < p:
            return age
        u = (u - p) / (1 - p)
    return None


def reviews(child: Child, window: Window, rng: random.Random) -> list[Day]:
    """Looked-after reviews: first within 20 working days, then 3 months, then 6-monthly."""
    out: list[Day] = []
    for p in care_periods(child):
        end = min(p.end, window.horizon + 1)
        if end < window.start - 200:
            continue
        due = add_working_days(p.start, REVIEW_FIRST_WD)
        k = 0
        if p.start < window.start - 400:  # long stay: join the 6-monthly cycle at any phase
            due, k = window.start - 400 + between(rng, 0, 181), 2
        while True:
            d = due - between(rng, 0, 12) if chance(rng, 0.9) else due + between(rng, 1, 40)
            d = max(d, p.start + 1)
            if d >= end:
                break
            if d >= window.start:
                out.append(d)
            due = d + (91 if k == 0 else 182)
            k += 1
    return out


def incidents(child: Child, council: P.Council, window: Window,
              rng: random.Random) -> list[Incident]:
    """Missing (M) and away (A) incidents in the window, mostly teenagers, never overlapping.

    About a tenth of children looked after in a year go missing, about six times each on
    average (DfE), most back the same or next day.
    """
    out: list[Incident] = []
    for year in range(window.first_year, window.last_year + 1):
        s, e = day(year - 1, 4, 1), day(year, 3, 31)
        spans = [(max(p.start, s), min(p.end, e + 1)) for p in care_periods(child)
                 if p.start <= e and p.end > s]
        spans = [(a, b) for a, b in spans if b > a]
        if not spans:
            continue
        exposure = sum(b - a for a, b in spans)
        age = child.age(spans[-1][1] - 1)
        base = (0.005 if age < 10 else 0.05 if age < 12 else 0.14 if age < 14 else 0.26)
        if child.kind == "uasc":
            base *= 0.8
        scale = council.missing * min(1.0, 0.35 + exposure / 365)
        for kind, p_child, mean in (("M", base * scale, 5.5), ("A", base * scale * 0.3, 2.0)):
            if not chance(rng, p_child):
                continue
            n = 1 + int(rng.expovariate(1 / mean))
            if chance(rng, 0.08):
                n *= 3
            for _ in range(n):
                a, b = spans[int(rng.random() * len(spans))]
                start = a + int(rng.random() * (b - a))
                out.append(Incident(kind, start, min(start + _missing_length(rng), b - 1)))
    out = _no_overlaps(out, window.horizon)
    for inc in out:
        if inc.kind == "M" and inc.end is not None:
            _return_interview(inc, rng)
    return out


def _return_interview(inc: Incident, rng: random.Random) -> None:
    """Offered within days of coming back; about 60% held within 72 hours."""
    assert inc.end is not None
    inc.offered = inc.end + (0, 0, 1, 1, 2, 3)[int(rng.random() * 6)]
    u = rng.random()
    if u < 0.06:
        inc.offered = None
    elif u < 0.66:
        inc.held = max(inc.offered, inc.end + between(rng, 0, 3))
    elif u < 0.88:
        inc.held = max(inc.offered, inc.end + between(rng, 4, 21))


def _missing_length(rng: random.Random) -> int:
    u = rng.random()
    if u < 0.40:
        return 0
    if u < 0.72:
        return 1
    if u < 0.87:
        return between(rng, 2, 3)
    if u < 0.97:
        return between(rng, 4, 10)
    return between(rng, 11, 60)


def _no_overlaps(items: list[Incident], horizon: Day) -> list[Incident]:
    """One incident at a time (DfE rule 574): drop those starting before the last ended."""
    items.sort(key=lambda i: (i.start, i.kind))
    out: list[Incident] = []
    for inc in items:
        if out and (out[-1].end is None or inc.start <= out[-1].end):
            continue
        if inc.end is not None and inc.end > horizon:
            inc.end = None
        out.append(inc)
    return out


def social_workers(child: Child, council: P.Council, window: Window, rng: random.Random,
                   pool: list[str]) -> list[SocialWorker]:
    """Social worker episodes, from before care starts to shortly after it ends.

    DfE (2024): 27% of children looked after at 31 March had three or more social workers
    during the year; workers change about once a year, and often when a case moves to the
    looked-after children's team early in care.
    """
    out: list[SocialWorker] = []
    periods = care_periods(child)
    first_needed = max(window.start, day(2023, 4, 1)) - 400
    rate = 1.1 * council.sw_turnover
    prev_end: Day | None = None
    for i, p in enumerate(periods):
        nxt = periods[i + 1].start if i + 1 < len(periods) else None
        start = p.start - between(rng, 0, 90)
        if prev_end is not None:
            start = max(start, prev_end + 1)
        closed = p.end <= window.horizon
        end: Day | None = p.end + between(rng, 0, 45) if closed else None
        if nxt is not None and end is not None:
            end = min(end, nxt - 1)
        if end is not None and end < start + 1:
            end = start + 1
        prev_end = end
        if end is not None and end < first_needed:
            continue
        t = start
        reason = "FCONTA"
        change = p.start + between(rng, 20, 120) if chance(rng, 0.45) else None
        current = _other(pool, None, rng)
        if start < first_needed - 730:
            # Long before it matters: changes come at random (memoryless), so start from the
            # worker in post a year before the first return that has this table.
            t = max(start + 1, first_needed - 365 - exp_days(rng, rate))
            reason, change = P.SW_REASON(rng), None
        while True:
            gap = exp_days(rng, rate)
            nxt_change = t + gap if change is None or change <= t else min(change, t + gap)
            stop = end if end is not None else window.horizon + 1
            if nxt_change >= stop:
                out.append(SocialWorker(current, t, end, reason))
                break
            out.append(SocialWorker(current, t, nxt_change, reason))
            reason = "TSPROC" if change == nxt_change else P.SW_REASON(rng)
            t = nxt_change
            current = _other(pool, current, rng)
    return out


def _other(pool: list[str], current: str | None, rng: random.Random) -> str:
    while True:
        sw = pool[int(rng.random() * len(pool))]
        if sw != current or len(pool) == 1:
            return sw


def health_assessments(child: Child, council: P.Council, window: Window,
                       rng: random.Random) -> list[Assessment]:
    """Initial health assessment due 20 working days after entering care, then reviews
    every 6 months under 5 and yearly from 5; about 55% of IHAs are on time."""
    out: list[Assessment] = []
    p_iha = min(0.92, max(0.2, 0.55 + 0.08 * council.health))
    p_rha = min(0.95, max(0.4, 0.72 + 0.05 * council.health))
    for p in care_periods(child):
        end = min(p.end, window.horizon + 1)
        if end < window.start - 400 or p.end - p.start < 7:
            continue
        if p.start < window.start - 800:  # long stay: join the review cycle at any phase
            due = window.start - 800 + between(rng, 0, 364)
            done: Day | None = due
        else:
            due, done = _initial_assessment(p.start, end, p_iha, rng, out)
        while True:
            interval = 183 if child.age(due) < 5 else 365
            due = (done or due) + interval
            if due >= end:
                break
            requested = due - between(rng, 14, 45)
            u = rng.random()
            if u < p_rha:
                done = max(requested + 1, due - between(rng, 0, 40))
            elif u < 0.91:
                done = due + between(rng, 1, 75)
            else:
                done = None
            if done is not None and done >= end:
                done = None
            out.append(Assessment("RHA", due, requested, done))
    return [a for a in out if a.due >= window.start]


def _initial_assessment(start: Day, end: Day, p_on_time: float, rng: random.Random,
                        out: list[Assessment]) -> tuple[Day, Day | None]:
    due = add_working_days(start, 20)
    requested = start + between(rng, 1, 8)
    u = rng.random()
    done: Day | None = None
    if u < p_on_time:
        done = start + between(rng, 5, due - start)
    elif u < 0.95:
        done = due + between(rng, 1, 70)
    if done is not None and done >= end:
        done = None
    out.append(Assessment("IHA", due, requested, done))
    return due, done


def peps(child: Child, window: Window, rng: random.Random) -> list[tuple[Day, str, str]]:
    """Personal education plans: initial within about 10 working days, then each term."""
    out: list[tuple[Day, str, str]] = []
    for p in care_periods(child):
        end = min(p.end, window.horizon + 1)
        if end < window.start:
            continue
        last = p.start
        if 4 <= child.age(p.start) < 18 and p.end - p.start >= 10:
            u = rng.random()
            wd = between(rng, 2, 10) if u < 0.6 else between(rng, 11, 30) if u < 0.9 else 0
            if wd:
                d = add_working_days(p.start, wd)
                if d < end:
                    out.append((d, "initial", P.PEP_QUALITY(rng)))
                    last = d
        for year in range(window.first_year, window.last_year + 1):
            for m1, d1, m2, d2, y in ((5, 1, 6, 30, year - 1), (10, 1, 11, 30, year - 1),
                                      (2, 1, 3, 20, year)):
                a, b = day(y, m1, d1), day(y, m2, d2)
                d = a + int(rng.random() * (b - a))
                if last < d < end and d >= p.start + 20 and 4 <= child.age(d) < 18 \
                        and chance(rng, 0.88):
                    out.append((d, "review", P.PEP_QUALITY(rng)))
    return [x for x in out if x[0] >= window.start]


def leaver_statuses(ages: list[int], died_at: int | None,
                    rng: random.Random) -> dict[int, LeaverStatus]:
    """In touch, activity and accommodation at the given ages, with a persistent EET trait.

    England 2025: aged 19-21, 54% in education, employment or training, 40% not, 6% not
    known; 89% in suitable accommodation. Aged 17-18, 64% EET.
    """
    out: dict[int, LeaverStatus] = {}
    trait = rng.gauss(0, 1.0)
    suit_trait = rng.gauss(0, 1.0)
    for age in ages:
        if died_at is not None and age >= died_at:
            if age == died_at:
                out[age] = LeaverStatus("DIED", "0", "0")
            break
        u = rng.random()
        if u < 0.03:
            out[age] = LeaverStatus("RHOM", "0", "0")
            continue
        if u < 0.03 + (0.055 if age < 22 else 0.10):
            out[age] = LeaverStatus(("NO", "REFU", "NREQ")[int(rng.random() * 3)], "0", "0")
            continue
        band = "17" if age <= 18 else "19"
        p_eet = (0.70 if band == "17" else 0.56) + 0.1 * trait
        activ = EET_CODES[band](rng) if rng.random() < p_eet else NEET_CODES(rng)
        kind = ACCOM_TYPE["17" if age == 17 else "18" if age == 18 else "19"](rng)
        if kind == "Z" and age > 20:
            kind = "U"
        p_suit = 0.985 + 0.01 * suit_trait
        suffix = "2" if kind in UNSUITABLE_TYPES or rng.random() > p_suit else "1"
        out[age] = LeaverStatus("YES", activ, kind + suffix)
    return out


def leaver_contacts(child: Child, det: Details, ages: list[int],
                    rng: random.Random) -> list[Contact]:
    """A review around each birthday from 18 to 25 while the council is still involved
    (to 21 for all, beyond that for the 45% or so who ask for continued support)."""
    out: list[Contact] = []
    left = child.periods[-1].end
    beyond_21 = chance(rng, 0.45)
    for age in ages:
        if age < 18 or age not in det.leaver:
            continue
        if age > 21 and not beyond_21:
            break
        recorded = max(left, child.birthday(age) + between(rng, -20, 40))
        pa = "1" if chance(rng, 0.96 if age <= 21 else 0.7) else "0"
        plan = max(left, recorded - between(rng, 0, 200)) if chance(rng, 0.92) else None
        out.append(Contact(age, recorded, pa, plan))
    return out
