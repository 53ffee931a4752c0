"""The language registry (build_tools/languages.py): every fact it holds is one the tools it feeds accept."""

from __future__ import annotations

from pathlib import Path

import material
import snowballstemmer

from build_tools import config
from build_tools.languages import CODES, REGISTRY, SOURCE, language


def test_the_source_comes_first_and_the_configuration_accepts_exactly_the_registry() -> None:
    assert CODES[0] == SOURCE == "en"
    assert config.LANGUAGES == CODES


def test_material_has_a_translation_of_its_interface_for_every_language() -> None:
    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    assert all((partials / f"{lang.material_language}.html").is_file() for lang in REGISTRY.values())


def test_every_snowball_algorithm_named_exists() -> None:
    named = {lang.snowball for lang in REGISTRY.values() if lang.snowball}
    assert named and named <= set(snowballstemmer.algorithms())


def test_a_code_the_registry_does_not_know_gets_the_defaults() -> None:
    assert language("pt").direction == "ltr" and language("pt").typst_language == ("pt", "")
    assert language("ar").rtl and language("zh-Hans").typst_language == ("zh", "cn")
