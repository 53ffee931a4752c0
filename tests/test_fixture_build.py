"""The fixture library built end to end: expected output in the site, the PDF and the EPUB, and the
same structure in all three (DESIGN: one dialect that renders the same everywhere)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.check import check_epubs
from build_tools.pipeline import BuildResult
from tests.helpers import (
    article,
    epub_chapters,
    epub_file,
    parse_html,
    pdf_fonts,
    pdf_internal_links,
    pdf_text,
    pdf_uri_links,
)

Built = tuple[Path, BuildResult]


def site(built: Built) -> Path:
    return built[1].site_dir


def page(built: Built, path: str) -> str:
    return (site(built) / "en" / path).read_text(encoding="utf-8")


def test_build_reports_no_problem(mini_built: Built) -> None:
    assert mini_built[1].report.items == []


def test_editions_json_lists_every_edition_with_its_checksum(mini_built: Built) -> None:
    import hashlib

    data = json.loads((site(mini_built) / "editions.json").read_text(encoding="utf-8"))["editions"]
    assert [(e["handbook"], e["lang"], e["format"]) for e in data] == [
        ("alpha", "en", "epub"), ("alpha", "en", "pdf"), ("beta", "en", "epub"), ("beta", "en", "pdf")]
    for entry in data:
        file = site(mini_built) / entry["path"]
        assert file.stat().st_size == entry["bytes"]
        assert hashlib.sha256(file.read_bytes()).hexdigest() == entry["sha256"]
        assert (entry["pages"] or 0) > 0 if entry["format"] == "pdf" else entry["pages"] is None


def test_landing_page_has_metadata_chapters_downloads_and_citation(mini_built: Built) -> None:
    html = page(mini_built, "alpha/index.html")
    for text in ("Every construct of the dialect", "First chapter", "Second chapter", "Fixture Press", "CC-BY-4.0",
                 "How to cite", "https://mini.example.org/en/alpha/index.html"):
        assert text in html
    links = parse_html(article(html)).links
    assert "../downloads/alpha.pdf" in links and "../downloads/alpha.epub" in links
    pdf = json.loads((site(mini_built) / "editions.json").read_text())["editions"][1]
    size_kb = f"{max(1, round(pdf['bytes'] / 1024))} KB"
    assert f"PDF ({size_kb}, {pdf['pages']} pages)" in html


def test_home_lists_the_catalogue(mini_built: Built) -> None:
    html = page(mini_built, "index.html")
    assert "Alpha Handbook" in html and "Beta Handbook" in html
    assert "Police oversight" in html and "Victim assistance" in html
    assert 'href="alpha/index.html"' in html


def test_site_references_become_relative_links_to_the_section(mini_built: Built) -> None:
    links = parse_html(article(page(mini_built, "alpha/02-second.html"))).links
    assert "01-first.html#tables-and-lists" in links
    assert "../beta/01-only.html#beta-section" in links
    assert ">Beta section</a>" in page(mini_built, "alpha/02-second.html"), "empty link text takes the target title"


def test_no_third_party_host_is_loaded(mini_built: Built) -> None:
    for html in (site(mini_built) / "en").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert not re.search(r'<(script|img)[^>]+src="https?://', text)


def test_pdf_has_cover_title_headings_and_embedded_fonts(mini_built: Built) -> None:
    pdf = site(mini_built) / "en/downloads/alpha.pdf"
    text = pdf_text(pdf)
    for expected in ("Alpha Handbook", "Every construct of the dialect", "First edition", "Fixture Press",
                     "Contents", "First chapter", "Second chapter", "Tables and lists", "Page 1", "Page 2"):
        assert expected in text
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _, embedded in fonts)


def test_pdf_metadata_title_language_and_tagging(mini_built: Built) -> None:
    from pypdf import PdfReader

    reader = PdfReader(site(mini_built) / "en/downloads/alpha.pdf")
    assert reader.metadata is not None and reader.metadata.title == "Alpha Handbook"
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root, "the PDF is tagged"
    assert len(reader.outline) >= 2, "chapters appear as PDF bookmarks"


def test_pdf_links_other_handbooks_on_the_website_and_its_own_sections_internally(mini_built: Built) -> None:
    pdf = site(mini_built) / "en/downloads/alpha.pdf"
    assert "https://mini.example.org/en/beta/01-only.html#beta-section" in pdf_uri_links(pdf)
    assert pdf_internal_links(pdf) >= 1


def test_epub_metadata_cover_and_accessibility(mini_built: Built) -> None:
    epub = site(mini_built) / "en/downloads/alpha.epub"
    opf = epub_file(epub, "content.opf")
    for expected in ("<dc:title", "Alpha Handbook", "<dc:language>en</dc:language>", "<dc:publisher>Fixture Press",
                     "urn:uuid:", "schema:accessMode", "schema:accessibilitySummary", 'properties="cover-image"'):
        assert expected in opf
    assert "https://mini.example.org/en/beta/01-only.html#beta-section" in "".join(epub_chapters(epub))


def test_epub_identifier_and_bytes_are_reproducible(mini_built: Built, tmp_path: Path) -> None:
    from build_tools.pipeline import BuildOptions, build

    root, first = mini_built
    again = build(root, BuildOptions(formats=("epub", "pdf"), site_dir=tmp_path / "again"))
    assert sorted((e.path, e.sha256) for e in again.editions) == sorted((e.path, e.sha256) for e in first.editions)


def broken_copy(good: Path, folder: Path) -> Path:
    """The EPUB without its navigation document, which EPUBCheck must reject."""
    import zipfile

    broken = folder / "broken.epub"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            if not item.filename.endswith("nav.xhtml"):
                dst.writestr(item, src.read(item.filename))
    return broken


def test_epubcheck_catches_a_broken_epub(mini_built: Built, tmp_path: Path) -> None:
    """The check stage's EPUBCheck is real: an EPUB without its navigation document fails it."""
    broken = broken_copy(site(mini_built) / "en/downloads/alpha.epub", tmp_path)
    found = check_epubs([broken], tmp_path)
    assert found and all(d.code == "epub.epubcheck" for d in found)


