"""In CI, the tools that some tests skip without must really be there.

PDF text checks skip where poppler's ``pdftotext`` is absent (a stranger's machine); CI sets
``CAREPANEL_REQUIRE_SHARED=1`` and installs it, so there a missing tool is a failure rather
than a quiet skip.
"""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.mark.parametrize("tool", ["pdftotext"])
def test_ci_has_the_tools_tests_skip_without(tool: str) -> None:
    if os.environ.get("CAREPANEL_REQUIRE_SHARED") != "1":
        return  # outside CI the dependent tests say why they skip
    assert shutil.which(tool), f"CI must install {tool} (.ci/run installs poppler-utils)"
