"""Children, periods of care and episodes, and the arrivals that create them.

The simulation runs from a burn-in start about 19 years before the first return, so that
children who came into care as babies and care leavers up to 25 exist when the first return
is written. It works in two passes to stay fast:

1. *Periods* (cheap): each arrival draws an age, a care plan and when and how its period of
   care ends (possibly re-entering later). Most burn-in children leave long before the first
   return and are dropped here.
2. *Episodes* (detailed, ``episodes.py``): only for children who matter to some return (in
   care during it, or a care leaver aged up to 25 then) are legal status and placement
   histories built, with their own random stream.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from carepanel.ssda903 import schema
from carepanel.ssda903.synth import params as P
from carepanel.ssda903.synth.dates import Day, age_at, birthday
from carepanel.ssda903.synth.rand import between, chance, lognormal_days

BURN_IN_YEARS = 19
MIN_CARE_LEAVER_DAYS = 91  # 13 weeks after the 14th birthday, some of it after the 16th


@dataclass(slots=True)
class Episode:
    """One row of the Episodes table; ``dec`` None means open at the horizon."""

    decom: Day
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    home_post: str
    pl_post: str
    urn: str
    dec: Day | None = None
    rec: str = ""
    rpc: str = ""


@dataclass(slots=True)
class Adoption:
    """Milestones of a plan for adoption (PlacedAdoption, AD1 and the E1 / A-code episodes)."""

    decision: Day
    order: Day | None
    match: Day | None
    placed: Day | None
    reversed_on: Day | None = None
    reversed_reason: str = ""
    with_foster_carer: bool = False


@dataclass(slots=True)
class Period:
    """A period of care: a run of episodes from an RNE S start to a leaving-care reason."""

    start: Day
    end: Day  # may lie beyond the horizon: the period is then open in the last return
    plan: str
    rec: str = ""
    adoption: Adoption | None = None
    episodes: list[Episode] = field(default_factory=list)


@dataclass(slots=True)
class Child:
    kind: str  # "general", "uasc" or "breaks" (V3/V4 short breaks only)
    sex: str  # M, F or U
    dob: dt.date
    ethnic: str
    seed: int
    periods: list[Period] = field(default_factory=list)
    cid: str = ""
    number: int = 0
    bdays: tuple[Day, ...] = ()

    @property
    def dob_day(self) -> Day:
        return self.dob.toordinal()

    def birthday(self, years: int) -> Day:
        """Day of the ``years``-th birthday, up to 27 (a table built once: asked a lot)."""
        if not self.bdays:
            self.bdays = _birthdays(self.dob)
        return self.bdays[years]

    def age(self, d: Day) -> int:
        """Whole years of age on day ``d``."""
        if not self.bdays:
            self.bdays = _birthdays(self.dob)
        return bisect_right(self.bdays, d) - 1

    @property
    def in_care_since(self) -> Day:
        return self.periods[0].start


_YEAR_START = {y: dt.date(y, 1, 1).toordinal() for y in range(1900, 2101)}


def _birthdays(dob: dt.date) -> tuple[Day, ...]:
    """Day numbers of birthdays 0 to 27 (29 February -> 1 March), by arithmetic: the day
    of the year is the same in every year of the same kind (leap or not)."""
    y = dob.year
    if (dob.month, dob.day) == (2, 29) or y + 30 > 2100 or y < 1900:
        return tuple(birthday(dob, n) for n in range(28))
    march_or_later = dob.month > 2
    offset = dob.toordinal() - _YEAR_START[y] - (march_or_later and _leap(y))
    return tuple(_YEAR_START[y + n] + offset + (march_or_later and _leap(y + n))
                 for n in range(28))


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


@dataclass(frozen=True)
class Window:
    """The dates that matter for a run: burn-in start, first return's 1 April, horizon."""

    first_year: int
    last_year: int
    burn_in: Day
    start: Day
    horizon: Day


def arrival_rates(council: P.Council) -> tuple[float, float]:
    """Arrivals per day of general and UASC children that keep ``children`` in care.

    The constants are starts per child looked after at 31 March in a steady state of this
    model (measured from long runs); they put the generated count at 31 March near the
    ``children`` asked for.
    """
    general = council.children * (1 - council.uasc_share) * STARTS_PER_CLA_GENERAL / 365.25
    uasc = council.children * council.uasc_share * STARTS_PER_CLA_UASC / 365.25
    return general, uasc


