"""Search in Chromium (Playwright driving Debian's chromium): lazy loading, results, keyboard, filter,
file://, the six languages of the real library, and the browser ranking exactly as the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.analysis import query_clauses
from build_tools.pipeline import BuildResult
from build_tools.search import load, marked, rank, search, snippet
from build_tools.search_index import expand, read_index
from tests.relevance import queries, section_of
from tests.webserver import served

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")
Built = tuple[Path, BuildResult]

ONE_QUERY = {"en": "one stop center", "fr": "détentions provisoires", "es": "prision preventiva", "ru": "сетью перенаправления",
             "ar": "الاطفال الضحايا والشهود", "zh-Hans": "最低刑事责任年龄"}
"""A query per language (from tests/search/queries.yml: an inflected form, a spelling variant, words
without accents or with another alef, Chinese without spaces) whose expected section ranks first."""




@pytest.fixture(scope="module")
def mini_server(mini_built: Built) -> Iterator[str]:
    with served(mini_built[1].site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def library_server(library_built: BuildResult) -> Iterator[str]:
    with served(library_built.site_dir) as url:
        yield url


def _search(page: object, query: str) -> list[str]:
    """Types ``query`` in the header box as a reader would; returns the result links' hrefs."""
    page.fill("#jh-search-input", "")  # type: ignore[attr-defined]
    page.type("#jh-search-input", query)  # type: ignore[attr-defined]
    # results are drawn while typing: wait for the ones that answer the whole query
    page.wait_for_function("q => document.getElementById('jh-search-results').getAttribute('data-query') === q",  # type: ignore[attr-defined]
                           arg=query, timeout=15000)
    page.wait_for_selector("[data-jh-search][data-text]", state="attached")  # type: ignore[attr-defined]  # snippets filled in
    return [a.get_attribute("href") for a in page.query_selector_all(".jh-search__results a")]  # type: ignore[attr-defined]


def test_the_index_is_fetched_only_when_the_reader_starts_a_search(browser: object, mini_server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{mini_server}/en/alpha/01-first.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "engine.js" in url or "index.js" in url]
    page.focus("#jh-search-input")
    page.wait_for_selector("[data-jh-search][data-text]", state="attached")
    assert [url.rsplit("/", 1)[1] for url in requested if "assets/search/" in url] == ["search.js", "engine.js", "index.js", "text.js"]
    page.close()


