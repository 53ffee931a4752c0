"""Unit tests of handbook.yml and mkdocs.yml validation, and of cross-file checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.config import load_settings
from build_tools.diagnostics import Diagnostic
from build_tools.load import load_library
from build_tools.validate import validate_library
from tests.helpers import edit


def problems(root: Path) -> list[Diagnostic]:
    library, found = load_library(root)
    if library is not None:
        found += validate_library(library)
    return found


def test_the_fixture_library_is_valid(mini: Path) -> None:
    assert problems(mini) == []



@pytest.mark.parametrize(("old", "new", "code", "line", "words"), [
    ("edition: First edition", "edition: First edition\ncolour: blue", "handbook.unknown_key", 8, ["colour", "accepted keys", "edition"]),
    ("summary: A fixture handbook that uses each construct of the Markdown dialect once.\n", "", "handbook.missing_key", 1, ["summary"]),
    ("year: 2026", "year: soon", "handbook.bad_value", 8, ["year", "whole number"]),
    ("topics: [prison-reform]", "topics: [prisons]", "handbook.bad_value", 5, ["topics", "prisons", "prison-reform", "police-oversight"]),
    ("id: alpha", "id: gamma", "handbook.id_mismatch", 1, ["gamma", "alpha"]),
    ("  - 02-second.md", "  - 02-second.md\n  - 03-missing.md", "chapter.missing", 15, ["03-missing.md"]),
    ("title: Alpha Handbook", "title: [Alpha", "yaml.syntax", 0, ["YAML"]),
])
def test_handbook_yml_errors_name_file_line_key_and_accepted_values(
    mini: Path, old: str, new: str, code: str, line: int, words: list[str]
) -> None:
    edit(mini / "handbooks/alpha/handbook.yml", old, new)
    found = [d for d in problems(mini) if d.code == code]
    assert found, f"no {code} in {problems(mini)}"
    diagnostic = found[0]
    assert diagnostic.file == "handbooks/alpha/handbook.yml"
    if line:
        assert diagnostic.line == line
    else:
        assert diagnostic.line > 0
    for word in words:
        assert word in diagnostic.message


def test_a_chapter_file_not_listed_is_reported(mini: Path) -> None:
    (mini / "handbooks/beta/02-stray.md").write_text("# Stray\n", encoding="utf-8")
    assert [d.code for d in problems(mini)] == ["chapter.unlisted"]


def test_duplicate_section_ids_across_chapters_are_an_error(mini: Path) -> None:
    edit(mini / "handbooks/alpha/02-second.md", "## Checklist {#checklist}", "## Checklist {#tables-and-lists}")
    found = problems(mini)
    assert [(d.code, d.file, d.line) for d in found] == [("section.duplicate_id", "handbooks/alpha/02-second.md", 7)]
    assert "handbooks/alpha/01-first.md:10" in found[0].message


def test_a_derived_id_is_checked_for_duplicates_too(mini: Path) -> None:
    edit(mini / "handbooks/alpha/02-second.md", "## Checklist {#checklist}", "## Derived id from heading")
    assert [d.code for d in problems(mini)] == ["section.duplicate_id"]


@pytest.mark.parametrize(("old", "new", "code"), [
    ("ref:beta#beta-section", "ref:gamma#beta-section", "xref.unknown_handbook"),
    ("ref:beta#beta-section", "ref:beta#nowhere", "xref.not_found"),
    ("media/figure.svg", "media/missing.svg", "image.missing"),
    ("media/figure.svg", "../figure.svg", "image.outside_media"),
])
def test_cross_file_errors(mini: Path, old: str, new: str, code: str) -> None:
    edit(mini / "handbooks/alpha/02-second.md", old, new)
    found = problems(mini)
    assert [(d.code, d.file, d.line) for d in found] == [(code, "handbooks/alpha/02-second.md", 3 if "ref" in old else 5)]


@pytest.mark.parametrize(("old", "new", "words"), [
    ("paper: a4", "paper: a5", ["library.pdf.paper", "a4", "us-letter"]),
    ("formats: [site, pdf, epub]", "formats: [site, html]", ["library.formats", "html", "site, pdf, epub"]),
    ("site_url: https://mini.example.org/", "site_url: mini.example.org", ["site_url", "http"]),
    ("library:", "libary:", ["libary"]),
])
def test_mkdocs_yml_library_settings_are_validated(mini: Path, old: str, new: str, words: list[str]) -> None:
    edit(mini / "mkdocs.yml", old, new)
    settings, found = load_settings(mini)
    assert settings is None
    text = " ".join(d.format() for d in found)
    for word in words:
        assert word in text
    assert all(d.file == "mkdocs.yml" and d.line > 0 for d in found)


def test_every_diagnostic_code_is_documented() -> None:
    import re

    from tests.conftest import ROOT

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "build_tools").glob("*.py"))
    codes = set(re.findall(r'(?:error|warning)\([^)]*?"([a-z]+\.[a-z_]+)"', source, re.DOTALL))
    codes |= {f"{prefix}.{kind}" for prefix in ("handbook", "config")
              for kind in re.findall(r'f"\{code_prefix\}\.([a-z_]+)"', source)}
    assert len(codes) > 30
    documented = (ROOT / "docs/contribute/diagnostics.md").read_text(encoding="utf-8")
    assert sorted(c for c in codes if f"`{c}`" not in documented) == []
