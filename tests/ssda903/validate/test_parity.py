"""carepanel beside csc-validator-be-903, the validator councils use: the same rows flagged.

The peer is installed in a virtual environment of its own (Python 3.11, pandas < 2: see
bench/peer.py; about a minute the first time, then kept in ~/.cache). Where it cannot be
installed (no python3.11, no package index) these tests are skipped with the reason, and
fail instead under CAREPANEL_REQUIRE_SHARED=1, as in CI.

``bench/parity.py`` does the comparison: synthetic 2024/25 returns of 250 children with
last year's, clean and with 3% of rows given errors, validated by both with the same
synthetic Ofsted provider lists, the rows each flags compared rule by rule. Every rule
that does not agree must be explained in ``peer_differences.yaml``
(docs/validation_rules.md), and an explanation goes when its rule agrees; the hand-built
returns below show the peer's defects one at a time, each with the DfE's text. About two
and a half minutes once the peer is installed.

    python bench/parity.py       # the same comparison, every disagreement listed
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
# now (295 of 304 on the default returns), held so that it never falls back. Both tools are
# given the same synthetic Ofsted provider lists (bench/provider_lists.py), so the URN
# rules (1008, 219, 221, 224, 227, 228, 229) are compared on real findings, and agree. The
# 9 that do not agree are defects of the peer, each shown below on a hand-built return
# (146, 169, 191, 202, 577, 1001, 1002, SW11bSTG2, SW12STG2); so are 187 and SW10STG2,
# which the default returns happen not to meet. Rules 630, 1016 and 205A-D follow the
# DfE's rule logic as the peer transcribes it, and a date that is not a date is named
# where it leaves a rule's condition impossible to confirm (184, 388, 581, SW08STG2,
# SW10STG2). Raise it as the peer's defects are fixed or the returns change.
FLOOR = 0.970


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
    # An explanation stays only while the rule disagrees, unless it is a defect of the peer
    # shown on a hand-built return (the synthetic returns need not meet every defect).
    stale = {code for code, d in peer_differences().items()
             if code in result.agreeing and not d.get("case")}
    assert stale == set(), f"rules that agree now: remove them from peer_differences.yaml: {stale}"


def test_every_defect_of_the_peer_is_shown_on_a_hand_built_return() -> None:
    """docs/validation_rules.md says a test shows each; that test must be in this module,
    and every defect that does not agree on the synthetic returns must have one."""
    here = set(globals())
    for code, d in peer_differences().items():
        assert d["kind"] in ("peer", "bad dates", "open"), code
        if d.get("case"):
            assert d["case"] in here, f"{code}: no test {d['case']} in {__name__}"
        if d["kind"] == "peer":
            assert d.get("dfe"), f"{code}: the DfE's text that supports carepanel"


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


def _sw(child: str, decom: str, dec: str = "", reason: str = "MANAGE") -> dict[str, str]:
    return {"CHILD": child, "DOB": "01/06/2012", "SW_ID": "SW1001", "SW_DECOM": decom,
            "SW_DEC": dec, "SW_REASON": reason}


def test_peer_flags_a_social_worker_change_in_the_last_days_of_march(
        parity: ModuleType, peer_ready: Path) -> None:
    """Rule SW11bSTG2: "Social worker episode has ended before 31 March and no subsequent
    social worker episode has been provided." A social worker who hands over on 30 March
    to one who stays (the third): the peer names the ended episode though the next one is
    there."""
    this = {"Header": [_header("A", "M")],
            "Episodes": [_episode("A", DECOM="01/05/2024")],
            "SWEpisodes": [_sw("A", "01/11/2023", "07/08/2024"),
                           _sw("A", "07/08/2024", "30/03/2025"), _sw("A", "30/03/2025")]}
    last = {"Header": [_header("A", "1")], "Episodes": [_episode("B")]}
    peer, mine = _both(parity, peer_ready, "sw_handover", this, last)
    assert ("SW11bSTG2", "SWEpisodes", 3) in peer
    assert {f for f in mine if f[0] == "SW11bSTG2"} == set()


def test_peer_names_a_gap_between_social_worker_episodes(parity: ModuleType,
                                                        peer_ready: Path) -> None:
    """Rule SW10STG2: "A new social worker episode has started before the end date of the
    previous social worker episode." A social worker to 30 June, and the next from 1
    September: a gap of two months, no overlap. The peer names the second episode."""
    this = {"Header": [_header("A", "M")],
            "Episodes": [_episode("A", DECOM="01/05/2024")],
            "SWEpisodes": [_sw("A", "01/03/2024", "30/06/2024"), _sw("A", "01/09/2024")]}
    last = {"Header": [_header("A", "1")], "Episodes": [_episode("B")]}
    peer, mine = _both(parity, peer_ready, "sw_gap", this, last)
    assert ("SW10STG2", "SWEpisodes", 3) in peer
    assert {f for f in mine if f[0] == "SW10STG2"} == set()


def test_peer_asks_every_social_worker_episode_to_fit_every_care_episode(
        parity: ModuleType, peer_ready: Path) -> None:
    """Rule SW12STG2: "If a child is looked after on 31 March then all social worker
    episodes for the full previous year should be reported, even those whilst they were
    not looked after." A child in care since April 2024 (placement changed in June) with
    one social worker since March 2024 has the whole year reported; the peer pairs each
    care episode with each social worker episode, wants the social worker episode to start
    on or after a care episode that starts care, and names the first episode."""
    this = {"Header": [_header("A", "M")],
            "Episodes": [_episode("A", DECOM="28/04/2024", DEC="22/06/2024", REC="X1",
                                  REASON_PLACE_CHANGE="CARPL"),
                         _episode("A", DECOM="22/06/2024", RNE="P", PLACE="U6", DEC="",
                                  REC="", REASON_PLACE_CHANGE="")],
            "SWEpisodes": [_sw("A", "01/03/2024")]}
    last = {"Header": [_header("B", "1")], "Episodes": [_episode("B")]}
    peer, mine = _both(parity, peer_ready, "sw_before_care", this, last)
    assert ("SW12STG2", "Episodes", 2) in peer
    assert {f for f in mine if f[0] == "SW12STG2"} == set()


def test_peer_names_a_missing_period_of_a_child_still_in_care(
        parity: ModuleType, peer_ready: Path) -> None:
    """Rule 577: "Child ceased to be looked after but there is a missing/away from
    placement without authorisation period without an end date." A child in care since
    2019, still in care, missing from 7 March with an end date that is not a real date."""
    this = {"Header": [_header("A", "M")],
            "Episodes": [_episode("A", DECOM="29/09/2019")],
            "Missing": [{"CHILD": "A", "DOB": "01/06/2012", "MISSING": "M",
                         "MIS_START": "07/03/2025", "MIS_END": "30/02/2025"}]}
    last = {"Header": [_header("A", "1")], "Episodes": [_episode("A", DECOM="29/09/2019")]}
    peer, mine = _both(parity, peer_ready, "missing_in_care", this, last)
    assert ("577", "Missing", 2) in peer
    assert {f for f in mine if f[0] == "577"} == set()


def test_peer_flags_placements_in_councils_made_in_2023(parity: ModuleType,
                                                        peer_ready: Path) -> None:
    """Rule 169. CA11 0AB is in Westmorland and Furness (E06000064), a council since April
    2023; the peer's list of councils is of 2021 and has no council for the postcode."""
    this = {"Header": [_header("A", "M")],
            "Episodes": [_episode("A", DECOM="01/06/2024", PL_POST="CA11 0AB")]}
    last = {"Header": [_header("B", "1")], "Episodes": [_episode("B")]}
    peer, mine = _both(parity, peer_ready, "new_council", this, last)
    assert ("169", "Episodes", 2) in peer
    assert {f for f in mine if f[0] == "169"} == set()


