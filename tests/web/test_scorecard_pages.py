"""Commentary keeps every version; manual values carry their source and must add up; both
belong to one council."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from carepanel.web.audit.models import AuditEvent
from carepanel.web.audit.recording import acting_as
from carepanel.web.scorecard_pages.models import Commentary, CommentaryIsHistory, ManualMeasureValue

pytestmark = pytest.mark.django_db
Q1 = dt.date(2025, 6, 30)
LA = "883"


def test_each_edit_is_a_new_version_and_the_newest_is_current(people: dict[str, Any]) -> None:
    officer, analyst = people["officer"], people["analyst"]
    first = Commentary.objects.create(la_code=LA, measure="2.15", period_end=Q1, author=officer,
                                      text="62 of 131 care leavers are NEET.")
    second = Commentary.objects.create(la_code=LA, measure="2.15", period_end=Q1,
                                       author=analyst,
                                       text="47 of 131 (36%) once re-engagement is counted.")
    Commentary.objects.create(la_code=LA, measure="2.6", period_end=Q1, author=officer,
                              text="Other")
    # Another council's newer version of the same measure is that council's own.
    other = Commentary.objects.create(la_code="884", measure="2.15", period_end=Q1,
                                      author=officer, text="Another council's account.")
    assert Commentary.objects.current(LA, "2.15", Q1) == second
    assert list(Commentary.objects.for_measure(LA, "2.15", Q1)) == [second, first]
    assert Commentary.objects.current(LA, "2.15", dt.date(2025, 9, 30)) is None
    assert list(Commentary.objects.for_measure("884", "2.15", Q1)) == [other]


def test_saved_commentary_cannot_be_overwritten_or_deleted(people: dict[str, Any]) -> None:
    note = Commentary.objects.create(la_code=LA, measure="4.2", period_end=Q1,
                                     author=people["officer"], text="As written")
    note.text = "Rewritten"
    with pytest.raises(CommentaryIsHistory):
        note.save()
    with pytest.raises(CommentaryIsHistory):
        note.delete()
    with pytest.raises(CommentaryIsHistory):
        Commentary.objects.filter(pk=note.pk).update(text="Rewritten")
    with pytest.raises(CommentaryIsHistory):
        Commentary.objects.all().delete()
    note.refresh_from_db()
    assert note.text == "As written"


def test_measure_numbers_are_validated(people: dict[str, Any]) -> None:
    note = Commentary(la_code=LA, measure="two point one", period_end=Q1,
                      author=people["officer"], text="x")
    with pytest.raises(ValidationError, match="not a measure number"):
        note.full_clean()


def _value(people: dict[str, Any], **fields: Any) -> ManualMeasureValue:
    defaults = {"la_code": LA, "measure": "4.2", "period_end": Q1, "value": Decimal("80"),
                "source_note": "Health team's count", "entered_by": people["analyst"]}
    return ManualMeasureValue(**{**defaults, **fields})


@pytest.mark.parametrize(("fields", "problem"), [
    ({"numerator": 8, "denominator": None}, "both the numerator and the denominator"),
    ({"numerator": 0, "denominator": 0}, "must be more than 0"),
    ({"numerator": 8, "denominator": 10, "value": Decimal("75")}, "does not agree with 8 out"),
])
def test_manual_values_must_add_up(people: dict[str, Any], fields: dict[str, Any],
                                   problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        _value(people, **fields).full_clean()


@pytest.mark.parametrize(("value", "numerator", "denominator"), [
    (Decimal("80"), 8, 10),        # a percentage: 100 * 8 / 10
    (Decimal("33.33"), 1, 3),      # a percentage to 2 places: 33.333...
    (Decimal("0.80"), 8, 10),      # a rate or mean: 8 / 10
    (Decimal("12"), None, None),   # a count on its own
])
def test_manual_values_that_add_up(people: dict[str, Any], value: Decimal,
                                   numerator: int | None, denominator: int | None) -> None:
    _value(people, value=value, numerator=numerator, denominator=denominator).full_clean()


def test_one_value_per_council_measure_and_period_with_changes_audited(
        people: dict[str, Any]) -> None:
    with acting_as(people["analyst"]):
        value = _value(people, numerator=8, denominator=10)
        value.save()
        value.value, value.numerator = Decimal("90"), 9
        value.save()
    event = AuditEvent.objects.get(action="update",
                                   object_type="scorecard_pages.manualmeasurevalue")
    assert event.changes["numerator"] == [8, 9]
    assert event.changes["value"] == ["80.00", "90"]
    assert event.actor == people["analyst"]
    # The audit log says whose figure it is.
    assert "Council 883" in event.summary
    with pytest.raises(IntegrityError), transaction.atomic():
        _value(people).save()
    # Another council has its own value for the same measure and period.
    _value(people, la_code="884", value=Decimal("70")).save()
    assert sorted(ManualMeasureValue.objects.values_list("la_code", "value")) == [
        ("883", Decimal("90")), ("884", Decimal("70"))]
