"""Synthetic councils' SSDA903 returns and local files, for tests, demos and benchmarks.

``generate`` simulates each council's children from a burn-in about 19 years before the
first return (entries into care, care plans, legal statuses, placements and moves,
re-entries, leaving care, care leavers' lives to 25) and writes one folder per annual return
with one CSV per table, plus the council's local files. The rates are calibrated to England's
published figures (see ``params.py``), codes follow each collection year's lists in
``carepanel.ssda903.schema``, and the same arguments always give the same bytes.
"""

from carepanel.ssda903.synth.run import MANIFEST, SynthResult, generate

__all__ = ["MANIFEST", "SynthResult", "generate"]
