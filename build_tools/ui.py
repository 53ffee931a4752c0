"""Interface strings: the words the pipeline itself writes on pages and in editions.

They are marked ``_("...")`` (translated where used) or ``N_("...")`` (defined in one place,
translated later), extracted into translations/templates/site.pot with the site pages, and
translated through the same catalogs as everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages.extract import extract_from_file

Gettext = Callable[[str], str]
MARKED_MODULES = ("ui.py",)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]``. Translated strings are untrusted:
    unlike ``str.format``, nothing but a plain name is substituted (no ``{x.__class__}``, no ``{x[0]}``),
    an unknown name or a lone brace stays as written, and nothing raises."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Marks a string for extraction without translating it here."""
    return message


# --- Interface strings (keep them here: extraction reads this module) ---------------------------
ASSESSMENT_AND_REFORM = N_("Assessment and reform")
PRISON_REFORM = N_("Prison reform")
ALTERNATIVES_TO_IMPRISONMENT = N_("Alternatives to imprisonment")
JUSTICE_FOR_CHILDREN = N_("Justice for children")
VICTIM_ASSISTANCE = N_("Victim assistance")
VIOLENCE_AGAINST_WOMEN = N_("Violence against women")
POLICE_OVERSIGHT = N_("Police oversight")
PAGES_COUNT = N_("{count} pages")
READ_ONLINE = N_("Read online")
HANDBOOKS = N_("Handbooks")
DOWNLOAD = N_("Download")
NO_DOWNLOAD = N_("No download is available in this language yet.")
CONTENTS = N_("Contents")
ABOUT_THIS_HANDBOOK = N_("About this handbook")
TOPICS = N_("Topics")
WRITTEN_FOR = N_("Written for")
EDITION = N_("Edition")
PUBLISHER = N_("Publisher")
LICENCE = N_("Licence")
WORDS = N_("Words")
ISBN = N_("ISBN")
DOI = N_("DOI")
DOCUMENT_SYMBOL = N_("Document symbol")
HOW_TO_CITE = N_("How to cite")
DOWNLOADS = N_("Downloads")
HANDBOOK = N_("Handbook")
FORMAT = N_("Format")
SIZE = N_("Size")
PAGES = N_("Pages")
HOME = N_("Home")
STANDARDS = N_("International standards")
STANDARDS_INTRO = N_("The international standards and norms the handbooks rely on, and the sections of the handbooks that cite each of them.")
CITED_IN = N_("Cited in")
STANDARDS_CITED = N_("Standards cited")
RELATED_READING = N_("Related reading")
REFERENCED_FROM = N_("Referenced from: {sections}")
CONTRIBUTE = N_("Contribute")
PARTLY_TRANSLATED = N_("Part of this page is not yet translated: {percent} of its text is still shown in English.")
NOT_TRANSLATED = N_("This page is not yet translated; it is shown in English.")
HELP_TRANSLATE = N_("Help translate it")
TRANSLATED_FROM = N_("Translated from the English text, {edition}, {year}.")
FIGURE = N_("Figure")
TABLE = N_("Table")
PAGE_NUMBER = N_("Page {number}")
GLOSSARY = N_("Glossary")
CHOOSE_LANGUAGE = N_("Choose your language")
TRANSLATION_STATUS = N_("Translation status")
STATUS_INTRO = N_(
    "How much of each handbook is translated into each language. "
    "Editions for download are made once a translation is complete."
)
LANGUAGE = N_("Language")
TRANSLATED = N_("Translated")
NEEDS_REVIEW = N_("Needs review")
UNTRANSLATED = N_("Untranslated")
SEGMENTS = N_("Segments")
SITE_PAGES = N_("Site pages and interface")
SEARCH = N_("Search")
SEARCH_PLACEHOLDER = N_("Search the handbooks")
SEARCH_IN = N_("Search in")
SEARCH_ALL = N_("All handbooks")
SEARCH_REFERENCE = N_("Glossary and standards")
SEARCH_LOADING = N_("Loading search…")
SEARCH_NONE = N_("No section matches “{query}”.")
SEARCH_COUNT = N_("Results: {count}")
SEARCH_FAILED = N_("Search could not be loaded. Reload the page and try again.")
SEARCH_CLOSE = N_("Close search")
SEARCH_HELP = N_("Results appear as you type. Use the arrow keys to move through them.")
DOWNLOADS_INTRO = N_(
    "Every handbook as a PDF for printing and an EPUB for e-readers. "
    "The SHA-256 checksum lets you verify a copy received from someone else."
)


def ui_messages() -> Iterator[str]:
    """Every marked interface string, in source order, without duplicates."""
    seen: set[str] = set()
    folder = Path(__file__).parent
    for name in MARKED_MODULES:
        path = folder / name
        if not path.exists():
            continue
        for _lineno, message, _comments, _context in extract_from_file("python", str(path), keywords={"_": None, "N_": None}):
            if isinstance(message, str) and message not in seen:
                seen.add(message)
                yield message
