"""Language analysis for search: text → index tokens, the same in Python and in the browser.

The site's search (assets/search/analysis.js) and the command-line search (search.py) must turn a
word into the same token as the index builder did, or a query finds nothing. So the analysis is
written twice, step for step alike, and tests/search/vectors.yml is run through both (the Node run
in tests/test_search_analysis.py). Change one, change the other, and add a vector.

Steps, for every language:

1. Unicode NFKC and lower case (full-width Latin and digits become ASCII; compatibility forms go).
2. Arabic-script normalisation: vowel marks and tatweel removed; أ إ آ ٱ → ا, ؤ → و, ئ → ي,
   ى → ي, ة → ه. Readers type Arabic without marks and with any alef; the handbooks spell carefully.
   Russian ё → е, as most Russian text is typed (and as Snowball's Russian stemmer does, which
   lunr-languages' older copy does not).
3. Words are runs of letters, marks and digits; anything else (space, apostrophe, hyphen) separates.
   Parts joined by hyphens also give the joined word ("pre-trial" → pre, trial, pretrial), so a
   reader who writes "pretrial" finds text that writes "pre-trial", and the other way round.
   A run of Han characters is cut out of its word and turned into overlapping character bigrams
   (a lone character stays a unigram): Chinese needs no dictionary this way, and a query for 羁押
   matches 审前羁押 because both contain the bigram 羁押.
4. English only: British spellings become American (search_data/languages.json lists the words, and
   -ise/-ising/-isation become -ize/-izing/-ization except in words like "promise"), so "organizing"
   finds "organising". Then the stop words of the language (languages.json) are dropped.
5. Stemming: Snowball English (Porter2), French, Spanish, Russian; an Arabic light stemmer (Light10:
   the conjunction و, the article forms, then common suffixes); none for Chinese.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import snowballstemmer

from .languages import REGISTRY, language

LANGUAGES_FILE = Path(__file__).parent / "search_data" / "languages.json"

SNOWBALL = {lang.code: lang.snowball for lang in REGISTRY.values() if lang.snowball}
"""Languages stemmed by Snowball. The browser uses porter2 (English) and lunr-languages (the others),
generated from the same Snowball algorithms; snowballstemmer is pinned to the release they agree with."""

_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ё": "е",
                          "ë": "e", "ï": "i"})
"""Letters folded before anything else: Arabic hamza and alef forms, Russian ё, and the French
diaeresis (aiguë, naïf), which readers often leave out and which the Python and JavaScript French
stemmers treat differently."""
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_HAN_RUN = re.compile(f"{_HAN.pattern}+")
_ARABIC_WORD = re.compile("[\u0621-\u064a]")
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_HYPHENS = "-\u2010\u2011"
_ISE = re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations|er|ers)$")
_PREFIX_MIN = 3
"""A query's last word, still being typed, also matches as a prefix once it has this many characters."""


def normalise(text: str) -> str:
    """Steps 1 and 2: the form in which words are compared."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _ARABIC_MARKS.sub("", text).translate(_LETTERS)


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word in ``text`` as written, hyphenated words whole, for highlighting
    matches (search.js matchedRanges cuts the text the same way)."""
    spans, start = [], None
    text += " "
    for position, char in enumerate(text):
        if _is_word_char(char):
            start = position if start is None else start
        elif start is not None and not (char in _HYPHENS and _is_word_char(text[position + 1])):
            spans.append((start, position))
            start = None
    return spans


def words(text: str) -> Iterator[str]:
    """Step 3 on normalised text: the words, each Han run split into bigrams, hyphenated words joined."""
    run: list[str] = []
    compound: list[str] = []
    text += " "
    for position, char in enumerate(text):
        if _is_word_char(char):
            run.append(char)
            continue
        if run:
            word = "".join(run)
            run = []
            yield from _split_han(word)
            compound.append(word)
            if char in _HYPHENS and _is_word_char(text[position + 1]):
                continue
        if len(compound) > 1 and not any(_HAN.search(part) for part in compound):
            yield "".join(compound)
        compound = []


