"""The scorecard pages: the scorecard, each measure, commentary, manual values, the paper.

Every figure comes from a ``ScorecardSnapshot`` the background worker wrote; nothing here
opens the warehouse. Members read figures with small numbers suppressed
(``presentation``); staff read them as computed. Changes (commentary, values, owners, the
ready flag) are audited by the model signals (see ``audit.recording``).

Commentary and manual values are read and written for the selected council only
(``Selection.la_code``, from the ``la`` query parameter): one council's commentary never
shows on, or counts towards the paper of, another council.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carepanel.scorecard.build import MeasureResult
from carepanel.web import worker
from carepanel.web.accounts.models import ServiceSettings
from carepanel.web.roles import (
    ADMINISTRATOR,
    ANALYST,
    OFFICER,
    can,
    can_work_on_measure,
    require,
    sees_unsuppressed_figures,
)
from carepanel.web.scorecard_pages import chart
from carepanel.web.scorecard_pages.forms import CommentaryForm, ManualValueForm
from carepanel.web.scorecard_pages.models import (
    Commentary,
    ManualMeasureValue,
    MeasureOwner,
    PanelPaper,
    ScorecardSnapshot,
)
from carepanel.web.scorecard_pages.presentation import (
    RAG_ORDER,
    RAG_WORDS,
    MeasureView,
    measure_view,
    period_data_quality,
    quarter_label,
    quarter_series,
    trend,
    year_series,
)
from carepanel.web.views import Explained404

MOST_ERRORS = 5
"""How many measures the scorecard page names as resting most on rows with data errors."""


@dataclass
class Selection:
    """The council and period a page shows, and the others it can switch to."""

    councils: list[tuple[str, str]]
    la_code: str
    periods: list[dt.date]
    snapshot: ScorecardSnapshot

    @property
    def period_end(self) -> dt.date:
        return self.snapshot.period_end

    @property
    def query(self) -> str:
        return urlencode({"la": self.la_code, "period": self.period_end.isoformat()})

    @property
    def council_label(self) -> str:
        return dict(self.councils).get(self.la_code, self.la_code)

    @property
    def period_label(self) -> str:
        return quarter_label(self.period_end)

    @property
    def period_choices(self) -> list[tuple[str, str, bool]]:
        return [(d.isoformat(), quarter_label(d), d == self.period_end) for d in self.periods]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def selection(request: HttpRequest, data: Any = None) -> Selection | None:
    """The snapshot for ``la`` and ``period`` in the query (or form); the first council and
    its latest period where they are not given. A council or period that has no snapshot
    is a 404 saying which ones there are (``Explained404``), never another's figures."""
    data = data if data is not None else request.GET
    rows = list(ScorecardSnapshot.objects.order_by("la_code", "-period_end")
                .values_list("la_code", "la_name", "period_end"))
    if not rows:
        return None
    names: dict[str, str] = {}
    periods: dict[str, list[dt.date]] = defaultdict(list)
    for code, name, end in rows:
        names[code] = f"{name} ({code})" if name else f"Council {code}"
        periods[code].append(end)
    asked_la, asked_period = (data.get("la") or "").strip(), (data.get("period") or "").strip()
    if asked_la and asked_la not in names:
        # Never another council's figures in place of the one asked for.
        raise Explained404(f"There is no scorecard for council “{asked_la[:20]}”. The "
                           f"councils with one are: {', '.join(sorted(names.values()))}.")
    la = asked_la or sorted(names)[0]
    end = periods[la][0]
    if asked_period:
        wanted = _date(asked_period)
        if wanted not in periods[la]:
            raise Explained404(
                f"There is no scorecard of {names[la]} for the period ending "
                f"“{asked_period[:20]}”. Its periods end on: "
                f"{', '.join(f'{d:%d/%m/%Y}' for d in sorted(periods[la]))}.")
        end = wanted
    snapshot = ScorecardSnapshot.objects.get(la_code=la, period_end=end)
    return Selection(sorted(names.items()), la, periods[la], snapshot)


def _threshold() -> int:
    return ServiceSettings.current().suppression_threshold


