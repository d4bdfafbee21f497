"""Turn the type name, trích yếu, authority line and căn cứ into findings."""

from __future__ import annotations

import re

from ..elements import rules_under
from ..model import WARNING
from .base import (
    CAN_CU,
    QUYET_DINH,
    R_MAU,
    R_NOI_DUNG,
    R_TEN_LOAI,
    TEN_LOAI,
    THAM_QUYEN,
    TRICH_YEU,
    VV,
    CheckerBase,
    _ending,
    _num,
    _quote,
)


class TitleRules(CheckerBase):
    def type_and_subject(self) -> None:
        found = self.elements
        if found.kind == "cong-van":
            if found.subject_line is None:
                if found.addressee is not None:
                    self.add(VV, "không có", "«V/v …» dưới số, ký hiệu", R_TEN_LOAI,
                             "Công văn phải có trích yếu «V/v …» dưới số, ký hiệu.")
                else:
                    self.add(TEN_LOAI, "không có tên loại và trích yếu", "tên loại (QUYẾT ĐỊNH…) và trích yếu, "
                             "hoặc «V/v …» của công văn", R_TEN_LOAI,
                             "Không tìm thấy tên loại văn bản và trích yếu nội dung.")
                return
            index = found.subject_line
            text = self.text(index)
            if re.match(r"^V\s*[/.]\s*v\s*:", text, re.IGNORECASE):
                self.add(VV, _quote(text), "«V/v <trích yếu>» (không có dấu hai chấm)", R_TEN_LOAI,
                         "Sau chữ «V/v» là nội dung trích yếu, không có dấu hai chấm.", self.blocks[index].where)
            elif not text.startswith("V/v "):
                self.add(VV, _quote(text), "bắt đầu bằng «V/v »", R_TEN_LOAI,
                         "Trích yếu công văn bắt đầu bằng chữ «V/v» (V hoa, v thường) và một khoảng trắng.",
                         self.blocks[index].where)
            self.style(index, VV, R_TEN_LOAI, sizes=(12, 13), bold=False, italic=False)
            return
        index = found.type_line
        if index is None:
            return
        self.style(index, TEN_LOAI, R_TEN_LOAI, sizes=(13, 14), bold=True, italic=False, upper=True)
        if not found.subject:
            self.add(TRICH_YEU, "không có", "trích yếu nội dung dưới tên loại", R_TEN_LOAI,
                     "Thiếu trích yếu nội dung dưới tên loại văn bản.", self.blocks[index].where)
        else:
            for line in found.subject:
                self.style(line, TRICH_YEU, R_TEN_LOAI, sizes=(13, 14), bold=True, italic=False)
            rules = rules_under(self.layout, found.subject)
            last = self.blocks[found.subject[-1]]
            if not rules:
                self.add(TRICH_YEU, "không có đường kẻ dưới trích yếu",
                         "đường kẻ ngang, nét liền, dài 1/3–1/2 dòng chữ", R_TEN_LOAI,
                         "Dưới trích yếu phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 dòng chữ.", last.where)
            else:
                widths = [self.text_width(line) for line in found.subject]
                rule = rules[0]
                if not any(width and 0.31 <= rule.length_mm / width <= 0.52 for width in widths):
                    longest = max(widths)
                    self.add(TRICH_YEU, f"đường kẻ dài {_num(rule.length_mm)} mm",
                             f"từ 1/3 đến 1/2 dòng chữ ({_num(longest / 3, 0)}–{_num(longest / 2, 0)} mm)", R_TEN_LOAI,
                             "Đường kẻ dưới trích yếu phải dài từ 1/3 đến 1/2 dòng chữ.", rule.where, WARNING)
        for line in found.authority:
            self.style(line, THAM_QUYEN, R_NOI_DUNG, sizes=(13, 14), bold=True, upper=True)
        if found.kind == "quyet-dinh":
            if found.decide is None:
                self.add(QUYET_DINH, "không có", "«QUYẾT ĐỊNH:» trước các điều", R_MAU,
                         "Quyết định phải có dòng «QUYẾT ĐỊNH:» giữa phần căn cứ và các điều.")
            else:
                self.style(found.decide, QUYET_DINH, R_MAU, sizes=(13, 14), bold=True)

    def citations(self) -> None:
        found = self.elements
        lines = found.citations
        for position, index in enumerate(lines):
            block = self.blocks[index]
            text = block.stripped
            self.style(index, CAN_CU, R_NOI_DUNG, sizes=(13, 14), italic=True)
            last = position == len(lines) - 1
            wanted = "." if last else ";"
            if not text.endswith(wanted):
                self.add(CAN_CU, f"{_quote(text[-40:], 45)} {_ending(text)}",
                         f"kết thúc bằng «{wanted}»", R_NOI_DUNG,
                         "Căn cứ cuối cùng phải kết thúc bằng dấu chấm (.)." if last else
                         "Mỗi căn cứ phải xuống dòng và kết thúc bằng dấu chấm phẩy (;).", block.where)
