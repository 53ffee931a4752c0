"""A failed build exits non-zero, names the file and line, and leaves the previous site/ untouched."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.diagnostics import BuildFailed
from build_tools.pipeline import BuildOptions, build
from build_tools.publish import exchange, staging_dir, swap, swap_by_renames
from tests.helpers import descendants, edit, still_running, tree_digest

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


# --- Publishing: the new site replaces site/ in one step ----------------------------------------

def _tree(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_swap_leaves_exactly_the_new_tree_at_site_and_removes_the_old(tmp_path: Path) -> None:
    site = _tree(tmp_path / "site", {"index.html": "old", "gone/page.html": "old page"})
    staging = _tree(staging_dir(site), {"index.html": "new", "en/index.html": "new page"})
    new = tree_digest(staging)
    swap(staging, site)
    assert tree_digest(site) == new
    assert not (site / "gone").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "neither the staging folder nor the old tree is left"


def test_the_first_swap_renames_the_staging_folder_into_place(tmp_path: Path) -> None:
    staging = _tree(staging_dir(tmp_path / "site"), {"index.html": "new"})
    swap(staging, tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_renameat2_exchanges_two_folders_here(tmp_path: Path) -> None:
    """The exchange itself works on this machine's file system: swap() does not silently fall back."""
    a, b = _tree(tmp_path / "a", {"a.txt": "a"}), _tree(tmp_path / "b", {"b.txt": "b"})
    exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["b.txt"] and [p.name for p in b.iterdir()] == ["a.txt"]


def test_a_failed_swap_leaves_the_old_site_byte_identical(tmp_path: Path) -> None:
    """The exchange fails (here: the staging folder is gone); site/ must still be there, untouched —
    with two renames it had already been moved aside."""
    site = _tree(tmp_path / "site", {"index.html": "old", "en/page.html": "old page"})
    before = tree_digest(site)
    staging = staging_dir(site)
    staging.rmdir()
    with pytest.raises(FileNotFoundError):
        swap(staging, site)
    assert tree_digest(site) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_the_fallback_without_an_exchange_keeps_the_old_site_until_the_new_one_is_in_place(tmp_path: Path) -> None:
    """Where renameat2 cannot exchange (another file system, an old kernel), two renames; when the second
    fails, the old site is renamed back."""
    site = _tree(tmp_path / "site", {"index.html": "old"})
    before = tree_digest(site)
    staging = staging_dir(site)
    staging.rmdir()
    with pytest.raises(FileNotFoundError):
        swap_by_renames(staging, site)
    assert tree_digest(site) == before
    staging = _tree(staging_dir(site), {"index.html": "new"})
    new = tree_digest(staging)
    swap_by_renames(staging, site)
    assert tree_digest(site) == new
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


# --- What killed builds left behind, and two builds at once ---------------------------------------

def test_a_build_removes_the_staging_folders_of_killed_builds(mini: Path) -> None:
    _tree(mini / "site", {"index.html": "old"})
    stale = [_tree(mini / ".site.staging-killed1", {"index.html": "half"}), _tree(mini / ".site.old", {"index.html": "older"})]
    build(mini, SITE_ONLY)
    assert not [p for p in stale if p.exists()]
    assert not list(mini.glob(".site.staging-*"))
    assert "Mini Library" in (mini / "site/index.html").read_text(encoding="utf-8")


def test_an_old_site_left_by_a_killed_fallback_swap_comes_back(mini: Path) -> None:
    """Killed between the fallback's two renames: no site/, the old one in .site.old. The next build
    puts it back first, so that even a failed build leaves the reader a site."""
    old = _tree(mini / ".site.old", {"index.html": "old", "en/page.html": "old page"})
    before = tree_digest(old)
    edit(mini / "handbooks/alpha/02-second.md", "{#checklist}", "{#first-chapter}")
    with pytest.raises(BuildFailed):
        build(mini, SITE_ONLY)
    assert tree_digest(mini / "site") == before
    assert not old.exists()


HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from build_tools.publish import lock
with lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_second_build_of_the_same_site_fails_at_once_and_leaves_the_first_ones_staging_folder(mini: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(mini / "site")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        theirs = _tree(mini / ".site.staging-running", {"index.html": "being built"})
        with pytest.raises(BuildFailed) as failed:
            build(mini, SITE_ONLY)
        [locked] = failed.value.report.errors
        assert locked.code == "publish.locked" and locked.file == ".site.lock"
        assert f"process {holder.pid}" in locked.message
        assert theirs.exists() and not (mini / "site").exists()
        command = subprocess.run([sys.executable, "-m", "build_tools", "--root", str(mini), "build", "--format", "site"],
                                 capture_output=True, text=True, check=False)
        assert command.returncode == 1
        assert "[publish.locked]" in command.stderr and "Traceback" not in command.stderr
    finally:
        holder.kill()
        holder.wait()
    build(mini, SITE_ONLY)  # the lock ends with the process that held it
    assert not theirs.exists()


def test_site_and_everything_in_it_is_readable_by_a_web_server(mini: Path) -> None:
    """Directories 0755, files 0644, whatever the umask of the build (here 077) — and site/ itself,
    which began as a private temporary folder (mkdtemp makes 0700)."""
    umask = os.umask(0o077)
    try:
        build(mini, SITE_ONLY)
    finally:
        os.umask(umask)
    site = mini / "site"
    modes = {p: stat.S_IMODE(p.lstat().st_mode) for p in [site, *site.rglob("*")]}
    assert {oct(m) for p, m in modes.items() if p.is_dir()} == {"0o755"}
    assert {oct(m) for p, m in modes.items() if p.is_file()} == {"0o644"}
    assert len(modes) > 100


# --- Interrupted builds: no child process outlives the build ---------------------------------------

def _start_build(mini: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "build_tools", "--root", str(mini), "build", "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_child(build: subprocess.Popen[str], name: str, limit: float = 180) -> dict[int, tuple[str, int]]:
    """Polls /proc until the build runs a process called ``name``; returns all its descendants then."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and build.poll() is None:
        found = descendants(build.pid)
        if any(n == name for n, _ in found.values()):
            return found
        time.sleep(0.05)
    raise AssertionError(f"the build never ran {name} (exit status {build.poll()})")


@pytest.mark.parametrize(("signum", "status", "said"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
                         ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_stops_its_children_and_exits_cleanly(mini: Path, signum: signal.Signals, status: int, said: str) -> None:
    """Interrupted while EPUBCheck runs (two JVMs from a thread pool): the build ends within seconds,
    every process it started ends with it, and it says so in one line — no traceback — with exit
    status 128 + the signal's number, site/ unchanged and no staging folder left."""
    site = _tree(mini / "site", {"index.html": "the previous site", "en/index.html": "its English home"})
    for _attempt in range(3):  # the signal goes once a JVM is seen; on a busy machine the build may end first
        before = tree_digest(site)
        build = _start_build(mini, "--format", "epub", "--lang", "en")
        children: dict[int, tuple[str, int]] = {}
        try:
            children = _wait_for_child(build, "java")
            build.send_signal(signum)
            try:
                _, stderr = build.communicate(timeout=60)  # seconds when all is well; a bound for a busy machine
            except subprocess.TimeoutExpired:
                pytest.fail(f"the build still ran 60 s after {signum.name}; its children: {still_running(descendants(build.pid))}")
            left = still_running(children)
        finally:
            for pid in [build.pid, *children]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            build.communicate()
        if build.returncode == 0 and stderr.startswith("Built"):
            continue  # the build was over before the signal reached it: not what this test is about
        assert left == {}, f"left running after {signum.name}"
        assert (build.returncode, stderr) == (status, f"{said}; site/ unchanged\n")
        assert tree_digest(site) == before
        assert sorted(p.name for p in mini.glob(".site*")) == [".site.lock"], "no staging folder is left"
        return
    pytest.fail("three builds were over before the signal reached them")


SIGNAL_ON_ANOTHER_THREAD = """
import os, signal, sys, threading, time
from pathlib import Path
from build_tools.check import check_epubs
from build_tools.pandoc import run_pandoc
from tests.helpers import descendants

folder = Path(sys.argv[1])
run_pandoc("# A book\\n\\nSome text.\\n", ["--to", "epub3", "--output", "book.epub", "--metadata", "title=A book"], folder, 0)

def interrupt_from_this_thread():
    while not any(name == "java" for name, _ in descendants(os.getpid()).values()):
        time.sleep(0.05)
    print("java", flush=True)
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

threading.Thread(target=interrupt_from_this_thread, daemon=True).start()
try:
    check_epubs([folder / "book.epub"] * 200, folder)
except KeyboardInterrupt:
    sys.exit("interrupted")
sys.exit("finished")
"""


def test_a_signal_taken_by_another_thread_still_stops_epubcheck_at_once(tmp_path: Path) -> None:
    """The kernel gives a process's signal to any of its threads that does not block it (a worker that
    has just started a JVM and restores its signal mask, say); the main thread must still notice it
    at once, not when the JVMs it waits for are done. Here the signal is sent to a thread other than
    the main one on purpose, while two JVMs check 100 books each."""
    check = subprocess.Popen([sys.executable, "-c", SIGNAL_ON_ANOTHER_THREAD, str(tmp_path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    children: dict[int, tuple[str, int]] = {}
    try:
        assert check.stdout is not None and check.stdout.readline() == "java\n"
        children = descendants(check.pid)
        try:
            _, stderr = check.communicate(timeout=60)  # seconds when all is well; a bound for a busy machine
        except subprocess.TimeoutExpired:
            pytest.fail("EPUBCheck went on for 60 s after the interrupt")
        assert stderr.endswith("interrupted\n")
        assert still_running(children) == {}
    finally:
        for pid in [check.pid, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        check.communicate()
