"""Where the Noto fonts live (Debian fonts-noto-core and fonts-noto-cjk); named for Typst and checked."""

from __future__ import annotations

from pathlib import Path

FONT_PATHS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))


TYPST_LANGUAGE = {"zh-Hans": ("zh", "cn")}
"""Typst takes an ISO 639 language and a region, not a BCP 47 script subtag."""


def typst_language(lang: str) -> tuple[str, str]:
    """(language, region) for Typst's text settings; region may be empty."""
    return TYPST_LANGUAGE.get(lang, (lang, ""))
