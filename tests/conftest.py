"""Shared fixtures: fixture libraries copied to a temporary folder, built once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.pipeline import BuildOptions, BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def copy_fixture(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(FIXTURES / name, target)
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of the two-handbook fixture library."""
    return copy_fixture("mini", tmp_path)


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, BuildResult]]:
    """The fixture library built once with every format."""
    root = copy_fixture("mini", tmp_path_factory.mktemp("mini"))
    result = build(root, BuildOptions())
    yield root, result


@pytest.fixture(scope="session")
def library_built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real library, built end to end into a temporary site folder."""
    work = tmp_path_factory.mktemp("library")
    root = work / "repo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "site", "build", ".git", "*cache*", "tests"))
    return build(root, BuildOptions())


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, one per test module (tests/chromium.py)."""
    pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")
    from tests.chromium import launched

    with launched() as instance:
        yield instance
