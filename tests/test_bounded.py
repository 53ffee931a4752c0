"""Bounded and never a traceback: limits on what contributors and translators write (build_tools/limits.py),
time budgets for the external tools, and diagnostics instead of tracebacks for bad files and full or
read-only disks. Each input here once hung the build or printed a traceback (measured in the commits)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from build_tools.__main__ import main
from build_tools.catalogs import read_catalog_checked
from build_tools.diagnostics import BuildFailed, Diagnostic
from build_tools.limits import MAX_BLOCK_CHARS, MAX_DEPTH, OverBudget, text_problems, within_budget
from build_tools.pandoc import PandocError, run_pandoc
from build_tools.pipeline import BuildOptions, build, check_sources

CHAPTER = "handbooks/alpha/01-first.md"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _with_chapter(root: Path, body: str) -> None:
    path = root / CHAPTER
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")


def _codes(diagnostics: list[Diagnostic]) -> dict[str, Diagnostic]:
    return {d.code: d for d in diagnostics}


def _checked(root: Path, seconds: float = 5.0) -> dict[str, Diagnostic]:
    start = time.perf_counter()
    report = check_sources(root)
    assert time.perf_counter() - start < seconds, "check is bounded: it must not give the input to a slow parser"
    return _codes(report.errors)


def _line_of(root: Path, needle: str) -> int:
    lines = (root / CHAPTER).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


# Each of these passed `check` and then hung the site build (Python-Markdown: 50,000 '[' take hours) or
# crashed it (RecursionError in Python-Markdown at 1,000 nested list levels or 2,000 '_' in a row).
@pytest.mark.parametrize(("body", "code", "needle"), [
    ("Intro.\n\n" + "[" * 50_000, "markdown.bracket_run", "[[["),
    ("Intro.\n\n" + "<a " * 5_000, "markdown.bracket_run", "<a <a"),
    ("Intro.\n\n" + "_" * 2_000 + "a" + "_" * 2_000, "markdown.bracket_run", "___"),
    ("Intro.\n\n" + "> " * 10_000 + "deep", "markdown.too_deep", "> > >"),
    ("Intro.\n\n" + "".join("    " * i + f"- level {i}\n" for i in range(200)), "markdown.too_deep", f"- level {MAX_DEPTH}"),
    ("Intro.\n\n" + "".join("    " * i + "!!! note\n" for i in range(200)), "markdown.too_deep", "!!! note"),
    ("Intro.\n\n" + "word " * 10_000, "segment.too_long", "word word"),
])
def test_chapter_past_a_limit_is_a_diagnostic_at_its_line(mini: Path, body: str, code: str, needle: str) -> None:
    _with_chapter(mini, body)
    found = _checked(mini)
    assert code in found, found
    assert found[code].file == CHAPTER
    # the first line too deep: one marker, plus one level per 4 columns of indentation
    assert found[code].line == _line_of(mini, needle) + (MAX_DEPTH if needle == "!!! note" else 0)


def test_real_sized_text_is_far_within_the_limits() -> None:
    nested = "".join("    " * i + "- item\n" for i in range(4))
    text = "# Title\n\n" + "A [link](https://example.org) and <b>. " * 100 + "\n\n" + nested + "\n> quote\n"
    assert text_problems(text, "x.md") == []
    assert len("A [link](https://example.org) and <b>. " * 100) < MAX_BLOCK_CHARS


def test_site_page_past_a_limit_is_a_diagnostic(mini: Path) -> None:
    (mini / "docs" / "deep.md").write_text("# Deep\n\n" + "> " * 10_000 + "x\n", encoding="utf-8")
    found = _checked(mini)
    assert found["markdown.too_deep"].file == "docs/deep.md"
    assert found["markdown.too_deep"].line == 3


def test_translation_past_a_limit_is_a_diagnostic_with_the_po_line(mini: Path) -> None:
    """msgstr is untrusted too: 50,000 '[a](' took i18n check's link pattern hours (2,000: 23 s)."""
    po = mini / "translations" / "fr" / "alpha.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + 'msgid "Alpha"\nmsgstr "Alpha"\n\nmsgid "First"\nmsgstr "' + "[a](" * 50_000 + '"\n', encoding="utf-8")
    found = _checked(mini)
    assert (found["markdown.bracket_run"].file, found["markdown.bracket_run"].line) == ("translations/fr/alpha.po", 8)  # the entry's msgid line
    start = time.perf_counter()
    assert main(["--root", str(mini), "i18n", "check"]) == 1
    assert time.perf_counter() - start < 5


