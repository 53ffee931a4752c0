"""Output: the website. For each language, generates a MkDocs docs tree and configuration, then runs
MkDocs + Material in-process into site/<lang>/.

Our own loop over languages replaces mkdocs-static-i18n (DESIGN decision 3): MkDocs only ever sees
one ordinary single-language site, so the renderer stays replaceable. Every language has every page
at the same path; untranslated text falls back to English, marked as such.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_percent

from . import languages as registry
from . import site_pages, ui
from .catalogs import babel_locale
from .diagnostics import Diagnostic, error
from .figure_text import copy_media
from .glossary import GLOSSARY_PAGE, TermLinker
from .i18n import status
from .model import Edition, Handbook, HandbookMeta, Library
from .resolve import STANDARDS_PAGE, LinkTable, PageLinks, backlinks, citations, for_site, with_backlinks
from .sanitise import audit_page, content_security_policy
from .translate import SOURCE_LANGUAGE, Catalogs, Progress, html_marker, translate_chapter, translate_meta, translate_page

ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
HOOKS = Path(__file__).with_name("site_hooks.py")
HOME_PAGE = "index.md"
GUIDE_PAGE = "contribute/translating.md"
STATUS_PAGE = "status.md"
CONTRIBUTE_KEY = "contribute/"


@dataclass(frozen=True)
class SiteLanguage:
    """What every page of one language needs: its catalogs and its interface strings."""

    lang: str
    catalogs: Catalogs

    def _(self, text: str) -> str:
        return self.catalogs.gettext()(text)

    def meta(self, handbook: Handbook) -> HandbookMeta:
        return translate_meta(handbook, self.catalogs)

    def title(self, handbook_id: str, title: str) -> str:
        return self.catalogs.lookup(handbook_id, title) or title


def language_name(lang: str) -> str:
    """The language's own name for itself, from Babel's locale data."""
    name = babel_locale(lang).get_display_name(babel_locale(lang)) or lang
    return name[:1].upper() + name[1:]


def render_site(
    library: Library, table: LinkTable, editions: Sequence[Edition], editions_dir: Path,
    workroot: Path, out_dir: Path, catalogs: Mapping[str, Catalogs], left_out: Sequence[Handbook] = (),
) -> tuple[int, list[Diagnostic]]:
    """Build every language of ``catalogs`` into ``out_dir/<lang>``; returns the number of pages.

    ``left_out``: handbooks of the library that this build does not include (``build --handbook``);
    references to them and from them link to the public site."""
    languages = list(catalogs)
    problems: list[Diagnostic] = []
    pages = 0
    rows = status(library)
    for lang in languages:
        site_lang = SiteLanguage(lang, catalogs[lang])
        docs = workroot / f"docs-{lang}"
        if docs.exists():
            shutil.rmtree(docs)
        docs.mkdir(parents=True)
        nav, sources = _write_docs(library, table, editions, editions_dir, docs, site_lang, left_out)
        (docs / STATUS_PAGE).write_text(site_pages.status_page(library, rows, lang, site_lang._, site_lang.meta, language_name),
                                        encoding="utf-8")
        nav.insert(-1 if nav and CONTRIBUTE_KEY in str(nav[-1]) else len(nav), {site_lang._(ui.TRANSLATION_STATUS): STATUS_PAGE})
        config_file = workroot / f"mkdocs-{lang}.yml"
        config = _config(library, docs, out_dir / lang, nav, site_lang, languages)
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        problems += _run_mkdocs(config_file)
        problems += _finish_pages(out_dir / lang, lang, sources)
        pages += sum(1 for p in (out_dir / lang).rglob("*.html") if p.name != "404.html")
    root = root_page(library, catalogs)
    (out_dir / "index.html").write_text(_with_policy(root, audit_page(root)[1]), encoding="utf-8")
    return pages, problems


def root_page(library: Library, catalogs: Mapping[str, Catalogs]) -> str:
    """The site root: a language chooser that remembers the reader's last language (assets/lang.js).

    Each language is named in itself and in its own script direction, so that every reader can find
    theirs; without JavaScript the page is a plain list of links.
    """
    items = []
    for lang, language in catalogs.items():
        name = language.gettext()(library.settings.site_name)
        items.append(f'<li lang="{lang}" dir="{registry.direction(lang)}"><a href="{lang}/index.html" data-lang="{lang}">'
                     f'<strong>{html.escape(language_name(lang))}</strong> <span>{html.escape(name)}</span></a></li>')
    phrases = dict.fromkeys(language.gettext()(ui.CHOOSE_LANGUAGE) for language in catalogs.values())
    choose = " · ".join(html.escape(phrase) for phrase in phrases)
    return ROOT_PAGE.format(title=html.escape(library.settings.site_name), choose=choose, items="\n".join(items))


ROOT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<script>try {{ var l = localStorage.getItem("jh-lang");
  if (l && /^[a-zA-Z-]+$/.test(l)) location.replace(l + "/index.html"); }} catch (e) {{}}</script>
<style>body {{ font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ color: #283593; font-size: 1.4rem; }} ul {{ list-style: none; padding: 0; }}
li a {{ display: block; padding: 0.8rem 1rem; margin: 0.5rem 0; border: 1px solid #c5cae9; border-radius: 0.4rem;
text-decoration: none; color: #283593; }} li a:hover, li a:focus {{ background: #e8eaf6; }} li span {{ color: #555; }}</style>
</head><body><h1>{title}</h1><p>{choose}</p><ul>
{items}
</ul></body></html>
"""


