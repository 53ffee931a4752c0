"""Reading one chapter: parse the Markdown dialect, collect sections, references, images, and
report every construct outside the dialect with its line.

The dialect is documented in docs/contribute/writing.md; this module is its executable definition.
markdown-it-py is used for parsing only: it gives each block its source lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .diagnostics import Diagnostic, error, warning
from .ids import ID_PATTERN, slugify, split_heading
from .limits import text_problems
from .model import Image, Reference, Section

ADMONITION_TYPES = ("note", "warning", "tip")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)
_ADMONITION_LINE = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*(\S*)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_REF = re.compile(r"^ref:([^#\s]*)#(\S*)$")
_STD = re.compile(r"^std:([a-z0-9-]+)(?:#([a-z0-9-]+))?$")
_WORD = re.compile(r"\w+")

LINK_SCHEMES = ("https:", "mailto:", "ref:", "std:")
"""What a link in a source or a translation may point to (docs/contribute/writing.md, "Links")."""
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_BRACES = re.compile(r"(?<!\\)\{[^{}\n]*\}")
_HEADING_ID = re.compile(r"^#{1,6}\s.*\s\{#[^{}\s]*\}\s*$")
_PYMD_HTML = re.compile(r"<(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|[!?][^<>]*)>")
"""Raw HTML as Python-Markdown (the site's renderer) sees it; markdown-it misses some of it, e.g. <svg/onload=...>."""
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*|[^<> !]+@[^@<> ]+)>")
"""An autolink such as <https://...> or <javascript:...>: a link, judged by its scheme (_link), not raw HTML."""
_HTML_BLOCK_START = re.compile(r"^\s{0,3}</?[a-zA-Z][a-zA-Z0-9-]*(?=\s|/|$)")
"""A line that opens raw HTML whose tag goes on over the next line (<div\nonclick=...>)."""


@cache
def parser() -> MarkdownIt:
    """The one parser of the dialect, shared by every stage that reads Markdown.

    markdown-it's own link validation turns a ``javascript:`` link into plain text, which would hide it from
    the dialect's checks while the site's renderer still makes it a link: here every link is parsed, and
    the dialect judges its target (LINK_SCHEMES). Made once: parsing keeps no state in the parser."""
    md = (
        MarkdownIt("commonmark")
        .enable("table")
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(tasklists_plugin)
        .use(admon_plugin)
    )
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def field_problems(text: str) -> list[tuple[str, str]]:
    """(code, message) for what a text field of a YAML file (a title, a summary, a glossary term, a
    standard's name) may not hold: what a line of prose may not (line_problems), an image, or a link to
    anything but an https: or mailto: address. Such text reaches pages, templates and editions."""
    found = line_problems(" ".join(text.split()))
    if found:
        return found[:1]
    tokens = parser().parseInline(text)
    for token in tokens[0].children or [] if tokens else []:
        if token.type == "image":
            return [("image.outside_media", "an image is not allowed in this text: figures go in chapters, as files under media/")]
        href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
        if token.type == "link_open" and not href.lower().startswith(("https:", "mailto:")):
            return [("link.scheme", f"link target '{href[:60]}' is not allowed here: only https:// or mailto: addresses")]
    return []


def field_check(text: str) -> str | None:
    """field_problems as a schema check (build_tools/schema.py): the first message, or None."""
    found = field_problems(text)
    return found[0][1] if found else None


def line_problems(line: str) -> list[tuple[str, str]]:
    """(code, message) for what one line of prose (outside code) may not contain, in a source or a
    translation: raw HTML as the site's renderer would read it, attribute lists other than a heading's
    ``{#id}``. (Link targets are judged on the parsed links, _link.)"""
    prose = _CODE_SPAN.sub("", line)
    problems: list[tuple[str, str]] = []
    raw = [m.group(0) for m in _PYMD_HTML.finditer(prose) if not _AUTOLINK.fullmatch(m.group(0))]
    raw += [m.group(0) for m in _HTML_BLOCK_START.finditer(prose)] if not raw else []
    if raw:  # one error a line: '<b>x</b>' is one piece of raw HTML, and what stands inside it is part of it
        return [("markdown.raw_html", f"raw HTML '{raw[0][:40]}' is not part of the dialect; write it in Markdown")]
    heading_id = _HEADING_ID.match(prose)
    for match in _BRACES.finditer(prose):
        if heading_id and match.end() == len(prose.rstrip()) and re.fullmatch(r"\{#[^{}\s]*\}", match.group(0)):
            continue
        problems.append(("markdown.attribute_list",
                         f"'{match.group(0)[:40]}': braces make an attribute list, and the dialect allows only an id after a "
                         "heading ('## Title {#id}'); write \\{ to show a brace"))
    return problems


