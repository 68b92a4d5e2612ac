"""The Corporate Parenting Panel's scorecard: numbered measures grouped by pledge.

A scorecard is described by a YAML file (``config``): the pledges, and for each measure its
number, an indicator from the catalogue or a manually supplied value (``manual``), a target,
a polarity and a RAG rule. ``build`` computes every measure for a period, the previous
quarter and the same period last year, rates it (``rating``) and adds published benchmarks.
``carepanel scorecard`` (``cli``) prints it as text, JSON or CSV.
"""

from carepanel.scorecard.config import ConfigError, Measure, Pledge, RagRule, ScorecardConfig
from carepanel.scorecard.config import load as load_config
from carepanel.scorecard.rating import Rating, direction_of_travel, rate

__all__ = [
    "ConfigError",
    "Measure",
    "Pledge",
    "RagRule",
    "Rating",
    "ScorecardConfig",
    "direction_of_travel",
    "load_config",
    "rate",
]
