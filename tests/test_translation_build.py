"""Building every language: fallback, notices, ids, switcher data, thresholds, editions per language.

The fixture's French is an uppercase pseudo-translation (Sphinx's test-intl idea): any reader-visible
string that does not go through the catalogs stays in lowercase English and stands out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.catalogs import read_catalog, write_catalog
from build_tools.i18n import catalog_path, update
from build_tools.load import load_library
from build_tools.pipeline import BuildOptions, BuildResult, build
from tests.conftest import copy_fixture
from tests.helpers import article, epub_chapters, epub_file, parse_html, pdf_text

_KEEP = re.compile(r"(\]\([^)]*\)|`[^`]*`|\[\^[^\]]+\]|\{[a-z_]+\}|https?://\S+|\*\*?)")


def pseudo(text: str) -> str:
    """Uppercase everything a reader sees; keep link targets, code, footnote marks and placeholders."""
    return "".join(part if _KEEP.fullmatch(part) else part.upper() for part in _KEEP.split(text))


def pseudo_translate(root: Path, lang: str, only: str | None = None) -> None:
    for path in sorted((root / "translations" / lang).glob("*.po")):
        catalog = read_catalog(path, lang)
        for message in catalog:
            if message.id and (only is None or any(only in loc[0] for loc in message.locations)):
                message.string = pseudo(str(message.id))
        write_catalog(path, catalog)


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BuildResult]]:
    root = copy_fixture("mini", tmp_path_factory.mktemp("translated"))
    library, _ = load_library(root)
    assert library is not None
    update(library)
    pseudo_translate(root, "fr")
    pseudo_translate(root, "ar", only="01-first.md")
    yield root, build(root, BuildOptions())


def page(result: BuildResult, lang: str, path: str) -> str:
    return (result.site_dir / lang / path).read_text(encoding="utf-8")


def test_every_page_exists_in_every_language_at_the_same_path(translated: tuple[Path, BuildResult]) -> None:
    site = translated[1].site_dir
    english = sorted(p.relative_to(site / "en").as_posix() for p in (site / "en").rglob("*.html"))
    for lang in ("fr", "ar"):
        assert sorted(p.relative_to(site / lang).as_posix() for p in (site / lang).rglob("*.html")) == english


def test_headings_keep_the_source_section_ids(translated: tuple[Path, BuildResult]) -> None:
    result = translated[1]
    for chapter in ("alpha/01-first.html", "alpha/02-second.html", "beta/01-only.html"):
        ids = parse_html(article(page(result, "en", chapter))).heading_ids
        assert parse_html(article(page(result, "fr", chapter))).heading_ids == ids
        assert parse_html(article(page(result, "ar", chapter))).heading_ids == ids


def visible_text(html: str) -> str:
    body = article(html)
    body = re.sub(r"<(code|pre)[^>]*>.*?</\1>", " ", body, flags=re.DOTALL)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"&\w+;|https?://\S+", " ", body)


@pytest.mark.parametrize("path", ["index.html", "alpha/index.html", "alpha/01-first.html", "alpha/02-second.html",
                                  "beta/01-only.html", "downloads/index.html", "status.html"])
def test_no_english_is_left_in_a_fully_pseudo_translated_page(translated: tuple[Path, BuildResult], path: str) -> None:
    html = page(translated[1], "fr", path)
    words = re.findall(r"\b[a-z][a-z]{2,}\b", visible_text(html))
    allowed = {"pdf", "epub", "sha"}
    assert [w for w in words if w not in allowed] == [], path
    nav = re.findall(r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)
    assert nav and all(item == item.upper() for item in nav), nav
    assert "<title>" in html and "MINI LIBRARY" in html


def test_untranslated_segments_fall_back_to_english_marked_and_left_to_right(translated: tuple[Path, BuildResult]) -> None:
    html = article(page(translated[1], "ar", "alpha/02-second.html"))
    assert '<p dir="ltr" lang="en">' in html or '<p lang="en" dir="ltr">' in html
    assert 'lang="en" dir="ltr">Checklist</span>' in html
    translated_html = article(page(translated[1], "ar", "alpha/01-first.html"))
    assert "A PARAGRAPH WITH" in translated_html and 'lang="en"' not in translated_html


def test_a_partly_translated_page_says_so_in_the_readers_language(translated: tuple[Path, BuildResult]) -> None:
    fr = article(page(translated[1], "fr", "alpha/02-second.html"))
    assert "not yet translated" not in fr.lower()
    ar_untranslated = article(page(translated[1], "ar", "alpha/02-second.html"))
    assert "This page is not yet translated" in ar_untranslated  # ar interface strings are untranslated too
    root = translated[0]
    catalog = read_catalog(catalog_path(root, "ar", "site"), "ar")
    message = catalog.get("This page is not yet translated; it is shown in English.")
    assert message is not None


def test_html_root_carries_language_and_direction(translated: tuple[Path, BuildResult]) -> None:
    assert '<html lang="ar" dir="rtl"' in page(translated[1], "ar", "alpha/01-first.html")
    assert '<html lang="fr" dir="ltr"' in page(translated[1], "fr", "alpha/01-first.html")


def test_switcher_lists_every_language_by_its_own_name(translated: tuple[Path, BuildResult]) -> None:
    html = page(translated[1], "fr", "alpha/01-first.html")
    links = re.findall(r'<a href="([^"]+)"\s+hreflang="([^"]+)" lang="[^"]+" dir="(\w+)"[^>]*>\s*([^<]+?)\s*</a>', html)
    assert [(href, lang, name) for href, lang, _, name in links] == [
        ("../../en/alpha/01-first.html", "en", "English"),
        ("../../fr/alpha/01-first.html", "fr", "Français"),
        ("../../ar/alpha/01-first.html", "ar", "العربية"),
    ]


def test_editions_only_for_complete_translations_with_lang_and_share(translated: tuple[Path, BuildResult]) -> None:
    data = json.loads((translated[1].site_dir / "editions.json").read_text(encoding="utf-8"))["editions"]
    assert sorted({(e["lang"], e["handbook"]) for e in data}) == [("en", "alpha"), ("en", "beta"), ("fr", "alpha"), ("fr", "beta")]
    assert all(e["translated"] == 1.0 for e in data)
    assert "No download is available in this language yet." in page(translated[1], "ar", "alpha/index.html")


def test_a_lower_threshold_gives_editions_with_english_fallback(translated: tuple[Path, BuildResult], tmp_path: Path) -> None:
    root = translated[0]
    config = root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("  languages: [en, fr, ar]", "  languages: [en, fr, ar]\n  edition_threshold: {default: 1.0, ar: 0.3}"),
                      encoding="utf-8")
    try:
        result = build(root, BuildOptions(formats=("pdf", "epub"), site_dir=tmp_path / "site"))
    finally:
        config.write_text(original, encoding="utf-8")
    ar = {e.handbook: e for e in result.editions if e.lang == "ar"}
    assert set(ar) == {"alpha"} and 0.3 <= ar["alpha"].translated < 1.0


def test_translated_pdf_uses_the_translation_labels_and_names_its_source(translated: tuple[Path, BuildResult]) -> None:
    text = pdf_text(translated[1].site_dir / "fr/downloads/alpha.pdf")
    for expected in ("ALPHA HANDBOOK", "EVERY CONSTRUCT OF THE DIALECT", "CONTENTS", "FIRST CHAPTER",
                     "TRANSLATED FROM THE ENGLISH TEXT, First edition, 2026.", "PAGE 1"):
        assert expected in text, expected


def test_translated_epub_has_language_and_translated_titles(translated: tuple[Path, BuildResult]) -> None:
    epub = translated[1].site_dir / "fr/downloads/alpha.epub"
    opf = epub_file(epub, "content.opf")
    assert "<dc:language>fr</dc:language>" in opf and "ALPHA HANDBOOK" in opf
    assert any("FIRST CHAPTER" in xhtml for xhtml in epub_chapters(epub))


def test_figure_labels_are_translated_in_the_site_and_the_epub(translated: tuple[Path, BuildResult]) -> None:
    """The words inside an SVG are catalog entries like any other text; an untranslated label stays English."""
    site = translated[1].site_dir
    french = (site / "fr/alpha/media/figure.svg").read_text(encoding="utf-8")
    assert ">DARK</text>" in french and 'xml:lang="fr"' in french
    assert " ".join(re.findall(r">([^<]+)</text>", french)[1:]) == "LIGHT AND BRIGHT"
    arabic = (site / "ar/alpha/media/figure.svg").read_text(encoding="utf-8")
    assert ">Dark</text>" in arabic, "the Arabic pseudo-translation covers 01-first.md only"
    assert (site / "en/alpha/media/figure.svg").read_text(encoding="utf-8") == (
        translated[0] / "handbooks/alpha/media/figure.svg").read_text(encoding="utf-8")
    assert ">DARK</text>" in epub_file(site / "fr/downloads/alpha.epub", ".svg")  # pandoc renames it


def test_an_untranslated_caption_shows_as_text_not_as_markup(translated: tuple[Path, BuildResult]) -> None:
    """The Arabic pseudo-translation leaves 02-second.md in English: its figure's caption falls back."""
    html = page(translated[1], "ar", "alpha/02-second.html")
    assert "<figcaption>A square in two halves</figcaption>" in html
    assert "&lt;span" not in html
