"""Turn the articles, the body's end and the annexes into findings."""

from __future__ import annotations

import re

from ..elements import rules_under
from ..model import WARNING
from .base import DIEU, NOI_DUNG, PHU_LUC, R_NOI_DUNG, R_PHU_LUC, R_THUC_TIEN, CheckerBase, _quote


class BodyRules(CheckerBase):
    def articles(self) -> None:
        found = self.elements
        if found.kind == "quyet-dinh" and found.decide is not None and not found.articles:
            self.add(DIEU, "không có điều nào", "Điều 1., Điều 2., …", R_NOI_DUNG,
                     "Sau «QUYẾT ĐỊNH:» phải là các điều «Điều 1.», «Điều 2.», …",
                     self.blocks[found.decide].where)
        expected = 1
        for index in found.articles:
            block = self.blocks[index]
            match = re.match(r"^(Điều|ĐIỀU|điều)\s*(\d+)\s*([.:]?)(\s*)", block.stripped)
            if not match:
                continue
            word, number, mark, space = match.groups()
            label = f"Điều {number}."
            if word != "Điều" or mark != "." or (not space and match.end() < len(block.stripped)):
                self.add(DIEU, _quote(match.group(0).strip()), f"«{label}»", R_NOI_DUNG,
                         f"Nhãn điều phải ghi «{label}» (chữ «Điều», số thứ tự, dấu chấm).", block.where)
            if int(number) != expected:
                self.add(DIEU, f"«Điều {number}» sau «Điều {expected - 1}»" if expected > 1 else f"«Điều {number}»",
                         f"«Điều {expected}»", R_NOI_DUNG,
                         f"Các điều phải đánh số liên tục: điều này phải là Điều {expected}.", block.where)
            expected = int(number) + 1
            # The label "Điều N." is bold.
            label_spans, taken = [], 0
            for span in block.spans:
                if taken >= len(match.group(0).strip()):
                    break
                stripped = span.text if label_spans else span.text.lstrip()
                if stripped:
                    label_spans.append(span)
                    taken += len(stripped)
            self.style(index, DIEU, R_NOI_DUNG, bold=True, spans=label_spans, name=f"Nhãn «Điều {number}.»")

    def body(self) -> None:
        found = self.elements
        for index in found.body:
            self.style(index, NOI_DUNG if index not in found.articles else DIEU, R_NOI_DUNG, sizes=(13, 14))
        if found.content_end is None:
            return
        block = self.blocks[found.content_end]
        text = block.stripped
        if not text.endswith("./."):
            self.add(NOI_DUNG, f"đoạn cuối kết thúc bằng {_quote(text[-30:], 32)}", "kết thúc bằng «./.»",
                     self.model_form(),
                     "Phần nội dung văn bản phải kết thúc bằng dấu «./.».", block.where)

    def annexes(self) -> None:
        found = self.elements
        if not found.annexes:
            return
        mentioned = any("kèm theo" in self.text(index).lower() for index in found.body + found.articles)
        if not mentioned:
            self.add(PHU_LUC, "nội dung không nhắc đến phụ lục", "chỉ dẫn về phụ lục trong nội dung", R_PHU_LUC,
                     "Văn bản có phụ lục thì nội dung phải có chỉ dẫn về phụ lục (ví dụ «có danh sách kèm theo»).",
                     self.blocks[found.annexes[0].start].where, WARNING)
        main_number = self._number_value()
        for annex in found.annexes:
            start = self.blocks[annex.start]
            if not start.new_page:
                self.add(PHU_LUC, f"phụ lục bắt đầu giữa trang: {_quote(start.stripped)}", "phụ lục bắt đầu trang mới",
                         R_PHU_LUC, "Phụ lục phải bắt đầu ở một trang mới (chèn ngắt trang hoặc ngắt phần trước nó).",
                         start.where)
            if annex.number_line is not None:
                self.style(annex.number_line, PHU_LUC, R_PHU_LUC, sizes=(13, 14), bold=True,
                           name="Dòng «Phụ lục …»")
            for index in annex.title:
                self.style(index, PHU_LUC, R_PHU_LUC, sizes=(13, 14), bold=True, upper=True, name="Tên phụ lục")
            if annex.attached is None:
                self.add(PHU_LUC, "không có dòng «(Kèm theo …)»", "«(Kèm theo Quyết định số … ngày … của …)»",
                         R_PHU_LUC, "Dưới tên phụ lục phải ghi phụ lục kèm theo văn bản nào (số, ngày, cơ quan).",
                         start.where)
                continue
            index = annex.attached
            block = self.blocks[index]
            text = block.stripped
            self.style(index, PHU_LUC, R_PHU_LUC, sizes=(13, 14), italic=True, name="Dòng «(Kèm theo …)»")
            if not (text.startswith("(") and text.endswith(")")):
                self.add(PHU_LUC, _quote(text), "«(Kèm theo …)» trong ngoặc đơn", R_PHU_LUC,
                         "Dòng «Kèm theo …» của phụ lục đặt trong ngoặc đơn.", block.where)
            cited = re.search(r"\bsố\s+(\d+)\s*/\s*(\S+)", text)
            if cited and main_number is not None and int(cited.group(1)) != main_number:
                self.add(PHU_LUC, f"kèm theo văn bản số {cited.group(1)}", f"số {main_number:02d} (số của văn bản)",
                         R_PHU_LUC, "Số văn bản ghi ở dòng «Kèm theo» khác với số của văn bản.", block.where)
            if not rules_under(self.layout, [index]):
                self.add(PHU_LUC, "không có đường kẻ dưới dòng «(Kèm theo …)»", "một đường kẻ ngắn, nét liền",
                         R_THUC_TIEN, "Dưới dòng «(Kèm theo …)» thường có một đường kẻ ngắn.", block.where, WARNING)

    def _number_value(self) -> int | None:
        if self.elements.number is None:
            return None
        match = re.search(r":\s*(\d+)\s*/", self.text(self.elements.number))
        return int(match.group(1)) if match else None