STARTS_PER_CLA_GENERAL = 0.345
STARTS_PER_CLA_UASC = 0.74
BREAKS_PER_CLA = 0.008  # short-break children starting a series, per child looked after


def simulate_periods(council: P.Council, window: Window, rng: random.Random) -> list[Child]:
    """Arrivals from the burn-in start to the horizon, with their periods of care.

    Returns only children who matter to a return in the window (see ``is_relevant``).
    """
    general_rate, uasc_rate = arrival_rates(council)
    total = general_rate + uasc_rate
    children: list[Child] = []
    t = float(window.burn_in)
    while True:
        t += rng.expovariate(total)
        start = int(t)
        if start > window.horizon:
            break
        uasc = rng.random() * total < uasc_rate
        child = _new_uasc(start, rng) if uasc else _new_general(start, rng)
        if child.dob.toordinal() + 26 * 365 < window.start - 400:
            continue  # 26 or over before the window opens: can be nothing to any return
        _plan_periods(child, start, window, rng)
        if is_relevant(child, window):
            _identity(child, council, start, rng)
            children.append(child)
    children.extend(_short_break_children(council, window, rng))
    return children


def _new_general(start: Day, rng: random.Random) -> Child:
    """A child other than UASC: age on entry only (the rest is drawn if the child matters)."""
    low, high = P.AGE_BAND(rng)
    if high == 0:
        age_days = between(rng, 0, 6) if chance(rng, P.NEWBORN_SHARE) else between(rng, 7, 364)
    else:
        age_days = between(rng, int(low * 365.25) + 1, int((high + 1) * 365.25) - 3)
    return Child("general", "", dt.date.fromordinal(start - age_days), "", 0)


def _identity(child: Child, council: P.Council, start: Day, rng: random.Random) -> None:
    """Sex, ethnicity and the seed of the child's own random stream."""
    if child.kind == "uasc":
        child.sex = "M" if chance(rng, P.UASC_MALE) else "F"
        child.ethnic = P.ETHNIC_UASC(rng)
    else:
        child.sex = "M" if chance(rng, P.MALE) else "F"
        if start >= _unknown_sex_from() and chance(rng, P.UNKNOWN_SEX):
            child.sex = "U"
        pick = P.ETHNIC_DIVERSE if chance(rng, council.diversity) else P.ETHNIC_GENERAL
        child.ethnic = pick(rng)
    child.seed = rng.getrandbits(63)


@lru_cache(maxsize=1)
def _unknown_sex_from() -> Day:
    """First day a child can be recorded with sex U: the start of the first collection year
    whose SEX codes include it (a child first recorded earlier has 1 or 2 on file)."""
    for year in range(schema.FIRST_YEAR, schema.LAST_YEAR + 1):
        if "U" in (schema.codes("SEX", year) or ()):
            return schema.year_start(year).toordinal()
    return 10**7


def _new_uasc(start: Day, rng: random.Random) -> Child:
    age = P.UASC_AGE(rng)
    dob = dt.date.fromordinal(start - between(rng, int(age * 365.25) + 1,
                                              int((age + 1) * 365.25) - 3))
    return Child("uasc", "", dob, "", 0)


def _plan_periods(child: Child, start: Day, window: Window, rng: random.Random) -> None:
    """Periods of care from a first start: plan, end and re-entries after going home."""
    b18 = birthday(child.dob, 18)
    while True:
        period = _plan_one(child, start, b18, rng)
        child.periods.append(period)
        if period.end > window.horizon or period.plan != P.HOME:
            return
        if age_at(child.dob, period.end) >= 16 or not chance(rng, P.REENTRY):
            return
        start = period.end + lognormal_days(rng, *P.REENTRY_GAP, low=2)
        if start > window.horizon or start >= b18 - 120:
            return


def _plan_one(child: Child, start: Day, b18: Day, rng: random.Random) -> Period:
    age = age_at(child.dob, start)
    if child.kind == "uasc":
        return _plan_uasc(start, b18, rng)
    plan = next((pick for band, pick in P.PLAN_BY_BAND.items() if band[0] <= age <= band[1]),
                P.PLAN_BY_BAND[(16, 17)])(rng)
    period = Period(start, start, plan)
    if plan == P.ADOPT:
        _plan_adoption(period, b18, rng)
    elif plan == P.LEAVE18:
        period.end = b18
    elif plan == P.EARLY:
        period.end = max(start + 30, birthday(child.dob, 16) + between(rng, 0, 600))
    else:
        period.end = start + lognormal_days(rng, *P.STAY[plan])
        period.rec = _cheap_rec(plan, rng)
    if period.end >= b18:
        period.end, period.plan, period.rec = b18, P.LEAVE18, ""
    return period


