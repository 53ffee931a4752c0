"""The relevance test set for search (tests/search/queries.yml, measured by `make bench` once search exists):
every query targets sections that exist and that are translated in the query's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_tools.load import load_library
from build_tools.resolve import link_table
from build_tools.translate import load_catalogs
from tests.conftest import ROOT

QUERIES = yaml.safe_load((Path(__file__).parent / "search" / "queries.yml").read_text(encoding="utf-8"))["queries"]
_LOADED, _ = load_library(ROOT)
assert _LOADED is not None
LIBRARY = _LOADED
TABLE = link_table(LIBRARY)
KINDS = {"exact", "inflected", "synonym", "spelling-variant", "multi-word", "cjk-word"}


def test_at_least_twelve_queries_in_each_of_the_six_languages() -> None:
    assert {lang: len(items) >= 12 for lang, items in QUERIES.items()} == {lang: True for lang in LIBRARY.settings.languages}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar", "zh-Hans"])
def test_every_expected_section_exists_and_is_readable_in_the_language(lang: str) -> None:
    catalogs = load_catalogs(LIBRARY, lang)
    for item in QUERIES[lang]:
        assert item["kind"] in KINDS, item
        assert 1 <= len(item["expect"]) <= 3, item
        for expected in item["expect"]:
            handbook, section = expected.split("#")
            target = TABLE.get((handbook, section))
            assert target is not None, expected
            if lang != "en":
                assert catalogs.lookup(handbook, target.title), f"{expected} is not translated into {lang}"
