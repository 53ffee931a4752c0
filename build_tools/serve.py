"""Live preview: the site (no PDF or EPUB, for speed) rebuilt on every change under handbooks/,
docs/ or mkdocs.yml, served by MkDocs' live-reload server so the browser refreshes by itself."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from .diagnostics import BuildFailed
from .pipeline import BuildOptions, build
from .progress import Progress

WATCHED = ("handbooks", "docs", "translations", "mkdocs.yml")


def serve(root: Path, port: int, handbooks: tuple[str, ...], console: Console, lang: str = "") -> int:
    from mkdocs.livereload import LiveReloadServer

    from .__main__ import print_report

    out = root / "build" / "preview"
    options = BuildOptions(formats=("site",), handbooks=handbooks, site_dir=out, languages=(lang,) if lang else ())

    def rebuild() -> None:
        try:
            result = build(root, options, Progress(console, quiet=True))
        except BuildFailed as failed:
            print_report(failed.report, console)
            console.print("[red]Preview not updated[/]: fix the errors above and save again.")
            return
        print_report(result.report, console)
        console.print(f"[green]Preview updated[/] in {result.seconds:.1f} s")

    rebuild()
    server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=port, root=str(out))
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    console.print(f"Serving http://127.0.0.1:{port}/{lang or 'en'}/index.html — press Ctrl+C to stop")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