def script_parts(word: str) -> list[tuple[int, str, bool]]:
    """(offset, text, is Han) of the runs of Han and of other characters in ``word``; the search
    highlights both kinds differently (search.py, and scriptParts in analysis.js)."""
    parts, start = [], 0
    for match in _HAN_RUN.finditer(word):
        if match.start() > start:
            parts.append((start, word[start:match.start()], False))
        parts.append((match.start(), match.group(), True))
        start = match.end()
    if start < len(word):
        parts.append((start, word[start:], False))
    return parts


def _split_han(word: str) -> Iterator[str]:
    for _offset, part, han in script_parts(word):
        yield from bigrams(part) if han else [part]


def bigrams(han: str) -> list[str]:
    if len(han) == 1:
        return [han]
    return [han[i:i + 2] for i in range(len(han) - 1)]


def stem_arabic(word: str) -> str:
    """Light10 (Larkey, Ballesteros and Connell, 2007) on normalised Arabic."""
    if not _ARABIC_WORD.match(word):
        return word
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix):]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[:-len(suffix)]
    return word


@cache
def language_data(lang: str) -> dict[str, Any]:
    """The entry of ``lang`` in languages.json, as written (the browser gets the same through index.js)."""
    data: dict[str, Any] = json.loads(LANGUAGES_FILE.read_text(encoding="utf-8")).get(lang, {})
    return data


@cache
def stopwords(lang: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in language_data(lang).get("stopwords", []))


@cache
def _spellings(lang: str) -> tuple[dict[str, str], frozenset[str]]:
    data = language_data(lang)
    words = {normalise(k): normalise(v) for k, v in data.get("spellings", {}).items()}
    return words, frozenset(normalise(w) for w in data.get("ise_exceptions", []))


def respell(word: str, lang: str) -> str:
    """Step 4, English: the American spelling of a British word (unchanged in other languages)."""
    if lang != "en":
        return word
    words, exceptions = _spellings(lang)
    if word in words:
        return words[word]
    match = _ISE.match(word)
    if match and f"{match.group(1)}ise" not in exceptions:
        return f"{match.group(1)}iz{match.group(2)}"
    return word


@cache
def stemmer(lang: str) -> Callable[[str], str]:
    """The stemmer of ``lang``, remembering each word's stem: a language has a few thousand distinct
    words but hundreds of thousands of running words, and Snowball in pure Python is slow."""
    if lang in SNOWBALL:
        stem: Callable[[str], str] = snowballstemmer.stemmer(SNOWBALL[lang]).stemWord
    elif language(lang).stemmer == "arabic":
        stem = stem_arabic
    else:
        return lambda word: word
    stems: dict[str, str] = {}

    def remembered(word: str) -> str:
        if word not in stems:
            stems[word] = stem(word)
        return stems[word]
    return remembered


@dataclass(frozen=True)
class Token:
    """An index token; ``han`` marks a Chinese character bigram, which is never matched as a prefix."""

    term: str
    han: bool


def tokens(text: str, lang: str) -> list[Token]:
    stop, stem = stopwords(lang), stemmer(lang)
    found = []
    for word in words(normalise(text)):
        han = bool(_HAN.match(word))
        word = respell(word, lang)
        if word in stop:
            continue
        term = word if han else stem(word)
        if term:
            found.append(Token(term, han))
    return found


def analyse(text: str, lang: str) -> list[str]:
    """The index tokens of ``text``, in order, repeats kept (term frequency counts them)."""
    return [token.term for token in tokens(text, lang)]


@dataclass(frozen=True)
class Clause:
    """One term of a lunr query. Mirrors ``clauses`` in analysis.js."""

    term: str
    prefix: bool = False
    boost: float = 1.0


def query_clauses(query: str, lang: str) -> list[Clause]:
    """The lunr clauses for what a reader typed: every token once, and, while the last word is still
    being typed (no space after it), that word's stem as a prefix too, so 'détent' finds 'détention'."""
    found = tokens(query, lang)
    clauses: list[Clause] = []
    for token in found:
        if all(c.term != token.term for c in clauses):
            clauses.append(Clause(token.term))
    last = found[-1] if found else None
    typing = bool(query) and not query[-1].isspace()
    if last and typing and not last.han and len(last.term) >= _PREFIX_MIN:
        clauses.append(Clause(last.term, prefix=True, boost=0.5))
    return clauses
