"""Settings: mkdocs.yml read and validated, with our own ``library`` key checked by schema."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, error
from .model import FORMATS, Settings
from .schema import Field, validate, validate_mapping
from .yamlfile import read_yaml

PAPERS = ("a4", "us-letter")
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-Hans")
"""The six UN languages; English is the source. Chinese is Simplified, tagged zh-Hans (pandoc knows no zh-CN)."""
PDF_STANDARDS = ("ua-1", "none")

_TOP = [
    Field("site_name", str),
    Field("site_url", str, check=lambda v: None if v.startswith(("https://", "http://")) and v.endswith("/")
          else "must be an http(s) address ending in '/'"),
    Field("site_description", str, required=False),
    Field("repo_url", str, required=False),
    Field("copyright", str, required=False),
    Field("theme", dict),
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
    library: dict[str, Any] = top.get("library", {})
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
