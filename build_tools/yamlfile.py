"""YAML reading that remembers line numbers, so that every configuration error can name its line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, error

YamlPath = tuple[str | int, ...]
"""Where a value is in a document: mapping keys (as text) and list indexes from the root,
e.g. ("library", "pdf", "paper") or ("chapters", 0)."""


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    """The parsed document (plain dicts, lists, scalars); None when it could not be parsed."""
    lines: Mapping[YamlPath, int] = field(default_factory=dict)
    """1-based line of every mapping key and list item at any depth, by its path; () is the first
    line of the document's content."""

    def line(self, *path: str | int) -> int:
        """The line of the value at ``path``, or of its nearest ancestor that has one (a missing key
        is reported where its mapping is); 0 when the document has no lines at all."""
        key = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 0)


def read_yaml(path: Path, shown: str) -> tuple[YamlDocument, list[Diagnostic]]:
    """Parse ``path``; a syntax error becomes a diagnostic with the line PyYAML points at, a key
    written twice in one mapping an error at its second line (PyYAML would silently keep the last)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark, as some Windows editors write, is not content
    except FileNotFoundError:
        return YamlDocument(None), [error(shown, 0, "yaml.missing", "file not found")]
    except UnicodeDecodeError as exc:
        return YamlDocument(None), [error(shown, _byte_line(path.read_bytes(), exc.start), "yaml.encoding",
                                          f"not UTF-8 ({exc.reason}); save the file as UTF-8")]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct starts, usually the line to fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            problem += f" (noticed at line {exc.problem_mark.line + 1})"
        return YamlDocument(None), [error(shown, line, "yaml.syntax", f"YAML syntax error: {problem}")]
    except yaml.YAMLError as exc:
        return YamlDocument(None), [error(shown, 0, "yaml.syntax", f"YAML error: {exc}")]
    except RecursionError:
        return YamlDocument(None), [error(shown, 0, "yaml.too_deep", "lists or mappings nested too deep to read; flatten them")]
    finally:
        loader.dispose()
    lines: dict[YamlPath, int] = {}
    problems: list[Diagnostic] = []
    if node is not None:
        lines[()] = node.start_mark.line + 1
        try:
            _walk(node, (), lines, problems, shown, set())
        except RecursionError:
            return YamlDocument(None), [error(shown, 0, "yaml.too_deep", "lists or mappings nested too deep to read; flatten them")]
    if problems:
        return YamlDocument(None, lines), problems
    return YamlDocument(data, lines), []


def _walk(node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int], problems: list[Diagnostic], shown: str,
          seen: set[int]) -> None:
    if id(node) in seen:  # an alias of a node already walked (or of one of its ancestors)
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if isinstance(key_node, yaml.ScalarNode):
                name = (key_node.tag, key_node.value)
                if name in first:
                    problems.append(error(shown, line, "yaml.duplicate_key",
                                          f"key '{key_node.value}' is written twice in this mapping, first at line "
                                          f"{first[name]}; keep one (YAML would silently use the last)"))
                    continue
                first[name] = line
            sub = (*path, str(key_node.value))
            lines.setdefault(sub, line)
            _walk(value_node, sub, lines, problems, shown, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = (*path, index)
            lines.setdefault(sub, item.start_mark.line + 1)
            _walk(item, sub, lines, problems, shown, seen)


def _byte_line(data: bytes, offset: int) -> int:
    """1-based line of a byte offset: where the first byte that is not UTF-8 is."""
    return data.count(b"\n", 0, offset) + 1
