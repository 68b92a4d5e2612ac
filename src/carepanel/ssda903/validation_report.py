"""INTERIM (replaced by the report branch): findings as text or JSON."""

from __future__ import annotations

import json
from typing import IO, Any


def write_text(run: Any, out: IO) -> None:
    for f in run.findings():
        out.write(f"{f.severity}: {f}\n".encode("unicode_escape").decode("ascii")
                  .replace("\\n", "\n"))
    out.write(f"{run.errors} error(s), {run.warnings} warning(s)\n")


def write_json(run: Any, out: IO) -> None:
    json.dump({"findings": [f.as_dict() for f in run.findings()]}, out)


def write_xlsx(run: Any, out: IO) -> None:
    raise NotImplementedError


def write_stored(wh: Any, out: IO, fmt: str, *, la_code: str | None, year: int | None) -> None:
    raise NotImplementedError
