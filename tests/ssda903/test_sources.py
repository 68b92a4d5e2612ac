"""Finding returns among the paths a user gives: grouped as councils save them, and every
path that cannot be read refused with one line naming it, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from carepanel.ssda903.findings import Unreadable
from carepanel.ssda903.sources import ReturnSource, discover, shown

HEADER = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/06/2015,WBRI,,,\n"


def touch(path: Path, data: bytes = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refusal(paths: list[Path]) -> str:
    with pytest.raises(Unreadable) as e:
        discover(paths)
    message = str(e.value)
    assert "\n" not in message and message.isprintable()
    return message


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of blocking for ever if anything opens a named pipe."""
    def hung(*_: object) -> None:
        raise AssertionError("blocked opening a named pipe")
    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_a_folder_of_csv_files_is_one_return_its_files_sorted(tmp_path: Path) -> None:
    folder = tmp_path / "883" / "ssda903_2025"
    b, a = touch(folder / "episodes.csv"), touch(folder / "header.CSV")
    assert discover([tmp_path]) == [ReturnSource(folder, (b, a))]


def test_a_folder_of_council_folders_of_years_is_searched_below(tmp_path: Path) -> None:
    first = touch(tmp_path / "883" / "2024" / "header.csv")
    second = touch(tmp_path / "883" / "2025" / "header.csv")
    third = touch(tmp_path / "884" / "2025.xlsx", b"PK")
    assert discover([tmp_path]) == [ReturnSource(first.parent, (first,)),
                                    ReturnSource(second.parent, (second,)),
                                    ReturnSource(third, (third,))]


def test_workbooks_alone_are_a_return_each_but_beside_csv_files_join_them(
        tmp_path: Path) -> None:
    years = tmp_path / "years"
    a, b = touch(years / "ssda903_2024.xlsx", b"PK"), touch(years / "ssda903_2025.xlsx", b"PK")
    assert discover([years]) == [ReturnSource(a, (a,)), ReturnSource(b, (b,))]
    # One table saved both ways must reach the table stage together, to be compared.
    mixed = tmp_path / "mixed"
    csv_file, book = touch(mixed / "episodes.csv"), touch(mixed / "episodes.xlsx", b"PK")
    assert discover([mixed]) == [ReturnSource(mixed, (csv_file, book))]


def test_files_named_one_by_one_are_grouped_by_their_folder(tmp_path: Path) -> None:
    a = touch(tmp_path / "r1" / "header.csv")
    b = touch(tmp_path / "r1" / "episodes.csv")
    c = touch(tmp_path / "r2" / "header.csv")
    book = touch(tmp_path / "r3.xlsx", b"PK")
    assert discover([a, c, book, b, a]) == [ReturnSource(book, (book,)),
                                            ReturnSource(a.parent, (b, a)),
                                            ReturnSource(c.parent, (c,))]


def test_hidden_files_lock_files_and_other_files_are_left_alone(tmp_path: Path) -> None:
    real = touch(tmp_path / "header.csv")
    for name in (".DS_Store", "._header.csv", "~$header.xlsx", "README.txt", "notes.docx"):
        touch(tmp_path / name, b"\x00")
    (tmp_path / ".git").mkdir()
    touch(tmp_path / ".git" / "x.csv")
    assert discover([tmp_path]) == [ReturnSource(tmp_path, (real,))]


def test_a_path_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "ssda903_2025"
    assert refusal([missing]) == f"{missing}: no such file or folder"


def test_a_link_to_nothing_is_refused_naming_where_it_points(tmp_path: Path) -> None:
    folder = tmp_path / "ret"
    touch(folder / "header.csv")
    os.symlink("/exports/episodes_final.csv", folder / "episodes.csv")
    assert refusal([folder]) == (f"{folder / 'episodes.csv'}: a link to "
                                 "/exports/episodes_final.csv, which does not exist")
    os.symlink(folder / "gone.csv", tmp_path / "given.csv")
    assert "which does not exist" in refusal([tmp_path / "given.csv"])


def test_a_link_to_itself_is_refused(tmp_path: Path) -> None:
    os.symlink("episodes.csv", tmp_path / "episodes.csv")
    assert refusal([tmp_path]) == (f"{tmp_path / 'episodes.csv'}: a link that leads back to "
                                   "itself")


def test_a_link_back_up_the_tree_is_followed_once(tmp_path: Path) -> None:
    real = touch(tmp_path / "883" / "2025" / "header.csv")
    os.symlink("../..", tmp_path / "883" / "2025" / "top")
    assert discover([tmp_path]) == [ReturnSource(real.parent, (real,))]


def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path, no_hang: None) -> None:
    touch(tmp_path / "header.csv")
    os.mkfifo(tmp_path / "episodes.csv")
    assert refusal([tmp_path]) == (f"{tmp_path / 'episodes.csv'}: a named pipe (FIFO), not a "
                                   "file: save the table as a file")
    assert "a named pipe" in refusal([tmp_path / "episodes.csv"])


