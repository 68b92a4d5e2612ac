"""The malformed-return corpus through the reading layer: rows or one clear refusal, always.

Every variant is found (``sources.discover``) and every file read to its last row
(``sheets.read_sheets``). What a user relies on: no traceback whatever the files hold; a
refusal is one printable line naming the file, and the row and column where there is one;
what cannot be read is refused here, and what can be read comes out whole and unchanged.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from carepanel.ssda903 import schema
from carepanel.ssda903.findings import Finding, Unreadable
from carepanel.ssda903.sheets import read_sheets
from carepanel.ssda903.sources import discover, shown

from corpus import ERRORS, LOADS, REFUSED, Variant, files_of, valid_return, variants, workbook

Content = dict[str, list[tuple[str, ...]]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Variant]:
    return variants(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def outcomes(corpus: list[Variant]) -> dict[str, Content | Finding]:
    """What reading each variant gave: its tables' rows, or the refusal's finding."""
    out: dict[str, Content | Finding] = {}
    for v in corpus:
        try:
            out[v.id] = read_variant(v.path)
        except Unreadable as e:
            out[v.id] = e.finding
        except Exception as e:
            pytest.fail(f"{v.id}: {type(e).__name__}: {e}")
    return out


def read_variant(path: Path) -> Content:
    """Every row of every table found under ``path``, by table, in the DfE's column order."""
    content: Content = {}
    for source in discover([path]):
        for file in source.files:
            for sheet in read_sheets(file, lambda finding: None):
                rows = list(sheet.rows)
                assert all(len(values) == len(sheet.header) for _, values in rows)
                match = schema.match_header(sheet.header)
                name = match.table.name if match.exact else f"? {sheet.source}"
                if match.exact:
                    names = [schema.normalise_header(h) for h in sheet.header]
                    order = [names.index(c) for c in match.table.columns]
                    content.setdefault(name, []).extend(
                        tuple(values[i] for i in order) for _, values in rows)
                else:
                    content.setdefault(name, []).extend(tuple(v) for _, v in rows)
    return {name: sorted(rows) for name, rows in content.items()}


def test_the_corpus_has_hundreds_of_variants_of_every_outcome(corpus: list[Variant]) -> None:
    assert len(corpus) >= 300
    assert len({v.id for v in corpus}) == len(corpus)
    counts = Counter(v.expect for v in corpus)
    assert counts[REFUSED] > 200 and counts[ERRORS] > 50 and counts[LOADS] > 30
    assert {v.stage for v in corpus if v.expect == REFUSED} == {"read", "tables", "load"}
    kinds = {v.kind for v in corpus}
    for kind in ("short row", "long row", "unterminated quote", "stray quote", "invalid UTF-8",
                 "BOM in the middle", "UTF-16 or UTF-32", "delimiter", "NUL byte",
                 "huge value", "binary junk", "empty file", "headers only", "zip bomb",
                 "XML bomb", "formula without a value", "malformed XML", "bad shared string",
                 "corrupt zip", "encrypted workbook", "declared size", "dangling symlink",
                 "FIFO", "folder named like a file", "no read permission", "file names",
                 "CSV and XLSX", "bad date", "bad whole number", "escape bytes",
                 "line endings", "Windows-1252"):
        assert kind in kinds, kind


def test_the_same_folder_gets_the_same_bytes(tmp_path: Path) -> None:
    def snapshot(base: Path) -> dict[str, bytes]:
        out = {}
        for v in variants(base):
            for root, _, files in os.walk(os.fsencode(v.path)):
                for f in files:
                    path = os.path.join(root, f)
                    if os.path.isfile(path) and os.access(path, os.R_OK):
                        with open(path, "rb") as fh:
                            out[os.fsdecode(os.path.relpath(path, os.fsencode(base)))] = fh.read()
        return out

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_every_variant_gives_rows_or_one_line_naming_the_file(
        corpus: list[Variant], outcomes: dict[str, Content | Finding]) -> None:
    for v in corpus:
        finding = outcomes[v.id]
        if not isinstance(finding, Finding):
            continue
        message = str(finding)
        assert "\n" not in message and message.isprintable(), (v.id, message)
        assert finding.file.startswith(shown(v.path)), (v.id, message)
        assert message.startswith(finding.file + (", row" if finding.row else ":")), v.id
        assert not re.search(r"[A-Z][a-z]+(Error|Exception|Forbidden)\b|BadZipFile|Traceback",
                             message), (v.id, message)


