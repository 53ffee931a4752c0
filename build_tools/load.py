"""Stage 1, load: read mkdocs.yml, every handbook folder and the site pages into a Library.

Nothing is written here. Problems in the sources come back as diagnostics; a handbook that cannot
be read at all is left out of the Library so that later stages still check the others.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .config import load_settings
from .diagnostics import Diagnostic, error
from .glossary import load_terms
from .ids import ID_PATTERN
from .model import TOPICS, Chapter, Handbook, HandbookMeta, Library, Page
from .schema import Field, validate
from .source import line_problems, parse_chapter
from .standards import load_standards
from .yamlfile import read_yaml

HANDBOOKS_DIR = "handbooks"
DOCS_DIR = "docs"
CHAPTER_NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")

HANDBOOK_FIELDS = [
    Field("id", str, check=lambda v: None if ID_PATTERN.match(v) else "use lowercase letters, digits and hyphens"),
    Field("title", str),
    Field("subtitle", str, required=False),
    Field("summary", str),
    Field("topics", list, choices=TOPICS),
    Field("audience", list),
    Field("edition", str),
    Field("year", int, check=lambda v: None if 1945 <= v <= 2100 else "must be a year such as 2026"),
    Field("publisher", str),
    Field("licence", str),
    Field("source_language", str, choices=("en",)),
    Field("chapters", list, check=lambda v: None if all(CHAPTER_NAME.match(c) for c in v)
          else "chapter files are named NN-slug.md, e.g. 01-introduction.md"),
    Field("isbn", str, required=False),
    Field("doi", str, required=False),
    Field("document_symbol", str, required=False),
]


def load_library(root: Path) -> tuple[Library | None, list[Diagnostic]]:
    """Read everything: even a narrowed build validates every handbook, since references cross them.
    Nothing is read when a source is a symbolic link (find_symlinks)."""
    links = find_symlinks(root)
    if links:
        return None, links
    settings, problems = load_settings(root)
    handbooks: list[Handbook] = []
    folders = sorted(p for p in (root / HANDBOOKS_DIR).iterdir() if p.is_dir()) if (root / HANDBOOKS_DIR).is_dir() else []
    for folder in folders:
        handbook, found = load_handbook(root, folder)
        problems.extend(found)
        if handbook:
            handbooks.append(handbook)
    # Catalogue order: by area of work, in the order of TOPICS, then by title.
    handbooks.sort(key=lambda h: (min(TOPICS.index(t) for t in h.meta.topics), h.meta.title))
    pages = tuple(load_pages(root))
    standards, found = load_standards(root)
    problems.extend(found)
    terms, found = load_terms(root)
    problems.extend(found)
    if settings is None:
        return None, problems
    return Library(root, settings, tuple(handbooks), pages, standards, terms), problems


UNTRUSTED_TREES = (HANDBOOKS_DIR, DOCS_DIR, "translations")
"""Folders whose every file comes from contributors (ARCHITECTURE.md, "Trust boundary")."""


def find_symlinks(root: Path) -> list[Diagnostic]:
    """Every symbolic link among the sources, as an error: a link could publish or print any file of the
    machine that builds (/etc/passwd, a CI secret) or a whole outside folder. Found before anything is read."""
    problems: list[Diagnostic] = []
    candidates = [root / "mkdocs.yml", *(root / tree for tree in UNTRUSTED_TREES)]
    for tree in UNTRUSTED_TREES:
        if (root / tree).is_symlink():
            continue
        for folder, dirs, files in os.walk(root / tree):  # os.walk does not follow links to folders
            candidates.extend(Path(folder) / name for name in (*dirs, *files))
    for path in sorted(candidates):
        if path.is_symlink():
            shown = path.relative_to(root).as_posix()
            problems.append(error(shown, 0, "source.symlink",
                                  f"'{shown}' is a symbolic link; sources must be ordinary files and folders: "
                                  "replace the link with a copy of the file"))
    return problems


def load_handbook(root: Path, folder: Path) -> tuple[Handbook | None, list[Diagnostic]]:
    rel = folder.relative_to(root)
    shown = (rel / "handbook.yml").as_posix()
    doc, problems = read_yaml(folder / "handbook.yml", shown)
    if problems:
        return None, problems
    values, problems = validate(doc, HANDBOOK_FIELDS, shown, "handbook")
    if problems:
        return None, problems
    if values["id"] != folder.name:
        problems.append(error(shown, doc.key_lines.get("id", 1), "handbook.id_mismatch",
                              f"id '{values['id']}' differs from the folder name '{folder.name}'; make them equal"))
    problems.extend(_metadata_problems(values, shown, doc.key_lines))
    meta = HandbookMeta(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})  # type: ignore[arg-type]
    chapters: list[Chapter] = []
    chapters_line = doc.key_lines.get("chapters", 1)
    for number, name in enumerate(meta.chapters, start=1):
        path = folder / name
        if not path.is_file():
            problems.append(error(shown, chapters_line + number, "chapter.missing",
                                  f"chapter file '{name}' is listed but does not exist in {rel.as_posix()}/"))
            continue
        chapter, found = load_chapter(root, path, number)
        chapters.append(chapter)
        problems.extend(found)
    for path in sorted(folder.glob("*.md")):
        if path.name not in meta.chapters:
            problems.append(error((rel / path.name).as_posix(), 0, "chapter.unlisted",
                                  f"'{path.name}' is not listed in {shown} 'chapters'; add it or remove the file"))
    return Handbook(meta, rel, tuple(chapters)), problems


def _metadata_problems(values: dict[str, object], shown: str, key_lines: dict[str, int]) -> list[Diagnostic]:
    """handbook.yml text reaches pages as Markdown and in templates: the dialect's line rules apply to it
    (no raw HTML, no attribute lists)."""
    problems: list[Diagnostic] = []
    for key, value in values.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                problems.extend(error(shown, key_lines.get(key, 0), code, f"{key}: {message}")
                                for code, message in line_problems(" ".join(text.split())))
    return problems


def load_chapter(root: Path, path: Path, number: int) -> tuple[Chapter, list[Diagnostic]]:
    rel = path.relative_to(root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        text = ""
        problems = [error(rel.as_posix(), 0, "chapter.encoding", f"not UTF-8 ({exc.reason}); save as UTF-8")]
    else:
        problems = []
    parsed = parse_chapter(text, rel.as_posix())
    problems.extend(parsed.diagnostics)
    chapter = Chapter(
        path=rel, slug=path.stem, number=number, text=text, sections=parsed.sections,
        references=parsed.references, images=parsed.images, footnotes=parsed.footnotes, words=parsed.words,
    )
    return chapter, problems


def load_pages(root: Path) -> list[Page]:
    docs = root / DOCS_DIR
    if not docs.is_dir():
        return []
    return [Page(p.relative_to(docs), p.read_text(encoding="utf-8")) for p in sorted(docs.rglob("*.md"))]
