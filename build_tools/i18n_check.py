"""``i18n check``: what a translator's change broke, each problem with file, line and code.

Errors (the build or the pull request must not go ahead): PO syntax (Babel and msgfmt); links, images,
footnotes, references, inline code, URLs, e-mail addresses, placeholders or attribute lists that differ
from the source; another block structure; broken Markdown; unsafe HTML. The build runs the same error
checks on every translation it uses (validate.validate_translations), so what passes here passes there.
Warnings (worth a look): spacing, invisible characters, punctuation of the language, glossary terms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .analysis import analyse, normalise, words
from .catalogs import read_catalog_checked
from .diagnostics import Diagnostic, error, warning
from .glossary import Term, load_terms, used_terms
from .languages import language
from .source import parser

ALLOWED_TAGS = frozenset({"abbr", "sub", "sup"})
"""The short allowlist of HTML tags a translation may use; anything else is an error and is removed at build time."""

_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_CODE = re.compile(r"`[^`]+`")
_URL = re.compile(r"https?://[^\s)\]>]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_ATTRIBUTE_LIST = re.compile(r"(?<!\\)\{(?![a-z_]+\})[^{}\n]*\}")
_BLOCK_START = re.compile(r"^(?:\s{4}|\s*(?:[#>*+\-=_`~|:\[!<]|\d{1,9}[.)]))", re.MULTILINE)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_EVENT = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_UNSAFE_URL = re.compile(r"(?:javascript|vbscript|data):", re.IGNORECASE)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def check_files(paths: list[Path], root: Path) -> list[Diagnostic]:
    terms, problems = load_terms(root)
    known = {term.id for term in terms}
    for path in paths:
        shown = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
        lang = path.parent.name
        catalog, found = read_catalog_checked(path, shown, abort_invalid=True)  # bounded: build_tools/limits.py
        problems.extend(found)
        if catalog is None:
            continue
        for message in catalog:
            # Fuzzy entries are guesses waiting for review and never used, as msgfmt treats them.
            if message.id and message.string and not message.fuzzy and isinstance(message.id, str) and isinstance(message.string, str):
                reviewed = _reviewed_terms(message.user_comments)
                unknown = sorted(reviewed - known)
                problems += [warning(shown, message.lineno or 0, "translation.term",
                                     f"unknown term '{ident}' in 'terms-ok'; use an id from handbooks/glossary.yml")
                             for ident in unknown]
                problems.extend(check_message(message.id, message.string, lang, shown, message.lineno or 0, terms, reviewed))
    return problems


def _reviewed_terms(comments: list[str]) -> frozenset[str]:
    """Term ids a translator has checked for this entry (`# terms-ok: monitoring, bail`): the word is used
    in another sense there, or the approved term does not fit the sentence."""
    return frozenset(ident.strip() for comment in comments if comment.strip().startswith("terms-ok:")
                     for ident in comment.split(":", 1)[1].split(",") if ident.strip())


Check = Callable[[str, str, str], Iterator[tuple[str, str, bool]]]
"""(source, translation, lang) → (code, message, is_error) for each problem."""


def check_message(source: str, translation: str, lang: str, shown: str, line: int, terms: tuple[Term, ...] = (),
                  reviewed: frozenset[str] = frozenset()) -> list[Diagnostic]:
    found: list[Diagnostic] = [warning(shown, line, "translation.term", f"{message} (msgid {_short(source)})")
                               for message in _term_problems(source, translation, lang,
                                                             tuple(t for t in terms if t.id not in reviewed))]
    for check in CHECKS:
        # Inline code is compared as a whole by its own check; inside it, anything goes.
        if check not in _SEE_CODE:
            source_text, translated_text = _CODE.sub("`code`", source), _CODE.sub("`code`", translation)
        else:
            source_text, translated_text = source, translation
        for code, message, is_error in check(source_text, translated_text, lang):
            found.append((error if is_error else warning)(shown, line, code, f"{message} (msgid {_short(source)})"))
    return found


def _term_problems(source: str, translation: str, lang: str, terms: tuple[Term, ...]) -> Iterator[str]:
    """A source segment that uses a glossary term should use the term's approved translation."""
    if lang not in dict(terms[0].names) if terms else True:
        return
    text = _Words.of(translation, lang)
    for term in used_terms(terms, source, "en"):
        forms = term.forms(lang)
        if not any(text.uses(form) for form in forms):
            also = f" (or {', '.join(repr(f) for f in forms[1:])})" if len(forms) > 1 else ""
            yield (f"'{term.name('en')}' is translated '{forms[0]}'{also} in the glossary (handbooks/glossary.yml); "
                   "that term is not used")


