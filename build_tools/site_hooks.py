"""MkDocs hooks (the `hooks:` setting of each generated MkDocs configuration, site.py): the site's half of
the trust boundary inside MkDocs, through its documented event API, without patching MkDocs or Material.

- Every template variable is autoescaped: Material's templates write titles, site names and interface
  strings without ``| e``, and those come from translations and handbook.yml (untrusted input).
- Every page's content HTML is cleaned by nh3 (sanitise.clean_fragment) and then marked safe, so the
  template writes it as HTML.
- Titles that MkDocs takes from rendered HTML (the first heading, the table of contents) are turned back
  into plain text, so that autoescaping shows them once escaped, not twice.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from build_tools.sanitise import clean_fragment  # absolute: MkDocs loads this file by its path

_TAG = re.compile(r"<[^>]*>")
_CHECKBOX = re.compile(r'(<input type="checkbox" disabled(?:="")?)')
"""A checklist's box is drawn for printing and ticking by hand; it is not a form control (it has no label,
and cannot be changed), so assistive technology is told to skip it and reads the item's text."""


def plain_text(title: str) -> str:
    """Text of a title that may hold HTML (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", title))


def on_env(env: Any, config: Any, files: Any) -> Any:
    env.autoescape = True
    return env


def on_page_content(content: str, page: Any, config: Any, files: Any) -> Markup:
    if page.title:
        page.title = plain_text(str(page.title))
    _plain_toc(page.toc)
    return Markup(_CHECKBOX.sub(r'\1 aria-hidden="true"', clean_fragment(content)))


def _plain_toc(items: Any) -> None:
    for item in items:
        item.title = plain_text(item.title)
        _plain_toc(item.children)
