"""Output: the PDF edition. Pandoc writes Typst markup, the ``typst`` package compiles it.

Typst (not LaTeX or WeasyPrint) was chosen for speed and for tagged PDF/UA-1 output: see DESIGN.md
decision 4. Fonts are named explicitly and embedded; the timestamp is fixed for reproducible files.
"""

from __future__ import annotations

import json
from pathlib import Path

import typst
from pypdf import PdfReader

from .diagnostics import Diagnostic, error
from .edition_source import FILTER, PANDOC_FORMAT, TEMPLATES, EditionSource, edition_path, edition_record, licence_notice
from .fonts import FONT_PATHS
from .model import Edition, Settings
from .pandoc import PandocError, run_pandoc

LABELS = {"en": {"contents": "Contents"}}


def render_pdf(source: EditionSource, settings: Settings, site_dir: Path, epoch: int) -> tuple[Edition | None, list[Diagnostic]]:
    meta = source.handbook.meta
    metadata = {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "publisher": meta.publisher,
        "edition": meta.edition,
        "year": str(meta.year),
        "topics": list(meta.topics),
        "lang": source.lang,
        "paper": settings.paper,
        "contents-title": LABELS[source.lang]["contents"],
        "licence-notice": licence_notice(source.handbook),
    }
    meta_file = source.workdir / "metadata.json"
    meta_file.write_text(json.dumps(metadata), encoding="utf-8")
    typ = source.workdir / "handbook.typ"
    try:
        run_pandoc(source.markdown, [
            "--from", PANDOC_FORMAT, "--to", "typst", "--output", str(typ),
            "--template", str(TEMPLATES / "handbook.typ"), "--lua-filter", str(FILTER),
            "--metadata-file", str(meta_file), "--wrap=none",
        ], cwd=source.workdir, epoch=epoch)
    except PandocError as exc:
        return None, [error(source.handbook.folder.as_posix(), 0, "pdf.pandoc", f"pandoc could not write Typst: {exc}")]
    out = edition_path(site_dir, meta.id, source.lang, "pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        typst.compile(
            str(typ), output=str(out), root=str(source.workdir), font_paths=[str(p) for p in FONT_PATHS],
            pdf_standards="ua-1" if settings.pdf_standard == "ua-1" else None, timestamp=epoch,
        )
    except RuntimeError as exc:
        shown = source.handbook.folder.as_posix()
        return None, [error(shown, 0, "pdf.typst", f"Typst could not compile the PDF: {exc}")]
    pages = len(PdfReader(out).pages)
    return edition_record(site_dir, out, meta.id, source.lang, "pdf", pages), []

