"""The scorecard configuration: what a council writes, and the errors it gets when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepanel.indicators.catalogue import catalogue
from carepanel.scorecard.config import ConfigError, RagRule, load, parse

from .conftest import CONFIG, write


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing ``fragment``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def error(text: str) -> str:
    with pytest.raises(ConfigError) as e:
        parse(text, "scorecard.yaml")
    return str(e.value)


def test_reads_pledges_and_measures() -> None:
    cfg = parse(CONFIG, "scorecard.yaml")
    assert cfg.title == "Test Scorecard"
    assert [p.id for p in cfg.pledges] == ["1", "3"]
    assert [m.number for m in cfg.pledge_measures("3")] == ["3.1", "3.2", "3.5", "3.13"]
    foster = cfg.measure("3.1")
    # Unit and polarity come from the catalogue when the config does not say.
    assert (foster.unit, foster.polarity) == ("percent", "high")
    assert (foster.target, foster.rag) == (75, RagRule(5, "points"))
    assert cfg.measure("3.5").polarity == "low"
    manual = cfg.measure("3.13")
    assert manual.is_manual and manual.indicator is None
    assert (manual.unit, manual.polarity, manual.rag) == ("count", "high",
                                                          RagRule(20, "percent"))
    assert cfg.measure("1.1").target is None
    assert cfg.indicator_ids == ["cla_at_end", "placement_foster_pct",
                                 "placement_foster_own_pct", "placements_3plus_pct"]
    assert cfg.measure("3.13").line == line_of(CONFIG, 'number: "3.13"')


def test_unquoted_measure_number_keeps_its_written_form() -> None:
    """YAML reads 2.10 as the number 2.1; the scorecard number is "2.10" as written."""
    text = CONFIG.replace('number: "3.13"', "number: 3.10")
    assert parse(text).measure("3.10") is not None


def test_defaults_apply_and_measures_override_them() -> None:
    text = CONFIG.replace("pledges:", "defaults:\n  rag: {tolerance: 3}\n  owner: Head of "
                          "Service\n  frequency: quarterly\npledges:", 1)
    cfg = parse(text)
    # 3.2 has no rag of its own: the default's tolerance, type points by default.
    assert cfg.measure("3.2").rag == RagRule(3, "points")
    assert cfg.measure("3.1").rag == RagRule(5, "points")
    assert (cfg.measure("1.1").owner, cfg.measure("1.1").frequency) == ("Head of Service",
                                                                        "quarterly")


def test_polarity_can_be_overridden_and_pledges_ordered() -> None:
    text = CONFIG.replace("    indicator: cla_at_end\n",
                          "    indicator: cla_at_end\n    polarity: low\n    target: 300\n")
    text = text.replace("    title: Being a good corporate parent\n",
                        "    title: Being a good corporate parent\n    order: 9\n")
    cfg = parse(text)
    assert cfg.measure("1.1").polarity == "low"
    assert [p.id for p in cfg.pledges] == ["3", "1"]


def test_target_not_a_number_names_line_measure_and_field() -> None:
    text = CONFIG.replace("target: 24", "target: about 24")
    line = line_of(text, "target: about 24")
    assert error(text) == (f"scorecard.yaml line {line}, measure 3.5: target must be a "
                           "number, not 'about 24'")


def test_unknown_indicator_id_names_the_line() -> None:
    text = CONFIG.replace("indicator: placements_3plus_pct", "indicator: placements_3_pct")
    line = line_of(text, "placements_3_pct")
    msg = error(text)
    assert msg.startswith(f"scorecard.yaml line {line}, measure 3.5: unknown indicator id "
                          "'placements_3_pct'")
    assert "did you mean 'placements_3plus_pct'" in msg


def test_misspelt_field_is_named_with_a_suggestion() -> None:
    text = CONFIG.replace("target: 20\n    rag", "trget: 20\n    rag")
    line = line_of(text, "trget")
    msg = error(text)
    assert msg.startswith(f"scorecard.yaml line {line}, measure 3.13: unknown field 'trget' "
                          "(did you mean 'target'?)")


@pytest.mark.parametrize(("old", "new", "field", "expected"), [
    ("tolerance_type: percent}", "tolerance_type: percentage}", "percentage",
     "measure 3.13: rag tolerance_type must be one of points, percent, not 'percentage'"),
    ("{tolerance: 20,", "{tolerance: -1,", "tolerance: -1",
     "measure 3.13: rag tolerance must be a number of 0 or more, not -1"),
    ("    polarity: high\n", "    polarity: up\n", "polarity: up",
     "measure 3.13: polarity must be one of high, low, context, not 'up'"),
    ("    unit: count\n", "    unit: number\n", "unit: number",
     "measure 3.13: unit must be one of count, percent, rate_per_10k, days, score, "
     "not 'number'"),
    ("target: 75", "target: 175", "target: 175",
     "measure 3.1: target must be a percentage between 0 and 100, not 175"),
    ("    pledge: 1\n", "    pledge: 7\n", "pledge: 7",
     "measure 1.1: pledge '7' is not one of the pledges (1, 3)"),
])
def test_field_errors(old: str, new: str, field: str, expected: str) -> None:
    text = CONFIG.replace(old, new, 1)
    assert error(text) == f"scorecard.yaml line {line_of(text, field)}, {expected}"


def test_manual_measure_needs_unit_and_polarity() -> None:
    text = CONFIG.replace("    unit: count\n", "")
    line = line_of(text, 'number: "3.13"')
    assert error(text).startswith(f"scorecard.yaml line {line}, measure 3.13: unit is missing")


def test_indicator_or_manual_is_required_and_exclusive() -> None:
    no_source = CONFIG.replace("    indicator: cla_at_end\n", "")
    assert "give either indicator: ID" in error(no_source)
    both = CONFIG.replace("    source: manual\n", "    source: manual\n    indicator: sgo\n")
    assert "a manual measure has no indicator" in error(both)


def test_duplicate_measure_number_and_duplicate_key() -> None:
    text = CONFIG.replace('number: "3.13"', 'number: "3.1"')
    first, second = (n for n, line in enumerate(text.splitlines(), 1)
                     if line.endswith('number: "3.1"'))
    assert error(text) == (f"scorecard.yaml line {second}, measure 3.1: the number is "
                           f"already used on line {first}")
    dup = CONFIG.replace("    target: 75\n", "    target: 75\n    target: 80\n")
    assert error(dup) == (f"scorecard.yaml line {line_of(dup, 'target: 80')}: 'target' is "
                          f"given twice (first on line {line_of(dup, 'target: 75')})")


def test_yaml_syntax_error_names_the_line() -> None:
    text = CONFIG.replace("    target: 75\n", "    target: [75\n")
    msg = error(text)
    assert msg.startswith("scorecard.yaml line ") and "not valid YAML" in msg


def test_missing_sections_and_empty_file() -> None:
    assert error("") == "scorecard.yaml: the file is empty"
    assert error("title: X\npledges: []\nmeasures: []\n") == (
        "scorecard.yaml line 2: pledges must be a list with at least one pledge\n"
        "scorecard.yaml line 3: measures must be a list with at least one measure")
    assert error("title: X\n") == ("scorecard.yaml: the file has no 'pledges'\n"
                                   "scorecard.yaml: the file has no 'measures'")


def test_load_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "panel.yaml", CONFIG.replace("target: 75", "target: x"))
    with pytest.raises(ConfigError, match=r"^panel\.yaml line \d+, measure 3\.1: target"):
        load(path)
    with pytest.raises(ConfigError, match="no such file"):
        load(tmp_path / "absent.yaml")


def test_shipped_default_validates() -> None:
    """default.yaml uses indicators written in parallel: this runs against the full catalogue.

    It is the check that the shipped scorecard and the catalogue agree; it fails (naming
    the line) while an indicator it uses has not yet been added.
    """
    cfg = load()
    assert len(cfg.pledges) == 5
    assert 30 <= len(cfg.measures) <= 40
    manual = [m for m in cfg.measures if m.is_manual]
    assert len(manual) >= 4
    assert all(m.indicator in catalogue() for m in cfg.measures if not m.is_manual)
    # Every rated measure has a target; context measures are reported without one.
    assert all(m.target is not None for m in cfg.measures if m.polarity != "context")


def test_the_default_pledges_carry_promises_and_each_measure_the_part_it_tests() -> None:
    """Modelled on Thurrock's Pledge: five promises in children's words; every measure
    that is rated says which part of its pledge's promise it tests."""
    cfg = load()
    assert all(p.promise and p.promise.startswith("We promise") for p in cfg.pledges)
    assert all(m.promise for m in cfg.measures if m.polarity != "context")


