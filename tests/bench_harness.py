"""Loads a module of bench/ (the benchmark harness, not part of the carepanel package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load(name: str) -> ModuleType:
    """bench/NAME.py as module ``carepanel_bench_NAME``: no bench folder on sys.path, so
    its short module names (data, peer) cannot shadow anything else the suite imports."""
    qualified = f"carepanel_bench_{name}"
    if qualified not in sys.modules:
        spec = importlib.util.spec_from_file_location(qualified, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = module
        spec.loader.exec_module(module)
    return sys.modules[qualified]
