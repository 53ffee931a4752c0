"""The termbase: validation, the glossary page of each language, first-use links, term warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.glossary import TermLinker, load_terms
from build_tools.i18n_check import check_message
from build_tools.pipeline import BuildOptions, BuildResult, build
from tests.conftest import FIXTURES, copy_fixture
from tests.helpers import article, edit

TERMS, _ = load_terms(FIXTURES / "mini")


def test_the_real_termbase_has_at_least_40_terms_in_six_languages() -> None:
    from tests.conftest import ROOT

    terms, problems = load_terms(ROOT)
    assert problems == [] and len(terms) >= 40
    text = " ".join(p.read_text(encoding="utf-8").lower() for p in (ROOT / "handbooks").glob("*/*.md"))
    assert all(term.name("en").lower() in text for term in terms), "every term is used in the handbooks"


@pytest.mark.parametrize(("old", "new", "code"), [
    ('    zh-Hans: "保释"\n', "", "glossary.missing_key"),
    ("  - id: code", "  - id: Code", "glossary.bad_value"),
    ("  - id: web-link", "  - id: bail", "glossary.duplicate_id"),
])
def test_termbase_errors(mini: Path, old: str, new: str, code: str) -> None:
    edit(mini / "handbooks/glossary.yml", old, new)
    _, problems = load_terms(mini)
    assert code in [d.code for d in problems] and all(d.file == "handbooks/glossary.yml" for d in problems)


def linker(lang: str = "en") -> TermLinker:
    return TermLinker(TERMS, lang, lambda term: f"glossary.md#{term.id}", set())


def test_only_the_first_use_on_a_page_is_linked() -> None:
    page = linker()
    assert page.link("Bail first, then bail again.") == "[Bail](glossary.md#bail){.jh-term} first, then bail again."
    assert page.link("More bail.") == "More bail."


def test_no_link_inside_code_links_or_footnote_marks() -> None:
    page = linker()
    text = "Run `code` and follow [the web link](https://example.org/)[^web link]."
    assert page.link(text) == text


def test_terms_are_found_in_the_readers_language() -> None:
    assert linker("fr").link("La liberté sous caution.") == "La [liberté sous caution](glossary.md#bail){.jh-term}."
    assert linker("zh-Hans").link("申请保释。") == "申请[保释](glossary.md#bail){.jh-term}。"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    root = copy_fixture("mini", tmp_path_factory.mktemp("glossary"))
    yield build(root, BuildOptions(formats=("site",)))


def test_chapter_pages_link_terms_in_text_but_not_in_headings_code_or_links(built: BuildResult) -> None:
    html = article((built.site_dir / "en/alpha/01-first.html").read_text(encoding="utf-8"))
    links = re.findall(r'<a class="jh-term" href="([^"]+)">([^<]+)</a>', html)
    assert links == [("../glossary.html#derived-id", "derived id"), ("../glossary.html#bail", "Bail")]
    heading = re.search(r"<h2 id=\"derived-id-from-heading\">(.*?)</h2>", html, re.DOTALL)
    assert heading and "jh-term" not in heading.group(1)


def test_a_glossary_page_in_every_language(built: BuildResult) -> None:
    for lang, name in (("en", "bail"), ("fr", "liberté sous caution"), ("ar", "الإفراج بكفالة")):
        html = article((built.site_dir / lang / "glossary.html").read_text(encoding="utf-8"))
        assert f'<dt id="bail">{name}' in html
        assert "Release of an accused person before trial" in html  # definitions fall back to English until translated


def test_a_translation_that_does_not_use_the_approved_term_gets_a_warning() -> None:
    found = check_message("Bail was refused.", "La caution a été refusée.", "fr", "x.po", 3, TERMS)
    assert [d.code for d in found] == ["translation.term"] and found[0].severity.value == "warning"
    assert check_message("Bail was refused.", "La liberté sous caution a été refusée.", "fr", "x.po", 3, TERMS) == []
    assert check_message("Bail was refused.", "В освобождении под залог отказано.", "ru", "x.po", 3, TERMS) == []
