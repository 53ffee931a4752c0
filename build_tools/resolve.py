"""Stage 3, resolve: the table of every section, and the rewriting of ``ref:`` links for each output.

The sources say *what* they link to (handbook and section); this stage decides *how* the link is
written for the site (a relative page link) and for the editions (an internal anchor inside the
same book, a web address for any other book: never a dead relative link in a PDF).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import Chapter, Handbook, Library, Reference, Section
from .standards import Standard, citation_label
from .standards import anchor as standard_anchor

_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(ref:([a-z0-9-]+)#([a-z0-9-]+)\)")
_STD_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(std:([a-z0-9-]+)(?:#([a-z0-9-]+))?\)")
STANDARDS_PAGE = "standards.md"
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_HAS_ID = re.compile(r"\{#[^}]*\}\s*$")
_ADMONITION = re.compile(r'^!!!\s+(\w+)(?:\s+"(.*)")?\s*$')


@dataclass(frozen=True)
class Target:
    handbook: str
    handbook_title: str
    chapter: str
    """Chapter slug: the page name on the site."""
    section: str
    title: str
    is_chapter: bool


LinkTable = Mapping[tuple[str, str], Target]


def link_table(library: Library) -> LinkTable:
    table: dict[tuple[str, str], Target] = {}
    for handbook in library.handbooks:
        for chapter in handbook.chapters:
            for index, section in enumerate(chapter.sections):
                table.setdefault((handbook.id, section.id), Target(
                    handbook.id, handbook.meta.title, chapter.slug, section.id, section.title, index == 0))
    return MappingProxyType(table)


def site_url_of(target: Target, lang: str = "en") -> str:
    """Path of a section on the site, relative to the site root (no leading slash)."""
    return _site_path(target.handbook, target.chapter, "" if target.is_chapter else target.section, lang)


def _site_path(handbook: str, chapter: str, anchor: str, lang: str) -> str:
    """Pages are ``<chapter>.html`` files, not folders (``use_directory_urls: false``), so that a copy of
    the site opened from disk works: a browser does not open index.html in a folder under file://."""
    return f"{lang}/{handbook}/{chapter}.html" + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class PageLinks:
    """Links from a page of the site to a section of a handbook: relative to the Markdown page (MkDocs
    checks them) for the handbooks this build writes, on the public site for those it leaves out
    (``build --handbook``)."""

    lang: str = "en"
    site_url: str = ""
    left_out: frozenset[str] = frozenset()

    def href(self, current: str, handbook: str, chapter: str, anchor: str = "") -> str:
        if handbook in self.left_out:
            return f"{self.site_url}{_site_path(handbook, chapter, anchor, self.lang)}"
        page = f"{chapter}.md" if handbook == current else f"../{handbook}/{chapter}.md"
        return f"{page}#{anchor}" if anchor else page


def rewrite_references(text: str, write: Callable[[str, Target], str], table: LinkTable) -> str:
    """Replace every ``[text](ref:hb#sec)`` by ``write(text, target)``; unknown targets stay (validate reports them)."""

    def replace(match: re.Match[str]) -> str:
        target = table.get((match.group(2), match.group(3)))
        return write(match.group(1), target) if target else match.group(0)

    return _REF_LINK.sub(replace, text)


def rewrite_citations(text: str, standards: Mapping[str, Standard], lang: str, target: Callable[[str], str]) -> str:
    """Replace ``[text](std:key#provision)`` by a link to the provision on the standards index page;
    empty text becomes "Nelson Mandela Rules, rule 23" in ``lang``. ``target(anchor)`` writes the address."""

    def replace(match: re.Match[str]) -> str:
        standard = standards.get(match.group(2))
        if standard is None:
            return match.group(0)
        provision = match.group(3) or ""
        label = match.group(1) or citation_label(standard, provision, lang)
        return f"[{label}]({target(standard_anchor(standard.key, provision))})"

    return _STD_LINK.sub(replace, text)


def with_explicit_ids(chapter: Chapter) -> str:
    """Chapter text in which every heading carries its id, so that every renderer uses the same ids."""
    lines = chapter.text.splitlines()
    for section in chapter.sections:
        index = section.line - 1
        match = _ATX.match(lines[index]) if 0 <= index < len(lines) else None
        if match and not _HAS_ID.search(lines[index]):
            lines[index] = f"{lines[index].rstrip()} {{#{section.id}}}"
    return "\n".join(lines) + "\n"


TitleOf = Callable[[str, str], str]
"""Translates a title of the given handbook (id, English title) into the reader's language."""


def source_title(handbook_id: str, title: str) -> str:
    return title


