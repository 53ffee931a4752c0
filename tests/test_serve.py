"""`serve`: the live preview rebuilds when a handbook file changes, and serves the new page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:  # not up yet, refused, reset, or slow to answer on a busy machine (TimeoutError): poll again
        return ""


def wait_for(url: str, text: str, limit: float = 90) -> bool:
    """Polls until the page contains ``text``; the limit only bounds a hung server, it is not a speed target."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_an_edit_under_handbooks_shows_in_the_preview(mini: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "build_tools", "--root", str(mini), "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/en/beta/01-only.html"
        assert wait_for(url, "Text of the section."), "the preview starts"
        chapter = mini / "handbooks/beta/01-only.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("Text of the section.", "Freshly edited text."),
                           encoding="utf-8")
        assert wait_for(url, "Freshly edited text."), "the edit reaches the preview"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_can_preview_one_language(mini: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "build_tools", "--root", str(mini), "serve", "--port", str(port), "--lang", "ar"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/ar/beta/01-only.html", 'lang="ar" dir="rtl"')
        assert "Text of the section." in fetch(f"http://127.0.0.1:{port}/ar/beta/01-only.html")
        assert fetch(f"http://127.0.0.1:{port}/en/beta/01-only.html") == "", "only the chosen language is built"
    finally:
        process.terminate()
        process.wait(timeout=20)
