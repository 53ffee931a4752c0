"""Reading built outputs back: HTML ids, EPUB chapters, PDF text, fonts and link annotations."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader


class Elements(HTMLParser):
    """Counts what the equivalence tests compare, inside the main content only when asked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading_ids: list[str] = []
        self.cells = 0
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.figcaptions = 0
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if re.fullmatch(r"h[1-6]", tag) and values.get("id"):
            self.heading_ids.append(str(values["id"]))
        if tag in ("td", "th"):
            self.cells += 1
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "img":
            self.images.append(values)
        if tag == "figcaption":
            self.figcaptions += 1


def parse_html(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    return parser


def article(html: str) -> str:
    """The content of a Material page: what the chapter Markdown produced, without navigation."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL)
    assert match, "no Material article in page"
    return match.group(1)


def epub_chapters(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.search(r"text/ch\d+\.xhtml$", n))
        return [archive.read(n).decode("utf-8") for n in names]


def epub_file(path: Path, suffix: str) -> str:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(suffix))
        return archive.read(name).decode("utf-8")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font, from poppler's pdffonts."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # columns: name type... encoding emb sub uni object ID; emb is the 5th from the end
        rows.append((parts[0], parts[-5] == "yes"))
    return rows


def pdf_uri_links(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get("/URI"):
                uris.append(str(action["/URI"]))
    return uris


def pdf_internal_links(path: Path) -> int:
    count = 0
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            action = obj.get("/A")
            if obj.get("/Subtype") == "/Link" and (obj.get("/Dest") or (action and action.get("/S") == "/GoTo")):
                count += 1
    return count


def tree_digest(folder: Path) -> str:
    """One hash of every file path and content below a folder: proves a folder was not touched."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a fixture file; fails loudly when the fixture no longer contains it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _proc_stat(pid: int) -> tuple[str, str, int, int] | None:
    """(command name, state, parent id, start time) of a process from /proc/<pid>/stat; None when gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    name, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
    return name, fields[0], int(fields[1]), int(fields[19])


def descendants(pid: int) -> dict[int, tuple[str, int]]:
    """Every living process below ``pid``: process id → (command name, start time), by scanning /proc."""
    table = {int(entry): stat for entry in os.listdir("/proc") if entry.isdigit() and (stat := _proc_stat(int(entry)))}
    found: dict[int, tuple[str, int]] = {}
    parents = {pid}
    while parents:
        children = {p for p, (_, state, ppid, _) in table.items() if ppid in parents and state not in "ZX" and p not in found}
        found.update({p: (table[p][0], table[p][3]) for p in children})
        parents = children
    return found


def still_running(processes: dict[int, tuple[str, int]]) -> dict[int, str]:
    """Those of ``processes`` (from descendants()) that still run: same id and start time, not a zombie."""
    running = {}
    for pid, (name, start) in processes.items():
        stat = _proc_stat(pid)
        if stat and stat[3] == start and stat[1] not in "ZX":
            running[pid] = name
    return running