def _cheap_rec(plan: str, rng: random.Random) -> str:
    """Leaving-care reasons fixed by the plan alone (others depend on the last placement)."""
    if plan == P.HOME:
        return P.REC_HOME(rng)
    if plan == P.REMAND:
        return P.REC_REMAND(rng)
    if plan == P.OTHER:
        return P.REC_OTHER(rng)
    if plan == P.CAO:
        return "E41"
    return ""


def _plan_uasc(start: Day, b18: Day, rng: random.Random) -> Period:
    ending = P.UASC_ENDING(rng)
    if ending == P.LEAVE18:
        return Period(start, b18, P.UASC)
    # E3: the National Transfer Scheme moves the child to another council within weeks.
    end = start + (between(rng, 5, 60) if ending == "E3" else between(rng, 20, 400))
    if end >= b18:
        return Period(start, b18, P.UASC)
    return Period(start, end, P.UASC, rec=ending)


def _plan_adoption(period: Period, b18: Day, rng: random.Random) -> None:
    steps = [lognormal_days(rng, m, s, low=20) for m, s in P.ADOPTION_STEPS]
    decision = period.start + steps[0]
    order = decision + steps[1]
    match = order + steps[2]
    placed = match + max(7, steps[3])
    adopted = placed + max(75, steps[4])
    if chance(rng, P.ADOPTION_REVERSED):
        reversed_on = decision + between(rng, 60, 420)
        if reversed_on < placed:
            granted = order if order < reversed_on else None
            period.adoption = Adoption(decision, granted, None, None, reversed_on,
                                       P.PLACED_CEASED(rng))
            period.plan = P.SGO if chance(rng, 0.55) else P.LEAVE18
            period.end = (reversed_on + lognormal_days(rng, 300, 0.5)
                          if period.plan == P.SGO else b18)
            return
    period.adoption = Adoption(decision, order, match, placed)
    period.end = adopted
    period.rec = P.REC_ADOPTED(rng)


def _short_break_children(council: P.Council, window: Window,
                          rng: random.Random) -> list[Child]:
    """Disabled children looked after only under agreed series of short breaks (V3/V4).

    Indicators must leave them out, so they are here to make sure they do. Only series that
    reach into the window are made; their episodes are built in ``episodes.py``.
    """
    rate = council.children * BREAKS_PER_CLA / 365.25
    out: list[Child] = []
    t = float(window.start - 6 * 365)
    while True:
        t += rng.expovariate(rate)
        start = int(t)
        if start > window.horizon:
            break
        age = between(rng, 5, 15)
        dob = dt.date.fromordinal(start - age * 365 - between(rng, 0, 364))
        end = min(start + between(rng, 400, 2200), birthday(dob, 18) - 1)
        if end < window.start:
            continue
        sex = "M" if chance(rng, 0.62) else "F"
        child = Child("breaks", sex, dob, P.ETHNIC_GENERAL(rng), rng.getrandbits(63))
        child.periods.append(Period(start, end, "breaks"))
        out.append(child)
    return out


def is_relevant(child: Child, window: Window) -> bool:
    """In care at some time in the window, or a care leaver up to 25 during it."""
    last_end = child.periods[-1].end
    if last_end >= window.start:
        return True
    dob = child.dob.toordinal()
    if last_end < dob + 16 * 365 or dob + 26 * 366 < window.start:
        return False  # left before 16, or over 25 before the window: not a care leaver then
    return birthday(child.dob, 26) > window.start and is_care_leaver(child, window.horizon)


def is_care_leaver(child: Child, horizon: Day) -> bool:
    """Looked after 13+ weeks after the 14th birthday, some of it after the 16th, then left.

    Simplification of "eligible / relevant / former relevant" (Children Act 1989 Sch 2
    para 19B): short breaks never count, and a final leaving by transfer to another council
    (E3), death (E2) or an age assessment of 18+ (E15) means no care-leaver returns here.
    """
    if child.kind == "breaks":
        return False
    last = child.periods[-1]
    if last.end > horizon or last.rec in ("E3", "E2", "E15"):
        return False
    b14, b16 = birthday(child.dob, 14), birthday(child.dob, 16)
    days = 0
    after16 = False
    for p in child.periods:
        days += max(0, p.end - max(p.start, b14))
        after16 = after16 or p.end > b16
    return after16 and days >= MIN_CARE_LEAVER_DAYS
