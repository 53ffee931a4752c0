"""The output half of the trust boundary (ARCHITECTURE.md, "Trust boundary"): what published markup may
contain, in one place.

Every source file is untrusted input. The dialect (source.py, i18n_check.py) refuses what it does not
document; this module is the second gate, on what the renderers produced:

- ``clean_fragment``: every page's content HTML goes through nh3 (ammonia) with the allowlists below before
  the theme wraps it, on the site (site_hooks.py) and in the EPUB (epub.py);
- ``audit_page``: the final check of every published HTML/XHTML page, theme included: no event handler,
  no script or style element in content, no frame, object, form or base element, no URL outside the
  allowed schemes; it names what it found, and the build fails naming the page's source file;
- ``content_security_policy``: the policy written into every site page, with the hash of each inline
  script the theme writes (no other inline script can run);
- ``audit_svg``: SVG figures are refused unless every element and attribute is on the SVG allowlist.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import nh3
from pypdf import PdfReader

from .diagnostics import Diagnostic, error

URL_SCHEMES = frozenset({"https", "http", "mailto"})
"""Schemes a published link or image may use, besides relative URLs and #anchors. Sources may write only
https and mailto (source.LINK_SCHEMES); http is allowed here for what the theme itself links to."""

CONTENT_TAGS = frozenset({
    "a", "abbr", "article", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
})
"""Elements the dialect and our page generators produce (measured on the built library) and a few inline ones."""

CONTENT_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "disabled", "checked"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    "ol": {"start"},
}
STYLE_PROPERTIES = frozenset({"text-align"})
"""The only inline style content may keep: table column alignment, as Python-Markdown writes it."""

CONTENT_CLASSES = frozenset({
    "admonition", "admonition-title", "note", "warning", "tip", "headerlink", "footnote", "footnote-ref",
    "footnote-backref", "task-list", "task-list-item", "task-list-control", "task-list-indicator", "language-text",
    "language-po", "language-yaml", "language-markdown", "language-sh", "arithmatex",
    "jh-term", "jh-term-en", "jh-backlinks", "jh-notice", "jh-catalogue", "jh-card", "jh-topics", "jh-formats",
    "jh-glossary", "jh-figure", "jh-downloads", "jh-status", "jh-visually-hidden",
})
"""Classes our pipeline and Python-Markdown's extensions write; a class from anywhere else is dropped."""

_UNSAFE_ELEMENTS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
                              "base", "link", "meta", "template", "noscript", "portal"})
"""Elements content may not hold; inline SVG and MathML may appear (the EPUB cover), and what is inside them is
audited like the rest (scripts, handlers, URLs)."""
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset",
                             "data", "cite", "manifest", "ping"})
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def clean_fragment(html: str) -> str:
    """Content HTML through nh3 with the allowlists above: anything else is removed (the text stays)."""
    return nh3.clean(
        html,
        tags=set(CONTENT_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in CONTENT_ATTRIBUTES.items()},
        allowed_classes=None,
        attribute_filter=_keep_attribute,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
    )


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "src" and not local_file(value):
        return None
    if name == "class":
        kept = " ".join(c for c in value.split() if c in CONTENT_CLASSES)
        return kept or None
    return value


