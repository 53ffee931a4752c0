"""Output: the PDF edition. Pandoc writes Typst markup, the ``typst`` package compiles it.

Typst (not LaTeX or WeasyPrint) was chosen for speed and for tagged PDF/UA-1 output: see DESIGN.md
decision 4. Fonts are named explicitly per script and embedded; the timestamp is fixed for
reproducible files. Typst lays out Arabic right to left and breaks Chinese lines by CJK rules from
the text language.
"""

from __future__ import annotations

import json
from pathlib import Path

import typst
from pypdf import PdfReader

from . import ui
from .diagnostics import Diagnostic, error
from .edition_source import FILTER, PANDOC_FORMAT, TEMPLATES, EditionSource, edition_path, edition_record, licence_notice
from .fonts import FONT_PATHS, typst_language
from .limits import TYPST_BUDGET, OverBudget, within_budget
from .model import Edition, Settings
from .pandoc import PandocError, run_pandoc


def typst_metadata(source: EditionSource, settings: Settings) -> dict[str, object]:
    meta, _ = source.meta, source.gettext
    lang, region = typst_language(source.lang)
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "publisher": meta.publisher,
        "edition": meta.edition,
        "year": str(meta.year),
        "topics": list(meta.topics),
        "lang": source.lang,
        "typst-lang": lang,
        "typst-region": region,
        "paper": settings.paper,
        "contents-title": _(ui.CONTENTS),
        "figure-label": _(ui.FIGURE),
        "table-label": _(ui.TABLE),
        "page-label": _(ui.PAGE_NUMBER),
        "licence-notice": licence_notice(source),
    }


def render_pdf(source: EditionSource, settings: Settings, site_dir: Path, epoch: int) -> tuple[Edition | None, list[Diagnostic]]:
    meta_file = source.workdir / "metadata.json"
    meta_file.write_text(json.dumps(typst_metadata(source, settings)), encoding="utf-8")
    typ = source.workdir / "handbook.typ"
    try:
        run_pandoc(source.markdown, [
            "--from", PANDOC_FORMAT, "--to", "typst", "--output", str(typ),
            "--template", str(TEMPLATES / "handbook.typ"), "--lua-filter", str(FILTER),
            "--metadata-file", str(meta_file), "--wrap=none",
        ], cwd=source.workdir, epoch=epoch)
    except PandocError as exc:
        return None, [error(source.handbook.folder.as_posix(), 0, "pdf.pandoc", f"pandoc could not write Typst for the {source.lang} PDF: {exc}")]
    out = edition_path(site_dir, source.handbook.id, source.lang, "pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        within_budget(TYPST_BUDGET, lambda: typst.compile(
            str(typ), output=str(out), root=str(source.workdir), font_paths=[str(p) for p in FONT_PATHS],
            pdf_standards="ua-1" if settings.pdf_standard == "ua-1" else None, timestamp=epoch,
        ))
    except (RuntimeError, OverBudget) as exc:
        shown = source.handbook.folder.as_posix()
        return None, [error(shown, 0, "pdf.typst", f"Typst could not compile the {source.lang} PDF: {exc}")]
    pages = len(PdfReader(out).pages)
    return edition_record(site_dir, out, source, "pdf", pages), []
