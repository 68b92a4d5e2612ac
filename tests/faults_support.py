"""Helpers for the fault tests: real ``carepanel`` processes, table fingerprints, mounts.

Faults are tested as a user meets them: a real process, a real DuckDB file, a real full
file system (a small tmpfs mounted in a private mount namespace, so nothing outlives the
test), real locks held by another process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

STRICT = "CAREPANEL_REQUIRE_MOUNT"


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    """A process environment with its own TMPDIR and no warehouse of the user's."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CAREPANEL_WAREHOUSE", "CAREPANEL_DEBUG", "CAREPANEL_LOCK_WAIT")}
    temp = tmp / "tmpdir"
    temp.mkdir(exist_ok=True)
    env["TMPDIR"] = str(temp)
    env.update(extra)
    return env


def carepanel(*args: str | Path, env: dict[str, str], timeout: float = 300,
              user: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m carepanel ARGS`` to the end (``user``: as that uid, root only)."""
    return subprocess.run(
        [sys.executable, "-m", "carepanel", *map(str, args)], env=env, capture_output=True,
        text=True, timeout=timeout, user=user)


def start(*args: str | Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "carepanel", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def one_line(result: subprocess.CompletedProcess[str], status: int = 2) -> str:
    """The one line a fault prints, checked: that status, one line, no traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == status, (result.returncode, result.stderr)
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in lines[0], result.stderr
    assert lines[0].startswith("carepanel: "), lines[0]
    return lines[0]


def fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    """Rows and a checksum of every table (the load time aside): the same for two
    warehouses that hold the same things, whatever order the rows were written in."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()
        for (table,) in tables:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND column_name <> 'loaded_at' ORDER BY ordinal_position", [table]).fetchall()]
            cols = ", ".join(f'"{c}"' for c in columns)
            n, checksum = con.execute(
                f'SELECT count(*), coalesce(sum(hash(struct_pack({cols})))::VARCHAR, \'0\') '
                f'FROM "{table}"').fetchone()
            out[table] = (n, checksum)
        return out
    finally:
        con.close()


def copy_warehouse(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def files_under(folder: Path) -> list[Path]:
    """Every file (not folder) under ``folder``: what a run left behind."""
    return sorted(p for p in folder.rglob("*") if not p.is_dir())


# --- private mounts -----------------------------------------------------------------------

def mounts_possible() -> str | None:
    """None when this process may mount a tmpfs in a private mount namespace; else why not."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "unshare and mount are not installed"
    probe = subprocess.run(["unshare", "-m", "sh", "-c",
                            "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"cannot mount a tmpfs here ({probe.stderr.strip() or 'not root?'})"
    return None


def require_mounts() -> None:
    """Skip, saying why, where mounts are impossible; fail instead under
    CAREPANEL_REQUIRE_MOUNT=1 (CI runs as root), so a full disk is really tested there."""
    why = mounts_possible()
    if why is None:
        return
    if os.environ.get(STRICT) == "1":
        pytest.fail(f"{STRICT}=1 but {why}")
    pytest.skip(f"a full disk needs a small tmpfs: {why}")


def in_namespace(script: str, env: dict[str, str], timeout: float = 300
                 ) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a private mount namespace: its mounts vanish with it."""
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-ec", script],
                          env=env, capture_output=True, text=True, timeout=timeout)


def can_be_immutable(path: Path) -> str | None:
    """None if ``chattr +i`` works on ``path``'s file system; else why not."""
    if shutil.which("chattr") is None:
        return "chattr is not installed"
    probe = path / ".immutable-probe"
    probe.write_text("x")
    try:
        done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, text=True)
        if done.returncode != 0:
            return f"chattr +i is refused here ({done.stderr.strip()})"
        subprocess.run(["chattr", "-i", str(probe)], check=True)
        return None
    finally:
        probe.unlink()
