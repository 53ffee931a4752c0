"""`make bench`: measures what the issues set targets for, and prints a report (not a test).

- build time of the whole library, and time per PDF and per EPUB;
- HTML size of chapter pages (median, largest) and of everything a first visit to a chapter loads;
- size of every edition;
- search: index sizes, relevance against Material's search, time to results in Chromium (tests/bench_search.py);
- fuzzing of the Markdown and PO readers, many more examples than `make test` (tests/fuzz.py).
Run: .venv/bin/python -m tests.bench
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from build_tools.edition_source import prepare
from build_tools.epub import render_epub
from build_tools.load import load_library
from build_tools.pdf import render_pdf
from build_tools.pipeline import DEFAULT_EPOCH, BuildOptions, build
from build_tools.resolve import link_table
from build_tools.translate import load_catalogs
from tests import bench_search, fuzz

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        result = build(ROOT, BuildOptions(site_dir=work / "site"))
        total = time.perf_counter() - start
        print(f"Whole library: {total:.1f} s ({result.pages} pages, {len(result.editions)} editions)")
        per_edition(work)
        page_weight(result.site_dir)
        bench_search.report(result.site_dir, ROOT / "build")
        for edition in sorted(result.editions, key=lambda e: (e.format, e.handbook, e.lang)):
            pages = f", {edition.pages} pages" if edition.pages else ""
            print(f"  {edition.format:4} {edition.lang:7} {edition.handbook:30} {edition.bytes / 1024:7.0f} KB{pages}")
    fuzz.run()


def per_edition(work: Path) -> None:
    library, _ = load_library(ROOT)
    assert library is not None
    table = link_table(library)
    pdf_times, epub_times = [], []
    for handbook in library.handbooks:
        source = prepare(library, handbook, table, load_catalogs(library, "en"), work / "pandoc")
        start = time.perf_counter()
        render_pdf(source, library.settings, work / "out", DEFAULT_EPOCH)
        pdf_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_epub(source, work / "out", DEFAULT_EPOCH)
        epub_times.append(time.perf_counter() - start)
    print(f"Per PDF (pandoc + Typst): median {statistics.median(pdf_times):.2f} s, max {max(pdf_times):.2f} s")
    print(f"Per EPUB (pandoc + cover): median {statistics.median(epub_times):.2f} s, max {max(epub_times):.2f} s")
    shutil.rmtree(work / "out", ignore_errors=True)


def page_weight(site: Path) -> None:
    for lang in sorted(p.name for p in site.iterdir() if p.is_dir()):
        sizes = sorted(p.stat().st_size for p in (site / lang).rglob("*.html") if re.search(r"/\d\d-[^/]+\.html$", p.as_posix()))
        if sizes:
            print(f"  {lang:7} chapter pages: median {statistics.median(sizes) / 1024:.1f} KB, largest {sizes[-1] / 1024:.1f} KB")
    chapters = [p for p in (site / "en").rglob("*.html") if re.search(r"/\d\d-[^/]+\.html$", p.as_posix())]
    sizes = sorted(p.stat().st_size for p in chapters)
    gz = sorted(len(gzip.compress(p.read_bytes())) for p in chapters)
    print(f"Chapter page HTML: median {statistics.median(sizes) / 1024:.1f} KB, largest {sizes[-1] / 1024:.1f} KB "
          f"(gzipped median {statistics.median(gz) / 1024:.1f} KB) over {len(sizes)} pages")
    sample = chapters[0]
    html = sample.read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    asset_bytes = sum((sample.parent / a).resolve().stat().st_size for a in assets if (sample.parent / a).resolve().exists())
    print(f"First visit to a chapter page: {(sample.stat().st_size + asset_bytes) / 1024:.0f} KB "
          f"(HTML + {len(assets)} CSS/JS files, uncompressed; cached after the first page)")


if __name__ == "__main__":
    main()
