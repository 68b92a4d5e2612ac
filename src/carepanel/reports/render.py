"""One paper, any format: the single place that maps a format name to its renderer."""

from __future__ import annotations

from pathlib import Path

from carepanel.reports.model import Report

FORMATS = ("pdf", "docx", "xlsx", "html")


def render(report: Report, fmt: str, *, in_parts: bool = False) -> bytes:
    """The paper as the bytes of a PDF, Word, Excel or HTML file. ``in_parts``: a PDF may
    be printed in two halves on two processors at once (``pdf_parts``): for the one
    paper of a command, whose printer has the machine to itself."""
    if fmt == "pdf":
        from carepanel.reports import pdf

        return pdf.render(report, in_parts=in_parts)
    if fmt == "docx":
        from carepanel.reports import docx

        return docx.render(report)
    if fmt == "xlsx":
        from carepanel.reports import xlsx

        return xlsx.render(report)
    if fmt == "html":
        from carepanel.reports import html

        return html.render(report, "screen").encode("utf-8")
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def write(report: Report, fmt: str, path: Path | str, *, in_parts: bool = False) -> Path:
    """Write the paper; the file appears whole or not at all (written beside, then moved).
    ``in_parts``: see ``render``."""
    target = Path(path)
    data = render(report, fmt, in_parts=in_parts)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)
    return target
