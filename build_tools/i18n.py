"""The translators' commands: ``i18n extract``, ``i18n update``, ``i18n status``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from .catalogs import TEMPLATES_DIR, TRANSLATIONS_DIR, Counts, counts, merge, read_catalog, templates, write_catalog
from .model import Library
from .ui import ui_messages


def template_path(root: Path, domain: str) -> Path:
    return root / TRANSLATIONS_DIR / TEMPLATES_DIR / f"{domain}.pot"


def catalog_path(root: Path, lang: str, domain: str) -> Path:
    return root / TRANSLATIONS_DIR / lang / f"{domain}.po"


def extract(library: Library) -> list[Path]:
    """Write every template; returns the files that changed."""
    changed = []
    for domain, catalog in templates(library, ui_messages()).items():
        path = template_path(library.root, domain)
        if write_catalog(path, catalog):
            changed.append(path)
    return changed


def update(library: Library) -> list[Path]:
    """Merge the templates into every language's PO files; returns the files that changed."""
    changed = []
    for domain, template_catalog in templates(library, ui_messages()).items():
        for lang in library.settings.languages[1:]:
            path = catalog_path(library.root, lang, domain)
            existing = read_catalog(path, lang) if path.exists() else None
            if write_catalog(path, merge(template_catalog, existing, lang)):
                changed.append(path)
    return changed


@dataclass(frozen=True)
class StatusRow:
    domain: str
    lang: str
    counts: Counts

    @property
    def percent(self) -> float:
        return round(100 * self.counts.ratio, 1)


def status(library: Library) -> list[StatusRow]:
    rows = []
    for domain, template_catalog in templates(library, ui_messages()).items():
        for lang in library.settings.languages[1:]:
            path = catalog_path(library.root, lang, domain)
            catalog: Catalog | None = read_catalog(path, lang) if path.exists() else None
            rows.append(StatusRow(domain, lang, counts(template_catalog, catalog)))
    return rows


def format_status(rows: list[StatusRow], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{"domain": r.domain, "lang": r.lang, "percent": r.percent, **asdict(r.counts)} for r in rows], indent=2)
    header = ["handbook", "lang", "translated", "fuzzy", "untranslated", "words translated", "words to do", "%"]
    table = [[r.domain, r.lang, str(r.counts.translated), str(r.counts.fuzzy), str(r.counts.untranslated),
              str(r.counts.words_translated), str(r.counts.words_fuzzy + r.counts.words_untranslated), f"{r.percent:.1f}"]
             for r in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in table]
        return "\n".join(lines)
    widths = [max(len(x) for x in column) for column in zip(header, *table, strict=False)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in [header, *table])