@dataclass(frozen=True)
class _Words:
    """A translation as the term check compares it, analysed once for all the terms of its entry."""

    lang: str
    folded: str
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str, lang: str) -> _Words:
        return cls(lang, normalise(text), frozenset(analyse(text, lang)))

    def uses(self, term: str) -> bool:
        """Whether the text uses ``term``, allowing for inflection: each word of the term is found when a
        word of the text has the same search stem (Russian cases, Arabic articles and prefixes), or the
        stem or the word's beginning stands inside a word of the text (French and Spanish plurals, which
        Snowball leaves apart; Arabic prepositions joined to the word)."""
        if language(self.lang).unspaced:
            return normalise(term) in self.folded
        for word in words(normalise(term)):
            stemmed = analyse(word, self.lang)
            prefix = word if len(word) <= 4 else word[: max(4, len(word) - 3)]
            if not stemmed or stemmed[0] in self.stems:
                continue
            if not (len(stemmed[0]) >= 3 and stemmed[0] in self.folded) and prefix not in self.folded:  # ل + ضحايا
                return False
        return True


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _differ(name: str, source: list[str], translation: list[str]) -> str | None:
    if source == translation or sorted(source) == sorted(translation):  # nearly always, and cheaper than Counters
        return None
    missing = list((Counter(source) - Counter(translation)).elements())
    added = list((Counter(translation) - Counter(source)).elements())
    if not missing and not added:
        return None
    parts = [f"missing {', '.join(missing)}" if missing else "", f"added {', '.join(added)}" if added else ""]
    return f"{name} differ from the source: " + "; ".join(p for p in parts if p)


