"""The hand-written files' reader: every mistake names the file and line, in the error
class of the file being read."""

from __future__ import annotations

from pathlib import Path

import pytest

from carepanel.config_files import (
    LinedMap,
    compose,
    read_text,
    read_yaml,
    scalar_text,
    sql_with_header,
)


class SampleError(ValueError):
    pass


def test_mappings_know_their_lines_and_values_as_typed() -> None:
    doc = read_yaml("title: Scorecard\nmeasures:\n  - number: 2.10\n    target: 70\n",
                    "s.yaml", SampleError)
    measure = doc["measures"][0]
    assert isinstance(measure, LinedMap) and measure.line == 3
    assert measure.line_of("target") == 4
    # YAML would make 2.10 the float 2.1: officers number measures 2.1, 2.10, 2.11.
    assert measure["number"] == 2.1 and scalar_text(measure, "number") == "2.10"


def test_a_key_given_twice_names_both_lines() -> None:
    with pytest.raises(SampleError, match=r"s.yaml line 3: 'target' is given twice "
                                          r"\(first on line 2\)"):
        read_yaml("number: '1.1'\ntarget: 70\ntarget: 80\n", "s.yaml", SampleError)


def test_a_date_that_does_not_exist_is_named_not_a_traceback() -> None:
    """YAML reads 2025-13-01 as a date and fails inside its own code: a clear line."""
    with pytest.raises(SampleError, match=r"^s.yaml line 2: due '2025-13-01' is not a date"):
        read_yaml("title: Plan\ndue: 2025-13-01\n", "s.yaml", SampleError)


@pytest.mark.parametrize("reader", [read_yaml, compose])
def test_syntax_errors_name_the_line(reader: object) -> None:
    """A colon inside unquoted text on line 3 (a common slip in commentary)."""
    with pytest.raises(SampleError, match=r"^c.yaml line 3: not valid YAML: mapping values"):
        reader("commentary:\n  '1.1': fine\n  '1.2': text: more\n", "c.yaml", SampleError)


def test_compose_keeps_keys_as_typed() -> None:
    root = compose("commentary:\n  2.10: Improving\n", "c.yaml", SampleError)
    key_node = root.value[0][1].value[0][0]
    assert key_node.value == "2.10" and key_node.start_mark.line + 1 == 2


def test_read_text_drops_the_bom_and_explains_missing_and_foreign_files(
        tmp_path: Path) -> None:
    saved_by_excel = tmp_path / "values.csv"
    saved_by_excel.write_bytes(b"\xef\xbb\xbfmeasure,value\n")
    assert read_text(saved_by_excel, SampleError) == ("measure,value\n", "values.csv")
    with pytest.raises(SampleError, match="no such file"):
        read_text(tmp_path / "absent.yaml", SampleError)
    latin1 = tmp_path / "old.csv"
    latin1.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(SampleError, match=r"^old.csv: not a UTF-8 text file \(save it as CSV "
                                          r"UTF-8\)$"):
        read_text(latin1, SampleError, not_utf8_hint=" (save it as CSV UTF-8)")


def test_sql_files_split_into_their_header_and_their_query() -> None:
    text = ("-- id: cla_at_end\n-- definition: >-\n--   children looked after\n"
            "SELECT la_code, count(*) AS numerator\nFROM cla_at_end GROUP BY la_code;\n")
    meta, sql = sql_with_header("cla_at_end.sql", text, SampleError, ("id", "definition"))
    assert meta == {"id": "cla_at_end", "definition": "children looked after"}
    assert sql == "SELECT la_code, count(*) AS numerator\nFROM cla_at_end GROUP BY la_code"
    with pytest.raises(SampleError, match=r"^x.sql: the header has no 'title'$"):
        sql_with_header("x.sql", text, SampleError, ("id", "title"))
    with pytest.raises(SampleError, match=r"^x.sql: the comment header is not valid YAML"):
        sql_with_header("x.sql", "-- id: [\nSELECT 1", SampleError, ())


def test_read_as_typed_keeps_keys_and_values_as_written() -> None:
    from carepanel.config_files import read_as_typed

    doc = read_as_typed("2.10:\n  date: 2025-03-31\n  n: 007\n2.1: ~\n", "c.yaml", SampleError)
    assert list(doc) == ["2.10", "2.1"] and doc["2.1"] is None
    assert doc["2.10"] == {"date": "2025-03-31", "n": "007"}
    assert doc.line_of("2.1") == 4 and doc["2.10"].line_of("n") == 3
    with pytest.raises(SampleError, match=r"c.yaml line 2: '2.10' is given twice"):
        read_as_typed("2.10: a\n2.10: b\n", "c.yaml", SampleError)


def test_a_models_mistakes_come_back_at_once_in_file_order_with_lines() -> None:
    from carepanel.config_files import FileModel, check

    class Item(FileModel):
        name: str
        size: int = 0

    class Doc(FileModel):
        items: list[Item]

    doc = read_yaml("items:\n  - name: a\n    size: big\n  - nme: b\n", "s.yaml", SampleError)
    with pytest.raises(SampleError) as e:
        check(Doc, doc, "s.yaml", SampleError,
              label=lambda loc, node: f"item {loc[1]}" if len(loc) == 2 else None)
    assert str(e.value).splitlines() == [
        "s.yaml line 3, item 0: size must be a number, not 'big'",
        "s.yaml line 4, item 1: name is missing",
        "s.yaml line 4, item 1: unknown field 'nme' (did you mean 'name'?); the fields are "
        "name, size",
    ]
