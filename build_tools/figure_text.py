"""The words drawn inside SVG figures, translated like the rest of a handbook.

A diagram whose boxes stay in English tells an Arabic or Chinese reader little, even with its caption
and description translated. Each label of an SVG in a handbook's ``media/`` is a catalog entry; the
site and the editions of a language get a copy of the figure with the labels translated.

A label is one ``<text>`` element, or several stacked lines of one box: consecutive elements with the
same x and style, one line below the other. The translation is wrapped again to the width the English
lines took, and set a little smaller or on one more line when it is longer, centred where the English
was. Figures are written by hand or by a script with this shape in mind; a ``<text>`` holding
``<tspan>`` children is treated as one line with its text.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .languages import language

_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.DOTALL)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_ROOT = re.compile(r"<svg\b[^>]*>")
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""Runs of breaking white space; no-break spaces (French « : », thousands) are kept as they are."""


_SCALES = ((0, 1.0), (0, 0.9), (1, 1.0), (1, 0.9), (0, 0.8), (1, 0.8))
"""(extra lines, font scale) tried in turn until the translation fits the English width."""
_SCALES_ONE_LINE = ((0, 1.0), (0, 0.9), (0, 0.8), (0, 0.7), (1, 1.0), (1, 0.9), (1, 0.8))
"""A one-line label (a title, an item of a list) is usually close to the next one: smaller before taller,
and when it must take a second line, that line goes below it."""
SLACK = 1.1
"""The English rarely fills its box: a translation may be this much wider before it is made smaller."""


@dataclass(frozen=True)
class _Line:
    """One ``<text>`` element: its span in the file, its attributes, and the lines it draws — one, or
    one per ``<tspan>`` when it stacks them itself (``dy`` apart)."""

    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]
    parts: tuple[str, ...]
    dy: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def attr(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)

    @property
    def style(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, v) for k, v in self.attrs if k != "y")

    @property
    def size(self) -> float:
        return _number(self.attr("font-size", "16"), 16.0)


@dataclass(frozen=True)
class Label:
    """The text of one box or caption of a figure: the catalog msgid, and the lines that draw it."""

    text: str
    lines: tuple[_Line, ...]


def _number(value: str, default: float) -> float:
    try:
        return float(value.removesuffix("px"))
    except ValueError:
        return default


_TSPAN = re.compile(r"<tspan\b([^>]*)>(.*?)</tspan>", re.DOTALL)


def _plain(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


_ELEMENT = re.compile(r"<(/?)([\w:-]+)([^>]*?)(/?)>")


INHERITED = ("font-size", "font-weight", "text-anchor")
"""Presentation attributes a label takes from the groups around it, which its layout depends on."""


def _inherited(svg: str) -> dict[int, dict[str, str]]:
    """The inherited attributes in force where each element starts: a label must know its size to be
    set smaller, and its anchor to know on which side it may grow."""
    found: dict[int, dict[str, str]] = {}
    stack: list[dict[str, str]] = [{"font-size": "16"}]
    for match in _ELEMENT.finditer(svg):
        closing, _, attributes, empty = match.groups()
        if closing:
            if len(stack) > 1:
                stack.pop()
            continue
        own = dict(_ATTR.findall(attributes))
        here = {**stack[-1], **{k: v for k, v in own.items() if k in INHERITED}}
        found[match.start()] = here
        if not empty:
            stack.append(here)
    return found


def _lines(svg: str) -> list[_Line]:
    found = []
    inherited = _inherited(svg)
    for match in _TEXT.finditer(svg):
        content = match.group(2)
        spans = _TSPAN.findall(content)
        parts = [_plain(content.split("<tspan", 1)[0]), *(_plain(text) for _, text in spans)]
        parts = [part for part in parts if part]
        dy = _number(dict(_ATTR.findall(spans[0][0])).get("dy", "0"), 0.0) if spans else 0.0
        if any(char.isalpha() for part in parts for char in part):
            attrs = dict(_ATTR.findall(match.group(1)))
            for key, value in inherited.get(match.start(), {"font-size": "16"}).items():
                attrs.setdefault(key, value)  # written out when the label is drawn again: same look
            found.append(_Line(match.start(), match.end(), tuple(attrs.items()), tuple(parts), dy))
    return found


def _continues(previous: _Line, line: _Line, svg: str) -> bool:
    """Whether ``line`` is the next line of the same box as ``previous``."""
    gap = _number(line.attr("y"), 0) - _number(previous.attr("y"), 0)
    return (line.style == previous.style and not svg[previous.end:line.start].strip()
            and len(line.parts) == len(previous.parts) == 1 and 0 < gap <= 1.6 * line.size)


def labels(svg: str) -> list[Label]:
    groups: list[list[_Line]] = []
    for line in _lines(svg):
        if groups and _continues(groups[-1][-1], line, svg):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Label(" ".join(line.text for line in group), tuple(group)) for group in groups]


