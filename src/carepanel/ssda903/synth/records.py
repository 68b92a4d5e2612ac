"""Cut one child's history into the rows of each return and local file of the window.

A return for collection year Y holds what the council knew at 31 March Y: episodes open at
any time in the year (closed after 31 March means still open, so DEC, REC and
REASON_PLACE_CHANGE are blank), reviews and missing incidents in the year, the OC2 and OC3
snapshots, and so on. Dates after 31 March never appear in a return or local file of Y.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from carepanel.ssda903 import schema
from carepanel.ssda903.synth import params as P
from carepanel.ssda903.synth.dates import Day, day, fmt, year_end, year_start
from carepanel.ssda903.synth.details import Details
from carepanel.ssda903.synth.model import Child, Period, Window
from carepanel.ssda903.synth.postcodes import current_council_codes
from carepanel.ssda903.synth.rand import between, chance, unit

Row = tuple[str, ...]
TERMS = (  # term, first and last month/day, whole-term sessions (two a day)
    ("summer", (4, 15), (7, 20), 126),
    ("autumn", (9, 3), (12, 19), 142),
    ("spring", (1, 5), (3, 28), 118),
)


@dataclass
class Tables:
    """Rows of one council, by collection year and table name, with sort keys."""

    years: list[int]
    rows: dict[int, dict[str, list[tuple[str, int, Row]]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for y in self.years:
            names = [t.name for t in schema.tables_for_year(y)]
            names += [t.name for t in schema.LOCAL_TABLES]
            self.rows[y] = {n: [] for n in names}

    def add(self, year: int, table: str, cid: str, key: int, row: Row) -> None:
        self.rows[year][table].append((cid, key, row))

    def sorted_rows(self, year: int, table: str) -> list[list[str]]:
        """Rows in a stable order: by child, then by the row's own date key."""
        return [list(r) for _, _, r in sorted(self.rows[year][table])]


def sex_code(sex: str, year: int) -> str:
    """M/F/U from 2024/25; 1/2 before (schema code lists decide which)."""
    valid = schema.codes("SEX", year) or ()
    if sex in valid:
        return sex
    return "1" if sex == "M" else "2"


def upn(child: Child, la_code: str, year: int) -> str:
    """A unique pupil number with a valid check letter; UN1 under school age, UN2 for
    unaccompanied young people who arrived past school age."""
    age = child.age(year_end(year))
    if age < 5:
        return "UN1"
    if child.kind == "uasc" and child.age(child.periods[0].start) >= 16:
        return "UN2"
    la = la_code if la_code.isdigit() and len(la_code) == 3 else "999"
    n = child.number
    body = f"{la}{2000 + (n // 1000) % 8000:04d}{(child.dob.year + 5) % 100:02d}{n % 1000:03d}"
    total = sum(int(c) * w for c, w in zip(body, range(2, 14), strict=True))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + body


