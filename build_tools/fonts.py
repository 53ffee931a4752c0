"""Where the Noto fonts live (Debian fonts-noto-core and fonts-noto-cjk); named for Typst and checked."""

from __future__ import annotations

from pathlib import Path

from .languages import language

FONT_PATHS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))


def typst_language(lang: str) -> tuple[str, str]:
    """(language, region) for Typst's text settings; region may be empty (languages.Language.typst)."""
    return language(lang).typst_language
