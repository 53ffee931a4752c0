"""Stage 1, load: read mkdocs.yml, every handbook folder and the site pages into a Library.

Nothing is written here. Problems in the sources come back as diagnostics; a handbook that cannot
be read at all is left out of the Library so that later stages still check the others.
"""

from __future__ import annotations

import re
from pathlib import Path

from .config import load_settings
from .diagnostics import Diagnostic, error
from .glossary import load_terms
from .ids import ID_PATTERN
from .limits import read_source, text_problems
from .model import TOPICS, Chapter, Handbook, HandbookMeta, Library, Page
from .schema import Field, validate
from .source import parse_chapter
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
    """Read everything: even a narrowed build validates every handbook, since references cross them."""
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
    pages, found = load_pages(root)
    problems.extend(found)
    standards, found = load_standards(root)
    problems.extend(found)
    terms, found = load_terms(root)
    problems.extend(found)
    if settings is None:
        return None, problems
    return Library(root, settings, tuple(handbooks), tuple(pages), standards, terms), problems


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


def load_chapter(root: Path, path: Path, number: int) -> tuple[Chapter, list[Diagnostic]]:
    rel = path.relative_to(root)
    read, problems = read_source(path, rel.as_posix())
    text = read or ""
    parsed = parse_chapter(text, rel.as_posix())
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
            pages.append(Page(path.relative_to(docs), text or ""))
    return pages, problems
