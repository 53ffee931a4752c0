"""Command line: ``python -m build_tools build|check|serve|i18n|search``. Exit status 1 when errors were found;
an interrupted build exits 130 (Ctrl-C) or 143 (SIGTERM) after one line saying whether site/ changed."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from pathlib import Path
from types import FrameType

from rich.console import Console

from .diagnostics import BuildFailed, Report
from .model import FORMATS
from .pipeline import BuildOptions, BuildResult, build, site_dir_of, source_date_epoch


def main(argv: list[str] | None = None) -> int:
    """The command line; bad input is reported as diagnostics. Anything else unexpected is one line
    asking for a report and exit status 2, never a Python traceback."""
    try:
        return _main(argv)
    except Exception as exc:  # the last resort: every known failure of bad input has its own diagnostic
        where = ""
        if exc.__traceback__ is not None:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f" at {Path(frame.filename).name}:{frame.lineno}"
        print(f"internal error: {type(exc).__name__}: {str(exc)[:300]}{where} (please report)", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="python -m build_tools", description="Build the justice handbook library.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build the site, PDFs and EPUBs into site/")
    b.add_argument("--handbook", action="append", default=[], metavar="ID", help="build only this handbook (repeatable)")
    b.add_argument("--format", default="", help=f"comma-separated subset of {','.join(FORMATS)}")
    b.add_argument("--site-dir", type=Path, help="publish here instead of <root>/site")
    b.add_argument("--lang", default="", help="comma-separated languages to build (default: all of mkdocs.yml)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    c = commands.add_parser("check", help="validate the sources without writing anything")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    s = commands.add_parser("serve", help="live preview: rebuild the site on every change")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--handbook", action="append", default=[], metavar="ID")
    s.add_argument("--lang", default="", help="preview only this language, e.g. fr (faster)")
    i = commands.add_parser("i18n", help="translation catalogs: extract, update, status")
    i18n_commands = i.add_subparsers(dest="i18n_command", required=True)
    i18n_commands.add_parser("extract", help="write translations/templates/*.pot from the sources")
    i18n_commands.add_parser("update", help="merge the templates into translations/<lang>/*.po (nothing is lost)")
    st = i18n_commands.add_parser("status", help="per handbook and language: translated, fuzzy, untranslated")
    st.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    ck = i18n_commands.add_parser("check", help="check PO files: links, code, markup, unsafe HTML, punctuation")
    ck.add_argument("files", nargs="*", type=Path, help="PO files (default: every translations/<lang>/*.po)")
    q = commands.add_parser("search", help="search the built site's index, ranked as the site's search box ranks")
    q.add_argument("query", help="what a reader would type, e.g. \"détention provisoire\"")
    q.add_argument("--lang", default="en", help="language of the index to search (default: en)")
    q.add_argument("--limit", type=int, default=10, help="at most this many results (default: 10)")
    q.add_argument("--within", default="", metavar="FILTER",
                   help="h:<handbook id>, t:<topic id> or r: (glossary and standards), as the site's filter")
    q.add_argument("--json", action="store_true", help="print the results as JSON")
    q.add_argument("--site-dir", type=Path, help="built site to search (default: <root>/site)")
    args = parser.parse_args(argv)
    console = Console(stderr=True, highlight=False)
    root = args.root.resolve()
    if args.command == "build":
        formats = tuple(f for f in args.format.split(",") if f)
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            parser.error(f"--format: unknown format {unknown[0]!r}; accepted: {', '.join(FORMATS)}")
        languages = tuple(code for code in args.lang.split(",") if code)
        try:
            epoch = source_date_epoch(root)
        except ValueError as exc:
            parser.error(str(exc))
        options = BuildOptions(formats, tuple(args.handbook), args.site_dir, epoch, strict=args.strict, languages=languages)
        return _build(root, options, console, args.quiet)
    if args.command == "check":
        from .pipeline import check_sources

        report = check_sources(root)
        print_report(report, console)
        return 1 if report.failed(args.strict) else 0
    if args.command == "i18n":
        return _i18n(root, args, console)
    if args.command == "search":
        return _search(root, args, console)
    from .serve import serve

    return serve(root, args.port, tuple(args.handbook), console, args.lang)


def _i18n(root: Path, args: argparse.Namespace, console: Console) -> int:
    from . import i18n
    from .load import find_symlinks, load_library

    if args.i18n_command == "check":
        from .i18n_check import check_files

        files = args.files or sorted(p for p in (root / "translations").glob("*/*.po"))
        report = Report()
        links = find_symlinks(root)  # nothing is read through a link (load.find_symlinks)
        report.extend(links)
        if not links:
            report.extend(check_files([f if f.is_absolute() else Path.cwd() / f for f in files], root))
        print_report(report, console)
        console.print(f"checked {len(files)} catalog(s)")
        return 1 if report.errors else 0

    library, problems = load_library(root)
    report = Report()
    report.extend(problems)
    if library is None or report.errors:
        print_report(report, console)
        return 1
    if args.i18n_command == "extract":
        changed = i18n.extract(library)
    elif args.i18n_command == "update":
        changed = i18n.extract(library) + i18n.update(library)
    else:
        print(i18n.format_status(i18n.status(library), args.format))
        return 0
    for path in changed:
        console.print(f"wrote {path.relative_to(root)}")
    console.print(f"{len(changed)} file(s) changed")
    return 0


def _search(root: Path, args: argparse.Namespace, console: Console) -> int:
    import json
    from dataclasses import asdict

    from .search import marked, search
    from .search_index import INDEX_FILE

    site_dir = (args.site_dir or root / "site").resolve()
    if not (site_dir / args.lang / INDEX_FILE).is_file():
        languages = sorted(p.parent.parent.parent.name for p in site_dir.glob(f"*/{INDEX_FILE}"))
        console.print(f"[red]{site_dir / args.lang / INDEX_FILE}: no search index for language {args.lang!r}.[/] "
                      + (f"Built languages: {', '.join(languages)}." if languages else "Run `make build` first."))
        return 2
    if args.limit < 1:
        console.print("[red]--limit must be 1 or more[/]")
        return 2
    results = search(site_dir, args.lang, args.query, args.limit, args.within)
    if args.json:
        print(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        console.print(f"no section matches {args.query!r} in {args.lang}")
        return 1
    for number, result in enumerate(results, 1):
        where = " › ".join(part for part in (result.handbook_title, result.chapter if result.chapter != result.title else "") if part)
        print(f"{number:2}. {result.title}  ({result.score:.3f})")
        if where:
            print(f"    {where}")
        print(f"    {args.lang}/{result.ref}")
        print(f"    {marked(result.snippet, result.marks)}")
    return 0


class Terminated(BaseException):
    """SIGTERM, raised in the main thread as KeyboardInterrupt is for SIGINT: the build stops its child
    processes and removes its staging folder instead of dying on the spot."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def _build(root: Path, options: BuildOptions, console: Console, quiet: bool) -> int:
    from .progress import Progress

    signal.signal(signal.SIGTERM, _terminate)
    site_dir = site_dir_of(root, options)
    before = _identity(site_dir)
    try:
        try:
            result = build(root, options, Progress(console, quiet=quiet))
        except BuildFailed as failed:
            print_report(failed.report, console)
            console.print(f"[red bold]Build failed[/] at stage '{failed.stage}': {len(failed.report.errors)} error(s). "
                          "site/ was left unchanged.")
            return 1
        print_report(result.report, console)
        print_summary(result, console)
        return 0
    except (KeyboardInterrupt, Terminated) as stopped:
        # One line, no traceback; exit status 128 + the signal's number, as a shell reports a process it stopped.
        said, status = ("interrupted", 130) if isinstance(stopped, KeyboardInterrupt) else ("terminated", 143)
        outcome = "unchanged" if _identity(site_dir) == before else "replaced by the new build"
        console.print(f"{said}; {site_dir.name}/ {outcome}", markup=False, highlight=False, soft_wrap=True)
        return status


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at this path: an exchange or a rename puts another one there."""
    try:
        info = folder.stat()
    except OSError:  # missing, or not reachable (a file in its path): the build will say why
        return None
    return info.st_dev, info.st_ino


def print_report(report: Report, console: Console) -> None:
    for item in report:
        colour = "red" if item in report.errors else "yellow"
        console.print(item.format(), style=colour, markup=False, highlight=False, soft_wrap=True)
    if report.items:
        console.print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")


def print_summary(result: BuildResult, console: Console) -> None:
    pdfs = [e for e in result.editions if e.format == "pdf"]
    epubs = [e for e in result.editions if e.format == "epub"]
    weights = sorted(result.chapter_page_bytes.values())
    median = weights[len(weights) // 2] if weights else 0
    console.print(
        f"[green bold]Built[/] {result.pages} pages, {len(pdfs)} PDF ({sum(e.pages or 0 for e in pdfs)} pages), "
        f"{len(epubs)} EPUB in {result.seconds:.1f} s → {result.site_dir}"
        + (f"; chapter pages median {median / 1024:.0f} KB, largest {weights[-1] / 1024:.0f} KB" if weights else "")
    )


if __name__ == "__main__":
    sys.exit(main())
