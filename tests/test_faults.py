"""Faults in words, and the backstop: no user sees a traceback or a child's identifier.

The errors are real ones (a write to /dev/full, DuckDB refusing a lock another process
holds, a failed commit followed by a failed rollback). The backstop is tested in a real
``carepanel`` process in which one step fails unexpectedly with an error whose text holds a
child's identifier, as a KeyError or a DuckDB conversion error would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from carepanel.cli import _command_name
from carepanel.faults import (
    Fault,
    WarehouseBusy,
    disk_full,
    explain,
    lock_holder,
    shown,
)
from faults_support import can_be_immutable, environment

CHILD = "10793464"


def test_shown_escapes_what_would_act_on_a_terminal() -> None:
    assert shown("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"
    assert shown("file\u202eslx.csv") == "file\\u202eslx.csv"  # right-to-left override
    assert shown("bad\udcffname") == "bad\\udcffname"  # a byte that was not UTF-8
    assert shown("Résumé 2024/25.csv") == "Résumé 2024/25.csv"


def test_a_full_device_is_told_in_words() -> None:
    with pytest.raises(OSError) as caught, open("/dev/full", "w") as fh:
        fh.write("x")
        fh.flush()
    assert explain(caught.value) == "no space left on device: free some space and try again"


def test_a_folder_where_a_file_was_wanted_is_told_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        open(tmp_path, "w")  # noqa: SIM115
    assert explain(caught.value) == f"{tmp_path}: it is a folder"


def test_a_file_the_system_will_not_let_us_write_is_told_with_its_name(tmp_path: Path) -> None:
    why = can_be_immutable(tmp_path)
    if why:
        pytest.skip(why)
    path = tmp_path / "out.csv"
    path.write_text("x")
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        with pytest.raises(PermissionError) as caught:
            open(path, "w")  # noqa: SIM115
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert explain(caught.value) == (f"{path}: the system does not allow it (an immutable "
                                     "file, or a security policy)")


def test_a_failed_commit_hidden_by_a_failed_rollback_is_still_a_full_disk(
        tmp_path: Path) -> None:
    """DuckDB's commit fails, then the rollback fails too ("no transaction is active"):
    the cause is found down the chain."""
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    (tmp_path / "w.duckdb.wal").symlink_to("/dev/full")
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN")
        con.execute("CREATE TABLE t AS SELECT range AS i FROM range(1000)")
        try:
            con.execute("COMMIT")
        except duckdb.Error:
            con.execute("ROLLBACK")
    except duckdb.Error as e:
        error = e
    finally:
        con.close()
    assert "no transaction is active" in str(error)
    assert disk_full(error) is not None
    assert explain(error) == (f"no space left on device while writing {tmp_path}/w.duckdb.wal: "
                              "free some space and try again")


def test_duckdbs_lock_error_names_the_process(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('holding', flush=True); sys.stdin.readline()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        with pytest.raises(duckdb.IOException) as caught:
            duckdb.connect(str(path), read_only=True)
    finally:
        holder.stdin.close()
        holder.wait()
    assert lock_holder(caught.value)[0] == holder.pid
    assert explain(caught.value) == (
        f"{path} is in use by another process (PID {holder.pid}, "
        f"{Path(sys.executable).resolve().name}): try again when it has finished")


def test_an_error_that_may_quote_data_is_not_explained() -> None:
    """A conversion error quotes the value: the backstop must not show it."""
    with pytest.raises(duckdb.Error) as caught:
        duckdb.sql(f"SELECT '{CHILD}x'::INTEGER").fetchall()
    assert CHILD in str(caught.value)
    assert explain(caught.value) is None
    assert explain(KeyError(CHILD)) is None


def test_faults_are_their_own_explanation(tmp_path: Path) -> None:
    busy = WarehouseBusy(tmp_path / "w.duckdb", "another carepanel process (PID 7)", 60)
    assert isinstance(busy, Fault)
    assert explain(busy) == str(busy) == (
        f"the warehouse {tmp_path}/w.duckdb is in use by another carepanel process (PID 7): "
        "gave up after waiting 60 s (set CAREPANEL_LOCK_WAIT to wait longer)")


def test_the_command_is_named_as_typed() -> None:
    assert _command_name(["report", "scorecard", "--period-end", "2025-03-31"]) == (
        "report scorecard")
    assert _command_name(["load", "report"]) == "load"
    assert _command_name(["--help"]) == "carepanel"


# --- the backstop, in a real process --------------------------------------------------------

# `carepanel summary` in which reading the warehouse fails as a bug would, with a child's
# identifier in the error's text.
BROKEN_SUMMARY = f"""
import sys
from carepanel import cli, warehouse

def broken(self):
    raise KeyError("{CHILD}")

warehouse.Warehouse.summary = broken
sys.argv = ["carepanel", "summary", "-w", sys.argv[1]]
cli.main()
"""


@pytest.fixture
def small_warehouse(tmp_path: Path) -> Path:
    from carepanel.warehouse import Warehouse

    path = tmp_path / "w.duckdb"
    with Warehouse.open(path):
        pass
    return path


def test_an_unexpected_error_is_one_line_without_its_text(small_warehouse: Path,
                                                          tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", BROKEN_SUMMARY, str(small_warehouse)],
                          env=environment(tmp_path), capture_output=True, text=True)
    assert done.returncode == 2
    assert CHILD not in done.stderr + done.stdout
    assert re.fullmatch(r"carepanel: unexpected error in summary \(in carepanel/cli\.py, "
                        r"line \d+\); run with CAREPANEL_DEBUG=1 for the details\n",
                        done.stderr), done.stderr


def test_debug_shows_the_traceback(small_warehouse: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", BROKEN_SUMMARY, str(small_warehouse)],
                          env=environment(tmp_path, CAREPANEL_DEBUG="1"), capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert "KeyError" in done.stderr and CHILD in done.stderr


def test_a_full_standard_output_is_one_line(small_warehouse: Path, tmp_path: Path) -> None:
    """`carepanel summary > file` on a full disk: told, not "Exception ignored"."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "carepanel", "summary", "--format", "json",
                               "-w", str(small_warehouse)], env=environment(tmp_path),
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2
    assert done.stderr in ("carepanel: no space left on device: free some space and try "
                           "again\n",
                           "carepanel: no space left on device while writing the output: "
                           "free some space and try again\n")


def test_the_console_script_goes_through_the_backstop() -> None:
    """pyproject's [project.scripts] names launch.main(), which starts an early printer
    (or not) and then runs cli.main(), the backstop, never the Typer app itself."""
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert 'carepanel = "carepanel.launch:main"' in text
    import inspect

    from carepanel import launch

    assert "from carepanel.cli import main as command" in inspect.getsource(launch.main)
