"""Stage: translate. Each chapter, page and metadata field in each language, from the PO catalogs.

A segment without a confirmed translation (missing or fuzzy) falls back to English and is marked as
English (``lang="en"``, ``dir="ltr"``), so that screen readers switch voice and Arabic pages keep the
English words left to right. Translated text is sanitised here: raw HTML tags and ``javascript:`` or
``data:`` links in a translation never reach an output, even when ``i18n check`` was not run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from babel.messages.catalog import Catalog

from .catalogs import SITE_DOMAIN, TRANSLATIONS_DIR, read_catalog
from .languages import SOURCE
from .model import Chapter, Handbook, HandbookMeta, Library, Page
from .resolve import with_explicit_ids
from .segments import INLINE_KINDS, Segment, segment_markdown
from .ui import Gettext

SOURCE_LANGUAGE = SOURCE

Marker = Callable[[Segment], str]
"""Writes an English fallback segment with the output's markup for text in another language."""


def html_marker(segment: Segment) -> str:
    """A paragraph gets the attributes itself (attr_list), so that it is laid out left to right in Arabic."""
    if segment.kind == "paragraph":
        return f'{segment.text}\n{segment.indent}{{: lang="en" dir="ltr" }}'
    if segment.kind in INLINE_KINDS and segment.kind != "caption":  # a caption is an attribute (the image's title)
        return f'<span lang="en" dir="ltr">{segment.text}</span>'
    return segment.text


def pandoc_marker(segment: Segment) -> str:
    if segment.kind == "paragraph":
        return f'::: {{lang="en" dir="ltr"}}\n{segment.indent}{segment.text}\n{segment.indent}:::'
    if segment.kind in INLINE_KINDS:
        return f'[{segment.text}]{{lang="en" dir="ltr"}}'
    return segment.text


def no_marker(segment: Segment) -> str:
    return segment.text


_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_UNSAFE_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(?:javascript|data|vbscript):(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)


def sanitise(text: str) -> str:
    """A translation may not bring markup of its own: tags are shown as text, unsafe links become their text."""
    return _UNSAFE_LINK.sub(r"\1", _TAG.sub("&lt;", text))


@dataclass(frozen=True)
class Progress:
    segments: int
    translated: int
    words: int
    words_translated: int

    @property
    def ratio(self) -> float:
        return self.words_translated / self.words if self.words else 1.0


@dataclass(frozen=True)
class Translated:
    """A text in one language: Markdown, and how much of it is really translated."""

    lang: str
    text: str
    progress: Progress


@dataclass(frozen=True)
class Catalogs:
    """The PO catalogs of one language, read once; ``None`` for the source language."""

    lang: str
    by_domain: dict[str, Catalog]

    def lookup(self, domain: str, text: str) -> str | None:
        catalog = self.by_domain.get(domain)
        message = catalog.get(text) if catalog is not None else None
        if message is None or not message.string or message.fuzzy or not isinstance(message.string, str):
            return None
        return sanitise(message.string)

    def gettext(self, domain: str = SITE_DOMAIN) -> Gettext:
        return lambda text: self.lookup(domain, text) or text


def load_catalogs(library: Library, lang: str) -> Catalogs:
    if lang == SOURCE_LANGUAGE:
        return Catalogs(lang, {})
    folder = library.root / TRANSLATIONS_DIR / lang
    by_domain = {path.stem: read_catalog(path, lang) for path in sorted(folder.glob("*.po"))} if folder.is_dir() else {}
    return Catalogs(lang, by_domain)


Decorate = Callable[[Segment, str], str]
"""Rewrites the text of a segment that is in the reader's language (e.g. links a glossary term)."""


def translate_text(text: str, catalogs: Catalogs, domain: str, mark: Marker, decorate: Decorate | None = None) -> Translated:
    template = segment_markdown(text)
    counts = {"segments": 0, "translated": 0, "words": 0, "words_translated": 0}

    def fill(segment: Segment) -> str:
        words = len(segment.text.split())
        counts["segments"] += 1
        counts["words"] += words
        found = segment.text if catalogs.lang == SOURCE_LANGUAGE else catalogs.lookup(domain, segment.text)
        if found is None:
            return mark(segment)
        counts["translated"] += 1
        counts["words_translated"] += words
        return decorate(segment, found) if decorate else found

    filled = template.fill(fill)
    return Translated(catalogs.lang, filled, Progress(**counts))


def translate_chapter(chapter: Chapter, handbook: Handbook, catalogs: Catalogs, mark: Marker,
                      decorate: Decorate | None = None) -> Translated:
    return translate_text(with_explicit_ids(chapter), catalogs, handbook.id, mark, decorate)


def translate_page(page: Page, catalogs: Catalogs, mark: Marker, decorate: Decorate | None = None) -> Translated:
    return translate_text(page.text, catalogs, SITE_DOMAIN, mark, decorate)


def translate_meta(handbook: Handbook, catalogs: Catalogs) -> HandbookMeta:
    meta = handbook.meta

    def tr(text: str) -> str:
        return catalogs.lookup(handbook.id, " ".join(text.split())) or text if text else text

    return replace(meta, title=tr(meta.title), subtitle=tr(meta.subtitle), summary=tr(meta.summary),
                   edition=tr(meta.edition), publisher=tr(meta.publisher), audience=tuple(tr(a) for a in meta.audience))