def _links(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    def targets(text: str, images: bool) -> list[str]:
        return [m.group(3) for m in _LINK.finditer(text) if bool(m.group(1)) == images]

    for code, name, images in (("translation.image", "image sources", True), ("translation.link", "link targets", False)):
        source_targets = [t for t in targets(source, images) if not t.startswith(("ref:", "std:"))]
        translated_targets = [t for t in targets(translation, images) if not t.startswith(("ref:", "std:"))]
        if message := _differ(name, source_targets, translated_targets):
            yield code, message, True
    refs = [t for t in targets(source, False) if t.startswith(("ref:", "std:"))]
    if message := _differ("cross-references and citations", refs,
                          [t for t in targets(translation, False) if t.startswith(("ref:", "std:"))]):
        yield "translation.xref", message + "; keep every (ref:handbook#section) and (std:...) exactly", True
        return  # a changed target is one problem, not also a changed empty link
    empty_source = [m.group(3) for m in _LINK.finditer(source) if not m.group(2)]
    empty_translation = [m.group(3) for m in _LINK.finditer(translation) if not m.group(2)]
    if sorted(empty_source) != sorted(empty_translation):
        yield "translation.xref", "a link with empty text [](ref:...) must stay empty: its title is filled in by the build", True


def _same(code: str, name: str, pattern: re.Pattern[str], hint: str) -> Check:
    def check(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
        if message := _differ(name, pattern.findall(source), pattern.findall(translation)):
            yield code, f"{message}; {hint}", True
    return check


def _urls(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    if message := _differ("web addresses", _URL.findall(source), _URL.findall(translation)):
        yield "translation.url", message, True
    if message := _differ("e-mail addresses", _EMAIL.findall(source), _EMAIL.findall(translation)):
        yield "translation.email", message, True


def _markdown(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    without_code = _CODE.sub("", translation)
    if translation.count("`") % 2:
        yield "translation.markdown", "unbalanced ` code marks", True
    if without_code.count("**") % 2:
        yield "translation.markdown", "unbalanced ** strong marks", True
    elif (without_code.replace("**", "").count("*") - source.replace("**", "").count("*")) % 2:
        yield "translation.markdown", "unbalanced * emphasis marks", True
    if without_code.count("[") != without_code.count("]") or without_code.count("](") != source.count("]("):
        yield "translation.markdown", "broken link syntax: [text](target) brackets do not match the source", True


def _html(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    for closing, tag, attributes in _TAG.findall(translation):
        if tag.lower() not in ALLOWED_TAGS:
            yield "translation.unsafe_html", (f"HTML tag <{closing}{tag}> is not allowed (allowed: "
                                              f"{', '.join(sorted(ALLOWED_TAGS))}); it is removed at build time"), True
        if _EVENT.search(attributes):
            yield "translation.unsafe_html", f"event-handler attribute in <{tag}> is not allowed", True
    for match in _LINK.finditer(translation):
        if _UNSAFE_URL.match(match.group(3)):
            yield "translation.unsafe_url", f"link target '{match.group(3)[:30]}' is not allowed", True


def _spacing(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    if "  " in translation and "  " not in source:
        yield "translation.double_space", "two spaces in a row", False
    if (translation[:1].isspace(), translation[-1:].isspace()) != (source[:1].isspace(), source[-1:].isspace()):
        yield "translation.whitespace", "leading or trailing whitespace differs from the source", False
    if _ZERO_WIDTH.search(translation):
        yield "translation.zero_width", "invisible zero-width character", False


def _punctuation(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    prose = _URL.sub("", _CODE.sub("", _LINK.sub(lambda m: m.group(2), translation)))
    for pattern, advice in language(lang).punctuation:  # the language's own punctuation (languages.py)
        if re.search(pattern, prose):
            yield "translation.punctuation", advice, False


def _block_shape(text: str) -> tuple[str, ...]:
    """The blocks Markdown makes of a segment: one paragraph for nearly every segment; parsed only when a
    line could start another block (a fence, heading, list, quote, table, definition, raw HTML...)."""
    if not _BLOCK_START.search(text) and "\n" not in text:
        return ("paragraph_open",)
    env: dict[str, object] = {}
    blocks = tuple(token.type for token in parser().parse(text, env) if token.nesting >= 0 and token.type != "inline")
    # A link definition ([x]: target) makes no block of its own but changes what [x] points to.
    references = env.get("references")
    return blocks + ("definition",) * (len(references) if isinstance(references, dict) else 0)


def _structure(source: str, translation: str, lang: str) -> Iterator[tuple[str, str, bool]]:
    if _block_shape(source) != _block_shape(translation) or source.count("\n") != translation.count("\n"):
        yield ("translation.structure", "the translation makes other blocks than the source (a code fence, heading, list, "
               "quote, table or link definition where the source has none, or a line break): keep it one block, "
               "as the source is; write \\# or \\- to show those characters at the start", True)


_CODE_CHECK = _same("translation.code", "inline code", _CODE, "copy text between backquotes unchanged")
_SEE_CODE = (_CODE_CHECK, _structure)
"""Checks that see inline code as it is; the others see each code span as `code`."""

CHECKS: tuple[Check, ...] = (
    # In order of what matters most: the build names an entry's first error, and adds the others to it.
    _html,
    _links,
    _structure,
    _same("translation.footnote", "footnote marks", _FOOTNOTE, "keep every [^label] exactly"),
    _CODE_CHECK,
    _same("translation.placeholder", "placeholders", _PLACEHOLDER, "keep {name} placeholders unchanged"),
    _same("translation.attribute_list", "attribute lists", _ATTRIBUTE_LIST,
          "braces {…} after text make HTML attributes: keep the source's, add none"),
    _urls,
    _markdown,
    _spacing,
    _punctuation,
)

