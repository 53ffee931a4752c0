"""Errors that point at the cause: one root cause gives one error, at the line of the offending value;
duplicate YAML keys, byte-order marks and PO files of languages the library is not translated into."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from build_tools.catalogs import read_catalog
from build_tools.load import load_library
from build_tools.pipeline import check_sources
from tests.helpers import edit

STANDARDS = "handbooks/standards.yml"
GLOSSARY = "handbooks/glossary.yml"


def found(root: Path) -> list[tuple[str, str, int]]:
    """(code, file, line) of every diagnostic of `check`, errors and warnings, sorted."""
    return [(d.code, d.file, d.line) for d in check_sources(root)]


def messages(root: Path) -> str:
    return "\n".join(d.format() for d in check_sources(root))


# 1. One root cause gives one error.

def test_a_yaml_typo_in_the_standards_registry_is_one_error_not_one_per_citation(mini: Path) -> None:
    edit(mini / STANDARDS, "    year: 2015\n", "    year: 2015\n   bad: [\n")  # mini cites two standards on one line
    assert [(code, file) for code, file, _ in found(mini)] == [("yaml.syntax", STANDARDS)]  # was 3 errors


def test_a_standard_left_out_for_its_own_error_is_not_also_unknown_where_cited(mini: Path) -> None:
    edit(mini / STANDARDS, "    year: 2015", "    year: twenty-fifteen")
    assert found(mini) == [("standards.bad_value", STANDARDS, 17)]


def test_a_citation_of_a_standard_that_does_not_exist_is_still_an_error(mini: Path) -> None:
    edit(mini / STANDARDS, "    year: 2015", "    year: twenty-fifteen")
    edit(mini / "handbooks/alpha/02-second.md", "std:mandela-rules#rule-24", "std:nelson-rules#rule-24")
    assert found(mini) == [("xref.unknown_standard", "handbooks/alpha/02-second.md", 20),
                           ("standards.bad_value", STANDARDS, 17)]


def test_a_chapter_that_is_not_utf8_is_one_error_at_the_line_of_the_first_bad_byte(mini: Path) -> None:
    chapter = mini / "handbooks/alpha/01-first.md"  # handbook beta links to its first section
    chapter.write_bytes(chapter.read_bytes().replace(b"A derived id comes", b"A d\xe9rived id comes"))
    assert found(mini) == [("chapter.encoding", "handbooks/alpha/01-first.md", 8)]
    assert "0xe9" in messages(mini)


def test_a_chapter_in_another_encoding_altogether_is_one_error(mini: Path) -> None:
    chapter = mini / "handbooks/alpha/01-first.md"
    chapter.write_bytes(chapter.read_text(encoding="utf-8").encode("utf-16"))  # starts with bytes FF FE
    assert found(mini) == [("chapter.encoding", "handbooks/alpha/01-first.md", 1)]


# 2. Configuration errors name the line of the offending value.

@pytest.mark.parametrize(("old", "new", "code", "line"), [
    ("formats: [site, pdf, epub]", "formats: [site, html]", "config.bad_value", 17),
    ("    paper: a4", "    paper: a5", "config.bad_value", 20),
    ("    standard: ua-1", "    standard: ua-1\n    colour: blue", "config.unknown_key", 22),
    ("  languages: [en, fr, ar]\n", "", "config.missing_key", 16),  # a missing key: at its mapping, library:
    ("  languages: [en, fr, ar]", "  languages:\n    - en\n    - fr\n    - de", "config.bad_value", 21),  # the item
    ("  languages: [en, fr, ar]", "  languages: [en, fr, ar]\n  edition_threshold:\n    default: 1\n    fr: 2",
     "config.bad_value", 21),
])
def test_mkdocs_yml_errors_name_the_line_of_the_value(mini: Path, old: str, new: str, code: str, line: int) -> None:
    edit(mini / "mkdocs.yml", old, new)
    assert found(mini) == [(code, "mkdocs.yml", line)]


def test_a_standard_name_error_names_the_line_of_that_language(mini: Path) -> None:
    edit(mini / STANDARDS, 'short: "Reglas Nelson Mandela", provision: "regla"}', 'short: "Reglas Nelson Mandela", provision: 3}')
    assert found(mini) == [("standards.bad_value", STANDARDS, 25)]


def test_a_missing_chapter_is_reported_at_its_item_in_a_flow_list(mini: Path) -> None:
    edit(mini / "handbooks/alpha/handbook.yml", "chapters:\n  - 01-first.md\n  - 02-second.md",
         "chapters: [01-first.md, 02-second.md,\n  03-missing.md]")
    assert found(mini) == [("chapter.missing", "handbooks/alpha/handbook.yml", 13)]


# 3. Duplicate YAML keys.

def test_a_key_written_twice_is_an_error_at_the_second_naming_the_first(mini: Path) -> None:
    edit(mini / "mkdocs.yml", "    standard: ua-1", "    standard: ua-1\n    paper: us-letter")
    assert found(mini) == [("yaml.duplicate_key", "mkdocs.yml", 22)]
    assert "'paper'" in messages(mini) and "first at line 20" in messages(mini)


def test_a_key_written_twice_in_a_registry_entry_is_one_error(mini: Path) -> None:
    edit(mini / STANDARDS, "    year: 2015", "    year: 2015\n    year: 2016")
    assert found(mini) == [("yaml.duplicate_key", STANDARDS, 18)]


def test_a_key_written_twice_in_handbook_yml(mini: Path) -> None:
    edit(mini / "handbooks/alpha/handbook.yml", "year: 2026", "year: 2026\ntitle: Another title")
    assert found(mini) == [("yaml.duplicate_key", "handbooks/alpha/handbook.yml", 9)]


# 4. A byte-order mark at the start of a file is accepted.

@pytest.mark.parametrize("name", ["mkdocs.yml", "handbooks/alpha/handbook.yml", STANDARDS, GLOSSARY,
                                  "handbooks/alpha/01-first.md", "docs/index.md"])
def test_a_byte_order_mark_is_accepted(mini: Path, name: str) -> None:
    before, _ = load_library(mini)
    path = mini / name
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    after, _ = load_library(mini)
    assert found(mini) == []
    assert before == after


def test_a_byte_order_mark_in_a_po_file_is_accepted(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = mini / "alpha.po"
    po.write_text('# French translation of alpha.\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Alpha Handbook"\nmsgstr "Manuel Alpha"\n', encoding="utf-8")
    plain = read_catalog(po, "fr")
    po.write_bytes(codecs.BOM_UTF8 + po.read_bytes())
    with_bom = read_catalog(po, "fr")
    assert capsys.readouterr().out == ""  # Babel warned "Unknown or misformatted keyword" on line 1
    assert with_bom.header_comment == plain.header_comment and "French translation of alpha" in with_bom.header_comment
    assert [(m.id, m.string) for m in with_bom] == [(m.id, m.string) for m in plain]


# 5. A duplicate glossary id.

def test_a_duplicate_glossary_id_is_reported_at_the_duplicate_naming_the_first(mini: Path) -> None:
    edit(mini / GLOSSARY, "  - id: web-link", "  - id: bail")
    assert found(mini) == [("glossary.duplicate_id", GLOSSARY, 28)]
    assert "already used at line 4" in messages(mini)


# 6. PO files of a language the library is not translated into.

def test_a_po_file_of_a_language_not_configured_is_a_warning_naming_it(mini: Path) -> None:
    po = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Alpha Handbook"\nmsgstr "Handbuch Alpha"\n'
    for lang in ("fr", "de"):
        (mini / "translations" / lang).mkdir(parents=True)
        (mini / "translations" / lang / "alpha.po").write_text(po, encoding="utf-8")
    shutil.copytree(mini / "translations/de", mini / "translations/en")
    assert found(mini) == [("translation.unknown_language", "translations/de/alpha.po", 0),
                           ("translation.unknown_language", "translations/en/alpha.po", 0)]
    report = check_sources(mini)
    assert not report.errors and "'de'" in messages(mini) and "library.languages" in messages(mini)
