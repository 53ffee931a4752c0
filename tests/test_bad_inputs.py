"""The catalogue of bad inputs (tests/bad_inputs.yml; ARCHITECTURE.md, "Trust boundary"): one entry per kind.

Each entry names a mutation of a fresh copy of the fixture library ``mini`` (built once, site/ included) and
what the build must do with it:

- a refusal (``expect: {code, file, line}``): BuildFailed, with an error of exactly that code, file and line
  among exactly ``errors`` (default 1) errors, no other exception, and site/ byte-identical;
- an acceptance (``accept: true``): the build succeeds, no ``safe_output`` pattern (a regular expression)
  appears in any built HTML page or figure, every ``shows`` pattern does (the input did reach the page), and
  the warning ``warns: {code, file}`` is reported when the entry names one. The accepted inputs are applied
  together to one copy and built once; an input expected to fail is built alone.

An input the build does not handle as it should stays in the table with ``xfail: "<what happens today>"`` and
``fails_with``: how the test fails today (``not refused``, ``wrong diagnostic``, ``too many errors``,
``exception``, or ``refused`` for an input that should be accepted). The xfail is strict and holds only for that
failure: once the input is handled, or if it starts failing in another way, the test says so. Adding a kind is
adding one entry to the YAML file.

Every expected code is one of the input gate's (load and validate): a build that gets past validation has not
refused the input where it should, and is stopped there (the later stages take seconds and would only build
what the input gate let through).

Mutations, applied in this order: ``write: {file, text | base64}``, ``replace: {file, old, new}`` (the first
occurrence, which must exist), ``append: {file, text}``, ``delete: {file}``, ``symlink: {file, target}``
(an existing file or folder is removed first), ``po: {lang, domain, msgid, msgstr}`` (the translation of an
existing entry of translations/<lang>/<domain>.po, written with catalogs.write_catalog). Each takes a
mapping or a list of mappings. Lines: ``line`` (absolute), ``line_in_text`` (the n-th line of the text
appended to the expected file) or ``line: entry`` (the line of the PO entry changed in the expected file).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools import pipeline
from build_tools.catalogs import read_catalog, write_catalog
from build_tools.diagnostics import BuildFailed, Diagnostic
from build_tools.i18n import catalog_path, update
from build_tools.load import load_library
from build_tools.pipeline import BuildOptions, BuildResult, build
from tests.conftest import copy_fixture
from tests.helpers import tree_digest

TABLE = Path(__file__).with_name("bad_inputs.yml")
SITE_ONLY = BuildOptions(formats=("site",))
MUTATIONS = ("write", "replace", "append", "delete", "symlink", "po")
CLASSES = frozenset({
    "markdown", "link", "image", "attribute-list", "raw-html", "translation", "yaml-config", "handbook-yml",
    "standards", "glossary", "po", "svg", "media", "symlink", "encoding", "limits", "site-page",
})
ENTRY_KEYS = frozenset({"kind", "class", "expect", "accept", "safe_output", "shows", "warns", "errors", "xfail", "fails_with", *MUTATIONS})
OUTPUT_CODES = ("site.", "output.", "pdf.", "epub.", "search.", "publish.")
"""Codes of the stages after validation: an entry expecting one of them is built to the end."""


class NotRefused(AssertionError):
    """The input passed the input gate."""


class WrongDiagnostic(AssertionError):
    """Refused, but without the expected code, file and line."""


class TooManyErrors(AssertionError):
    """Refused as expected, with more errors than the entry's root causes."""


class Crashed(AssertionError):
    """An exception other than BuildFailed escaped the build."""


class Refused(AssertionError):
    """An input that should be accepted was refused."""


class _PassedValidation(Exception):
    pass


FAILS_WITH: dict[str, type[AssertionError]] = {"not refused": NotRefused, "wrong diagnostic": WrongDiagnostic,
                                               "too many errors": TooManyErrors, "exception": Crashed, "refused": Refused}

ENTRIES: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [str(entry.get("kind", "?")) for entry in entries]


def _marks(entry: dict[str, Any]) -> list[pytest.MarkDecorator]:
    if not entry.get("xfail"):
        return []
    return [pytest.mark.xfail(reason=str(entry["xfail"]), strict=True, raises=FAILS_WITH[entry["fails_with"]])]


