"""Search: the index stage (sections from built pages, the compact index format), the command line,
and relevance on the real library against floors set from the measurement (`make bench` reports it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lunr.index import Index

from build_tools.__main__ import main
from build_tools.analysis import query_clauses
from build_tools.pipeline import BuildResult
from build_tools.search import load, marked, search, snippet
from build_tools.search_index import INDEX_FILE, SearchEntry, build_index, compact, expand, page_entries, read_index
from tests.relevance import evaluate, queries

Built = tuple[Path, BuildResult]

PAGE = """<html><body><nav><h2 id="nav">Navigation</h2></nav>
<article class="md-content__inner md-typeset">
<h1 id="chapter">The chapter<a class="headerlink" href="#chapter">&para;</a></h1>
<div class="admonition note jh-notice"><p>This page is not yet translated.</p></div>
<p class="jh-backlinks">Referenced from: <a href="x.html">Elsewhere</a></p>
<p>Intro text with a note.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>
<h2 id="first">First <em>section</em></h2><p>Body of the first section.</p>
<div class="admonition warning"><p class="admonition-title">Careful</p><p>Kept: a titled admonition is content.</p></div>
<h3 id="sub">A sub-section</h3><table><tr><td>cell one</td><td>cell two</td></tr></table>
<h4 id="minor">Minor heading</h4><p>stays in the sub-section</p>
<div class="footnote"><ol><li id="fn:1"><p>Footnote text.</p></li></ol></div>
</article><footer><p>Footer</p></footer></body></html>"""

# Floors for recall@3 and MRR per language on tests/search/queries.yml, set a little below what was
# measured on 2026-11-28 (en 0.82/0.75, fr 0.87/0.95, es 0.89/1.00, ru 0.95/0.90, ar 0.88/0.95,
# zh-Hans 0.85/0.80): a change that makes search worse fails here; raise them when it gets better.
FLOORS = {"en": (0.75, 0.70), "fr": (0.80, 0.90), "es": (0.80, 0.90), "ru": (0.78, 0.75), "ar": (0.80, 0.85), "zh-Hans": (0.75, 0.72)}
"""recall@3 and MRR floors, a little under the measurement. Russian and Chinese were re-set on
2026-11-28 when their translations grew from one or two handbooks to all seven: newly translated
sections now compete for queries written when most of those pages were English (ru 0.95/0.90 →
0.81/0.79, zh 0.85/0.80 → 0.79/0.76; the misses are listed by the assertion)."""


def test_a_page_gives_one_entry_per_heading_without_permalinks_notices_backlinks_or_footnotes(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    entries = page_entries(page, "hb/page.html", "hb", "The handbook")
    assert [(e.ref, e.title) for e in entries] == [
        ("hb/page.html#chapter", "The chapter"), ("hb/page.html#first", "First section"), ("hb/page.html#sub", "A sub-section")]
    assert entries[0].body == "Intro text with a note."
    assert entries[1].body == "Body of the first section. Careful Kept: a titled admonition is content."
    assert entries[2].body == "cell one cell two Minor heading stays in the sub-section"
    assert {e.chapter for e in entries} == {"The chapter"}


def _entries() -> list[SearchEntry]:
    texts = [("Pre-trial detention", "Remand prisoners wait for trial in overcrowded prisons."),
             ("Bail", "Courts set bail conditions; affordable bail reduces detention."),
             ("Health care", "Prison health care is organised by the ministry of health."),
             ("Probation", "Probation officers supervise people serving community sentences.")]
    return [SearchEntry(f"hb/p.html#s{i}", "hb", title, "Chapter", "Handbook", body) for i, (title, body) in enumerate(texts)]


def _weights(serialised: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Field vectors as {field ref: {term: weight}}, whatever the terms' numbering."""
    terms = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    return {ref: {terms[int(e[i])]: e[i + 1] for i in range(0, len(e), 2)} for ref, e in serialised["fieldVectors"]}


def test_the_compact_index_restores_exactly_the_weights_lunr_py_computed() -> None:
    entries = [*_entries(), SearchEntry("glossary.html#bail", "", "Bail", "Glossary", "", "Release before trial against a promise.")]
    builder = build_index(entries, "en")
    serialised = builder.build().serialize()
    compacted = json.loads(json.dumps(compact(builder, {4: 0.5})))  # through JSON, as the browser gets it
    assert len(json.dumps(compacted)) < len(json.dumps(serialised)) / 2
    restored = expand(compacted)
    assert _weights(restored) == _weights(serialised)
    original, loaded = Index.load(serialised), Index.load(restored)
    for query in ("detention", "bail detention", "health", "prison*", "supervis"):
        assert [(r["ref"], r["score"]) for r in original.search(query)] == [(r["ref"], r["score"]) for r in loaded.search(query)], query