@dataclass(frozen=True)
class ParsedChapter:
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    images: tuple[Image, ...]
    footnotes: int
    words: int
    diagnostics: tuple[Diagnostic, ...]


def parse_chapter(text: str, shown: Path | str) -> ParsedChapter:
    """Parse a chapter's Markdown; ``shown`` is the path used in diagnostics."""
    if too_big := text_problems(text, str(shown)):  # a text past the limits is not given to the parsers
        return ParsedChapter((), (), (), 0, 0, tuple(too_big))
    tokens = parser().parse(text)
    problems: list[Diagnostic] = []
    sections = _sections(tokens, shown, problems)
    references: list[Reference] = []
    images: list[Image] = []
    _inline_checks(tokens, shown, references, images, problems)
    problems.extend(_line_checks(text, shown))
    footnotes = _footnote_checks(text, shown, problems)
    return ParsedChapter(
        sections=tuple(sections),
        references=tuple(references),
        images=tuple(images),
        footnotes=footnotes,
        words=count_words(text),
        diagnostics=tuple(problems),
    )


def count_words(text: str) -> int:
    """Words a reader reads: code, link targets, ids and markup are not counted."""
    prose = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    prose = re.sub(r"\]\([^)]*\)", "]", prose)
    prose = re.sub(r"\{#[^}]*\}", " ", prose)
    prose = re.sub(r"`[^`]*`", " ", prose)
    return len(_WORD.findall(prose))


def _line_of(token: Token, default: int = 0) -> int:
    return token.map[0] + 1 if token.map else default


def _sections(tokens: list[Token], shown: Path | str, problems: list[Diagnostic]) -> list[Section]:
    sections: list[Section] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        line = _line_of(token)
        inline = tokens[index + 1]
        title, explicit = split_heading(inline.content)
        title = plain_text(title)
        if explicit is not None and not ID_PATTERN.match(explicit):
            problems.append(error(shown, line, "section.bad_id",
                                  f"section id '{explicit}' is not valid: use lowercase letters a-z, digits and single hyphens"))
        section_id = explicit if explicit else slugify(title)
        if not section_id:
            problems.append(error(shown, line, "section.no_id",
                                  f"no id can be derived from the heading '{title}': add one, e.g. '{{#short-english-id}}'"))
        if not sections and level != 1:
            problems.append(error(shown, line, "chapter.no_title",
                                  "a chapter must start with one level-1 heading ('# Title')"))
        elif sections and level == 1:
            problems.append(error(shown, line, "chapter.second_title",
                                  "only the first heading of a chapter is level 1; use '##' for sections"))
        elif level > 4:
            problems.append(error(shown, line, "section.too_deep",
                                  f"heading level {level} is deeper than the dialect allows (levels 1 to 4)"))
        sections.append(Section(section_id, title, level, line, explicit is not None))
    if not sections:
        problems.append(error(shown, 1, "chapter.no_title", "a chapter must start with one level-1 heading ('# Title')"))
    return sections


