"""Peak memory of the validator's outputs (text, JSON, XLSX) on a return with many findings.

``validate --format json`` was once killed at 8 GB on a return with 100,000 errors, while
text took 438 MB: the JSON was built as one Python list first. The writers in
``ssda903.validation_report`` stream from DuckDB instead, so their memory should not grow
with the number of findings. This measures it: a staging database holding one return of
N episode rows and N findings is built once in a file (in a process of its own), then
each writer runs in its own process on it, and that process's peak resident memory is
printed. This process imports nothing heavy: Linux carries a process's peak over into the
programs it starts, so a large parent would raise every figure. Run:

    .venv/bin/python bench/validation_report_memory.py --findings 10000 100000 300000

``--naive`` adds, for comparison, the JSON built as one Python list (what the old
``validate`` did). Figures depend on the machine; they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

WRITERS = ("open only", "text", "json", "xlsx")


def build(path: Path, findings: int) -> None:
    """A staging database with one return of ``findings`` episode rows and as many
    findings: one bad date per row, on 1 child in 4 (four episodes a child)."""
    import duckdb

    from carepanel.ssda903 import schema, staging

    con = duckdb.connect(str(path))
    staging.create(con)
    rid = staging.add_return(con, "883/ssda903_2025")
    staging.set_return(con, rid, la_code="883", collection_year=2025,
                       reference_date=dt.date(2025, 3, 31),
                       year_from="from the folder name ssda903_2025")
    table = schema.TABLES["Episodes"]
    rows = ((n + 2, [f"C{n // 4:07d}", "31/02/2025", "S", "C2", "N1", "U1", "PR1", "", "",
                     "", "AB1 2CD", "EF3 4GH", "SC123456"]) for n in range(findings))
    with tempfile.TemporaryDirectory() as tmp:
        staging.stage_table(con, rid, table, "883/ssda903_2025/episodes.csv",
                            list(table.columns), rows, Path(tmp))
    con.execute("""
        INSERT INTO run_findings
        SELECT 1, '141', 'error', 'Episodes', 'current', '883/ssda903_2025/episodes.csv',
               row_number, 'DECOM', child,
               '''' || decom || ''' is not a date in the form dd/mm/YYYY'
        FROM stg_episodes""")
    con.close()


def measure(path: Path, writer: str, out: Path, memory_limit: str = "") -> None:
    """Run one writer on the database at ``path`` and print the peak RSS in MB."""
    import json

    import duckdb

    from carepanel.ssda903 import validation_report as report
    from carepanel.ssda903.returns import Return

    con = duckdb.connect(str(path), read_only=True)
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{out.parent / 'spill'}'")
    ret = Return(1, "883/ssda903_2025", "883", 2025, dt.date(2025, 3, 31),
                 "from the folder name ssda903_2025")
    source = report.from_run(con, [ret])
    if writer == "text":
        with open(out, "w", encoding="utf-8") as fh:
            report.write_text(source, fh)
    elif writer == "json":
        with open(out, "w", encoding="utf-8") as fh:
            report.write_json(source, fh)
    elif writer == "xlsx":
        report.write_xlsx(source, out, tmpdir=out.parent)
    elif writer == "naive json":
        rows = con.execute(f"SELECT * FROM ({source.findings_sql})").fetchall()
        names = report.COLUMNS
        doc = {"findings": [dict(zip(names, r, strict=True)) for r in rows]}
        out.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    con.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{peak_kb / 1024:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, nargs="+", default=[100_000])
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--memory-limit", default="",
                        help="DuckDB's memory_limit for the writers (e.g. 100MB): what DuckDB "
                             "may keep for sorting and caching before it spills to disk")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(Path(args.build[0]), int(args.build[1]))
        return
    if args.measure:
        db, writer, out = args.measure
        measure(Path(db), writer, Path(out), args.memory_limit)
        return
    writers = [*WRITERS, *(["naive json"] if args.naive else [])]
    print(f"{'findings':>9}  " + "  ".join(f"{w:>11}" for w in writers) + "   (peak RSS, MB)")
    for n in args.findings:
        with tempfile.TemporaryDirectory(prefix="carepanel-bench-") as tmp:
            db = Path(tmp) / "run.duckdb"
            subprocess.run([sys.executable, __file__, "--build", str(db), str(n)],
                           check=True)
            peaks = []
            for writer in writers:
                out = Path(tmp) / f"out.{writer.split()[-1]}"
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", str(db), writer, str(out),
                     "--memory-limit", args.memory_limit],
                    check=True, capture_output=True, text=True)
                peaks.append(done.stdout.strip())
                out.unlink(missing_ok=True)
        print(f"{n:>9,}  " + "  ".join(f"{p:>11}" for p in peaks))


if __name__ == "__main__":
    main()
