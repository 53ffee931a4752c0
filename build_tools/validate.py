"""Stage 2, validate: checks that need the whole library, not just one file.

Duplicate section ids, missing or unsafe images, references to unknown handbooks or sections.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from .catalogs import TRANSLATIONS_DIR, read_catalog_checked
from .diagnostics import Diagnostic, error
from .i18n_check import reference_problems
from .model import Handbook, Library
from .standards import provision_problem

IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")


def validate_library(library: Library) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for handbook in library.handbooks:
        problems.extend(_duplicate_ids(handbook))
        problems.extend(_images(library, handbook))
        problems.extend(_references(library, handbook))
    return problems


def _duplicate_ids(handbook: Handbook) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for chapter in handbook.chapters:
        for section in chapter.sections:
            where = f"{chapter.path.as_posix()}:{section.line}"
            if section.id in seen:
                yield error(chapter.path.as_posix(), section.line, "section.duplicate_id",
                            f"section id '{section.id}' is already used at {seen[section.id]}; "
                            "give one of the headings another explicit {#id}")
            else:
                seen[section.id] = where


def _images(library: Library, handbook: Handbook) -> Iterator[Diagnostic]:
    for chapter in handbook.chapters:
        for image in chapter.images:
            shown = chapter.path.as_posix()
            rel = PurePosixPath(image.src)
            if rel.is_absolute() or ".." in rel.parts or rel.parts[:1] != ("media",):
                yield error(shown, image.line, "image.outside_media",
                            f"image '{image.src}' must be a file under media/ of this handbook")
                continue
            if rel.suffix.lower() not in IMAGE_TYPES:
                yield error(shown, image.line, "image.type",
                            f"image '{image.src}' has an unsupported type; use {', '.join(IMAGE_TYPES)}")
            if not (library.root / handbook.folder / rel).is_file():
                yield error(shown, image.line, "image.missing",
                            f"image '{image.src}' does not exist in {handbook.folder.as_posix()}/media/")


def _references(library: Library, handbook: Handbook) -> Iterator[Diagnostic]:
    standards = {s.key: s for s in library.standards}
    for chapter in handbook.chapters:
        for ref in chapter.references:
            shown = chapter.path.as_posix()
            if ref.scheme == "std":
                standard = standards.get(ref.handbook)
                if standard is None:
                    yield error(shown, ref.line, "xref.unknown_standard",
                                f"no standard '{ref.handbook}' in handbooks/standards.yml (known: {', '.join(sorted(standards))})")
                elif problem := provision_problem(standard, ref.section):
                    yield error(shown, ref.line, "xref.unknown_provision", problem)
                continue
            target = library.handbook(ref.handbook)
            if target is None and (library.root / handbook.folder.parent / ref.handbook).is_dir():
                continue  # that handbook exists but could not be read: its own errors say why
            if target is None:
                known = ", ".join(h.id for h in library.handbooks)
                yield error(shown, ref.line, "xref.unknown_handbook",
                            f"reference to unknown handbook '{ref.handbook}' (known: {known})")
            elif not any(s.id == ref.section for c in target.chapters for s in c.sections):
                yield error(shown, ref.line, "xref.not_found",
                            f"handbook '{ref.handbook}' has no section '{ref.section}'")


def validate_translations(library: Library) -> list[Diagnostic]:
    """A translation used by the build may not point a reference or citation elsewhere than its source:
    an error with the PO file and line, like an unknown target in the English source."""
    problems: list[Diagnostic] = []
    for lang in library.settings.languages[1:]:
        folder = library.root / TRANSLATIONS_DIR / lang
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            shown = path.relative_to(library.root).as_posix()
            catalog, found = read_catalog_checked(path, shown, lang)  # untrusted input: bounded, never a traceback
            problems.extend(found)
            for message in catalog or ():
                if not message.id or not message.string or message.fuzzy:
                    continue
                for problem in reference_problems(str(message.id), str(message.string)):
                    problems.append(error(shown, message.lineno or 0, "translation.xref", problem))
    return problems