def plain_text(markdown_inline: str) -> str:
    """Heading or link text without Markdown marks, for titles in menus, PDFs and metadata."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_inline)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def _inline_checks(
    tokens: list[Token], shown: Path | str, references: list[Reference],
    images: list[Image], problems: list[Diagnostic],
) -> None:
    block_line = 0
    for index, token in enumerate(tokens):
        block_line = _line_of(token, block_line)
        if token.type == "admonition_open":
            kind = token.info.split()[0] if token.info else ""
            if kind not in ADMONITION_TYPES:
                problems.append(error(shown, block_line, "markdown.admonition_type",
                                      f"admonition type '{kind}' is not accepted; use one of: {', '.join(ADMONITION_TYPES)}"))
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        for position, child in enumerate(children):
            # Raw HTML is found line by line (line_problems), as the site's renderer reads it.
            if child.type == "link_open":
                _link(child, children[position + 1:], shown, block_line, references, problems)
            elif child.type == "image":
                _image(child, tokens, index, shown, block_line, images, problems)


def _link(token: Token, following: list[Token], shown: Path | str, line: int,
          references: list[Reference], problems: list[Diagnostic]) -> None:
    href = str(token.attrs.get("href", ""))
    text_parts = []
    for child in following:
        if child.type == "link_close":
            break
        text_parts.append(child.content)
    text = "".join(text_parts)
    match = _REF.match(href)
    standard = _STD.match(href)
    if match:
        references.append(Reference(match.group(1), match.group(2), text, line))
    elif standard:
        references.append(Reference(standard.group(1), standard.group(2) or "", text, line, scheme="std"))
    elif href.startswith("std:"):
        problems.append(error(shown, line, "xref.syntax",
                              f"malformed citation '{href}': write std:standard-key or std:standard-key#rule-23"))
    elif href.startswith("ref:"):
        problems.append(error(shown, line, "xref.syntax",
                              f"malformed reference '{href}': write ref:handbook-id#section-id"))
    elif re.match(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:", href) and not href.lower().startswith(LINK_SCHEMES):
        problems.append(error(shown, line, "link.scheme",
                              f"link target '{href[:60]}' is not allowed: links go to https:// or mailto: addresses, "
                              "or to sections with ref:handbook-id#section-id"))
    elif not href.lower().startswith(LINK_SCHEMES):
        problems.append(error(shown, line, "link.relative",
                              f"link target '{href}' is neither a web address nor a reference: "
                              "link to a section with ref:handbook-id#section-id"))


def _image(token: Token, tokens: list[Token], index: int, shown: Path | str, line: int,
           images: list[Image], problems: list[Diagnostic]) -> None:
    alt = token.content.strip()
    src = str(token.attrs.get("src", ""))
    title = str(token.attrs.get("title", "") or "")
    if not alt:
        problems.append(error(shown, line, "image.no_alt",
                              f"image '{src}' has no alt text: describe what it shows in ![...]"))
    inline = tokens[index]
    # Braces after the image are an attribute list, reported as such (line_problems), not as a second thing beside it.
    alone = inline.children is not None and len([c for c in inline.children if (c.content.strip() and not _BRACES.fullmatch(c.content.strip()))
                                                 or c.type == "image"]) == 1
    if not alone:
        problems.append(error(shown, line, "image.not_alone",
                              f"image '{src}' must stand alone in its paragraph to become a figure"))
    images.append(Image(src, alt, title, line))


def _line_checks(text: str, shown: Path | str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    in_fence = in_html = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _ADMONITION_LINE.match(line)
        if match and match.group(1) != "!!!":
            problems.append(error(shown, number, "markdown.admonition_syntax",
                                  "collapsible admonitions ('???') are not part of the dialect; use '!!! note \"Title\"'"))
        if "<!--" in line:
            problems.append(error(shown, number, "markdown.raw_html",
                                  "HTML comments are not part of the dialect; they would be lost in translation"))
        else:
            found = line_problems(line)
            raw = any(code == "markdown.raw_html" for code, _ in found)
            if not (in_html and raw):  # raw HTML goes on up to a blank line, as Markdown reads it: one error
                problems.extend(error(shown, number, code, message) for code, message in found)
            in_html = in_html or raw
        if not line.strip():
            in_html = False
        if line.rstrip() != line and line.endswith("  "):
            problems.append(warning(shown, number, "markdown.trailing_spaces",
                                    "two trailing spaces make an invisible line break; remove them"))
    return problems


def _footnote_checks(text: str, shown: Path | str, problems: list[Diagnostic]) -> int:
    lines = text.splitlines()
    defined: dict[str, int] = {}
    used: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        definition = _FOOTNOTE_DEF.match(line)
        if definition:
            label = definition.group(1)
            if label in defined:
                problems.append(error(shown, number, "footnote.duplicate",
                                      f"footnote [^{label}] is defined twice (first at line {defined[label]})"))
            defined.setdefault(label, number)
            rest = line[definition.end():]
        else:
            rest = line
        for ref in _FOOTNOTE_REF.finditer(rest):
            used.setdefault(ref.group(1), number)
    for label, number in used.items():
        if label not in defined:
            problems.append(error(shown, number, "footnote.undefined",
                                  f"footnote [^{label}] is used but not defined: add '[^{label}]: text' at the end of the chapter"))
    for label, number in defined.items():
        if label not in used:
            problems.append(error(shown, number, "footnote.unused",
                                  f"footnote [^{label}] is defined but never referred to"))
    return len(defined)
