"""The child identifiers the warehouse holds, as the web app may know them: keyed digests.

Pages never open the warehouse, and child identifiers are kept in clear in the warehouse
only. So the worker, which reads the warehouse, publishes each CHILD, UPN and date of birth
here as an HMAC-SHA256 digest keyed with the service's secret key
(``identifiers.digest``). A page checking what someone typed computes the same digests of
the words and dates in the text and looks them up; it learns whether a word is a known
identifier, and the table itself gives nothing back without the key (an 8-digit CHILD
could be found from a plain hash by trying all 10^8, but not from a keyed one).
"""

from __future__ import annotations

from django.db import models


class KnownIdentifier(models.Model):
    """One identifier (``child:``, ``upn:`` or ``dob:`` and its value) as a keyed digest."""

    digest = models.CharField(max_length=64, primary_key=True)

    class Meta:
        verbose_name = "known child identifier (digest)"

    def __str__(self) -> str:
        return self.digest[:12]


class IdentifierSet(models.Model):
    """One row: when the identifiers were last published, how many, and a digest of a fixed
    text under the key used, so a changed secret key is noticed (the digests then mean
    nothing until the next recalculation publishes them again)."""

    published = models.DateTimeField()
    count = models.PositiveIntegerField()
    key_check = models.CharField(max_length=64)

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1
        super().save(*args, **kwargs)  # type: ignore[arg-type]
