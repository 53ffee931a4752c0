"""The termbase: validation, the glossary page of each language, first-use links, term warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.glossary import Term, TermLinker, load_terms, used_terms
from build_tools.i18n_check import check_files, check_message
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


def _term(ident: str, en: str, fr: str, variants: tuple[str, ...] = (), accepted: tuple[str, ...] = ()) -> Term:
    names = tuple((lang, fr if lang == "fr" else en) for lang in ("en", "fr", "es", "ru", "ar", "zh-Hans"))
    return Term(ident, f"Definition of {en}.", names, variants, (("fr", accepted),) if accepted else ())


OVERLAPPING = (
    _term("pretrial-detention", "pre-trial detention", "détention provisoire", variants=("remand",)),
    _term("remand-prisoner", "remand prisoner", "prévenu"),
    _term("monitoring", "monitoring", "contrôle"),
    _term("monitoring-and-evaluation", "monitoring and evaluation", "suivi et évaluation"),
    _term("npm", "national preventive mechanism", "mécanisme national de prévention", variants=("NPM",), accepted=("MNP",)),
)


def test_the_longest_term_claims_the_words() -> None:
    """'remand prisoners' is the term remand prisoner, not remand; 'monitoring and evaluation' is not monitoring."""
    assert [t.id for t in used_terms(OVERLAPPING, "Lists of remand prisoners.", "en")] == ["remand-prisoner"]
    assert [t.id for t in used_terms(OVERLAPPING, "Monitoring and evaluation of remand.", "en")] \
        == ["pretrial-detention", "monitoring-and-evaluation"]


def test_the_linker_links_the_longest_term_at_its_first_use() -> None:
    page = TermLinker(OVERLAPPING, "en", lambda term: f"g.md#{term.id}", set())
    assert page.link("Remand prisoners wait.") == "[Remand prisoners](g.md#remand-prisoner){.jh-term} wait."


def test_a_translation_may_use_an_accepted_form_of_the_term() -> None:
    assert check_message("The NPM visits prisons.", "Le MNP visite les prisons.", "fr", "x.po", 3, OVERLAPPING) == []
    assert check_message("Lists of remand prisoners.", "Listes des prévenus.", "fr", "x.po", 3, OVERLAPPING) == []
    found = check_message("The NPM visits prisons.", "L’organe visite les prisons.", "fr", "x.po", 3, OVERLAPPING)
    assert [d.code for d in found] == ["translation.term"] and "'MNP'" in found[0].message


def test_accepted_forms_are_linked_in_their_language() -> None:
    page = TermLinker(OVERLAPPING, "fr", lambda term: f"g.md#{term.id}", set())
    assert page.link("Le MNP visite.") == "Le [MNP](g.md#npm){.jh-term} visite."


def test_punctuation_inside_an_approved_term_does_not_hide_its_use() -> None:
    term = (Term("remand-prisoner", "d", (("en", "remand prisoner"), ("ru", "лицо, содержащееся под стражей до суда"))),)
    assert check_message("Remand prisoners.", "Список лиц, содержащихся под стражей до суда.", "ru", "x.po", 3, term) == []


def test_a_translator_can_mark_a_term_as_reviewed_in_a_catalog(tmp_path: Path) -> None:
    """Another sense of the word ("monitoring" a partner's phone is not the monitoring of prisons):
    a translator comment `terms-ok: <id>` keeps the entry quiet; an unknown id is reported."""
    po = tmp_path / "fr" / "x.po"
    po.parent.mkdir()
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '# terms-ok: bail\nmsgid "Bail was refused."\nmsgstr "La caution a été refusée."\n\n'
                  '# terms-ok: bale\nmsgid "Bail again."\nmsgstr "La caution encore."\n', encoding="utf-8")
    found = check_files([po], FIXTURES / "mini")
    assert [(d.code, d.line) for d in found] == [("translation.term", 10), ("translation.term", 10)]
    assert "unknown term 'bale' in 'terms-ok'" in found[0].message + found[1].message


def test_an_arabic_form_is_found_after_a_one_letter_prefix() -> None:
    """ل + ضحايا ("for victims") is the accepted plural with a preposition joined to it."""
    term = (Term("victim", "d", (("en", "victim"), ("ar", "الضحية")), (), (("ar", ("الضحايا",)),)),)
    assert check_message("Services for victims of crime.", "خدمات لضحايا الجريمة.", "ar", "x.po", 3, term) == []
    assert [d.code for d in check_message("Services for victims.", "خدمات للشهود.", "ar", "x.po", 3, term)] == ["translation.term"]
