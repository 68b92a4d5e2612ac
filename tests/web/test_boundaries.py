"""The web tier stores aggregates only and never opens the DuckDB warehouse."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "carepanel" / "web"
FORBIDDEN = ("duckdb", "carepanel.warehouse", "carepanel.cohorts", "carepanel.ssda903.load")
# The one module that may open the warehouse: the single background worker (design.md: the
# warehouse has one writer, the CLI or one worker of the web app); pages hand it jobs.
WORKER = "worker.py"


def test_web_code_never_imports_the_warehouse() -> None:
    """Figures reach the web app as computed results; its requests never hold the
    single-writer DuckDB file open, and child-level rows never pass through it."""
    offenders = []
    for path in WEB.rglob("*.py"):
        if path.relative_to(WEB).as_posix() == WORKER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(WEB)}: {n}" for n in names
                          if n == "duckdb" or n.startswith(FORBIDDEN)]
    assert offenders == []
