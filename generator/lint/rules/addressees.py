"""Turn the Kính gửi block into findings."""

from __future__ import annotations

import re

from ..elements import DASHES
from ..model import WARNING, Block
from ..widths import text_width_mm
from .base import KINH_GUI, R_NOI_NHAN, CheckerBase, _ending, _quote


class AddresseeRules(CheckerBase):
    def addressees(self) -> None:
        found = self.elements
        if found.addressee is None:
            return
        block = self.blocks[found.addressee]
        text = block.stripped
        match = re.match(r"^Kính gửi(\s*:)?\s*(.*)$", text)
        if not match:
            self.add(KINH_GUI, _quote(text), "«Kính gửi:»", R_NOI_NHAN, "Phải ghi đúng «Kính gửi:».", block.where)
            return
        if not match.group(1):
            self.add(KINH_GUI, _quote(text), "«Kính gửi:» (có dấu hai chấm)", R_NOI_NHAN,
                     "Sau «Kính gửi» phải có dấu hai chấm.", block.where)
        self.style(found.addressee, KINH_GUI, R_NOI_NHAN, sizes=(13, 14))
        same_line = match.group(2).strip()
        if same_line:
            if found.addressees:
                self.add(KINH_GUI, "một nơi nhận trên dòng «Kính gửi» và thêm các dòng gạch đầu dòng",
                         "một nơi: cùng dòng; nhiều nơi: mỗi nơi một dòng «- …;»", R_NOI_NHAN,
                         "Gửi nhiều nơi thì «Kính gửi:» đứng riêng, mỗi nơi một dòng có gạch đầu dòng.", block.where)
            elif not same_line.endswith("."):
                self.add(KINH_GUI, f"{_quote(same_line)} {_ending(same_line)}", "kết thúc bằng dấu chấm (.)",
                         R_NOI_NHAN,
                         "Gửi một nơi thì tên nơi nhận viết cùng dòng với «Kính gửi:» và kết thúc bằng dấu chấm.",
                         block.where)
            return
        if not found.addressees:
            self.add(KINH_GUI, "«Kính gửi:» không có nơi nhận", "tên cơ quan, đơn vị được gửi", R_NOI_NHAN,
                     "Sau «Kính gửi:» phải ghi tên cơ quan, tổ chức, cá nhân nhận văn bản.", block.where)
            return
        items = found.addressees
        if len(items) == 1:
            item = self.blocks[items[0]]
            self.add(KINH_GUI, "một nơi nhận viết xuống dòng", f"«Kính gửi: {item.stripped.lstrip(DASHES + ' ')}»",
                     R_NOI_NHAN, "Gửi một nơi thì tên nơi nhận viết cùng dòng với «Kính gửi:».", item.where,
                     WARNING)
        for position, index in enumerate(items):
            item = self.blocks[index]
            text = item.stripped
            if not text.startswith("- "):
                self.add(KINH_GUI, _quote(text), "bắt đầu bằng gạch đầu dòng «- »", R_NOI_NHAN,
                         "Mỗi nơi được gửi bắt đầu bằng gạch đầu dòng (-) và một khoảng trắng.", item.where)
            self.style(index, KINH_GUI, R_NOI_NHAN, sizes=(13, 14))
            last = position == len(items) - 1
            wanted = "." if last else ";"
            if not text.endswith(wanted):
                self.add(KINH_GUI, f"{_quote(text)} {_ending(text)}", f"kết thúc bằng «{wanted}»",
                         R_NOI_NHAN, "Dòng cuối cùng của Kính gửi phải kết thúc bằng dấu chấm (.)." if last else
                         "Mỗi dòng Kính gửi (trừ dòng cuối) phải kết thúc bằng dấu chấm phẩy (;).", item.where)
        self._dash_alignment(block, [self.blocks[index] for index in items])

    def _dash_alignment(self, label: Block, items: list[Block]) -> None:
        """The recipients' dashes stand under the colon of "Kính gửi:" (a warning: hard to measure exactly)."""
        size = next((span.size for span in label.spans if span.size), 14.0)
        offset = text_width_mm("Kính gửi", size)
        if label.x0 is not None:
            colon = label.x0 + offset
            starts = [item.x0 for item in items if item.x0 is not None]
        elif label.align == "left" and all(item.align in ("left", "both") for item in items):
            colon = label.indent_left_mm + offset
            starts = [item.indent_left_mm for item in items]
        else:
            return
        if starts and any(abs(start - colon) > 3 for start in starts):
            self.add(KINH_GUI, "gạch đầu dòng không thẳng dưới dấu hai chấm", "các gạch đầu dòng thẳng hàng dưới "
                     "dấu hai chấm của «Kính gửi:»", R_NOI_NHAN,
                     "Các gạch đầu dòng của Kính gửi nên thẳng hàng với nhau, dưới dấu hai chấm.", items[0].where,
                     WARNING)