def figure_labels(root: Path, folder: Path) -> Iterator[tuple[str, str]]:
    """(location, text) of every label of every SVG in a handbook's media folder."""
    for path in sorted((root / folder / "media").glob("*.svg")):
        for label in labels(path.read_text(encoding="utf-8")):
            yield (folder / "media" / path.name).as_posix(), label.text


def translate_svg(svg: str, translate: Callable[[str], str | None], lang: str) -> str:
    """The figure with each translated label in place of the English one; untranslated labels stay."""
    found, boxes, canvas = labels(svg), _boxes(svg), _canvas(svg)
    title_size = max((label.lines[0].size for label in found), default=0.0)
    pieces, position = [], 0
    for label in found:
        translated = translate(label.text)
        if not translated:
            continue
        room = _room(label, found, boxes, canvas if label.lines[0].size == title_size else None)
        pieces += [svg[position:label.lines[0].start], _render(label, _SPACES.sub(" ", translated).strip(), room)]
        position = label.lines[-1].end
    pieces.append(svg[position:])
    return _with_language("".join(pieces), lang)


def _with_language(svg: str, lang: str) -> str:
    root = _ROOT.search(svg)
    if root is None:
        return svg
    tag = re.sub(r'\s(?:xml:lang|lang)="[^"]*"', "", root.group(0))
    tag = tag[:-1].rstrip("/").rstrip() + f' xml:lang="{lang}"' + ("/>" if root.group(0).endswith("/>") else ">")
    if font := language(lang).figure_font:  # a font with the script, named first (languages.Language.figure_font)
        tag = re.sub(r'\sfont-family="[^"]*"', "", tag)
        tag = tag.replace("<svg", f'<svg font-family="{font}"', 1)
    return svg[:root.start()] + tag + svg[root.end():]


def _english_width(label: Label) -> float:
    return max(_width(part, line.size) for line in label.lines for part in line.parts)


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    right: float
    bottom: float

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


_RECT = re.compile(r"<rect\b([^>]*)>")
PADDING = 6.0
"""Room kept between a label and the edge of its box."""


def _boxes(svg: str) -> list[_Box]:
    """The rectangles that frame labels, smallest first; the background (the largest, at the origin) is not one."""
    boxes = []
    for match in _RECT.finditer(svg):
        a = dict(_ATTR.findall(match.group(1)))
        x, y = _number(a.get("x", "0"), 0), _number(a.get("y", "0"), 0)
        width, height = _number(a.get("width", "0"), 0), _number(a.get("height", "0"), 0)
        if width > 0 and height > 0:
            boxes.append(_Box(x, y, x + width, y + height))
    def area(box: _Box) -> float:
        return (box.right - box.left) * (box.bottom - box.top)

    largest = max((area(b) for b in boxes), default=0.0)
    framed = [b for b in boxes if not (b.left <= 0 and b.top <= 0 and area(b) == largest)]
    return sorted(framed, key=area)


def _canvas(svg: str) -> _Box | None:
    root = _ROOT.search(svg)
    numbers = re.findall(r"-?[\d.]+", dict(_ATTR.findall(root.group(0))).get("viewBox", "")) if root else []
    if len(numbers) != 4:
        return None
    x, y, width, height = (float(n) for n in numbers)
    return _Box(x, y, x + width, y + height)


def _room(label: Label, others: list[Label], boxes: list[_Box], page: _Box | None) -> float:
    """The width a label may take. Inside a box: the box's width on the side(s) the text grows, less
    some padding; the title (the largest type, in no box) has the figure's width. Elsewhere: the
    widest English line among the labels drawn at the same x and anchor (a subtitle and the note
    under it, the items of a list), with some slack."""
    first = label.lines[0]
    x, y = _number(first.attr("x"), 0), _number(first.attr("y"), 0) - first.size / 3
    anchor = first.attr("text-anchor", "start")
    box = next((b for b in boxes if b.holds(x, y)), page)  # ``page``: the figure's box, given for the title only
    if box is not None:
        bold = 1.08 if first.attr("font-weight") in ("bold", "bolder", "600", "700", "800", "900") else 1.0
        if anchor == "middle":
            return (2 * min(x - box.left, box.right - x) - 2 * PADDING) / bold
        return ((x - box.left if anchor == "end" else box.right - x) - PADDING) / bold
    column = [other for other in others
              if other.lines[0].attr("x") == first.attr("x") and other.lines[0].attr("text-anchor") == first.attr("text-anchor")]
    return SLACK * max(_english_width(other) for other in column)


