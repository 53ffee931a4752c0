"""Segmentation: a chapter becomes a template of literal Markdown and translatable slots, one slot
per block (heading, paragraph, list item, table cell, footnote, image alt text, figure caption,
admonition title, definition term and definition).

Filling the slots with translations gives the translated chapter with the source's structure, ids,
link targets and markup intact: only the words change (DESIGN decision 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .ids import split_heading


@dataclass(frozen=True)
class Segment:
    kind: str
    """heading, paragraph, item, cell, footnote, alt, caption, admonition-title, term, definition."""
    text: str
    """The source text of the block on one line (soft line breaks become spaces); the PO msgid."""
    line: int
    """1-based line in the source where the block starts."""
    section: str
    """Id of the section the block belongs to, for translators' context and per-section status."""
    indent: str = ""
    """The indentation of the block's container (admonition, list), for text written after it."""


@dataclass(frozen=True)
class Template:
    """A chapter as alternating literal text and slots: ``parts[i]`` is a str or an index into ``segments``."""

    parts: tuple[str | int, ...]
    segments: tuple[Segment, ...]

    def fill(self, text_of: Callable[[Segment], str]) -> str:
        return "".join(part if isinstance(part, str) else text_of(self.segments[part]) for part in self.parts)


INLINE_KINDS = frozenset({"heading", "paragraph", "item", "cell", "footnote", "caption", "admonition-title", "term", "definition"})
"""Kinds whose text is Markdown inline content (alt text is plain text)."""

_FENCE = re.compile(r"^(\s*)(```+|~~~+)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_MARKER_ALONE = re.compile(r"^(?:[-*+]|\d+[.)]|=+|-+)$")
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])(\s+)(\[[ xX]\]\s+)?(.*)$")
_FOOTNOTE = re.compile(r"^(\[\^[^\]\s]+\]:\s*)(.*)$")
_ADMONITION = re.compile(r'^(!!!\s+\w+)(?:\s+"(.*)")?\s*$')
_DEFINITION = re.compile(r"^(:\s{3})(.*)$")
_IMAGE = re.compile(r'^!\[((?:[^\]\\]|\\.)*)\]\(([^)\s]+)(?:\s+"((?:[^"\\]|\\.)*)")?\)\s*$')
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str | int] = []
        self.segments: list[Segment] = []
        self.section = ""

    def literal(self, text: str) -> None:
        if self.parts and isinstance(self.parts[-1], str):
            self.parts[-1] += text
        else:
            self.parts.append(text)

    def slot(self, kind: str, text: str, line: int, indent: str = "") -> None:
        text = " ".join(text.split())
        if not text:
            return
        self.parts.append(len(self.segments))
        self.segments.append(Segment(kind, text, line, self.section, indent))


def segment_markdown(text: str) -> Template:
    builder = _Builder()
    lines = text.splitlines()
    _blocks(lines, 0, len(lines), "", builder, first_line=1)
    return Template(tuple(builder.parts), tuple(builder.segments))


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blocks(lines: list[str], start: int, end: int, prefix: str, b: _Builder, first_line: int) -> None:
    """Segment ``lines[start:end]``, each of which begins with ``prefix`` (the container's indentation)."""
    i = start
    while i < end:
        raw = lines[i]
        line = raw[len(prefix):] if raw.startswith(prefix) else raw.lstrip(" ")
        lead = prefix + line[: len(line) - len(line.lstrip(" \t"))]  # a nested list item keeps its own indentation (a tab too)
        line = line.lstrip(" ")
        number = first_line + i
        stripped = line.strip()
        if not stripped or _MARKER_ALONE.match(stripped):
            # A blank line, or a list marker alone (an empty item; a line of '-' under text makes a heading):
            # nothing to translate, and never joined to the text before or after it.
            b.literal(raw + "\n")
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            i = _fenced(lines, i, end, fence.group(2), b)
            continue
        heading = _HEADING.match(line)
        if heading:
            title, explicit = split_heading(heading.group(2))
            b.section = explicit or b.section  # headings without an explicit id keep the context of the last one
            b.literal(prefix + heading.group(1) + " ")
            b.slot("heading", title, number)
            b.literal((f" {{#{explicit}}}" if explicit else "") + "\n")
            i += 1
            continue
        if line.startswith("|"):
            i = _table(lines, i, end, lead, b, first_line)
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            b.literal(prefix + admonition.group(1))
            if admonition.group(2) is not None:
                b.literal(' "')
                b.slot("admonition-title", admonition.group(2), number)
                b.literal('"')
            b.literal("\n")
            body_end = _indented_end(lines, i + 1, end, len(prefix) + 4)
            _blocks(lines, i + 1, body_end, prefix + "    ", b, first_line)
            i = body_end
            continue
        footnote = _FOOTNOTE.match(line)
        if footnote:
            body_end = _continuation_end(lines, i + 1, end, len(prefix) + 4)
            b.literal(prefix + footnote.group(1))
            b.slot("footnote", " ".join([footnote.group(2)] + [lines[j].strip() for j in range(i + 1, body_end)]), number)
            b.literal("\n")
            i = body_end
            continue
        item = _LIST_ITEM.match(line)
        if item:
            marker = item.group(1) + item.group(2) + (item.group(3) or "")
            content_indent = len(lead) + len(item.group(1)) + len(item.group(2))
            body_end = _continuation_end(lines, i + 1, end, content_indent)
            b.literal(lead + marker)
            b.slot("item", " ".join([item.group(4)] + [lines[j].strip() for j in range(i + 1, body_end)]), number)
            b.literal("\n")
            i = body_end
            continue
        if i + 1 < end and _DEFINITION.match(lines[i + 1][len(prefix):]):
            b.literal(prefix)
            b.slot("term", stripped, number)
            b.literal("\n")
            i += 1
            while i < end and _DEFINITION.match(lines[i][len(prefix):]):
                definition = _DEFINITION.match(lines[i][len(prefix):])
                assert definition
                body_end = _continuation_end(lines, i + 1, end, len(prefix) + 4)
                b.literal(prefix + definition.group(1))
                b.slot("definition", " ".join([definition.group(2)] + [lines[j].strip() for j in range(i + 1, body_end)]),
                       first_line + i)
                b.literal("\n")
                i = body_end
            continue
        image = _IMAGE.match(stripped)
        if image:
            b.literal(prefix + "![")
            b.slot("alt", image.group(1), number)
            b.literal(f"]({image.group(2)}")
            if image.group(3):
                b.literal(' "')
                b.slot("caption", image.group(3), number)
                b.literal('"')
            b.literal(")\n")
            i += 1
            continue
        i = _paragraph(lines, i, end, lead, b, first_line)


