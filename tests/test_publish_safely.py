"""A failed build exits non-zero, names the file and line, and leaves the previous site/ untouched."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.diagnostics import BuildFailed
from build_tools.pipeline import BuildOptions, build
from tests.helpers import edit, tree_digest

SITE_ONLY = BuildOptions(formats=("site",))



BREAKAGES: dict[str, tuple[Callable[[Path], object], str, str]] = {
    "bad YAML": (lambda r: edit(r / "handbooks/alpha/handbook.yml", "title: Alpha Handbook", "title: [Alpha"),
                 "yaml.syntax", "handbooks/alpha/handbook.yml:2"),
    "missing chapter file": (lambda r: (r / "handbooks/beta/01-only.md").unlink(),
                             "chapter.missing", "handbooks/beta/handbook.yml:12"),
    "duplicate section id": (lambda r: edit(r / "handbooks/alpha/02-second.md", "{#checklist}", "{#first-chapter}"),
                             "section.duplicate_id", "handbooks/alpha/02-second.md:7"),
    "missing image": (lambda r: (r / "handbooks/alpha/media/figure.svg").unlink(),
                      "image.missing", "handbooks/alpha/02-second.md:5"),
    "broken reference": (lambda r: edit(r / "handbooks/beta/01-only.md", "ref:alpha#first-chapter", "ref:alpha#gone"),
                         "xref.not_found", "handbooks/beta/01-only.md:3"),
    "broken link in a site page": (lambda r: (r / "docs/about.md").write_text("# About\n\nSee [the list](missing.md).\n"),
                                   "site.mkdocs", "missing.md"),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_a_broken_input_fails_the_build_and_keeps_the_old_site(mini: Path, name: str) -> None:
    break_it, code, where = BREAKAGES[name]
    build(mini, SITE_ONLY)
    site = mini / "site"
    before = tree_digest(site)
    break_it(mini)
    with pytest.raises(BuildFailed) as failed:
        build(mini, SITE_ONLY)
    formatted = [d.format() for d in failed.value.report.errors]
    assert any(code in line and where in line for line in formatted), formatted
    assert tree_digest(site) == before
    assert not list(mini.glob(".site.staging-*")), "the staging folder is removed"


def test_the_command_exits_non_zero_and_prints_file_and_line(mini: Path) -> None:
    edit(mini / "handbooks/alpha/02-second.md", "{#checklist}", "{#first-chapter}")
    result = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(mini), "build", "--format", "site"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "handbooks/alpha/02-second.md:7: error:" in result.stderr
    assert "section.duplicate_id" in result.stderr
    assert not (mini / "site").exists()


def test_all_problems_are_reported_together(mini: Path) -> None:
    edit(mini / "handbooks/alpha/02-second.md", "{#checklist}", "{#first-chapter}")
    (mini / "handbooks/alpha/media/figure.svg").unlink()
    edit(mini / "handbooks/beta/01-only.md", "ref:alpha#first-chapter", "ref:alpha#gone")
    with pytest.raises(BuildFailed) as failed:
        build(mini, SITE_ONLY)
    assert {d.code for d in failed.value.report.errors} == {"section.duplicate_id", "image.missing", "xref.not_found"}


def test_check_command_validates_without_writing(mini: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(mini), "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert not (mini / "site").exists() and not (mini / "build").exists()
