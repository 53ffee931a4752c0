"""Stage 1, load: read mkdocs.yml, every handbook folder and the site pages into a Library.

Nothing is written here. Problems in the sources come back as diagnostics; a handbook that cannot
be read at all is left out of the Library so that later stages still check the others.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from .catalogs import unknown_translation_languages
from .config import load_settings
from .diagnostics import Diagnostic, error
from .glossary import load_terms
from .ids import ID_PATTERN
from .limits import read_source, text_problems
from .model import TOPICS, Chapter, Handbook, HandbookMeta, Library, Page, Reference
from .schema import Field, validate
from .source import field_problems, parse_chapter
from .standards import REGISTRY, read_standards
from .yamlfile import YamlDocument, read_yaml

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
    unreadable: set[str] = set()
    folders = sorted(p for p in (root / HANDBOOKS_DIR).iterdir() if p.is_dir()) if (root / HANDBOOKS_DIR).is_dir() else []
    for folder in folders:
        handbook, found, unread = load_handbook(root, folder)
        problems.extend(found)
        unreadable |= unread
        if handbook:
            handbooks.append(handbook)
    # Catalogue order: by area of work, in the order of TOPICS, then by title.
    handbooks.sort(key=lambda h: (min(TOPICS.index(t) for t in h.meta.topics), h.meta.title))
    pages, found = load_pages(root)
    problems.extend(found)
    standards, unread_standards, found = read_standards(root)
    problems.extend(found)
    unreadable |= unread_standards
    terms, found = load_terms(root)
    problems.extend(found)
    if settings is None:
        return None, problems
    problems.extend(unknown_translation_languages(root, settings.languages))
    return Library(root, settings, tuple(handbooks), tuple(pages), standards, terms, frozenset(unreadable)), problems


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


def load_handbook(root: Path, folder: Path) -> tuple[Handbook | None, list[Diagnostic], set[str]]:
    """The handbook, its problems, and the chapters listed that could not be read."""
    rel = folder.relative_to(root)
    shown = (rel / "handbook.yml").as_posix()
    doc, problems = read_yaml(folder / "handbook.yml", shown)
    if problems:
        return None, problems, set()
    values, problems = validate(doc, HANDBOOK_FIELDS, shown, "handbook")
    if problems:
        return None, problems, set()
    if values["id"] != folder.name:
        problems.append(error(shown, doc.line("id"), "handbook.id_mismatch",
                              f"id '{values['id']}' differs from the folder name '{folder.name}'; make them equal"))
    problems.extend(_metadata_problems(values, shown, doc))
    meta = HandbookMeta(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})  # type: ignore[arg-type]
    chapters: list[Chapter] = []
    unreadable: set[str] = set()
    first_item: dict[str, int] = {}
    for number, name in enumerate(meta.chapters, start=1):
        path = folder / name
        if name in first_item:
            problems.append(error(shown, doc.line("chapters", number - 1), "handbook.bad_value",
                                  f"chapter '{name}' is listed twice (first as item {first_item[name]}); list each chapter once"))
            continue
        first_item[name] = number
        if not path.is_file():
            problems.append(error(shown, doc.line("chapters", number - 1), "chapter.missing",
                                  f"chapter file '{name}' is listed but does not exist in {rel.as_posix()}/"))
            unreadable.add((rel / name).as_posix())
            continue
        chapter, found = load_chapter(root, path, number)
        chapters.append(chapter)
        problems.extend(found)
        if any(d.code in ("chapter.encoding", "chapter.unreadable", "chapter.too_long") for d in found):
            unreadable.add(chapter.path.as_posix())
    for path in sorted(folder.glob("*.md")):
        if path.name not in meta.chapters:
            problems.append(error((rel / path.name).as_posix(), 0, "chapter.unlisted",
                                  f"'{path.name}' is not listed in {shown} 'chapters'; add it or remove the file"))
    return Handbook(meta, rel, tuple(chapters)), problems, unreadable


def _metadata_problems(values: dict[str, object], shown: str, doc: YamlDocument) -> list[Diagnostic]:
    """handbook.yml text reaches pages as Markdown and in templates: the dialect's line rules apply to it
    (no raw HTML, no attribute lists, no image, links only to https: and mailto:)."""
    problems: list[Diagnostic] = []
    for key, value in values.items():
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, text in items:
            if isinstance(text, str):
                line = doc.line(key) if index is None else doc.line(key, index)
                problems.extend(error(shown, line, code, f"{key}: {message}") for code, message in field_problems(text))
    return problems


def load_chapter(root: Path, path: Path, number: int) -> tuple[Chapter, list[Diagnostic]]:
    """A chapter that is not UTF-8 gives one error, at the line of its first byte that is not: its text is
    still read (each such byte replaced), for its sections and references, but the errors found in that text
    would mostly come from the bad bytes and are left until the file is saved as UTF-8."""
    rel = path.relative_to(root)
    read, problems = read_source(path, rel.as_posix())
    if read is None and any(d.code == "chapter.encoding" for d in problems):
        read = path.read_bytes().decode("utf-8", errors="replace")  # its size was checked: for sections and references
    text = (read or "").removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write, is not text
    parsed = parse_chapter(text, rel.as_posix())
    if not problems:
        problems.extend(parsed.diagnostics)
    chapter = Chapter(
        path=rel, slug=path.stem, number=number, text=text, sections=parsed.sections,
        references=parsed.references, images=parsed.images, footnotes=parsed.footnotes, words=parsed.words,
    )
    return chapter, problems


def load_pages(root: Path) -> tuple[list[Page], list[Diagnostic]]:
    """The site pages of docs/, held to the limits of chapters (build_tools/limits.py)."""
    docs = root / DOCS_DIR
    pages: list[Page] = []
    problems: list[Diagnostic] = []
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        shown = path.relative_to(root).as_posix()
        text, found = read_source(path, shown, "page")
        found += text_problems(text, shown) if text is not None else []
        problems += found
        if not found:
            pages.append(Page(path.relative_to(docs), (text or "").removeprefix("\ufeff")))
    return pages, problems


def checkable(library: Library) -> Library:
    """The library without the references whose target could not be read, for validation: a citation of a
    standard when handbooks/standards.yml, or that standard's entry, could not be read; a reference to a
    handbook one of whose chapters could not be read. Reported, each would only repeat the error that says why."""
    if not library.unreadable:
        return library
    registry_unreadable = REGISTRY in library.unreadable
    broken_handbooks = {h.id for h in library.handbooks
                        if any((h.folder / name).as_posix() in library.unreadable for name in h.meta.chapters)}

    def checked(ref: Reference) -> bool:
        if ref.scheme == "std":
            return not (registry_unreadable or f"{REGISTRY}#{ref.handbook}" in library.unreadable)
        return ref.handbook not in broken_handbooks

    handbooks = tuple(replace(h, chapters=tuple(replace(c, references=tuple(r for r in c.references if checked(r)))
                                                for c in h.chapters))
                      for h in library.handbooks)
    return replace(library, handbooks=handbooks)
