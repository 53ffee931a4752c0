"""The language registry (build_tools/languages.py): every fact it holds is one the tools it feeds accept."""

from __future__ import annotations

import re
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


def test_no_module_but_the_registry_names_a_language() -> None:
    """A fact about one language lives in the registry; the pipeline asks it (the source language aside)."""
    package = Path(__file__).resolve().parent.parent / "build_tools"
    codes = "|".join(re.escape(code) for code in CODES if code != SOURCE)
    quoted = re.compile(rf"""["'](?:{codes})["']""")
    found = [f"{path.relative_to(package)}:{number}: {line.strip()}" for path in sorted(package.rglob("*.py"))
             if path.name != "languages.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if quoted.search(line) and not line.lstrip().startswith("#")]
    assert found == []