def _owners() -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for row in MeasureOwner.objects.select_related("user").filter(user__is_active=True):
        out[row.measure].append(row.user)
    return out


def _views(request: HttpRequest, sel: Selection, *, public: bool | None = None
           ) -> list[MeasureView]:
    """Every measure of the snapshot as this reader sees it, with owners and commentary."""
    public = not sees_unsuppressed_figures(request.user) if public is None else public
    threshold = _threshold()
    owners = _owners()
    commented = set(Commentary.objects.filter(la_code=sel.la_code, period_end=sel.period_end)
                    .values_list("measure", flat=True))
    views = []
    for p in sel.snapshot.card.pledges:
        for r in p.measures:
            v = measure_view(r, p.pledge, public, threshold)
            v.owners = owners.get(v.number, [])
            v.has_commentary = v.number in commented
            views.append(v)
    return views


def missing_commentary(request: HttpRequest, sel: Selection) -> list[MeasureView]:
    """The council's measures rated Red (as computed, before any suppression) without its
    commentary for the period: its paper cannot be marked ready while there are any."""
    return [v for v in _views(request, sel, public=False) if v.needs_commentary]


def _paper(sel: Selection) -> PanelPaper | None:
    return PanelPaper.objects.filter(la_code=sel.la_code, period_end=sel.period_end) \
        .select_related("marked_by").first()


@require("view_scorecard")
def scorecard(request: HttpRequest) -> HttpResponse:
    sel = selection(request)
    if sel is None:
        return render(request, "scorecard_pages/empty.html", {
            "can_upload": can(request.user, "upload_returns")})
    public = not sees_unsuppressed_figures(request.user)
    views = _views(request, sel)
    pledges: dict[str, str] = {}
    for v in views:
        pledges.setdefault(v.pledge_id, v.pledge_title)
    pledge = request.GET.get("pledge", "")
    rag = request.GET.get("rag", "")
    shown = [v for v in views if (not pledge or v.pledge_id == pledge)
             and (not rag or v.rag == rag)]
    groups = []
    for pid, title in pledges.items():
        rows = [v for v in shown if v.pledge_id == pid]
        if rows:
            groups.append({"id": pid, "title": title, "rows": rows})
    counts = {r: sum(1 for v in views if v.rag == r) for r in RAG_ORDER}
    missing = [v for v in views if v.needs_commentary]
    paper = _paper(sel)
    return render(request, "scorecard_pages/scorecard.html", {
        "sel": sel, "groups": groups, "public": public, "threshold": _threshold(),
        "pledges": list(pledges.items()), "pledge": pledge, "rag": rag,
        "rags": [(r, RAG_WORDS[r]) for r in RAG_ORDER], "counts": counts,
        "count_rows": [(RAG_WORDS[r], counts[r]) for r in RAG_ORDER],
        "missing": missing, "filtered": bool(pledge or rag), "shown": len(shown),
        "total": len(views), "paper": paper,
        "can_mark_ready": can(request.user, "mark_paper_ready"),
        "can_manage_owners": can(request.user, "manage_owners"),
        "can_upload": can(request.user, "upload_returns"),
        "bench_year": sel.snapshot.card.benchmark_year,
        "data_quality": "" if public else period_data_quality(sel.snapshot.card.data_quality),
        "most_errors": [] if public else sorted(
            (v for v in views if v.error_share is not None),
            key=lambda v: -(v.error_share or 0))[:MOST_ERRORS],
    })


def _measure_or_404(sel: Selection, number: str) -> MeasureResult:
    m = sel.snapshot.measure(number)
    if m is None:
        raise Http404(f"no measure {number} on the scorecard")
    return m


