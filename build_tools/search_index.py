"""Stage: the search index of each language, built from the site's own HTML pages.

Reading the built pages, not the Markdown, means the index holds exactly what a reader sees: the
translation with its English fallback, resolved cross-reference titles, glossary links, and the
anchors MkDocs gave the headings. Each heading (h1–h3) starts an entry that runs to the next one.

Per language it writes assets/search/engine.js (lunr.js, the language's Snowball stemmer and
analysis.js, from node_modules and assets/), assets/search/index.js (the lunr index built by lunr.py
from analysis.py's tokens, and each entry's link and titles) and assets/search/text.js (the entries'
text for snippets, fetched after the index so that the first results show sooner on a slow link). Both are plain scripts, not JSON
fetched by XHR, because a browser refuses fetch() on file:// and the offline copy must search too.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from lunr.builder import Builder

from . import ui
from .analysis import SNOWBALL, analyse, language_data
from .diagnostics import Diagnostic, error
from .glossary import GLOSSARY_PAGE
from .model import TOPICS, Library
from .resolve import STANDARDS_PAGE
from .site_pages import TOPIC_LABELS
from .translate import Catalogs, translate_meta

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
ANALYSIS_JS = Path(__file__).parent / "assets" / "search" / "analysis.js"
INDEX_FILE = "assets/search/index.js"
TEXT_FILE = "assets/search/text.js"
"""The sections' text, for snippets: most of the bytes, so loaded after the index, once results show."""
ENGINE_FILE = "assets/search/engine.js"

LUNR_VERSION = "2.3.9"
"""The lunr.js release the index is written for (package-lock.json), which lunr.py 0.8 targets."""
REFERENCE_BOOST = 0.5
"""Glossary entries and standards count half: short, with every word in a boosted title, they would
otherwise outrank the handbook sections a practitioner is looking for."""
FIELDS = {"title": 10, "chapter": 3, "handbook": 2, "body": 1}
"""Fields of an entry and their lunr boosts: words of a section's own heading count most, then its
chapter's and handbook's titles (so that 'health care prison' prefers the prison handbook)."""

_SECTION_TAGS = {"h1", "h2", "h3"}
_SKIPPED_CLASSES = {"headerlink", "jh-backlinks", "footnote", "footnote-ref", "footnote-backref", "jh-notice"}
"""Not text of the section: permalinks, 'Referenced from' lines, footnotes (they sit at the page end,
away from their section), and the 'not yet translated' notice."""
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "figcaption", "caption", "pre", "blockquote", "tr", "div", "table", "ul", "ol"}


@dataclass
class _Section:
    anchor: str
    title: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


