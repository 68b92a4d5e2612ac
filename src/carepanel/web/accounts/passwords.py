"""A password rule Django's own validators miss: a password built around the username.

Django's ``UserAttributeSimilarityValidator`` compares the whole password with the whole
username, so with a 12-character minimum a short username never counts as similar:
"jones" and "jones.jones.1" pass it. A guesser tries the username first, with digits and
punctuation around it, so a password that contains the username (or a part of it of four
letters or more, or either backwards) is refused.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

MIN_PART = 4


def _parts(username: str) -> set[str]:
    name = username.lower()
    parts = {p for p in re.split(r"[^a-z0-9]+", name) if len(p) >= MIN_PART}
    if len(name) >= 3:
        parts.add(name)
    return parts


class ContainsUsernameValidator:
    """Refuse a password containing the username or a long part of it."""

    def validate(self, password: str, user: Any = None) -> None:
        username = user.get_username() if user is not None else ""
        if not username:
            return
        text = password.lower()
        if any(p in text or p[::-1] in text for p in _parts(username)):
            raise ValidationError("The password is too similar to the username.",
                                  code="password_too_similar")

    def get_help_text(self) -> str:
        return "Your password cannot contain your username."
