"""Which XLSX reader for returns: ours, openpyxl's read-only mode, or python-calamine.

Run with ``.venv/bin/python bench/xlsx_readers.py``. Each reader reads each workbook in its
own process, with 2 GB of address space and two minutes at most; the figures are its time
and its peak memory (VmHWM). Workbooks:

- ``episodes_100k``: an Episodes sheet of 100,000 rows as Excel writes one (shared strings,
  date cells), 4.9 MB on disk;
- ``far_dimension``: a 2 kB workbook of three rows that declares ``A1:XFD3000``;
- ``far_cell``: the same with an empty cell at XFD3000 (such a file exhausted memory in an
  earlier version, which read with openpyxl);
- ``zip_bomb``: a sheet of 300,000 identical rows, 15 MB unpacked from about 40 kB.

python-calamine is measured only where it is installed (it is not a dependency). Results go
to ``bench/results/xlsx_readers.json``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import platform
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
LIMIT_BYTES = 2 << 30
TIMEOUT = 120
COLUMNS = ("CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE "
           "HOME_POST PL_POST URN").split()

READERS = {
    "ours": (
        "from carepanel.ssda903.sheets import read_sheets\n"
        "rows = sum(1 for s in read_sheets(path, lambda f: None) for _ in s.rows)\n"),
    "openpyxl read_only": (
        "import openpyxl\n"
        "book = openpyxl.load_workbook(path, read_only=True, data_only=True)\n"
        "rows = sum(1 for s in book.worksheets for _ in s.iter_rows(values_only=True))\n"),
    "python-calamine": (
        "from python_calamine import CalamineWorkbook\n"
        "book = CalamineWorkbook.from_path(str(path))\n"
        "rows = sum(1 for n in book.sheet_names for _ in book.get_sheet_by_name(n).iter_rows())\n"),
}


def episodes(path: Path, rows: int) -> None:
    import xlsxwriter

    rnd = random.Random(1)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Episodes")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, COLUMNS)
    start = dt.datetime(2020, 1, 1)
    for r in range(1, rows + 1):
        sheet.write_string(r, 0, str(10_000_000 + r // 3))
        sheet.write_datetime(r, 1, start + dt.timedelta(days=rnd.randrange(1500)), date)
        for c, values in ((2, "SPLTBU"), (3, ("C2", "J2", "V2")), (4, ("N1", "N4")),
                          (5, ("U1", "U4", "K2")), (6, ("PR1", "PR4"))):
            sheet.write_string(r, c, rnd.choice(values))
        if rnd.random() < 0.6:
            sheet.write_datetime(r, 7, start + dt.timedelta(days=1500 + rnd.randrange(300)),
                                 date)
            sheet.write_string(r, 8, "E13")
        sheet.write_string(r, 10, f"AB{rnd.randrange(10)} {rnd.randrange(10)}")
        sheet.write_string(r, 12, f"SC{rnd.randrange(100_000, 999_999)}")
    book.close()


def rewritten(source: Path, target: Path, sheet_xml) -> None:
    """``source`` with its first sheet's XML passed through ``sheet_xml``."""
    with zipfile.ZipFile(source) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, sheet_xml(data.decode()).encode()
                       if name == "xl/worksheets/sheet1.xml" else data)
    target.write_bytes(out.getvalue())


def workbooks(folder: Path) -> dict[str, Path]:
    big = folder / "episodes_100k.xlsx"
    episodes(big, 100_000)
    small = folder / "small.xlsx"
    episodes(small, 2)
    far = folder / "far_dimension.xlsx"
    rewritten(small, far, lambda xml: xml.replace('<dimension ref="A1:M3"/>',
                                                  '<dimension ref="A1:XFD3000"/>'))
    cell = folder / "far_cell.xlsx"
    rewritten(small, cell, lambda xml: xml.replace(
        '<dimension ref="A1:M3"/>', '<dimension ref="A1:XFD3000"/>').replace(
        "</sheetData>", '<row r="3000"><c r="XFD3000"/></row></sheetData>'))
    bomb = folder / "zip_bomb.xlsx"
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    rewritten(small, bomb, lambda xml: xml.replace("</sheetData>",
                                                   row * 300_000 + "</sheetData>"))
    return {"episodes_100k": big, "far_dimension": far, "far_cell": cell, "zip_bomb": bomb}


def measure(reader: str, path: Path) -> dict[str, object]:
    script = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_BYTES}, {LIMIT_BYTES}))\n"
        "path = Path(sys.argv[1])\n"
        "start = time.perf_counter()\n"
        "try:\n"
        + "".join(f"    {line}\n" for line in READERS[reader].splitlines())
        + "    outcome = f'{rows:,} rows'\n"
        "except MemoryError:\n"
        "    outcome = 'out of memory'\n"
        "except Exception as e:\n"
        "    outcome = 'refused: ' + str(e)[:90]\n"
        "peak = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
        "print(json.dumps({'seconds': round(time.perf_counter() - start, 2),\n"
        "                  'peak_mb': round(peak / 1024), 'outcome': outcome}))\n")
    try:
        done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                              text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return {"seconds": TIMEOUT, "peak_mb": None, "outcome": f"stopped after {TIMEOUT} s"}
    if done.returncode != 0 or not done.stdout.strip():
        return {"seconds": None, "peak_mb": None,
                "outcome": f"crashed ({done.stderr.strip().splitlines()[-1:]})"}
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        READERS.pop("python-calamine")
    results = {"machine": {"cores": len(__import__("os").sched_getaffinity(0)),
                           "python": platform.python_version(),
                           "load": round(__import__("os").getloadavg()[0], 1)},
               "readers": {}}
    with tempfile.TemporaryDirectory() as tmp:
        books = workbooks(Path(tmp))
        for reader in READERS:
            for name, path in books.items():
                figures = measure(reader, path)
                results["readers"].setdefault(reader, {})[name] = figures
                print(f"{reader:20} {name:15} {figures['seconds']!s:>7} s "
                      f"{figures['peak_mb']!s:>6} MB  {figures['outcome']}", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "xlsx_readers.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
