"""The corporate parenting strategy as the Panel tracks it.

Priorities (or the Pledge's promises) hold actions: what will be done, by when, by whom,
its status, and the scorecard measures it should move. Officers add dated progress updates
to the actions they own. An action's *shown* status is worked out: one whose due date has
passed and is not complete is "Overdue", whatever status was last chosen, so a Panel paper
never shows a lapsed action as "On track".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from carepanel.web.validators import split_measures, validate_measure_list


class Status(models.TextChoices):
    """The statuses a person can choose for an action."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"


OVERDUE = "overdue"
STATUS_LABELS = {**dict(Status.choices), OVERDUE: "Overdue"}
# Tag colours support the words, never replace them (WCAG 1.4.1).
STATUS_TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--yellow",
    Status.COMPLETE: "govuk-tag--blue",
    OVERDUE: "govuk-tag--red",
}


def today() -> dt.date:
    """Today in the council's time zone (an action due today is not yet overdue)."""
    return timezone.localdate()


class Priority(models.Model):
    """A strategic priority, or one of the Pledge's promises."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(
        default=1, help_text="Priorities are listed in this order (1 first).")

    class Meta:
        ordering = ("order", "id")
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """One action in the plan: What, When (due date), Who (owner), status and measures."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("what we will do")
    due_date = models.DateField("when (due date)", null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="owned_actions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    measures = models.CharField(
        "linked measures", max_length=200, blank=True, validators=[validate_measure_list],
        help_text="Scorecard measure numbers this action should move, separated by commas, "
                  "for example 2.15, 3.1")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("priority__order", "due_date", "id")

    def __str__(self) -> str:
        return self.what if len(self.what) <= 80 else self.what[:77] + "..."

    def get_absolute_url(self) -> str:
        return reverse("strategy:action_detail", args=[self.pk])

    def is_overdue(self, on: dt.date | None = None) -> bool:
        on = on or today()
        return (self.due_date is not None and self.due_date < on
                and self.status != Status.COMPLETE)

    def shown_status(self, on: dt.date | None = None) -> str:
        """The status to show: "overdue" when the due date has passed, else the chosen one."""
        return OVERDUE if self.is_overdue(on) else self.status

    @property
    def shown_status_label(self) -> str:
        return STATUS_LABELS[self.shown_status()]

    @property
    def shown_status_tag(self) -> str:
        return STATUS_TAG_CLASSES[self.shown_status()]

    @property
    def measure_list(self) -> list[str]:
        return split_measures(self.measures)

    def latest_update(self) -> ProgressUpdate | None:
        return self.updates.order_by("-date", "-id").first()


def tracker_order(actions: list[Action], on: dt.date | None = None) -> list[Action]:
    """Overdue actions first (the longest overdue at the top), then the rest by due date
    (undated last), each group in priority order where dates tie."""
    on = on or today()
    far = dt.date.max

    def key(a: Action) -> tuple[int, dt.date, int, int]:
        return (0 if a.is_overdue(on) else 1, a.due_date or far, a.priority.order, a.pk or 0)

    return sorted(actions, key=key)


class ProgressUpdate(models.Model):
    """A dated note of progress on an action, optionally moving its status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=today, help_text="The date the progress refers to.")
    text = models.TextField("progress")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="progress_updates")
    new_status = models.CharField(
        "status after this update", max_length=20, choices=Status.choices, blank=True,
        help_text="Leave as it is to keep the action's current status.")
    created = models.DateTimeField(auto_now_add=True)
    # Set when an administrator replaced the text with "[redacted]" (privacy.redaction).
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ("-date", "-id")
        verbose_name = "progress update"

    def __str__(self) -> str:
        return f"Progress update of {self.date:%d/%m/%Y} on action {self.action_id}"


class AskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not_possible", "Not possible"


ASK_TAG_CLASSES = {
    AskStatus.NOT_STARTED: "govuk-tag--grey",
    AskStatus.IN_PROGRESS: "govuk-tag--yellow",
    AskStatus.DONE: "govuk-tag--green",
    AskStatus.NOT_POSSIBLE: "govuk-tag--orange",
}


class YouSaidWeDid(models.Model):
    """What the Children in Care Council asked for, and what the council did about it."""

    date = models.DateField("date raised", default=today)
    you_said = models.TextField("what young people said")
    we_did = models.TextField("what we did", blank=True,
                              help_text="Our response, in words young people will understand.")
    status = models.CharField(max_length=20, choices=AskStatus.choices,
                              default=AskStatus.NOT_STARTED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="owned_asks")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-date", "-id")
        verbose_name = "“You said, we did” entry"
        verbose_name_plural = "“You said, we did” entries"

    def __str__(self) -> str:
        return self.you_said if len(self.you_said) <= 80 else self.you_said[:77] + "..."

    @property
    def status_tag(self) -> str:
        return ASK_TAG_CLASSES[self.status]