REFUSED = [pytest.param(e, id=e["kind"], marks=_marks(e)) for e in ENTRIES if "expect" in e]
ACCEPTED = [pytest.param(e, id=e["kind"], marks=_marks(e)) for e in ENTRIES if e.get("accept")]


def _items(value: Any) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else [value]


@dataclass
class Applied:
    """What the mutations did, for the expected line: where each appended text starts, each PO entry's line."""

    appended_at: dict[str, int] = field(default_factory=dict)
    """file → number of the line before the appended text's first line."""
    po_lines: dict[str, int] = field(default_factory=dict)
    """PO file → line of the last entry changed."""


def mutate(root: Path, entry: dict[str, Any]) -> Applied:
    applied = Applied()
    for kind in MUTATIONS:
        for item in _items(entry.get(kind, [])):
            path = root / item["file"] if "file" in item else root
            if kind == "write":
                path.parent.mkdir(parents=True, exist_ok=True)
                if "base64" in item:
                    path.write_bytes(base64.b64decode(item["base64"]))
                else:
                    path.write_bytes(item["text"].encode("utf-8"))
            elif kind == "replace":
                text = path.read_text(encoding="utf-8")
                assert item["old"] in text, f"{item['old']!r} is not in {item['file']}: the fixture changed"
                path.write_text(text.replace(item["old"], item["new"], 1), encoding="utf-8")
            elif kind == "append":
                text = path.read_text(encoding="utf-8")
                applied.appended_at[item["file"]] = text.count("\n")
                path.write_text(text + item["text"], encoding="utf-8")
            elif kind == "delete":
                path.unlink()
            elif kind == "symlink":
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                elif path.exists() or path.is_symlink():
                    path.unlink()
                path.symlink_to(item["target"])
            else:
                po = catalog_path(root, item["lang"], item["domain"])
                catalog = read_catalog(po, item["lang"])
                message = catalog.get(item["msgid"])
                assert message is not None, f"no entry {item['msgid']!r} in {po}: the fixture changed"
                message.string = item["msgstr"]
                write_catalog(po, catalog)
                line = next(m.lineno for m in read_catalog(po, item["lang"]) if m.id == item["msgid"])
                applied.po_lines[po.relative_to(root).as_posix()] = int(line or 0)
    return applied


