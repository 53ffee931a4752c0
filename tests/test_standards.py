"""The standards registry and ``std:`` citations: validation, rendering per language, index page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.load import load_library
from build_tools.pipeline import BuildOptions, BuildResult, build
from build_tools.standards import citation_label, load_standards, provision_problem
from build_tools.validate import validate_library
from tests.conftest import copy_fixture
from tests.helpers import article, edit, parse_html, pdf_uri_links

CHAPTER = "handbooks/alpha/02-second.md"


def problems(root: Path) -> list[tuple[str, str, int]]:
    library, found = load_library(root)
    assert library is not None
    return [(d.code, d.file, d.line) for d in found + validate_library(library)]


@pytest.mark.parametrize(("old", "new", "code"), [
    ("std:mandela-rules#rule-24", "std:nelson-rules#rule-24", "xref.unknown_standard"),
    ("std:mandela-rules#rule-24", "std:mandela-rules#rule-200", "xref.unknown_provision"),
    ("std:mandela-rules#rule-24", "std:mandela-rules#article-24", "xref.unknown_provision"),
    ("std:mandela-rules#rule-24", "std:mandela-rules#24", "xref.unknown_provision"),
    ("std:mandela-rules#rule-24", "std:Mandela_Rules", "xref.syntax"),
])
def test_a_bad_citation_is_an_error_at_its_line(mini: Path, old: str, new: str, code: str) -> None:
    edit(mini / CHAPTER, old, new)
    found = problems(mini)
    assert (code, CHAPTER, 20) in found, found


@pytest.mark.parametrize(("old", "new", "code"), [
    ('      zh-Hans: {title: "联合国囚犯待遇最低限度标准规则", short: "《纳尔逊·曼德拉规则》", provision: "规则"}\n', "", "standards.missing_key"),
    ("    provision: rule\n    provisions: {rule: 122}", "    provision: canon\n    provisions: {rule: 122}", "standards.bad_value"),
    ("  - key: mandela-rules", "  - key: beijing-rules", "standards.duplicate_key"),
])
def test_registry_errors_name_the_file_and_the_entry(mini: Path, old: str, new: str, code: str) -> None:
    edit(mini / "handbooks/standards.yml", old, new)
    _, found = load_standards(mini)
    assert [d.code for d in found][:1] == [code], [d.format() for d in found]
    assert all(d.file == "handbooks/standards.yml" and d.line > 0 for d in found)


def test_labels_in_each_language() -> None:
    from tests.conftest import FIXTURES

    standards, _ = load_standards(FIXTURES / "mini")
    mandela = next(s for s in standards if s.key == "mandela-rules")
    assert citation_label(mandela, "rule-23", "en") == "Nelson Mandela Rules, rule 23"
    assert citation_label(mandela, "rule-23", "fr") == "Règles Nelson Mandela, règle 23"
    assert citation_label(mandela, "rule-23", "ar") == "قواعد نيلسون مانديلا، القاعدة 23"
    assert citation_label(mandela, "rule-23", "zh-Hans") == "《纳尔逊·曼德拉规则》规则23"
    assert citation_label(mandela, "", "es") == "Reglas Nelson Mandela"
    assert provision_problem(mandela, "rule-122") is None and provision_problem(mandela, "rule-123")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    root = copy_fixture("mini", tmp_path_factory.mktemp("standards"))
    yield build(root, BuildOptions(formats=("site", "pdf")))


def test_citations_render_in_the_readers_language_and_link_to_the_index(built: BuildResult) -> None:
    for lang, label in (("en", "Nelson Mandela Rules, rule 24"), ("fr", "Règles Nelson Mandela, règle 24"),
                        ("ar", "قواعد نيلسون مانديلا، القاعدة 24")):
        html = article((built.site_dir / lang / "alpha/02-second.html").read_text(encoding="utf-8"))
        assert f'<a href="../standards.html#mandela-rules-rule-24">{label}</a>' in html


def test_the_index_lists_each_cited_provision_with_the_sections_citing_it(built: BuildResult) -> None:
    html = article((built.site_dir / "en/standards.html").read_text(encoding="utf-8"))
    ids = parse_html(html).heading_ids
    assert [i for i in ids if "rules" in i] == ["beijing-rules", "mandela-rules", "mandela-rules-rule-24"]
    section = html.split('id="mandela-rules-rule-24"', 1)[1]
    assert 'href="alpha/02-second.html#standards-used"' in section and "Alpha Handbook" in section


def test_the_landing_page_lists_the_standards_the_handbook_cites(built: BuildResult) -> None:
    html = article((built.site_dir / "en/alpha/index.html").read_text(encoding="utf-8"))
    assert '<a href="../standards.html#mandela-rules">Nelson Mandela Rules</a>' in html
    assert "Standards cited" not in article((built.site_dir / "en/beta/index.html").read_text(encoding="utf-8"))


def test_the_pdf_links_a_citation_to_the_index_on_the_website(built: BuildResult) -> None:
    assert "https://mini.example.org/en/standards.html#mandela-rules-rule-24" in pdf_uri_links(
        built.site_dir / "en/downloads/alpha.pdf")


def test_a_referenced_section_says_where_it_is_referenced_from(built: BuildResult) -> None:
    html = article((built.site_dir / "en/beta/01-only.html").read_text(encoding="utf-8"))
    after = html.split('id="beta-section"', 1)[1]
    assert after.index('class="jh-backlinks"') < after.index("Text of the section.")
    assert 'Referenced from: <a href="../alpha/02-second.html#second-chapter">Second chapter</a> (Alpha Handbook)' in after
    same_handbook = article((built.site_dir / "en/alpha/01-first.html").read_text(encoding="utf-8"))
    assert '<a href="02-second.html#second-chapter">Second chapter</a></p>' in same_handbook
    assert "Referenced from" not in article((built.site_dir / "en/alpha/02-second.html").read_text(encoding="utf-8"))


def test_landing_pages_show_related_reading(built: BuildResult) -> None:
    html = article((built.site_dir / "en/alpha/index.html").read_text(encoding="utf-8"))
    related = html.split('id="related"', 1)[1]
    assert '<a href="../beta/index.html">Beta Handbook</a>' in related


def test_a_translation_pointing_a_reference_elsewhere_fails_the_build(mini: Path) -> None:
    from build_tools.catalogs import read_catalog, write_catalog
    from build_tools.diagnostics import BuildFailed
    from build_tools.i18n import catalog_path, update

    library, _ = load_library(mini)
    assert library is not None
    update(library)
    po = catalog_path(mini, "fr", "alpha")
    catalog = read_catalog(po, "fr")
    message = catalog.get("See [the tables](ref:alpha#tables-and-lists) and [](ref:beta#beta-section).")
    assert message is not None
    message.string = "Voir [les tableaux](ref:alpha#first-chapter) et [](ref:beta#beta-section)."
    write_catalog(po, catalog)
    line = next(n for n, text in enumerate(po.read_text(encoding="utf-8").splitlines(), start=1) if text.startswith('msgid "See [the tables]'))
    with pytest.raises(BuildFailed) as failed:
        build(mini, BuildOptions(formats=("site",)))
    assert [(d.code, d.file, d.line) for d in failed.value.report.errors] == [("translation.xref", "translations/fr/alpha.po", line)]


def test_editions_end_with_the_glossary_of_the_terms_they_use(tmp_path: Path) -> None:
    from tests.helpers import epub_chapters, pdf_text

    root = copy_fixture("mini", tmp_path)
    result = build(root, BuildOptions(formats=("pdf", "epub"), languages=("en",)))
    text = pdf_text(result.site_dir / "en/downloads/alpha.pdf")
    glossary = text.rsplit("Glossary", 1)[1]
    assert "bail" in glossary and "Release of an accused person before trial" in glossary and "derived id" in glossary
    assert "web link" not in glossary and "A link to an address on the web" not in glossary, "a term only in link text is not used"
    chapters = epub_chapters(result.site_dir / "en/downloads/alpha.epub")
    assert 'id="glossary"' in chapters[-1] and "Release of an accused person before trial" in chapters[-1]
    assert any("https://mini.example.org/en/standards.html#mandela-rules-rule-24" in xhtml for xhtml in chapters)
