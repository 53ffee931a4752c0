"""Translation catalogs: gettext POT templates extracted from the sources, PO files merged with
Babel, written so that editing one English paragraph changes only that entry in each PO file.

- one template per handbook (translations/templates/<handbook>.pot) and one for the site pages and
  interface strings (translations/templates/site.pot);
- a changed source segment becomes fuzzy with its old translation kept, a removed one obsolete:
  nothing is ever dropped (Babel's Catalog.update, plus the revival of obsolete entries that return);
- no line numbers (they would change on every edit), no wrapping, fixed header dates.
"""

from __future__ import annotations

import codecs
import datetime
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from .diagnostics import Diagnostic, error, warning
from .figure_text import figure_labels
from .limits import MAX_CATALOG_BYTES, read_source, text_problems
from .model import Handbook, Library, Page
from .segments import Segment, segment_markdown

TRANSLATIONS_DIR = "translations"
TEMPLATES_DIR = "templates"
SITE_DOMAIN = "site"
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
"""Header dates are fixed: a date that changes on every run would change every PO file on every run."""

HEADER = (
    "# {title}\n"
    "# Translations of the Justice Handbook Library. Edit msgstr lines only; see docs/contribute/translating.md.\n"
    "# This file is distributed under the same licence as the texts it translates.\n#"
)


@dataclass(frozen=True)
class Entry:
    """One message of a template: source text, where it comes from, and a note for translators."""

    msgid: str
    location: str
    comment: str


def handbook_entries(library: Library, handbook: Handbook) -> Iterator[Entry]:
    yml = (handbook.folder / "handbook.yml").as_posix()
    meta = handbook.meta
    for key, value in (("title", meta.title), ("subtitle", meta.subtitle), ("summary", meta.summary),
                       ("edition", meta.edition), ("publisher", meta.publisher)):
        if value:
            yield Entry(" ".join(value.split()), yml, f"handbook.yml: {key}")
    for audience in meta.audience:
        yield Entry(audience, yml, "handbook.yml: audience")
    for chapter in handbook.chapters:
        yield from _segment_entries(chapter.path.as_posix(), segment_markdown(chapter.text).segments)
    for location, text in figure_labels(library.root, handbook.folder):
        yield Entry(text, location, f"figure text in {location.rsplit('/', 1)[-1]}")


def page_entries(pages: Iterable[Page]) -> Iterator[Entry]:
    for page in pages:
        yield from _segment_entries(f"docs/{page.path.as_posix()}", segment_markdown(page.text).segments)


def _segment_entries(location: str, segments: Iterable[Segment]) -> Iterator[Entry]:
    for segment in segments:
        where = f" in #{segment.section}" if segment.section else ""
        yield Entry(segment.text, location, f"{segment.kind}{where}")


def template(entries: Iterable[Entry], domain: str) -> Catalog:
    catalog = Catalog(project=domain, domain=domain, creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False,
                      header_comment=HEADER.format(title=f"Translation template for '{domain}'."))
    for entry in entries:
        catalog.add(entry.msgid, locations=[(entry.location, None)], auto_comments=[entry.comment])  # type: ignore[list-item]
    return catalog


def babel_locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def merge(template_catalog: Catalog, existing: Catalog | None, lang: str) -> Catalog:
    """The language's catalog brought up to date with the template, losing nothing."""
    if existing is None:
        existing = Catalog(locale=babel_locale(lang), project=template_catalog.project, domain=template_catalog.domain,
                           creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False,
                           header_comment=HEADER.format(title=f"{babel_locale(lang).english_name} translation of "
                                                        f"'{template_catalog.project}'."))
    for message in template_catalog:
        if message.id and message.id not in existing and message.id in existing.obsolete:
            existing[message.id] = existing.obsolete.pop(message.id)  # a paragraph that came back
    # Catalog.update drops the previous msgid of an entry that was already fuzzy: keep it for the reviewer.
    previous = {m.id: m.previous_id for m in existing if m.id and m.fuzzy and m.previous_id}
    existing.update(template_catalog, update_creation_date=False)
    for message in existing:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]
    existing.revision_date = FIXED_DATE
    return existing


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write deterministically; returns True when the file changed."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False, include_previous=True)
    data = buffer.getvalue()
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def po_stream(path: Path) -> io.BytesIO:
    """A PO file's bytes for Babel's read_po, without the byte-order mark some Windows editors write at the
    start: Babel takes it for part of the first line, loses the header comment and prints a warning (or, with
    abort_invalid, fails on line 1)."""
    return io.BytesIO(path.read_bytes().removeprefix(codecs.BOM_UTF8))


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    catalog = read_po(po_stream(path), locale=babel_locale(lang) if lang else None, abort_invalid=False)
    for message in [*catalog, *catalog.obsolete.values()]:
        _restore_previous_id(message)
    return catalog