def test_a_pipe_not_named_like_a_table_is_left_alone(tmp_path: Path, no_hang: None) -> None:
    real = touch(tmp_path / "header.csv")
    os.mkfifo(tmp_path / "progress")
    assert discover([tmp_path]) == [ReturnSource(tmp_path, (real,))]


def test_a_device_is_refused(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "episodes.csv")
    assert refusal([tmp_path]) == f"{tmp_path / 'episodes.csv'}: a device, not a file"


def test_a_folder_named_like_a_table_is_refused(tmp_path: Path) -> None:
    touch(tmp_path / "header.csv")
    touch(tmp_path / "episodes.csv" / "episodes.csv")
    assert refusal([tmp_path]) == (f"{tmp_path / 'episodes.csv'}: a folder named like a .csv "
                                   "file: a return's tables must be files")


def test_other_kinds_of_file_are_refused_with_what_to_do(tmp_path: Path) -> None:
    given = touch(tmp_path / "a" / "episodes.txt")
    assert refusal([given]) == f"{given}: not a CSV file or an XLSX workbook"
    old = touch(tmp_path / "b" / "ad1.xls", b"\xd0\xcf\x11\xe0")
    touch(tmp_path / "b" / "header.csv")
    assert refusal([tmp_path / "b"]) == (f"{old}: an Excel 97-2003 workbook (.xls): save it as "
                                         "Excel Workbook (.xlsx) or CSV")
    lock = touch(tmp_path / "c" / "~$ssda903.xlsx", b"x")
    assert "an Excel lock file" in refusal([lock])


def test_nothing_found_is_refused(tmp_path: Path) -> None:
    touch(tmp_path / "README.txt", b"hello")
    assert refusal([tmp_path]) == f"{tmp_path}: no CSV files or XLSX workbooks found"
    assert refusal([]) == "(no path given): no CSV files or XLSX workbooks found"


def test_file_names_that_are_not_utf8_are_found_and_shown_escaped(tmp_path: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"ssda903_2025_\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"episodes\xff.csv"), "wb") as fh:
        fh.write(HEADER)
    [found] = discover([tmp_path])
    [file] = found.files
    assert file.read_bytes() == HEADER  # the name still opens the file
    assert shown(file) == f"{tmp_path}/ssda903_2025_\\xe9/episodes\\xff.csv"
    assert shown(file).encode("utf-8")  # storable: no surrogates left


def test_shown_escapes_control_and_invisible_characters_not_letters() -> None:
    assert shown("Zoë/Ærø/ссда.csv") == "Zoë/Ærø/ссда.csv"
    assert shown("\x1b[2J\x1b[31mred\n.csv") == "\\x1b[2J\\x1b[31mred\\n.csv"
    assert shown("a\u200bb\u202ec\u00a0d") == "a\\u200bb\\u202ec\\xa0d"
    assert shown(Path("x\tz")) == "x\\tz"


# --- without permission -----------------------------------------------------------------
# Root reads whatever the permissions say, so under root the check runs in a child process
# that has given up root for the "nobody" user, on a folder that user may enter.


def discover_as_another_user(paths: list[Path]) -> dict[str, str]:
    """What ``discover`` says in a child process that is not root (it gives root up)."""
    script = (
        "import json, os, sys\n"
        "from pathlib import Path\n"
        "from carepanel.ssda903.findings import Unreadable\n"
        "from carepanel.ssda903.sources import discover\n"
        "if os.geteuid() == 0:\n"
        "    os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
        "try:\n"
        "    found = discover([Path(p) for p in sys.argv[1:]])\n"
        "    print(json.dumps({'found': [str(s.name) for s in found]}))\n"
        "except Unreadable as e:\n"
        "    print(json.dumps({'refused': str(e)}))\n")
    result = subprocess.run([sys.executable, "-c", script, *map(str, paths)],
                            capture_output=True, text=True, check=False, cwd="/")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user may enter (pytest's tmp_path is private to this user)."""
    folder = Path(tempfile.mkdtemp(prefix="carepanel-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_file_without_read_permission_is_refused(shared_tmp: Path) -> None:
    folder = shared_tmp / "ssda903_2025"
    touch(folder / "header.csv").chmod(0o644)
    touch(folder / "episodes.csv").chmod(0)
    folder.chmod(0o755)
    assert discover_as_another_user([folder]) == {
        "refused": f"{folder / 'episodes.csv'}: no permission to read this file"}


def test_a_folder_without_permission_is_refused(shared_tmp: Path) -> None:
    folder = shared_tmp / "883" / "ssda903_2025"
    touch(folder / "header.csv")
    (shared_tmp / "883").chmod(0o755)
    folder.chmod(0)
    assert discover_as_another_user([shared_tmp]) == {
        "refused": f"{folder}: no permission to read this folder"}
    assert discover_as_another_user([folder / "header.csv"]) == {
        "refused": f"{folder / 'header.csv'}: no permission to reach this path"}
