"""The registry of international standards (handbooks/standards.yml) and citations of them.

A source cites a standard or one of its provisions with ``[](std:mandela-rules#rule-23)``; the build
writes "Nelson Mandela Rules, rule 23" in the reader's language and links it to the standards index,
where each cited provision lists the handbook sections that cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import LANGUAGES
from .diagnostics import Diagnostic, error
from .ids import ID_PATTERN
from .languages import language
from .schema import Field, read_registry, validate_mapping
from .source import field_check

REGISTRY = "handbooks/standards.yml"
PROVISION_KINDS = ("rule", "article", "principle", "guideline", "paragraph")
PROVISION = re.compile(r"^([a-z]+)-(\d+)([a-z]?)$")
"""A provision id: kind, number and an optional letter, e.g. rule-23, article-37, article-37b."""


@dataclass(frozen=True)
class StandardName:
    title: str
    short: str
    provision: str
    """The word for one provision in this language ("rule", "règle"...)."""


@dataclass(frozen=True)
class Standard:
    key: str
    year: int
    adopted_by: str
    symbol: str
    provision: str
    """The unit its provisions are numbered in: one of PROVISION_KINDS."""
    names: tuple[tuple[str, StandardName], ...]
    provisions: tuple[tuple[str, int], ...] = ()
    """How many provisions of each kind it has, when known: a citation beyond is an error."""

    def name(self, lang: str) -> StandardName:
        names = dict(self.names)
        return names.get(lang) or names["en"]


_ENTRY = [
    Field("key", str, check=lambda v: None if ID_PATTERN.match(v) else "use lowercase letters, digits and hyphens"),
    Field("year", int),
    Field("adopted_by", str),
    Field("symbol", str),
    Field("provision", str, choices=PROVISION_KINDS),
    Field("names", dict),
    Field("provisions", dict, required=False,
          check=lambda v: None if all(k in PROVISION_KINDS and isinstance(n, int) and not isinstance(n, bool) and n > 0
                                      for k, n in v.items())
          else f"each entry is a kind of provision ({', '.join(PROVISION_KINDS)}) and how many, e.g. rule: 122"),
]
_NAME = [Field("title", str, check=field_check), Field("short", str, check=field_check), Field("provision", str, check=field_check)]


def load_standards(root: Path) -> tuple[tuple[Standard, ...], list[Diagnostic]]:
    standards, _, problems = read_standards(root)
    return standards, problems


def read_standards(root: Path) -> tuple[tuple[Standard, ...], frozenset[str], list[Diagnostic]]:
    """The registry, with what could not be read of it: ``handbooks/standards.yml`` when the file (or an
    entry whose key cannot be told) could not be read, ``handbooks/standards.yml#<key>`` for an entry
    left out for its errors. A citation of those is not reported as unknown: the registry's errors say why."""
    path = root / REGISTRY
    if not path.exists():
        return (), frozenset(), []
    registry, problems = read_registry(path, REGISTRY, "standards", "key", _ENTRY, "standards")
    doc = registry.doc
    standards: list[Standard] = []
    for values, where in registry.entries:
        names: list[tuple[str, StandardName]] = []
        for lang in LANGUAGES:
            raw: Any = values["names"].get(lang)
            if not isinstance(raw, dict):
                problems.append(error(REGISTRY, doc.line(*where, "names", lang), "standards.missing_key",
                                      f"{values['key']}: no names for '{lang}'"))
                continue
            name_values, found = validate_mapping(raw, doc, (*where, "names", lang), _NAME, REGISTRY, "standards",
                                                  f"{values['key']}.names.{lang}.")
            problems.extend(found)
            if not found:
                names.append((lang, StandardName(**name_values)))
        provisions = tuple((str(k), int(v)) for k, v in values.get("provisions", {}).items())
        standards.append(Standard(values["key"], values["year"], values["adopted_by"], values["symbol"], values["provision"],
                                  tuple(names), provisions))
    unreadable = frozenset(REGISTRY if key == "*" else f"{REGISTRY}#{key}" for key in registry.unreadable)
    return tuple(standards), unreadable, problems


def provision_problem(standard: Standard, provision: str) -> str | None:
    """Why a cited provision cannot exist in the standard, or None."""
    if not provision:
        return None
    match = PROVISION.match(provision)
    if not match:
        return f"'{provision}' is not a provision id: write kind-number, e.g. {standard.provision}-1"
    kind, number = match.group(1), int(match.group(2))
    counts = dict(standard.provisions) or {standard.provision: 0}
    if kind not in counts:
        return f"{standard.key} has no provisions of kind '{kind}'; it is numbered in: {', '.join(counts)}"
    if counts[kind] and not 1 <= number <= counts[kind]:
        return f"{standard.key} has {kind}s 1 to {counts[kind]}, not {number}"
    return None


def citation_label(standard: Standard, provision: str, lang: str) -> str:
    """"Nelson Mandela Rules, rule 23" in the reader's language."""
    name = standard.name(lang)
    match = PROVISION.match(provision)
    if not match:
        return name.short
    number = match.group(2) + (f"({match.group(3)})" if match.group(3) else "")
    written = language(lang)
    word = dict(written.provisions).get(match.group(1), "{word}").format(number=number, word=name.provision)
    number = "" if word != name.provision else number  # the number stands in the provision's own phrase
    return written.citation.format(short=name.short, word=word, number=number)


def anchor(standard_key: str, provision: str) -> str:
    """Id of a standard, or of one of its provisions, on the standards index page."""
    return f"{standard_key}-{provision}" if provision else standard_key
