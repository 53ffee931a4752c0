"""Limits on what a contributor or translator writes, checked before any parser runs.

Markdown parsers cost more than linear time on some inputs: Python-Markdown (the site) takes about
the square of the number of unclosed ``[`` or ``<`` of a paragraph (5,000 ``[``: 7.6 s; 50,000: hours)
and recurses once per level of nested lists or emphasis (1,000 nested list items or 2,000 ``_`` in a
row: RecursionError); markdown-it-py and pandoc take the square of the depth of nested lists (2,000
levels: 3.7 s and 11 s); the link pattern of ``i18n check`` the square of the number of ``[a](`` in
one entry (2,000: 23 s). Each limit below is far above the largest value in the real library
(measured on handbooks/*/*.md, docs/**/*.md and translations/*/*.po, 2026) and far below where any
of those costs shows; docs/contribute/writing.md documents them for contributors.

Everything here is one pass over the text, without recursion: linear time whatever it is given.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .diagnostics import Diagnostic, error

MAX_FILE_CHARS = 500_000
"""Characters in one chapter or page (largest in the library: 10,834)."""
MAX_BLOCK_CHARS = 20_000
"""Characters in one block, i.e. lines between blank lines, or one translation (largest: 2,325; msgstr 1,486)."""
MAX_DEPTH = 16
"""Container markers before the text of a line: ``>``, list markers, ``!!!``, ``:``, plus one per 4 columns of
indentation (largest: 1)."""
MAX_BRACKETS = 256
"""``[`` or ``<`` in one block (largest: 8 and 4)."""
MAX_RUN = 64
"""``*``, ``_`` or ``~`` in a row (largest: 2)."""
MAX_CATALOG_BYTES = 10_000_000
"""Bytes in one PO file (largest: 167 KB)."""

_MARKERS = re.compile(r"(?:(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|!!!|\?\?\?\+?|:(?=[ \t]))[ \t]*)+")
_MARKER = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|!!!|\?\?\?|:(?=[ \t])")
_RUN = re.compile(rf"\*{{{MAX_RUN + 1},}}|_{{{MAX_RUN + 1},}}|~{{{MAX_RUN + 1},}}")


@dataclass
class _Found:
    """The first place where one limit is exceeded in a file, and how many more places there are."""

    line: int
    message: str
    more: int = 0


def text_problems(text: str, shown: str | Path, entry_line: int | None = None) -> list[Diagnostic]:
    """Every limit ``text`` exceeds, each once with the first line where it does.

    ``entry_line``: the text is one PO entry starting at that line; every diagnostic names it.
    """
    found: dict[str, _Found] = {}

    def note(code: str, line: int, message: str) -> None:
        if code in found:
            found[code].more += 1
        else:
            found[code] = _Found(line if entry_line is None else entry_line, message)

    if len(text) > MAX_FILE_CHARS and entry_line is None:
        note("chapter.too_long", 1, f"{len(text):,} characters; at most {MAX_FILE_CHARS:,} in one file: split it into chapters")
    block_start, chars, brackets, angles = 1, 0, 0, 0
    lines = text.splitlines()
    for number, line in enumerate([*lines, ""], start=1):
        if not line.strip():
            if chars > MAX_BLOCK_CHARS:
                note("segment.too_long", block_start, f"a block of {chars:,} characters; at most {MAX_BLOCK_CHARS:,} "
                     "between two blank lines: split the paragraph, list or table")
            if brackets > MAX_BRACKETS or angles > MAX_BRACKETS:
                which, count = ("[", brackets) if brackets > MAX_BRACKETS else ("<", angles)
                note("markdown.bracket_run", block_start, f"{count:,} '{which}' in one block; at most {MAX_BRACKETS} "
                     "between two blank lines: split the paragraph or list")
            block_start, chars, brackets, angles = number + 1, 0, 0, 0
            continue
        chars += len(line) + 1
        brackets += line.count("[")
        angles += line.count("<")
        if run := _RUN.search(line):
            note("markdown.bracket_run", number, f"{len(run.group()):,} '{run.group()[0]}' in a row; at most {MAX_RUN}")
        depth = _depth(line)
        if depth > MAX_DEPTH:
            note("markdown.too_deep", number, f"nested {depth} levels deep (quotes, lists, admonitions, indentation); "
                 f"at most {MAX_DEPTH}: flatten the structure")
    return [error(shown, f.line, code, f.message + (f" (and {f.more:,} more places in this file)" if f.more else ""))
            for code, f in found.items()]


def _depth(line: str) -> int:
    """Containers a line opens or continues: its markers, plus its indentation in steps of 4 columns when it has any."""
    body = line.lstrip(" \t")
    markers = _MARKERS.match(body)
    if not markers:
        return 0
    indent = line[: len(line) - len(body)]
    columns = len(indent.expandtabs(4))
    return len(_MARKER.findall(markers.group())) + columns // 4


def read_source(path: Path, shown: str, kind: str = "chapter", max_bytes: int = 4 * MAX_FILE_CHARS) -> tuple[str | None, list[Diagnostic]]:
    """A contributor's UTF-8 file, or None and why not (``<kind>.too_long``, ``<kind>.unreadable``,
    ``<kind>.encoding`` with the line of the first byte that is not UTF-8). The size is checked before reading."""
    try:
        if not path.is_file():
            return None, [error(shown, 0, f"{kind}.unreadable", "not a regular file")]
        size = path.stat().st_size
        if size > max_bytes:
            return None, [error(shown, 0, f"{kind}.too_long", f"{size:,} bytes; at most {max_bytes:,} in one file: split it")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(shown, 0, f"{kind}.unreadable", f"cannot read the file: {exc.strerror or exc}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [error(shown, line, f"{kind}.encoding",
                            f"not UTF-8 ({exc.reason}, byte {data[exc.start]:#04x} on this line); save the file as UTF-8")]


TYPST_BUDGET = 300.0
"""Seconds one Typst compile may take (the longest handbook: about 2 s)."""


T = TypeVar("T")


class OverBudget(Exception):
    """An in-process call ran longer than its budget."""


def within_budget(seconds: float, call: Callable[[], T]) -> T:
    """``call()``, or OverBudget after ``seconds``. For native calls that release the GIL (Typst's compiler):
    the call runs in a daemon thread that cannot be stopped, but the build no longer waits for it, reports
    the diagnostic and ends, and the thread ends with the process."""
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="within-budget", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise OverBudget(f"ran longer than its budget of {seconds:g} s and was abandoned")
    if failure:
        raise failure[0]
    return result[0]