def test_results_name_the_handbook_and_section_highlight_the_words_and_lead_to_the_anchor(browser: object, mini_server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{mini_server}/en/index.html")
    hrefs = _search(page, "probations")
    assert hrefs[0].endswith("alpha/01-first.html#tables-and-lists")
    first = page.query_selector(".jh-search__results li")
    assert first.query_selector(".jh-result__title").inner_text() == "Tables and lists"
    assert first.query_selector(".jh-result__context").inner_text().startswith("Alpha")
    assert [m.inner_text() for m in first.query_selector_all("mark")] == ["Probation"]
    assert page.inner_text(".jh-search__status").startswith("Results: ")
    first.query_selector("a").click()
    page.wait_for_url("**/alpha/01-first.html#tables-and-lists")
    page.close()


def test_the_box_is_labelled_and_usable_with_the_keyboard(browser: object, mini_server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{mini_server}/en/index.html")
    box = page.get_by_role("searchbox", name="Search the handbooks")
    assert box.count() == 1
    assert page.get_attribute(".jh-search__status", "role") == "status"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "jh-search-input"
    _search(page, "chapter")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('jh-result')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "jh-search-input"
    page.keyboard.press("Escape")
    assert page.is_hidden(".jh-search__panel")
    page.keyboard.press("Enter")  # the box keeps its query: Enter opens the first result
    page.wait_for_url("**/*.html#*")
    page.close()


def test_the_filter_narrows_to_one_handbook(browser: object, mini_server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{mini_server}/en/index.html")
    hrefs = _search(page, "section")
    assert any("/alpha/" in h for h in hrefs) and any("/beta/" in h for h in hrefs)
    page.select_option("#jh-search-filter", "h:beta")
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(".jh-search__results a")]
    assert hrefs and all("/beta/" in h for h in hrefs)
    page.close()


def test_on_a_phone_the_box_opens_from_a_button_over_the_header(browser: object, mini_server: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(f"{mini_server}/en/index.html")
    assert page.is_hidden("#jh-search-input")
    page.click(".jh-search__open")
    assert page.get_attribute(".jh-search__open", "aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "jh-search-input"
    _search(page, "chapter")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(".jh-search__close")
    assert page.is_hidden("#jh-search-input")
    assert page.get_attribute(".jh-search__open", "aria-expanded") == "false"
    page.close()


def test_search_works_in_a_copy_opened_from_disk(browser: object, mini_built: Built) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((mini_built[1].site_dir / "ar" / "index.html").as_uri())
    hrefs = _search(page, "probation")
    assert hrefs[0].startswith("file://") and hrefs[0].endswith("alpha/01-first.html#tables-and-lists")
    page.close()


@pytest.mark.e2e
@pytest.mark.parametrize("lang", list(ONE_QUERY))
def test_a_query_in_each_language_finds_its_section_first_over_http_and_from_disk(
        browser: object, library_server: str, library_built: BuildResult, lang: str) -> None:
    query = ONE_QUERY[lang]
    load.cache_clear()
    expected = next(item["expect"] for item in queries()[lang] if item["query"] == query)
    top = search(library_built.site_dir, lang, query, limit=1)[0].ref
    assert section_of(top) == expected[0]  # type: ignore[index]
    page = browser.new_page()  # type: ignore[attr-defined]
    for start in (f"{library_server}/{lang}/index.html", (library_built.site_dir / lang / "index.html").as_uri()):
        page.goto(start)
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
        hrefs = _search(page, query)
        assert hrefs[0].endswith(f"/{lang}/{top}"), (start, hrefs[:3])
        if lang == "ar":
            assert page.evaluate("getComputedStyle(document.querySelector('.jh-result__title')).direction") == "rtl"
        assert page.inner_text(".jh-search__status").startswith("Results: ") == (lang == "en")  # in the page's language
    page.close()


@pytest.mark.e2e
@pytest.mark.parametrize("lang", list(ONE_QUERY))
def test_the_browser_ranks_exactly_as_the_command_line(browser: object, library_server: str, library_built: BuildResult,
                                                      lang: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{library_server}/{lang}/index.html")
    page.evaluate("window.JHSearch.load()")
    page.wait_for_selector("[data-jh-search][data-text]", state="attached")
    load.cache_clear()
    loaded = load(library_built.site_dir, lang)
    # the BM25 weights search.js computes from the shipped term frequencies are lunr.py's, every one
    weights = {ref: elements for ref, elements in expand(read_index(library_built.site_dir, lang)["index"])["fieldVectors"]}
    assert page.evaluate("window.JHSearch.weights()") == weights
    typed = [str(item["query"]) for item in queries()[lang]]
    typed += [q[:-2] for q in typed if len(q) > 4]  # half-typed: the last word is matched as a prefix
    for query in typed:
        in_browser = page.evaluate("q => window.JHSearch.rank(q).slice(0, 10).map(r => [+r.ref, r.score])", query)
        in_python = rank(loaded, query)[:10]
        assert [ref for ref, _ in in_browser] == [ref for ref, _ in in_python], query
        assert [score for _, score in in_browser] == pytest.approx([score for _, score in in_python], rel=1e-9), query
        if in_python:
            number = in_python[0][0]
            shown = page.evaluate(MARKED_SNIPPET, [query, number])
            assert shown == marked(*snippet(loaded.docs[number][4], query_clauses(query, lang), lang)), query
    page.close()


MARKED_SNIPPET = """([q, n]) => Array.from(window.JHSearch.snippet(q, n).childNodes)
  .map(node => node.nodeName === "MARK" ? "[" + node.textContent + "]" : node.textContent).join("")"""
