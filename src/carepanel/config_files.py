"""Reading the files people write by hand: the scorecard configuration, manual values,
commentary, the strategy and the paper file.

Performance officers edit these in a text editor or save them from Excel, so every mistake
must come back as "scorecard.yaml line 14, measure 2.15: target must be a number", never as
a traceback, and all of a file's mistakes at once, so one round of corrections is enough.
The YAML is read into ``LinedMap``s (mappings that remember each key's line), then checked
by a pydantic model built on ``FileModel``; ``check`` turns each of the model's errors into
one line of the message. Each reader raises its own error class (``ConfigError``,
``ManualError``, ...): the helpers here take that class so one piece of code serves all.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError


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


M = TypeVar("M")


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


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader whose mappings are ``LinedMap``s; a duplicate key is an error. Built
    on libyaml where PyYAML has it: the scorecard file alone took a tenth of a second to
    read with the pure-Python parser, on every command that reads it."""

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


def read_as_typed(text: str, name: str, error: type[Exception]) -> Any:
    """The YAML as ``LinedMap``s, lists and text exactly as typed, keys included: ``2.10:``
    stays "2.10" (``read_yaml`` keeps values as typed, but a key would become 2.1). An
    empty value (``~``, ``null`` or nothing) is None; a key given twice is an error."""
    root = compose(text, name, error)
    return None if root is None else _as_typed(root, name, error)


def _as_typed(node: yaml.Node, name: str, error: type[Exception]) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LinedMap(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise error(f"{name} line {line}: a key must be a plain word")
            key = str(key_node.value).strip()
            if key in out.key_lines:
                raise error(f"{name} line {line}: {key!r} is given twice (first on line "
                            f"{out.key_lines[key]})")
            out.key_lines[key] = line
            out[key] = _as_typed(value_node, name, error)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_as_typed(item, name, error) for item in node.value]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


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


# ---------------------------------------------------------------------------------------
# Checking a file against a pydantic model, every mistake at once

Loc = tuple[str | int, ...]
Label = Callable[[Loc, Any], str | None]
"""Names the thing a mapping is ("measure 2.15") from its place in the file, or None; ""
for a thing with no name of its own (a table's row: its line says which)."""

FIELD_PROBLEM = "field"
"""A custom error whose message is a predicate of the field: "must be a number, not 'x'"."""
WHOLE_PROBLEM = "whole"
"""A custom error whose message stands on its own: "unknown indicator id 'x'"."""


def problem(message: str, *, whole: bool = False, **context: Any) -> PydanticCustomError:
    """An error for a model's validator to raise. The message is a predicate of the field
    it is raised on ("must be text"), or with ``whole`` a sentence of its own. ``key`` in
    the context names a key of the mapping whose line the message should quote instead of
    the mapping's own (a check across several fields that is about one of them)."""
    kind = WHOLE_PROBLEM if whole else FIELD_PROBLEM
    return PydanticCustomError(kind, message, context)


class FileModel(BaseModel):
    """A mapping in a hand-written file. Unknown keys are mistakes (a misspelt ``trget``
    would otherwise be dropped without a word) and each is reported with the other
    mistakes of the same mapping, with the nearest field name as a hint.

    ``as_written`` lists the text fields a number may be typed in (``number: 2.10``): they
    get the number as the file spells it ("2.10"), not as YAML read it (2.1)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    as_written: ClassVar[tuple[str, ...]] = ()
    _line: int = PrivateAttr(0)

    @property
    def line(self) -> int:
        """The line the mapping starts on (0 when it was not read from a file)."""
        return self._line

    @model_validator(mode="wrap")
    @classmethod
    def _known_fields_only(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        allowed = tuple(f.alias or n for n, f in cls.model_fields.items())
        given = {k: _as_written(data, k) if k in cls.as_written else v
                 for k, v in data.items() if k in allowed}
        errors: list[InitErrorDetails] = []
        result = None
        try:
            result = handler(given)
        except ValidationError as e:
            errors = [_carried(d) for d in e.errors()]
        for key in data:
            if key not in allowed:
                errors.append(InitErrorDetails(
                    type=PydanticCustomError("unknown_field", "unknown field",
                                             {"key": key, "allowed": allowed}),
                    loc=(str(key),), input=data[key]))
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        if isinstance(data, LinedMap) and isinstance(result, FileModel):
            result._line = data.line
        return result


def also_raise(errors: list[InitErrorDetails], handler: ValidatorFunctionWrapHandler,
               value: Any) -> Any:
    """``handler(value)``, with ``errors`` (found by a check across entries) raised along
    with the entries' own, so a file with both kinds hears of both at once."""
    try:
        result = handler(value)
    except ValidationError as e:
        errors = errors + [_carried(d) for d in e.errors()]
        result = None
    if errors:
        raise ValidationError.from_exception_data("entries", errors)
    return result