@require("view_scorecard")
def measure(request: HttpRequest, number: str) -> HttpResponse:
    sel = selection(request)
    if sel is None:
        raise Http404("no scorecard yet")
    raw = _measure_or_404(sel, number)
    public = not sees_unsuppressed_figures(request.user)
    threshold = _threshold()
    view = next(v for v in _views(request, sel) if v.number == number)
    figures = sel.snapshot.figures()
    quarters = trend(quarter_series(figures, number), view.unit, public, threshold)
    years = trend(year_series(figures, number), view.unit, public, threshold)
    target = raw.measure.target
    title = f"{view.number} {view.title}"
    sql = definition_sql = None
    if view.indicator:
        from carepanel.indicators.catalogue import catalogue

        indicator = catalogue().get(view.indicator)
        if indicator is not None:
            sql, definition_sql = indicator.sql, indicator.definition
    history = Commentary.objects.filter(la_code=sel.la_code, measure=number) \
        .select_related("author").order_by("-period_end", "-created", "-id")
    current = [c for c in history if c.period_end == sel.period_end]
    earlier = [c for c in history if c.period_end != sel.period_end]
    if public:
        # Commentary is written about the figure and may repeat it: members read it only
        # where the figure itself is shown (as in the public paper), and only this period's.
        current = current if view.value.symbol != "c" else []
        earlier = []
    owner_ids = {u.pk for u in view.owners}
    may_work = can_work_on_measure(request.user, owner_ids)
    values = (ManualMeasureValue.objects.filter(la_code=sel.la_code, measure=number)
              .select_related("entered_by").order_by("-period_end")
              if view.is_manual and not public else [])
    return render(request, "scorecard_pages/measure.html", {
        "sel": sel, "m": view, "public": public, "threshold": threshold,
        "quarter_chart": chart.bar_chart("quarters", f"{title}: the last five quarters",
                                         quarters, view.unit, target, view.span)
        if quarters else None,
        "year_chart": chart.bar_chart("years", f"{title}: the last three years to 31 March",
                                      years, view.unit, target, view.span)
        if len(years) > 1 else None,
        "quarters": quarters, "years": years, "sql": sql,
        "definition": view.definition or definition_sql or "",
        "current_commentary": current, "earlier_commentary": earlier,
        "can_comment": may_work, "can_enter_value": may_work and view.is_manual,
        "can_redact": can(request.user, "redact_text"),
        "manual_values": values,
    })


def _require_owner(request: HttpRequest, view: MeasureView) -> None:
    if not can_work_on_measure(request.user, {u.pk for u in view.owners}):
        raise PermissionDenied("only the measure's owner (or an analyst) can do this")