def test_what_cannot_be_read_is_refused_when_read_naming_row_and_column(
        corpus: list[Variant], outcomes: dict[str, Content | Finding]) -> None:
    for v in corpus:
        if v.expect == REFUSED and v.stage == "read":
            finding = outcomes[v.id]
            assert isinstance(finding, Finding), f"{v.id} was read: {v.description}"
            if v.at is not None:
                assert (finding.row, finding.column) == v.at, (v.id, str(finding))


def test_what_can_be_read_is_not_refused_by_reading(
        corpus: list[Variant], outcomes: dict[str, Content | Finding]) -> None:
    """Bad values, unknown tables and empty returns are for the stages after reading."""
    for v in corpus:
        if not (v.expect == REFUSED and v.stage == "read"):
            finding = outcomes[v.id]
            assert not isinstance(finding, Finding), (v.id, str(finding))


def test_variants_that_load_give_exactly_the_valid_returns_rows(
        corpus: list[Variant], outcomes: dict[str, Content | Finding]) -> None:
    """Line endings, BOMs, quoting, workbooks, links and odd names change no value."""
    expected = {t.name: sorted(tuple(r) for r in t.rows) for t in valid_return() if t.rows}
    for v in corpus:
        if v.expect == LOADS:
            content = outcomes[v.id]
            assert isinstance(content, dict)
            assert {k: rows for k, rows in content.items() if rows} == expected, v.id


def test_reading_the_corpus_leaves_no_file_behind(corpus: list[Variant], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)
    before = {v.id: listing(v.path) for v in corpus}
    for v in corpus:
        with contextlib.suppress(Unreadable):
            read_variant(v.path)
    assert list(scratch.iterdir()) == []
    assert {v.id: listing(v.path) for v in corpus} == before


def listing(path: Path) -> list[tuple[bytes, int]]:
    out = []
    for root, dirs, files in os.walk(os.fsencode(path)):
        for name in dirs + files:
            full = os.path.join(root, name)
            out.append((full, os.lstat(full).st_size))
    return sorted(out)


DAMAGE = [b'"', b",", b"\n", b"\r", b"<", b">", b"&", b"\x00", b"\xff", b"\xef\xbb\xbf",
          b"<!DOCTYPE x>", b"</row>", b"<c>", b'<c r="XFD1048577">', b'<row r="0">', b't="s"',
          b't="e"', b's="1"', b"<v>1e400</v>", b"<v>nan</v>", b"<f>X</f>", b"_x0000_",
          b'encoding="UTF-9"', b'Target="../../x"', b'date1904="1"']


def damaged(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 5])):
        at = rng.randrange(len(out) or 1)
        if rng.random() < 0.3:
            del out[at:at + rng.randrange(1, 20)]
        else:
            out[at:at] = rng.choice(DAMAGE) if rng.random() < 0.7 else bytes(
                rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    return bytes(out)


def test_random_damage_gives_rows_or_one_clear_line(tmp_path: Path) -> None:
    """Seeded random damage to CSV bytes, zip bytes and the XML inside a sound zip."""
    rng = random.Random(903)
    tables = list(valid_return())[:3]
    csvs, book = list(files_of(tables).values()), workbook(tables)
    for i in range(900):
        kind = i % 3
        if kind == 0:
            path, data = tmp_path / "episodes.csv", damaged(rng, rng.choice(csvs))
        elif kind == 1:
            path, data = tmp_path / "return.xlsx", damaged(rng, book)
        else:
            def change(parts: dict[str, bytes]) -> None:
                name = rng.choice(sorted(parts))
                parts[name] = damaged(rng, parts[name])
            path, data = tmp_path / "return.xlsx", workbook(tables, change=change)
        path.write_bytes(data)
        try:
            for sheet in read_sheets(path, lambda finding: None):
                for _ in sheet.rows:
                    pass
        except Unreadable as e:
            assert "\n" not in str(e) and str(e).isprintable(), (i, str(e))
            assert str(e).startswith(str(path)), (i, str(e))
