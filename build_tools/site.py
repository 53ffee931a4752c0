"""Output: the website. Generates a MkDocs docs tree and configuration per language, then runs
MkDocs + Material in-process.

Our own loop over languages replaces mkdocs-static-i18n (DESIGN decision 3): MkDocs only ever sees
one ordinary single-language site, so the renderer stays replaceable.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from . import site_pages
from .diagnostics import Diagnostic, error
from .model import Edition, Handbook, HandbookMeta, Library
from .resolve import LinkTable, for_site
from .ui import untranslated

ASSETS = Path(__file__).parent / "assets"
HOME_PAGE = "index.md"


def render_site(
    library: Library, table: LinkTable, editions: Sequence[Edition], editions_dir: Path,
    workroot: Path, out_dir: Path, lang: str = "en",
) -> tuple[int, list[Diagnostic]]:
    """Build the site of one language into ``out_dir/<lang>``; returns the number of pages."""
    docs = workroot / f"docs-{lang}"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    nav = _write_docs(library, table, editions, editions_dir, docs, lang)
    config_file = workroot / f"mkdocs-{lang}.yml"
    config_file.write_text(yaml.safe_dump(_config(library, docs, out_dir / lang, nav, lang), allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = _run_mkdocs(config_file)
    pages = sum(1 for p in (out_dir / lang).rglob("*.html") if p.name != "404.html")
    return pages, problems


def _write_docs(library: Library, table: LinkTable, editions: Sequence[Edition], editions_dir: Path,
                docs: Path, lang: str) -> list[Any]:
    intro = next((p.text for p in library.pages if p.path.as_posix() == HOME_PAGE), "# " + library.settings.site_name)
    _ = untranslated
    meta_of = _source_meta
    (docs / HOME_PAGE).write_text(site_pages.home(library, intro, editions, lang, _, meta_of), encoding="utf-8")
    nav: list[Any] = [{"Home": HOME_PAGE}]
    for handbook in library.handbooks:
        folder = docs / handbook.id
        folder.mkdir()
        titles = [c.title for c in handbook.chapters]
        (folder / "index.md").write_text(site_pages.landing(library, handbook, editions, lang, _, handbook.meta, titles),
                                         encoding="utf-8")
        entries: list[Any] = [f"{handbook.id}/index.md"]
        for chapter in handbook.chapters:
            (folder / f"{chapter.slug}.md").write_text(for_site(chapter, handbook, table), encoding="utf-8")
            entries.append({chapter.title: f"{handbook.id}/{chapter.slug}.md"})
        media = library.root / handbook.folder / "media"
        if media.is_dir():
            shutil.copytree(media, folder / "media")
        nav.append({handbook.meta.title: entries})
    downloads = docs / "downloads"
    if (editions_dir / lang / "downloads").is_dir():
        shutil.copytree(editions_dir / lang / "downloads", downloads)
    else:
        downloads.mkdir()
    (downloads / "index.md").write_text(site_pages.downloads(library, editions, lang, _, meta_of), encoding="utf-8")
    nav.append({"Downloads": "downloads/index.md"})
    guide: list[Any] = []
    for page in library.pages:
        if page.path.as_posix() == HOME_PAGE:
            continue
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
        guide.append(page.path.as_posix())
    if guide:
        nav.append({"Contribute": guide})
    shutil.copytree(ASSETS, docs / "assets")
    return nav


def _source_meta(handbook: Handbook) -> HandbookMeta:
    return handbook.meta


def _config(library: Library, docs: Path, site_dir: Path, nav: list[Any], lang: str) -> dict[str, Any]:
    config = dict(library.settings.mkdocs)
    theme: dict[str, Any] = dict(config.get("theme") or {})  # type: ignore[call-overload]
    theme["language"] = lang
    theme["font"] = False
    config.update(
        docs_dir=str(docs), site_dir=str(site_dir), nav=nav, theme=theme,
        site_url=f"{library.settings.site_url}{lang}/",
        use_directory_urls=False,
        extra_css=["assets/site.css"],
        plugins=[],
        markdown_extensions=[*list(config.get("markdown_extensions") or []), "build_tools.figures"],  # type: ignore[call-overload]
        validation={"omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn",
                    "anchors": "warn", "not_found": "warn"},
        strict=False,
    )
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured(name: str) -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def _run_mkdocs(config_file: Path) -> list[Diagnostic]:
    """Run MkDocs in-process; each warning it logs (broken link, bad anchor...) becomes an error."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _captured("mkdocs") as collected:
        try:
            config = load_config(config_file=str(config_file))
            build(config)
        except MkDocsException as exc:
            return [error(str(config_file), 0, "site.mkdocs", f"MkDocs failed: {exc}")]
    return [error(str(config_file), 0, "site.mkdocs", record.getMessage()) for record in collected.records]
