"""Running pandoc: the binary shipped by pypandoc-binary, called with an explicit environment.

Calling the binary directly (rather than pypandoc.convert_text) lets every call carry its own
SOURCE_DATE_EPOCH without touching this process's environment.
"""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

import pypandoc

PANDOC_BUDGET = 300.0
"""Seconds one pandoc run may take: the longest handbook takes about 1 s; inputs within build_tools/limits.py
stay far below. Past it the run is stopped and the edition gets a diagnostic instead of hanging the build."""


class PandocError(RuntimeError):
    pass


@cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


def run_pandoc(markdown: str, args: list[str], cwd: Path, epoch: int, budget: float = PANDOC_BUDGET) -> None:
    """Raises PandocError when pandoc fails or runs longer than ``budget`` seconds (then it is killed)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    try:
        result = subprocess.run([pandoc_path(), *args], input=markdown.encode("utf-8"), cwd=cwd, env=env,
                                capture_output=True, check=False, timeout=budget)
    except subprocess.TimeoutExpired:
        raise PandocError(f"pandoc ran longer than its budget of {budget:g} s and was stopped") from None
    if result.returncode != 0:
        raise PandocError(result.stderr.decode("utf-8", "replace").strip())
