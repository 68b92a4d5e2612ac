"""Commentary on a measure for a period, and values entered by hand.

Commentary is never overwritten: each edit is a new row, and the latest row is the current
text, so a Panel paper can always say what was written when and by whom. The model refuses
to update or delete a saved row.

Manual values are figures the SSDA903 return does not hold (a local survey, a partner's
count); they carry their source and who entered them. A later entry for the same council,
measure and period replaces the figure, with the previous one kept in the audit log.

Both belong to one council (``la_code``), like the snapshots they are written against: a
web app may hold several councils' figures (a council's own and a regional set), and what
an officer writes about one council's Red measure says nothing about another's. Rows from
before councils were recorded that could not be given one keep ``la_code`` empty: no page
shows them and the worker applies them to no council (migration 0003).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from carepanel.reports import paper_figures
from carepanel.reports.paper_figures import PaperFigures
from carepanel.scorecard.build import MeasureResult, Scorecard
from carepanel.web.validators import validate_measure_number


def _council(la_code: str) -> str:
    """How the audit log and lists name the council a row belongs to."""
    return f"Council {la_code}" if la_code else "No council"


class CommentaryIsHistory(Exception):
    """Raised on an attempt to change or delete saved commentary."""


class CommentaryQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise CommentaryIsHistory("commentary is kept as written: add a new version instead")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise CommentaryIsHistory("commentary is kept as written")

    def for_measure(self, la_code: str, measure: str, period_end: Any) -> CommentaryQuerySet:
        """Every version for one council's measure and period, newest first."""
        return self.filter(la_code=la_code, measure=measure, period_end=period_end) \
            .order_by("-created", "-id")

    def current(self, la_code: str, measure: str, period_end: Any) -> Commentary | None:
        """The text to show now: the newest version."""
        return self.for_measure(la_code, measure, period_end).first()


class Commentary(models.Model):
    """One version of the commentary on a council's measure for the period ending
    ``period_end``."""

    la_code = models.CharField("council code", max_length=10)
    measure = models.CharField("measure number", max_length=20,
                               validators=[validate_measure_number])
    period_end = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="commentary")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # The one change a version may undergo: an administrator replaces its text with
    # "[redacted]" (privacy.redaction), when it should never have named a child.
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    objects = CommentaryQuerySet.as_manager()

    class Meta:
        ordering = ("la_code", "measure", "period_end", "-created", "-id")
        verbose_name_plural = "commentary"
        indexes = (models.Index(fields=("la_code", "measure", "period_end"),
                                name="commentary_council_measure"),
                   models.Index(fields=("la_code", "period_end"),
                                name="commentary_council_period"))

    def __str__(self) -> str:
        return (f"{_council(self.la_code)}, measure {self.measure}, "
                f"period to {self.period_end:%d/%m/%Y}")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise CommentaryIsHistory("commentary is kept as written: add a new version instead")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise CommentaryIsHistory("commentary is kept as written")


class ManualMeasureValue(models.Model):
    """A council's value of a measure entered by hand for one period, with its source."""

    la_code = models.CharField("council code", max_length=10)
    measure = models.CharField("measure number", max_length=20,
                               validators=[validate_measure_number])
    period_end = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    source_note = models.CharField(max_length=300,
                                   help_text="Where the figure comes from and how it was counted.")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="manual_values")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("la_code", "measure", "period_end")
        constraints = (
            models.UniqueConstraint(fields=("la_code", "measure", "period_end"),
                                    name="one_manual_value_per_council_measure_period"),
        )

    def __str__(self) -> str:
        return (f"{_council(self.la_code)}, measure {self.measure}, "
                f"period to {self.period_end:%d/%m/%Y}: {self.value}")

    def clean(self) -> None:
        """A fraction needs both parts, a denominator above zero and, when both are given,
        a value that agrees with them (as a count, a percentage or a rate)."""
        n, d = self.numerator, self.denominator
        if (n is None) != (d is None):
            raise ValidationError("Give both the numerator and the denominator, or neither.")
        if d is not None and d == 0:
            raise ValidationError({"denominator": "The denominator must be more than 0."})
        if n is not None and d is not None and self.value is not None:
            value = Decimal(self.value)
            as_fraction = Decimal(n) / Decimal(d)
            if not any(abs(value - candidate) <= Decimal("0.01") for candidate in (
                    as_fraction, as_fraction * 100)):
                raise ValidationError({"value": (
                    f"{value} does not agree with {n} out of {d} "
                    f"({as_fraction * 100:.2f}% or {as_fraction:.2f}).")})


