"""The termbase (handbooks/glossary.yml): each term's id, English definition and approved equivalent
in each of the six languages.

Used for the glossary page of each language, to link the first use of a term on a page to its entry,
for the glossary at the end of each PDF and EPUB, and by ``i18n check`` to warn when a translation
does not use a term's approved equivalent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .config import LANGUAGES
from .diagnostics import Diagnostic
from .ids import ID_PATTERN
from .languages import language
from .schema import Field, read_registry
from .segments import Segment
from .source import field_check

TERMBASE = "handbooks/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
LINKED_KINDS = frozenset({"paragraph", "item", "cell", "definition", "footnote"})
"""Blocks in which a first use is linked: never headings, captions, alt text or admonition titles."""


@dataclass(frozen=True)
class Term:
    id: str
    definition: str
    """English definition; translated through the site catalog like any other text."""
    names: tuple[tuple[str, str], ...]
    """(language, approved term) for the six languages."""
    variants: tuple[str, ...] = ()
    """Other English forms of the term found in the handbooks."""
    accepted: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(language, other forms) a translation may use besides the approved term: an abbreviation
    (MNP for mécanisme national de prévention), a plural the stem check cannot see (Arabic الضحايا)."""

    def name(self, lang: str) -> str:
        return dict(self.names).get(lang) or dict(self.names)["en"]

    def forms(self, lang: str) -> tuple[str, ...]:
        """Every form that counts as a use of the term in a language, the approved term first."""
        return (self.name(lang), *(self.variants if lang == "en" else dict(self.accepted).get(lang, ())))


_FIELDS = [
    Field("id", str, check=lambda v: None if ID_PATTERN.match(v) else "use lowercase letters, digits and hyphens"),
    Field("definition", str, check=field_check),
    Field("variants", list, required=False, check=lambda v: next((m for x in v if (m := field_check(str(x)))), None)),
    Field("accepted", dict, required=False, check=lambda v: _check_accepted(v)),
    *[Field(lang, str, check=field_check) for lang in LANGUAGES],
]


def _check_accepted(value: dict[object, object]) -> str | None:
    for lang, forms in value.items():
        if lang not in LANGUAGES or lang == "en":
            return f"unknown language {lang!r}; accepted: {', '.join(LANGUAGES[1:])} (English forms go in 'variants')"
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) and f.strip() for f in forms):
            return f"'{lang}' must be a list of non-empty texts, e.g. {lang}: [\"…\"]"
        if problem := next((m for f in forms if (m := field_check(f))), None):
            return f"'{lang}': {problem}"
    return None


def load_terms(root: Path) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    path = root / TERMBASE
    if not path.exists():
        return (), []
    registry, problems = read_registry(path, TERMBASE, "terms", "id", _FIELDS, "glossary")
    terms = tuple(Term(values["id"], values["definition"], tuple((lang, values[lang]) for lang in LANGUAGES),
                       tuple(values.get("variants", [])),
                       tuple((lang, tuple(forms)) for lang, forms in values.get("accepted", {}).items()))
                  for values, _where in registry.entries)
    return terms, problems


_SKIP = re.compile(r"(`[^`]*`|!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)|\[\^[^\]]+\]|<[^>]+>|\{[^}]*\}|https?://\S+)")


def _pattern(text: str, lang: str) -> re.Pattern[str]:
    """Chinese and Arabic words are not separated like Latin ones: match them as they are."""
    escaped = re.escape(text)
    if not language(lang).words_by_spaces:
        return re.compile(escaped)
    plural = "(?:e?s|x)?" if language(lang).plural_suffix else ""
    return re.compile(rf"(?<![\w-]){escaped}{plural}(?![\w-])", re.IGNORECASE)




@cache
def _candidates(terms: tuple[Term, ...], lang: str) -> tuple[tuple[Term, re.Pattern[str]], ...]:
    """Every form of every term with its pattern, longest form first: compiled once per language, as
    the linker looks for terms in every paragraph of every page."""
    forms = sorted(((term, form) for term in terms for form in term.forms(lang)), key=lambda pair: -len(pair[1]))
    return tuple((term, _pattern(form, lang)) for term, form in forms)


def occurrences(terms: tuple[Term, ...], text: str, lang: str, skip: frozenset[str] = frozenset()
                ) -> list[tuple[Term, re.Match[str]]]:
    """Uses of terms (other than those in ``skip``) in a prose text, in text order. The longest form
    claims its words first, so "remand prisoners" is a use of remand prisoner and not of remand, and
    "monitoring and evaluation" is not also a use of monitoring."""
    claimed: list[tuple[Term, re.Match[str]]] = []
    for term, pattern in _candidates(terms, lang):
        if term.id in skip:
            continue
        for match in pattern.finditer(text):
            if not any(match.start() < other.end() and other.start() < match.end() for _, other in claimed):
                claimed.append((term, match))
    return sorted(claimed, key=lambda pair: pair[1].start())


@dataclass(frozen=True)
class TermLinker:
    """Links the first use of each term on a page; call ``new_page()`` between pages."""

    terms: tuple[Term, ...]
    lang: str
    target: Callable[[Term], str]
    """Address of a term's entry, from the page being written."""
    linked: set[str]

    def decorate(self, segment: Segment, text: str) -> str:
        """translate.Decorate: link terms only in running text, never in headings or captions."""
        return self.link(text) if segment.kind in LINKED_KINDS else text

    def link(self, text: str) -> str:
        parts = _SKIP.split(text)
        for index in range(0, len(parts), 2):  # even parts are prose; odd parts are code, links, marks
            found = occurrences(self.terms, parts[index], self.lang, frozenset(self.linked))
            for term, match in found[:1]:  # one link per prose run keeps the text readable
                self.linked.add(term.id)
                link = f"[{match.group(0)}]({self.target(term)}){{.jh-term}}"
                parts[index] = f"{parts[index][:match.start()]}{link}{parts[index][match.end():]}"
        return "".join(parts)


def used_terms(terms: tuple[Term, ...], text: str, lang: str) -> list[Term]:
    """Terms that occur in a text, in glossary order: the glossary of an edition."""
    found = {term.id for term, _ in occurrences(terms, " ".join(_SKIP.split(text)[::2]), lang)}
    return [term for term in terms if term.id in found]