class _ArticleParser(HTMLParser):
    """Collects the sections of the page's <article>: heading text and the text until the next heading."""

    def __init__(self, skipped_tags: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.skipped_tags = skipped_tags
        self.sections: list[_Section] = []
        self._depth = 0           # open elements inside the article; 0 = outside it
        self._skip_depth = 0      # >0 while inside a skipped element
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if self._depth == 0:
            if tag == "article" and "md-content__inner" in classes:
                self._depth = 1
            return
        if tag in _VOID:
            return
        self._depth += 1
        if self._skip_depth:
            self._skip_depth += 1
            return
        if classes & _SKIPPED_CLASSES or tag in self.skipped_tags:
            self._skip_depth = 1
            return
        if tag in _SECTION_TAGS and attributes.get("id"):
            self.sections.append(_Section(str(attributes["id"])))
            self._heading = tag
        elif tag in _BLOCKS:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0 or tag in _VOID:
            return
        self._depth -= 1
        if self._skip_depth:
            self._skip_depth -= 1
            return
        if tag == self._heading:
            self._heading = None
        elif tag in _BLOCKS:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip_depth:
            self._text(data)

    def _text(self, data: str) -> None:
        if not self.sections:
            return
        section = self.sections[-1]
        (section.title if self._heading else section.body).append(data)


@dataclass(frozen=True)
class SearchEntry:
    """One searchable section of one page."""

    ref: str
    """Link from the language's root: page path and the heading's anchor."""
    handbook: str
    """The handbook's id; empty for the glossary and the standards page."""
    title: str
    chapter: str
    """The page's title (its h1), for the result's context line."""
    handbook_title: str
    body: str


@dataclass(frozen=True)
class SearchIndex:
    """What the search stage wrote for one language, for the build summary and the benchmark."""

    lang: str
    entries: int
    index_bytes: int
    index_gzip_bytes: int
    engine_bytes: int
    engine_gzip_bytes: int
    text_bytes: int
    text_gzip_bytes: int


def _clean(parts: Iterable[str]) -> str:
    return " ".join("".join(parts).split())


def page_entries(page: Path, ref: str, handbook: str, handbook_title: str,
                 skipped_tags: frozenset[str] = frozenset()) -> list[SearchEntry]:
    """The sections of one built page; an h1 with nothing under it before the first h2 still counts."""
    parser = _ArticleParser(skipped_tags)
    parser.feed(page.read_text(encoding="utf-8"))
    sections = parser.sections
    chapter = _clean(sections[0].title) if sections else ""
    return [SearchEntry(f"{ref}#{s.anchor}", handbook, _clean(s.title), chapter, handbook_title, _clean(s.body))
            for s in sections if _clean(s.title)]


def collect_entries(library: Library, catalogs: Catalogs, lang_dir: Path) -> list[SearchEntry]:
    """Every chapter of every handbook, then the glossary and the standards page; landing and download
    pages are lists of links to these and would only crowd the results."""
    entries: list[SearchEntry] = []
    for handbook in library.handbooks:
        title = translate_meta(handbook, catalogs).title
        for chapter in handbook.chapters:
            ref = f"{handbook.id}/{chapter.slug}.html"
            entries += page_entries(lang_dir / ref, ref, handbook.id, title)
    # The standards page lists, under each standard, the sections citing it: links, whose titles
    # would make the standard outrank the sections themselves.
    for ref, skipped in ((GLOSSARY_PAGE.replace(".md", ".html"), frozenset()), (STANDARDS_PAGE.replace(".md", ".html"), frozenset({"ul"}))):
        if (lang_dir / ref).is_file():
            entries += page_entries(lang_dir / ref, ref, "", "", skipped)
    return entries


def build_index(entries: Sequence[SearchEntry], lang: str) -> Builder:
    """lunr.py's index of ``entries``, built (``builder.build()`` has run, so the builder holds the
    term frequencies and field lengths ``compact`` ships). Refs are positions in the entry list;
    tokens come from analysis.py, so lunr's own pipeline is emptied, at index and at query time."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for number, entry in enumerate(entries):
        builder.add({"id": str(number), "title": analyse(entry.title, lang),
                     "chapter": analyse(entry.chapter, lang) if entry.chapter != entry.title else [],
                     "handbook": analyse(entry.handbook_title, lang), "body": analyse(entry.body, lang)},
                    attributes={"boost": REFERENCE_BOOST} if not entry.handbook else None)
    builder.build()
    return builder


def compact(builder: Builder, boosts: Mapping[int, float]) -> dict[str, Any]:
    """lunr.py's index in less than half the size of lunr's serialised form. What lunr serialises
    as field vectors (a BM25 weight per term, field and entry: most of the bytes) is derived data:
    we ship the term frequencies and field lengths it is computed from, and ``expand`` (here and
    in search.js) computes the weights again exactly as lunr's builder does. Terms are numbered in
    sorted order; a posting is the delta-coded list of entry numbers per field, an entry followed by
    ``-tf`` where the term occurs more than once; ``boosts`` are the entries' document boosts."""
    fields = list(FIELDS)
    postings = []
    for term in sorted(builder.inverted_index):
        row = []
        for name in fields:
            coded, previous = [], 0
            for ref in sorted(int(ref) for ref in builder.inverted_index[term][name]):
                coded.append(ref - previous)
                previous = ref
                frequency = builder.field_term_frequencies[f"{name}/{ref}"][term]
                if frequency > 1:
                    coded.append(-frequency)
            row.append(coded)
        postings.append(row)
    count = builder.document_count
    return {"version": LUNR_VERSION, "fields": [[name, FIELDS[name]] for name in fields], "k1": builder._k1, "b": builder._b,
            "terms": sorted(builder.inverted_index), "postings": postings,
            "lengths": [[builder.field_lengths[f"{name}/{ref}"] for ref in range(count)] for name in fields],
            "boosts": sorted([ref, boost] for ref, boost in boosts.items() if boost != 1)}


def expand(compacted: Mapping[str, Any]) -> dict[str, Any]:
    """The serialised lunr index ``compact`` encodes, as lunr.py's and lunr.js's Index.load read it,
    with the field vectors computed by lunr's builder formula (BM25, k1 and b as shipped, weights
    rounded to three decimals). search.js expand() is the same computation."""
    fields = [name for name, _boost in compacted["fields"]]
    field_boost = dict(compacted["fields"])
    lengths = dict(zip(fields, compacted["lengths"], strict=True))
    count = len(compacted["lengths"][0])
    doc_boost = {int(ref): boost for ref, boost in compacted["boosts"]}
    k1, b = compacted["k1"], compacted["b"]
    average = {name: sum(lengths[name]) / count for name in fields}
    inverted = []
    frequencies: dict[str, dict[int, list[tuple[int, int]]]] = {name: {} for name in fields}
    for number, (term, row) in enumerate(zip(compacted["terms"], compacted["postings"], strict=True)):
        posting: dict[str, Any] = {"_index": number}
        for name, coded in zip(fields, row, strict=True):
            refs = _decode(coded)
            posting[name] = {str(ref): {} for ref, _tf in refs}
            for ref, frequency in refs:
                frequencies[name].setdefault(ref, []).append((number, frequency))
        inverted.append([term, posting])
    idf = [math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
           for with_term in (sum(len(posting[name]) for name in fields) for _term, posting in inverted)]
    vectors = []
    for name in fields:
        for ref in range(count):
            elements: list[float] = []
            for number, frequency in frequencies[name].get(ref, []):
                score = idf[number] * ((k1 + 1) * frequency) / (k1 * (1 - b + b * (lengths[name][ref] / average[name])) + frequency)
                score *= field_boost[name]
                score *= doc_boost.get(ref, 1)
                elements += [number, round(score, 3)]
            vectors.append([f"{name}/{ref}", elements])
    return {"version": compacted["version"], "fields": fields, "fieldVectors": vectors, "invertedIndex": inverted, "pipeline": []}


def _decode(coded: Sequence[int]) -> list[tuple[int, int]]:
    """(entry number, term frequency) pairs of a posting ``compact`` coded."""
    pairs: list[tuple[int, int]] = []
    ref = 0
    for value in coded:
        if value < 0:
            pairs[-1] = (pairs[-1][0], -value)
        else:
            ref += value
            pairs.append((ref, 1))
    return pairs


def index_data(library: Library, catalogs: Catalogs, lang: str, entries: Sequence[SearchEntry]) -> dict[str, object]:
    """Everything the browser and the command line need besides lunr itself."""
    _ = catalogs.gettext()
    handbooks = [{"id": h.id, "title": translate_meta(h, catalogs).title, "topics": list(h.meta.topics)} for h in library.handbooks]
    used_topics = [t for t in TOPICS if any(t in h.meta.topics for h in library.handbooks)]
    return {
        "lang": lang,
        "analysis": language_data(lang),
        "handbooks": handbooks,
        "topics": [{"id": t, "label": _(TOPIC_LABELS[t])} for t in used_topics],
        "reference": _(ui.SEARCH_REFERENCE),
        "docs": [[e.ref, e.handbook, e.title, e.chapter] for e in entries],
        "index": compact(build_index(entries, lang), {n: REFERENCE_BOOST for n, e in enumerate(entries) if not e.handbook}),
    }


def engine_script(lang: str) -> str:
    """lunr.js, the stemmer for ``lang`` and our analyser, as one script (one request on slow links)."""
    parts = [(NODE_MODULES / "lunr" / "lunr.min.js").read_text(encoding="utf-8")]
    if lang == "en":
        porter2 = (NODE_MODULES / "porter2" / "dist" / "index.js").read_text(encoding="utf-8")
        parts.append(f"var JHPorter2 = (function () {{ var exports = {{}};\n{porter2}\nreturn exports; }})();")
    elif (NODE_MODULES / "lunr-languages" / f"lunr.{lang}.js").is_file() and lang in SNOWBALL:
        parts.append((NODE_MODULES / "lunr-languages" / "lunr.stemmer.support.js").read_text(encoding="utf-8"))
        parts.append((NODE_MODULES / "lunr-languages" / f"lunr.{lang}.js").read_text(encoding="utf-8"))
    parts.append(ANALYSIS_JS.read_text(encoding="utf-8"))
    return "\n;\n".join(parts) + "\n"


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` gzipped as a static host would send it."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def write_search(library: Library, catalogs: Mapping[str, Catalogs], site_dir: Path) -> tuple[list[SearchIndex], list[Diagnostic]]:
    """Write the engine and index of every language built into ``site_dir``."""
    if not (NODE_MODULES / "lunr" / "lunr.min.js").is_file():
        return [], [error("package-lock.json", 0, "search.node_modules",
                          "node_modules/ is missing: run `make setup` (it runs `npm ci`) to install lunr.js and the stemmers")]
    written, problems = [], []
    for lang, lang_catalogs in catalogs.items():
        lang_dir = site_dir / lang
        entries = collect_entries(library, lang_catalogs, lang_dir)
        if not entries:
            problems.append(error(str(lang_dir), 0, "search.empty", f"no section found to index in {lang}: were the pages built?"))
            continue
        data = json.dumps(index_data(library, lang_catalogs, lang, entries), ensure_ascii=False, separators=(",", ":"))
        index = f"JHSearchLoaded({data});\n".encode()
        text = f"JHSearchText({json.dumps([e.body for e in entries], ensure_ascii=False, separators=(',', ':'))});\n".encode()
        engine = engine_script(lang).encode()
        (lang_dir / INDEX_FILE).parent.mkdir(parents=True, exist_ok=True)
        (lang_dir / INDEX_FILE).write_bytes(index)
        (lang_dir / TEXT_FILE).write_bytes(text)
        (lang_dir / ENGINE_FILE).write_bytes(engine)
        written.append(SearchIndex(lang, len(entries), len(index), gzip_size(index), len(engine), gzip_size(engine),
                                   len(text), gzip_size(text)))
    return written, problems


def read_index(site_dir: Path, lang: str) -> dict[str, Any]:
    """The data of a built index.js, each entry of ``docs`` completed with its text from text.js."""
    data: dict[str, Any] = _script_data(site_dir / lang / INDEX_FILE)
    bodies: list[str] = _script_data(site_dir / lang / TEXT_FILE)
    data["docs"] = [[*doc, body] for doc, body in zip(data["docs"], bodies, strict=True)]
    return data


def _script_data(path: Path) -> Any:
    """The JSON argument of the one call a search script makes (``JHSearchLoaded({...});``)."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])