def _render(label: Label, text: str, budget: float) -> str:
    first = label.lines[0]
    parts = [part for line in label.lines for part in line.parts]
    count, size = len(parts), first.size
    for extra, scale in (*(_SCALES if count > 1 else _SCALES_ONE_LINE), (2, 0.8)):
        wrapped = _wrap(text, budget / scale, size)
        if len(wrapped) <= count + extra:
            break
    if len(first.parts) > 1:
        step = first.dy or 1.25 * size
    elif count > 1:
        step = _number(label.lines[1].attr("y"), 0) - _number(first.attr("y"), 0)
    else:
        step = 1.25 * size
    middle = _number(first.attr("y"), 0) + (count - 1) * step / 2
    top = middle - (len(wrapped) - 1) * step * scale / 2 if count > 1 else _number(first.attr("y"), 0)
    attrs = dict(first.attrs)
    if scale != 1.0:
        attrs["font-size"] = _format(size * scale)
    if len(first.parts) > 1:  # the figure stacks lines with <tspan>: keep doing so
        attrs["y"] = _format(top)
        x = attrs.get("x", "0")
        spans = "".join(f'<tspan x="{x}" dy="{_format(step * scale)}">{html.escape(line, quote=False)}</tspan>'
                        for line in wrapped[1:])
        return f"<text {_attributes(attrs)}>{html.escape(wrapped[0], quote=False)}{spans}</text>"
    rendered = []
    for index, line in enumerate(wrapped):
        attrs["y"] = _format(top + index * step * scale)
        rendered.append(f"<text {_attributes(attrs)}>{html.escape(line, quote=False)}</text>")
    return "\n".join(rendered)


def _attributes(attrs: dict[str, str]) -> str:
    return " ".join(f'{key}="{html.escape(value)}"' for key, value in attrs.items())


def _format(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _width(text: str, size: float) -> float:
    """An estimate of the drawn width: full-width characters one em, joined Arabic letters under half,
    other letters about half (measured in Chromium on the library's labels, spaces included: Noto Sans
    0.49 em a character in English, 0.56 in Russian, Noto Sans Arabic 0.41)."""
    return sum(size * (1.0 if _is_wide(c) else 0.26 if c.isspace() else 0.42 if "\u0600" <= c <= "\u06ff"
                       else 0.58 if "\u0400" <= c <= "\u04ff" else 0.52) for c in text)


def _units(text: str) -> list[str]:
    """Where a line may break: between words, and between Chinese characters (never before ，。 etc.)."""
    units: list[str] = []
    for word in re.findall(r"(?:[^\s]|[\u00a0\u2007\u202f])+[^\S\u00a0\u2007\u202f]*", text):
        for part in re.findall(r"[\u3000-\u303f\uff00-\uffef]+|(?:[^\s\u2e80-\u9fff\uff00-\uffef]|[\u00a0\u2007\u202f])+\s*|.",
                               word, re.DOTALL):
            if units and re.match(r"[\u3000-\u303f\uff00-\uffef]", part):
                units[-1] += part  # punctuation stays with the character before it
            else:
                units.append(part)
    return units


def _wrap(text: str, budget: float, size: float) -> list[str]:
    """The fewest lines within ``budget``, then as even as they can be: no word or character left alone
    on the last line."""
    lines = _greedy(text, budget, size)
    even = _width(text, size) / len(lines)
    while len(lines) > 1 and even < budget:
        balanced = _greedy(text, even, size)
        if len(balanced) <= len(lines):
            return balanced
        even *= 1.05
    return lines


def _greedy(text: str, budget: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for unit in _units(text):
        if current and _width((current + unit).rstrip(), size) > budget:
            lines.append(current.rstrip())
            current = unit.lstrip()
        else:
            current += unit
    if current.strip():
        lines.append(current.rstrip())
    return lines or [text]


def copy_media(source: Path, target: Path, translate: Callable[[str], str | None], lang: str, source_lang: str = "en") -> None:
    """A handbook's media folder for one language: the files as they are, the SVG labels translated."""
    # Links are refused by load (source.symlink); should one appear since, it is not followed, nor copied.
    shutil.copytree(source, target, ignore=lambda folder, names: [n for n in names if (Path(folder) / n).is_symlink()])
    if lang == source_lang:
        return
    for path in sorted(target.glob("*.svg")):
        path.write_text(translate_svg(path.read_text(encoding="utf-8"), translate, lang), encoding="utf-8")