def _notice(progress: Progress, site_lang: SiteLanguage, page_dir: str, library: Library) -> str:
    """The note at the top of a page that is not fully translated, in the reader's language."""
    if site_lang.lang == "en" or progress.ratio >= 1:
        return ""
    has_guide = any(p.path.as_posix() == GUIDE_PAGE for p in library.pages)
    link = posixpath.relpath(GUIDE_PAGE, page_dir or ".")
    guide = f" [{site_lang._(ui.HELP_TRANSLATE)}]({link})" if has_guide else ""
    if progress.words_translated == 0:
        text = site_lang._(ui.NOT_TRANSLATED)
    else:
        percent = format_percent(1 - progress.ratio, locale=babel_locale(site_lang.lang))
        text = ui.fill(site_lang._(ui.PARTLY_TRANSLATED), percent=percent)
    return f'!!! note jh-notice ""\n    {text}{guide}\n\n'


def _with_notice(markdown: str, notice: str) -> str:
    """Insert the notice after the page's title."""
    if not notice:
        return markdown
    head, _, rest = markdown.partition("\n")
    return f"{head}\n\n{notice}{rest.lstrip(chr(10))}" if head.startswith("# ") else notice + markdown


def _write_docs(library: Library, table: LinkTable, editions: Sequence[Edition], editions_dir: Path,
                docs: Path, site_lang: SiteLanguage, left_out: Sequence[Handbook]) -> tuple[list[Any], dict[str, str]]:
    """The language's docs tree and navigation, and the source file of each page (for diagnostics about
    the built page: the handbook.yml of a landing page, the chapter of a chapter page...)."""
    lang, _ = site_lang.lang, site_lang._
    po = f"translations/{lang}/" if lang != SOURCE_LANGUAGE else ""
    pages = PageLinks(lang, library.settings.site_url, frozenset(h.id for h in left_out))
    standards = {s.key: s for s in library.standards}
    cited = citations(library)
    links = backlinks(replace(library, handbooks=(*library.handbooks, *left_out)))  # references from left-out books too
    handbooks = {h.id: h for h in (*library.handbooks, *left_out)}
    home_page = next((p for p in library.pages if p.path.as_posix() == HOME_PAGE), None)
    intro = translate_page(home_page, site_lang.catalogs, html_marker).text if home_page else f"# {library.settings.site_name}"
    (docs / HOME_PAGE).write_text(site_pages.home(library, intro, editions, lang, _, site_lang.meta), encoding="utf-8")
    nav: list[Any] = [{_(ui.HOME): HOME_PAGE}]
    sources: dict[str, str] = {"index.html": "docs/index.md" + (f" or {po}site.po" if po else "")}
    for handbook in library.handbooks:
        folder = docs / handbook.id
        folder.mkdir()
        meta = site_lang.meta(handbook)
        titles = [site_lang.title(handbook.id, c.title) for c in handbook.chapters]
        (folder / "index.md").write_text(site_pages.landing(library, handbook, editions, lang, _, meta, titles, cited,
                                                            links, site_lang.meta), encoding="utf-8")
        entries: list[Any] = [f"{handbook.id}/index.md"]
        sources[f"{handbook.id}/index.html"] = (handbook.folder / "handbook.yml").as_posix() + (f" or {po}{handbook.id}.po" if po else "")
        for chapter, title in zip(handbook.chapters, titles, strict=True):
            sources[f"{handbook.id}/{chapter.slug}.html"] = chapter.path.as_posix() + (f" or {po}{handbook.id}.po" if po else "")
            linker = TermLinker(library.terms, lang, lambda term: f"../{GLOSSARY_PAGE}#{term.id}", set())
            translated = translate_chapter(chapter, handbook, site_lang.catalogs, html_marker, linker.decorate)
            text = for_site(translated.text, handbook, table, site_lang.title, standards, pages)
            text = with_backlinks(text, handbook, links, partial(site_pages.backlink_line, current=handbook.id, _=_,
                                                                 meta_of=site_lang.meta, title_of=site_lang.title, handbooks=handbooks,
                                                                 pages=pages))
            (folder / f"{chapter.slug}.md").write_text(_with_notice(text, _notice(translated.progress, site_lang, handbook.id, library)),
                                                       encoding="utf-8")
            entries.append({title: f"{handbook.id}/{chapter.slug}.md"})
        media = library.root / handbook.folder / "media"
        if media.is_dir():
            copy_media(media, folder / "media", partial(site_lang.catalogs.lookup, handbook.id), lang)
        nav.append({meta.title: entries})
    downloads = docs / "downloads"
    if (editions_dir / lang / "downloads").is_dir():
        shutil.copytree(editions_dir / lang / "downloads", downloads)
    else:
        downloads.mkdir()
    (downloads / "index.md").write_text(site_pages.downloads(library, editions, lang, _, site_lang.meta), encoding="utf-8")
    nav.append({_(ui.DOWNLOADS): "downloads/index.md"})
    if library.terms:
        (docs / GLOSSARY_PAGE).write_text(site_pages.glossary_page(library.terms, lang, _), encoding="utf-8")
        nav.append({_(ui.GLOSSARY): GLOSSARY_PAGE})
    if library.standards:
        (docs / STANDARDS_PAGE).write_text(site_pages.standards_page(library, cited, lang, _, site_lang.meta, site_lang.title),
                                           encoding="utf-8")
        nav.append({_(ui.STANDARDS): STANDARDS_PAGE})
    guide: list[Any] = []
    for page in library.pages:
        if page.path.as_posix() == HOME_PAGE:
            continue
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        translated = translate_page(page, site_lang.catalogs, html_marker)
        target.write_text(_with_notice(translated.text, _notice(translated.progress, site_lang, page.path.parent.as_posix(), library)),
                          encoding="utf-8")
        guide.append(page.path.as_posix())
        sources[page.path.with_suffix(".html").as_posix()] = f"docs/{page.path.as_posix()}" + (f" or {po}site.po" if po else "")
    if guide:
        nav.append({_(ui.CONTRIBUTE): guide})
    shutil.copytree(ASSETS, docs / "assets")
    return nav, sources


