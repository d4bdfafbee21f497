"""Turn paper, margins, fonts and page numbers into findings (Phụ lục I, Phần I, mục I)."""

from __future__ import annotations

import math
import re

from ..model import WARNING
from ..widths import text_width_mm
from .base import (
    BANG_MA,
    HUONG,
    KHO_GIAY,
    LE,
    PHONG,
    R_A4,
    R_HUONG,
    R_LE,
    R_PHONG,
    R_PHU_LUC,
    R_TRANG,
    SO_TRANG,
    TIMES_STAND_INS,
    CheckerBase,
    _num,
)


class PageRules(CheckerBase):
    def page(self) -> None:
        for page in self.layout.pages:
            width, height = page.width_mm, page.height_mm
            short, long = sorted((width, height))
            if abs(short - 210) > 1.5 or abs(long - 297) > 1.5:
                self.add(KHO_GIAY, f"{_num(width, 0)} × {_num(height, 0)} mm", "A4 (210 × 297 mm)", R_A4,
                         "Văn bản phải trình bày trên khổ giấy A4 (210 × 297 mm).", page.where)
            if width > height + 1:
                if page.has_wide_table:
                    self.add(HUONG, "trang nằm ngang", "trình bày theo chiều dài khổ A4", R_HUONG,
                             "Trang nằm ngang chỉ dùng cho bảng, biểu rộng; hãy kiểm tra lại.", page.where, WARNING)
                else:
                    self.add(HUONG, "trang nằm ngang", "trình bày theo chiều dài khổ A4 (trang đứng)", R_HUONG,
                             "Văn bản phải trình bày theo chiều dài của khổ A4 (trang đứng).", page.where)
            if page.margins_mm is not None:
                names = ("trên", "dưới", "trái", "phải")
                ranges = ((20, 25), (20, 25), (30, 35), (15, 20))
                for name, value, (low, high) in zip(names, page.margins_mm, ranges, strict=True):
                    if not low - 0.3 <= value <= high + 0.3:
                        self.add(LE, f"lề {name} {_num(value)} mm", f"lề {name} {low}–{high} mm", R_LE,
                                 f"Lề {name} phải cách mép giấy {low}–{high} mm, đang là {_num(value)} mm.",
                                 page.where)
            if page.text_box_mm is not None:
                left, top, right, bottom = page.text_box_mm
                checks = (("trái", left, 30, left < 30 - 1.0), ("phải", width - right, 15, width - right < 15 - 1.0),
                          ("trên", top, 20, top < 20 - 1.0), ("dưới", height - bottom, 20, height - bottom < 20 - 1.0))
                for name, value, low, bad in checks:
                    if bad and width < height + 1:
                        self.add(LE, f"chữ cách mép {name} {_num(value)} mm", f"lề {name} tối thiểu {low} mm", R_LE,
                                 f"Chữ nằm lấn vào lề {name}: lề {name} phải tối thiểu {low} mm.", page.where)

    def fonts(self) -> None:
        layout = self.layout
        stand_ins: dict[str, list[str]] = {}
        for font, places in sorted(layout.fonts.items()):
            plain = re.sub(r"[\s\-_,]", "", font).lower()
            if layout.fmt == "docx":
                good = plain == "timesnewroman"
            else:
                good = plain.startswith("timesnewroman")
                stand_in = next((shown for key, shown in TIMES_STAND_INS.items() if plain.startswith(key)), None)
                if font in layout.unembedded_fonts:
                    continue  # an error below already: the reader's own font will be used
                if not good and stand_in is not None:
                    stand_ins.setdefault(stand_in, []).extend(place for place in places
                                                              if place not in stand_ins.get(stand_in, []))
                    continue
            if not good:
                shown = ", ".join(places[:5]) + (" …" if len(places) > 5 else "")
                self.add(PHONG, f"phông {font} ({shown})", "phông Times New Roman", R_PHONG,
                         f"Văn bản phải dùng phông chữ Times New Roman; đang có chữ phông {font}.", places[0])
        for shown_font, places in sorted(stand_ins.items()):
            # A font with Times New Roman's metrics, not Times New Roman: said honestly, as a warning.
            self.add(PHONG, f"phông nhúng {shown_font} ({', '.join(places[:5])}{' …' if len(places) > 5 else ''})",
                     "phông Times New Roman", R_PHONG,
                     f"PDF nhúng phông {shown_font} (cùng số đo chữ nhưng không phải Times New Roman). Văn phòng có "
                     "phông Times New Roman thì đặt biến môi trường VANBAN_FONT_DIR là thư mục chứa các tệp phông đó "
                     "rồi lập lại PDF.", places[0], WARNING)
        for font, places in sorted(layout.unembedded_fonts.items()):
            self.add(PHONG, f"phông {font} không được nhúng", "phông chữ được nhúng vào tệp PDF", R_PHONG,
                     f"Phông {font} không được nhúng trong PDF: máy khác có thể hiển thị sai chữ Việt.", places[0])
        if layout.not_nfc:
            shown = ", ".join(layout.not_nfc[:5])
            self.add(BANG_MA, f"chữ tổ hợp (dấu tách rời) ở {shown}", "Unicode dựng sẵn (NFC), TCVN 6909:2001",
                     R_PHONG, "Chữ Việt phải gõ bằng Unicode dựng sẵn; có chỗ đang dùng dấu tổ hợp tách rời.",
                     layout.not_nfc[0])

    def page_numbers(self) -> None:
        if self.layout.fmt == "docx":
            self._docx_page_numbers()
        else:
            self._pdf_page_numbers()

    def _number_look(self, mark, where: str) -> None:  # noqa: ANN001 - PageNumberMark
        if mark.position == "footer":
            self.add(SO_TRANG, "số trang ở chân trang", "số trang canh giữa trong lề trên", R_TRANG,
                     "Số trang phải đặt canh giữa trong phần lề trên, không đặt ở chân trang.", where)
        elif mark.centred is False:
            self.add(SO_TRANG, "số trang không canh giữa", "số trang canh giữa theo chiều ngang", R_TRANG,
                     "Số trang phải được canh giữa theo chiều ngang trong phần lề trên.", where)
        elif mark.centred is None:
            self.add(SO_TRANG, "số trang đặt bằng tab", "số trang canh giữa theo chiều ngang", R_TRANG,
                     "Không xác định được số trang có canh giữa hay không (đặt bằng tab); hãy kiểm tra lại.", where,
                     WARNING)
        if mark.size is not None and not 12.95 <= mark.size <= 14.05:
            self.add(SO_TRANG, f"cỡ chữ {_num(mark.size)} pt", "cỡ chữ 13–14 pt", R_TRANG,
                     f"Số trang phải có cỡ chữ 13–14 pt, đang là {_num(mark.size)} pt.", where)

    def _docx_page_numbers(self) -> None:
        pages = self.layout.pages
        if not pages:
            return
        first = pages[0]
        if first.first_page_number is not None:
            self.add(SO_TRANG, "trang 1 có số trang", "không hiển thị số trang thứ nhất", R_TRANG,
                     "Không được hiển thị số trang ở trang thứ nhất (chọn «Different First Page» cho đầu trang).",
                     first.where)
        if first.other_pages_number is not None:
            self._number_look(first.other_pages_number, first.where)
        elif self._estimated_pages() > 1:
            self.add(SO_TRANG, "không có số trang", "đánh số trang từ trang 2, canh giữa lề trên", R_TRANG,
                     "Văn bản có thể dài hơn một trang nhưng không có số trang ở đầu trang.", first.where, WARNING)
        annex_starts = {annex.start for annex in self.elements.annexes}
        for page in pages[1:]:
            if page.continuous:
                continue
            starts_annex = page.first_block in annex_starts or (
                self.elements.annex_start is not None and page.first_block == self.elements.annex_start)
            if not starts_annex:
                continue
            if page.first_page_number is not None:
                self.add(SO_TRANG, "trang đầu của phụ lục có số trang", "không hiển thị số trang đầu của phụ lục",
                         R_PHU_LUC, "Trang đầu của phụ lục không nên hiện số trang (số trang phụ lục đánh riêng).",
                         page.where, WARNING)
            if not page.restarts:
                self.add(SO_TRANG, "phụ lục đánh số trang tiếp theo văn bản", "số trang phụ lục đánh riêng từ 1",
                         R_PHU_LUC, "Số trang của phụ lục phải được đánh riêng (bắt đầu lại từ 1).", page.where,
                         WARNING)

    def _estimated_pages(self) -> float:
        """A rough page count of a DOCX (Word does not store one we can trust): lines × line height."""
        page = self.layout.pages[0]
        top, bottom, _, _ = page.margins_mm or (20, 20, 30, 15)
        usable = page.height_mm - top - bottom
        height = 0.0
        for block in self.blocks:
            size = next((span.size for span in block.spans if span.size), 14.0)
            width = max(10.0, (block.container_mm or 165) - block.indent_left_mm - block.indent_right_mm)
            lines = max(1, math.ceil(text_width_mm(block.text, size) / width)) if block.column != "grid" else 1
            height += lines * size * 1.15 * 25.4 / 72
            if usable > 0 and height > 2 * usable:
                break  # enough to know it is longer than a page: no need to measure 100.000 paragraphs
        return height / usable if usable > 0 else 1.0

    def _pdf_page_numbers(self) -> None:
        pages = self.layout.pages
        annex_pages = set()
        for annex in self.elements.annexes:
            block = self.blocks[annex.start]
            if block.new_page and block.page:
                annex_pages.add(block.page)
        expected = 0
        for number, page in enumerate(pages, start=1):
            expected = 1 if (number == 1 or number in annex_pages) else expected + 1
            mark = page.number
            if number == 1:
                if mark is not None:
                    self.add(SO_TRANG, f"trang 1 có số trang «{mark.value}»", "không hiển thị số trang thứ nhất",
                             R_TRANG, "Không được hiển thị số trang ở trang thứ nhất.", page.where)
                continue
            if number in annex_pages:
                if mark is not None:
                    self.add(SO_TRANG, f"trang đầu của phụ lục có số trang «{mark.value}»",
                             "không hiển thị số trang đầu của phụ lục", R_PHU_LUC,
                             "Trang đầu của phụ lục không nên hiện số trang (số trang phụ lục đánh riêng).",
                             page.where, WARNING)
                continue
            if mark is None:
                if page.first_block >= 0:
                    self.add(SO_TRANG, "không có số trang", "số trang canh giữa trong lề trên", R_TRANG,
                             "Từ trang thứ hai, văn bản phải có số trang canh giữa trong phần lề trên.", page.where)
                continue
            self._number_look(mark, page.where)
            if mark.value and mark.value.isdigit() and int(mark.value) != expected:
                self.add(SO_TRANG, f"số trang «{mark.value}»", f"số trang «{expected}»", R_TRANG,
                         f"Số trang không liên tục: trang này phải mang số {expected}.", page.where, WARNING)
