"""Turn a WeasyPrint layout into the signature block's position on its page, in PDF points, for the manifest.

`vanban sign` places the signer's image and the seal from this record (Nghị định 30, Phụ lục I, mục II.7.d and
II.8.a), so the appearances follow the document's own layout instead of fixed coordinates.
"""

from __future__ import annotations

# CSS pixels (WeasyPrint's unit) to PDF points.
_PT_PER_PX = 0.75


def _classes(box) -> set[str]:  # noqa: ANN001 - a WeasyPrint box
    element = getattr(box, "element", None)
    if element is None or not hasattr(element, "get"):
        return set()
    return set((element.get("class") or "").split())


def signature_block(document) -> dict | None:  # noqa: ANN001 - weasyprint.Document
    """Where ô 7 sits: the signer column, the bottom of the last title line and the top of the name.

    Coordinates are PDF user space (origin bottom left, points); ``trang`` counts pages from 1. None when the
    document has no signer block (a template without it).
    """
    found = None
    for number, page in enumerate(document.pages, start=1):
        page_height_px = page.height
        column = titles = name = None
        for box in page._page_box.descendants():
            classes = _classes(box)
            if "signer" in classes and box.element_tag == "td" and column is None:
                column = box
            elif "signer-title" in classes and box.element_tag == "p":
                titles = box
            elif "signer-name" in classes and box.element_tag == "p" and name is None:
                name = box
        if column is not None and titles is not None and name is not None:
            found = (number, page_height_px, column, titles, name)
    if found is None:
        return None
    number, page_height_px, column, titles, name = found

    def pdf_y(y_px: float) -> float:
        return round((page_height_px - y_px) * _PT_PER_PX, 2)

    left = column.border_box_x()
    return {
        "trang": number,
        "cot_trai": round(left * _PT_PER_PX, 2),
        "cot_phai": round((left + column.border_width()) * _PT_PER_PX, 2),
        "duoi_chuc_vu": pdf_y(titles.border_box_y() + titles.border_height()),
        "tren_ho_ten": pdf_y(name.border_box_y()),
        "cao_trang": round(page_height_px * _PT_PER_PX, 2),
    }