def _config(library: Library, docs: Path, site_dir: Path, nav: list[Any], site_lang: SiteLanguage,
            languages: Sequence[str]) -> dict[str, Any]:
    lang, _ = site_lang.lang, site_lang._
    config = dict(library.settings.mkdocs)
    theme: dict[str, Any] = dict(config.get("theme") or {})  # type: ignore[call-overload]
    theme.update(language=registry.language(lang).material_language, font=False, custom_dir=str(THEME),
                 direction=registry.direction(lang))
    extra: dict[str, Any] = dict(config.get("extra") or {})  # type: ignore[call-overload]
    # `alternate: true` makes Material's header include our partials/alternate.html, while its base.html
    # (which iterates `alternate`) writes no <link rel=alternate>: those make Material's JavaScript fetch
    # every language's sitemap.xml on each page load, a waste on slow connections. Our switcher reads `languages`.
    extra.update(page_lang=lang, alternate=True, search=_search_strings(_),
                 languages=[{"name": language_name(code), "lang": code, "dir": registry.direction(code)}
                            for code in languages])
    config.update(
        site_name=_(library.settings.site_name),
        site_description=_(library.settings.site_description) if library.settings.site_description else "",
        docs_dir=str(docs), site_dir=str(site_dir), nav=nav, theme=theme, extra=extra,
        site_url=f"{library.settings.site_url}{lang}/",
        use_directory_urls=False,
        extra_css=["assets/site.css"],
        extra_javascript=["assets/lang.js", "assets/search/search.js"],
        plugins=[],
        hooks=[str(HOOKS)],
        markdown_extensions=[*list(config.get("markdown_extensions") or []), "build_tools.figures"],  # type: ignore[call-overload]
        validation={"omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn",
                    "anchors": "warn", "not_found": "warn"},
        strict=False,
    )
    return config


