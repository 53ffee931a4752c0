"""Generated site pages: home catalogue, handbook landing pages, downloads. Pure functions of the
Library and the editions, returning Markdown (with a little HTML for cards) for MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from html import escape

from .model import Edition, Handbook, Library

TOPIC_LABELS = {
    "assessment-and-reform": "Assessment and reform",
    "prison-reform": "Prison reform",
    "alternatives-to-imprisonment": "Alternatives to imprisonment",
    "justice-for-children": "Justice for children",
    "victim-assistance": "Victim assistance",
    "violence-against-women": "Violence against women",
    "police-oversight": "Police oversight",
}
FORMAT_LABELS = {"pdf": "PDF", "epub": "EPUB"}


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def editions_of(editions: Sequence[Edition], handbook: str, lang: str) -> list[Edition]:
    return sorted((e for e in editions if e.handbook == handbook and e.lang == lang), key=lambda e: e.format)


def download_label(edition: Edition) -> str:
    pages = f", {edition.pages} pages" if edition.pages else ""
    return f"{FORMAT_LABELS[edition.format]} ({human_size(edition.bytes)}{pages})"


def home(library: Library, intro: str, editions: Sequence[Edition], lang: str) -> str:
    cards = []
    for handbook in library.handbooks:
        meta = handbook.meta
        topics = "".join(f'<li>{escape(TOPIC_LABELS[t])}</li>' for t in meta.topics)
        links = " · ".join([f'<a href="{handbook.id}/index.html">Read online</a>'] + [
            f'<a href="{escape(lang_rel(e, lang, ""))}">{escape(download_label(e))}</a>'
            for e in editions_of(editions, handbook.id, lang)])
        cards.append(
            f'<article class="jh-card">\n<h3><a href="{handbook.id}/index.html">{escape(meta.title)}</a></h3>\n'
            f'<p>{escape(meta.summary)}</p>\n<ul class="jh-topics">{topics}</ul>\n'
            f'<p class="jh-formats">{links}</p>\n</article>'
        )
    catalogue = "## Handbooks {#handbooks}\n\n" + '<div class="jh-catalogue">\n' + "\n".join(cards) + "\n</div>\n\n"
    # The catalogue comes before the first section of the home text: on a phone it is what readers came for.
    head, marker, tail = intro.partition("\n## ")
    return head.rstrip() + "\n\n" + catalogue + (marker.lstrip("\n") + tail if marker else "")


def lang_rel(edition: Edition, lang: str, from_dir: str) -> str:
    """Relative link to an edition from a Markdown file in ``from_dir`` (relative to the language root)."""
    return posixpath.relpath(edition.path, posixpath.join(lang, from_dir) if from_dir else lang)


def landing(library: Library, handbook: Handbook, editions: Sequence[Edition], lang: str) -> str:
    meta = handbook.meta
    lines = [f"# {meta.title}", ""]
    if meta.subtitle:
        lines += [f"*{meta.subtitle}*", ""]
    lines += [meta.summary, ""]
    lines += ["## Download {#download}", ""]
    own = editions_of(editions, handbook.id, lang)
    if own:
        for edition in own:
            lines.append(f"- [{download_label(edition)}]({lang_rel(edition, lang, handbook.id)})")
    else:
        lines.append("Downloads are not part of this build.")
    lines += ["", "## Contents {#contents}", ""]
    for chapter in handbook.chapters:
        lines.append(f"{chapter.number}. [{chapter.title}]({chapter.slug}.md)")
    lines += ["", "## About this handbook {#about}", ""]
    rows = [
        ("Topics", ", ".join(TOPIC_LABELS[t] for t in meta.topics)),
        ("Written for", "; ".join(meta.audience)),
        ("Edition", f"{meta.edition}, {meta.year}"),
        ("Publisher", meta.publisher),
        ("Licence", meta.licence),
        ("Words", f"{handbook.words:,}"),
    ]
    rows += [(label, value) for label, value in (("ISBN", meta.isbn), ("DOI", meta.doi),
                                                  ("Document symbol", meta.document_symbol)) if value]
    for label, value in rows:
        lines += [label, f":   {value}", ""]
    lines += ["", "## How to cite {#cite}", "", f"> {citation(library, handbook, lang)}", ""]
    return "\n".join(lines)


def citation(library: Library, handbook: Handbook, lang: str) -> str:
    meta = handbook.meta
    title = meta.title + (f": {meta.subtitle}" if meta.subtitle else "")
    ident = f" DOI: {meta.doi}." if meta.doi else (f" ISBN {meta.isbn}." if meta.isbn else "")
    return (f"{meta.publisher} ({meta.year}). *{title}* ({meta.edition}).{ident} "
            f"{library.settings.site_url}{lang}/{handbook.id}/index.html")


def downloads(library: Library, editions: Sequence[Edition], lang: str) -> str:
    lines = ["# Downloads", "",
             "Every handbook as a PDF for printing and an EPUB for e-readers. "
             "The SHA-256 checksum lets you verify a copy received from someone else.", "",
             "| Handbook | Format | Size | Pages | SHA-256 |", "|---|---|---|---|---|"]
    for handbook in library.handbooks:
        for edition in editions_of(editions, handbook.id, lang):
            pages = str(edition.pages) if edition.pages else ""
            lines.append(f"| {handbook.meta.title} | [{FORMAT_LABELS[edition.format]}]({lang_rel(edition, lang, 'downloads')}) "
                         f"| {human_size(edition.bytes)} | {pages} | `{edition.sha256[:16]}…` |")
    return "\n".join(lines) + "\n"
