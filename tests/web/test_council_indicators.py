"""The web app's own indicators: CAREPANEL_INDICATORS_DIR, read when the server or the
worker starts (the scorecard pages app's ``ready``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test.utils import override_settings

from carepanel.indicators.catalogue import builtin, catalogue, use_council_folder
from carepanel.web.scorecard_pages.apps import _use_council_indicators

from own_indicators import GIRLS, own


@pytest.fixture(autouse=True)
def builtin_only_after():
    yield
    use_council_folder(None)


def test_the_setting_adds_the_councils_indicators(tmp_path: Path) -> None:
    folder = own(tmp_path, {"girls_at_end_pct.sql": GIRLS})
    with override_settings(CAREPANEL_INDICATORS_DIR=str(folder)):
        _use_council_indicators()
    assert set(catalogue()) == set(builtin()) | {"girls_at_end_pct"}
    assert catalogue()["girls_at_end_pct"].own


def test_a_bad_file_stops_the_start_with_one_line_naming_it(tmp_path: Path) -> None:
    folder = own(tmp_path, {"girls_at_end_pct.sql": GIRLS.replace("unit: percent",
                                                                   "unit: share")})
    with override_settings(CAREPANEL_INDICATORS_DIR=str(folder)), \
            pytest.raises(ImproperlyConfigured) as e:
        _use_council_indicators()
    assert str(e.value).startswith(
        f"CAREPANEL_INDICATORS_DIR: {folder / 'girls_at_end_pct.sql'}: unit 'share' is not")
    assert catalogue() == builtin()
