"""The DfE's SSDA903 validation rules: a catalogue of SQL files and the runner.

``validate(ret, previous=None)`` returns the rule findings for one return as warnings;
``catalogue()`` lists the rules carepanel implements and ``not_implemented()`` the ones it
does not, with the reason.
"""

from carepanel.ssda903.validate.catalogue import (
    Rule,
    all_rules,
    catalogue,
    not_implemented,
    rules_for,
)
from carepanel.ssda903.validate.runner import validate

__all__ = ["Rule", "all_rules", "catalogue", "not_implemented", "rules_for", "validate"]
