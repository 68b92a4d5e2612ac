"""A council's own indicator, as a council would write it, for the tests of
``--indicators-dir`` and ``CAREPANEL_INDICATORS_DIR``."""

from __future__ import annotations

from pathlib import Path

GIRLS = """\
-- id: girls_at_end_pct
-- title: Girls among the children looked after at the end of the period
-- unit: percent
-- polarity: context
-- cohort: cla_at_end
-- source: the council's sufficiency strategy
-- period: any
-- definition: >
--   Of the children looked after at the end of the period, the percentage recorded as
--   female.
SELECT la_code, count(*) FILTER (WHERE sex = 'F') AS numerator, count(*) AS denominator
FROM cla_at_end
GROUP BY la_code
"""


def own(tmp_path: Path, files: dict[str, str]) -> Path:
    """A folder of the council's own indicator files: {file name: text}."""
    folder = tmp_path / "our_indicators"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
