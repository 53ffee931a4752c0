"""Search from the command line: ``python -m build_tools search --lang fr "détention provisoire"``.

Ranks with the built index (site/<lang>/assets/search/index.js), the same analysis (analysis.py,
the twin of analysis.js) and the same lunr query as the browser (assets/search/search.js), so what
a reader gets on the site is what this prints. tests/test_search.py runs both and compares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lunr.index import Index
from lunr.query import Query

from .analysis import Clause, analyse, language_data, query_clauses, script_parts, word_spans
from .search_index import expand, read_index

SNIPPET = 180
"""Characters of a result's snippet, unless the language says otherwise (languages.json snippet_chars)."""


@dataclass(frozen=True)
class Result:
    ref: str
    """Page and anchor, from the language's root (site/<lang>/)."""
    score: float
    handbook: str
    handbook_title: str
    chapter: str
    title: str
    snippet: str
    marks: tuple[tuple[int, int], ...]
    """Character ranges of the snippet that match the query, as the site highlights them."""


@dataclass(frozen=True)
class LoadedIndex:
    lang: str
    index: Any
    docs: tuple[tuple[str, str, str, str, str], ...]
    handbooks: Mapping[str, Mapping[str, Any]]


@cache
def load(site_dir: Path, lang: str) -> LoadedIndex:
    data = read_index(site_dir, lang)
    handbooks = {h["id"]: h for h in data["handbooks"]}
    docs = tuple(tuple(d) for d in data["docs"])
    return LoadedIndex(lang, Index.load(expand(data["index"])), docs, handbooks)


def rank(loaded: LoadedIndex, query: str) -> list[tuple[int, float]]:
    """(entry number, score), best first: lunr.py on the clauses analysis.py makes of ``query``."""
    return _ranked(loaded, query_clauses(query, loaded.lang))


def _ranked(loaded: LoadedIndex, clauses: Sequence[Clause]) -> list[tuple[int, float]]:
    if not clauses:
        return []
    lunr_query = loaded.index.create_query()
    for clause in clauses:
        lunr_query.term(clause.term, boost=clause.boost, use_pipeline=False,
                        wildcard=Query.WILDCARD_TRAILING if clause.prefix else Query.WILDCARD_NONE)
    return [(int(hit["ref"]), float(hit["score"])) for hit in loaded.index.query(lunr_query)]


def accepts(loaded: LoadedIndex, handbook: str, within: str) -> bool:
    """The site's filter: ``h:<handbook>``, ``t:<topic>``, ``r:`` (glossary and standards) or '' (all)."""
    kind, value = within[:2], within[2:]
    if not within:
        return True
    if kind == "h:":
        return handbook == value
    if kind == "r:":
        return handbook == ""
    return value in loaded.handbooks.get(handbook, {}).get("topics", ())


def search(site_dir: Path, lang: str, query: str, limit: int = 10, within: str = "") -> list[Result]:
    loaded = load(site_dir, lang)
    clauses = query_clauses(query, lang)
    results = []
    for number, score in _ranked(loaded, clauses):
        ref, handbook, title, chapter, body = loaded.docs[number]
        if not accepts(loaded, handbook, within):
            continue
        text, marks = snippet(body, clauses, lang)
        handbook_title = str(loaded.handbooks.get(handbook, {}).get("title", ""))
        results.append(Result(ref, score, handbook, handbook_title, chapter, title, text, tuple(marks)))
        if len(results) == limit:
            break
    return results


def matched_ranges(text: str, clauses: Sequence[Clause], lang: str) -> list[tuple[int, int]]:
    """Which characters of ``text`` match: each word analysed as the index did (search.js matchedRanges)."""
    terms = {c.term for c in clauses if not c.prefix}
    prefixes = [c.term for c in clauses if c.prefix]
    ranges = []
    for span_start, span_end in word_spans(text):
        for offset, word, han in script_parts(text[span_start:span_end]):
            start = span_start + offset
            if han:
                for i in range(len(word)):
                    pair = word[i:i + 2]
                    if pair in terms or (len(word) == 1 and word in terms):
                        ranges.append((start + i, start + i + len(pair)))
            elif any(t in terms or any(t.startswith(p) for p in prefixes) for t in analyse(word, lang)):
                ranges.append((start, start + len(word)))
    return ranges


def snippet(body: str, clauses: Sequence[Clause], lang: str) -> tuple[str, list[tuple[int, int]]]:
    """About SNIPPET characters of ``body``, starting a little before the first match (search.js snippet)."""
    ranges = matched_ranges(body, clauses, lang)
    length = int(language_data(lang).get("snippet_chars", SNIPPET))
    start = max(0, ranges[0][0] - length // 4) if ranges else 0
    if start > 0:
        space = body.find(" ", start)
        if 0 < space < ranges[0][0]:
            start = space + 1
    end = min(len(body), start + length)
    if end < len(body):
        cut = body.rfind(" ", 0, end)
        if cut > start + length // 2:
            end = cut
    text = ("… " if start > 0 else "") + body[start:end] + (" …" if end < len(body) else "")
    shift = 2 - start if start > 0 else 0
    marks = [(a + shift, b + shift) for a, b in ranges if a + shift >= 0 and b + shift <= len(text)]
    return text, marks


def marked(text: str, marks: Sequence[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """``text`` with each match wrapped, for a terminal."""
    out, at = [], 0
    for start, end in marks:
        start = max(start, at)
        if end <= at:
            continue
        out += [text[at:start], before, text[start:end], after]
        at = end
    out.append(text[at:])
    return "".join(out)
