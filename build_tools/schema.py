"""A small declarative schema for YAML mappings (handbook.yml, the ``library`` key of mkdocs.yml).

Every error names the file, the line, the key and what is accepted, and unknown keys are reported
rather than ignored: a misspelt optional key would otherwise silently do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, error
from .yamlfile import YamlDocument, YamlPath, read_yaml


@dataclass(frozen=True)
class Field:
    name: str
    kind: type
    """Python type of the value: str, int, bool, list (of str) or dict."""
    required: bool = True
    choices: tuple[str, ...] = ()
    """Accepted values (for a str) or accepted items (for a list); empty means any."""
    check: Callable[[Any], str | None] | None = None
    """Extra check returning an error message, or None when the value is fine."""
    help: str = ""
    """What the key means, shown in errors."""


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}


def validate(
    doc: YamlDocument, fields: Sequence[Field], shown: str, code_prefix: str, where: str = ""
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check ``doc.data`` against ``fields``; return the accepted values and the problems found."""
    prefix = f"{where}." if where else ""
    if not isinstance(doc.data, Mapping):
        return {}, [error(shown, 1, f"{code_prefix}.not_mapping", f"{where or 'the file'} must be a mapping of keys to values")]
    return validate_mapping(doc.data, doc, (), fields, shown, code_prefix, prefix)


def validate_mapping(
    data: Mapping[str, Any],
    doc: YamlDocument,
    path: YamlPath,
    fields: Sequence[Field],
    shown: str,
    code_prefix: str,
    prefix: str = "",
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check the mapping found at ``path`` in ``doc``: each problem at the line of the offending key
    or list item, a missing key at the line of the mapping itself."""
    known = {f.name: f for f in fields}
    problems: list[Diagnostic] = []
    values: dict[str, Any] = {}
    for key in data:
        if key not in known:
            accepted = ", ".join(sorted(known))
            problems.append(
                error(shown, doc.line(*path, str(key)), f"{code_prefix}.unknown_key",
                      f"unknown key '{prefix}{key}'; accepted keys: {accepted}")
            )
    for f in fields:
        if f.name not in data or data[f.name] is None:
            if f.required:
                problems.append(
                    error(shown, doc.line(*path), f"{code_prefix}.missing_key",
                          f"missing required key '{prefix}{f.name}'" + (f" ({f.help})" if f.help else ""))
                )
            continue
        value = data[f.name]
        message = _check_value(f, value)
        if message:
            where = (*path, f.name, *_culprit(f, value, message))
            problems.append(error(shown, doc.line(*where), f"{code_prefix}.bad_value", f"key '{prefix}{f.name}': {message}"))
            continue
        values[f.name] = value
    return values, problems


def _culprit(f: Field, value: Any, message: str) -> tuple[str | int, ...]:
    """The list item or mapping key of a rejected value that is wrong on its own, for the same reason, so that
    the error names its line rather than the line of the key above it; () when the value is wrong as a whole."""
    if isinstance(value, list) and f.kind is list:
        return next(((index,) for index, item in enumerate(value) if _check_value(f, [item]) == message), ())
    if isinstance(value, dict) and f.kind is dict:
        return next(((str(key),) for key, item in value.items() if _check_value(f, {key: item}) == message), ())
    return ()


def _check_value(f: Field, value: Any) -> str | None:
    type_ok = isinstance(value, f.kind) and not (f.kind is int and isinstance(value, bool))
    if not type_ok:
        return f"expected {_TYPE_NAMES.get(f.kind, f.kind.__name__)}, got {type(value).__name__} {value!r}"
    if f.kind is list:
        bad_items = [item for item in value if not isinstance(item, str) or not item.strip()]
        if bad_items:
            return f"every item must be non-empty text; got {bad_items[0]!r}"
        if not value:
            return "the list must not be empty"
        if f.choices:
            unknown = [item for item in value if item not in f.choices]
            if unknown:
                return f"unknown value {unknown[0]!r}; accepted values: {', '.join(f.choices)}"
    if f.kind is str:
        if not value.strip():
            return "must not be empty"
        if f.choices and value not in f.choices:
            return f"unknown value {value!r}; accepted values: {', '.join(f.choices)}"
    return f.check(value) if f.check else None


@dataclass(frozen=True)
class Registry:
    """A YAML file that holds one list of entries (the standards registry, the termbase), validated."""

    doc: YamlDocument
    entries: tuple[tuple[dict[str, Any], YamlPath], ...]
    """The accepted entries, each with its path in ``doc`` (for the lines of its keys)."""
    unreadable: frozenset[str]
    """What could not be read, so that what merely follows from it is not reported again: the ids of
    the entries left out for their own errors, or ``{"*"}`` when the file, or an entry whose id cannot
    be told, could not be read."""


def read_registry(path: Path, shown: str, list_key: str, id_key: str, fields: Sequence[Field], code: str
                  ) -> tuple[Registry, list[Diagnostic]]:
    """Every entry validated, each error at the line of its key; a repeated id is reported at its second
    line, naming the first."""
    doc, problems = read_yaml(path, shown)
    if problems:
        return Registry(doc, (), frozenset("*")), problems
    entries = doc.data.get(list_key) if isinstance(doc.data, Mapping) else None
    if not isinstance(entries, list):
        return Registry(doc, (), frozenset("*")), [
            error(shown, doc.line(list_key) or 1, f"{code}.bad_value", f"expected '{list_key}:' followed by a list of entries")]
    accepted: list[tuple[dict[str, Any], YamlPath]] = []
    unreadable: set[str] = set()
    first_line: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = f"{list_key}[{index + 1}]"
        entry_path: YamlPath = (list_key, index)
        line = doc.line(*entry_path)
        if not isinstance(entry, Mapping):
            problems.append(error(shown, line, f"{code}.bad_value", f"{where}: expected a mapping"))
            unreadable.add("*")
            continue
        values, found = validate_mapping(entry, doc, entry_path, fields, shown, code, f"{where}.")
        problems.extend(found)
        if found:
            ident = entry.get(id_key)
            unreadable.add(ident if isinstance(ident, str) and id_key in values else "*")
            continue
        ident = str(values[id_key])
        if ident in first_line:
            problems.append(error(shown, line, f"{code}.duplicate_{id_key}",
                                  f"{id_key} '{ident}' is already used at line {first_line[ident]}; give this entry another {id_key}"))
            continue
        first_line[ident] = line
        accepted.append((values, entry_path))
    return Registry(doc, tuple(accepted), frozenset(unreadable)), problems
