"""Child identifiers in free text: publishing the warehouse's as digests, and the check.

Every free-text field that members or the papers show (commentary, progress updates,
"You said, we did", actions and priorities, a manual value's source) is checked when it is
saved (``forms.GovukForm`` and ``GovukModelForm`` call ``check_text`` for each field named
in the form's ``free_text_fields``; the strategy import checks its rows the same way).
A match is refused, naming the field, the line and the word, and saying what it is:

* a CHILD or UPN the warehouse holds (any case; a word containing a digit, and the parts
  of one joined by - / _ or .);
* a date of birth the warehouse holds, written as a date (31/03/2012, 2012-03-31,
  31 March 2012, March 31 2012, ...) within ``NEAR`` characters of a name (a capitalised
  word that does not start a sentence and is not a month, a day or a word of the service's
  own, such as Panel; one starting a sentence counts only right beside the date) or of a
  word about birth or age (DOB, born, birthday, aged). A date
  alone is not refused: with a thousand children most days of recent years are somebody's
  birthday, and "since 1 April 2025" must still be writable;
* anything shaped like a UPN (a letter and 12 characters, the last a digit or a letter), or
  like an NHS number (10 digits, spaced 3-3-4 or not, whose last digit is the NHS number's
  modulus 11 check digit): these need not be in the warehouse (it holds no NHS numbers).

The worker publishes the digests (``publish``) after every load and full recalculation, and
when it starts if none are published under the secret key in use (``worker.refresh_identifiers``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from carepanel.dates import MONTHS, dates_in_text, written_date

KEY_SALT = "carepanel.web.privacy.identifiers"
KEY_CHECK_TEXT = "carepanel identifiers key check"
NEAR = 40  # characters between a date of birth and a name that make it a child's

# --- digests ----------------------------------------------------------------------------------


def digest(kind: str, value: str) -> str:
    """The keyed digest of one identifier (``kind`` child, upn or dob; value normalised)."""
    return salted_hmac(KEY_SALT, f"{kind}:{value}", algorithm="sha256").hexdigest()


def key_check() -> str:
    return digest("check", KEY_CHECK_TEXT)


def normalise(kind: str, value: str | None) -> str | None:
    """CHILD and UPN in capitals without surrounding spaces; a date of birth as ISO."""
    text = (value or "").strip()
    if not text:
        return None
    if kind == "dob":
        found = written_date(text, timezone.localdate())
        return found.isoformat() if found else None
    return text.upper()


# The tables and columns that hold a child's identifier or a date of birth, as received
# (raw_*: a value with an error still names a child).
IDENTIFIER_COLUMNS = {"CHILD": "child", "UPN": "upn", "DOB": "dob", "MC_DOB": "dob"}


def warehouse_identifiers(con: Any) -> Iterator[tuple[str, str]]:
    """(kind, value) of every identifier the warehouse holds, as received, in batches."""
    from carepanel.ssda903 import schema

    have = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables").fetchall()}
    parts = []
    for table in schema.TABLES.values():
        name = f"raw_{table.sql_name}"
        if name not in have:
            continue
        for column, kind in IDENTIFIER_COLUMNS.items():
            if column in table.columns:
                parts.append(f"SELECT DISTINCT '{kind}' AS kind, \"{column}\" AS value "
                             f"FROM {name} WHERE \"{column}\" IS NOT NULL")
    if not parts:
        return
    cursor = con.execute(" UNION ".join(parts))
    while batch := cursor.fetchmany(10_000):
        yield from batch


@transaction.atomic
def publish(pairs: Iterable[tuple[str, str]]) -> int:
    """Make the published digests exactly those of ``pairs``; returns how many there are."""
    from carepanel.web.privacy.models import IdentifierSet, KnownIdentifier

    wanted = set()
    for kind, value in pairs:
        normal = normalise(kind, value)
        if normal is not None:
            wanted.add(digest(kind, normal))
    have = set(KnownIdentifier.objects.values_list("digest", flat=True))
    gone = list(have - wanted)
    for start in range(0, len(gone), 1000):
        KnownIdentifier.objects.filter(digest__in=gone[start:start + 1000]).delete()
    KnownIdentifier.objects.bulk_create(
        [KnownIdentifier(digest=d) for d in wanted - have], batch_size=2000)
    IdentifierSet(published=timezone.now(), count=len(wanted), key_check=key_check()).save()
    return len(wanted)


def published_with_this_key() -> bool:
    """Whether the digests were published under the secret key in use now."""
    from carepanel.web.privacy.models import IdentifierSet

    row = IdentifierSet.objects.filter(pk=1).first()
    return row is not None and row.key_check == key_check()


# --- the check ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One identifier found in a text: where (line, and the word) and what it is."""

    line: int
    word: str
    what: str

    def message(self, label: str) -> str:
        return (f"{label}, line {self.line}: “{self.word}” {self.what}. Remove it: members of "
                "the Panel and the public papers read this text, and no child may be "
                "identifiable from it")


