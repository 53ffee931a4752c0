"""Debian's Chromium for the browser tests and the bench, driven by Playwright (its own browser download
does not work here): one place for the binary and the flags."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@contextmanager
def launched() -> Iterator[object]:
    """A headless Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is installed by build_tools/setup/install-system-deps.sh (make test)"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()
