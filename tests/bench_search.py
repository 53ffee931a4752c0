"""Search measurements for `make bench` (also runnable alone after `make build`: python -m tests.bench_search).

- index and engine size per language, raw and gzipped;
- relevance on tests/search/queries.yml (recall@3, MRR) for our search and for Material for MkDocs'
  built-in search on the same pages: the same generated MkDocs configuration with Material's
  `search` plugin (lang set to the page's language) instead of ours, queried through its own search
  box in Chromium, as a reader would;
- time from the first keystroke to results in Chromium, on the first search of a visit (engine and
  index loaded then) and on the next ones, on localhost and over a throttled 1.6 Mbit/s, 150 ms link.
"""

from __future__ import annotations

import logging
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from build_tools.search import load, search
from build_tools.search_index import ENGINE_FILE, INDEX_FILE, TEXT_FILE, gzip_size, read_index
from tests.relevance import Scores, evaluate, queries
from tests.webserver import served

ROOT = Path(__file__).resolve().parent.parent
MATERIAL_LANG = {"zh-Hans": "zh"}
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
"""'Fast 3G' as Chrome's DevTools define it: what many readers of the site have."""


def sizes(site: Path) -> None:
    print("Search per language (engine, index, then text for snippets: loaded only when a search starts):")
    for lang_dir in sorted(p for p in site.iterdir() if (p / INDEX_FILE).is_file()):
        index, text, engine = ((lang_dir / name).read_bytes() for name in (INDEX_FILE, TEXT_FILE, ENGINE_FILE))
        entries = len(read_index(site, lang_dir.name)["docs"])
        print(f"  {lang_dir.name:7} {entries} sections; index.js {len(index) / 1024:4.0f} KB, gzipped {gzip_size(index) / 1024:3.0f} KB; "
              f"text.js {len(text) / 1024:4.0f} KB, gzipped {gzip_size(text) / 1024:3.0f} KB; "
              f"engine.js {len(engine) / 1024:3.0f} KB, gzipped {gzip_size(engine) / 1024:3.0f} KB")




def ours(site: Path) -> dict[str, Scores]:
    load.cache_clear()
    return {lang: evaluate(lang, items, lambda lang, q: [r.ref for r in search(site, lang, q, 10)]) for lang, items in queries().items()}


def material_site(work: Path, out: Path) -> Path:
    """Our generated MkDocs configuration of each language, with Material's search plugin in place of ours."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    for lang in queries():
        config_file = work / f"mkdocs-{lang}.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config["plugins"] = [{"search": {"lang": MATERIAL_LANG.get(lang, lang)}}]
        config["site_dir"] = str(out / lang)
        config["extra"]["search"] = None  # our box off: Material's own box and worker only
        variant = work / f"mkdocs-material-search-{lang}.yml"
        variant.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        build(load_config(config_file=str(variant)))
    return out


def material(site: Path, browser: Any, ours_site: Path) -> dict[str, Scores]:
    """Material's search, typed into its own box: results in the order it shows them, a page's own
    result counted as the page's first section."""
    first_section: dict[tuple[str, str], str] = {}
    for lang in queries():
        for ref, *_rest in read_index(ours_site, lang)["docs"]:
            first_section.setdefault((lang, ref.split("#")[0]), ref)
    results = {}
    with served(site) as url:
        for lang, items in queries().items():
            page = browser.new_page()
            page.goto(f"{url}/{lang}/index.html")
            page.click("input.md-search__input")

            def ranker(lang: str, query: str, page: Any = page) -> list[str]:
                # Material's box reacts to key events, not to a programmatic fill: type as a reader does
                page.click("input.md-search__input")
                page.keyboard.press("Control+A")
                page.keyboard.type(query)
                page.wait_for_timeout(600)
                hrefs = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
                refs = []
                for href in hrefs:
                    path, _, anchor = href.partition("#")
                    path = path.split(f"/{lang}/", 1)[-1]
                    refs.append(f"{path}#{anchor}" if anchor else first_section.get((lang, path), path))
                return list(dict.fromkeys(refs))

            results[lang] = evaluate(lang, items, ranker)
            page.close()
    return results


