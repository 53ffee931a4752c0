"""YAML reading that remembers line numbers, so that every configuration error can name its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, error


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    """The parsed document (plain dicts, lists, scalars); None when it could not be parsed."""
    key_lines: dict[str, int]
    """1-based line of each top-level key, for diagnostics."""


def read_yaml(path: Path, shown: str) -> tuple[YamlDocument, list[Diagnostic]]:
    """Parse ``path``; a syntax error becomes a diagnostic with the line PyYAML points at."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return YamlDocument(None, {}), [error(shown, 0, "yaml.missing", "file not found")]
    except UnicodeDecodeError as exc:
        return YamlDocument(None, {}), [
            error(shown, 0, "yaml.encoding", f"not UTF-8 ({exc.reason}); save the file as UTF-8")
        ]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct starts, usually the line to fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            problem += f" (noticed at line {exc.problem_mark.line + 1})"
        return YamlDocument(None, {}), [
            error(shown, line, "yaml.syntax", f"YAML syntax error: {problem}")
        ]
    except yaml.YAMLError as exc:
        return YamlDocument(None, {}), [error(shown, 0, "yaml.syntax", f"YAML error: {exc}")]
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 1
    return YamlDocument(data, key_lines), []