class SnapshotOutdated(Exception):
    """A snapshot saved by an earlier carepanel, before the worker kept the figures as
    ``PaperFigures``: its pages cannot be shown until the scorecard is recalculated (a full
    recalculation rewrites every snapshot). Shown to the reader as a page that says so
    (``scorecard_pages.middleware``), never as an error."""

    def __init__(self, snapshot: ScorecardSnapshot) -> None:
        super().__init__(
            f"The scorecard of council {snapshot.la_code} for the 12 months to "
            f"{snapshot.period_end:%d/%m/%Y} was saved by an earlier version of carepanel "
            "and cannot be shown. Recalculate the scorecard (Upload a return, then "
            "Recalculate the scorecard) to see it.")


class ScorecardSnapshot(models.Model):
    """The scorecard of one council for the 12 months to ``period_end``, as the worker built
    it from the warehouse: aggregates only (values, numerators, denominators, ratings).

    ``data["paper"]`` is the one contract between the worker and every page and paper: the
    ``carepanel.reports.paper_figures.PaperFigures`` of the council and period (the
    ``Scorecard`` from ``carepanel.scorecard.build``, each measure's trend from
    ``reports.scorecard.trend_values`` at the last five quarter ends and the last three
    31 Marches, and the cohort profile), as JSON text. Pages read it through ``figures()``,
    typed, and never the warehouse.
    """

    la_code = models.CharField("council code", max_length=10)
    la_name = models.CharField("council name", max_length=200, blank=True)
    period_end = models.DateField()
    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        ordering = ("la_code", "-period_end")
        constraints = (
            models.UniqueConstraint(fields=("la_code", "period_end"),
                                    name="one_snapshot_per_council_and_period"),
        )

    def __str__(self) -> str:
        return f"Scorecard for {self.la_code}, 12 months to {self.period_end:%d/%m/%Y}"

    @staticmethod
    def stored(figures: PaperFigures) -> dict[str, str]:
        """``data`` for a snapshot of these figures (the worker's, and tests')."""
        return {"paper": paper_figures.to_json(figures)}

    def figures(self) -> PaperFigures:
        """The scorecard, trends and cohort profile the worker saved, parsed once (again
        only if ``data`` is replaced). ``SnapshotOutdated`` for a snapshot saved before
        they were kept."""
        text = (self.data or {}).get("paper")
        if not text:
            raise SnapshotOutdated(self)
        cached = getattr(self, "_figures", None)
        if cached is None or cached[0] is not text:
            cached = self._figures = (text, paper_figures.from_json(text))
        return cached[1]

    @property
    def card(self) -> Scorecard:
        return self.figures().card

    def measure(self, number: str) -> MeasureResult | None:
        return next((m for m in self.card.measures if m.measure.number == number), None)


class MeasureOwner(models.Model):
    """Who owns a measure: the person who writes its commentary and enters its values.

    The scorecard configuration names an owner by job title ("Head of Fostering");
    administrators say here which person that is. A measure may have several owners.
    """

    measure = models.CharField("measure number", max_length=20,
                               validators=[validate_measure_number])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="owned_measures")

    class Meta:
        ordering = ("measure", "user__username")
        constraints = (
            models.UniqueConstraint(fields=("measure", "user"), name="one_owner_row_per_person"),
        )

    def __str__(self) -> str:
        return f"Measure {self.measure}: {self.user.get_username()}"


class PanelPaper(models.Model):
    """Whether the quarter's scorecard paper for a council is ready to go to the Panel.

    It can be marked ready only when every measure rated Red has commentary for the
    period (``views.mark_ready`` refuses otherwise and lists the measures).
    """

    la_code = models.CharField("council code", max_length=10)
    period_end = models.DateField()
    ready = models.BooleanField(default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Panel paper"
        constraints = (
            models.UniqueConstraint(fields=("la_code", "period_end"),
                                    name="one_paper_per_council_and_period"),
        )

    def __str__(self) -> str:
        state = "ready" if self.ready else "not ready"
        return f"Paper for {self.la_code}, 12 months to {self.period_end:%d/%m/%Y}: {state}"


class PaperFile(models.Model):
    """A rendered paper kept so the next download of the same paper is immediate.

    ``inputs`` is a hash of everything the paper is made from (the snapshot, commentary,
    strategy, suppression threshold, version); a change to any of them makes a new file.
    """

    key = models.CharField(max_length=200, unique=True)
    inputs = models.CharField(max_length=64)
    content = models.BinaryField()
    created = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key