def test_one_jvm_checks_several_epubs_and_writes_each_report(mini_built: Built, tmp_path: Path) -> None:
    """EpubCheckBatch.java itself, not the one-book fallback: a report per book, as EPUBCheck writes it,
    a good book without messages and a broken one with them."""
    import subprocess

    from build_tools.check import _BATCH, _jar

    good = site(mini_built) / "en/downloads/alpha.epub"
    broken = broken_copy(good, tmp_path)
    reports = [tmp_path / "good.json", tmp_path / "broken.json"]
    subprocess.run(["java", "-cp", str(_jar()), str(_BATCH), str(good), str(reports[0]), str(broken), str(reports[1])],
                   check=True, capture_output=True)
    good_report, broken_report = (json.loads(r.read_text(encoding="utf-8")) for r in reports)
    assert good_report["checker"]["checkerVersion"].startswith("5.") and good_report["messages"] == []
    assert broken_report["messages"]


# --- The same Markdown gives the same structure in the three outputs --------------------------

Structure = tuple[list[str], int, int, int, int, int]
PARTS = ["heading ids", "table cells", "footnotes", "figures", "captions", "checkboxes"]


def site_structure(built: Built) -> Structure:
    ids: list[str] = []
    cells = footnotes = figures = captions = boxes = 0
    for chapter in ("01-first", "02-second"):
        html = article(page(built, f"alpha/{chapter}.html"))
        parsed = parse_html(html)
        ids += [i for i in parsed.heading_ids if i != "__comments"]
        cells += parsed.cells
        footnotes += len(re.findall(r'<li id="fn:', html))
        figures += html.count("<figure")
        captions += parsed.figcaptions
        boxes += html.count('type="checkbox"')
    return ids, cells, footnotes, figures, captions, boxes


def epub_structure(built: Built) -> Structure:
    ids: list[str] = []
    cells = footnotes = figures = captions = boxes = 0
    for xhtml in epub_chapters(site(built) / "en/downloads/alpha.epub"):
        if 'id="glossary"' in xhtml:
            continue  # the glossary an edition ends with is not part of the chapters
        body = re.sub(r'<section id="footnotes".*?</section>', "", xhtml, flags=re.DOTALL)
        parsed = parse_html(body)
        ids += re.findall(r'<section id="([^"]+)"[^>]*class="level\d', xhtml) or parsed.heading_ids
        cells += parsed.cells
        footnotes += len(re.findall(r'<aside [^>]*id="fn\d+"', xhtml))
        figures += xhtml.count("<figure")
        captions += parsed.figcaptions
        boxes += xhtml.count('type="checkbox"')
    return ids, cells, footnotes, figures, captions, boxes


def typst_structure(built: Built) -> Structure:
    root = built[0]
    typ = (root / "build/pandoc/alpha.en/handbook.typ").read_text(encoding="utf-8")
    body = typ.split("#counter(page).update(1)", 1)[1].split("<glossary>", 1)[0]
    ids = re.findall(r"^=+ .*\n?<([a-z0-9-]+)>", body, flags=re.MULTILINE)
    tables = re.findall(r"columns: (\d+),.*?table\.header\((.*?)\),\n(.*?)\n\s*\)\]", body, flags=re.DOTALL)
    cells = sum(len(re.findall(r"\[", header + rows)) for _, header, rows in tables)
    boxes = body.count("☐") + body.count("☒")
    return ids, cells, body.count("#footnote["), body.count("#figure(image("), body.count("caption: ["), boxes


@pytest.mark.parametrize("part", PARTS)
def test_site_epub_and_pdf_have_the_same_structure(mini_built: Built, part: str) -> None:
    index = PARTS.index(part)
    site_value = site_structure(mini_built)[index]
    assert site_value, f"the fixture must contain {part}"
    assert epub_structure(mini_built)[index] == site_value
    assert typst_structure(mini_built)[index] == site_value


def test_a_site_narrowed_to_one_handbook_links_the_others_on_the_public_website(tmp_path: Path) -> None:
    """`build --handbook alpha` with the site: references and backlinks to beta, which is not built,
    go to the public site (as in a PDF) instead of failing MkDocs' link check."""
    from build_tools.pipeline import BuildOptions, build
    from tests.conftest import copy_fixture

    root = copy_fixture("mini", tmp_path)
    result = build(root, BuildOptions(formats=("site",), handbooks=("alpha",), languages=("en",)))
    assert result.report.errors == []
    links = parse_html(article((result.site_dir / "en/alpha/02-second.html").read_text(encoding="utf-8"))).links
    assert "https://mini.example.org/en/beta/01-only.html#beta-section" in links
    first = parse_html(article((result.site_dir / "en/alpha/01-first.html").read_text(encoding="utf-8"))).links
    assert any(link.startswith("https://mini.example.org/en/beta/01-only.html#") for link in first), "the backlink from beta"
    assert not (result.site_dir / "en/beta").exists()
