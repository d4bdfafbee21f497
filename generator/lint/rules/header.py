"""Turn the header (Quốc hiệu, Tiêu ngữ, issuer names and their rules) into findings."""

from __future__ import annotations

import re

from ..elements import DASHES, rules_under
from ..model import ERROR, WARNING
from .base import (
    CHU_QUAN,
    CO_QUAN,
    QUOC_HIEU,
    QUOC_HIEU_TEXT,
    R_CQ,
    R_QH,
    TIEU_NGU,
    TIEU_NGU_TEXT,
    CheckerBase,
    _num,
    _quote,
    _visible,
)


class HeaderRules(CheckerBase):
    def national_title(self) -> None:
        found = self.elements
        if found.quoc_hieu is None:
            self.add(QUOC_HIEU, "không có", QUOC_HIEU_TEXT, R_QH, "Văn bản thiếu Quốc hiệu.")
        else:
            index = found.quoc_hieu
            text = self._one_line(index, QUOC_HIEU, QUOC_HIEU_TEXT)
            if text != QUOC_HIEU_TEXT:
                self.add(QUOC_HIEU, _quote(text), _quote(QUOC_HIEU_TEXT), R_QH,
                         f"Quốc hiệu phải ghi đúng {_quote(QUOC_HIEU_TEXT)}.", self.blocks[index].where)
            self.style(index, QUOC_HIEU, R_QH, sizes=(12, 13), bold=True, italic=False)
        if found.tieu_ngu is None:
            self.add(TIEU_NGU, "không có", TIEU_NGU_TEXT, R_QH, "Văn bản thiếu Tiêu ngữ.")
            return
        index = found.tieu_ngu
        block = self.blocks[index]
        text = self._one_line(index, TIEU_NGU, TIEU_NGU_TEXT)
        if text != TIEU_NGU_TEXT:
            if any(dash in text for dash in DASHES[1:]):
                message = "Giữa các cụm từ của Tiêu ngữ phải dùng gạch nối (-) có cách chữ, không dùng gạch ngang dài."
            elif re.search(r"\S-|-\S", text):
                message = "Gạch nối giữa các cụm từ của Tiêu ngữ phải có cách chữ trước và sau."
            else:
                message = f"Tiêu ngữ phải ghi đúng {_quote(TIEU_NGU_TEXT)} (chữ đầu của mỗi cụm từ viết hoa)."
            self.add(TIEU_NGU, _quote(text), _quote(TIEU_NGU_TEXT), R_QH, message, block.where)
        self.style(index, TIEU_NGU, R_QH, sizes=(13, 14), bold=True, italic=False)
        broken = index in found.broken
        rules = rules_under(self.layout, [index, index + 1] if broken else [index])
        text_width = self.text_width(index)
        if not rules:
            underlined = [span for span in _visible(block.spans) if span.underline]
            if underlined and len(underlined) == len(_visible(block.spans)):
                self.add(TIEU_NGU, "Tiêu ngữ gạch chân", "đường kẻ ngang, nét liền dưới Tiêu ngữ", R_QH,
                         "Dưới Tiêu ngữ nên là một đường kẻ ngang nét liền, không phải gạch chân chữ.", block.where,
                         WARNING)
            else:
                self.add(TIEU_NGU, "không có đường kẻ dưới Tiêu ngữ",
                         f"đường kẻ ngang, nét liền, dài bằng dòng chữ ({_num(text_width, 0)} mm)", R_QH,
                         "Dưới Tiêu ngữ phải có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ.",
                         block.where)
            return
        rule = rules[0]
        if broken:
            return  # the length of a rule under a text on two lines means nothing
        ratio = rule.length_mm / text_width if text_width else 1.0
        if not 0.9 <= ratio <= 1.12:
            self.add(TIEU_NGU, f"đường kẻ dài {_num(rule.length_mm)} mm",
                     f"dài bằng dòng chữ Tiêu ngữ ({_num(text_width)} mm)", R_QH,
                     "Đường kẻ dưới Tiêu ngữ phải dài bằng dòng chữ "
                     f"({'ngắn' if ratio < 1 else 'dài'} hơn {_num(abs(rule.length_mm - text_width), 0)} mm).",
                     rule.where)
        elif not 0.96 <= ratio <= 1.05:
            self.add(TIEU_NGU, f"đường kẻ dài {_num(rule.length_mm)} mm",
                     f"dài bằng dòng chữ Tiêu ngữ ({_num(text_width)} mm)", R_QH,
                     "Đường kẻ dưới Tiêu ngữ lệch nhẹ so với độ dài dòng chữ.", rule.where, WARNING)

    def _one_line(self, index: int, element: str, expected: str) -> str:
        """The element's text; an error when it is printed (PDF) or will be (DOCX) on two lines."""
        block = self.blocks[index]
        text = " ".join(self.text(index).split())
        if index in self.elements.broken:
            text = text + " " + " ".join(self.text(index + 1).split())
            self.add(element, f"{_quote(self.text(index))} / {_quote(self.text(index + 1))}",
                     f"{_quote(expected)} trên một dòng", R_QH, f"{element} phải trình bày trên một dòng.",
                     block.where)
            self.style(index + 1, element, R_QH, sizes=(12, 13) if element == QUOC_HIEU else (13, 14), bold=True)
        elif block.container_mm and block.align is not None:
            room = block.container_mm - block.indent_left_mm - block.indent_right_mm
            width = self.text_width(index, clip=False)
            if width > room + 0.5:
                self.add(element, f"dòng chữ dài {_num(width)} mm trong ô rộng {_num(room)} mm",
                         f"{_quote(expected)} trên một dòng", R_QH,
                         f"{element} không vừa một dòng nên sẽ bị xuống dòng; hãy nới rộng cột chứa nó.",
                         block.where)
        return text

    def issuer(self) -> None:
        found = self.elements
        for index in found.parent:
            self.style(index, CHU_QUAN, R_CQ, sizes=(12, 13), bold=False, italic=False, upper=True)
        if not found.issuer:
            self.add(CO_QUAN, "không có", "tên cơ quan ban hành, chữ in hoa, đậm", R_CQ,
                     "Văn bản thiếu tên cơ quan, tổ chức ban hành văn bản (góc trên bên trái).")
            return
        for index in found.issuer:
            self.style(index, CO_QUAN, R_CQ, sizes=(12, 13), bold=True, italic=False, upper=True)
        last = self.blocks[found.issuer[-1]]
        rules = rules_under(self.layout, found.issuer)
        if not rules:
            self.add(CO_QUAN, "không có đường kẻ dưới tên cơ quan",
                     "đường kẻ ngang, nét liền, dài 1/3–1/2 dòng chữ, đặt cân đối", R_CQ,
                     "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 dòng chữ.",
                     last.where)
            return
        rule = rules[0]
        widths = [self.text_width(index) for index in found.issuer]
        ratios = [rule.length_mm / width for width in widths if width > 0]
        if not ratios:
            return
        if any(0.31 <= ratio <= 0.52 for ratio in ratios):
            return
        longest = max(widths)
        share = rule.length_mm / longest
        severity = ERROR if share > 0.8 or share < 0.15 else WARNING
        self.add(CO_QUAN, f"đường kẻ dài {_num(rule.length_mm)} mm ({share:.0%} dòng chữ)",
                 f"từ 1/3 đến 1/2 dòng chữ ({_num(longest / 3, 0)}–{_num(longest / 2, 0)} mm)", R_CQ,
                 "Đường kẻ dưới tên cơ quan ban hành phải dài từ 1/3 đến 1/2 dòng chữ.", rule.where, severity)
