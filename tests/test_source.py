"""Unit tests of the dialect parser and the section-id rule."""

from __future__ import annotations

import pytest

from build_tools.ids import slugify, split_heading
from build_tools.source import count_words, parse_chapter


@pytest.mark.parametrize(("heading", "expected"), [
    ("Health care in prison", "health-care-in-prison"),
    ("Pré-trial détention", "pre-trial-detention"),
    ("  What's next?  ", "what-s-next"),
    ("Rule 23 (b) — use of force", "rule-23-b-use-of-force"),
    ("السجون", ""),
])
def test_slugify_follows_the_documented_rule(heading: str, expected: str) -> None:
    assert slugify(heading) == expected


def test_slugify_is_idempotent() -> None:
    for text in ("Health care in prison", "A -- b", "x_y z"):
        assert slugify(slugify(text)) == slugify(text)


def test_split_heading_reads_an_explicit_id() -> None:
    assert split_heading("Pre-trial detention {#pretrial-detention}") == ("Pre-trial detention", "pretrial-detention")
    assert split_heading("No id here") == ("No id here", None)


def codes(text: str) -> list[str]:
    return [d.code for d in parse_chapter(text, "x.md").diagnostics]


def test_a_valid_chapter_has_no_diagnostics() -> None:
    text = "# Title {#title}\n\nText.[^a]\n\n## Section\n\n![Alt](media/x.svg \"Cap\")\n\n[^a]: Note.\n"
    parsed = parse_chapter(text, "x.md")
    assert parsed.diagnostics == ()
    assert [s.id for s in parsed.sections] == ["title", "section"]
    assert [s.explicit for s in parsed.sections] == [True, False]
    assert parsed.footnotes == 1
    assert parsed.images[0].alt == "Alt" and parsed.images[0].title == "Cap"


@pytest.mark.parametrize(("text", "code", "line"), [
    ("## Not a title\n", "chapter.no_title", 1),
    ("# A\n\n# B\n", "chapter.second_title", 3),
    ("# A\n\n##### Too deep\n", "section.too_deep", 3),
    ("# A\n\n## Bad {#Bad_Id}\n", "section.bad_id", 3),
    ("# A\n\n## السجون\n", "section.no_id", 3),
    ("# A\n\n<div>raw</div>\n", "markdown.raw_html", 3),
    ("# A\n\nText <b>bold</b>.\n", "markdown.raw_html", 3),
    ("# A\n\n<!-- hidden -->\n", "markdown.raw_html", 3),
    ("# A\n\n![](media/x.svg)\n", "image.no_alt", 3),
    ("# A\n\nSee ![Alt](media/x.svg) inline.\n", "image.not_alone", 3),
    ("# A\n\nSee [x](other.md).\n", "link.relative", 3),
    ("# A\n\nSee [x](ref:nohash).\n", "xref.syntax", 3),
    ("# A\n\nText[^a].\n", "footnote.undefined", 3),
    ("# A\n\nText.\n\n[^a]: Unused.\n", "footnote.unused", 5),
    ("# A\n\n!!! danger \"Boom\"\n    Body.\n", "markdown.admonition_type", 3),
    ("# A\n\n??? note \"Folded\"\n    Body.\n", "markdown.admonition_syntax", 3),
])
def test_each_construct_outside_the_dialect_is_reported_with_its_line(text: str, code: str, line: int) -> None:
    found = [(d.code, d.line) for d in parse_chapter(text, "x.md").diagnostics]
    assert (code, line) in found


def test_references_are_collected_with_their_line() -> None:
    parsed = parse_chapter("# A\n\nOne [x](ref:hb#sec).\n\nTwo [](ref:other#there).\n", "x.md")
    assert [(r.handbook, r.section, r.text, r.line) for r in parsed.references] == [
        ("hb", "sec", "x", 3), ("other", "there", "", 5)]


def test_word_count_ignores_markup_and_code() -> None:
    assert count_words("# Title {#title-id}\n\nTwo words [link text](https://example.org/a/b) `code here`\n") == 5
