"""Turn the hyphens of document numbers in rendered Word XML ("12/TTr-VHXH") into Word's non-breaking hyphens.

The PDF keeps a number with its ký hiệu on one line (HTML: ``giu_ky_hieu`` wraps it in a nowrap span). A Word
paragraph has no such span, and Word and LibreOffice break lines after a hyphen, so "Tờ trình số 12/TTr-" would end
one line and "HĐTĐKT" begin the next. ``<w:noBreakHyphen/>`` is Word's own character for that: it is drawn as an
ordinary hyphen (LibreOffice's PDF shows "-" in the same font, and its text is "-"), python-docx and the format
checker read it as "-", and no line breaks after it. Only hyphens inside a match of ``DOCUMENT_SYMBOL`` change:
"Văn hóa - Xã hội" keeps its spaces and ordinary hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .environment import DOCUMENT_SYMBOL

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NAMESPACE}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A w:t element as docxtpl writes it: a start tag (not <w:tab/>, <w:tbl>, <w:tc>…), text without markup, its end.
_TEXT_ELEMENT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)</w:t>")


def symbol_pieces(text: str) -> list[str] | None:
    """``text`` cut at every hyphen that belongs to a document number, without those hyphens; None if there is none.

    "Tờ trình số 12/TTr-VHXH ngày …" → ["Tờ trình số 12/TTr", "VHXH ngày …"].
    """
    if "-" not in text:
        return None
    cuts = [match.start() + offset for match in DOCUMENT_SYMBOL.finditer(text)
            for offset, char in enumerate(match.group(0)) if char == "-"]
    if not cuts:
        return None
    starts = [0, *(cut + 1 for cut in cuts)]
    ends = [*cuts, len(text)]
    return [text[start:end] for start, end in zip(starts, ends, strict=True)]


def keep_symbols_whole(element) -> None:  # noqa: ANN001 - an lxml element (a w:body, a header…)
    """Rewrite, in place, every run text of ``element`` that holds a document number: its hyphens become
    ``<w:noBreakHyphen/>`` between the text's pieces, in the same run (so with the same look)."""
    from lxml import etree

    for text_element in list(element.iter(f"{_W}t")):
        pieces = symbol_pieces(text_element.text or "")
        if pieces is None:
            continue
        run = text_element.getparent()
        position = run.index(text_element)
        run.remove(text_element)
        for index, piece in enumerate(pieces):
            if index:
                run.insert(position, etree.Element(f"{_W}noBreakHyphen"))
                position += 1
            if piece:
                piece_element = etree.Element(f"{_W}t")
                piece_element.text = piece
                piece_element.set(_XML_SPACE, "preserve")
                run.insert(position, piece_element)
                position += 1


def keep_symbols_whole_xml(xml: str) -> str:
    """The same rewriting on serialised body XML (the certificates' pages, which are kept as text)."""
    return _TEXT_ELEMENT.sub(_rewrite_text_element, xml)


def _rewrite_text_element(found: re.Match) -> str:
    pieces = symbol_pieces(found.group(2))
    if pieces is None:
        return found.group(0)
    return "<w:noBreakHyphen/>".join(_text_elements(pieces))


def _text_elements(pieces: list[str]) -> Iterator[str]:
    for piece in pieces:
        yield f'<w:t xml:space="preserve">{piece}</w:t>' if piece else ""