def url_allowed(url: str) -> bool:
    """A relative URL, an #anchor, or one of URL_SCHEMES; control characters and spaces inside a scheme
    (``java\\tscript:``) count, as browsers ignore them."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match is None or match.group(1).lower() in URL_SCHEMES


def local_file(url: str) -> bool:
    """An address relative to the page, inside the site: what an image or a script may load (no scheme,
    no leading slash, no ../ above the site — the site's own link check judges how far up)."""
    cleaned = _INVISIBLE.sub("", url)
    return not (_SCHEME.match(cleaned) or cleaned.startswith(("/", "\\")) or "\\" in cleaned)


@dataclass(frozen=True)
class Finding:
    """Something unsafe in a published page: what, and the text around it for the message."""

    what: str
    line: int


EPUB_TAGS = CONTENT_TAGS | {"body", "section", "nav", "aside", "header", "footer", "label", "svg", "image", "caption",
                           "colgroup", "col", "cite", "q", "dfn", "var", "samp", "u", "b", "bdi", "bdo", "wbr"}
"""Elements an EPUB chapter's body may hold: what pandoc writes from the dialect (measured on the library's
42 EPUBs), the cover's inline SVG image, and a few inline ones. Anything else is a finding."""
EPUB_ATTRIBUTES = frozenset({"id", "class", "lang", "xml:lang", "dir", "title", "href", "src", "alt", "width", "height",
                             "epub:type", "role", "hidden", "type", "checked", "disabled", "colspan", "rowspan", "start",
                             "style", "version", "viewbox", "preserveaspectratio", "xlink:href", "xmlns", "xmlns:xlink",
                             "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"})


class _Auditor(HTMLParser):
    def __init__(self, content: str, allowlist: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.content = content
        self.allowlist = allowlist
        self.content_depth = -1
        self.findings: list[Finding] = []
        self.inline_scripts: list[str] = []
        self._script: list[str] | None = None
        self._script_type = ""

    @property
    def in_content(self) -> bool:
        return self.content_depth > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        if tag == self.content:
            self.content_depth = max(self.content_depth, 0) + 1
        if self.allowlist and self.in_content:
            if tag not in EPUB_TAGS and tag not in _UNSAFE_ELEMENTS:  # those have findings of their own below
                self.findings.append(Finding(f"<{tag}> element, which the dialect never makes", line))
            unknown = sorted(name for name, _ in attrs if name not in EPUB_ATTRIBUTES and not name.startswith("on"))
            if unknown:
                self.findings.append(Finding(f"attribute {unknown[0]}= on <{tag}>, which the dialect never makes", line))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(Finding(f"event handler {name}= on <{tag}>", line))
            elif name in _URL_ATTRIBUTES and value and not url_allowed(value):
                self.findings.append(Finding(f"URL {value[:60]!r} in {name}= of <{tag}>", line))
            elif name == "src" and value and not local_file(value) and (self.in_content or tag != "script"):
                self.findings.append(Finding(f"<{tag}> loads {value[:60]!r}: only files of the site may be loaded", line))
            elif name == "style" and value and re.search(r"url\s*\(|expression\s*\(|@import", value, re.IGNORECASE):
                self.findings.append(Finding(f"style with a URL or expression on <{tag}>", line))
            elif name == "srcdoc":
                self.findings.append(Finding(f"srcdoc= on <{tag}>", line))
        if tag == "script":
            src = values.get("src")
            if self.in_content:
                self.findings.append(Finding("script element in content", line))
            elif src is not None and _SCHEME.match(src):
                self.findings.append(Finding(f"script from another site: {src[:60]!r}", line))
            elif src is None and (values.get("type") or "text/javascript") in ("text/javascript", "module", "application/javascript"):
                self._script, self._script_type = [], "inline"
        elif tag in _UNSAFE_ELEMENTS and self.in_content:
            self.findings.append(Finding(f"<{tag}> element in content", line))
        elif tag in ("iframe", "frame", "object", "embed", "applet", "base"):
            self.findings.append(Finding(f"<{tag}> element", line))
        elif tag == "form" and values.get("action") not in (None, "#"):
            self.findings.append(Finding(f"<form> that posts to {(values.get('action') or '')[:60]!r}", line))
        elif tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.findings.append(Finding("<meta http-equiv=refresh>", line))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.content and self.content_depth > 0:
            self.content_depth -= 1
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)


def audit_page(html: str, content: str = "article", allowlist: bool = False) -> tuple[list[Finding], list[str]]:
    """What is unsafe in a published page, and the inline scripts it has (for their CSP hashes).

    What is inside the ``content`` element (a site page's ``<article>``, an EPUB chapter's ``<body>``) comes
    from the sources and may hold no script, style or embedding element at all; the theme around it may
    have inline scripts of its own (hashed into the page's policy). Event handlers and unsafe URLs are
    findings anywhere. ``allowlist``: inside the content, only EPUB_TAGS and EPUB_ATTRIBUTES (for an EPUB,
    which is audited, not rewritten)."""
    auditor = _Auditor(content, allowlist)
    auditor.feed(html)
    auditor.close()
    return auditor.findings, auditor.inline_scripts


def script_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(inline_scripts: Iterable[str]) -> str:
    """Scripts only from the site itself, plus the theme's own inline scripts by hash; nothing from other
    hosts (DESIGN decision 7); no plugins, frames or form posts."""
    hashes = " ".join(sorted({script_hash(s) for s in inline_scripts}))
    return ("default-src 'self'; script-src 'self'" + (f" {hashes}" if hashes else "") +
            "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'none'")


SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "marker", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
    "symbol", "use", "metadata",
})
SVG_ATTRIBUTES = frozenset({
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "stroke-opacity", "stroke-miterlimit", "opacity", "font-family",
    "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "alignment-baseline",
    "letter-spacing", "dx", "dy", "role", "aria-label", "aria-labelledby", "aria-hidden", "lang", "xml:lang",
    "direction", "unicode-bidi", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "clip-path", "mask",
    "preserveAspectRatio", "version", "href", "xlink:href", "marker-end", "marker-start", "marker-mid",
    "patternUnits", "clipPathUnits", "style", "focusable", "color", "visibility", "display", "baseline-shift",
    "textLength", "lengthAdjust", "vector-effect", "shape-rendering", "text-rendering", "data-label",
})
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_NS = "{http://www.w3.org/1999/xlink}"
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def audit_svg(text: str) -> Iterator[tuple[int, str]]:
    """(line, problem) for everything in an SVG that is not plainly a drawing: DOCTYPE and entities,
    elements and attributes off the allowlist (script, foreignObject, event handlers...), references to
    anything but the figure's own #ids, and styles that load URLs."""
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        line = text[: re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE).start()].count("\n") + 1  # type: ignore[union-attr]
        yield line, "a DOCTYPE or entity declaration (not allowed in figures)"
        return
    if "<?xml-stylesheet" in text:
        yield 1, "an xml-stylesheet instruction"
    try:
        root = ElementTree.fromstring(text)  # DOCTYPE and entities were refused above: no expansion
    except ElementTree.ParseError as exc:
        yield exc.position[0], f"not well-formed XML: {exc}"
        return
    lines = _start_lines(text)
    for index, element in enumerate(root.iter()):
        line = lines[index] if index < len(lines) else 0
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.removeprefix(_SVG_NS)
        if local == tag and tag.startswith("{"):
            yield line, f"element <{tag}> from another XML namespace"
            continue
        if local not in SVG_ELEMENTS:
            yield line, f"element <{local}> is not allowed in figures"
            continue
        for name, value in element.attrib.items():
            shown = name.replace(_XLINK_NS, "xlink:").replace(_XML_NS, "xml:")
            if shown.startswith("{"):
                yield line, f"attribute {shown} from another XML namespace on <{local}>"
            elif shown not in SVG_ATTRIBUTES:
                yield line, f"attribute {shown}= is not allowed on <{local}>"
            elif shown in ("href", "xlink:href") and not value.startswith("#"):
                yield line, f"{shown}={value[:60]!r} on <{local}>: a figure may refer only to its own #ids"
            elif re.search(r"url\s*\(\s*['\"]?(?!#)|@import|expression\s*\(|javascript:", value, re.IGNORECASE):
                yield line, f"{shown}= on <{local}> loads something from outside the figure"


