"""Turn the number, ký hiệu, place and date lines (and dates elsewhere) into findings."""

from __future__ import annotations

import re

from ..elements import DASHES, TYPES, loose
from ..model import ERROR, WARNING, Block
from .base import _DATE, CAN_CU, NGAY, NOI_DUNG, PHU_LUC, R_NGAY, R_SO, R_THUC_TIEN, R_VIET_TAT, SO, CheckerBase, _quote

# Abbreviations of issuers that are official in mixed case (the Prime Minister's decisions: «QĐ-TTg»).
OFFICIAL_MIXED_CASE = frozenset({"TTg"})


class NumberDateRules(CheckerBase):
    def number(self) -> None:
        found = self.elements
        if found.number is None:
            self.add(SO, "không có", "Số: 05/QĐ-UBND (hoặc «Số:      /QĐ-UBND» khi chưa ký)", R_SO,
                     "Văn bản thiếu số, ký hiệu.")
            return
        index = found.number
        block = self.blocks[index]
        text = block.stripped
        self.style(index, SO, R_SO, sizes=(13, 13), bold=False, italic=False)
        match = re.match(r"^(S\S*)(\s*)(:?)(.*)$", text)
        if not match:
            return
        word, _, colon, rest = match.groups()
        if word.rstrip(":") != "Số":
            self.add(SO, _quote(text), "«Số:» (chữ «Số» in thường, sau có dấu hai chấm)", R_SO,
                     "Chữ «Số» phải viết in thường (chữ S hoa), sau có dấu hai chấm.", block.where)
        if not colon and not word.endswith(":"):
            self.add(SO, _quote(text), "«Số:» có dấu hai chấm", R_SO, "Sau chữ «Số» phải có dấu hai chấm.",
                     block.where)
        if "/" not in rest:
            self.add(SO, _quote(text), "số/ký hiệu, ngăn cách bằng gạch chéo (/)", R_SO,
                     "Giữa số và ký hiệu văn bản phải có dấu gạch chéo (/).", block.where)
            return
        number, symbol = rest.split("/", 1)
        digits = number.strip()
        if digits and (number.endswith(" ") or symbol.startswith(" ")):
            self.add(SO, _quote(text), "không cách chữ quanh dấu /", R_SO,
                     "Giữa số, dấu gạch chéo (/) và ký hiệu không được cách chữ.", block.where)
        if digits and not re.fullmatch(r"[.…_]+", digits):
            if not digits.isdigit():
                self.add(SO, _quote(text), "số bằng chữ số Ả Rập", R_SO,
                         "Số của văn bản phải ghi bằng chữ số Ả Rập.", block.where)
            else:
                value = int(digits)
                if value < 10 and digits != f"{value:02d}":
                    self.add(SO, f"số «{digits}»", f"số «{value:02d}»", R_SO,
                             f"Số nhỏ hơn 10 phải ghi thêm số 0 phía trước: «{value:02d}».", block.where)
                elif value >= 10 and digits.startswith("0"):
                    self.add(SO, f"số «{digits}»", f"số «{value}»", R_SO,
                             f"Chỉ số nhỏ hơn 10 mới ghi thêm số 0 phía trước: «{value}».", block.where)
        symbol = symbol.strip()
        if " " in symbol:
            self.add(SO, f"ký hiệu «{symbol}»", "ký hiệu không có khoảng trắng, các nhóm nối bằng gạch nối (-)",
                     R_SO, "Các nhóm chữ viết tắt trong ký hiệu nối với nhau bằng gạch nối (-), không cách chữ.",
                     block.where)
        parts = [part for part in re.split(r"\s*[-–—]\s*", symbol) if part]
        if any(dash in symbol for dash in DASHES[1:]):
            self.add(SO, f"ký hiệu «{symbol}»", "gạch nối (-) giữa các nhóm chữ viết tắt", R_SO,
                     "Giữa các nhóm chữ viết tắt của ký hiệu phải dùng gạch nối (-).", block.where)
        if not parts:
            return
        abbreviations = set(TYPES.values())
        if found.kind == "cong-van":
            if any(part.upper() == "CV" for part in parts):
                self.add(SO, f"ký hiệu «{symbol}»", "công văn: viết tắt tên cơ quan - đơn vị soạn thảo (không có «CV»)",
                         R_SO, "Ký hiệu của công văn không có chữ viết tắt tên loại, không dùng «CV».", block.where)
            elif parts[0] in abbreviations and len(parts) > 1:
                self.add(SO, f"ký hiệu «{symbol}»", "công văn: viết tắt tên cơ quan - đơn vị soạn thảo", R_SO,
                         f"Ký hiệu bắt đầu bằng «{parts[0]}» (chữ viết tắt tên loại) nhưng văn bản là công văn.",
                         block.where, WARNING)
        elif found.type_line is not None:
            type_name = " ".join(self.text(found.type_line).upper().split())
            expected = next((abbr for name, abbr in TYPES.items() if loose(name) == loose(type_name)), None)
            if expected and parts[0] != expected:
                self.add(SO, f"ký hiệu «{symbol}»", f"«{expected}-…» (viết tắt của {type_name.lower()})", R_VIET_TAT,
                         f"Ký hiệu của {type_name.lower()} phải bắt đầu bằng «{expected}».", block.where)
        for part in parts[1:]:
            if part != part.upper() and part not in OFFICIAL_MIXED_CASE:
                self.add(SO, f"ký hiệu «{symbol}»", "chữ viết tắt tên cơ quan, đơn vị in hoa", R_SO,
                         "Chữ viết tắt tên cơ quan, đơn vị trong ký hiệu phải in hoa.", block.where)
                break

    def date_line(self) -> None:
        found = self.elements
        if found.date is None:
            self.add(NGAY, "không có", "<Địa danh>, ngày … tháng … năm …", R_NGAY,
                     "Văn bản thiếu địa danh và thời gian ban hành.")
            return
        index = found.date
        block = self.blocks[index]
        text = block.stripped
        self.style(index, NGAY, R_NGAY, sizes=(13, 14), italic=True, bold=False)
        match = re.match(r"^(?P<place>.*?)(?P<comma>\s*,)?\s*(?P<ngay>[Nn]gày)\s*(?P<d>[\d.…_]*)\s*tháng\s*"
                         r"(?P<m>[\d.…_]*)\s*năm\s*(?P<y>[\d.…_]*)\s*\.?$", text)
        if not match:
            self.add(NGAY, _quote(text), "<Địa danh>, ngày DD tháng M năm YYYY", R_NGAY,
                     "Dòng địa danh và thời gian phải có dạng «<Địa danh>, ngày … tháng … năm …».", block.where)
            return
        place = match.group("place").strip()
        if not place:
            self.add(NGAY, _quote(text), "<Địa danh>, ngày …", R_NGAY, "Thiếu địa danh trước ngày tháng.",
                     block.where)
        elif not match.group("comma"):
            self.add(NGAY, _quote(text), f"«{place}, ngày …» (dấu phẩy sau địa danh)", R_NGAY,
                     "Sau địa danh phải có dấu phẩy.", block.where)
        if match.group("ngay") == "Ngày":
            self.add(NGAY, _quote(text), "«ngày» viết thường", R_NGAY,
                     "Chữ «ngày» sau địa danh viết thường.", block.where, WARNING)
        self._check_date_numbers(match.group("d"), match.group("m"), NGAY, block, R_NGAY)
        year = match.group("y")
        if year and year.isdigit() and len(year) != 4:
            self.add(NGAY, f"năm «{year}»", "năm ghi đủ bốn chữ số", R_NGAY, "Năm phải ghi đầy đủ bốn chữ số.",
                     block.where)
        generic = re.match(r"^(Xã|Huyện|Tỉnh|Thị trấn|Thị xã|Phường|Quận|Thành phố)\s+(\S+)", place)
        if generic and not generic.group(2)[0].isdigit() and place != "Thành phố Hồ Chí Minh":
            self.add(NGAY, f"địa danh «{place}»", "tên riêng của địa danh, không kèm danh từ chung", R_NGAY,
                     f"Địa danh thường ghi tên riêng, không kèm «{generic.group(1)}» (trừ tên bằng số hoặc tên "
                     "người).", block.where, WARNING)

    def draft(self) -> None:
        """A draft leaves both the number and the date blank for the văn thư; one without the other is odd."""
        found = self.elements
        if found.number is None or found.date is None:
            return
        number = re.match(r"^\S+\s*:?\s*([^/]*)/", self.text(found.number))
        date = re.search(r"ngày\s*([\d.…_]*)\s*tháng\s*([\d.…_]*)\s", self.text(found.date))
        if not number or not date:
            return
        number_blank = not number.group(1).strip(" .…_")
        date_blank = not date.group(1).strip(".…_") and not date.group(2).strip(".…_")
        if number_blank and not date_blank:
            self.add(NGAY, "số để trống nhưng ngày tháng đã ghi", "bản dự thảo để trống cả số và ngày tháng",
                     R_THUC_TIEN, "Số văn bản còn để trống (dự thảo) nhưng ngày tháng đã ghi; văn thư điền cả hai sau "
                     "khi ký.", self.blocks[found.date].where, WARNING)
        elif date_blank and not number_blank:
            self.add(SO, "số đã ghi nhưng ngày tháng để trống", "số và ngày tháng cùng ghi khi văn bản được ký",
                     R_THUC_TIEN, "Số văn bản đã ghi nhưng ngày tháng còn để trống.", self.blocks[found.number].where,
                     WARNING)

    def _check_date_numbers(self, day: str, month: str, element: str, block: Block, rule: str, *,
                            practice: bool = False) -> None:
        """Zero padding of a day and a month: the decree's rule for the date of issue; elsewhere (``practice``) the
        same padding is office practice only, so a warning citing it."""
        severity = WARNING if practice else ERROR
        cited = R_THUC_TIEN if practice else rule
        practice_note = "Thực tiễn văn thư: "
        where = block.where
        if day and day.isdigit():
            value = int(day)
            if not 1 <= value <= 31:
                self.add(element, f"ngày «{day}»", "ngày từ 01 đến 31", cited, "Ngày không hợp lệ.", where, severity)
            elif value < 10 and day != f"{value:02d}":
                message = f"ngày nhỏ hơn 10 ghi thêm số 0 phía trước: «ngày {value:02d}»."
                self.add(element, f"ngày «{day}»", f"ngày «{value:02d}»", cited,
                         practice_note + message if practice else message[0].upper() + message[1:].replace(
                             "ghi thêm", "phải ghi thêm"), where, severity)
            elif value >= 10 and day.startswith("0"):
                self.add(element, f"ngày «{day}»", f"ngày «{value}»", R_THUC_TIEN,
                         "Thực tiễn văn thư: ngày từ 10 trở lên không ghi số 0 phía trước.", where, WARNING)
        if month and month.isdigit():
            value = int(month)
            if not 1 <= value <= 12:
                self.add(element, f"tháng «{month}»", "tháng từ 01 đến 12", cited, "Tháng không hợp lệ.", where,
                         severity)
            elif value <= 2 and month != f"{value:02d}":
                message = f"tháng 1 và tháng 2 ghi thêm số 0 phía trước: «tháng {value:02d}»."
                self.add(element, f"tháng «{month}»", f"tháng «{value:02d}»", cited,
                         practice_note + message if practice else "Tháng 1 và tháng 2 phải ghi thêm số 0 phía trước: "
                         f"«tháng {value:02d}».", where, severity)
            elif value > 2 and month != str(value):
                # The decree asks for the zero only in months 1 and 2; "tháng 03" is a habit, not a breach.
                self.add(element, f"tháng «{month}»", f"tháng «{value}»", R_THUC_TIEN,
                         f"Thực tiễn văn thư: chỉ tháng 1, 2 ghi thêm số 0; nên ghi «tháng {value}», không ghi "
                         f"«tháng {month}».", where, WARNING)

    def dates_in_text(self) -> None:
        """Dates written in full elsewhere (căn cứ, nội dung, phụ lục): the same padding, as practice (a warning)."""
        found = self.elements
        names = {index: CAN_CU for index in found.citations}
        for annex in found.annexes:
            if annex.attached is not None:
                names[annex.attached] = PHU_LUC
        for index, block in enumerate(self.blocks):
            if index == found.date or block.column == "grid":
                continue
            element = names.get(index, NOI_DUNG)
            for match in _DATE.finditer(block.stripped):
                self._check_date_numbers(match.group(1), match.group(2), element, block, R_NGAY, practice=True)