@require_http_methods(["GET", "POST"])
@require("write_commentary")
def commentary_add(request: HttpRequest, number: str) -> HttpResponse:
    sel = selection(request)
    if sel is None:
        raise Http404("no scorecard yet")
    _measure_or_404(sel, number)
    view = next(v for v in _views(request, sel, public=False) if v.number == number)
    _require_owner(request, view)
    latest = Commentary.objects.current(sel.la_code, number, sel.period_end)
    form = CommentaryForm(request.POST or None,
                          initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid():
        Commentary.objects.create(la_code=sel.la_code, measure=number,
                                  period_end=sel.period_end,
                                  text=form.cleaned_data["text"].strip(), author=request.user)
        messages.success(request, f"Commentary on measure {number} saved.")
        return redirect(reverse("scorecard:measure", args=[number]) + "?" + sel.query)
    return render(request, "scorecard_pages/commentary_form.html", {
        "sel": sel, "m": view, "form": form, "latest": latest})


@require_http_methods(["GET", "POST"])
@require("write_commentary")
def manual_value(request: HttpRequest, number: str) -> HttpResponse:
    sel = selection(request)
    if sel is None:
        raise Http404("no scorecard yet")
    _measure_or_404(sel, number)
    view = next(v for v in _views(request, sel, public=False) if v.number == number)
    if not view.is_manual:
        raise Http404(f"measure {number} is computed from the returns, not entered by hand")
    _require_owner(request, view)
    periods = sel.periods
    wanted = _date(request.POST.get("period_end") or request.GET.get("period")) \
        or sel.period_end
    existing = ManualMeasureValue.objects.filter(la_code=sel.la_code, measure=number,
                                                 period_end=wanted).first()
    initial: dict[str, Any] = {"period_end": wanted.isoformat()}
    if existing is not None:
        initial.update(value=existing.value, numerator=existing.numerator,
                       denominator=existing.denominator, source_note=existing.source_note)
    form = ManualValueForm(request.POST or None, initial=initial, unit=view.unit,
                           periods=periods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        end = data["period_end"]
        with transaction.atomic():
            record = ManualMeasureValue.objects.filter(
                la_code=sel.la_code, measure=number, period_end=end).first() \
                or ManualMeasureValue(la_code=sel.la_code, measure=number, period_end=end)
            record.value = data["value"]
            record.numerator = data.get("numerator")
            record.denominator = data.get("denominator")
            record.source_note = data["source_note"].strip()
            record.entered_by = request.user
            record.full_clean()
            record.save()
        job = worker.recompute_for_manual_value(end, request.user, la_code=sel.la_code)
        if job is None or job.is_finished:
            messages.success(request, f"The value of measure {number} for "
                                      f"{quarter_label(end)} is saved and rated.")
        else:
            messages.success(request, f"The value of measure {number} for "
                                      f"{quarter_label(end)} is saved. The scorecard is being "
                                      "recalculated: refresh in a minute to see it rated.")
        query = urlencode({"la": sel.la_code, "period": end.isoformat()})
        return redirect(reverse("scorecard:measure", args=[number]) + "?" + query)
    return render(request, "scorecard_pages/manual_value_form.html", {
        "sel": sel, "m": view, "form": form, "existing": existing})


@require_POST
@require("mark_paper_ready")
def mark_ready(request: HttpRequest) -> HttpResponse:
    sel = selection(request, request.POST)
    if sel is None:
        raise Http404("no scorecard yet")
    back = reverse("scorecard:index") + "?" + sel.query
    ready = request.POST.get("ready") == "1"
    if ready:
        missing = missing_commentary(request, sel)
        if missing:
            numbers = ", ".join(v.number for v in missing)
            messages.error(request, (
                f"The paper for {sel.period_label} cannot be marked ready: "
                f"{len(missing)} measure{'s are' if len(missing) != 1 else ' is'} rated Red "
                f"without commentary ({numbers}). Their owners must add commentary first."))
            return redirect(back)
    paper, _ = PanelPaper.objects.get_or_create(la_code=sel.la_code, period_end=sel.period_end)
    paper.ready = ready
    paper.marked_by = request.user
    paper.marked_at = timezone.now()
    paper.save()
    if ready:
        # Made once now, in the background, for every reader and format (papers.rendered).
        transaction.on_commit(lambda: worker.render_papers(sel.la_code, sel.period_end,
                                                           request.user))
    messages.success(request, f"The paper for {sel.period_label} is marked "
                              f"{'ready for the Panel' if ready else 'not ready'}.")
    return redirect(back)


def _possible_owners() -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True)
                .filter(groups__name__in=(OFFICER, ANALYST, ADMINISTRATOR)).distinct()
                .order_by("first_name", "last_name", "username"))


@require_http_methods(["GET", "POST"])
@require("manage_owners")
def owners(request: HttpRequest) -> HttpResponse:
    config = worker.scorecard_config()
    people = _possible_owners()
    by_pk = {str(u.pk): u for u in people}
    current = _owners()
    if request.method == "POST":
        changed = 0
        with transaction.atomic():
            for m in config.measures:
                chosen = request.POST.get(f"owner-{m.number}", "")
                if chosen and chosen not in by_pk:
                    continue  # not a person who can own a measure: ignore the tampering
                have = {str(u.pk) for u in current.get(m.number, [])}
                want = {chosen} if chosen else set()
                if have == want:
                    continue
                for row in MeasureOwner.objects.filter(measure=m.number):
                    if str(row.user_id) not in want:
                        row.delete()
                for pk in want - have:
                    MeasureOwner.objects.create(measure=m.number, user=by_pk[pk])
                changed += 1
        messages.success(request, f"Owners saved: {changed} measure"
                                  f"{'s' if changed != 1 else ''} changed.")
        return redirect("scorecard:owners")
    rows = [{"measure": m, "owners": current.get(m.number, []),
             "chosen": str(current[m.number][0].pk) if current.get(m.number) else ""}
            for m in config.measures]
    return render(request, "scorecard_pages/owners.html", {"rows": rows, "people": people})
