"""Reproducible builds: the build's date comes from SOURCE_DATE_EPOCH, else git, never the clock."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.__main__ import main
from build_tools.pipeline import DEFAULT_EPOCH, source_date_epoch
from tests.conftest import FIXTURES


def test_source_date_epoch_comes_from_the_environment_then_git_then_the_default(tmp_path: Path) -> None:
    root = shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    assert source_date_epoch(root, {}) == DEFAULT_EPOCH, "not a git checkout"
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": "1234"}) == 1234
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": ""}) == DEFAULT_EPOCH, "empty is unset"

    def git(*args: str) -> None:
        env = {**os.environ, "GIT_COMMITTER_DATE": "@1600000000 +0200", "GIT_AUTHOR_DATE": "@1500000000 +0000"}
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=root, env=env,
                       check=True, capture_output=True)

    git("init", "-q")
    assert source_date_epoch(root, {}) == DEFAULT_EPOCH, "nothing committed yet"
    git("add", "-A")
    git("commit", "-q", "-m", "library")
    assert source_date_epoch(root, {}) == 1600000000, "the last commit's date"
    assert source_date_epoch(root, {"SOURCE_DATE_EPOCH": "1234"}) == 1234, "the environment wins"
    outer = tmp_path / "outer"
    shutil.copytree(root, outer / "untracked" / "library", ignore=shutil.ignore_patterns(".git"))
    shutil.move(root / ".git", outer / ".git")
    assert source_date_epoch(outer / "untracked" / "library", {}) == DEFAULT_EPOCH, "a folder the repository does not track"


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5e9", " 12"])
def test_a_malformed_source_date_epoch_stops_the_build(value: str, mini: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(mini), "build"])
    assert stopped.value.code == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
    assert not (mini / "site").exists()
