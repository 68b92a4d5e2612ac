"""The 1,000,000-row Episodes return is built by copying a small return with new child ids."""

from __future__ import annotations

import csv
from pathlib import Path

from bench_harness import load

data = load("data")


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def small_return(folder: Path) -> Path:
    """Three children: two with episodes (2 and 1), one in the Header only."""
    folder.mkdir(parents=True)
    write(folder / "header.csv", [["CHILD", "SEX"], ["10000001", "F"], ["10000002", "M"],
                                  ["10000003", "F"]])
    write(folder / "episodes.csv", [["CHILD", "DECOM"], ["10000001", "01/04/2024"],
                                    ["10000001", "01/06/2024"], ["10000002", "05/05/2024"]])
    return folder


def test_copies_stop_at_a_child_boundary_with_a_matching_header(tmp_path: Path) -> None:
    source = small_return(tmp_path / "source")
    made = data.scale_episodes(source, tmp_path / "big", rows=8)
    episodes, header = read(tmp_path / "big" / "episodes.csv"), read(tmp_path / "big" /
                                                                      "header.csv")
    # Copies 0 and 1 give 3 rows each; copy 2 fits child 1 (2 rows) but not child 2.
    assert made == {"episodes_rows": 8, "header_rows": 7, "copies": 3}
    assert episodes[0] == ["CHILD", "DECOM"] and len(episodes) == 9
    assert [r[0] for r in episodes[1:]] == [
        "10000001", "10000001", "10000002", "110000001", "110000001", "110000002",
        "210000001", "210000001"]
    assert [r[0] for r in header[1:]] == [
        "10000001", "10000002", "10000003", "110000001", "110000002", "110000003",
        "210000001"]
    # Every episode's child has a Header row, and each copy keeps the original values.
    assert {r[0] for r in episodes[1:]} <= {r[0] for r in header[1:]}
    assert episodes[4][1:] == ["01/04/2024"] and header[4][1:] == ["F"]


def test_a_whole_number_of_copies_keeps_every_child(tmp_path: Path) -> None:
    source = small_return(tmp_path / "source")
    made = data.scale_episodes(source, tmp_path / "big", rows=6)
    assert made == {"episodes_rows": 6, "header_rows": 6, "copies": 2}


def test_the_size_of_a_set_is_counted_from_its_files(tmp_path: Path) -> None:
    small_return(tmp_path / "set" / "883" / "ssda903_2025")
    small_return(tmp_path / "set" / "883" / "ssda903_2024")
    (tmp_path / "set" / "883" / "local_2025").mkdir()
    described = data.describe_set(tmp_path / "set")
    assert {k: described[k] for k in ("returns", "councils", "header_rows",
                                       "episodes_rows")} == {
        "returns": 2, "councils": 1, "header_rows": 6, "episodes_rows": 6}
