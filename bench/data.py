"""The synthetic returns the benchmarks run on, made with ``carepanel synth`` and counted.

``carepanel synth --children N`` sets the children looked after at each 31 March. A return
also lists every child looked after at any time in its year, so its Header holds about 1.9
times N rows: ``--children 8650`` gives a 2024/25 Header of 16,485 children (seed 1, council
883), the size of return issue 10 measures. Every scenario records the rows it ran on.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

# Children looked after at 31 March whose 2024/25 return has a Header of 16,485 children.
CHILDREN_FOR_16485_HEADER = 8650
# About the number of children looked after in England at 31 March (DfE, 2024: 83,630).
NATIONAL_CHILDREN = 85_000
# An average council: NATIONAL_CHILDREN spread over England's 153 councils.
AVERAGE_COUNCIL_CHILDREN = 556


def synth_command(carepanel: list[str], out: Path, *, children: int, years: int,
                  councils: int = 1, la_code: str = "883", errors: float = 0.0,
                  seed: int = 1) -> list[str]:
    """The ``carepanel synth`` command for one data set (seeded: same bytes every run)."""
    command = [*carepanel, "synth", str(out), "--children", str(children), "--years",
               str(years), "--councils", str(councils), "--la-code", la_code,
               "--seed", str(seed)]
    if errors:
        command += ["--errors", str(errors)]
    return command


def return_folders(out: Path) -> list[Path]:
    """Every return folder under a synth output (``<council>/ssda903_<year>``), sorted."""
    return sorted(p for p in out.glob("*/ssda903_*") if p.is_dir())


def data_rows(path: Path) -> int:
    """Rows of a CSV file after its header line (the files synth writes have no quoted
    line breaks, so lines are rows)."""
    with path.open("rb") as f:
        return max(sum(1 for _ in f) - 1, 0)


def describe_return(folder: Path) -> dict[str, int]:
    """Rows in each table of one return folder, named as the files are."""
    return {p.stem: data_rows(p) for p in sorted(folder.glob("*.csv"))}


def describe_set(out: Path) -> dict[str, object]:
    """The size of a whole synth output: returns, councils, Header and Episodes rows, MB."""
    folders = return_folders(out)
    header = sum(data_rows(f / "header.csv") for f in folders if (f / "header.csv").exists())
    episodes = sum(data_rows(f / "episodes.csv") for f in folders
                   if (f / "episodes.csv").exists())
    size = sum(p.stat().st_size for f in folders for p in f.glob("*.csv"))
    return {"returns": len(folders), "councils": len({f.parent.name for f in folders}),
            "header_rows": header, "episodes_rows": episodes,
            "return_csv_mb": round(size / 2**20, 1)}


def injected_errors(out: Path) -> int | None:
    """How many errors synth injected (its manifest says), or None without a manifest."""
    manifest = out / "errors_manifest.json"
    if not manifest.exists():
        return None
    return int(json.loads(manifest.read_text(encoding="utf-8"))["count"])


def scale_episodes(source: Path, target: Path, rows: int) -> dict[str, int]:
    """Write a return of Header and Episodes only, with ``rows`` episode rows.

    The synthetic return in ``source`` is copied over and over, each copy's children given
    new ids (copy k adds k x 100,000,000 to the 8-digit id, so ids stay at most 10 digits
    and never collide). The last copy stops at a child boundary at or before ``rows``, so
    no child's history is cut in half, and the Header holds exactly the children with
    episodes plus every Header-only child of the full copies.
    """
    header_in, episodes_in = _read(source / "header.csv"), _read(source / "episodes.csv")
    by_child: dict[str, list[list[str]]] = {}
    for row in episodes_in[1:]:
        by_child.setdefault(row[0], []).append(row)
    target.mkdir(parents=True, exist_ok=True)
    written_episodes = written_header = 0
    with (target / "episodes.csv").open("w", newline="", encoding="utf-8") as ep_file, \
            (target / "header.csv").open("w", newline="", encoding="utf-8") as hd_file:
        episodes, header = csv.writer(ep_file, lineterminator="\n"), \
            csv.writer(hd_file, lineterminator="\n")
        episodes.writerow(episodes_in[0])
        header.writerow(header_in[0])
        copy = 0
        while written_episodes < rows:
            offset, full = copy * 100_000_000, True
            kept: set[str] = set()
            for child, child_rows in by_child.items():
                if written_episodes + len(child_rows) > rows:
                    full = False
                    break
                new_id = str(int(child) + offset)
                episodes.writerows([new_id, *r[1:]] for r in child_rows)
                written_episodes += len(child_rows)
                kept.add(child)
            for row in header_in[1:]:
                if full or row[0] in kept:
                    header.writerow([str(int(row[0]) + offset), *row[1:]])
                    written_header += 1
            copy += 1
            if not full:
                break
    return {"episodes_rows": written_episodes, "header_rows": written_header,
            "copies": copy}


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))
