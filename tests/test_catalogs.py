"""Segments and catalogs: round trip, determinism, fuzzy and obsolete handling, nothing ever lost."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from build_tools.catalogs import read_catalog, write_catalog
from build_tools.i18n import catalog_path, extract, update
from build_tools.load import load_library
from build_tools.model import Library
from build_tools.segments import segment_markdown
from build_tools.source import parser
from tests.conftest import FIXTURES, ROOT
from tests.helpers import edit

CHAPTERS = sorted((ROOT / "handbooks").glob("*/*.md")) + sorted((FIXTURES / "mini/handbooks").glob("*/*.md"))


def render(text: str) -> str:
    return " ".join(parser().render(text).split())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_filling_every_slot_with_its_source_renders_the_same_chapter(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    template = segment_markdown(text)
    assert render(template.fill(lambda s: s.text)) == render(text)


def test_a_translation_changes_the_words_and_keeps_structure_ids_and_targets() -> None:
    text = (FIXTURES / "mini/handbooks/alpha/02-second.md").read_text(encoding="utf-8")
    template = segment_markdown(text)
    marked = template.fill(lambda s: f"FR {s.text}")
    assert "# FR Second chapter {#second-chapter}" in marked
    assert "FR See [the tables](ref:alpha#tables-and-lists)" in marked
    assert '![FR A square divided into two halves](media/figure.svg "FR A square in two halves")' in marked
    assert "- [ ] FR Register checked" in marked and '!!! tip "FR A tip"' in marked


def test_each_kind_of_block_is_one_segment() -> None:
    text = (FIXTURES / "mini/handbooks/alpha/01-first.md").read_text(encoding="utf-8")
    segments = segment_markdown(text).segments
    assert [(s.kind, s.text) for s in segments] == [
        ("heading", "First chapter"),
        ("paragraph", "A paragraph with *emphasis*, **strong**, `code` and a [web link](https://example.org/). It cites a standard.[^one]"),
        ("heading", "Derived id from heading"),
        ("paragraph", "A derived id comes from the heading text."),
        ("heading", "Tables and lists"),
        ("cell", "Measure"), ("cell", "Stage"), ("cell", "Who decides"),
        ("cell", "Bail"), ("cell", "Pre-trial"), ("cell", "Court"),
        ("cell", "Probation"), ("cell", "Sentence"), ("cell", "Court"),
        ("item", "First bullet"), ("item", "Second bullet"), ("item", "Nested bullet"),
        ("item", "First step"), ("item", "Second step"),
        ("term", "Caution"), ("definition", "A definition of the term."),
        ("admonition-title", "Mind the gap"), ("paragraph", "An admonition body with a footnote.[^two]"),
        ("footnote", "The first footnote."), ("footnote", "The second footnote."),
    ]
    assert [s.section for s in segments][:3] == ["first-chapter", "first-chapter", "first-chapter"]
    assert segments[4].section == "tables-and-lists"


def test_image_alt_text_and_caption_are_separate_segments() -> None:
    segments = segment_markdown('# T {#t}\n\n![Alt text](media/x.svg "The caption")\n').segments
    assert [(s.kind, s.text) for s in segments] == [("heading", "T"), ("alt", "Alt text"), ("caption", "The caption")]


# --- Catalog files -------------------------------------------------------------------------------

def library(root: Path) -> Library:
    loaded, problems = load_library(root)
    assert loaded is not None and not problems
    return loaded


def translate_all(path: Path, lang: str) -> None:
    catalog = read_catalog(path, lang)
    for message in catalog:
        if message.id:
            message.string = f"[{lang}] {message.id}"
    write_catalog(path, catalog)



def total(catalog: Catalog) -> int:
    """translated + fuzzy + obsolete entries: what a merge must never lower."""
    return sum(1 for m in catalog if m.id and m.string) + len(catalog.obsolete)


def test_extract_and_update_are_deterministic(mini: Path) -> None:
    lib = library(mini)
    assert extract(lib) and update(lib)
    snapshot = {p: p.read_bytes() for p in (mini / "translations").rglob("*.po*")}
    assert len(snapshot) == 1 + 2 + 2 * 3  # 3 templates (alpha, beta, site), 2 languages (fr, ar)
    assert extract(lib) == [] and update(lib) == []
    assert {p: p.read_bytes() for p in (mini / "translations").rglob("*.po*")} == snapshot


def test_po_files_have_no_line_numbers_and_no_wrapping(mini: Path) -> None:
    lib = library(mini)
    update(lib)
    text = catalog_path(mini, "fr", "alpha").read_text(encoding="utf-8")
    assert "#: handbooks/alpha/01-first.md\n" in text
    assert not re.search(r"#: \S+:\d+", text)
    assert '"A paragraph with *emphasis*, **strong**, `code` and a [web link](https://example.org/). It cites a standard.[^one]"' in text


def test_editing_one_paragraph_changes_only_that_entry(mini: Path) -> None:
    lib = library(mini)
    update(lib)
    po = catalog_path(mini, "fr", "alpha")
    translate_all(po, "fr")
    before = po.read_text(encoding="utf-8").splitlines()
    edit(mini / "handbooks/alpha/01-first.md", "A derived id comes from the heading text.",
         "A derived id comes from the text of the heading.")
    update(library(mini))
    after = po.read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert sorted(changed) == sorted([
        '+#, fuzzy',
        '+#| msgid "A derived id comes from the heading text."',
        '-msgid "A derived id comes from the heading text."',
        '+msgid "A derived id comes from the text of the heading."',
    ])
    assert '[fr] A derived id comes from the heading text.' in "\n".join(after), "the old translation is kept"
    unchanged = catalog_path(mini, "fr", "beta")
    assert "[fr]" not in unchanged.read_text(encoding="utf-8")


def test_removed_segments_become_obsolete_and_come_back_translated(mini: Path) -> None:
    lib = library(mini)
    update(lib)
    po = catalog_path(mini, "fr", "alpha")
    translate_all(po, "fr")
    chapter = mini / "handbooks/alpha/02-second.md"
    original = chapter.read_text(encoding="utf-8")
    edit(chapter, "!!! tip \"A tip\"\n    Tips are green.\n\n", "")
    update(library(mini))
    catalog = read_catalog(po, "fr")
    assert "Tips are green." in catalog.obsolete and "Tips are green." not in catalog
    assert "#~ msgid \"Tips are green.\"" in po.read_text(encoding="utf-8")
    chapter.write_text(original, encoding="utf-8")
    update(library(mini))
    catalog = read_catalog(po, "fr")
    message = catalog.get("Tips are green.")
    assert message is not None and message.string == "[fr] Tips are green." and not message.fuzzy


def test_a_merge_never_lowers_translated_fuzzy_and_obsolete_entries(mini: Path) -> None:
    lib = library(mini)
    update(lib)
    po = catalog_path(mini, "fr", "alpha")
    translate_all(po, "fr")
    chapter = mini / "handbooks/alpha/01-first.md"
    edits = [
        ("A derived id comes from the heading text.", "A derived identifier comes from the heading."),
        ("- First bullet\n", ""),
        ("| Probation | Sentence | Court |\n", ""),
        ("1. First step", "1. The very first step"),
        ("[^one]: The first footnote.", "[^one]: The first and only footnote of this kind."),
        ("## Derived id from heading", "## Derived id from the heading"),
    ]
    previous = total(read_catalog(po, "fr"))
    for old, new in edits:
        edit(chapter, old, new)
        update(library(mini))
        current = total(read_catalog(po, "fr"))
        assert current >= previous, (old, new)
        previous = current


def test_status_reports_counts_per_handbook_and_language(mini: Path) -> None:
    lib = library(mini)
    update(lib)
    translate_all(catalog_path(mini, "fr", "beta"), "fr")
    result = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(mini), "i18n", "status", "--format", "markdown"],
                            capture_output=True, text=True, check=True)
    rows = {tuple(cell.strip() for cell in line.strip("|").split("|")[:2]): line for line in result.stdout.splitlines()}
    assert "| 100.0 |" in rows[("beta", "fr")] and "| 0.0 |" in rows[("beta", "ar")]
    assert result.stdout.startswith("| handbook | lang | translated |")


def test_fuzzy_entries_survive_another_update_unchanged(mini: Path) -> None:
    """Babel's read_po reads '#| msgid' as a translator comment; read_catalog must restore it."""
    update(library(mini))
    po = catalog_path(mini, "fr", "alpha")
    translate_all(po, "fr")
    edit(mini / "handbooks/alpha/01-first.md", "A derived id comes from the heading text.", "A derived id comes from the title.")
    update(library(mini))
    first = po.read_text(encoding="utf-8")
    assert '#| msgid "A derived id comes from the heading text."' in first
    assert update(library(mini)) == []
    assert po.read_text(encoding="utf-8") == first
    message = read_catalog(po, "fr").get("A derived id comes from the title.")
    assert message is not None and message.previous_id == ["A derived id comes from the heading text."] and not message.user_comments


def test_a_long_fuzzy_entry_keeps_its_whole_previous_text_through_updates(mini: Path) -> None:
    """Babel wraps a long '#| msgid' over several comment lines; reading must join them, or each update
    cut the old text shorter (and the catalogs never settle)."""
    old = "A derived id comes from the heading text."
    long_old = old.replace("text.", "text, " + "and from nothing else in the chapter, " * 3 + "as the writing guide explains.")
    edit(mini / "handbooks/alpha/01-first.md", old, long_old)
    update(library(mini))
    po = catalog_path(mini, "fr", "alpha")
    translate_all(po, "fr")
    long_new = long_old.replace("explains.", "describes.")
    edit(mini / "handbooks/alpha/01-first.md", long_old, long_new)
    update(library(mini))
    first = po.read_text(encoding="utf-8")
    assert update(library(mini)) == []
    assert po.read_text(encoding="utf-8") == first
    message = read_catalog(po, "fr").get(long_new)
    assert message is not None and message.previous_id == [long_old] and not message.user_comments
