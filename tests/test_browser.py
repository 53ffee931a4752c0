"""Browser tests: the built fixture site in Debian's Chromium, driven by Playwright, as a reader sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_tools.pipeline import BuildResult
from tests.webserver import served

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")

Built = tuple[Path, BuildResult]


@pytest.fixture(scope="module")
def server(mini_built: Built) -> Iterator[str]:
    with served(mini_built[1].site_dir) as url:
        yield url




def test_pages_load_nothing_from_other_hosts(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    for path in ("/en/", "/en/alpha/index.html", "/en/alpha/01-first.html", "/en/downloads/index.html", "/ar/alpha/01-first.html"):
        page.goto(server + path, wait_until="networkidle")
    assert {urlsplit(url).netloc for url in urls} == {urlsplit(server).netloc}
    assert not [url for url in urls if "sitemap" in url], "no language's sitemap is fetched on page load"


def test_the_root_lets_the_reader_choose_a_language_and_remembers_it(browser: object, server: str) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/", wait_until="networkidle")
    assert page.locator("li[lang=ar]").get_attribute("dir") == "rtl"
    assert "العربية" in page.locator("li[lang=ar]").inner_text() and "Français" in page.content()
    page.locator("a[data-lang=en]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/en/index.html")
    assert page.locator(".jh-card h3").all_inner_texts() == ["Alpha Handbook", "Beta Handbook"]
    page.goto(server + "/fr/alpha/index.html", wait_until="networkidle")
    page.goto(server + "/", wait_until="networkidle")
    assert page.url.endswith("/fr/index.html"), "the root remembers the last language read"
    context.close()


def test_the_switcher_leads_to_the_same_page_and_section_in_another_language(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/en/alpha/01-first.html#tables-and-lists", wait_until="networkidle")
    page.hover(".md-select")
    page.locator("a.jh-lang-link[hreflang=ar]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/ar/alpha/01-first.html#tables-and-lists")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.locator("#tables-and-lists").is_visible()


def test_arabic_pages_are_right_to_left_and_english_fallback_left_to_right(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/ar/alpha/01-first.html", wait_until="networkidle")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    fallback = page.locator("article p[lang=en]").first
    assert fallback.get_attribute("dir") == "ltr"
    assert fallback.evaluate("e => getComputedStyle(e).direction") == "ltr"
    sidebar = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator("article").bounding_box()
    assert sidebar is not None and content is not None and sidebar["x"] > content["x"], "navigation on the right"


def test_home_fits_a_small_phone_without_sideways_scrolling(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(server + "/en/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator(".jh-card").first.is_visible()


def test_a_reference_leads_to_the_section_in_the_other_handbook(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/en/alpha/02-second.html", wait_until="networkidle")
    page.get_by_role("link", name="Beta section").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/en/beta/01-only.html#beta-section")
    assert page.locator("#beta-section").is_visible()


def test_the_site_works_opened_from_disk(browser: object, mini_built: Built) -> None:
    """An offline copy: relative links and the stylesheet resolve under file://."""
    page = browser.new_page()  # type: ignore[attr-defined]
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((mini_built[1].site_dir / "en/alpha/01-first.html").as_uri())
    assert failed == []
    header_colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header_colour != "rgba(0, 0, 0, 0)", "Material's stylesheet was loaded"
    page.get_by_role("link", name="Second chapter").first.click()
    assert page.url.endswith("alpha/02-second.html")
    assert page.locator("figure figcaption").inner_text() == "A square in two halves"
