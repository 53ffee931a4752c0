"""``i18n check``: each code has an input that triggers it, and clean translations pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.i18n_check import check_files, check_message
from build_tools.translate import sanitise

SOURCE = "See [the rules](ref:prison-reform#pretrial-detention) and `make check`.[^a] Visit https://example.org/ or mail info@example.org."


@pytest.mark.parametrize(("source", "translation", "lang", "code"), [
    (SOURCE, "Voir [les règles](ref:prison-reform#overcrowding) et `make check`.[^a] https://example.org/ info@example.org", "fr",
     "translation.xref"),
    (SOURCE, "Voir les règles et `make check`.[^a] https://example.org/ info@example.org", "fr", "translation.xref"),
    ("Read [this](https://a.org/x).", "Lire [ceci](https://a.org/y).", "fr", "translation.link"),
    ("![A map](media/map.svg)", "![Une carte](media/carte.svg)", "fr", "translation.image"),
    ("Text.[^a]", "Texte.", "fr", "translation.footnote"),
    ("Run `make check`.", "Lancez `make vérifier`.", "fr", "translation.code"),
    ("Go to https://example.org/a.", "Allez à https://example.org/b.", "fr", "translation.url"),
    ("Write to info@example.org.", "Écrivez à contact@example.org.", "fr", "translation.email"),
    ("{count} pages", "{nombre} pages", "fr", "translation.placeholder"),
    ("Some **strong** text.", "Un texte **fort.", "fr", "translation.markdown"),
    ("Some *emphasis* here.", "Un *accent ici.", "fr", "translation.markdown"),
    ("A `code` mark.", "Une marque `code.", "fr", "translation.markdown"),
    ("A [link](https://a.org/).", "Un [lien(https://a.org/).", "fr", "translation.markdown"),
    ("Plain.", "Texte <script>alert(1)</script>.", "fr", "translation.unsafe_html"),
    ("Plain.", 'Texte <abbr title="x" onclick="alert(1)">ONU</abbr>.', "fr", "translation.unsafe_html"),
    ("A [link](https://a.org/).", "Un [lien](javascript:alert(1)).", "fr", "translation.unsafe_url"),
    ("A [link](https://a.org/).", "Un [lien](data:text/html,x).", "fr", "translation.unsafe_url"),
    ("One space.", "Deux  espaces.", "fr", "translation.double_space"),
    ("No space.", " Espace au début.", "fr", "translation.whitespace"),
    ("Plain.", "Texte\u200b caché.", "fr", "translation.zero_width"),
    ("Why?", "Pourquoi?", "fr", "translation.punctuation"),
    ("Why?", "为什么?", "zh-Hans", "translation.punctuation"),
    ('He said "yes".', '他说"是"。', "zh-Hans", "translation.punctuation"),
    ("Why, then?", "لماذا, إذن?", "ar", "translation.punctuation"),
])
def test_each_code_is_triggered(source: str, translation: str, lang: str, code: str) -> None:
    found = check_message(source, translation, lang, "x.po", 7)
    assert code in [d.code for d in found], [d.format() for d in found]
    assert all(d.file == "x.po" and d.line == 7 for d in found)


@pytest.mark.parametrize(("source", "translation", "lang"), [
    (SOURCE, "Voir [les règles](ref:prison-reform#pretrial-detention) et `make check`.[^a] Rendez-vous sur "
             "https://example.org/ ou écrivez à info@example.org.", "fr"),
    ("Why? Because: it works; really!", "Pourquoi\u202f? Parce que\u202f: ça marche\u202f; vraiment\u202f!", "fr"),
    ("Why, then?", "لماذا، إذن؟", "ar"),
    ("Why? Because.", "为什么？因为。", "zh-Hans"),
    ("Use `<language>` and `[text](ref:x#y)` here.", "Utilisez `<language>` et `[text](ref:x#y)` ici.", "fr"),
    ("Use <abbr>UN</abbr>.", '<abbr title="Organisation des Nations Unies">ONU</abbr>.', "fr"),
    ("[](ref:beta#beta-section)", "[](ref:beta#beta-section)", "ar"),
])
def test_clean_translations_pass(source: str, translation: str, lang: str) -> None:
    assert [d.format() for d in check_message(source, translation, lang, "x.po", 1)] == []


def test_a_po_syntax_error_names_its_line(tmp_path: Path) -> None:
    po = tmp_path / "fr" / "alpha.po"
    po.parent.mkdir()
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Hello"\nmsgstr "Bonjour"\ngarbage here\n', encoding="utf-8")
    found = check_files([po], tmp_path)
    assert [(d.code, d.file, d.line) for d in found] == [("po.syntax", "fr/alpha.po", 7)]


def test_the_command_fails_on_errors_and_passes_on_warnings(tmp_path: Path) -> None:
    po = tmp_path / "fr" / "alpha.po"
    po.parent.mkdir()
    header = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
    po.write_text(header + 'msgid "Why?"\nmsgstr "Pourquoi?"\n', encoding="utf-8")
    run = [sys.executable, "-m", "build_tools", "--root", str(tmp_path), "i18n", "check", str(po)]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "fr/alpha.po:5: warning:" in result.stderr
    po.write_text(header + 'msgid "See [x](ref:a#b)."\nmsgstr "Voir [x](ref:a#c)."\n', encoding="utf-8")
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "fr/alpha.po:5: error:" in result.stderr and "[translation.xref]" in result.stderr


@pytest.mark.parametrize(("text", "expected"), [
    ("Texte <script>alert(1)</script>", "Texte &lt;script>alert(1)&lt;/script>"),
    ("Un [lien](javascript:alert(1)) ici", "Un lien ici"),
    ("Un [lien](DATA:text/html,x) ici", "Un lien ici"),
    ("a < b et c > d", "a < b et c > d"),
])
def test_unsafe_html_never_reaches_the_output(text: str, expected: str) -> None:
    assert sanitise(text) == expected


def test_fuzzy_entries_are_not_checked(tmp_path: Path) -> None:
    """A fuzzy entry is a guess kept for review and never used: like msgfmt, the check leaves it alone."""
    po = tmp_path / "fr" / "alpha.po"
    po.parent.mkdir()
    header = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
    po.write_text(header + '#, fuzzy\nmsgid "See [x](ref:a#b)."\nmsgstr "Voir [x](ref:a#c)."\n', encoding="utf-8")
    assert check_files([po], tmp_path) == []
