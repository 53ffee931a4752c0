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
    svg = translate_svg(SVG, {"Prison records office": "风险评估和安全规划以及后续跟进"}.get, "zh-Hans")
    box = [text for _, _, text in drawn(svg) if text not in ("Case review cycle", "Step 1 &amp; 2", "Court", "42")]
    assert len(box) == 2 and abs(len(box[0]) - len(box[1])) <= 1, box


def test_a_size_inherited_from_a_group_is_known_and_can_be_made_smaller() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><g font-size="14"><text x="10" y="20">Referral pathway</text></g>'
           '<text x="10" y="40">Next</text></svg>')
    out = translate_svg(svg, {"Referral pathway": "Путь перенаправления"}.get, "ru")
    assert re.search(r'<text x="10" y="20" font-size="(9\.8|11\.2|12\.6)">Путь перенаправления</text>', out), out


def test_no_line_breaks_at_a_no_break_space() -> None:
    """French puts a narrow no-break space before a colon: the colon stays on its line."""
    svg = translate_svg(SVG, {"Prison records office": "Greffe\u202f: registre d’écrou des détenus de la prison centrale"}.get, "fr")
    assert not any(text.startswith(("\u202f", ":")) for _, _, text in drawn(svg))
    assert "Greffe\u202f:" in svg


def test_a_label_in_a_box_may_take_the_width_of_the_box() -> None:
    """'Court' is short, but its box is 128 wide: a longer translation keeps its size on one line."""
    svg = SVG.replace('<text x="300" y="115"', '<rect x="236" y="80" width="128" height="60"/>\n<text x="300" y="115"')
    out = translate_svg(svg, {"Court": "Cour de district"}.get, "fr")
    assert '<text x="300" y="115" text-anchor="middle" font-size="12">Cour de district</text>' in out
