"""The service's own settings, changed by administrators on the Settings page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ServiceSettings(models.Model):
    """One row: the council's name for the header, and the small-number threshold."""

    council_name = models.CharField(
        max_length=100, help_text="Shown at the top of every page, for example “Northshire "
                                  "County Council”.")
    suppression_threshold = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(5), MaxValueValidator(10)],
        help_text="Counts from 1 up to this number are shown to members as “c” (suppressed). "
                  "At least 5, as in the DfE's published statistics; up to 10.")

    class Meta:
        verbose_name = "service settings"
        verbose_name_plural = "service settings"

    def __str__(self) -> str:
        return "Service settings"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # there is only ever one row
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> ServiceSettings:
        """The settings row, created from the Django settings the first time it is needed."""
        found = cls.objects.filter(pk=1).first()
        if found is not None:
            return found
        return cls(pk=1, council_name=default_council_name())


GENERIC_NAME = "Your council"


def default_council_name() -> str:
    """Until an administrator names the council: ``CAREPANEL_COUNCIL_NAME``, else the name
    the DfE's tables give the one council whose figures are published (never a made-up
    one: a header saying "Example Council" over Thurrock's figures misleads)."""
    if settings.CAREPANEL_COUNCIL_NAME:
        return settings.CAREPANEL_COUNCIL_NAME
    from carepanel.web.scorecard_pages.models import ScorecardSnapshot

    names = list(ScorecardSnapshot.objects.exclude(la_name="").order_by("la_name")
                 .values_list("la_name", flat=True).distinct()[:2])
    codes = list(ScorecardSnapshot.objects.order_by("la_code")
                 .values_list("la_code", flat=True).distinct()[:2])
    return names[0] if len(names) == 1 and len(codes) == 1 else GENERIC_NAME
