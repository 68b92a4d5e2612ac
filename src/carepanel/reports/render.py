"""One paper, any format: the single place that maps a format name to its renderer."""

from __future__ import annotations

from pathlib import Path

from carepanel.reports.model import Report

FORMATS = ("pdf", "docx", "xlsx", "html")


def render(report: Report, fmt: str) -> bytes:
    """The paper as the bytes of a PDF, Word, Excel or HTML file."""
    if fmt == "pdf":
        from carepanel.reports import pdf

        return pdf.render(report)
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


def write(report: Report, fmt: str, path: Path | str) -> Path:
    """Write the paper; the file appears whole or not at all (written beside, then moved)."""
    target = Path(path)
    data = render(report, fmt)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)
    return target
