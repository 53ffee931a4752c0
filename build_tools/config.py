"""Settings: mkdocs.yml read and validated, with our own ``library`` key checked by schema."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, error
from .languages import CODES
from .model import FORMATS, Settings
from .schema import Field, validate, validate_mapping
from .source import field_check
from .yamlfile import YamlDocument, read_yaml

PAPERS = ("a4", "us-letter")
LANGUAGES = CODES
"""The languages of the registry (build_tools/languages.py); English is the source. Chinese is Simplified, tagged
zh-Hans (pandoc knows no zh-CN)."""
PDF_STANDARDS = ("ua-1", "none")

SITE_MARKDOWN_EXTENSIONS: dict[str, frozenset[str]] = {
    "tables": frozenset(), "footnotes": frozenset(), "def_list": frozenset(), "attr_list": frozenset(),
    "admonition": frozenset(), "pymdownx.tasklist": frozenset({"custom_checkbox"}), "toc": frozenset({"permalink", "toc_depth"}),
}
"""The Python-Markdown extensions the site may render with, and the options each may take (ARCHITECTURE.md,
"Trust boundary"): mkdocs.yml is contributed too, and an extension such as pymdownx.snippets would read any
file of the build machine into a page; Python-Markdown imports whatever module is named."""
THEME_KEYS = ("name", "font", "language", "features", "palette")
"""What mkdocs.yml may say of the theme; the pipeline sets the rest (custom_dir, direction, ...)."""


def _https(value: str) -> str | None:
    return None if value.startswith("https://") else "must be an https:// address"


def _theme(value: dict[str, Any]) -> str | None:
    unknown = sorted(set(value) - set(THEME_KEYS))
    if unknown:
        return f"unknown theme key '{unknown[0]}'; accepted: {', '.join(THEME_KEYS)}"
    if value.get("name") != "material":
        return "theme.name must be material"
    if value.get("font", False) is not False:
        return "theme.font must be false: no fonts are loaded from other hosts"
    features = value.get("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        return "theme.features must be a list of Material feature names"
    palettes = value.get("palette", {})
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        if not isinstance(palette, dict) or not all(isinstance(k, str) and isinstance(v, (str, dict)) for k, v in palette.items()):
            return "theme.palette must be a mapping of scheme, primary, accent (or a list of them)"
    return None


def _extension_problems(extensions: list[Any], doc: YamlDocument, shown: str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    accepted = ", ".join(SITE_MARKDOWN_EXTENSIONS)
    for index, item in enumerate(extensions):
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else ("", {})
        line = doc.line("markdown_extensions", index)
        if name not in SITE_MARKDOWN_EXTENSIONS:
            problems.append(error(shown, line, "config.bad_value", f"markdown_extensions: '{name or item}' is not accepted; the site "
                                  f"renders the dialect with these only: {accepted}"))
        elif not isinstance(options, dict) or not set(options) <= SITE_MARKDOWN_EXTENSIONS[name] or \
                not all(isinstance(v, (bool, int)) for v in options.values()):
            allowed = ", ".join(sorted(SITE_MARKDOWN_EXTENSIONS[name])) or "none"
            problems.append(error(shown, line, "config.bad_value",
                                  f"markdown_extensions: options of '{name}' accepted: {allowed} (true/false or a number)"))
    return problems


_TOP = [
    Field("site_name", str, check=field_check),
    Field("site_url", str, check=lambda v: None if v.startswith(("https://", "http://")) and v.endswith("/")
          else "must be an http(s) address ending in '/'"),
    Field("site_description", str, required=False, check=field_check),
    Field("repo_url", str, required=False, check=_https),
    Field("copyright", str, required=False, check=field_check),
    Field("theme", dict, check=_theme),
    Field("markdown_extensions", list, required=False),
    Field("library", dict),
]
_LIBRARY = [
    Field("formats", list, choices=FORMATS, help="outputs built by default"),
    Field("languages", list, choices=LANGUAGES, help="languages of the site, English first",
          check=lambda v: None if v[0] == "en" else "the first language must be en, the source language"),
    Field("pdf", dict, required=False),
    Field("edition_threshold", dict, required=False, help="default and per-language share of words translated, 0 to 1",
          check=lambda v: next((f"'{k}': expected a number from 0 to 1 for default or a language of 'languages'"
                                for k, x in v.items() if not (isinstance(x, (int, float)) and 0 <= x <= 1
                                                              and (k == "default" or k in LANGUAGES))), None)),
]
_PDF = [
    Field("paper", str, required=False, choices=PAPERS),
    Field("standard", str, required=False, choices=PDF_STANDARDS),
]


def load_settings(root: Path) -> tuple[Settings | None, list[Diagnostic]]:
    shown = "mkdocs.yml"
    doc, problems = read_yaml(root / shown, shown)
    if problems:
        return None, problems
    # markdown_extensions mixes strings and mappings; validate its items separately.
    data = dict(doc.data) if isinstance(doc.data, dict) else doc.data
    extensions = data.pop("markdown_extensions", None) if isinstance(data, dict) else None
    top, problems = validate(replace(doc, data=data), [f for f in _TOP if f.name != "markdown_extensions"], shown, "config")
    if extensions is not None and not isinstance(extensions, list):
        problems.append(error(shown, doc.line("markdown_extensions"), "config.bad_value",
                              "key 'markdown_extensions': expected a list"))
    elif extensions is not None:
        problems.extend(_extension_problems(extensions, doc, shown))
    if not isinstance(data, dict) or not isinstance(top.get("library"), dict):
        return None, problems  # no library settings to look into: the error above says why (one cause, one error)
    library: dict[str, Any] = top["library"]
    lib_values, lib_problems = validate_mapping(library, doc, ("library",), _LIBRARY, shown, "config", "library.")
    problems.extend(lib_problems)
    pdf = lib_values.get("pdf", {})
    pdf_values, pdf_problems = validate_mapping(pdf, doc, ("library", "pdf"), _PDF, shown, "config", "library.pdf.")
    problems.extend(pdf_problems)
    if problems:
        return None, problems
    mkdocs = {k: v for k, v in doc.data.items() if k != "library"}
    return Settings(
        site_name=top["site_name"],
        site_url=top["site_url"],
        site_description=top.get("site_description", ""),
        repo_url=top.get("repo_url", ""),
        formats=tuple(lib_values["formats"]),
        languages=tuple(lib_values["languages"]),
        paper=pdf_values.get("paper", "a4"),
        pdf_standard=pdf_values.get("standard", "ua-1"),
        mkdocs=mkdocs,
        edition_thresholds=tuple(sorted((str(k), float(v)) for k, v in lib_values.get("edition_threshold", {"default": 1.0}).items())),
    ), []