class ChildRows:
    """Everything one child contributes to the returns and local files of the window."""

    def __init__(self, child: Child, det: Details, council: P.Council, window: Window,
                 care_leaver: bool, rng: random.Random) -> None:
        self.child = child
        self.det = det
        self.council = council
        self.window = window
        self.care_leaver = care_leaver
        self.rng = rng
        self.cid = child.cid
        self.dob = fmt(child.dob_day)
        self.episodes = [(p, e) for p in child.periods for e in p.episodes]
        self.last_end = child.periods[-1].end

    def age(self, d: Day) -> int:
        return self.child.age(d)

    def emit(self, out: Tables) -> None:
        for year in self.window_years():
            s, e = year_start(year), year_end(year)
            in_year = [(p, ep) for p, ep in self.episodes
                       if ep.decom <= e and (ep.dec is None or ep.dec >= s)]
            oc3 = self.oc3(year, s, e)
            if in_year or oc3:
                self.returns(out, year, s, e, in_year, oc3)
            self.local(out, year, s, e)

    def window_years(self) -> range:
        return range(self.window.first_year, self.window.last_year + 1)

    # --- the return -----------------------------------------------------------------------

    def returns(self, out: Tables, year: int, s: Day, e: Day, in_year: list,
                oc3: Row | None) -> None:
        cid = self.cid
        child = self.child
        looked_after = bool(in_year)
        out.add(year, "Header", cid, 0, self.header(year, e, in_year))
        if oc3 is not None:
            out.add(year, "OC3", cid, 0, oc3)
        if not looked_after:
            return
        for _, ep in in_year:
            closed = ep.dec is not None and ep.dec <= e
            out.add(year, "Episodes", cid, ep.decom, (
                cid, fmt(ep.decom), ep.rne, ep.ls, ep.cin, ep.place, ep.provider,
                fmt(ep.dec) if closed else "", ep.rec if closed else "",
                ep.rpc if closed else "", ep.home_post, ep.pl_post,
                # No URN for semi-independent accommodation (H5) until 2023/24 (rule 222).
                "" if ep.place == "H5" and year <= 2023 else ep.urn))
        if child.kind == "breaks":
            # Short breaks too have previous permanence when one starts care in the year:
            # the child is looked after, and RNE S starts care (rule 630).
            self.prev_perm(out, year, s, e, in_year)
            return
        if child.kind == "uasc":
            out.add(year, "UASC", cid, 0, (cid, sex_code(child.sex, year), self.dob,
                                            fmt(self.duc(e))))
        for r in self.det.reviews:
            if s <= r <= e:
                code = "PN0" if self.age(r) < 4 else P.REVIEW_CODE(self.rng)
                out.add(year, "Reviews", cid, r, (cid, self.dob, fmt(r), code))
        periods = sorted({id(p): p for p, _ in in_year}.values(), key=lambda p: p.start)
        self.oc2(out, year, s, e, periods)
        self.adoption(out, year, s, e, periods)
        self.prev_perm(out, year, s, e, in_year)
        self.missing(out, year, s, e)
        if any(t.name == "SWEpisodes" for t in schema.tables_for_year(year)):
            self.social_workers(out, year, s, e)
        if any(t.name == "DoLo" for t in schema.tables_for_year(year)):
            self.dolo(out, year, s, e, in_year)

    def header(self, year: int, e: Day, in_year: list) -> Row:
        child = self.child
        mother = mc = ""
        # Every girl looked after in the year has MOTHER completed (DfE rules 165, 393);
        # short breaks leave it blank (rule 399).
        if child.sex == "F" and in_year and child.kind != "breaks":
            mother = "0"
            last = max((ep.dec or e) for _, ep in in_year)
            mc_dob = self.det.mc_dob
            if self.age(e) >= 12 and mc_dob is not None and mc_dob <= min(e, last):
                mother, mc = "1", fmt(mc_dob)
        return (self.cid, sex_code(child.sex, year), self.dob, child.ethnic,
                upn(child, self.council.la_code, year), mother, mc)

    def duc(self, e: Day) -> Day:
        """Date UASC status ceased: leaving care after an age assessment (E15) by the end of
        the year, else the 18th birthday, given ahead as the day the status will cease (the
        DfE's rule 205B asks for last year's DUC to be the 18th birthday)."""
        last = self.child.periods[-1]
        return last.end if last.rec == "E15" and last.end <= e else self.child.birthday(18)

    def oc2(self, out: Tables, year: int, s: Day, e: Day, periods: list[Period]) -> None:
        """Children looked after continuously for 12 months at 31 March, with outcomes."""
        current = periods[-1]
        if not (current.start <= s and current.end > e):
            return
        rng = self.rng
        h = self.council.health
        age_s, age_e = self.age(s), self.age(e)
        sdq = reason = ""
        if age_s >= 4 and age_e < 17:
            if chance(rng, 0.78 + 0.03 * h):
                sdq = str(min(40, max(0, round(rng.gauss(P.SDQ_MEAN, P.SDQ_SD)))))
            else:
                reason = ("SDQ2", "SDQ3", "SDQ4", "SDQ5")[int(rng.random() * 4)]
        elif age_e >= 4 and (age_s < 17 or self.child.birthday(17) == s):
            # Turning 4 or 17 in the year (17 on 1 April too): a reason is due (rule 197B).
            reason = "SDQ1"
        convicted = ""
        if age_e >= 10:
            p = (0.032 if age_e >= 14 else 0.008) * (1.4 if self.child.sex == "M" else 0.5)
            convicted = "1" if chance(rng, p) else "0"
        check = ("1" if chance(rng, 0.88 + 0.02 * h) else "0") if age_e < 5 else ""
        assessed = any(a.completed is not None and e - 365 < a.completed <= e
                       for a in self.det.health)
        immunised = "1" if chance(rng, 0.84 + 0.03 * h) else "0"
        teeth = "1" if chance(rng, (0.83 if age_e >= 3 else 0.6) + 0.03 * h) else "0"
        misuse = chance(rng, 0.075 if age_e >= 13 else 0.002)
        received = offered = ""
        if misuse:
            received = "1" if chance(rng, 0.41) else "0"
            if received == "0":
                offered = "1" if chance(rng, 0.75) else "0"
        out.add(year, "OC2", self.cid, 0, (
            self.cid, self.dob, sdq, reason, convicted, check, immunised, teeth,
            "1" if assessed else "0", "1" if misuse else "0", received, offered))

    def adoption(self, out: Tables, year: int, s: Day, e: Day, periods: list[Period]) -> None:
        """PlacedAdoption while a decision stands; AD1 when the child is adopted."""
        rng = self.rng
        for p in periods:
            a = p.adoption
            if a is None or a.decision > e:
                continue
            if a.reversed_on is not None and a.reversed_on < s:
                continue
            ceased = a.reversed_on if a.reversed_on is not None and a.reversed_on <= e else None
            out.add(year, "PlacedAdoption", self.cid, a.decision, (
                self.cid, self.dob, fmt(a.decision), fmt(ceased),
                a.reversed_reason if ceased else ""))
            if p.rec in schema.ADOPTED and s <= p.end <= e and a.match is not None:
                nb, sex, ls = P.ADOPTERS(rng)
                out.add(year, "AD1", self.cid, 0, (
                    self.cid, self.dob, fmt(a.decision), fmt(a.match),
                    "1" if a.with_foster_carer else "0", nb, sex, ls))

    def prev_perm(self, out: Tables, year: int, s: Day, e: Day, in_year: list) -> None:
        """The child's previous permanence, when an episode starting care (RNE S) starts in
        the year: with the council and date of the order for every code but Z1 (rule 630)."""
        starts = sorted(ep.decom for _, ep in in_year if ep.rne == "S" and ep.decom >= s)
        if not starts:
            return
        rng = self.rng
        code = P.PREV_PERM(rng)
        la = when = ""
        if code != "Z1":
            others = current_council_codes()
            la = (self.council.la_code if chance(rng, 0.6)
                  else others[between(rng, 0, len(others) - 1)])
            lo = self.child.dob_day + 60
            when = fmt(max(lo, starts[0] - between(rng, 200, 3000)))
            if when == fmt(starts[0]) or lo >= starts[0]:
                code, la, when = "Z1", "", ""
        out.add(year, "PrevPerm", self.cid, 0, (self.cid, self.dob, code, la, when))

    def missing(self, out: Tables, year: int, s: Day, e: Day) -> None:
        for inc in self.det.incidents:
            if inc.start > e or (inc.start < s and inc.end is not None and inc.end < s):
                continue
            end = fmt(inc.end) if inc.end is not None and inc.end <= e else ""
            out.add(year, "Missing", self.cid, inc.start,
                    (self.cid, self.dob, inc.kind, fmt(inc.start), end))

    def social_workers(self, out: Tables, year: int, s: Day, e: Day) -> None:
        for sw in self.det.workers:
            if sw.start > e or (sw.end is not None and sw.end < s):
                continue
            end = fmt(sw.end) if sw.end is not None and sw.end <= e else ""
            out.add(year, "SWEpisodes", self.cid, sw.start,
                    (self.cid, self.dob, sw.sw_id, fmt(sw.start), end, sw.reason))

    def dolo(self, out: Tables, year: int, s: Day, e: Day, in_year: list) -> None:
        """Deprivation of liberty orders for some teenagers in children's homes (2026/27+)."""
        for _, ep in in_year:
            if ep.place not in ("K2", "Z12", "Z13") or self.age(ep.decom) < 12:
                continue
            seed = self.child.seed
            if unit(seed, ep.decom) >= 0.10:
                continue
            start = ep.decom + int(unit(seed, ep.decom + 1) * 61)
            end = start + 60 + int(unit(seed, ep.decom + 2) * 341)
            if ep.dec is not None:
                end = min(end, ep.dec)
            if start > e or start >= end or end < s:
                continue
            out.add(year, "DoLo", self.cid, start, (
                self.cid, self.dob, fmt(start), fmt(end) if end <= e else ""))

    # --- care leavers ---------------------------------------------------------------------

    def oc3(self, year: int, s: Day, e: Day) -> Row | None:
        """Care leavers whose 17th-21st birthday falls in the year and who had left before it.

        Care that ends on the birthday itself is not before it: the DfE's rule 1016 counts a
        young person leaving on their 17th or 18th birthday as still looked after on it.
        """
        if not self.care_leaver or not self.det.leaver:
            return None
        for age in range(17, 22):
            b = self.child.birthday(age)
            if s <= b <= e and self.last_end < b:
                status = self.det.leaver.get(age)
                if status is None:
                    return None
                return (self.cid, self.dob, status.in_touch, status.activ, status.accom)
        return None

    # --- local files ----------------------------------------------------------------------

    def local(self, out: Tables, year: int, s: Day, e: Day) -> None:
        cid = self.cid
        for a in self.det.health:
            if s <= a.due <= e:
                req = a.requested if a.requested is not None and a.requested <= e else None
                done = a.completed if a.completed is not None and a.completed <= e else None
                out.add(year, "health_assessments", cid, a.due,
                        (cid, a.kind, fmt(a.due), fmt(req), fmt(done)))
        for d, kind, quality in self.det.peps:
            if s <= d <= e:
                out.add(year, "peps", cid, d, (cid, fmt(d), kind, quality))
        self.return_interviews(out, year, s, e)
        self.attendance(out, year)
        if self.det.contacts:
            self.leaver_contacts(out, year, s, e)

    def return_interviews(self, out: Tables, year: int, s: Day, e: Day) -> None:
        """Return home interviews for missing incidents that ended in the year."""
        for inc in self.det.incidents:
            if inc.kind != "M" or inc.end is None or not s <= inc.end <= e:
                continue
            offered = inc.offered if inc.offered is not None and inc.offered <= e else None
            held = inc.held if inc.held is not None and inc.held <= e else None
            out.add(year, "return_interviews", self.cid, inc.start,
                    (self.cid, fmt(inc.start), fmt(offered), fmt(held)))

    def attendance(self, out: Tables, year: int) -> None:
        """Sessions possible and attended for the terms ending in the collection year."""
        child = self.child
        if child.kind == "breaks" or not 4 <= self.age(year_end(year)) <= 17:
            return
        periods = child.periods
        rng = self.rng
        for term, (m1, d1), (m2, d2), sessions in TERMS:
            cal_year = year if term == "spring" else year - 1
            a, b = day(cal_year, m1, d1), day(cal_year, m2, d2)
            ay_start = cal_year if term == "autumn" else cal_year - 1
            age = self.age(day(ay_start, 8, 31))
            if not 5 <= age <= 15:
                continue
            in_care = sum(max(0, min(p.end, b + 1) - max(p.start, a)) for p in periods)
            if in_care < 10:
                continue
            possible = round(sessions * in_care / (b - a + 1))
            absence = min(0.95, self.det.absence * (0.5 + rng.random()))
            attended = round(possible * (1 - absence))
            phase = "primary" if age <= 10 else "secondary"
            if periods[0].episodes and periods[0].episodes[0].cin == "N2" and child.number % 2:
                phase = "special"
            out.add(year, "attendance", self.cid, a, (
                self.cid, f"{ay_start}/{(ay_start + 1) % 100:02d}", term, str(possible),
                str(attended), phase))

    def leaver_contacts(self, out: Tables, year: int, s: Day, e: Day) -> None:
        """The council's own record of care leavers aged 18-25 (beyond the OC3 snapshot)."""
        for c in self.det.contacts:
            if s <= c.recorded <= e:
                status = self.det.leaver[c.age]
                out.add(year, "care_leavers", self.cid, c.recorded, (
                    self.cid, self.dob, c.pa, fmt(c.plan), status.in_touch, status.activ,
                    status.accom, fmt(c.recorded)))
