"""Stage 2, validate: checks that need the whole library, not just one file.

Duplicate section ids, missing or unsafe images, references to unknown handbooks or sections.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .catalogs import TRANSLATIONS_DIR, read_catalog_checked
from .diagnostics import Diagnostic, Severity, error
from .i18n_check import check_message
from .model import Handbook, Library
from .sanitise import audit_svg
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
    checked: set[Path] = set()
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
            path = library.root / handbook.folder / rel
            if not path.is_file():
                yield error(shown, image.line, "image.missing",
                            f"image '{image.src}' does not exist in {handbook.folder.as_posix()}/media/")
            elif rel.suffix.lower() == ".svg" and path not in checked:
                checked.add(path)
                yield from _svg_problems(path, (handbook.folder / rel).as_posix())


def _svg_problems(path: Path, shown: str) -> Iterator[Diagnostic]:
    """An SVG figure is published as it is (and inside every EPUB): only plain drawing is accepted."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield error(shown, 0, "image.unreadable", f"cannot read the figure as UTF-8 text: {exc}")
        return
    for line, problem in audit_svg(text):
        yield error(shown, line, "image.unsafe_svg", f"{problem}; figures may hold only shapes, text and their own styles")


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
    """The translation half of the input gate (ARCHITECTURE.md, "Trust boundary"): every translation the
    build would use must have its source's structure, links, references, footnotes, code, placeholders and
    attribute lists, and no markup of its own; each difference is an error with the PO file and line (the
    checks of ``i18n check`` that are errors), and the build stops, as for a broken English source."""
    problems: list[Diagnostic] = []
    for lang in library.settings.languages[1:]:
        folder = library.root / TRANSLATIONS_DIR / lang
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            shown = path.relative_to(library.root).as_posix()
            # Untrusted input: bounded, strict PO syntax (an unterminated string is an error, not a lost letter).
            catalog, found = read_catalog_checked(path, shown, lang, abort_invalid=True)
            problems.extend(found)
            for message in catalog or ():
                if not message.id or not message.string or message.fuzzy:
                    continue
                if not isinstance(message.id, str) or not isinstance(message.string, str):
                    continue
                errors = [d for d in check_message(message.id, message.string, lang, shown, message.lineno or 0)
                          if d.severity is Severity.ERROR]
                if errors:  # one entry, one error: what else is wrong with it is said in the same message
                    others = "; also: " + "; ".join(d.message for d in errors[1:]) if errors[1:] else ""
                    problems.append(error(shown, errors[0].line, errors[0].code, errors[0].message + others))
    return problems
