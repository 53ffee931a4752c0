"""The content model: immutable objects that flow between the stages of the pipeline.

Library → Handbook → Chapter → Section. Every object knows where it came from (file and line) so
that any later stage can report a problem at its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOPICS: tuple[str, ...] = (
    "assessment-and-reform",
    "prison-reform",
    "alternatives-to-imprisonment",
    "justice-for-children",
    "victim-assistance",
    "violence-against-women",
    "police-oversight",
)
"""The fixed list of areas of work; a handbook's topics must come from it."""

FORMATS: tuple[str, ...] = ("site", "pdf", "epub")


@dataclass(frozen=True)
class Section:
    id: str
    """Stable id: explicit ``{#id}`` or derived from the source heading (see ids.slugify)."""
    title: str
    """Heading text as plain text (Markdown marks removed)."""
    level: int
    """1 for the chapter title, 2–4 for sections."""
    line: int
    """Line of the heading in the chapter file."""
    explicit: bool
    """True when the id was written in the source; derived ids change when the heading is reworded."""


@dataclass(frozen=True)
class Reference:
    """A ``ref:handbook#section`` or ``std:standard#provision`` link found in a source."""

    handbook: str
    """Handbook id, or standard key for a ``std:`` citation."""
    section: str
    """Section id, or provision id (may be empty for a whole standard)."""
    text: str
    """Link text; empty means "use the target's title"."""
    line: int
    scheme: str = "ref"
    """'ref' for a section of a handbook, 'std' for a standard or one of its provisions."""


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    title: str
    """The Markdown title, used as the figure caption."""
    line: int


@dataclass(frozen=True)
class Chapter:
    path: Path
    """Path relative to the repository root, e.g. handbooks/prison-reform/01-overcrowding.md."""
    slug: str
    """File name without ``.md``; also the chapter's page name on the site."""
    number: int
    """1-based position in the handbook's ``chapters`` list."""
    text: str
    """Markdown source as written."""
    sections: tuple[Section, ...]
    """Every heading, in order; ``sections[0]`` is the chapter title (level 1)."""
    references: tuple[Reference, ...]
    images: tuple[Image, ...]
    footnotes: int
    """Number of footnote definitions."""
    words: int

    @property
    def title(self) -> str:
        return self.sections[0].title if self.sections else self.slug

    @property
    def id(self) -> str:
        return self.sections[0].id if self.sections else self.slug

    def section_at(self, line: int) -> Section:
        """The section a source line belongs to: the last heading at or before it."""
        found = self.sections[0]
        for section in self.sections:
            if section.line <= line:
                found = section
        return found


@dataclass(frozen=True)
class HandbookMeta:
    """The validated contents of handbook.yml."""

    id: str
    title: str
    summary: str
    topics: tuple[str, ...]
    audience: tuple[str, ...]
    edition: str
    year: int
    publisher: str
    licence: str
    source_language: str
    chapters: tuple[str, ...]
    subtitle: str = ""
    isbn: str = ""
    doi: str = ""
    document_symbol: str = ""


@dataclass(frozen=True)
class Handbook:
    meta: HandbookMeta
    folder: Path
    """Path relative to the repository root, e.g. handbooks/prison-reform."""
    chapters: tuple[Chapter, ...]

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def words(self) -> int:
        return sum(c.words for c in self.chapters)


@dataclass(frozen=True)
class Page:
    """A site page from docs/ that is not part of a handbook (home text, about, contributor guides)."""

    path: Path
    """Relative to docs/, e.g. contribute/writing.md."""
    text: str


@dataclass(frozen=True)
class Settings:
    """Validated settings from mkdocs.yml: the site's own keys plus the ``library`` key."""

    site_name: str
    site_url: str
    """Public address of the site, ending in '/'; editions link to it for sections of other handbooks."""
    site_description: str
    repo_url: str
    formats: tuple[str, ...]
    """Outputs built by default: any of site, pdf, epub."""
    languages: tuple[str, ...]
    """Site languages, the source language (en) first."""
    paper: str
    """Paper size for PDFs, a Typst paper name (a4, us-letter)."""
    pdf_standard: str
    """'ua-1' for tagged, accessible PDF/UA-1, or 'none'."""
    mkdocs: dict[str, object]
    """mkdocs.yml without our ``library`` key; copied into each generated configuration."""
    edition_thresholds: tuple[tuple[str, float], ...] = (("default", 1.0),)
    """Share of a handbook's words that must be translated before a language gets its PDF and EPUB."""

    def edition_threshold(self, lang: str) -> float:
        values = dict(self.edition_thresholds)
        return 0.0 if lang == "en" else values.get(lang, values.get("default", 1.0))


@dataclass(frozen=True)
class Library:
    root: Path
    settings: Settings
    handbooks: tuple[Handbook, ...]
    pages: tuple[Page, ...]
    standards: tuple[Any, ...] = ()
    """The registry of international standards (standards.Standard), from handbooks/standards.yml."""
    terms: tuple[Any, ...] = ()
    """The termbase (glossary.Term), from handbooks/glossary.yml."""
    unreadable: frozenset[str] = frozenset()
    """What could not be read, as repository-relative paths: a chapter file, ``handbooks/standards.yml``,
    or one entry of it (``handbooks/standards.yml#mandela-rules``). Its own error says why; checks of what
    depends on it are skipped (see load.checkable), so that one cause gives one error."""

    def handbook(self, handbook_id: str) -> Handbook | None:
        return next((h for h in self.handbooks if h.id == handbook_id), None)


@dataclass(frozen=True)
class Edition:
    """One built file for download: a handbook in one language and format."""

    handbook: str
    lang: str
    format: str
    """'pdf' or 'epub'."""
    path: str
    """Relative to site/, with forward slashes."""
    bytes: int
    sha256: str
    pages: int | None = None
    """Number of pages, for PDFs."""
    translated: float = 1.0
    """Share of the handbook's words translated into ``lang`` (0–1); 1.0 for the English source."""
