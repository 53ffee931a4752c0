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


class PandocError(RuntimeError):
    pass


@cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


def run_pandoc(markdown: str, args: list[str], cwd: Path, epoch: int) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run([pandoc_path(), *args], input=markdown.encode("utf-8"), cwd=cwd, env=env,
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise PandocError(result.stderr.decode("utf-8", "replace").strip())