def expected_line(expect: dict[str, Any], applied: Applied) -> int:
    if "line_in_text" in expect:
        return applied.appended_at[expect["file"]] + int(expect["line_in_text"])
    if expect.get("line") == "entry":
        return applied.po_lines[expect["file"]]
    return int(expect["line"])


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mini with its catalogs (all untranslated) and its site, built once."""
    root = copy_fixture("mini", tmp_path_factory.mktemp("bad-inputs"))
    library, _ = load_library(root)
    assert library is not None
    update(library)
    build(root, SITE_ONLY)
    return root


def fresh(prebuilt: Path, folder: Path) -> Path:
    """A copy of the prebuilt library; the site's files are hard links (the build never writes into site/:
    it replaces it whole), so that each case costs little."""
    root = folder / "mini"
    shutil.copytree(prebuilt, root, symlinks=True, ignore=shutil.ignore_patterns("site"))
    shutil.copytree(prebuilt / "site", root / "site", copy_function=os.link)
    return root


def test_the_catalogue_is_well_formed() -> None:
    kinds = _ids(ENTRIES)
    assert len(kinds) >= 80, len(kinds)
    assert len(set(kinds)) == len(kinds), [k for k in kinds if kinds.count(k) > 1]
    for entry in ENTRIES:
        assert set(entry) <= ENTRY_KEYS, (entry["kind"], set(entry) - ENTRY_KEYS)
        assert entry["class"] in CLASSES, entry["kind"]
        assert ("expect" in entry) != bool(entry.get("accept")), f"{entry['kind']}: give expect or accept"
        assert bool(entry.get("xfail")) == (entry.get("fails_with") in FAILS_WITH), f"{entry['kind']}: xfail needs fails_with"
        assert any(k in entry for k in MUTATIONS), f"{entry['kind']}: no mutation"
        if "expect" in entry:
            assert {"code", "file"} <= set(entry["expect"]), entry["kind"]
            assert "line" in entry["expect"] or "line_in_text" in entry["expect"], entry["kind"]
        else:
            assert entry.get("safe_output") or entry.get("shows"), f"{entry['kind']}: what makes the output safe?"


@pytest.mark.parametrize("entry", REFUSED)
def test_a_bad_input_is_refused_at_its_line_and_site_is_untouched(entry: dict[str, Any], prebuilt: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = fresh(prebuilt, tmp_path)
    before = tree_digest(root / "site")
    applied = mutate(root, entry)
    expect = entry["expect"]
    wanted = (expect["code"], expect["file"], expected_line(expect, applied))
    if not expect["code"].startswith(OUTPUT_CODES):
        monkeypatch.setattr(pipeline, "link_table", _stop)  # the first call after validation
    try:
        build(root, SITE_ONLY)
    except BuildFailed as failed:
        errors = failed.report.errors
    except _PassedValidation:
        raise NotRefused(f"passed validation; wanted {wanted}") from None
    except Exception as exc:
        raise Crashed(f"{type(exc).__name__}: {exc}") from exc
    else:
        raise NotRefused(f"built; wanted {wanted}")
    shown = "\n".join(d.format() for d in errors)
    if wanted not in [(d.code, d.file, d.line) for d in errors]:
        raise WrongDiagnostic(f"wanted {wanted}; got:\n{shown}")
    assert tree_digest(root / "site") == before, "site/ changed"
    assert not list(root.glob(".site.staging-*")), "a staging folder was left"
    if len(errors) != entry.get("errors", 1):
        raise TooManyErrors(f"{entry.get('errors', 1)} root cause(s), {len(errors)} errors:\n{shown}")


def _stop(library: object) -> None:
    raise _PassedValidation


def _pages(site: Path) -> Iterator[tuple[str, str]]:
    for page in sorted(p for p in site.rglob("*") if p.suffix in (".html", ".svg") and "assets" not in p.parts):
        yield page.relative_to(site).as_posix(), page.read_text(encoding="utf-8", errors="replace")


def _output_problems(site: Path, entry: dict[str, Any]) -> list[str]:
    """Every safe_output pattern found in a page or figure, every shows pattern found in none."""
    problems: list[str] = []
    pages = list(_pages(site))
    for pattern in entry.get("safe_output", []):
        problems += [f"{name}: {match.group(0)!r} (safe_output {pattern!r})"
                     for name, text in pages for match in re.finditer(pattern, text)]
    problems += [f"no page shows {pattern!r}" for pattern in entry.get("shows", [])
                 if not any(re.search(pattern, text) for _, text in pages)]
    return problems


@dataclass
class Group:
    """The accepted inputs (those not expected to fail) applied together to one copy and built once."""

    site: Path | None
    found: list[Diagnostic]
    """The errors that stopped the build, or the warnings of the build that succeeded."""


@pytest.fixture(scope="session")
def accepted_together(prebuilt: Path, tmp_path_factory: pytest.TempPathFactory) -> Group:
    root = fresh(prebuilt, tmp_path_factory.mktemp("accepted"))
    together = [e for e in ENTRIES if e.get("accept") and not e.get("xfail")]
    for entry in sorted(together, key=lambda e: "write" not in e):  # a whole file written first, then edits
        mutate(root, entry)
    try:
        result: BuildResult = build(root, SITE_ONLY)
    except BuildFailed as failed:
        return Group(None, failed.report.errors)
    return Group(result.site_dir, result.report.warnings)


def test_the_accepted_inputs_build_together(accepted_together: Group) -> None:
    assert accepted_together.site is not None, [d.format() for d in accepted_together.found]


@pytest.mark.parametrize("entry", ACCEPTED)
def test_an_accepted_input_builds_and_its_output_is_safe(entry: dict[str, Any], prebuilt: Path, tmp_path: Path,
                                                          accepted_together: Group) -> None:
    site, warnings = accepted_together.site, accepted_together.found
    if site is None or entry.get("xfail"):  # built alone, so that a refusal names this input
        root = fresh(prebuilt, tmp_path)
        mutate(root, entry)
        try:
            result = build(root, SITE_ONLY)
        except BuildFailed as failed:
            raise Refused("refused:\n" + "\n".join(d.format() for d in failed.report.errors)) from None
        site, warnings = result.site_dir, result.report.warnings
    problems = _output_problems(site, entry)
    assert not problems, problems
    if "warns" in entry:
        wanted = (entry["warns"]["code"], entry["warns"]["file"])
        assert wanted in [(d.code, d.file) for d in warnings], [d.format() for d in warnings]
