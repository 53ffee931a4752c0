"""The languages of the library, each with every fact the pipeline needs about it, in one place.

A stage asks the registry (``language(code)``) instead of testing a code: adding a language is one entry
here, its catalogs, and its search analysis (``search_data/languages.json``, shared with the browser).
ARCHITECTURE.md, "Languages", says what else a new language brings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    """BCP 47 tag: folder names (site/<code>/, translations/<code>/), ``lang`` attributes, catalogs."""
    direction: str = "ltr"
    """Writing direction of the pages, PDFs and EPUBs: ltr or rtl."""
    material: str = ""
    """Material for MkDocs' name for the language, when it differs from ``code`` (it names Simplified Chinese 'zh')."""
    typst: tuple[str, str] = ("", "")
    """(ISO 639 language, region) for Typst's text settings, when they differ from ``code``: Typst takes no script subtag."""
    figure_font: str = ""
    """CSS font-family for the labels drawn in figures, when the default has not the script: a renderer that does
    not fall back would draw boxes."""
    snowball: str = ""
    """Snowball algorithm of the search analysis (the browser uses porter2 for English, lunr-languages for others)."""
    plural_suffix: bool = False
    """Plurals add an ending to the last word ("remand prisoners", "prévenus"): a glossary term matches in the plural."""
    words_by_spaces: bool = True
    """Words are separated by spaces (a glossary term is matched at word boundaries); not so for Chinese and Arabic,
    whose terms are matched as they are written."""
    unspaced: bool = False
    """Written without spaces between words (Chinese): a translation uses a term when it contains it."""
    stemmer: str = ""
    """A stemmer of build_tools/analysis.py other than Snowball's, by name: 'arabic' (light stemming)."""
    citation: str = "{short}, {word} {number}"
    """How a citation of a provision reads: "Nelson Mandela Rules, rule 23"."""
    provisions: tuple[tuple[str, str], ...] = ()
    """Where the provision's number stands in its own phrase, by kind of provision (Chinese: 第37条)."""
    punctuation: tuple[tuple[str, str], ...] = ()
    """(pattern, what to do) for punctuation of another language in a translation: i18n_check warns."""

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def material_language(self) -> str:
        return self.material or self.code

    @property
    def typst_language(self) -> tuple[str, str]:
        return self.typst if self.typst[0] else (self.code, "")


_CJK = "\u3400-\u9fff\uf900-\ufaff"
"""Han characters (CJK Unified Ideographs, Extension A, Compatibility Ideographs)."""

SOURCE = "en"
"""The language the handbooks are written in; every other language is a translation of it."""

REGISTRY: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", snowball="english", plural_suffix=True),
    Language("fr", snowball="french", plural_suffix=True,
             punctuation=((r"(?<=.)(?<![\u00a0\u202f])[;:!?](?=\s|$)", "French needs a (narrow) no-break space before ; : ! ?"),)),
    Language("es", snowball="spanish", plural_suffix=True),
    Language("ru", snowball="russian"),
    Language("ar", direction="rtl", figure_font="Noto Sans Arabic, Noto Naskh Arabic, sans-serif", words_by_spaces=False,
             stemmer="arabic", citation="{short}، {word} {number}",
             punctuation=((r"[\u0600-\u06ff]\s*[,?;]", "Arabic text takes the Arabic comma ، question mark ؟ and semicolon ؛"),)),
    Language("zh-Hans", material="zh", typst=("zh", "cn"), figure_font="Noto Sans CJK SC, Noto Sans SC, sans-serif",
             words_by_spaces=False, unspaced=True, citation="{short}{word}{number}",
             provisions=(("article", "第{number}条"), ("paragraph", "第{number}段"), ("rule", "规则{number}"),
                         ("principle", "原则{number}"), ("guideline", "准则{number}")),
             punctuation=((f"[{_CJK}][,.;:!?()]|[,;:!?]\\s*[{_CJK}]", "Chinese text takes full-width punctuation (，。；：！？（）)"),
                          ('"', "Chinese text takes the quotation marks “ ”, not \""))),
)}
"""The six UN languages, English (the source) first."""

CODES: tuple[str, ...] = tuple(REGISTRY)


def language(code: str) -> Language:
    """The registry's entry; a code it does not know gets the defaults (left to right, no stemming)."""
    return REGISTRY.get(code) or Language(code)


def direction(code: str) -> str:
    return language(code).direction