def for_site(text: str, handbook: Handbook, table: LinkTable, title_of: TitleOf = source_title,
             standards: Mapping[str, Standard] = MappingProxyType({}), pages: PageLinks = PageLinks()) -> str:
    """Markdown for MkDocs: links to the target page (see PageLinks), in ``pages.lang``.

    ``text`` is the chapter (in any language) with explicit heading ids; see with_explicit_ids.
    """

    def write(label: str, target: Target) -> str:
        anchor = "" if target.is_chapter else target.section
        return f"[{label or title_of(target.handbook, target.title)}]({pages.href(handbook.id, target.handbook, target.chapter, anchor)})"

    text = rewrite_citations(text, standards, pages.lang, lambda name: f"../{STANDARDS_PAGE}#{name}")
    return rewrite_references(text, write, table)


def for_edition(text: str, handbook: Handbook, table: LinkTable, site_url: str, lang: str = "en",
                title_of: TitleOf = source_title, standards: Mapping[str, Standard] = MappingProxyType({})) -> str:
    """Markdown for pandoc: internal anchors within the book, web addresses for other books."""

    def write(label: str, target: Target) -> str:
        if target.handbook == handbook.id:
            return f"[{label or title_of(target.handbook, target.title)}](#{target.section})"
        label = label or f"{title_of(target.handbook, target.title)} ({title_of(target.handbook, target.handbook_title)})"
        return f"[{label}]({site_url}{site_url_of(target, lang)})"

    page = STANDARDS_PAGE.replace(".md", ".html")
    text = rewrite_citations(text, standards, lang, lambda name: f"{site_url}{lang}/{page}#{name}")
    return admonitions_to_divs(rewrite_references(text, write, table))


def admonitions_to_divs(text: str) -> str:
    """``!!! note "Title"`` blocks become pandoc fenced divs, which every pandoc writer understands."""
    out: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _ADMONITION.match(lines[index])
        if not match:
            out.append(lines[index])
            index += 1
            continue
        kind, title = match.group(1), match.group(2) or match.group(1).capitalize()
        body: list[str] = []
        index += 1
        while index < len(lines) and (lines[index].startswith("    ") or not lines[index].strip()):
            body.append(lines[index][4:] if lines[index].startswith("    ") else "")
            index += 1
        while body and not body[-1]:
            body.pop()
        out += [f"::::: {{.admonition .{kind}}}", "::: admonition-title", title, ":::", "", *body, ":::::", ""]
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Citation:
    """A section that cites a standard (or one of its provisions)."""

    standard: str
    provision: str
    handbook: str
    chapter: str
    """Chapter slug."""
    section: str
    """Id of the section in which the citation stands."""
    section_title: str


def _references(library: Library, scheme: str) -> Iterator[tuple[Handbook, Chapter, Reference, Section]]:
    """Every reference of ``scheme`` with the handbook, chapter and section it stands in, in reading order."""
    for handbook in library.handbooks:
        for chapter in handbook.chapters:
            for ref in chapter.references:
                if ref.scheme == scheme:
                    yield handbook, chapter, ref, chapter.section_at(ref.line)


def citations(library: Library) -> tuple[Citation, ...]:
    """Every ``std:`` citation of the library, with the section it stands in, in reading order."""
    return tuple(Citation(ref.handbook, ref.section, handbook.id, chapter.slug, section.id, section.title)
                 for handbook, chapter, ref, section in _references(library, "std"))


@dataclass(frozen=True)
class Backlink:
    """A section that links to another section with ``ref:``."""

    handbook: str
    chapter: str
    section: str
    section_title: str


def backlinks(library: Library) -> Mapping[tuple[str, str], tuple[Backlink, ...]]:
    """For each referenced (handbook, section): the sections that refer to it, in reading order."""
    found: dict[tuple[str, str], list[Backlink]] = {}
    for handbook, chapter, ref, source in _references(library, "ref"):
        if (handbook.id, source.id) == (ref.handbook, ref.section):
            continue
        link = Backlink(handbook.id, chapter.slug, source.id, source.title)
        if link not in found.setdefault((ref.handbook, ref.section), []):
            found[(ref.handbook, ref.section)].append(link)
    return MappingProxyType({key: tuple(value) for key, value in found.items()})


_HEADING_WITH_ID = re.compile(r"^#{1,6} .*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)


def with_backlinks(text: str, handbook: Handbook, links: Mapping[tuple[str, str], tuple[Backlink, ...]],
                   write: Callable[[tuple[Backlink, ...]], str]) -> str:
    """Insert, after each heading that other sections refer to, the line ``write(backlinks)``."""

    def insert(match: re.Match[str]) -> str:
        found = links.get((handbook.id, match.group(1)))
        return f"{match.group(0)}\n\n{write(found)}\n" if found else match.group(0)

    return _HEADING_WITH_ID.sub(insert, text)
