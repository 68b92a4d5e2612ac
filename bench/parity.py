"""Parity with the peer: the rows each tool flags, rule by rule, on the same returns.

    python bench/parity.py                            # 2024/25 with 2023/24, clean and 3%
    python bench/parity.py --children 600 --errors 0,0.03,0.1 --json parity.json

Councils will move from csc-validator-be-903 (the peer) only if carepanel raises the same
findings, or better ones with reasons. This generates synthetic returns of one council
(``carepanel synth``: a clean pair, and pairs with a share of rows corrupted the way
councils' extracts are), validates each pair (this year's with last year's) with both
tools, and compares the (rule, table, row) each flags, rule by rule. A rule agrees when
both flag exactly the same rows in every variant (two tools that flag nothing agree).

Both tools are given the same synthetic Ofsted provider lists (``provider_lists.py``: the
URNs of the returns' placements, a few with a fault), so the rules checking a placement's
URN are compared too; neither runs them without the lists.

The peer runs in its own virtual environment (``peer.ensure_peer``), its rows counted from
0 for the first data row; carepanel names spreadsheet rows (the header is row 1), so the
peer's row n is carepanel's n + 2. Last year's rows are the ``<Table>_last`` tables in both.
The rules of the peer's pack that crashed count as not run by it. Rules the peer lists and
carepanel has no code for flag rows only in the peer, and so disagree wherever the peer
flags something. The peer crashes on some rules for some returns (a date that does not
exist, a column only the XML return has): a rule is compared on the variants it ran on,
and one that crashed on every variant is not counted as run.
``tests/ssda903/validate/test_parity.py`` holds carepanel to ``AGREEMENT``;
docs/validation_rules.md says why each rule that does not agree does not.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

YEAR_END = 2025  # the 2024/25 return, with 2023/24 as last year's
LA_CODE = "883"
AGREEMENT = 0.97  # the share of the rules the peer runs that must agree (issue 11)
Flag = tuple[str, str, int]  # rule, table (Episodes_last for last year's), spreadsheet row


@dataclass(frozen=True)
class Variant:
    """One pair of synthetic returns: this year's and last year's folders."""

    label: str
    current: Path
    previous: Path
    # Ofsted's children's homes and social care providers lists, given to both tools.
    provider_lists: tuple[Path, Path] | None = None


@dataclass
class RuleParity:
    """How the two tools compare on one rule, over every variant."""

    rule: str
    only_peer: list[tuple[str, Flag]] = field(default_factory=list)
    only_carepanel: list[tuple[str, Flag]] = field(default_factory=list)
    both: int = 0

    @property
    def agrees(self) -> bool:
        return not self.only_peer and not self.only_carepanel


@dataclass
class Parity:
    """The comparison: every rule of the peer's pack that it ran, and what each flagged."""

    rules: dict[str, RuleParity]
    peer_failed: dict[str, list[str]]  # by variant: rules that crashed in the peer
    peer_never_ran: list[str]  # crashed on every variant: not counted
    carepanel_only_rules: list[str]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def agreeing(self) -> list[str]:
        return [r for r, p in self.rules.items() if p.agrees]

    @property
    def disagreeing(self) -> list[RuleParity]:
        return [p for p in self.rules.values() if not p.agrees]

    @property
    def share(self) -> float:
        return len(self.agreeing) / len(self.rules) if self.rules else 0.0

    def summary(self) -> str:
        return (f"{len(self.agreeing)} of the {len(self.rules)} rules the peer runs agree "
                f"({self.share:.1%})")

    def as_json(self) -> dict:
        return {"agreeing": len(self.agreeing), "run_by_peer": len(self.rules),
                "share": round(self.share, 4), "peer_failed": self.peer_failed,
                "peer_never_ran": self.peer_never_ran,
                "carepanel_only_rules": self.carepanel_only_rules, "seconds": self.seconds,
                "disagreeing": {p.rule: {"only_peer": len(p.only_peer),
                                         "only_carepanel": len(p.only_carepanel),
                                         "both": p.both,
                                         "examples_only_peer": p.only_peer[:5],
                                         "examples_only_carepanel": p.only_carepanel[:5]}
                                for p in self.disagreeing}}


