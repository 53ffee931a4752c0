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
from pathlib import Path

from .config import LANGUAGES
from .diagnostics import Diagnostic
from .ids import ID_PATTERN
from .schema import Field, read_registry
from .segments import Segment

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

    def name(self, lang: str) -> str:
        return dict(self.names).get(lang) or dict(self.names)["en"]


_FIELDS = [
    Field("id", str, check=lambda v: None if ID_PATTERN.match(v) else "use lowercase letters, digits and hyphens"),
    Field("definition", str),
    Field("variants", list, required=False),
    *[Field(lang, str) for lang in LANGUAGES],
]


def load_terms(root: Path) -> tuple[tuple[Term, ...], list[Diagnostic]]:
    path = root / TERMBASE
    if not path.exists():
        return (), []
    entries, problems = read_registry(path, TERMBASE, "terms", "id", _FIELDS, "glossary")
    terms = tuple(Term(values["id"], values["definition"], tuple((lang, values[lang]) for lang in LANGUAGES),
                       tuple(values.get("variants", []))) for values, _line in entries)
    return terms, problems


_SKIP = re.compile(r"(`[^`]*`|!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)|\[\^[^\]]+\]|<[^>]+>|\{[^}]*\}|https?://\S+)")


def _pattern(text: str, lang: str) -> re.Pattern[str]:
    """Chinese and Arabic words are not separated like Latin ones: match them as they are."""
    escaped = re.escape(text)
    if lang in ("zh-Hans", "ar"):
        return re.compile(escaped)
    return re.compile(rf"(?<![\w-]){escaped}(?![\w-])", re.IGNORECASE)


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
        candidates = sorted(((term, _pattern(name, self.lang)) for term in self.terms if term.id not in self.linked
                             for name in (term.name(self.lang), *(term.variants if self.lang == "en" else ()))),
                            key=lambda pair: -len(pair[1].pattern))
        parts = _SKIP.split(text)
        for index in range(0, len(parts), 2):  # even parts are prose; odd parts are code, links, marks
            for term, pattern in candidates:
                if term.id in self.linked:
                    continue
                match = pattern.search(parts[index])
                if match:
                    self.linked.add(term.id)
                    found = match.group(0)
                    link = f"[{found}]({self.target(term)}){{.jh-term}}"
                    parts[index] = f"{parts[index][:match.start()]}{link}{parts[index][match.end():]}"
                    break  # one link per prose run keeps the text readable
        return "".join(parts)


def used_terms(terms: tuple[Term, ...], text: str, lang: str) -> list[Term]:
    """Terms that occur in a text, in glossary order: the glossary of an edition."""
    prose = " ".join(_SKIP.split(text)[::2])
    return [t for t in terms if _pattern(t.name(lang), lang).search(prose)
            or (lang == "en" and any(_pattern(v, lang).search(prose) for v in t.variants))]
