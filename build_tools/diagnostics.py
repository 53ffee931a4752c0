"""Diagnostics: every problem the pipeline finds, collected and reported together.

A build never stops at the first problem: stages return diagnostics, the pipeline gathers them
and fails once, at the end of the phase, listing all of them. Each names a stable code so that
tests, documentation and translators can refer to it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    """Path relative to the repository root (or an absolute path outside it)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    code: str
    """Stable dotted code, e.g. ``xref.not_found``: documented in docs/contribute/diagnostics.md."""
    message: str
    """What is wrong and how to fix it, in one or two sentences."""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


def error(file: str | Path, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(file), line, code, message, Severity.ERROR)


def warning(file: str | Path, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(file), line, code, message, Severity.WARNING)


@dataclass
class Report:
    """The diagnostics of one run, in the order found; printed sorted by file and line."""

    items: list[Diagnostic] = field(default_factory=list)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(set(self.items)))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


class BuildFailed(Exception):
    """Raised by the pipeline once a phase ends with errors; carries every diagnostic found."""

    def __init__(self, report: Report, stage: str) -> None:
        super().__init__(f"{stage}: {len(report.errors)} error(s)")
        self.report = report
        self.stage = stage
