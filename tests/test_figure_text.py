"""Labels of SVG figures: found as catalog entries, and drawn again in the reader's language."""

from __future__ import annotations

import re

from build_tools.figure_text import labels, translate_svg

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" font-family="Noto Sans, sans-serif">
<text x="200" y="30" text-anchor="middle" font-size="20" font-weight="bold">Case review cycle</text>
<rect x="10" y="60" width="128" height="90"/>
<text x="74" y="100" text-anchor="middle" font-size="12">Prison records</text>
<text x="74" y="115" text-anchor="middle" font-size="12">office</text>
<text x="74" y="140" text-anchor="middle" font-size="10">Step 1 &amp; 2</text>
<text x="300" y="115" text-anchor="middle" font-size="12">Court</text>
<text x="300" y="160" text-anchor="middle" font-size="12">42</text>
</svg>"""


def drawn(svg: str) -> list[tuple[str, str, str]]:
    """(y, font-size, text) of every text element."""
    return [(re.search(r'\by="([^"]+)"', a).group(1), re.search(r'font-size="([^"]+)"', a).group(1), t)  # type: ignore[union-attr]
            for a, t in re.findall(r"<text([^>]*)>([^<]*)</text>", svg)]


def test_stacked_lines_of_one_box_are_one_label_and_numbers_are_not_labels() -> None:
    """'Prison records' / 'office' is one sentence for the translator; a different size, x or a gap
    starts another label; '42' has nothing to translate."""
    assert [(label.text, len(label.lines)) for label in labels(SVG)] == [
        ("Case review cycle", 1), ("Prison records office", 2), ("Step 1 & 2", 1), ("Court", 1)]


def test_untranslated_labels_stay_and_translated_ones_replace_them() -> None:
    svg = translate_svg(SVG, {"Court": "Tribunal", "Step 1 & 2": "Étapes 1 & 2"}.get, "fr")
    assert "<text x=\"300\" y=\"115\" text-anchor=\"middle\" font-size=\"12\">Tribunal</text>" in svg
    assert ">Étapes 1 &amp; 2<" in svg and "Case review cycle" in svg and 'xml:lang="fr"' in svg


def test_a_longer_translation_is_wrapped_to_the_english_width_and_centred_where_the_english_was() -> None:
    svg = translate_svg(SVG, {"Prison records office": "Service de l’état civil des détenus de la prison"}.get, "fr")
    lines = [line for line in drawn(svg) if line[0] not in ("30", "140", "115", "160") or "Service" in line[2]]
    box = [line for line in drawn(svg) if line[2] not in ("Case review cycle", "Step 1 &amp; 2", "Court", "42")]
    assert " ".join(text for _, _, text in box) == "Service de l’état civil des détenus de la prison"
    assert 2 <= len(box) <= 3 and lines
    middle = sum(float(y) for y, _, _ in box) / len(box)
    assert abs(middle - 107.5) < 0.1, "centred on the English block (100 and 115)"
    assert all(len(text) <= len("Prison records") * 1.35 for _, _, text in box)


def test_chinese_breaks_between_characters_and_keeps_punctuation_with_the_character_before() -> None:
    translation = "监狱登记处负责核对名单，并记录结果"
    svg = translate_svg(SVG, {"Prison records office": translation}.get, "zh-Hans")
    box = [text for _, _, text in drawn(svg) if text not in ("Case review cycle", "Step 1 &amp; 2", "Court", "42")]
    assert "".join(box) == translation and len(box) >= 2
    assert not any(text.startswith("，") for text in box)
    assert 'font-family="Noto Sans CJK SC' in svg and 'xml:lang="zh-Hans"' in svg


def test_arabic_labels_get_a_font_with_arabic_letters() -> None:
    svg = translate_svg(SVG, {"Court": "المحكمة"}.get, "ar")
    assert ">المحكمة<" in svg and 'font-family="Noto Sans Arabic' in svg
    assert svg.count("font-family=") == 1


def test_wrapped_lines_are_even_with_no_character_left_alone() -> None:
    svg = translate_svg(SVG, {"Prison records office": "风险评估和安全规划"}.get, "zh-Hans")
    box = [text for _, _, text in drawn(svg) if text not in ("Case review cycle", "Step 1 &amp; 2", "Court", "42")]
    assert len(box) == 2 and abs(len(box[0]) - len(box[1])) <= 1, box