def bench_module(name: str) -> ModuleType:
    """bench/NAME.py, loaded by its path as ``carepanel_bench_NAME`` (as the tests load
    bench modules), so that bench/ need not be on the import path."""
    qualified = f"carepanel_bench_{name}"
    if qualified not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            qualified, Path(__file__).resolve().with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = module
        spec.loader.exec_module(module)
    return sys.modules[qualified]


def make_variants(work: Path, *, children: int, rates: Iterable[float],
                  seed: int) -> list[Variant]:
    """Synthetic returns for 2023/24 and 2024/25 of council 883, once per error rate, and
    one pair of Ofsted provider lists for all of them (``provider_lists.from_returns``:
    the URNs of the first variant's placements, a few with a fault)."""
    from carepanel.ssda903.synth import generate

    out = []
    for rate in rates:
        label = "clean" if rate == 0 else f"errors_{rate:g}"
        folder = work / label
        if not (folder / LA_CODE / f"ssda903_{YEAR_END}").is_dir():
            generate(folder, children=children, years=2, seed=seed, la_code=LA_CODE,
                     errors=rate, last_year=YEAR_END)
        council = folder / LA_CODE
        out.append(Variant(label, council / f"ssda903_{YEAR_END}",
                           council / f"ssda903_{YEAR_END - 1}"))
    if out:
        lists = bench_module("provider_lists")
        ch, scp = lists.write_lists(work / "provider_lists", lists.from_returns(
            [out[0].current, out[0].previous]))
        out = [replace(v, provider_lists=(ch, scp)) for v in out]
    return out


def peer_flags(variant: Variant, work: Path, *, timeout: float = 900
               ) -> tuple[set[Flag], set[str], set[str]]:
    """What the peer flags on ``variant``: its flags, the rules of its pack, those that crashed.

    Raises RuntimeError, with the end of the peer's output, when it did not finish."""
    target = work / f"peer_{variant.label}.json"
    command = bench_module("peer").peer_command(
        sorted(variant.current.glob("*.csv")), sorted(variant.previous.glob("*.csv")),
        YEAR_END, LA_CODE, flagged=target, provider_lists=variant.provider_lists)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          check=False)
    if done.returncode != 0 or not target.exists():
        raise RuntimeError(f"the peer failed on {variant.label} (exit {done.returncode}): "
                           f"{done.stderr.strip().splitlines()[-1:] or done.stdout[-300:]}")
    data = json.loads(target.read_text(encoding="utf-8"))
    flags = {(rule, table, row + 2) for rule, table, row in data["flagged"]}
    return flags, set(data["rules"]), set(data["rules_failed"])


def carepanel_flags(variant: Variant) -> set[Flag]:
    """What carepanel flags on ``variant`` (findings with a DfE code and a row)."""
    from carepanel.ssda903 import intake

    request = intake.Request([variant.current], la_code=LA_CODE, year=YEAR_END,
                             previous=[variant.previous],
                             provider_lists=list(variant.provider_lists or ()))
    with intake.open_run(request) as run:
        rows = run.con.execute(
            "SELECT DISTINCT f.rule, f.table_name || CASE WHEN f.in_return = 'previous' "
            "THEN '_last' ELSE '' END, f.row_number FROM run_findings f "
            "JOIN run_returns r USING (return_id) "
            "WHERE r.checked AND f.rule IS NOT NULL AND f.row_number IS NOT NULL").fetchall()
    return {(str(rule), str(table), int(row)) for rule, table, row in rows}


def compare(variants: list[Variant], peer: dict[str, set[Flag]],
            mine: dict[str, set[Flag]], pack: set[str],
            failed: dict[str, set[str]]) -> Parity:
    """Rule by rule, over every variant the peer ran the rule on: the rows only one tool
    flags. ``failed[label]``: the rules that crashed in the peer on that variant (it
    crashes on some dates that do not exist, for one); a rule that crashed on every
    variant is not one the peer runs."""
    from carepanel.ssda903.validate.catalogue import all_rules

    everywhere = set.intersection(*(failed[v.label] for v in variants)) if variants else set()
    rules = {r: RuleParity(r) for r in sorted(pack - everywhere, key=_code_order)}
    for v in variants:
        ran = set(rules) - failed[v.label]
        for flag in peer[v.label] - mine[v.label]:
            if flag[0] in ran:
                rules[flag[0]].only_peer.append((v.label, flag))
        for flag in mine[v.label] - peer[v.label]:
            if flag[0] in ran:
                rules[flag[0]].only_carepanel.append((v.label, flag))
        for flag in mine[v.label] & peer[v.label]:
            if flag[0] in ran:
                rules[flag[0]].both += 1
    for p in rules.values():
        p.only_peer.sort()
        p.only_carepanel.sort()
    known = {r.code for r in all_rules()}
    crashed = {v.label: sorted(failed[v.label], key=_code_order) for v in variants}
    return Parity(rules, crashed, sorted(everywhere, key=_code_order),
                  sorted(known - pack, key=_code_order))


