"""Generated site pages: home catalogue, handbook landing pages, downloads. Pure functions of the
Library and the editions, returning Markdown (with a little HTML for cards) for MkDocs.

``_`` translates an interface string into the page's language; ``meta`` gives the handbook
metadata (title, summary...) in that language.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from html import escape

from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from . import ui
from .catalogs import babel_locale
from .glossary import Term
from .i18n import StatusRow
from .model import Edition, Handbook, HandbookMeta, Library
from .resolve import Backlink, Citation, PageLinks, TitleOf
from .standards import PROVISION, citation_label
from .standards import anchor as standard_anchor
from .ui import Gettext

TOPIC_LABELS = {
    "assessment-and-reform": ui.ASSESSMENT_AND_REFORM,
    "prison-reform": ui.PRISON_REFORM,
    "alternatives-to-imprisonment": ui.ALTERNATIVES_TO_IMPRISONMENT,
    "justice-for-children": ui.JUSTICE_FOR_CHILDREN,
    "victim-assistance": ui.VICTIM_ASSISTANCE,
    "violence-against-women": ui.VIOLENCE_AGAINST_WOMEN,
    "police-oversight": ui.POLICE_OVERSIGHT,
}
FORMAT_LABELS = {"pdf": "PDF", "epub": "EPUB"}
MetaOf = Callable[[Handbook], HandbookMeta]


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def editions_of(editions: Sequence[Edition], handbook: str, lang: str) -> list[Edition]:
    return sorted((e for e in editions if e.handbook == handbook and e.lang == lang), key=lambda e: e.format)


def download_label(edition: Edition, _: Gettext) -> str:
    pages = ui.fill(_(ui.PAGES_COUNT), count=edition.pages) if edition.pages else ""
    detail = ", ".join(part for part in (human_size(edition.bytes), pages) if part)
    return f"{FORMAT_LABELS[edition.format]} ({detail})"


def lang_rel(edition: Edition, lang: str, from_dir: str) -> str:
    """Relative link to an edition from a Markdown file in ``from_dir`` (relative to the language root)."""
    return posixpath.relpath(edition.path, posixpath.join(lang, from_dir) if from_dir else lang)


def home(library: Library, intro: str, editions: Sequence[Edition], lang: str, _: Gettext, meta_of: MetaOf) -> str:
    cards = []
    for handbook in library.handbooks:
        meta = meta_of(handbook)
        topics = "".join(f"<li>{escape(_(TOPIC_LABELS[t]))}</li>" for t in meta.topics)
        links = " · ".join([f'<a href="{handbook.id}/index.html">{escape(_(ui.READ_ONLINE))}</a>'] + [
            f'<a href="{escape(lang_rel(e, lang, ""))}">{escape(download_label(e, _))}</a>'
            for e in editions_of(editions, handbook.id, lang)])
        cards.append(
            f'<article class="jh-card">\n<h3><a href="{handbook.id}/index.html">{escape(meta.title)}</a></h3>\n'
            f"<p>{escape(meta.summary)}</p>\n<ul class=\"jh-topics\">{topics}</ul>\n"
            f'<p class="jh-formats">{links}</p>\n</article>'
        )
    catalogue = f"## {_(ui.HANDBOOKS)} {{#handbooks}}\n\n" + '<div class="jh-catalogue">\n' + "\n".join(cards) + "\n</div>\n\n"
    # The catalogue comes before the first section of the home text: on a phone it is what readers came for.
    head, marker, tail = intro.partition("\n## ")
    return head.rstrip() + "\n\n" + catalogue + (marker.lstrip("\n") + tail if marker else "")


def landing(library: Library, handbook: Handbook, editions: Sequence[Edition], lang: str, _: Gettext, meta: HandbookMeta,
            chapter_titles: Sequence[str], cited: Sequence[Citation] = (),
            links: Mapping[tuple[str, str], Sequence[Backlink]] | None = None, meta_of: MetaOf | None = None) -> str:
    lines = [f"# {meta.title}", ""]
    if meta.subtitle:
        lines += [f"*{meta.subtitle}*", ""]
    lines += [meta.summary, ""]
    lines += [f"## {_(ui.DOWNLOAD)} {{#download}}", ""]
    own = editions_of(editions, handbook.id, lang)
    if own:
        for edition in own:
            lines.append(f"- [{download_label(edition, _)}]({lang_rel(edition, lang, handbook.id)})")
    else:
        lines.append(_(ui.NO_DOWNLOAD))
    lines += ["", f"## {_(ui.CONTENTS)} {{#contents}}", ""]
    for chapter, title in zip(handbook.chapters, chapter_titles, strict=True):
        lines.append(f"{chapter.number}. [{title}]({chapter.slug}.md)")
    lines += ["", standards_cited(library, handbook, cited, lang, _)]
    if meta_of is not None:
        lines += ["", related(library, handbook, cited, links or {}, _, meta_of)]
    lines += ["", f"## {_(ui.ABOUT_THIS_HANDBOOK)} {{#about}}", ""]
    rows = [
        (_(ui.TOPICS), format_list([_(TOPIC_LABELS[t]) for t in meta.topics], locale=babel_locale(lang))),
        (_(ui.WRITTEN_FOR), format_list(list(meta.audience), locale=babel_locale(lang))),
        (_(ui.EDITION), f"{meta.edition} · {meta.year}"),
        (_(ui.PUBLISHER), meta.publisher),
        (_(ui.LICENCE), meta.licence),
        (_(ui.WORDS), format_decimal(handbook.words, locale=babel_locale(lang))),
    ]
    rows += [(label, value) for label, value in ((_(ui.ISBN), meta.isbn), (_(ui.DOI), meta.doi),
                                                  (_(ui.DOCUMENT_SYMBOL), meta.document_symbol)) if value]
    for label, value in rows:
        lines += [label, f":   {value}", ""]
    lines += [f"## {_(ui.HOW_TO_CITE)} {{#cite}}", "", f"> {citation(library, handbook, lang, meta)}", ""]
    return "\n".join(lines)


def citation(library: Library, handbook: Handbook, lang: str, meta: HandbookMeta) -> str:
    title = meta.title + (f": {meta.subtitle}" if meta.subtitle else "")
    ident = f" DOI: {meta.doi}." if meta.doi else (f" ISBN {meta.isbn}." if meta.isbn else "")
    return (f"{meta.publisher} ({meta.year}). *{title}* ({meta.edition}).{ident} "
            f"{library.settings.site_url}{lang}/{handbook.id}/index.html")


def downloads(library: Library, editions: Sequence[Edition], lang: str, _: Gettext, meta_of: MetaOf) -> str:
    lines = [f"# {_(ui.DOWNLOADS)}", "",
             _(ui.DOWNLOADS_INTRO), "",
             f"| {_(ui.HANDBOOK)} | {_(ui.FORMAT)} | {_(ui.SIZE)} | {_(ui.PAGES)} | SHA-256 |", "|---|---|---|---|---|"]
    for handbook in library.handbooks:
        for edition in editions_of(editions, handbook.id, lang):
            pages = str(edition.pages) if edition.pages else ""
            lines.append(f"| {meta_of(handbook).title} | [{FORMAT_LABELS[edition.format]}]({lang_rel(edition, lang, 'downloads')}) "
                         f"| {human_size(edition.bytes)} | {pages} | `{edition.sha256[:16]}…` |")
    return "\n".join(lines) + "\n"


def status_page(library: Library, rows: Sequence[StatusRow], lang: str, _: Gettext, meta_of: MetaOf,
                language_name: Callable[[str], str]) -> str:
    """Translation status in the reader's language: percent of segments translated per handbook and language."""
    languages = list(dict.fromkeys(r.lang for r in rows))
    names = {h.id: meta_of(h).title for h in library.handbooks}
    names["site"] = _(ui.SITE_PAGES)
    lines = [f"# {_(ui.TRANSLATION_STATUS)}", "", _(ui.STATUS_INTRO), "",
             f"| {_(ui.HANDBOOK)} | " + " | ".join(language_name(column) for column in languages) + " |",
             "|---|" + "---:|" * len(languages)]
    by_key = {(r.domain, r.lang): r for r in rows}
    for domain in dict.fromkeys(r.domain for r in rows):
        cells = []
        for column in languages:
            row = by_key[(domain, column)]
            review = f" ({row.counts.fuzzy} {_(ui.NEEDS_REVIEW).lower()})" if row.counts.fuzzy else ""
            cells.append(format_percent(row.counts.ratio, locale=babel_locale(lang)) + review)
        lines.append(f"| {names.get(domain, domain)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def standards_page(library: Library, cited: Sequence[Citation], lang: str, _: Gettext, meta_of: MetaOf, title_of: TitleOf) -> str:
    """Each standard, its provisions cited, and for each the handbook sections that cite it."""
    handbooks = {h.id: h for h in library.handbooks}
    lines = [f"# {_(ui.STANDARDS)}", "", _(ui.STANDARDS_INTRO), ""]
    for standard in sorted(library.standards, key=lambda s: (s.year, s.key)):
        name = standard.name(lang)
        lines += [f"## {name.short} {{#{standard.key}}}", "", f"*{name.title}* — {standard.symbol} ({standard.year})", ""]
        own = [c for c in cited if c.standard == standard.key]
        for provision in sorted({c.provision for c in own}, key=_provision_order):
            if provision:
                lines += [f"### {citation_label(standard, provision, lang)} {{#{standard_anchor(standard.key, provision)}}}", ""]
            elif len({c.provision for c in own}) > 1:
                lines += [f"**{_(ui.CITED_IN)}**", ""]
            seen: set[tuple[str, str]] = set()
            for citation in (c for c in own if c.provision == provision):
                if (citation.handbook, citation.section) in seen:
                    continue
                seen.add((citation.handbook, citation.section))
                handbook = handbooks.get(citation.handbook)
                if handbook is None:
                    continue
                section = title_of(handbook.id, citation.section_title)
                lines.append(f"- [{section}]({handbook.id}/{citation.chapter}.md#{citation.section}) — {meta_of(handbook).title}")
            lines.append("")
    return "\n".join(lines)


def _provision_order(provision: str) -> tuple[str, int, str]:
    match = PROVISION.match(provision)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else ("", 0, provision)


def standards_cited(library: Library, handbook: Handbook, cited: Sequence[Citation], lang: str, _: Gettext) -> str:
    """The landing page's list of the standards a handbook cites."""
    keys = list(dict.fromkeys(c.standard for c in cited if c.handbook == handbook.id))
    standards = {s.key: s for s in library.standards}
    items = [f"- [{standards[k].name(lang).short}](../standards.md#{k})" for k in keys if k in standards]
    return "\n".join([f"## {_(ui.STANDARDS_CITED)} {{#standards-cited}}", "", *items, ""]) if items else ""


def glossary_page(terms: Sequence[Term], lang: str, _: Gettext) -> str:
    """Every term in the reader's language, with the English term and the definition."""
    entries = sorted(terms, key=lambda term: term.name(lang).casefold())
    items = []
    for term in entries:
        english = "" if lang == "en" else f' <span class="jh-term-en" lang="en" dir="ltr">({escape(term.name("en"))})</span>'
        definition = _(" ".join(term.definition.split()))
        items.append(f'<dt id="{term.id}">{escape(term.name(lang))}{english}</dt>\n<dd>{escape(definition)}</dd>')
    return f"# {_(ui.GLOSSARY)}\n\n<dl class=\"jh-glossary\">\n" + "\n".join(items) + "\n</dl>\n"


def backlink_line(found: Sequence[Backlink], current: str, _: Gettext, meta_of: MetaOf, title_of: TitleOf,
                  handbooks: dict[str, Handbook], pages: PageLinks) -> str:
    """"Referenced from: Section (Handbook); ..." under a heading, in the reader's language."""
    items = []
    for link in found:
        handbook = handbooks.get(link.handbook)
        if handbook is None:
            continue
        where = "" if link.handbook == current else f" ({meta_of(handbook).title})"
        href = pages.href(current, link.handbook, link.chapter, link.section)
        items.append(f"[{title_of(link.handbook, link.section_title)}]({href}){where}")
    return ui.fill(_(ui.REFERENCED_FROM), sections="; ".join(items)) + "\n{: .jh-backlinks }"


def related(library: Library, handbook: Handbook, cited: Sequence[Citation], links: Mapping[tuple[str, str], Sequence[Backlink]],
            _: Gettext, meta_of: MetaOf) -> str:
    """Handbooks that share topics or standards with this one, or refer to it or from it; closest first."""
    own_standards = {c.standard for c in cited if c.handbook == handbook.id}
    scores: dict[str, int] = {}
    for other in library.handbooks:
        if other.id == handbook.id:
            continue
        score = 2 * len(set(other.meta.topics) & set(handbook.meta.topics))
        score += len(own_standards & {c.standard for c in cited if c.handbook == other.id})
        score += 3 * sum(1 for (target, _s), found in links.items() for b in found
                         if (target, b.handbook) in ((handbook.id, other.id), (other.id, handbook.id)))
        if score:
            scores[other.id] = score
    ranked = sorted(scores, key=lambda i: (-scores[i], meta_of(library.handbook(i)).title))[:4]  # type: ignore[arg-type]
    items = [f"- [{meta_of(library.handbook(i)).title}](../{i}/index.md)" for i in ranked]  # type: ignore[arg-type]
    return "\n".join([f"## {_(ui.RELATED_READING)} {{#related}}", "", *items, ""]) if items else ""
