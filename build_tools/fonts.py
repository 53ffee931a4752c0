"""Where the Noto fonts live (Debian fonts-noto-core and fonts-noto-cjk); named for Typst and checked."""

from __future__ import annotations

from pathlib import Path

FONT_PATHS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
