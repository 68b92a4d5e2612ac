"""Reading the files people write by hand: the scorecard configuration, manual values,
commentary and the strategy.

Performance officers edit these in a text editor or save them from Excel, so every mistake
must come back as "scorecard.yaml line 14, measure 2.15: target must be a number", never as
a traceback. Each reader raises its own error class (``ConfigError``, ``ManualError``, ...):
the helpers here take that class so one piece of code serves all four.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml


def read_text(path: Path | str, error: type[Exception], *,
              not_utf8_hint: str = "") -> tuple[str, str]:
    """The file's text (a BOM from Excel's "CSV UTF-8" dropped) and the name to quote in
    messages. A missing file names the path as given; a file in another encoding says so."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig"), p.name
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except UnicodeDecodeError:
        raise error(f"{p.name}: not a UTF-8 text file{not_utf8_hint}") from None


class LinedMap(dict):
    """A YAML mapping that remembers where it and each of its keys were in the file."""

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.raw: dict[Any, str] = {}  # scalar values' source text, before YAML typed them

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def scalar_text(m: LinedMap, key: str) -> str:
    """A field's value exactly as written: ``number: 2.10`` is "2.10", not 2.1."""
    if key in m.raw and not isinstance(m[key], str):
        return m.raw[key].strip()
    return str(m[key]).strip()


class _Loader(yaml.SafeLoader):
    """A safe loader whose mappings are ``LinedMap``s; a duplicate key is an error."""

    source_name = "file.yaml"
    error: type[Exception] = ValueError


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LinedMap]:
    data = LinedMap(node.start_mark.line + 1)
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise loader.error(f"{loader.source_name} line {line}: a key must be a plain "
                               "word") from None
        if key in data.key_lines:
            raise loader.error(f"{loader.source_name} line {line}: {key!r} is given twice "
                               f"(first on line {data.key_lines[key]})")
        data.key_lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            data.raw[key] = value_node.value
        try:
            data[key] = loader.construct_object(value_node, deep=True)
        except loader.error:
            raise
        except ValueError:  # a value YAML reads as a date but is none, e.g. 2025-13-01
            shown = value_node.value if isinstance(value_node, yaml.ScalarNode) else "it"
            raise loader.error(f"{loader.source_name} line {value_node.start_mark.line + 1}: "
                               f"{key} {shown!r} is not a date (YYYY-MM-DD)") from None


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def _syntax_error(e: yaml.YAMLError, name: str, error: type[Exception]) -> Exception:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if isinstance(e, yaml.MarkedYAMLError):
        where = f" line {mark.line + 1}" if mark else ""
        return error(f"{name}{where}: not valid YAML: {e.problem or e.context}")
    return error(f"{name}: not valid YAML: {e}")


def read_yaml(text: str, name: str, error: type[Exception]) -> Any:
    """Parse YAML so that every mapping is a ``LinedMap``; syntax errors name the line."""
    loader_cls = type("_NamedLoader", (_Loader,), {"source_name": name, "error": error})
    try:
        return yaml.load(text, Loader=loader_cls)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise _syntax_error(e, name, error) from None


def safe_load(text: str) -> Any:
    """Plain YAML to Python objects through libyaml where PyYAML was built with it: the
    indicator, rule and contract headers are read on every command, and the pure-Python
    parser took a tenth of a second of each."""
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, name: str, error: type[Exception]) -> yaml.Node | None:
    """The YAML's node tree, for readers that need keys exactly as typed (no Python objects
    are built, so ``2.10:`` stays "2.10"); syntax errors name the line."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as e:
        raise _syntax_error(e, name, error) from None


def sql_with_header(name: str, text: str, error: type[Exception],
                    fields: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    """Split a SQL file that starts with a YAML comment header (``-- key: value`` lines,
    the way indicators and validation rules are written) into its metadata and its one
    SELECT. Each field in ``fields`` must be given; the file holds one query, so a
    trailing ``;`` is dropped."""
    meta_lines, sql_lines, in_header = [], [], True
    for line in text.splitlines():
        if in_header and line.startswith("--"):
            meta_lines.append(line[3:] if line.startswith("-- ") else line[2:])
        else:
            in_header = False
            sql_lines.append(line)
    try:
        meta = safe_load("\n".join(meta_lines)) or {}
    except yaml.YAMLError as e:
        raise error(f"{name}: the comment header is not valid YAML: {e}") from None
    for f in fields:
        if meta.get(f) in (None, ""):
            raise error(f"{name}: the header has no {f!r}")
    return meta, "\n".join(sql_lines).strip().rstrip(";")