UPN_SHAPE = re.compile(r"\b[A-Za-z]\d{11}[0-9A-Za-z]\b")
NHS_SHAPE = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
WORD = re.compile(r"[A-Za-z0-9]+(?:[-/_.][A-Za-z0-9]+)*")
BIRTH_WORDS = re.compile(r"\b(d\.?o\.?b\.?|born|birth\w*|b'?day|aged?)\b", re.I)
CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
NOT_NAMES = frozenset(
    [m.title() for m in MONTHS]
    + "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Panel Council Ofsted "
      "Quarter Red Amber Green England Region Board Court Team Service Services Health "
      "School Schools Virtual Head Care Leavers Children Child Young People Officer "
      "Manager Director Plan Pledge Strategy Review Reviews The This That These Those "
      "We Our It In On At By For From Since Until After Before During And But Or As "
      "Of To With Mr Mrs Ms Miss Dr".split())


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's own check: modulus 11 over the first nine digits."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:;\n"


def _near_a_name(text: str, start: int, end: int) -> bool:
    window_start, window_end = max(0, start - NEAR), min(len(text), end + NEAR)
    window = text[window_start:window_end]
    if BIRTH_WORDS.search(window):
        return True
    for m in CAPITALISED.finditer(window):
        word, at, after = m.group(0), window_start + m.start(), window_start + m.end()
        if word in NOT_NAMES:
            continue
        # A capitalised word starting a sentence is a name only right beside the date
        # ("Jamie (14/03/2012)"), else any capitalised word would count.
        if not _sentence_start(text, at) or 0 <= start - after <= 3:
            return True
    return False


def _known(digests: set[str]) -> set[str]:
    from carepanel.web.privacy.models import KnownIdentifier

    if not digests:
        return set()
    return set(KnownIdentifier.objects.filter(digest__in=digests)
               .values_list("digest", flat=True))


def check_text(text: str) -> list[Problem]:
    """Every child identifier, UPN or NHS number in ``text``, in the order they appear."""
    problems: list[tuple[int, Problem]] = []
    seen: set[tuple[int, int]] = set()

    def add(start: int, end: int, what: str) -> None:
        if any(s <= start < e or start <= s < end for s, e in seen):
            return  # one finding per stretch of text
        seen.add((start, end))
        problems.append((start, Problem(_line(text, start), text[start:end], what)))

    for m in UPN_SHAPE.finditer(text):
        add(m.start(), m.end(), "has the shape of a unique pupil number (UPN)")
    for m in NHS_SHAPE.finditer(text):
        if nhs_number_valid("".join(m.groups())):
            add(m.start(), m.end(), "has the shape of an NHS number")
    words: dict[str, list[tuple[int, int, str]]] = {}
    for m in WORD.finditer(text):
        pieces = [(m.start(), m.end(), m.group(0))]
        if any(c in m.group(0) for c in "-/_."):
            pieces += [(m.start() + p.start(), m.start() + p.end(), p.group(0))
                       for p in re.finditer(r"[A-Za-z0-9]+", m.group(0))]
        for start, end, word in pieces:
            if any(c.isdigit() for c in word):
                for kind in ("child", "upn"):
                    words.setdefault(digest(kind, word.upper()), []).append((start, end, kind))
    dates = dates_in_text(text, timezone.localdate())
    date_digests = {digest("dob", d.isoformat()): (s, e) for s, e, d in dates}
    known = _known(set(words) | set(date_digests))
    for d in known & set(date_digests):
        start, end = date_digests[d]
        if _near_a_name(text, start, end):
            add(start, end, "is the date of birth of a child in the returns, beside a name")
    for d in known & set(words):
        for start, end, kind in words[d]:
            add(start, end, "is a child's identifier (CHILD) in the returns" if kind == "child"
                else "is a child's unique pupil number (UPN) in the returns")
    return [p for _, p in sorted(problems, key=lambda item: item[0])]


def check_form(form: Any) -> None:
    """Add an error to each of the form's ``free_text_fields`` that names a child."""
    for name in getattr(form, "free_text_fields", ()):
        value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if not isinstance(value, str) or not value.strip():
            continue
        label = str(form.fields[name].label or name)
        for problem in check_text(value):
            form.add_error(name, problem.message(label))
