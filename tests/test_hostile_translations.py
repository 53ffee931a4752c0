"""A corpus of hostile translations (ARCHITECTURE.md, "Trust boundary"), against both gates.

1. The input gate refuses every attack, each at its PO file and line, and the previous site/ stays.
2. With the input gate switched off (as if a future change opened a gap in it), the output gate alone
   keeps every attack out of what is published: the built HTML, the EPUB's XHTML and the PDF's links are
   scanned for anything that survived; a build stopped by the final check (output.unsafe) counts as kept out.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.annotations import Link

from build_tools import pipeline
from build_tools.catalogs import read_catalog, write_catalog
from build_tools.diagnostics import BuildFailed
from build_tools.i18n import catalog_path, update
from build_tools.load import load_library
from build_tools.pipeline import BuildOptions, build, check_sources
from build_tools.sanitise import audit_output
from tests.conftest import copy_fixture
from tests.helpers import pdf_uri_links, tree_digest

ATTACKS: dict[str, str] = {
    "script element": "<script>alert('script')</script>",
    "image with onerror": "<img src=x onerror=alert('onerror')>",
    "svg with onload, no space": "<svg/onload=alert('svg')>",
    "iframe": '<iframe src="https://evil.example/frame"></iframe>',
    "style element": "<style>body{display:none}</style>",
    "anchor with javascript href": '<a href="javascript:alert(\'anchor\')">x</a>',
    "anchor with entity-encoded scheme": '<a href="java&#115;cript:alert(\'entity\')">x</a>',
    "javascript link": "[click](javascript:alert('link'))",
    "javascript link, mixed case": "[click](JaVaScRiPt:alert('case'))",
    "javascript link, nested parentheses": "[click](javascript:alert((1)))",
    "vbscript link": "[click](vbscript:msgbox('vb'))",
    "data URL link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "attribute list on a paragraph": '{: onclick="alert(\'attr\')" }',
    "attribute list on emphasis": "*x*{onmouseover=alert('em')}",
    "attribute list on a link": "[x](https://example.org/){onclick=alert('linkattr')}",
    "local file image": "![x](file:///etc/passwd)",
    "absolute path image": "![x](/etc/passwd)",
    "code fence swallowing the book": "\n```\n",
    "reference definition with javascript": "\n\n[evil]: javascript:alert('refdef')\n\n[x][evil]",
    "heading injected": "\n\n# Injected heading",
    "placeholder reaching into Python": "{edition.__class__}",
}
"""Each is added to the pseudo-translation of one entry of the fixture's French catalog of 'alpha'."""

_SURVIVOR = re.compile(r"<script[^>]*>[^<]*(?:alert|msgbox)|<[a-z][^<>]*\son[a-z]+\s*=|<[a-z][^<>]*\s(?:href|src)\s*=\s*[\"']?\s*"
                       r"(?:javascript|vbscript|data|file):|<iframe|<style[^>]*>[^<]*display:none|<class '|<img[^<>]*src=[\"']?/etc/passwd",
                       re.IGNORECASE)
"""What an attack of ATTACKS looks like when it works: an element or attribute that runs it, not its words as text."""


def _hostile_catalog(root: Path, attacks: dict[str, str] = ATTACKS) -> dict[str, int]:
    """Writes the attacks into translations/fr/alpha.po; returns each attack's msgid line."""
    library, _ = load_library(root)
    assert library is not None
    update(library)
    path = catalog_path(root, "fr", "alpha")
    catalog = read_catalog(path, "fr")
    entries = [m for m in catalog if m.id and str(m.id)[:1].isalpha() and "`" not in str(m.id)]
    assert len(entries) >= len(attacks), "the fixture has an entry for each attack"
    for message in catalog:
        if message.id:
            message.string = str(message.id).upper() if "](" not in str(message.id) else str(message.id)
    chosen = dict(zip(attacks, entries, strict=False))
    for name, message in chosen.items():
        message.string = f"{message.id!s} {attacks[name]}"
    write_catalog(path, catalog)
    lines = {str(m.id): m.lineno for m in read_catalog(path, "fr")}
    return {name: int(lines[str(message.id)] or 0) for name, message in chosen.items()}


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[Path, dict[str, int]]]:
    root = copy_fixture("mini", tmp_path)
    yield root, _hostile_catalog(root)