def _fenced(lines: list[str], i: int, end: int, fence: str, b: _Builder) -> int:
    b.literal(lines[i] + "\n")
    i += 1
    while i < end:
        b.literal(lines[i] + "\n")
        if lines[i].strip().startswith(fence):
            return i + 1
        i += 1
    return i


def _table(lines: list[str], i: int, end: int, prefix: str, b: _Builder, first_line: int) -> int:
    """Rows from ``lines[i]``, which always is one (a row indented otherwise than ``prefix`` once never ended)."""
    start = i
    while i < end and (i == start or (lines[i].startswith(prefix) and lines[i][len(prefix):].startswith("|"))):
        row = (lines[i][len(prefix):] if lines[i].startswith(prefix) else lines[i].lstrip(" ")).rstrip()
        if _TABLE_SEPARATOR.match(row):
            b.literal(prefix + row + "\n")
        else:
            cells = re.split(r"(?<!\\)\|", row.strip().strip("|")) if row.strip() != "|" else []
            b.literal(prefix + "|")
            for cell in cells:
                b.literal(" ")
                if cell.strip():
                    b.slot("cell", cell, first_line + i)
                b.literal(" |")
            b.literal("\n")
        i += 1
    return i


def _indented_end(lines: list[str], i: int, end: int, indent: int) -> int:
    """End of a block whose lines are indented by at least ``indent`` (blank lines included, trailing ones not)."""
    last = i
    while i < end:
        if lines[i].strip() and _indent_of(lines[i]) < indent:
            break
        if lines[i].strip():
            last = i + 1
        i += 1
    return last


def _continuation_end(lines: list[str], i: int, end: int, indent: int) -> int:
    """Lazy continuation lines of a list item, footnote or definition: non-blank, not a new block."""
    while i < end:
        line = lines[i]
        body = line.strip()
        if not body or _starts_block(body) or (_indent_of(line) < indent and _LIST_ITEM.match(body)):
            break
        if _indent_of(line) >= indent and _LIST_ITEM.match(body):
            break
        i += 1
    return i


def _starts_block(body: str) -> bool:
    return bool(_HEADING.match(body) or body.startswith("|") or _FOOTNOTE.match(body) or _ADMONITION.match(body)
                or _FENCE.match(body) or _LIST_ITEM.match(body) or _DEFINITION.match(body) or _MARKER_ALONE.match(body))


def _paragraph(lines: list[str], i: int, end: int, prefix: str, b: _Builder, first_line: int) -> int:
    start = i
    text: list[str] = []
    while i < end:
        body = lines[i].strip()
        if not body or (i > start and (_starts_block(body) or (i + 1 < end and _DEFINITION.match(lines[i + 1].strip())))):
            break
        text.append(body)
        i += 1
    b.literal(prefix)
    b.slot("paragraph", " ".join(text), first_line + start, prefix)
    b.literal("\n")
    return i
