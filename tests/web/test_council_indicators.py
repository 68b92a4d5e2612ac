"""The web app's own indicators: CAREPANEL_INDICATORS_DIR, read when the server or the
worker starts (the scorecard pages app's ``ready``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test.utils import override_settings

from carepanel.indicators.catalogue import builtin, catalogue, use_council_folder
from carepanel.web.scorecard_pages.apps import _use_council_indicators

OWN = """\
-- id: boys_at_end_pct
-- title: Boys among the children looked after at the end of the period
-- unit: percent
-- polarity: context
-- cohort: cla_at_end
-- source: the council's sufficiency strategy
-- definition: Of the children looked after at the end, the percentage recorded as male.
SELECT la_code, count(*) FILTER (WHERE sex = 'M') AS numerator, count(*) AS denominator
FROM cla_at_end GROUP BY la_code
"""


@pytest.fixture(autouse=True)
def builtin_only_after():
    yield
    use_council_folder(None)


def test_the_setting_adds_the_councils_indicators(tmp_path: Path) -> None:
    (tmp_path / "boys_at_end_pct.sql").write_text(OWN, encoding="utf-8")
    with override_settings(CAREPANEL_INDICATORS_DIR=str(tmp_path)):
        _use_council_indicators()
    assert set(catalogue()) == set(builtin()) | {"boys_at_end_pct"}
    assert catalogue()["boys_at_end_pct"].own


def test_a_bad_file_stops_the_start_with_one_line_naming_it(tmp_path: Path) -> None:
    (tmp_path / "boys_at_end_pct.sql").write_text(OWN.replace("unit: percent", "unit: share"),
                                                  encoding="utf-8")
    with override_settings(CAREPANEL_INDICATORS_DIR=str(tmp_path)), \
            pytest.raises(ImproperlyConfigured) as e:
        _use_council_indicators()
    assert str(e.value).startswith(
        f"CAREPANEL_INDICATORS_DIR: {tmp_path / 'boys_at_end_pct.sql'}: unit 'share' is not one of")
    assert catalogue() == builtin()