def _search_strings(_: ui.Gettext) -> dict[str, Any]:
    """The search box's words in the page's language (partials/search-box.html, assets/search/search.js)."""
    return {
        "label": _(ui.SEARCH), "placeholder": _(ui.SEARCH_PLACEHOLDER), "close": _(ui.SEARCH_CLOSE),
        "help": _(ui.SEARCH_HELP), "within": _(ui.SEARCH_IN), "all": _(ui.SEARCH_ALL),
        "strings": {"loading": _(ui.SEARCH_LOADING), "none": _(ui.SEARCH_NONE), "count": _(ui.SEARCH_COUNT),
                    "failed": _(ui.SEARCH_FAILED), "handbooks": _(ui.HANDBOOKS), "topics": _(ui.TOPICS)},
    }


_HTML_TAG = re.compile(r"<html\b[^>]*>")
_CHARSET = re.compile(r"<meta charset=\"?utf-8\"?\s*/?>", re.IGNORECASE)


def _finish_pages(folder: Path, lang: str, sources: Mapping[str, str]) -> list[Diagnostic]:
    """Every page of one language, once built: ``<html lang dir>`` with our exact language tag (Material
    writes 'zh', and puts dir only on <body>); the final safety check (sanitise.audit_page), which names
    the page's source; the Content-Security-Policy with the hashes of the theme's inline scripts."""
    direction = registry.direction(lang)
    problems: list[Diagnostic] = []
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        findings, scripts = audit_page(text)
        rel = page.relative_to(folder).as_posix()
        source = sources.get(rel, f"site/{lang}/{rel}")
        problems += [error(source, 0, "output.unsafe",
                           f"the built page site/{lang}/{rel} (line {f.line}) has {f.what}: it came from this source or "
                           f"its translation ({lang}); remove it there") for f in findings]
        fixed = _with_policy(_HTML_TAG.sub(f'<html lang="{lang}" dir="{direction}" class="no-js">', text, count=1), scripts)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    return problems


def _with_policy(page: str, inline_scripts: Sequence[str]) -> str:
    """The page with its Content-Security-Policy right after ``<meta charset>`` (sanitise.content_security_policy)."""
    policy = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(content_security_policy(inline_scripts), quote=False)}">'
    return _CHARSET.sub(lambda m: m.group(0) + policy, page, count=1)


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
