"""Python-Markdown extension used for the site: an image alone in its paragraph becomes a
``<figure>`` whose caption is the image title, as pandoc does for the PDF and EPUB.

The same Markdown therefore gives a captioned figure in all three outputs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FigureTreeprocessor(Treeprocessor):  # type: ignore[misc]
    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or child[0].tag != "img":
                    continue
                if (child.text or "").strip() or (child[0].tail or "").strip():
                    continue
                image = child[0]
                figure = ET.Element("figure")
                figure.tail = child.tail
                image.tail = None
                caption_text = image.attrib.pop("title", "")
                figure.append(image)
                if caption_text:
                    caption = ET.SubElement(figure, "figcaption")
                    caption.text = caption_text
                parent.remove(child)
                parent.insert(index, figure)


class FigureExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(FigureTreeprocessor(md), "jh_figures", 5)


def makeExtension(**kwargs: object) -> FigureExtension:  # noqa: N802 - Python-Markdown's API name
    return FigureExtension(**kwargs)