def timings(site: Path, browser: Any) -> None:
    """Milliseconds from the first keystroke to the first results drawn, measured inside the page."""
    probe = """() => { window.__t = {}; const input = document.getElementById('jh-search-input');
      input.addEventListener('keydown', () => { if (!window.__t.start) window.__t.start = performance.now(); }, true);
      new MutationObserver(() => { if (!window.__t.end && document.querySelector('.jh-search__results li'))
        window.__t.end = performance.now(); }).observe(document.querySelector('.jh-search__results'), {childList: true});
      const box = document.querySelector('[data-jh-search]');
      if (box.hasAttribute('data-text')) window.__t.text = -1;
      else new MutationObserver(() => { if (!window.__t.text && box.hasAttribute('data-text')) window.__t.text = performance.now(); })
        .observe(box, {attributes: true}); }"""
    print("Time from the first keystroke to results in Chromium (ms; the first search loads engine + index, then text):")
    with served(site) as url:
        for lang in queries():
            query = str(queries()[lang][0]["query"])
            row = []
            for network in (None, SLOW):
                context = browser.new_context()
                page = context.new_page()
                if network:
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", network)
                page.goto(f"{url}/{lang}/index.html")
                if page.is_visible(".jh-search__open"):
                    page.click(".jh-search__open")
                measured = []
                for _attempt in range(3):
                    page.evaluate(probe)
                    page.fill("#jh-search-input", "")
                    page.type("#jh-search-input", query)
                    page.wait_for_function("window.__t.end && window.__t.text", timeout=60000)
                    measured.append(page.evaluate("window.__t.end - window.__t.start"))
                    if _attempt == 0:
                        snippets = page.evaluate("Math.max(window.__t.text, window.__t.end) - window.__t.start")
                row.append((measured[0], statistics.median(measured[1:]), snippets))
                context.close()
            (local_first, local_next, local_text), (slow_first, slow_next, slow_text) = row
            print(f"  {lang:7} {query!r:34} localhost: first {local_first:4.0f} (snippets {local_text:4.0f}), then {local_next:4.0f}; "
                  f"1.6 Mbit/s: first {slow_first:5.0f} (snippets {slow_text:5.0f}), then {slow_next:4.0f}")


def report(site: Path, work: Path) -> None:
    from tests.chromium import launched

    sizes(site)
    mine = ours(site)
    material_out = work / "material-search-site"
    shutil.rmtree(material_out, ignore_errors=True)
    start = time.perf_counter()
    material_site(work, material_out)
    print(f"Material-search variant of the site built in {time.perf_counter() - start:.0f} s")
    with launched() as browser:
        theirs = material(material_out, browser, site)
        timings(site, browser)
    print_relevance(mine, theirs)


def print_relevance(mine: dict[str, Scores], theirs: dict[str, Scores]) -> None:
    print("Relevance on tests/search/queries.yml (recall@3 / MRR):")
    print(f"  {'lang':7} {'queries':>7}  {'ours':>13}  {'Material':>13}")
    for lang, scores in mine.items():
        other = theirs[lang]
        print(f"  {lang:7} {scores.queries:7}  {scores.recall_at_3:5.2f} / {scores.mrr:4.2f}  {other.recall_at_3:5.2f} / {other.mrr:4.2f}")
    for label, results in (("ours", mine), ("Material", theirs)):
        everything: Sequence[Scores] = list(results.values())
        total = sum(s.queries for s in everything)
        print(f"  all ({label}): recall@3 {sum(s.recall_at_3 * s.queries for s in everything) / total:.2f}, "
              f"MRR {sum(s.mrr * s.queries for s in everything) / total:.2f} over {total} queries")


if __name__ == "__main__":
    report(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site", ROOT / "build")
