"""carepanel beside csc-validator-be-903, the validator councils use: the same rows flagged.

The peer is installed in a virtual environment of its own (Python 3.11, pandas < 2: see
bench/peer.py; about a minute the first time, then kept in ~/.cache). Where it cannot be
installed (no python3.11, no package index) these tests are skipped with the reason, and
fail instead under CAREPANEL_REQUIRE_SHARED=1, as in CI.

``bench/parity.py`` does the comparison: synthetic 2024/25 returns of 250 children with
last year's, clean and with 3% of rows given errors, validated by both, the rows each
flags compared rule by rule. Every rule that does not agree must be explained in
``peer_differences.yaml`` (docs/validation_rules.md); the hand-built returns below show the
peer's defects one at a time.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from carepanel.ssda903.validate.catalogue import peer_differences

from bench_harness import load
from conftest import write_return

# Issue 11 asks for 97% of the rules the peer runs to agree; this is what carepanel reaches
# now (277 of 304 on the default returns), held so that it never falls back. Raise it as
# the open differences of peer_differences.yaml are settled.
FLOOR = 0.91


@pytest.fixture(scope="module")
def parity() -> ModuleType:
    return load("parity")


@pytest.fixture(scope="module")
def peer_ready(parity: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The peer's environment, made if needed; a folder for this module's returns."""
    work = tmp_path_factory.mktemp("parity")
    try:
        parity.bench_module("peer").ensure_peer(work / "peer_install.log")
    except (OSError, subprocess.CalledProcessError) as e:
        log = work / "peer_install.log"
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
        reason = (f"csc-validator-be-903 could not be installed in its own environment "
                  f"(needs python3.11 and the package index): {e} {' '.join(tail)}")
        if os.environ.get("CAREPANEL_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return work


def test_rules_agree_with_the_peer_or_say_why(parity: ModuleType, peer_ready: Path) -> None:
    result = parity.measure(peer_ready / "synthetic", children=250, rates=(0.0, 0.03), seed=1)
    unexplained = {p.rule for p in result.disagreeing} - set(peer_differences())
    assert unexplained == set(), (
        "rules that disagree with the peer, not explained in peer_differences.yaml:\n"
        + parity.report(result))
    assert result.share >= FLOOR, parity.report(result)


def _both(parity: ModuleType, work: Path, name: str, this_year: dict, last_year: dict
          ) -> tuple[set, set]:
    """The rows each tool flags on a hand-built pair of returns of council 883."""
    council = work / name / "883"
    variant = parity.Variant(name, write_return(council / "ssda903_2025", this_year),
                             write_return(council / "ssda903_2024", last_year))
    peer, _, _ = parity.peer_flags(variant, work)
    return peer, parity.carepanel_flags(variant)


def _header(child: str, sex: str) -> dict[str, str]:
    return {"CHILD": child, "SEX": sex, "DOB": "01/06/2012", "ETHNIC": "WBRI",
            "UPN": "UN1"}


def _episode(child: str, **kw: str) -> dict[str, str]:
    return {"CHILD": child, "DECOM": "01/05/2023", "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR4", "HOME_POST": "RM17 5XX",
            "PL_POST": "RM16 2XX", "URN": "SC123456", **kw}


def test_peer_flags_every_sex_code_changed_by_the_dfe(parity: ModuleType,
                                                      peer_ready: Path) -> None:
    """Rule 202. A boy (1 last year, M this year) and a girl (2, F): the same sex in the
    codes of each year. A child recorded as a boy last year and a girl this year is the
    one to query."""
    this = {"Header": [_header("A", "M"), _header("B", "F"), _header("C", "F")],
            "Episodes": [_episode(c) for c in "ABC"]}
    last = {"Header": [_header("A", "1"), _header("B", "2"), _header("C", "1")],
            "Episodes": [_episode(c) for c in "ABC"]}
    peer, mine = _both(parity, peer_ready, "sex_codes", this, last)
    assert {f for f in peer if f[0] == "202"} == {("202", "Header", 2), ("202", "Header", 3),
                                                 ("202", "Header", 4)}
    assert {f for f in mine if f[0] == "202"} == {("202", "Header", 4)}


def test_peer_flags_k3_placements(parity: ModuleType, peer_ready: Path) -> None:
    """Rule 146. K3, supported accommodation, is on the DfE's 2024/25 list of placement
    codes; the peer's list has it as "k3" and flags every K3 placement."""
    this = {"Header": [_header("A", "M")],
            "Episodes": [_episode("A", DECOM="01/06/2024", PLACE="K3")]}
    last = {"Header": [_header("B", "1")], "Episodes": [_episode("B")]}
    peer, mine = _both(parity, peer_ready, "k3", this, last)
    assert ("146", "Episodes", 2) in peer
    assert ("146", "Episodes", 2) not in mine