def test_promise_and_noise_band_are_read_and_checked() -> None:
    from carepanel.scorecard.config import NoiseBand

    text = CONFIG.replace("    title: Being a good corporate parent\n",
                          "    title: Being a good corporate parent\n"
                          "    promise: We promise to listen to you\n")
    text = text.replace("    indicator: cla_at_end\n",
                        "    indicator: cla_at_end\n    noise: 3\n", 1)
    cfg = parse(text, "scorecard.yaml")
    assert cfg.pledges[0].promise == "We promise to listen to you"
    assert cfg.measure("1.1").noise == NoiseBand(3.0, "points")
    assert cfg.measure("3.1").noise_band == NoiseBand(1.0, "points")  # percent default
    assert cfg.measure("3.13").noise_band == NoiseBand(2.0, "percent")  # count default
    bad = text.replace("    noise: 3\n", "    noise: {band: -1}\n")
    assert error(bad) == (f"scorecard.yaml line {line_of(bad, 'noise:')}, measure 1.1: "
                          "noise band must be a number of 0 or more, not -1")
    odd = text.replace("    noise: 3\n", "    noise: {band: 1, type: points}\n")
    assert "unknown field 'type'" in error(odd)


def test_every_mistake_in_the_file_is_reported_at_once_with_its_line() -> None:
    """An officer fixing a scorecard sees every mistake in one go, in file order, rather
    than one per run."""
    text = (CONFIG.replace("target: 75", "target: lots")
            .replace("indicator: placements_3plus_pct", "indicator: placements_3_pct")
            .replace("    unit: count\n", "    unit: count\n    ownr: Fostering\n"))
    assert error(text).splitlines() == [
        f"scorecard.yaml line {line_of(text, 'target: lots')}, measure 3.1: target must be "
        "a number, not 'lots'",
        f"scorecard.yaml line {line_of(text, 'placements_3_pct')}, measure 3.5: unknown "
        "indicator id 'placements_3_pct' (did you mean 'placements_3plus_pct'?); see the "
        "indicator catalogue",
        f"scorecard.yaml line {line_of(text, 'ownr')}, measure 3.13: unknown field 'ownr' "
        "(did you mean 'owner'?); the fields are number, title, pledge, indicator, source, "
        "unit, polarity, target, rag, owner, frequency, definition, period, promise, noise",
    ]


def test_a_pledge_used_twice_and_a_measure_without_a_number_are_named() -> None:
    text = CONFIG.replace("  - id: 3\n", "  - id: 1\n").replace("    pledge: 3\n",
                                                               "    pledge: 1\n")
    text = text.replace('  - number: "3.2"\n', "  - \n")
    lines = error(text).splitlines()
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == "  - id: 1"][1]
    assert lines == [
        f"scorecard.yaml line {second}, pledge 1: the pledge id is used twice",
        f"scorecard.yaml line {line_of(text, 'own foster carers')}, measure #3: number is "
        "missing",
    ]