def test_the_input_gate_refuses_every_attack_at_its_line(hostile: tuple[Path, dict[str, int]]) -> None:
    root, lines = hostile
    errors = [d for d in check_sources(root).errors if d.file == "translations/fr/alpha.po"]
    refused = {d.line for d in errors}
    missed = [name for name, line in lines.items() if line not in refused]
    assert not missed, f"not refused: {missed}; errors: {[d.format() for d in errors]}"


def test_a_refused_translation_leaves_the_published_site_as_it_was(tmp_path: Path) -> None:
    root = copy_fixture("mini", tmp_path)
    site_only = BuildOptions(formats=("site",))
    build(root, site_only)
    before = tree_digest(root / "site")
    _hostile_catalog(root)
    with pytest.raises(BuildFailed) as failed:
        build(root, site_only)
    assert failed.value.stage == "validate"
    assert tree_digest(root / "site") == before


def _survivors(text: str) -> list[str]:
    return [m.group(0) for m in _SURVIVOR.finditer(text)]


def _built_without_the_input_gate(root: Path, options: BuildOptions, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Builds as if the input gate had a gap (no translation refused), keeping the output even when a later
    check stops the build, so that what would have been published can be scanned. Returns that folder and
    the errors that stopped the build, formatted ("" when it was published)."""
    monkeypatch.setattr(pipeline, "validate_translations", lambda library: [])
    monkeypatch.setattr(pipeline, "discard", lambda staging: None)
    try:
        return build(root, options).site_dir, ""
    except BuildFailed as failed:  # stopped: nothing is published; scan what was staged
        assert not (root / "site").exists()
        assert failed.stage == "check", failed.report.errors
        staged = sorted(root.glob(".site.staging-*"))
        assert len(staged) == 1
        return staged[0], "\n".join(d.format() for d in failed.report.errors if d.code == "output.unsafe")


def _unreported(survivors: dict[str, list[str]], reported: str) -> dict[str, list[str]]:
    """Survivors in files that the final check did not name: those would have been published."""
    return {name: hits for name, hits in survivors.items() if hits and name not in reported}


def test_with_the_input_gate_off_no_attack_reaches_a_site_page(hostile: tuple[Path, dict[str, int]],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = hostile
    out, reported = _built_without_the_input_gate(root, BuildOptions(formats=("site",), languages=("fr",)), monkeypatch)
    found = {page.relative_to(out).as_posix(): _survivors(page.read_text(encoding="utf-8")) for page in out.rglob("*.html")}
    assert not _unreported(found, reported)
    french = (out / "fr/alpha/01-first.html").read_text(encoding="utf-8")
    assert "alert(" in french, "the page was built from the hostile catalog (its attacks are there, as text)"


IMAGE_ATTACKS = ("local file image", "absolute path image")
EDITIONS = BuildOptions(formats=("epub", "pdf"), languages=("fr",), handbooks=("alpha",))


def test_with_the_input_gate_off_pandoc_still_embeds_no_file_outside_media(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture("mini", tmp_path)
    _hostile_catalog(root, {name: ATTACKS[name] for name in IMAGE_ATTACKS})
    monkeypatch.setattr(pipeline, "validate_translations", lambda library: [])
    with pytest.raises(BuildFailed) as failed:
        build(root, EDITIONS)
    assert failed.value.stage == "editions"
    assert all(d.code in ("pdf.pandoc", "epub.pandoc") and "is not a file under media/: refused" in d.message
               for d in failed.value.report.errors), failed.value.report.errors


def test_with_the_input_gate_off_pandoc_refuses_the_hostile_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editions' own gate (templates/filters.lua): no edition is written with a link outside https: and mailto:."""
    root = copy_fixture("mini", tmp_path)
    _hostile_catalog(root, {name: attack for name, attack in ATTACKS.items() if name not in IMAGE_ATTACKS})
    monkeypatch.setattr(pipeline, "validate_translations", lambda library: [])
    with pytest.raises(BuildFailed) as failed:
        build(root, EDITIONS)
    assert failed.value.stage == "editions"
    messages = [d.message for d in failed.value.report.errors]
    assert messages and all("is not an https: or mailto: address: refused" in m for m in messages), messages
    assert not (root / "site").exists()


def test_the_final_check_finds_what_would_run_in_an_epub_or_a_pdf(tmp_path: Path) -> None:
    """The last gate on its own (sanitise.audit_output), on an EPUB and a PDF made to carry attacks."""
    site = tmp_path / "site"
    (site / "fr/downloads").mkdir(parents=True)
    epub = site / "fr/downloads/alpha.epub"
    with zipfile.ZipFile(epub, "w") as book:
        book.writestr("EPUB/text/ch001.xhtml", '<html><head><link rel="stylesheet" href="a.css"/></head><body>'
                      '<p><a href="javascript:alert(1)">x</a><span onclick="alert(2)">y</span></p><script>alert(3)</script></body></html>')
        book.writestr("EPUB/media/f.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(4)</script></svg>')
        book.writestr("EPUB/text/ch002.xhtml", "<html><body><p>Harmless.</p></body></html>")
        book.writestr("EPUB/text/ch003.xhtml", '<html><body><video src="a.mp4"></video><p data-x="1">y</p></body></html>')
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_annotation(0, Link(rect=(10, 10, 50, 50), url="javascript:alert(5)"))
    writer.add_annotation(0, Link(rect=(60, 10, 90, 50), url="https://example.org/"))
    pdf = site / "fr/downloads/alpha.pdf"
    with pdf.open("wb") as out:
        writer.write(out)
    found = [d.format() for d in audit_output(site, [epub], [pdf])]
    assert all("output.unsafe" in line for line in found)
    expected = ["EPUB/text/ch001.xhtml has URL 'javascript:alert(1)'", "EPUB/text/ch001.xhtml has event handler onclick=",
                "EPUB/text/ch001.xhtml has script element in content", "EPUB/media/f.svg has element <script>",
                "EPUB/text/ch003.xhtml has <video> element, which the dialect never makes",
                "EPUB/text/ch003.xhtml has attribute data-x= on <p>, which the dialect never makes",
                "site/fr/downloads/alpha.pdf: error: page 1 has a link to 'javascript:alert(5)'"]
    assert all(any(e in line for line in found) for e in expected), found
    assert len(found) == len(expected), found


def test_with_the_input_gate_off_no_attack_reaches_the_epub_or_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture("mini", tmp_path)
    _hostile_catalog(root, {name: attack for name, attack in ATTACKS.items() if name not in IMAGE_ATTACKS and "](" not in attack
                            and "]: " not in attack})
    out, reported = _built_without_the_input_gate(root, EDITIONS, monkeypatch)
    epub = out / "fr/downloads/alpha.epub"
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        texts = {n: book.read(n).decode("utf-8", "replace") for n in names if n.endswith((".xhtml", ".svg"))}
    assert any("alert(" in t for t in texts.values()), "the EPUB was built from the hostile catalog"
    survivors = {n: _survivors(t) for n, t in texts.items()}
    if any(survivors.values()):  # only acceptable when the final check stopped the build and named the EPUB
        assert "site/fr/downloads/alpha.epub" in reported, survivors
        assert all(name in reported for name, hits in survivors.items() if hits), (survivors, reported)
    assert not any("passwd" in n for n in names), "no host file embedded"
    pdf = out / "fr/downloads/alpha.pdf"
    assert not [uri for uri in pdf_uri_links(pdf) if not uri.startswith(("https://", "mailto:"))]
