"""Problems found in a return, named so a performance officer can find and fix them.

Every finding says which file, which spreadsheet row (the header is row 1), which column and,
where the DfE has one, which validation rule: the same rule number the council's case
management system and the DfE's own checks show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None
    column: str | None
    message: str
    rule: str | None = None
    severity: str = "error"
    # The child's identifier, for the analyst who fixes the record. Never printed in the
    # aggregate views members see; the CLI shows it only in validation output.
    child: str | None = None
    # The DfE's name of the table the row is in (Header, Episodes, ...), when there is one.
    table: str | None = None
    # "current" for the return checked, "previous" for a row of last year's return that a
    # rule comparing the two years flagged.
    in_return: str = "current"

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        rule = f" [rule {self.rule}]" if self.rule else ""
        return f"{self.where()}: {self.message}{rule}"

    def as_dict(self) -> dict:
        return asdict(self)


class LoadRefused(Exception):
    """A return (or several) could not be loaded; nothing was written."""

    def __init__(self, findings: list[Finding], total: int | None = None):
        self.findings = findings
        # How many findings refused it: a strict load of a return with 100,000 errors
        # carries the first few, not 100,000 objects.
        self.total = len(findings) if total is None else total
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(f) for f in self.findings[:limit]]
        more = self.total - min(limit, len(self.findings))
        if more > 0:
            lines.append(f"... and {more} more")
        return "\n".join(lines)


class Unreadable(Exception):
    """A file or folder that cannot be read safely: its return is refused whole.

    Carries one finding naming the file (and the row and column where there is one), so
    the message says where to look without a traceback.
    """

    def __init__(self, finding: Finding):
        self.finding = finding
        super().__init__(str(finding))