def _start_lines(text: str) -> list[int]:
    """The line of each element's start tag, in document order (ElementTree keeps no positions)."""
    lines = []
    for match in re.finditer(r"<(?![!?/])", text):
        lines.append(text.count("\n", 0, match.start()) + 1)
    return lines


def audit_epub(path: Path) -> Iterator[tuple[str, Finding]]:
    """(member, finding) for every unsafe thing in an EPUB's XHTML and SVG files."""
    with zipfile.ZipFile(path) as book:
        for info in book.infolist():
            name = info.filename
            if name.endswith((".xhtml", ".html", ".htm")):
                findings, scripts = audit_page(book.read(info).decode("utf-8", "replace"), content="body", allowlist=True)
                yield from ((name, f) for f in findings)
                yield from ((name, Finding("an inline script", 0)) for _ in scripts)
            elif name.endswith(".svg"):
                yield from ((name, Finding(problem, line)) for line, problem in audit_svg(book.read(info).decode("utf-8", "replace")))


_PDF_UNSAFE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/Rendition", "/GoToR", "/GoToE"})


def audit_pdf(path: Path) -> Iterator[tuple[int, str]]:
    """(page, problem) for a PDF action other than a link to an https:/mailto: address or within the book:
    no script, no launching of programs or files, no form posts, no document-level actions."""
    reader = PdfReader(path)
    root = reader.root_object
    names = root.get("/Names")
    if "/OpenAction" in root or "/AA" in root or (names is not None and "/JavaScript" in names.get_object()):
        yield 0, "a document-level action or script"
    for number, page in enumerate(reader.pages, start=1):
        if "/AA" in page:
            yield number, "a page action"
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if not action:
                continue
            kind = str(action.get("/S", ""))
            if kind in _PDF_UNSAFE_ACTIONS:
                yield number, f"a {kind[1:]} action"
            elif kind == "/URI" and not url_allowed(str(action.get("/URI", ""))):
                yield number, f"a link to {str(action.get('/URI', ''))[:60]!r}"


def audit_output(folder: Path, epubs: Iterable[Path], pdfs: Iterable[Path] = ()) -> list[Diagnostic]:
    """The last gate before publishing, on what the site pages' own pass (site.py) does not see: every EPUB's
    XHTML and SVG, every PDF's links and actions, and every SVG file of the site (figures, with their
    translated labels)."""
    problems: list[Diagnostic] = []
    for pdf in sorted(pdfs):
        shown = f"site/{pdf.relative_to(folder).as_posix()}"
        problems += [error(shown, 0, "output.unsafe", f"page {page} has {problem}; it came from the handbook's sources or "
                           "their translation: remove it there") for page, problem in audit_pdf(pdf)]
    for epub in sorted(epubs):
        shown = f"site/{epub.relative_to(folder).as_posix()}"
        problems += [error(shown, f.line, "output.unsafe", f"{member} has {f.what}; it came from the handbook's sources or "
                           "their translation: remove it there") for member, f in audit_epub(epub)]
    for svg in sorted(folder.rglob("*.svg")):
        if "assets" in svg.relative_to(folder).parts:
            continue  # the theme's own icons
        shown = f"site/{svg.relative_to(folder).as_posix()}"
        problems += [error(shown, line, "output.unsafe", f"published figure: {problem}")
                     for line, problem in audit_svg(svg.read_text(encoding="utf-8", errors="replace"))]
    return problems


__all__ = [
    "CONTENT_TAGS",
    "URL_SCHEMES",
    "Finding",
    "audit_epub",
    "audit_output",
    "audit_page",
    "audit_svg",
    "clean_fragment",
    "content_security_policy",
    "script_hash",
    "url_allowed",
]
