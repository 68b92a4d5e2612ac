"""The architecture's import rules (pyproject.toml, [tool.importlinter]) hold.

They are what keeps child-level data where it belongs: only the web app uses Django; web
pages never open the warehouse (only its worker does); each layer (papers, scorecard,
indicators, cohorts, the return) reads only those below it. ``make lint`` runs the same
check; this test makes a plain ``pytest`` run catch a broken rule too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout, run.stdout
