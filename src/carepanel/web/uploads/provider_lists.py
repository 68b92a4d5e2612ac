"""Ofsted's provider lists, kept for the checks of every upload that follows.

The DfE's rules on a placement's URN (1008, 219, 221, 224, 227, 228, 229, 241) read
Ofsted's children's homes list and social care providers list, which are not part of a
return (``carepanel.reference.providers``). An analyst uploads them here once, and again
when Ofsted publishes new ones; each upload of a return is then checked against the lists
kept, as ``carepanel load --provider-lists`` checks it. The lists are Ofsted's public
registers (no child is in them), so they are kept, unlike returns, until replaced: in a
private folder beside the uploads (``CAREPANEL_UPLOAD_DIR/ofsted``), one file per list.

A list is read before it is kept, so a file that is not one of Ofsted's lists is refused
on the spot, with the reason, rather than refusing the next return's load.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

# The two lists, by the form field each is uploaded in, with the name it is kept under.
LISTS = {"homes": ("Children's homes list", "children_homes.xlsx"),
         "providers": ("Social care providers list", "social_care_providers.xlsx")}


@dataclass(frozen=True)
class Kept:
    """A list kept: which one, and when it was uploaded."""

    title: str
    uploaded: dt.datetime


def folder() -> Path:
    return Path(settings.CAREPANEL_UPLOAD_DIR) / "ofsted"


def stored() -> list[Path]:
    """The lists kept, for the next load (none: the URN rules are not run)."""
    return [p for _, name in LISTS.values() if (p := folder() / name).is_file()]


def kept() -> list[Kept]:
    """What the upload page says is kept."""
    out = []
    for title, name in LISTS.values():
        path = folder() / name
        if path.is_file():
            when = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            out.append(Kept(title, timezone.localtime(when)))
    return out


def store(kind: str, chunks: Iterable[bytes]) -> int:
    """Keep an uploaded list as the ``kind`` list ("homes" or "providers"), replacing the
    one kept before; returns how many providers it holds.

    Raises ``providers.ProviderListError`` (and keeps nothing) when the file is not one of
    Ofsted's lists. Written beside the list it replaces and renamed over it, so a load never
    reads half a list.
    """
    from carepanel.reference import providers

    target = folder() / LISTS[kind][1]
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".list-", suffix=".xlsx", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        try:
            count = len(providers.read(Path(tmp)))
        except providers.ProviderListError as e:
            raise providers.ProviderListError(LISTS[kind][0], e.detail) from None
        os.replace(tmp, target)
        return count
    finally:
        Path(tmp).unlink(missing_ok=True)