def unknown_translation_languages(root: Path, languages: Iterable[str]) -> list[Diagnostic]:
    """A warning for each PO file under translations/<lang>/ whose language is not translated into (not in
    library.languages of mkdocs.yml, or the source language): nothing reads it, so its work would be lost unseen."""
    configured = list(languages)
    folder = root / TRANSLATIONS_DIR
    found = sorted(p for p in folder.glob("*/*.po") if p.parent.name not in configured[1:]) if folder.is_dir() else []
    return [warning(path.relative_to(root).as_posix(), 0, "translation.unknown_language",
                    f"'{path.parent.name}' is not a language the library is translated into (library.languages in "
                    f"mkdocs.yml: {', '.join(configured[1:])}), so this catalog is not used; move it to the folder of "
                    f"one of those languages, or add '{path.parent.name}' to library.languages")
            for path in found]


_MSGFMT_LINE = re.compile(r"^.*?:(\d+)(?::\d+)?: (.*)$")
_SAME_NEWLINES = re.compile(r"entries do not both (?:begin|end) with '\\n'")


def msgfmt_problems(path: Path, shown: str) -> list[Diagnostic]:
    """GNU gettext's ``msgfmt`` (Debian package gettext), the reference reader of PO files, as a second
    gate: Babel forgives an unterminated string (the text loses its last character), a msgstr without msgid,
    a duplicate entry (it keeps one, unchecked). Its first fatal error, with the line; warnings are left out."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [error(shown, 0, "po.msgfmt_missing", "msgfmt (Debian package gettext) is not installed: run `make setup`")]
    # Syntax, header and domain; not --check-format: placeholders are compared by i18n_check, message by message.
    done = subprocess.run([msgfmt, "--check-header", "--check-domain", "--output-file", os.devnull, str(path)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "LC_ALL": "C"}, check=False)
    if done.returncode == 0:
        return []
    lines = done.stderr.splitlines()
    fatal = [m for m in map(_MSGFMT_LINE.match, lines)
             if m and not m.group(2).startswith(("warning:", "...this is the location")) and not _SAME_NEWLINES.search(m.group(2))]
    if not fatal:
        # Only entries whose msgid and msgstr begin or end differently with a line break: a difference of
        # structure that i18n_check reports entry by entry (translation.structure), not a broken file.
        return [] if any(_SAME_NEWLINES.search(line) for line in lines) else [
            error(shown, 0, "po.syntax", f"msgfmt refused the file: {done.stderr.strip()[:200]}")]
    more = f" (and {len(fatal) - 1} more)" if len(fatal) > 1 else ""
    return [error(shown, int(fatal[0].group(1)), "po.syntax", f"PO syntax error (msgfmt): {fatal[0].group(2)}{more}")]


def read_catalog_checked(path: Path, shown: str, lang: str | None = None,
                         abort_invalid: bool = False) -> tuple[Catalog | None, list[Diagnostic]]:
    """A PO file as untrusted input: unreadable, not UTF-8, not PO (with ``abort_invalid``: by Babel's reading
    and by msgfmt's, msgfmt_problems) or too big gives None and a diagnostic with the line; an entry whose
    msgid or msgstr is past the limits of build_tools/limits.py is reported and left out, so that no check or
    output ever sees it."""
    text, problems = read_source(path, shown, "po", MAX_CATALOG_BYTES)
    if text is None:
        return None, problems
    try:
        catalog = read_po(text.removeprefix("\ufeff").splitlines(keepends=True), locale=babel_locale(lang) if lang else None,
                          abort_invalid=abort_invalid)  # without the byte-order mark (po_stream)
    except PoFileError as exc:
        line = getattr(exc, "lineno", -1) + 1  # Babel counts lines from 0
        return None, [error(shown, line, "po.syntax", f"PO syntax error: {exc}; see the line named")]
    except (ValueError, LookupError) as exc:  # e.g. an unknown locale or plural form in the header
        return None, [error(shown, 0, "po.syntax", f"PO header not understood: {exc}")]
    if abort_invalid and (refused := msgfmt_problems(path, shown)):  # what Babel forgives: one error for the file
        return None, problems + refused
    for message in [*catalog, *catalog.obsolete.values()]:
        _restore_previous_id(message)
    for message in list(catalog):
        texts = [t for part in (message.id, message.string) for t in (part if isinstance(part, (list, tuple)) else [part])]
        found = [d for t in texts if isinstance(t, str) and t for d in text_problems(t, shown, message.lineno or 0)]
        if found:
            problems += found
            del catalog[message.id]
    return catalog, problems


def _restore_previous_id(message: Message) -> None:
    """Babel 2.19's read_po keeps '#| msgid "old text"' as a translator comment ('| msgid ...'), and
    write_po then writes it back as '# | msgid', changing the file on every update. Put it back where it belongs."""
    lines = [c for c in message.user_comments if c.startswith("| ")]
    start = next((i for i, c in enumerate(lines) if c.startswith("| msgid ")), None)
    if start is None:
        return
    # A long previous msgid is wrapped over several '#|' lines (at spaces): join them back.
    parts = [lines[start][len("| msgid "):].strip()]
    for line in lines[start + 1:]:
        if line.startswith("| msgid"):
            break
        parts.append(line[2:].strip())
    message.user_comments = [c for c in message.user_comments if not c.startswith("| ")]
    message.previous_id = [unescape(" ".join(parts))]


def templates(library: Library, ui_messages: Iterable[str]) -> dict[str, Catalog]:
    """Every template, keyed by domain: one per handbook and ``site``."""
    result = {h.id: template(handbook_entries(library, h), h.id) for h in library.handbooks}
    site_entries = list(page_entries(library.pages))
    settings = library.settings
    site_entries += [Entry(text, "mkdocs.yml", key) for key, text in (("site_name", settings.site_name),
                                                                       ("site_description", settings.site_description)) if text]
    site_entries += [Entry(" ".join(term.definition.split()), "handbooks/glossary.yml", f"glossary: definition of {term.id}")
                     for term in library.terms]
    site_entries += [Entry(m, "build_tools", "interface") for m in ui_messages]
    result[SITE_DOMAIN] = template(site_entries, SITE_DOMAIN)
    return result


@dataclass(frozen=True)
class Counts:
    """Progress of one catalog: segments and words, translated / fuzzy / untranslated."""

    translated: int
    fuzzy: int
    untranslated: int
    words_translated: int
    words_fuzzy: int
    words_untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def ratio(self) -> float:
        return self.translated / self.total if self.total else 1.0


def counts(template_catalog: Catalog, catalog: Catalog | None) -> Counts:
    done = fuzzy = todo = wd = wf = wt = 0
    for message in template_catalog:
        if not message.id:
            continue
        words = len(str(message.id).split())
        found: Message | None = catalog.get(message.id) if catalog is not None else None
        if found is not None and found.string and not found.fuzzy:
            done, wd = done + 1, wd + words
        elif found is not None and found.string:
            fuzzy, wf = fuzzy + 1, wf + words
        else:
            todo, wt = todo + 1, wt + words
    return Counts(done, fuzzy, todo, wd, wf, wt)
