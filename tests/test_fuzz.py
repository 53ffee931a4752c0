"""Fuzzing the readers of untrusted text with Hypothesis: the Markdown reader (source.parse_chapter,
segments.segment_markdown) and the PO reader (catalogs.read_catalog_checked, i18n_check.check_message).

Properties: never raises, always ends, every diagnostic has a file and a line >= 0, and segmenting then
filling the slots with their own text is stable. `make test` runs the derandomized "ci" profile (a few
seconds); `make bench` runs the "long" profile (HYPOTHESIS_PROFILE=long, tests/fuzz.py).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.catalogs import read_catalog_checked
from build_tools.i18n_check import check_message
from build_tools.limits import text_problems
from build_tools.segments import segment_markdown
from build_tools.source import parse_chapter

settings.register_profile("ci", max_examples=150, deadline=2000, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")), deadline=5000, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PIECES = [
    "# ", "## ", "#### ", "##### ", "{#an-id}", "{#Bad id}", "\n", "\n\n", "    ", "  ", "\t", "> ", "- ", "* ", "+ ", "1. ", "2) ",
    "- [ ] ", "- [x] ", "!!! note", "!!! danger", ' "Title"', "??? note", ":   ", "[^1]", "[^1]: ", "[^a b]", "|", "| a | b |\n|---|---|",
    "```", "~~~", "`", "``", "*", "**", "_", "__", "~", "[", "]", "(", ")", "![alt](media/x.svg", ' "cap")', "[t](ref:h#s)",
    "[](std:mandela-rules#rule-23)",
    "(https://example.org/a_b)", "<b>", "</b>", "<!-- c -->", "<", ">", "&amp;", "\\", "{", "}", ":", "word", "Word ", "é", "مرحبا", "中文",
    "\u200b", "\r", "\r\n", "\x00", "\ufeff", "---", "===", "1", ".", " ",
]
markdown = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=80).map("".join)


def _assert_diagnostics(diagnostics: object, shown: str) -> None:
    for diagnostic in diagnostics:  # type: ignore[attr-defined]
        assert diagnostic.file == shown and diagnostic.line >= 0 and diagnostic.code and diagnostic.message


@given(markdown)
def test_markdown_reader_never_raises_and_reports_file_and_line(text: str) -> None:
    start = time.perf_counter()
    parsed = parse_chapter(text, "handbooks/h/01-x.md")
    _assert_diagnostics(parsed.diagnostics, "handbooks/h/01-x.md")
    _assert_diagnostics(text_problems(text, "handbooks/h/01-x.md"), "handbooks/h/01-x.md")
    assert time.perf_counter() - start < 2


@given(markdown)
def test_segmenting_then_filling_with_the_source_is_stable(text: str) -> None:
    """Filling every slot with its own text gives the chapter with each block on one line; segmenting
    that gives the same segments, and filling it again gives it back unchanged (the round trip of a
    catalog in which every translation equals its source)."""
    template = segment_markdown(text)
    filled = template.fill(lambda segment: segment.text)
    again = segment_markdown(filled)
    assert [(s.kind, s.text) for s in again.segments] == [(s.kind, s.text) for s in template.segments]
    assert again.fill(lambda segment: segment.text) == filled
    assert all(s.line >= 1 for s in template.segments)


@given(markdown, markdown, st.sampled_from(["fr", "es", "ru", "ar", "zh-Hans"]))
def test_translation_check_never_raises(source: str, translation: str, lang: str) -> None:
    _assert_diagnostics(check_message(source, translation, lang, "translations/fr/h.po", 3), "translations/fr/h.po")


PO_PIECES = ['msgid ""\n', 'msgstr ""\n', '"Content-Type: text/plain; charset=UTF-8\\n"\n', '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n',
             '"Language: fr\\n"\n', "msgid ", "msgstr ", "msgstr[0] ", "msgstr[1] ", "msgid_plural ", "msgctxt ", '"', '\\"', "\\n", "\\",
             "#, fuzzy\n", "#| msgid \"old\"\n", "#~ ", "#: a.md\n", "# terms-ok: x\n", "\n", " ", "[a](ref:h#s)", "`", "<b>"]
po_text = st.lists(st.sampled_from(PO_PIECES) | st.text(max_size=3), max_size=60).map("".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(po_text | st.binary(max_size=200).map(lambda b: b.decode("latin-1")), st.booleans())
def test_po_reader_never_raises(tmp_path: Path, text: str, abort_invalid: bool) -> None:
    path = tmp_path / "h.po"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    catalog, problems = read_catalog_checked(path, "translations/fr/h.po", "fr", abort_invalid)
    _assert_diagnostics(problems, "translations/fr/h.po")
    for message in catalog or ():
        if isinstance(message.id, str) and isinstance(message.string, str) and message.id and message.string:
            _assert_diagnostics(check_message(message.id, message.string, "fr", "translations/fr/h.po", message.lineno or 0),
                                "translations/fr/h.po")


def test_findings_of_the_fuzzer() -> None:
    """An indented table row ('    |') looped for ever in the segmenter: `check` passed, then `i18n extract` and every
    build hung. A line led by a tab lost its tab when filled ('\\t# #', code, became a heading)."""
    from build_tools.limits import within_budget

    for text in ("    |", "!!! note\n  |a|", "| a |\n    | b |"):
        template = within_budget(5, lambda text=text: segment_markdown(text))  # type: ignore[misc]
        assert template.fill(lambda segment: segment.text).strip().endswith("|")
    assert segment_markdown("\t# # ").fill(lambda segment: segment.text) == "\t# #\n"
    # A list marker alone (an empty item) or a setext underline was joined to the paragraph: '-\n0' became '- 0'.
    for text in ("-\n0\n", "x\n-\n", "Title\n===\n", "- a\n-\n0\n"):
        assert segment_markdown(text).fill(lambda segment: segment.text) == text
