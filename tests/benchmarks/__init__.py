"""Tests of carepanel.benchmarks (a package so that test_load/test_cli names stay unique)."""
