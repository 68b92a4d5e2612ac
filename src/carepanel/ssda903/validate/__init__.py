"""The DfE's SSDA903 validation rules: a catalogue of SQL files and the runner.

``run_rules(con)`` runs every rule once over all the returns staged in a run's staging
database and writes the findings, as warnings, to ``run_findings``; ``implemented()`` lists
the rules carepanel implements and ``not_implemented()`` the ones it does not, with the
reason.
"""

from carepanel.ssda903.validate.catalogue import (
    Rule,
    all_rules,
    implemented,
    not_implemented,
    rules_for,
)
from carepanel.ssda903.validate.runner import run_rules

__all__ = ["Rule", "all_rules", "implemented", "not_implemented", "rules_for", "run_rules"]
