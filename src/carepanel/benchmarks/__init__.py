"""Benchmarks: the DfE's published England, regional and council figures for each indicator.

``load`` reads the DfE's tables into the warehouse (``carepanel benchmarks load DIR``);
``query`` answers what the scorecard asks: England, the region and the median of the
statistical neighbours for one council, indicator and year. ``mapping.yaml`` says which
published row is which indicator.
"""

from carepanel.benchmarks.load import BenchmarkFileError, LoadReport, load, mapping
from carepanel.benchmarks.query import benchmarks_for, geography

__all__ = ["BenchmarkFileError", "LoadReport", "benchmarks_for", "geography", "load",
           "mapping"]
