"""Demo people (one or two per role) and a synthetic strategy to try the service with.

The strategy is modelled on real councils' corporate parenting strategies and progress
reports (priorities, What/When actions with owners, "You said, we did"), but every word is
invented and no person named is real. Dates are set relative to today, so the demo always has
actions that are overdue, due soon and complete.

    python -m carepanel.web carepanel_demo            # random passwords, printed once
    python -m carepanel.web carepanel_demo --password 'long shared demo password'
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from carepanel.scorecard.rating import RED
from carepanel.web.accounts.services import ensure_roles, set_role
from carepanel.web.audit.recording import acting_as
from carepanel.web.roles import ADMINISTRATOR, ANALYST, MEMBER, OFFICER
from carepanel.web.strategy.models import (
    Action,
    AskStatus,
    Priority,
    ProgressUpdate,
    Status,
    YouSaidWeDid,
    today,
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str


DEMO_USERS = (
    DemoUser("demo-admin", "Demo", "Administrator", ADMINISTRATOR),
    DemoUser("demo-analyst", "Demo", "Analyst", ANALYST),
    DemoUser("demo-officer", "Demo Officer", "(placements)", OFFICER),
    DemoUser("demo-officer2", "Demo Officer", "(education)", OFFICER),
    DemoUser("demo-councillor", "Demo Councillor", "(Panel member)", MEMBER),
    DemoUser("demo-youngperson", "Demo Young Person", "(Children in Care Council)", MEMBER),
)


def create_demo_users(password: str | None = None) -> dict[str, str]:
    """Create (or reset) the demo people; returns {username: password}."""
    ensure_roles()
    users = get_user_model()
    passwords = {}
    for spec in DEMO_USERS:
        user, _ = users.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = f"{spec.username}@example.invalid"
        user.is_active = True
        chosen = password or secrets.token_urlsafe(12)
        user.set_password(chosen)
        user.save()
        set_role(user, spec.role)
        passwords[spec.username] = chosen
    return passwords


def _days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


# (title, description, [(what, due in days from today, owner, status, measures,
#   [(days ago, progress text)])])
PRIORITIES: list[tuple[str, str, list[tuple[str, int | None, str, str, str,
                                             list[tuple[int, str]]]]]] = [
    ("Stable, loving homes close to where children come from",
     "More children live with foster carers near their family, school and friends, and "
     "move only when it is in their best interests.",
     [("Run a foster carer recruitment campaign aimed at carers for teenagers and brothers "
       "and sisters who need to live together", -20, "demo-officer", Status.ON_TRACK,
       "3.1, 3.2",
       [(45, "Campaign launched at the summer fair; 31 enquiries so far."),
        (10, "Nine households at assessment stage; campaign results will be reported at the "
             "end of the year.")]),
      ("Review every placement that has moved three or more times in the year with the "
       "child's social worker and independent reviewing officer", 30, "demo-officer",
       Status.AT_RISK, "3.5",
       [(7, "Reviews held for half of the children; staff sickness has delayed the rest.")]),
      ("Open a second small children's home in the borough", 200, "demo-officer",
       Status.NOT_STARTED, "3.2", []),
      ("Hold placement stability workshops for social workers and residential staff", -60,
       "demo-officer", Status.COMPLETE, "",
       [(70, "Four workshops held, 86 staff attended.")])]),
    ("Be healthy",
     "Children's physical and emotional health needs are assessed on time and met.",
     [("Make sure initial health assessments are requested within 5 working days of a child "
       "coming into care", -5, "demo-officer", Status.AT_RISK, "4.2",
       [(20, "Weekly report of assessments not yet requested now goes to team managers.")]),
      ("Use the Strengths and Difficulties Questionnaire results to plan therapeutic "
       "services", 90, "demo-analyst", Status.ON_TRACK, "4.5", [])]),
    ("Education: make progress and achieve",
     "Children in care go to school every day and make progress at least as good as their "
     "classmates'.",
     [("Follow up every child whose attendance falls below 92% with their school and "
       "carers", 14, "demo-officer2", Status.ON_TRACK, "2.6",
       [(3, "Attendance worker in post; 40 children reviewed this half term.")]),
      ("Complete a good quality personal education plan for every child each term", -30,
       "demo-officer2", Status.ON_TRACK, "2.8", [])]),
    ("Ready for adult life",
     "Care leavers have somewhere safe to live and are in education, work or training.",
     [("Offer every care leaver aged 19 to 21 who is not in education, employment or "
       "training a named work coach", 60, "demo-officer2", Status.ON_TRACK, "2.15",
       [(12, "Partnership with the local college agreed; first 12 young people matched.")]),
      ("Give care leavers free bus travel until they are 25", None, "demo-officer",
       Status.NOT_STARTED, "", [])]),
]

ASKS = [
    (-150, "We don't like meetings about us being full of initials like LAC, PEP and IHA.",
     "We stopped saying “LAC” and wrote a plain-words guide with the Children in Care "
     "Council, which every new social worker now gets.", AskStatus.DONE, "demo-officer"),
    (-90, "We want to go to sleepovers at friends' houses without waiting for checks.",
     "Foster carers can now agree sleepovers themselves, like any parent would.",
     AskStatus.DONE, "demo-officer"),
    (-40, "The Wi-Fi in the children's homes keeps dropping out when we do homework.",
     "New routers are ordered for both homes and will be fitted next month.",
     AskStatus.IN_PROGRESS, "demo-officer2"),
    (-10, "Care leavers should get free bus travel.",
     "", AskStatus.NOT_STARTED, "demo-officer"),
]


def create_demo_strategy() -> bool:
    """Fill an empty tracker with the synthetic strategy; False if it already has data."""
    if Priority.objects.exists() or YouSaidWeDid.objects.exists():
        return False
    people = {u.username: u for u in get_user_model().objects.filter(
        username__in=[d.username for d in DEMO_USERS])}
    for order, (title, description, actions) in enumerate(PRIORITIES, start=1):
        priority = Priority.objects.create(title=title, description=description, order=order)
        for what, due, owner, status, measures, updates in actions:
            action = Action.objects.create(
                priority=priority, what=what, due_date=_days(due) if due is not None else None,
                owner=people.get(owner), status=status, measures=measures)
            for days_ago, text in updates:
                ProgressUpdate.objects.create(action=action, date=_days(-days_ago), text=text,
                                              author=people.get(owner) or people["demo-admin"])
    for days, said, did, status, owner in ASKS:
        YouSaidWeDid.objects.create(date=_days(days), you_said=said, we_did=did,
                                    status=status, owner=people.get(owner))
    return True


def create_demo_owners() -> int:
    """Give every scorecard measure a demo owner, if no measure has one yet: the education
    officer owns pledges 2 (education, employment) and 5 (leaving care), the placements
    officer the rest. Returns how many measures were given an owner."""
    from carepanel.web.scorecard_pages.models import MeasureOwner
    from carepanel.web.worker import scorecard_config

    if MeasureOwner.objects.exists():
        return 0
    people = {u.username: u for u in get_user_model().objects.filter(
        username__in=("demo-officer", "demo-officer2"))}
    if len(people) < 2:
        return 0
    made = 0
    for m in scorecard_config().measures:
        who = "demo-officer2" if m.pledge in ("2", "5") else "demo-officer"
        MeasureOwner.objects.create(measure=m.number, user=people[who])
        made += 1
    return made


# Manual measures' demo values for the latest quarters, oldest first, as shares of each
# measure's target (context measures: of 50); the latest is chosen so the demo has a
# Green, an Amber and a Red manual measure.
DEMO_MANUAL_SHAPES = {
    "2.6": (0.6, 0.7, 0.8, 1.0, 1.1),      # apprenticeships: now above target (Green)
    "3.13": (0.9, 0.8, 0.75, 0.7, 0.6),    # foster households: falling (Red)
    "3.14": (0.8, 0.85, 0.9, 0.92, 0.95),  # family group conferences: Amber
    "3.15": (0.8, 0.9, 1.0, 0.96, 1.04),   # edge of care: context, not rated
}
DEMO_SOURCES = {
    "2.6": "Leaving care service's apprenticeship tracker",
    "3.13": "Fostering panel minutes: households approved",
    "3.14": "Family group conference service's monthly return",
    "3.15": "Edge-of-care team's caseload report",
}
DEMO_COMMENTARY = (
    "The figure is below target because fewer children than planned moved on to permanent "
    "homes this quarter. The service manager is reviewing every case with the independent "
    "reviewing officers and will report progress to the next Panel.",
    "Performance dipped while two teams were restructured. Both are now fully staffed and "
    "weekly tracking has started; we expect the figure to recover within two quarters.",
)


def _enter_demo_values(la_code: str, ends: list[dt.date], admin: Any) -> list[dt.date]:
    """Values for the manual measures over the council's last five quarters, unless it has
    some already; returns the periods given a value."""
    from carepanel.web import worker
    from carepanel.web.scorecard_pages.models import ManualMeasureValue

    if ManualMeasureValue.objects.filter(la_code=la_code).exists():
        return []
    config = worker.scorecard_config()
    latest = [d for d in sorted(ends) if d.month in (3, 6, 9, 12)][-5:]
    added = []
    for number, shape in DEMO_MANUAL_SHAPES.items():
        measure = config.measure(number)
        if measure is None or not measure.is_manual:
            continue
        base = measure.target or 50
        for end, share in zip(latest, shape[len(shape) - len(latest):], strict=True):
            ManualMeasureValue.objects.create(
                la_code=la_code, measure=number, period_end=end, value=round(base * share),
                source_note=DEMO_SOURCES[number], entered_by=admin)
            added.append(end)
    return added


def _write_demo_commentary(la_code: str, admin: Any) -> int:
    """Commentary on every Red measure but one of the council's latest scorecard, unless
    it has commentary for that period already; returns how many were written."""
    from carepanel.web.scorecard_pages.models import (
        Commentary,
        MeasureOwner,
        ScorecardSnapshot,
    )

    snapshot = ScorecardSnapshot.objects.filter(la_code=la_code).order_by("-period_end").first()
    if snapshot is None or Commentary.objects.filter(
            la_code=la_code, period_end=snapshot.period_end).exists():
        return 0
    owners = {o.measure: o.user for o in MeasureOwner.objects.select_related("user")}
    reds = [r.measure.number for r in snapshot.card.measures if r.rating.rag == RED]
    for i, number in enumerate(reds[1:]):
        Commentary.objects.create(
            la_code=la_code, measure=number, period_end=snapshot.period_end,
            text=DEMO_COMMENTARY[i % len(DEMO_COMMENTARY)], author=owners.get(number) or admin)
    return max(len(reds) - 1, 0)


def publish_demo_figures(out: TextIO | None = None) -> str:
    """Demo figures for the scorecard pages, when there is a warehouse to take them from.

    Used by ``carepanel serve --demo`` when figures are already published (``carepanel_publish``)
    or ``CAREPANEL_WAREHOUSE`` names a warehouse: for each council, enters values for the
    manual measures over its last five quarters (if it has none entered yet) and
    recalculates, then writes commentary on every Red measure but one of its latest quarter,
    so the commentary workflow has something to show (and the gate something to refuse).
    """
    from django.conf import settings

    from carepanel.web import worker
    from carepanel.web.scorecard_pages.models import ScorecardSnapshot

    published = ScorecardSnapshot.objects.exists()
    if not published and not settings.CAREPANEL_WAREHOUSE:
        message = ("No figures: publish a warehouse first (python -m carepanel.web "
                   "carepanel_publish --warehouse FILE) or set CAREPANEL_WAREHOUSE.")
        if out is not None:
            out.write(message + "\n")
        return message
    path = worker.warehouse_path()
    if not path.exists():
        message = f"No warehouse at {path}: the scorecard stays empty until a return is loaded."
        if out is not None:
            out.write(message + "\n")
        return message
    people = {u.username: u for u in get_user_model().objects.filter(
        username__startswith="demo-")}
    admin = people.get("demo-admin")
    with acting_as(admin):
        if published:
            periods: dict[str, list[dt.date]] = {}
            for la, end in ScorecardSnapshot.objects.values_list("la_code", "period_end"):
                periods.setdefault(la, []).append(end)
        else:
            periods = worker.warehouse_periods(path)
        added = [end for la, ends in sorted(periods.items())
                 for end in _enter_demo_values(la, ends, admin)]
        if not published:
            job = worker.publish(path, admin)
        elif added:
            known = {d for ends in periods.values() for d in ends}
            wanted = sorted({d for end in set(added)
                             for d in worker.affected_periods(end, known)})
            job = worker.run_job(worker.Job.objects.create(
                kind=worker.JobKind.RECOMPUTE, created_by=admin, warehouse=str(path),
                periods=[d.isoformat() for d in wanted]).pk)
        else:
            job = None
        councils = sorted(set(ScorecardSnapshot.objects.values_list("la_code", flat=True)))
        written = sum(_write_demo_commentary(la, admin) for la in councils)
    message = (f"Demo figures from {path}: "
               f"{job.summary if job is not None else 'already published.'} "
               f"{len(added)} manual values entered; commentary written on {written} Red "
               "measures (one per council is left without, to show the gate).")
    if out is not None:
        out.write(message + "\n")
    return message


def create_demo(password: str | None = None, out: TextIO | None = None) -> dict[str, Any]:
    """Demo people and strategy, printing the sign-in details to ``out``."""
    with transaction.atomic(), acting_as(None):
        passwords = create_demo_users(password)
        strategy = create_demo_strategy()
        create_demo_owners()
    if out is not None:
        out.write("Demo sign-ins (demo only: never use these people on real data):\n")
        width = max(len(u) for u in passwords)
        roles = {d.username: d.role for d in DEMO_USERS}
        for username, chosen in passwords.items():
            out.write(f"  {username:<{width}}  {roles[username]:<13}  password: {chosen}\n")
        out.write("Demo strategy created.\n" if strategy
                  else "The strategy tracker already has data: left as it was.\n")
    return {"passwords": passwords, "strategy_created": strategy}
