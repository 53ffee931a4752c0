"""What the PDF and EPUB writers share: one Markdown document per handbook, ready for pandoc."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import ui
from .figure_text import copy_media
from .glossary import Term, used_terms
from .model import Edition, Handbook, HandbookMeta, Library
from .resolve import LinkTable, for_edition
from .segments import Segment
from .translate import Catalogs, no_marker, pandoc_marker, translate_chapter, translate_meta
from .ui import Gettext

PANDOC_FORMAT = (
    "commonmark_x-raw_html-raw_attribute-tex_math_dollars-subscript-superscript"
    "+implicit_figures-fancy_lists-alerts-implicit_header_references-emoji-wikilinks_title_after_pipe-yaml_metadata_block-autolink_bare_uris"
)
"""CommonMark like the validator, plus exactly the extensions of the dialect (docs/contribute/writing.md)."""

TEMPLATES = Path(__file__).parent / "templates"
FILTER = TEMPLATES / "filters.lua"


@dataclass(frozen=True)
class EditionSource:
    handbook: Handbook
    lang: str
    meta: HandbookMeta
    """The handbook's metadata in ``lang``."""
    markdown: str
    """All chapters in ``lang``, references resolved for print, admonitions as fenced divs."""
    translated: float
    """Share of the handbook's words that are translated (1.0 for the source language)."""
    gettext: Gettext
    """Interface strings (Contents, Figure...) in ``lang``."""
    workdir: Path
    """A folder holding the handbook's media/, where pandoc and Typst resolve image paths."""


def translated_share(handbook: Handbook, catalogs: Catalogs) -> float:
    """How much of the handbook exists in the catalogs' language, by words: decides whether it gets editions."""
    progress = [translate_chapter(c, handbook, catalogs, no_marker).progress for c in handbook.chapters]
    words = sum(p.words for p in progress)
    return sum(p.words_translated for p in progress) / words if words else 1.0


def prepare(library: Library, handbook: Handbook, table: LinkTable, catalogs: Catalogs, workroot: Path) -> EditionSource:
    lang = catalogs.lang
    translated = [translate_chapter(c, handbook, catalogs, pandoc_marker) for c in handbook.chapters]

    def title_of(handbook_id: str, title: str) -> str:
        return catalogs.lookup(handbook_id, title) or title

    standards = {s.key: s for s in library.standards}
    chapters = [for_edition(t.text, handbook, table, library.settings.site_url, lang, title_of, standards) for t in translated]
    chapters.append(glossary_chapter(library.terms, "\n".join(t.text for t in translated), catalogs))
    words = sum(t.progress.words for t in translated)
    share = sum(t.progress.words_translated for t in translated) / words if words else 1.0
    workdir = workroot / f"{handbook.id}.{lang}"
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    media = library.root / handbook.folder / "media"
    if media.is_dir():
        copy_media(media, workdir / "media", partial(catalogs.lookup, handbook.id), lang)
    return EditionSource(handbook, lang, translate_meta(handbook, catalogs), "\n\n".join(chapters), share,
                         catalogs.gettext(), workdir)


def glossary_chapter(terms: Sequence[Term], text: str, catalogs: Catalogs) -> str:
    """The glossary at the end of an edition: the terms the book uses, in its language."""
    used = sorted(used_terms(tuple(terms), text, catalogs.lang), key=lambda term: term.name(catalogs.lang).casefold())
    if not used:
        return ""
    lines = [f"# {catalogs.gettext()(ui.GLOSSARY)} {{#glossary}}", ""]
    for term in used:
        definition = " ".join(term.definition.split())
        translated = catalogs.lookup("site", definition) if catalogs.lang != "en" else definition
        fallback = pandoc_marker(Segment("definition", definition, 0, "glossary"))
        lines += [f"**{term.name(catalogs.lang)}**", f":   {translated or fallback}", ""]
    return "\n".join(lines)


def licence_notice(source: EditionSource) -> str:
    """Copyright, licence and identifiers; a translation also names the English edition it was made from."""
    meta, _ = source.handbook.meta, source.gettext
    parts = [f"© {meta.year} {source.meta.publisher}. {_(ui.LICENCE)}: {meta.licence}."]
    for label, value in ((ui.ISBN, meta.isbn), (ui.DOI, meta.doi), (ui.DOCUMENT_SYMBOL, meta.document_symbol)):
        if value:
            parts.append(f"{_(label)}: {value}.")
    if source.lang != "en":
        parts.append(ui.fill(_(ui.TRANSLATED_FROM), edition=meta.edition, year=meta.year))
    return " ".join(parts)


def edition_record(site_dir: Path, path: Path, source: EditionSource, fmt: str, pages: int | None = None) -> Edition:
    data = path.read_bytes()
    return Edition(source.handbook.id, source.lang, fmt, path.relative_to(site_dir).as_posix(), len(data),
                   hashlib.sha256(data).hexdigest(), pages, round(source.translated, 4))


def edition_path(site_dir: Path, handbook: str, lang: str, fmt: str) -> Path:
    """Where an edition lives in the site: <lang>/downloads/<handbook>.<fmt>."""
    return site_dir / lang / "downloads" / f"{handbook}.{fmt}"