def measure(work: Path, *, children: int = 250, rates: Iterable[float] = (0.0, 0.03),
            seed: int = 1, timeout: float = 900) -> Parity:
    """Generate the variants in ``work``, run both tools on each and compare."""
    variants = make_variants(work, children=children, rates=rates, seed=seed)
    peer: dict[str, set[Flag]] = {}
    mine: dict[str, set[Flag]] = {}
    pack: set[str] = set()
    failed: dict[str, set[str]] = {}
    seconds = {"peer": 0.0, "carepanel": 0.0}
    for v in variants:
        started = time.perf_counter()
        peer[v.label], rules, failed[v.label] = peer_flags(v, work, timeout=timeout)
        seconds["peer"] += time.perf_counter() - started
        pack |= rules
        started = time.perf_counter()
        mine[v.label] = carepanel_flags(v)
        seconds["carepanel"] += time.perf_counter() - started
    parity = compare(variants, peer, mine, pack, failed)
    parity.seconds = {k: round(s, 1) for k, s in seconds.items()}
    return parity


def _code_order(code: str) -> tuple:
    digits = "".join(c for c in code if c.isdigit())
    return (0, int(digits), code) if code[:1].isdigit() else (1, 0, code)


def report(parity: Parity) -> str:
    """The comparison as text: the figure, then every rule that does not agree."""
    from carepanel.ssda903.validate.catalogue import peer_differences

    lines = [parity.summary()]
    explained = peer_differences()
    kinds: dict[str, list[str]] = {}
    for p in parity.disagreeing:
        kinds.setdefault(explained.get(p.rule, {}).get("kind", "not explained"),
                         []).append(p.rule)
    if kinds:
        lines.append("of those that do not agree (peer_differences.yaml): " + "; ".join(
            f"{kind} {len(codes)} ({', '.join(codes)})" for kind, codes in sorted(kinds.items())))
    if parity.peer_never_ran:
        lines.append(f"crashed in the peer on every variant (not counted): "
                     f"{', '.join(parity.peer_never_ran)}")
    for label, crashed in parity.peer_failed.items():
        if set(crashed) - set(parity.peer_never_ran):
            lines.append(f"crashed in the peer on {label} (compared on the others): "
                         f"{', '.join(c for c in crashed if c not in parity.peer_never_ran)}")
    for p in parity.disagreeing:
        lines.append(f"  {p.rule:<10} only peer {len(p.only_peer):>5}   only carepanel "
                     f"{len(p.only_carepanel):>5}   both {p.both:>5}")
        for label, (_rule, table, row) in p.only_peer[:3]:
            lines.append(f"      peer only:      {label} {table} row {row}")
        for label, (_rule, table, row) in p.only_carepanel[:3]:
            lines.append(f"      carepanel only: {label} {table} row {row}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=250,
                        help="children looked after at 31 March (default 250)")
    parser.add_argument("--errors", default="0,0.03",
                        help="error rates, one variant each (default 0,0.03)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="folder for the returns (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the comparison as JSON here")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="carepanel-parity-"))
    work.mkdir(parents=True, exist_ok=True)
    bench_module("peer").ensure_peer(work / "peer_install.log")
    parity = measure(work, children=args.children,
                     rates=[float(r) for r in args.errors.split(",")], seed=args.seed)
    print(report(parity))
    if args.json:
        args.json.write_text(json.dumps(parity.as_json(), indent=1), encoding="utf-8")
    return 0 if parity.share >= AGREEMENT else 1


if __name__ == "__main__":
    sys.exit(main())