def _as_written(data: dict, key: str) -> Any:
    value = data[key]
    if isinstance(data, LinedMap) and isinstance(value, int | float) \
            and not isinstance(value, bool):
        return scalar_text(data, key)
    return value


def _carried(d: ErrorDetails) -> InitErrorDetails:
    """A nested mapping's error, passed on unchanged when the outer mapping adds its own."""
    return InitErrorDetails(type=PydanticCustomError(d["type"], d["msg"], d.get("ctx")),
                            loc=d["loc"], input=d["input"])


def check(model: type[M] | TypeAdapter[M], data: Any, name: str, error: type[Exception], *,
          label: Label | None = None, context: dict[str, Any] | None = None,
          columns: bool = False) -> M:
    """``data`` (read by ``read_yaml``) checked against ``model``; every mistake in the
    file is raised at once as ``error``, one line each, in the order of the file:
    "scorecard.yaml line 14, measure 2.15: target must be a number, not 'x'".

    ``label`` names the thing a mapping describes; ``context`` reaches the model's
    validators (what the file refers to: the catalogue, the pledges); ``columns`` quotes
    a row's fields as columns ("line 3, column value: ...") for files that are tables."""
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    try:
        return adapter.validate_python(data, context=context)
    except ValidationError as e:
        found = [_describe(d, data, name, label, columns) for d in e.errors()]
        found.sort(key=lambda f: f[0])
        raise error("\n".join(dict.fromkeys(text for _, text in found))) from None


def _describe(d: ErrorDetails, root: Any, name: str, label: Label | None,
              columns: bool) -> tuple[int, str]:
    ctx = d.get("ctx", {})
    line = root.line if isinstance(root, LinedMap) else 1
    node, thing, field_at = root, None, 0
    for n, part in enumerate(d["loc"]):
        if isinstance(node, LinedMap):
            # a key's line; a missing key's, the line its mapping starts on (the key that
            # holds the mapping, or the "- " of a list's entry)
            line = node.key_lines.get(part, line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, LinedMap):
                line = node.line
        else:
            break
        if label is not None:
            named = label(d["loc"][:n + 1], node)
            if named is not None:
                thing, field_at = named, n + 1
    if isinstance(node, LinedMap) and ctx.get("key") in node:
        line = node.line_of(ctx["key"])
    field = [str(p) if isinstance(p, str) else f"entry {p + 1}" for p in d["loc"][field_at:]]
    if not field and ctx.get("key") and columns:
        field = [str(ctx["key"])]
    where = f"{name} line {line}" + (f", {thing}" if thing else "")
    kind = d["type"]
    if kind == "unknown_field":
        near = difflib.get_close_matches(str(ctx["key"]), ctx["allowed"], n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        inside = f"{' '.join(field[:-1])}: " if len(field) > 1 else ""
        if columns:
            return line, (f"{where}: unknown column {ctx['key']!r}{hint}; the columns are "
                          f"{', '.join(ctx['allowed'])}")
        return line, (f"{where}: {inside}unknown field {ctx['key']!r}{hint}; the fields are "
                      f"{', '.join(ctx['allowed'])}")
    if kind == "missing" and len(d["loc"]) == 1 and isinstance(root, LinedMap):
        return 0, f"{name}: the file has no {d['loc'][0]!r}"
    message = d["msg"] if kind in (FIELD_PROBLEM, WHOLE_PROBLEM) else _plain(kind, d)
    if kind == WHOLE_PROBLEM or not field:
        prefix = f", column {field[-1]}" if columns and field else ""
        return line, f"{where}{prefix}: {message}"
    if columns:
        return line, f"{where}, column {field[-1]}: {field[-1]} {message}"
    return line, f"{where}: {' '.join(field)} {message}"


def _plain(kind: str, d: ErrorDetails) -> str:
    """Pydantic's own errors in the words of the rest of the messages."""
    shown = escaped(d["input"])
    if kind == "missing":
        return "is missing"
    if kind.startswith(("float", "int", "decimal")):
        return f"must be a number, not {shown}"
    if kind.startswith("string"):
        return f"must be text, not {shown}"
    if kind.startswith("bool"):
        return f"must be yes or no, not {shown}"
    if kind.startswith(("date", "datetime")):
        return f"must be a date (YYYY-MM-DD), not {shown}"
    if kind.startswith("list") or kind == "too_short":
        return "must be a list" + (" with at least one entry" if kind == "too_short" else "")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a mapping"
    if kind == "literal_error":
        return f"must be one of {d.get('ctx', {}).get('expected', '')}, not {shown}"
    return f"is not valid: {d['msg']}"


def escaped(value: Any) -> str:
    """A value from the file as a message quotes it: ``repr`` for text, so quotes show
    where it starts and ends and no control character reaches the terminal."""
    if isinstance(value, LinedMap):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
