"""The build, in stage order: load → validate → resolve → translate (read catalogs) → render editions →
render site → index search → check → publish. Everything is read and resolved before anything is written, and the output
replaces site/ only when every check passed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .check import check_epubs, check_links, page_weights
from .diagnostics import BuildFailed, Diagnostic, Report, error
from .edition_source import prepare, translated_share
from .epub import render_epub
from .load import checkable, load_library
from .model import Edition, Handbook, Library
from .pdf import render_pdf
from .progress import Progress
from .publish import Locked, clean_stale, discard, lock, make_readable, staging_dir, swap
from .resolve import LinkTable, link_table
from .sanitise import audit_output
from .search_index import SearchIndex, write_search
from .site import render_site
from .translate import Catalogs, load_catalogs
from .validate import validate_library, validate_translations

DEFAULT_EPOCH = 1767225600
"""2026-01-01T00:00:00Z: the build's date when neither SOURCE_DATE_EPOCH nor git gives one."""


def source_date_epoch(root: Path, environ: Mapping[str, str] = os.environ) -> int:
    """The date every output carries (PDF and EPUB dates, sitemap lastmod, gzip and zip timestamps),
    in seconds since 1970: SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
    when set, else the date of the last commit when ``root`` is a git checkout that tracks the library,
    else DEFAULT_EPOCH. Never the clock: two builds of one commit are byte-identical, on any day.

    Raises ValueError when SOURCE_DATE_EPOCH is set to something other than a whole number of seconds."""
    value = environ.get("SOURCE_DATE_EPOCH", "")
    if value:
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError(f"SOURCE_DATE_EPOCH={value!r}: not a whole number of seconds since 1970-01-01 UTC")
        return int(value)
    return _last_commit_date(root) or DEFAULT_EPOCH


def _last_commit_date(root: Path) -> int | None:
    """The committer date of HEAD (the same in every clone of the commit, shallow or not), when the
    repository tracks this library's mkdocs.yml: a library copied into an unrelated repository's
    folder does not take that repository's date."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        except OSError:  # no git
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if git("ls-files", "--error-unmatch", "--", "mkdocs.yml") is None:
        return None
    date = git("log", "-1", "--format=%ct")
    return int(date) if date and date.isdigit() else None


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = ()
    """Outputs to build; empty means the ``library.formats`` setting of mkdocs.yml."""
    handbooks: tuple[str, ...] = ()
    """Handbook ids to build; empty means all. Every handbook is still read and validated."""
    site_dir: Path | None = None
    """Where the result is published; default <root>/site."""
    epoch: int | None = None
    """The build's date in seconds since 1970; None: ``source_date_epoch(root)``."""
    strict: bool = False
    """Fail on warnings too."""
    languages: tuple[str, ...] = ()
    """Languages to build; empty means the ``library.languages`` setting."""


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    pages: int
    editions: tuple[Edition, ...]
    report: Report
    seconds: float
    chapter_page_bytes: dict[str, int] = field(default_factory=dict)
    search: tuple[SearchIndex, ...] = ()
    epoch: int = DEFAULT_EPOCH
    """The date the outputs carry."""


def build(root: Path, options: BuildOptions = BuildOptions(), progress: Progress | None = None) -> BuildResult:
    """Build and publish. The whole build holds the site's lock (publish.lock): a second build of the same
    site at the same time fails at once with ``publish.locked``; under the lock, what killed builds left
    beside site/ is cleaned first."""
    site_dir = site_dir_of(root, options)
    try:
        with lock(site_dir):
            clean_stale(site_dir)
            return _build(root, site_dir, options, progress or Progress(quiet=True))
    except Locked as locked:
        lock_path, shown = _shown(locked.path, root), _shown(site_dir, root)
        report = Report()
        report.extend([error(lock_path, 0, "publish.locked", f"another build (process {locked.holder or '?'}) is building "
                             f"{shown} now; wait for it to end or stop it, then build again")])
        raise BuildFailed(report, "lock") from None
    except OSError as exc:  # the lock or the staging folder cannot be made: a full disk, a read-only folder
        report = Report()
        report.extend([_os_problem(exc)])
        raise BuildFailed(report, "output") from None


