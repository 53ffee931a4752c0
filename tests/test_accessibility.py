"""Accessibility and the page's security policy, in Debian's Chromium: axe-core (npm, pinned in
package-lock.json) finds no WCAG 2.1 A/AA or best-practice violation on a set of pages of every language;
the Content-Security-Policy stops a script the page did not ship, and blocks nothing the page needs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from build_tools.pipeline import BuildResult
from tests.webserver import served

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")
ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

MINI_PAGES = ("index.html", "alpha/index.html", "alpha/01-first.html", "alpha/02-second.html", "beta/01-only.html",
              "glossary.html", "standards.html", "status.html", "downloads/index.html", "404.html")
LIBRARY_PAGES = ("index.html", "prison-reform/index.html", "prison-reform/02-conditions-and-health.html",
                 "justice-for-children/02-diversion-and-procedures.html", "justice-for-children/index.html",
                 "glossary.html", "standards.html", "downloads/index.html", "404.html")




def axe_violations(browser: object, base: str, paths: list[str]) -> dict[str, list[str]]:
    """Each page's axe-core violations, as 'rule (n): first element'. The page's own policy would refuse
    axe's script, so this context bypasses it (the policy is tested on its own below)."""
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    found: dict[str, list[str]] = {}
    source = AXE.read_text(encoding="utf-8")
    for path in paths:
        page.goto(urljoin(base, path), wait_until="networkidle")
        page.evaluate(source)
        violations = page.evaluate("async (rules) => (await axe.run(document, {runOnly: rules})).violations"
                                   ".map(v => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}`)", RULES)
        if violations:
            found[path] = violations
    context.close()
    return found


def test_axe_finds_no_violation_on_the_fixture_site_in_each_language(browser: object, mini_built: tuple[Path, BuildResult]) -> None:
    site = mini_built[1].site_dir
    languages = sorted(p.name for p in site.iterdir() if p.is_dir())
    assert languages == ["ar", "en", "fr"]
    with served(site) as url:
        paths = [f"/{lang}/{page}" for lang in languages for page in MINI_PAGES] + ["/index.html"]
        assert axe_violations(browser, url, paths) == {}


@pytest.mark.e2e
def test_axe_finds_no_violation_on_the_library_in_all_six_languages(browser: object, library_built: BuildResult) -> None:
    languages = ("en", "fr", "es", "ru", "ar", "zh-Hans")
    with served(library_built.site_dir) as url:
        assert axe_violations(browser, url, [f"/{lang}/{page}" for lang in languages for page in LIBRARY_PAGES]) == {}


def _console_errors(page: object) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)  # type: ignore[attr-defined]
    return errors


def test_the_policy_blocks_nothing_the_pages_need_over_http_and_from_disk(browser: object, mini_built: tuple[Path, BuildResult]) -> None:
    site = mini_built[1].site_dir
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors = _console_errors(page)
    with served(site) as url:
        for base in (url + "/", site.as_uri() + "/"):
            for path in ("index.html", "en/alpha/01-first.html", "ar/alpha/01-first.html", "fr/404.html"):
                page.goto(urljoin(base, path), wait_until="load")
                if path != "index.html":  # the root is our language chooser, not a Material page
                    assert page.evaluate("typeof __md_get") == "function", "the theme's inline scripts ran"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_policy_stops_a_script_the_site_did_not_ship(browser: object, mini_built: tuple[Path, BuildResult]) -> None:
    site = mini_built[1].site_dir
    page = browser.new_context().new_page()  # type: ignore[attr-defined]
    errors = _console_errors(page)
    with served(site) as url:
        page.goto(url + "/en/alpha/01-first.html", wait_until="load")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert policy is not None and "script-src 'self' 'sha256-" in policy and "object-src 'none'" in policy
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';
                                 document.body.appendChild(s);
                                 const i = document.createElement('img'); i.src = 'x.png';
                                 i.setAttribute('onerror', 'window.handler = 1'); document.body.appendChild(i); }""")
        page.wait_for_timeout(300)
        assert page.evaluate("[typeof window.injected, typeof window.handler]") == ["undefined", "undefined"]
    assert any("Content Security Policy" in e for e in errors), errors


def test_the_language_links_of_the_404_pages_lead_to_existing_pages(mini_built: tuple[Path, BuildResult]) -> None:
    """A 404 page is served at any address, so its links are absolute (/fr/...): each must name a real file."""
    site = mini_built[1].site_dir
    checked = 0
    for page in sorted(site.glob("*/404.html")):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a href="([^"]+)"\s+hreflang=', text):
            resolved = Path(urljoin("/x/", href)).as_posix()  # resolve ../ as a browser does
            assert (site / resolved.lstrip("/")).is_file(), (page, href, resolved)
            checked += 1
    assert checked == 9, "three 404 pages, each linking the three languages"


def test_the_axe_script_is_the_pinned_one() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == json.loads((AXE.parent / "package.json").read_text())["version"]