def test_snippets_mark_the_words_that_match_whatever_their_form() -> None:
    body = "Prison health care is organised by the ministry, and pre-trial detention ends in court."
    text, marks = snippet(body, query_clauses("organizing pretrial detention", "en"), "en")
    assert marked(text, marks) == "Prison health care is [organised] by the ministry, and [pre-trial] [detention] ends in court."


def test_chinese_snippets_mark_the_matching_characters() -> None:
    text, marks = snippet("关于审前拘留的一节", query_clauses("审前羁押", "zh-Hans"), "zh-Hans")
    assert marked(text, marks) == "关于[审前]拘留的一节"


def test_every_language_of_the_site_gets_an_engine_and_an_index(mini_built: Built) -> None:
    site = mini_built[1].site_dir
    assert {i.lang for i in mini_built[1].search} == {"en", "fr", "ar"}
    for lang in ("en", "fr", "ar"):
        index = (site / lang / INDEX_FILE).read_text(encoding="utf-8")
        assert index.startswith("JHSearchLoaded({") and index.rstrip().endswith("});")
        engine = (site / lang / "assets/search/engine.js").read_text(encoding="utf-8")
        assert "lunr" in engine and "JHAnalysis" in engine
    text = (site / "fr/assets/search/text.js").read_text(encoding="utf-8")
    assert text.startswith("JHSearchText([") and len(read_index(site, "fr")["docs"][0]) == 5
    assert "JHPorter2" in (site / "en/assets/search/engine.js").read_text(encoding="utf-8")
    assert "lunr.fr" in (site / "fr/assets/search/engine.js").read_text(encoding="utf-8")
    data = read_index(site, "fr")
    assert data["lang"] == "fr" and "la" in data["analysis"]["stopwords"]


def test_the_index_holds_chapters_glossary_and_standards_but_not_landing_pages(mini_built: Built) -> None:
    refs = [doc[0] for doc in read_index(mini_built[1].site_dir, "en")["docs"]]
    assert "alpha/01-first.html#tables-and-lists" in refs
    assert any(ref.startswith("glossary.html#") for ref in refs)
    assert any(ref.startswith("standards.html#") for ref in refs)
    assert not any(ref.startswith("alpha/index.html") or ref.startswith("index.html") for ref in refs)


def test_search_finds_a_section_by_a_word_of_its_table(mini_built: Built) -> None:
    results = search(mini_built[1].site_dir, "en", "probation", limit=3)
    assert results and results[0].ref == "alpha/01-first.html#tables-and-lists"
    assert results[0].handbook == "alpha" and results[0].title == "Tables and lists"


def test_the_filter_keeps_one_handbook(mini_built: Built) -> None:
    site = mini_built[1].site_dir
    assert {r.handbook for r in search(site, "en", "section chapter", limit=20)} >= {"alpha", "beta"}
    assert {r.handbook for r in search(site, "en", "section chapter", limit=20, within="h:beta")} == {"beta"}
    assert {r.handbook for r in search(site, "en", "rules", limit=20, within="r:")} == {""}


def test_the_command_line_prints_json_and_respects_the_limit(mini_built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    root, result = mini_built
    assert main(["--root", str(root), "search", "--lang", "en", "--json", "--limit", "2", "--site-dir", str(result.site_dir),
                 "chapter"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed) == 2 and {"ref", "score", "title", "snippet", "marks"} <= set(printed[0])


def test_the_command_line_names_the_built_languages_when_one_is_missing(mini_built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    root, result = mini_built
    assert main(["--root", str(root), "search", "--lang", "ru", "--site-dir", str(result.site_dir), "prison"]) == 2
    assert "Built languages: ar, en, fr" in capsys.readouterr().err


@pytest.mark.e2e
@pytest.mark.parametrize("lang", list(FLOORS))
def test_relevance_stays_above_the_floor(library_built: BuildResult, lang: str) -> None:
    load.cache_clear()
    scores = evaluate(lang, queries()[lang], lambda lang, q: [r.ref for r in search(library_built.site_dir, lang, q, 10)])
    recall_floor, mrr_floor = FLOORS[lang]
    assert scores.recall_at_3 >= recall_floor and scores.mrr >= mrr_floor, (scores.recall_at_3, scores.mrr, scores.misses)