def site_dir_of(root: Path, options: BuildOptions) -> Path:
    return options.site_dir or root / "site"


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _build(root: Path, site_dir: Path, options: BuildOptions, progress: Progress) -> BuildResult:
    start = time.perf_counter()
    report = Report()
    work = root / "build"
    epoch = source_date_epoch(root) if options.epoch is None else options.epoch

    with progress.stage("load"):
        library, found = load_library(root)
        report.extend(found)
    with progress.stage("validate"):
        if library is not None:
            report.extend(validate_library(checkable(library)))
            report.extend(validate_translations(library))
    _stop_if_failed(report, "validate", options.strict)
    assert library is not None
    with progress.stage("resolve"):
        table = link_table(library)
        selected, found = _selected(library, options.handbooks)
        report.extend(found)
        formats = options.formats or library.settings.formats
        languages = options.languages or library.settings.languages
        report.extend(error("mkdocs.yml", 0, "config.unknown_language",
                            f"--lang {lang}: not one of the languages of mkdocs.yml: {', '.join(library.settings.languages)}")
                      for lang in languages if lang not in library.settings.languages)
    _stop_if_failed(report, "resolve", options.strict)
    with progress.stage("translate"):
        catalogs = {lang: load_catalogs(library, lang) for lang in languages}  # read once, used by editions and site

    staging: Path | None = None
    try:
        staging = staging_dir(site_dir)
        with progress.stage("editions"):
            editions = _render_editions(library, selected, table, formats, catalogs, epoch, work, progress, report)
        _stop_if_failed(report, "editions", options.strict)
        pages, indexes = 0, list[SearchIndex]()
        if "site" in formats:
            with progress.stage("site"), _build_date_for_mkdocs(epoch):
                shown = replace(library, handbooks=selected)
                left_out = tuple(h for h in library.handbooks if h not in selected)
                pages, found = render_site(shown, table, editions, work / "editions", work, staging, catalogs, left_out)
                report.extend(found)
            with progress.stage("search"):
                indexes, found = write_search(shown, catalogs, staging)
                report.extend(found)
        else:
            _copy_editions(work / "editions", staging)
        _write_editions_json(staging, editions)
        with progress.stage("check"):
            report.extend(check_links(staging))
            epubs = [staging / e.path for e in editions if e.format == "epub"]
            report.extend(audit_output(staging, epubs, [staging / e.path for e in editions if e.format == "pdf"]))
            if epubs:
                report.extend(check_epubs(epubs, staging))
        _stop_if_failed(report, "check", options.strict)
        weights = page_weights(staging)
        with progress.stage("publish"):
            make_readable(staging)
            swap(staging, site_dir)
    except OSError as exc:  # a full disk, a read-only or vanished folder: a diagnostic, not a traceback
        if staging is not None:
            discard(staging)
        report.extend([_os_problem(exc)])
        raise BuildFailed(report, "output") from None
    except BaseException:  # a failed check, an error, KeyboardInterrupt: the staging folder goes, site/ stays
        if staging is not None:
            discard(staging)
        raise
    return BuildResult(site_dir, pages, tuple(editions), report, time.perf_counter() - start, weights, tuple(indexes),
                       epoch)


@contextmanager
def _build_date_for_mkdocs(epoch: int) -> Iterator[None]:
    """MkDocs, run in-process, dates the sitemap's <lastmod> and the gzip header of sitemap.xml.gz from
    SOURCE_DATE_EPOCH in this process's environment, or else from the clock: set it for the site stage,
    and put back what was there."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _os_problem(exc: OSError) -> Diagnostic:
    where = exc.filename2 or exc.filename or "site"  # a copy that fails names the destination second
    return error(str(where), 0, "output.write", f"the build could not write or read this file: {exc.strerror or exc} "
                 "(is the disk full, or the folder read-only?); site/ was left unchanged")


def _stop_if_failed(report: Report, stage: str, strict: bool) -> None:
    if report.failed(strict):
        raise BuildFailed(report, stage)


def _selected(library: Library, ids: Sequence[str]) -> tuple[tuple[Handbook, ...], list[Diagnostic]]:
    if not ids:
        return library.handbooks, []
    known = [h.id for h in library.handbooks]
    problems = [error("handbooks", 0, "handbook.unknown", f"--handbook {i}: no such handbook; known: {', '.join(known)}")
                for i in ids if i not in known]
    return tuple(h for h in library.handbooks if h.id in ids), problems


def _render_editions(library: Library, handbooks: Sequence[Handbook], table: LinkTable, formats: Sequence[str],
                     catalogs_by_lang: Mapping[str, Catalogs], epoch: int, work: Path, progress: Progress,
                     report: Report) -> list[Edition]:
    out_root = work / "editions"
    if out_root.exists():
        shutil.rmtree(out_root)
    editions: list[Edition] = []
    if "pdf" not in formats and "epub" not in formats:
        return editions
    for lang, catalogs in catalogs_by_lang.items():
        for handbook in handbooks:
            share = translated_share(handbook, catalogs)
            if share < library.settings.edition_threshold(lang):
                continue  # not translated enough yet: readers get the web pages, with English fallback
            source = prepare(library, handbook, table, catalogs, work / "pandoc")
            if "pdf" in formats:
                edition, found = render_pdf(source, library.settings, out_root, epoch)
                report.extend(found)
                if edition:
                    editions.append(edition)
                    progress.step(f"PDF  {lang:7} {handbook.id} ({edition.pages} pages)")
            if "epub" in formats:
                edition, found = render_epub(source, out_root, epoch)
                report.extend(found)
                if edition:
                    editions.append(edition)
                    progress.step(f"EPUB {lang:7} {handbook.id}")
    return editions


def _copy_editions(editions_dir: Path, staging: Path) -> None:
    if editions_dir.is_dir():
        shutil.copytree(editions_dir, staging, dirs_exist_ok=True)


def _write_editions_json(staging: Path, editions: Sequence[Edition]) -> None:
    data = {"editions": [asdict(e) for e in sorted(editions, key=lambda e: (e.handbook, e.lang, e.format))]}
    (staging / "editions.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check_sources(root: Path) -> Report:
    """Load and validate only: the fast check a contributor runs before opening a pull request."""
    report = Report()
    library, found = load_library(root)
    report.extend(found)
    if library is not None:
        report.extend(validate_library(checkable(library)))
        report.extend(validate_translations(library))
    return report
