"""``--output``: checked before any work, one line when it cannot be written, written whole.

Real ``carepanel`` processes writing into real folders: one that does not exist, a file in
the way, a folder given where a file is wanted, an immutable folder, a read-only mount,
``/dev/full`` and a full tmpfs (where the previous output must survive untouched).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from faults_support import (
    can_be_immutable,
    carepanel,
    environment,
    in_namespace,
    one_line,
    require_mounts,
)

# Every command with --output, as (arguments, --output's name in its messages).
COMMANDS = {
    "indicators": ["indicators", "--period-end", "2025-03-31"],
    "scorecard": ["scorecard", "--period-end", "2025-03-31", "--format", "json"],
    "report scorecard": ["report", "scorecard", "--period-end", "2025-03-31", "-f", "html"],
    "report annual": ["report", "annual", "--year", "2025", "-f", "html"],
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("output")
    env = environment(tmp)
    assert carepanel("synth", tmp / "r", "--children", "40", "--years", "2",
                     env=env).returncode == 0
    path = tmp / "warehouse.duckdb"
    done = carepanel("load", *sorted((tmp / "r" / "999").iterdir()), "-w", path, env=env)
    assert done.returncode == 0, done.stderr
    return path


def _run(command: str, warehouse: Path, output: Path | str, tmp: Path
         ) -> subprocess.CompletedProcess[str]:
    return carepanel(*COMMANDS[command], "-w", warehouse, "--output", output,
                     env=environment(tmp))


@pytest.mark.parametrize("command", ["indicators", "scorecard"])
def test_output_into_a_folder_that_does_not_exist(command: str, warehouse: Path,
                                                  tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "out.json"
    assert one_line(_run(command, warehouse, target, tmp_path)) == (
        f"carepanel: --output {target}: the folder {target.parent} does not exist")


@pytest.mark.parametrize("command", ["report scorecard", "report annual"])
def test_papers_make_the_folders_they_are_written_into(command: str, warehouse: Path,
                                                       tmp_path: Path) -> None:
    """The papers' --output may name a folder to write into, made if missing (as before)."""
    target = tmp_path / "papers" / "quarter 1" / "paper.html"
    done = _run(command, warehouse, target, tmp_path)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_below_a_file(command: str, warehouse: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    target = blocker / "out.html"
    assert one_line(_run(command, warehouse, target, tmp_path)) == (
        f"carepanel: --output {target}: {blocker} is a file, not a folder")
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("command", ["indicators", "scorecard"])
def test_output_that_is_a_folder(command: str, warehouse: Path, tmp_path: Path) -> None:
    assert one_line(_run(command, warehouse, tmp_path, tmp_path)) == (
        f"carepanel: --output {tmp_path}: it is a folder; give a file name")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_into_an_immutable_folder(command: str, warehouse: Path,
                                         tmp_path: Path) -> None:
    why = can_be_immutable(tmp_path)
    if why:
        pytest.skip(why)
    folder = tmp_path / "locked"
    folder.mkdir()
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        line = one_line(_run(command, warehouse, folder / "out.html", tmp_path))
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert line == (f"carepanel: --output {folder / 'out.html'}: nothing can be written in "
                    f"the folder {folder}: the system does not allow it (an immutable file, "
                    "or a security policy)")


def test_output_onto_a_read_only_mount(warehouse: Path, tmp_path: Path) -> None:
    require_mounts()
    folder = tmp_path / "ro"
    folder.mkdir()
    script = f"""
        mount --bind '{folder}' '{folder}'
        mount -o remount,ro,bind '{folder}'
        s=0; '{sys.executable}' -m carepanel indicators --period-end 2025-03-31 \
            -w '{warehouse}' --output '{folder}/out.json' 2> '{tmp_path}/err' || s=$?
        echo $s > '{tmp_path}/status'
    """
    assert in_namespace(script, environment(tmp_path)).returncode == 0
    result = subprocess.CompletedProcess([], int((tmp_path / "status").read_text()), "",
                                         (tmp_path / "err").read_text())
    assert one_line(result) == (f"carepanel: --output {folder}/out.json: nothing can be "
                                f"written in the folder {folder}: the file system is "
                                "read-only")


@pytest.mark.parametrize("command", ["indicators", "scorecard"])
def test_output_onto_a_full_device(command: str, warehouse: Path, tmp_path: Path) -> None:
    """/dev/full takes the file open and refuses every write, as a full disk does."""
    assert one_line(_run(command, warehouse, "/dev/full", tmp_path)) == (
        "carepanel: no space left on device while writing --output /dev/full: nothing was "
        "written; free some space and try again")


def test_a_full_disk_leaves_the_previous_output_whole(warehouse: Path,
                                                      tmp_path: Path) -> None:
    """Written beside and renamed into place: last quarter's file survives, whole."""
    require_mounts()
    folder = tmp_path / "small"
    folder.mkdir()
    script = f"""
        mount -t tmpfs -o size=12k tmpfs '{folder}'
        printf 'last quarter' > '{folder}/out.json'
        s=0; '{sys.executable}' -m carepanel indicators --period-end 2025-03-31 \
            -w '{warehouse}' --output '{folder}/out.json' 2> '{tmp_path}/err' || s=$?
        echo $s > '{tmp_path}/status'
        cat '{folder}/out.json' > '{tmp_path}/kept'
        ls -A '{folder}' > '{tmp_path}/files'
    """
    assert in_namespace(script, environment(tmp_path)).returncode == 0
    result = subprocess.CompletedProcess([], int((tmp_path / "status").read_text()), "",
                                         (tmp_path / "err").read_text())
    assert one_line(result) == (f"carepanel: no space left on device while writing --output "
                                f"{folder}/out.json: nothing was written; free some space "
                                "and try again")
    assert (tmp_path / "kept").read_text() == "last quarter"
    assert (tmp_path / "files").read_text() == "out.json\n"


def test_output_is_written_whole(warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("last quarter")
    done = _run("indicators", warehouse, target, tmp_path)
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "tmpdir") == ["out.json"]
