"""Turn the body's paragraph format, the page flow and the annex tables into findings.

Paragraph format (DOCX only: a PDF does not say what a paragraph asked for): Phụ lục I, Phần I, mục II, khoản 6 asks
the body to be justified, each paragraph's first line indented 1 cm or 1,27 cm, at least 6 pt between paragraphs
and line spacing from single to 1,5 lines. A heading or an article's first line alone at the bottom of a page (PDF)
and a money column of zeros in an annex (DOCX) are practice: warnings.
"""

from __future__ import annotations

import re

from ..model import WARNING, Block
from .base import DIEU, NOI_DUNG, PHU_LUC, R_NOI_DUNG, R_THUC_TIEN, CheckerBase, _num

FIRST_LINE_MM = (9.5, 13.0)  # 1 cm or 1,27 cm, with the rounding of Word's units
MIN_GAP_PT = 6.0
LINE_SPACING = (0.95, 1.55)  # single to 1,5 lines
SHOWN = 4  # places listed in one finding
_HEADING = re.compile(r"^(Điều\s+\d+\s*\.|Chương\s+[IVXLC\d]+|Mục\s+\d+|[IVXLC]+\.\s|QUYẾT ĐỊNH:)")
_MONEY_HEADER = re.compile(r"(số\s+tiền|thành\s+tiền|tiền\s+thưởng)", re.IGNORECASE)


def _places(blocks: list[Block]) -> str:
    shown = ", ".join(block.where for block in blocks[:SHOWN])
    return shown + (f" và {len(blocks) - SHOWN} đoạn khác" if len(blocks) > SHOWN else "")


class FlowRules(CheckerBase):
    def body_format(self) -> None:
        """Justified, first-line indent, space between paragraphs, line spacing of the body's paragraphs."""
        if self.layout.fmt != "docx":
            return
        found = self.elements
        indices = sorted(set(found.body) | set(found.citations))
        paragraphs = [self.blocks[index] for index in indices
                      if self.blocks[index].column == "body" and self.blocks[index].first_line_mm is not None
                      and len(self.blocks[index].stripped) >= 60 and not self.blocks[index].stripped.startswith("-")]
        if not paragraphs:
            return
        element = NOI_DUNG
        not_justified = [block for block in paragraphs if block.align not in ("both", None)]
        if not_justified:
            self.add(element, f"đoạn văn căn {_align_name(not_justified[0].align)} ({_places(not_justified)})",
                     "căn đều hai lề", R_NOI_DUNG, "Nội dung văn bản phải căn đều hai lề (Justify).",
                     not_justified[0].where)
        low, high = FIRST_LINE_MM
        bad_indent = [block for block in paragraphs if not low <= (block.first_line_mm or 0.0) <= high]
        if bad_indent:
            first = bad_indent[0]
            self.add(element, f"lùi đầu dòng {_num(first.first_line_mm or 0.0)} mm ({_places(bad_indent)})",
                     "chữ đầu dòng lùi vào 1 cm hoặc 1,27 cm", R_NOI_DUNG,
                     "Khi xuống dòng, chữ đầu dòng của đoạn văn phải lùi vào 1 cm hoặc 1,27 cm (First line).",
                     first.where)
        tight = []
        for block, following in zip(paragraphs, paragraphs[1:], strict=False):
            if following.paragraph != block.paragraph + 1:
                continue  # only paragraphs that follow each other directly
            if (block.space_after_pt or 0.0) + (following.space_before_pt or 0.0) < MIN_GAP_PT - 0.05:
                tight.append(following)
        if tight:
            self.add(element, f"khoảng cách giữa các đoạn dưới 6 pt ({_places(tight)})",
                     "khoảng cách giữa các đoạn văn tối thiểu 6 pt", R_NOI_DUNG,
                     "Khoảng cách giữa các đoạn văn phải tối thiểu 6 pt (Spacing Before/After).", tight[0].where)
        low, high = LINE_SPACING
        spaced = [block for block in paragraphs if not low <= (block.line_spacing or 1.0) <= high]
        if spaced:
            first = spaced[0]
            self.add(element, f"giãn dòng {_num(first.line_spacing or 1.0, 2)} dòng ({_places(spaced)})",
                     "giãn dòng từ dòng đơn (single) đến 1,5 dòng", R_NOI_DUNG,
                     "Khoảng cách giữa các dòng tối thiểu là dòng đơn, tối đa là 1,5 dòng (Line spacing).",
                     first.where)

    def lonely_headings(self) -> None:
        """A heading, or the first line of an article, printed alone at the bottom of a page (PDF)."""
        if self.layout.fmt != "pdf":
            return
        for index, block in enumerate(self.blocks):
            if block.page is None or block.column == "grid" or not _HEADING.match(block.stripped):
                continue
            on_first_page = [line for line in block.lines if line[4] == block.page]
            continues = block.last_page is not None and block.last_page > block.page
            following = next((other for other in self.blocks[index + 1:] if other.stripped), None)
            alone = len(on_first_page) == 1 and (
                continues or (len(block.lines) == 1 and following is not None and following.page is not None
                              and following.page > block.page))
            if alone:
                self.add(DIEU if block.stripped.startswith("Điều") else NOI_DUNG,
                         f"{_quote_short(block.stripped)} một mình ở cuối trang {block.page}",
                         "đề mục, dòng đầu của điều đi cùng trang với nội dung tiếp theo", R_THUC_TIEN,
                         "Dòng đề mục hoặc dòng đầu của điều bị bỏ lại một mình ở cuối trang; hãy đặt «Keep with "
                         "next» để nó sang trang cùng nội dung.", block.where, WARNING)

    def money_columns(self) -> None:
        """An annex table whose money column holds only zeros (DOCX grid tables)."""
        cells: dict[tuple[int, int], list[tuple[int, Block]]] = {}
        for block in self.blocks:
            if block.cell is not None:
                table, row, column = block.cell
                cells.setdefault((table, column), []).append((row, block))
        for (table, _column), members in sorted(cells.items()):
            header_row = next((row for row, block in members if _MONEY_HEADER.search(block.stripped)), None)
            if header_row is None:
                continue
            amounts = [_amount(block.stripped) for row, block in members if row > header_row]
            amounts = [amount for amount in amounts if amount is not None]
            if amounts and not any(amounts):
                where = next(block.where for row, block in members if row == header_row)
                self.add(PHU_LUC, f"cột số tiền (bảng {table}) chỉ có số 0 ({len(amounts)} dòng)",
                         "số tiền thưởng của từng người", R_THUC_TIEN,
                         "Cột số tiền của danh sách toàn số 0: kiểm tra lại công thức hoặc dữ liệu tiền thưởng.",
                         where, WARNING)


def _amount(text: str) -> int | None:
    digits = re.sub(r"[.,\s]|đồng|đ$", "", text.strip())
    return int(digits) if digits.isdigit() else None


def _align_name(align: str | None) -> str:
    return {"left": "trái", "center": "giữa", "right": "phải"}.get(align or "", "trái")


def _quote_short(text: str) -> str:
    return "«" + (text if len(text) <= 40 else text[:39] + "…") + "»"
