"""What the PDF and EPUB writers share: one Markdown document per handbook, ready for pandoc."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from .model import Edition, Handbook, Library
from .resolve import LinkTable, for_edition, with_explicit_ids

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
    markdown: str
    """All chapters, references resolved for print, admonitions as fenced divs."""
    workdir: Path
    """A folder holding the handbook's media/, where pandoc and Typst resolve image paths."""


def prepare(library: Library, handbook: Handbook, table: LinkTable, lang: str, workroot: Path) -> EditionSource:
    chapters = [for_edition(with_explicit_ids(c), handbook, table, library.settings.site_url) for c in handbook.chapters]
    workdir = workroot / f"{handbook.id}.{lang}"
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    media = library.root / handbook.folder / "media"
    if media.is_dir():
        shutil.copytree(media, workdir / "media")
    return EditionSource(handbook, lang, "\n\n".join(chapters), workdir)


def licence_notice(handbook: Handbook) -> str:
    meta = handbook.meta
    parts = [f"© {meta.year} {meta.publisher}. Licensed under {meta.licence}."]
    for label, value in (("ISBN", meta.isbn), ("DOI", meta.doi), ("Document symbol", meta.document_symbol)):
        if value:
            parts.append(f"{label}: {value}.")
    return " ".join(parts)


def edition_record(site_dir: Path, path: Path, handbook: str, lang: str, fmt: str, pages: int | None = None) -> Edition:
    data = path.read_bytes()
    return Edition(handbook, lang, fmt, path.relative_to(site_dir).as_posix(), len(data),
                   hashlib.sha256(data).hexdigest(), pages)


def edition_path(site_dir: Path, handbook: str, lang: str, fmt: str) -> Path:
    """Where an edition lives in the site: <lang>/downloads/<handbook>.<fmt>."""
    return site_dir / lang / "downloads" / f"{handbook}.{fmt}"
