"""Section ids: the documented rule that derives an id from an English heading.

Ids are derived from the source language only and kept in every translation (DESIGN decision 2),
so a heading in Arabic or Chinese never needs a slug of its own.
"""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What an explicit ``{#id}`` may look like: lowercase ASCII words joined by single hyphens."""

_HEADING_ID = re.compile(r"\s*\{#([^}\s]*)\}\s*$")


def slugify(text: str) -> str:
    """Lower-case, strip accents, turn every run of other characters into one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_heading(text: str) -> tuple[str, str | None]:
    """Split ``Title {#id}`` into the title and the explicit id (None when there is none)."""
    match = _HEADING_ID.search(text)
    if not match:
        return text.strip(), None
    return text[: match.start()].strip(), match.group(1)
