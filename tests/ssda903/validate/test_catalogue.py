"""The rule catalogue against the DfE's lists, its documentation, and the synthetic council."""

from __future__ import annotations

import collections
import csv
import re
from pathlib import Path

import pytest

from carepanel.ssda903 import intake
from carepanel.ssda903.validate import all_rules, implemented, rules_for
from carepanel.ssda903.validate import docs as rule_docs
from carepanel.ssda903.validate.catalogue import RuleFileError, parse

REPO = Path(__file__).resolve().parents[3]


def dfe_rules(shared: Path) -> dict[str, dict[int, dict[str, str]]]:
    """code -> collection year (named by its 31 March) -> the DfE's row for that year."""
    out: dict[str, dict[int, dict[str, str]]] = collections.defaultdict(dict)
    for path in sorted((shared / "spec" / "rules").glob("ssda903_rules_*.tsv")):
        year = int(path.stem.split("_")[-2]) + 1  # ssda903_rules_2024_25 -> 2025
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                out[row["code"]][year] = row
    return out


def test_every_rule_agrees_with_the_dfe_lists(shared_dir: Path) -> None:
    """Code, years and message of every rule, implemented or not, as the DfE lists them."""
    dfe = dfe_rules(shared_dir)
    ours = {r.code: r for r in all_rules()}
    assert set(ours) == set(dfe)
    for code, rule in ours.items():
        assert rule.years == tuple(sorted(dfe[code])), code
        for year, row in dfe[code].items():
            assert rule.message(year) == " ".join(row["message"].split()), (code, year)
        assert rule.tables == tuple(dfe[code][max(dfe[code])]["tables"].split(",")), code


def test_rules_follow_the_collection_year() -> None:
    codes_2024 = {r.code for r in rules_for(2024)}
    codes_2026 = {r.code for r in rules_for(2026)}
    assert "217t" in codes_2024 and "217t" not in codes_2026  # P2 retired in 2023/24
    assert "233" in codes_2026 and "233" not in codes_2024    # new in 2025/26
    # Returns older than the DfE lists carepanel holds are checked against 2022/23's.
    assert {r.code for r in rules_for(2021)} == {r.code for r in rules_for(2023)}


def test_a_message_that_changed_is_the_one_of_the_year() -> None:
    rule = implemented()["370"]
    assert rule.message(2023).endswith("at least 15.")
    assert rule.message(2024).endswith("at least 16.")


def test_docs_validation_rules_md_is_current() -> None:
    current = (REPO / "docs" / "validation_rules.md").read_text(encoding="utf-8")
    assert current == rule_docs.render(), (
        "docs/validation_rules.md is stale: run "
        "`python -m carepanel.ssda903.validate.docs > docs/validation_rules.md`")


def test_malformed_rule_file_is_named() -> None:
    with pytest.raises(RuleFileError, match=r"501\.sql: the header has no 'message'"):
        parse("501.sql", "-- code: 501\n-- years: 2023\n-- tables: Episodes\n"
                         "-- fields: DECOM\nSELECT 1")
    with pytest.raises(RuleFileError, match="named after its code"):
        parse("x.sql", "-- code: 501\n-- years: 2023\n-- tables: Episodes\n-- fields: DECOM\n"
                       "-- message: m\nSELECT 1")
    with pytest.raises(RuleFileError, match="not like 2023-2027"):
        parse("501.sql", "-- code: 501\n-- years: 23\n-- tables: Episodes\n-- fields: DECOM\n"
                         "-- message: m\nSELECT 1")


# A synthetic council is generated as the DfE would accept it: its returns raise no rule
# finding, except these, where the generator's data and a rule cannot both be satisfied.
EXPECTED_ON_SYNTHETIC: dict[str, str] = {
    "232": "the generator records a few children's sex as unknown (U), which the DfE accepts "
           "from 2024/25 but asks the council to confirm",
    "553": "a decision to place for adoption reversed shortly before 1 April while the "
           "placement order (E1) runs on into the year until the court revokes it: the DfE "
           "asks for the decision (553) but refuses a date it ceased before the year (118)",
    "503F": "semi-independent accommodation (H5) has an Ofsted URN from 2023/24 and none "
            "before (rules 218 and 222): an H5 placement open on 1 April 2023 has no URN in "
            "the 2022/23 return and one in 2023/24, which 503F reports as a change",
}


def test_synthetic_council_raises_no_rule_findings(tmp_path: Path) -> None:
    from carepanel.ssda903.synth import generate

    generate(tmp_path, children=150, years=3, seed=11, la_code="883")
    with intake.open_run(intake.Request([tmp_path])) as run:
        found = collections.Counter(f.rule for f in run.findings())
    assert run.errors == 0
    unexpected = {code: n for code, n in found.items() if code not in EXPECTED_ON_SYNTHETIC}
    assert unexpected == {}


def test_rules_reading_last_year_are_run_only_with_it() -> None:
    """A rule reading any *_last table (oc3_last too) is skipped without last year's return."""
    for rule in implemented().values():
        reads_last = bool(re.search(r"\b\w+_last\b", rule.sql))
        assert rule.uses_previous == reads_last, rule.code
    assert implemented()["348"].uses_previous