def test_chapter_not_utf8_names_the_line(mini: Path) -> None:
    path = mini / CHAPTER
    path.write_bytes(path.read_bytes() + b"\nfine\ncaf\xe9\n")
    found = _checked(mini)
    assert found["chapter.encoding"].line == len(path.read_bytes().splitlines())


def test_catalog_not_utf8_is_a_diagnostic_not_a_traceback(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: UnicodeDecodeError from Babel's read_po out of `check` and `build`."""
    po = mini / "translations" / "fr" / "alpha.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(HEADER.encode() + b'msgid "Alpha"\nmsgstr "\xff\xfe"\n')
    found = _checked(mini)
    assert (found["po.encoding"].file, found["po.encoding"].line) == ("translations/fr/alpha.po", 6)
    assert main(["--root", str(mini), "build", "--format", "site", "--quiet"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_unreadable_page_is_a_diagnostic(mini: Path) -> None:
    """Was: IsADirectoryError from load_pages for a folder named like a page."""
    (mini / "docs" / "notes.md").mkdir()
    found = _checked(mini)
    assert found["page.unreadable"].file == "docs/notes.md"


def test_oversized_catalog_is_refused_before_reading(tmp_path: Path) -> None:
    po = tmp_path / "big.po"
    with po.open("wb") as handle:
        handle.truncate(20_000_001)  # sparse: no disk used
    catalog, problems = read_catalog_checked(po, "big.po")
    assert catalog is None and [p.code for p in problems] == ["po.too_long"]


def test_output_folder_that_cannot_be_written_is_a_diagnostic(mini: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Was: FileExistsError / NotADirectoryError traceback (read-only and full disks: OSError the same way)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(mini, BuildOptions(formats=("site",), languages=("en",), site_dir=blocker / "site"))
    assert [d.code for d in failed.value.report.errors] == ["output.write"]
    assert main(["--root", str(mini), "build", "--format", "site", "--lang", "en", "--site-dir", str(blocker / "site")]) == 1
    assert "Traceback" not in capsys.readouterr().err


def _tmpfs(path: Path, options: str) -> bool:
    path.mkdir()
    return shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, check=False).returncode == 0


@pytest.mark.parametrize("options", ["size=1m", "ro,size=1m"], ids=["disk-full", "read-only"])
def test_full_or_read_only_disk_is_a_diagnostic(mini: Path, tmp_path: Path, options: str) -> None:
    mount = tmp_path / "disk"
    if not _tmpfs(mount, options):
        pytest.skip("mounting a small file system needs root")
    try:
        with pytest.raises(BuildFailed) as failed:
            build(mini, BuildOptions(formats=("site",), languages=("en",), site_dir=mount / "site"))
        problem = failed.value.report.errors[-1]
        assert problem.code == "output.write" and problem.file.startswith(str(mount))
        assert not (mount / "site").exists()
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_pandoc_past_its_budget_is_stopped(tmp_path: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(PandocError, match="budget"):
        run_pandoc("# Title\n", ["--from", "commonmark", "--to", "typst"], tmp_path, 0, budget=0.001)
    assert time.perf_counter() - start < 5


def test_in_process_call_past_its_budget_is_abandoned() -> None:
    start = time.perf_counter()
    with pytest.raises(OverBudget):
        within_budget(0.2, lambda: time.sleep(5))
    assert time.perf_counter() - start < 1
    assert within_budget(5, lambda: 42) == 42
    with pytest.raises(ValueError, match="boom"):
        within_budget(5, lambda: int("boom"))