def test_peer_names_care_leavers_who_left_care_before_last_year(parity: ModuleType,
                                                               peer_ready: Path) -> None:
    """Rules 1001 and 1002. A young person of 19 who left care at 17, in 2022, is a former
    relevant child: the care leaver information is due, and the episodes are in the
    returns before last year's. The peer reads only this year's and last year's episodes
    and names the care leaver under both rules; carepanel does not run them without the
    earlier returns."""
    this = {"Header": [_header("A", "M"), _header("L", "M") | {"DOB": "01/06/2005"}],
            "Episodes": [_episode("A")],
            "OC3": [{"CHILD": "L", "DOB": "01/06/2005", "IN_TOUCH": "YES", "ACTIV": "F2",
                     "ACCOM": "S1"}]}
    last = {"Header": [_header("A", "1")], "Episodes": [_episode("A")]}
    peer, mine = _both(parity, peer_ready, "care_leaver", this, last)
    assert {("1001", "OC3", 2), ("1002", "OC3", 2)} <= peer
    assert {f for f in mine if f[0] in ("1001", "1002")} == set()


def test_peer_counts_a_child_who_left_care_on_31_march_as_looked_after_then(
        parity: ModuleType, peer_ready: Path) -> None:
    """Rules 187 and 191: "Child has been looked after continuously for at least 12 months
    at 31 March". A young woman in care since 2017 who left care on her 18th birthday,
    31 March 2025, is a care leaver (OC3 filled in), not in the OC2 cohort (no OC2 row):
    the DfE counts a child whose care ended on 31 March among those who ceased to be
    looked after, not among those looked after at 31 March. The peer's cohort keeps her
    (only care ending before 31 March takes a child out), names her care leaver row (187)
    and asks for an OC2 row (191). carepanel follows the DfE's statistics."""
    leaver = {"CHILD": "L", "SEX": "F", "DOB": "31/03/2007", "ETHNIC": "WBRI", "UPN": "UN1"}
    this = {"Header": [leaver],
            "Episodes": [_episode("L", DECOM="12/01/2017", DEC="31/03/2025", REC="E8")],
            "OC3": [{"CHILD": "L", "DOB": "31/03/2007", "IN_TOUCH": "YES", "ACTIV": "P2",
                     "ACCOM": "B1"}],
            "OC2": [], "AD1": []}  # the peer runs the rules only when both tables are there
    last = {"Header": [leaver | {"SEX": "2"}], "Episodes": [_episode("L", DECOM="12/01/2017")]}
    peer, mine = _both(parity, peer_ready, "left_on_31_march", this, last)
    assert {("187", "OC3", 2), ("191", "Episodes", 2)} <= peer
    assert {f for f in mine if f[0] in ("187", "191")} == set()
