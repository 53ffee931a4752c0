"""Output: the EPUB 3 edition, written by pandoc and checked with EPUBCheck in the check stage.

Reproducible: a fixed identifier derived from handbook, language and edition, SOURCE_DATE_EPOCH for
every date pandoc writes; the cover is the PDF's cover design rendered to PNG by Typst.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import typst

from .diagnostics import Diagnostic, error
from .edition_source import FILTER, PANDOC_FORMAT, TEMPLATES, EditionSource, edition_path, edition_record, licence_notice
from .fonts import FONT_PATHS, typst_language
from .languages import direction, language
from .model import Edition
from .pandoc import PandocError, run_pandoc

ACCESSIBILITY = {
    "accessModes": ["textual", "visual"],
    "accessModeSufficients": ["textual"],
    "accessibilityFeatures": ["alternativeText", "structuralNavigation", "tableOfContents", "readingOrder"],
    "accessibilityHazards": ["none"],
    "accessibilitySummary": "Every figure has a text description; headings and the table of contents give structural navigation.",
}


def identifier(handbook: str, lang: str, edition: str) -> str:
    """Stable across builds and machines, different for every handbook, language and edition."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"justice-handbooks:{handbook}:{lang}:{edition}"))


def render_cover(source: EditionSource, epoch: int) -> Path:
    meta = source.meta
    out = source.workdir / "cover.png"
    inputs = {"title": meta.title, "subtitle": meta.subtitle, "publisher": meta.publisher,
              "edition": meta.edition, "year": str(meta.year), "lang": typst_language(source.lang)[0]}
    typst.compile(str(TEMPLATES / "cover.typ"), output=str(out), format="png", ppi=144,
                  font_paths=[str(p) for p in FONT_PATHS], sys_inputs=inputs, root=str(TEMPLATES))
    return out


def render_epub(source: EditionSource, site_dir: Path, epoch: int) -> tuple[Edition | None, list[Diagnostic]]:
    meta = source.meta
    metadata = {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "lang": source.lang,
        "identifier": identifier(meta.id, source.lang, meta.edition),
        **({"page-progression-direction": "rtl"} if language(source.lang).rtl else {}),
        "publisher": meta.publisher,
        "creator": meta.publisher,
        "date": f"{meta.year}",
        "rights": licence_notice(source),
        "subject": list(meta.topics),
        "description": meta.summary,
        **ACCESSIBILITY,
    }
    meta_file = source.workdir / "epub-metadata.json"
    meta_file.write_text(json.dumps(metadata), encoding="utf-8")
    cover = render_cover(source, epoch)
    out = edition_path(site_dir, meta.id, source.lang, "epub")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        run_pandoc(source.markdown, [
            "--from", PANDOC_FORMAT, "--to", "epub3", "--output", str(out),
            "--metadata-file", str(meta_file), "--lua-filter", str(FILTER), "--toc", "--toc-depth=2",
            "--split-level=1", "--css", str(TEMPLATES / "epub.css"), "--epub-cover-image", str(cover),
            "--template", str(TEMPLATES / "epub3.html"),
            # A variable, not metadata: pandoc's EPUB writer does not pass a metadata `dir` to the template.
            "--variable", f"dir={direction(source.lang)}",
        ], cwd=source.workdir, epoch=epoch)
    except PandocError as exc:
        return None, [error(source.handbook.folder.as_posix(), 0, "epub.pandoc", f"pandoc could not write the {source.lang} EPUB: {exc}")]
    return edition_record(site_dir, out, source, "epub"), []
