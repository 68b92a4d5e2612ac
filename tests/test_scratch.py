"""The private folder for temporary files with child rows: only ours, and never left behind.

Each test runs real processes with their own TMPDIR, since a process makes its folder
once: a run that exits removes it, a run that is killed leaves it to the next run, which
removes it (and leaves a running process's folder alone).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from faults_support import carepanel, environment, files_under, one_line

# A process that makes its private folder, writes a file with "child rows" in it (in its
# own folder and in a run folder), says where, then waits to be told to go or killed.
WRITER = """
import sys
from pathlib import Path
from carepanel import scratch
mine = scratch.folder()
(mine / "raw_episodes.csv").write_text("CHILD,DECOM\\n10793464,01/04/2024\\n")
with scratch.run_folder() as run:
    (run / "raw_header.csv").write_text("CHILD\\n10793464\\n")
    print(mine, run, flush=True)
    sys.stdin.readline()
"""


def _writer(env: dict[str, str]) -> tuple[subprocess.Popen, Path, Path]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    mine, run = proc.stdout.readline().split()
    return proc, Path(mine), Path(run)


@pytest.fixture(scope="module")
def tiny_return(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("tiny")
    done = carepanel("synth", tmp / "r", "--children", "20", "--years", "1",
                     env=environment(tmp))
    assert done.returncode == 0, done.stderr
    return tmp / "r" / "999" / "ssda903_2025"


def _base(env: dict[str, str]) -> Path:
    return Path(env["TMPDIR"]) / f"carepanel-{os.getuid()}"


def test_the_folder_is_private_and_goes_when_the_process_ends(tmp_path: Path) -> None:
    env = environment(tmp_path)
    proc, mine, run = _writer(env)
    assert mine.parent == _base(env)
    for folder in (_base(env), mine, run):
        info = os.lstat(folder)
        assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    assert run.parent == mine
    proc.communicate("\n")
    assert proc.returncode == 0
    assert files_under(Path(env["TMPDIR"])) == []
    assert list(_base(env).iterdir()) == []


def test_a_killed_process_leaves_its_folder_to_the_next_run_which_removes_it(
        tmp_path: Path) -> None:
    env = environment(tmp_path)
    killed, killed_folder, _ = _writer(env)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    running, running_folder, _ = _writer(env)
    try:
        assert running_folder.is_dir()  # its own folder, made after the leftovers went
        assert not killed_folder.exists()  # the killed run's child rows are gone
        # a third run leaves the running process's folder alone
        third, _, _ = _writer(env)
        third.communicate("\n")
        assert (running_folder / "raw_episodes.csv").exists()
    finally:
        running.communicate("\n")
    assert files_under(Path(env["TMPDIR"])) == []


def test_a_folder_someone_else_made_is_refused(tiny_return: Path, tmp_path: Path) -> None:
    """In a shared /tmp another user could make carepanel-<uid> first and read what we
    put in it: the run refuses, saying what to do, rather than use it."""
    if os.geteuid() != 0:
        pytest.skip("making a folder owned by another user needs root")
    env = environment(tmp_path)
    base = _base(env)
    base.mkdir(mode=0o777)
    os.chown(base, 65534, 65534)
    done = carepanel("validate", tiny_return, env=env)
    assert one_line(done) == (
        f"carepanel: the temporary folder {base} belongs to another user, who could read the "
        "files carepanel writes there: remove it, or set TMPDIR to a folder of your own")


def test_a_link_in_place_of_the_folder_is_refused(tiny_return: Path, tmp_path: Path) -> None:
    env = environment(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, _base(env))
    assert one_line(carepanel("validate", tiny_return, env=env)) == (
        f"carepanel: the temporary folder {_base(env)} is not a folder (a link or a file is in "
        "its place): remove it, or set TMPDIR")
    assert list(elsewhere.iterdir()) == []


def test_a_file_in_place_of_the_folder_is_refused(tiny_return: Path, tmp_path: Path) -> None:
    env = environment(tmp_path)
    _base(env).write_text("not a folder")
    assert one_line(carepanel("validate", tiny_return, env=env)) == (
        f"carepanel: the temporary folder {_base(env)} is not a folder (a link or a file is in "
        "its place): remove it, or set TMPDIR")


def test_a_group_readable_folder_of_ours_is_made_private(tmp_path: Path) -> None:
    env = environment(tmp_path)
    _base(env).mkdir(mode=0o755)
    os.chmod(_base(env), 0o755)
    proc, _, _ = _writer(env)
    proc.communicate("\n")
    assert stat.S_IMODE(os.lstat(_base(env)).st_mode) == 0o700


def test_duckdb_spills_into_the_private_folder(tmp_path: Path) -> None:
    """A table bigger than DuckDB's memory limit goes to disk: into our folder, not to .tmp
    in the working folder or beside the warehouse, where a killed run would leave it."""
    script = """
from carepanel.warehouse import Warehouse
from carepanel import scratch
with Warehouse.memory() as wh:
    con = wh.con
    print(con.execute("SELECT current_setting('temp_directory')").fetchone()[0])
    con.execute("SET memory_limit = '64MB'")
    con.execute("CREATE TABLE big AS SELECT range AS i, md5(range::VARCHAR) AS s "
                "FROM range(2000000)")
    print(any(p.suffix == ".tmp" for p in (scratch.folder() / "duckdb").iterdir()))
"""
    env = environment(tmp_path)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    setting, spilled = done.stdout.split()
    assert Path(setting).parent.parent == _base(env)
    assert Path(setting).name == "duckdb"
    assert spilled == "True"
    assert not (tmp_path / ".tmp").exists()
    assert files_under(Path(env["TMPDIR"])) == []


def test_every_warehouse_connection_of_a_process_uses_the_same_folder(tmp_path: Path) -> None:
    """DuckDB refuses a second connection to a file with other settings than the first's:
    the folder is the process's, not the block's."""
    from carepanel.warehouse import Warehouse

    path = tmp_path / "w.duckdb"
    with Warehouse.open(path), Warehouse.open(path) as second:
        setting = second.con.execute("SELECT current_setting('temp_directory')").fetchone()[0]
    with Warehouse.memory() as memory:
            assert memory.con.execute(
            "SELECT current_setting('temp_directory')").fetchone()[0] == setting
