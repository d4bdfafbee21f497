"""Turn the signer's block and Nơi nhận into findings."""

from __future__ import annotations

import re

from ..elements import DASHES, is_name, loose
from ..model import WARNING
from .base import (
    _PREFIX_LIKE,
    CHU_KY,
    CHUC_VU,
    HO_TEN,
    NOI_NHAN,
    PREFIXES,
    R_KY,
    R_NOI_NHAN,
    R_THUC_TIEN,
    TITLE_STARTS,
    CheckerBase,
    _ending,
    _quote,
)

# "… chịu trách nhiệm thi hành Quyết định này": the article that names who executes the decision.
_EXECUTION = re.compile(r"thi hành\s+(quyết định|nghị quyết|văn bản)\s+này", re.IGNORECASE)


class SignatureRules(CheckerBase):
    def recipients(self) -> None:
        found = self.elements
        if found.recipients_label is None:
            self.add(NOI_NHAN, "không có", "«Nơi nhận:» và các nơi nhận, dòng cuối «- Lưu: VT, ….»", R_NOI_NHAN,
                     "Văn bản thiếu phần Nơi nhận.")
            return
        label = self.blocks[found.recipients_label]
        if label.stripped != "Nơi nhận:":
            self.add(NOI_NHAN, _quote(label.stripped), "«Nơi nhận:»", R_NOI_NHAN,
                     "Phải ghi «Nơi nhận:» (chữ in thường, sau có dấu hai chấm) trên một dòng riêng.", label.where)
        self.style(found.recipients_label, NOI_NHAN, R_NOI_NHAN, sizes=(12, 12), bold=True, italic=True,
                   name="Chữ «Nơi nhận:»")
        items = found.recipients
        if not items:
            self.add(NOI_NHAN, "không có nơi nhận nào", "các nơi nhận, dòng cuối «- Lưu: VT, ….»", R_NOI_NHAN,
                     "Dưới «Nơi nhận:» phải liệt kê các nơi nhận và dòng «- Lưu: VT, …».", label.where)
            return
        archive = re.compile(r"^-?\s*Lưu\b", re.IGNORECASE)
        for position, index in enumerate(items):
            block = self.blocks[index]
            text = block.stripped
            last = position == len(items) - 1
            if not text.startswith("- "):
                self.add(NOI_NHAN, _quote(text), "bắt đầu bằng gạch đầu dòng «- » sát lề trái", R_NOI_NHAN,
                         "Mỗi nơi nhận bắt đầu bằng gạch đầu dòng (-) và một khoảng trắng.", block.where)
            self.style(index, NOI_NHAN, R_NOI_NHAN, sizes=(11, 11), bold=False, italic=False,
                       name="Các dòng nơi nhận")
            if not last and not text.endswith(";"):
                self.add(NOI_NHAN, f"{_quote(text)} {_ending(text)}", "kết thúc bằng «;»", R_NOI_NHAN,
                         "Mỗi nơi nhận (trừ dòng cuối) phải kết thúc bằng dấu chấm phẩy (;).", block.where)
        last_block = self.blocks[items[-1]]
        last_text = last_block.stripped
        archive_items = [index for index in items if archive.match(self.text(index))]
        if not archive_items:
            self.add(NOI_NHAN, f"dòng cuối {_quote(last_text)}", "dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»",
                     R_NOI_NHAN, "Nơi nhận thiếu dòng «- Lưu: VT, …» (lưu tại Văn thư và đơn vị soạn thảo).",
                     last_block.where)
        else:
            if archive_items[-1] != items[-1]:
                self.add(NOI_NHAN, f"dòng cuối {_quote(last_text)}", "dòng cuối là «- Lưu: VT, ….»", R_NOI_NHAN,
                         "Dòng «- Lưu: VT, …» phải là dòng cuối cùng của Nơi nhận.",
                         self.blocks[archive_items[-1]].where)
            archive_text = self.text(archive_items[-1])
            if not re.match(r"^-\s*Lưu\s*:\s*VT\b", archive_text):
                self.add(NOI_NHAN, _quote(archive_text), "«- Lưu: VT, <đơn vị soạn thảo>.»", R_NOI_NHAN,
                         "Dòng lưu phải ghi «Lưu:» (có dấu hai chấm), tiếp theo là «VT» (Văn thư).",
                         self.blocks[archive_items[-1]].where)
            else:
                self._archive_units(archive_text, self.blocks[archive_items[-1]].where)
        if not last_text.endswith("."):
            self.add(NOI_NHAN, f"{_quote(last_text)} {_ending(last_text)}", "kết thúc bằng dấu chấm (.)",
                     R_NOI_NHAN, "Dòng cuối cùng của Nơi nhận phải kết thúc bằng dấu chấm (.).", last_block.where)
        texts = [self.text(index).lstrip(DASHES + " ") for index in items]
        if found.addressee is not None:
            same = [position for position, text in enumerate(texts) if re.match(r"^Như trên\b", text)]
            if not same:
                self.add(NOI_NHAN, "không có «- Như trên;»", "dòng đầu «- Như trên;»", self.model_form(),
                         "Văn bản có phần Kính gửi thì Nơi nhận phải có «- Như trên;» (các nơi đã ghi ở Kính gửi).",
                         label.where)
            elif same[0] != 0:
                self.add(NOI_NHAN, "«- Như trên;» không ở dòng đầu", "dòng đầu «- Như trên;»", self.model_form(),
                         "«- Như trên;» nên là dòng đầu của Nơi nhận.", self.blocks[items[same[0]]].where, WARNING)
        if found.kind == "quyet-dinh" and found.articles:
            numbers = {}
            for index in found.articles:
                match = re.match(r"^\S+\s*(\d+)", self.text(index))
                if match:
                    numbers[int(match.group(1))] = index
            # The article that gives the execution ("… chịu trách nhiệm thi hành Quyết định này"), read with its
            # clauses; a heading such as "Hiệu lực thi hành" gives none.
            starts = sorted(numbers.values())
            last = max(found.recipients_label, starts[-1] + 1)
            ends = {start: next((later for later in starts if later > start), last) for start in starts}
            executing = [number for number, index in numbers.items()
                         if _EXECUTION.search(" ".join(self.text(i) for i in range(index, ends[index])))]
            cited = [(position, int(match.group(1))) for position, text in enumerate(texts)
                     if (match := re.match(r"^Như (?:Điều|điều)\s*(\d+)", text))]
            for position, number in cited:
                if number not in numbers:
                    self.add(NOI_NHAN, f"«Như Điều {number}»", "điều có trong quyết định", self.model_form(),
                             f"Nơi nhận ghi «Như Điều {number}» nhưng quyết định không có Điều {number}.",
                             self.blocks[items[position]].where)
                elif executing and number != executing[-1]:
                    self.add(NOI_NHAN, f"«Như Điều {number}»", f"«Như Điều {executing[-1]}»", self.model_form(),
                             f"Điều giao trách nhiệm thi hành là Điều {executing[-1]}, Nơi nhận phải ghi "
                             f"«Như Điều {executing[-1]}».", self.blocks[items[position]].where)
            if executing and not cited and not any(text.startswith("Như trên") for text in texts):
                # The model form lists "Như Điều N" first; decisions of the Government and others leave it out: a
                # form shows, it does not oblige, so this is a warning.
                self.add(NOI_NHAN, "không có «- Như Điều …;»", f"«- Như Điều {executing[-1]};»", self.model_form(),
                         f"Quyết định giao thi hành tại Điều {executing[-1]}: Nơi nhận thường có "
                         f"«- Như Điều {executing[-1]};».", label.where, WARNING)

    def _archive_units(self, text: str, where: str) -> None:
        """After «Lưu: VT,» come the drafting unit's abbreviation and, when needed, the number of copies kept."""
        units = [unit.strip() for unit in re.sub(r"^-\s*Lưu\s*:\s*VT\s*,?", "", text).rstrip(" .").split(",")]
        for unit in units:
            if re.match(r"^VT\s*[-–.]", unit):
                self.add(NOI_NHAN, f"«{unit}» trong {_quote(text)}", "«- Lưu: VT, <đơn vị soạn thảo> (<số bản>).»",
                         R_NOI_NHAN, "«VT» (Văn thư) ghi một lần ngay sau «Lưu:»; sau dấu phẩy là chữ viết tắt tên "
                         "đơn vị soạn thảo, không ghép với «VT».", where)
            elif re.fullmatch(r"[A-ZĐ][A-Za-zĐđ]*[A-ZĐ]\d+", unit):
                self.add(NOI_NHAN, f"«{unit}» trong {_quote(text)}", "số lượng bản lưu trong ngoặc: «KTTH (02)»",
                         R_NOI_NHAN, "Số lượng bản lưu ghi trong ngoặc đơn sau tên đơn vị soạn thảo, không viết liền.",
                         where, WARNING)

    def signer(self) -> None:
        found = self.elements
        titles = found.signer
        if not titles:
            self.add(CHUC_VU, "không có", "quyền hạn và chức vụ người ký, chữ in hoa, đậm", R_KY,
                     "Không tìm thấy quyền hạn, chức vụ của người ký.")
        else:
            for index in titles:
                self.style(index, CHUC_VU, R_KY, sizes=(13, 14), bold=True, italic=False, upper=True)
            first = self.text(titles[0])
            token = first.split()[0] if first.split() else ""
            rest_of_first = first[len(token):].strip()
            prefix = None
            if token in PREFIXES:
                prefix = token
            elif _PREFIX_LIKE.match(token) or re.match(r"^(THAY MẶT|KÝ THAY|THỪA LỆNH|THỪA ỦY QUYỀN|QUYỀN)\b",
                                                       first.upper()):
                self.add(CHUC_VU, _quote(first), "TM., KT., Q., TL. hoặc TUQ. (in hoa, có dấu chấm)", R_KY,
                         "Quyền hạn của người ký viết tắt đúng một trong: TM., KT., Q., TL., TUQ.",
                         self.blocks[titles[0]].where)
                prefix = "?"
            lines = [rest_of_first] if prefix else [first]
            lines += [self.text(index) for index in titles[1:]]
            if prefix in ("TM.", "KT.", "TL.", "TUQ.") and len(titles) < 2:
                self.add(CHUC_VU, _quote(first), f"«{prefix} …» rồi dòng chức vụ của người ký", R_KY,
                         f"Sau «{prefix} …» phải có dòng chức vụ của người ký.", self.blocks[titles[0]].where)
            if prefix == "KT." and len(titles) >= 2:
                deputy = loose(self.text(titles[1]))
                if not (deputy.startswith("PHO ") or deputy.startswith("THU TRUONG") or deputy.startswith("KT.")):
                    self.add(CHUC_VU, _quote(self.text(titles[1])), "chức vụ cấp phó (PHÓ …, THỨ TRƯỞNG)", R_KY,
                             "Ký thay (KT.) thì dòng dưới là chức vụ của cấp phó ký thay.",
                             self.blocks[titles[1]].where, WARNING)
            for line, index in zip(lines, titles, strict=False):
                key = loose(line)
                key = re.sub(r"^(TM|KT|Q|TL|TUQ)\.\s*", "", key)
                if key and not key.startswith(TITLE_STARTS) and not key.endswith("TRUONG"):
                    self.add(CHUC_VU, _quote(line), "chức vụ hoặc tên tập thể lãnh đạo (CHỦ TỊCH, GIÁM ĐỐC…)", R_KY,
                             "Không nhận ra chức vụ của người ký; hãy kiểm tra lại.", self.blocks[index].where,
                             WARNING)
            if prefix == "TM." and found.authority and loose(self.text(found.authority[0])).startswith("CHU TICH"):
                self.add(CHUC_VU, _quote(first), "«CHỦ TỊCH» hoặc «KT. CHỦ TỊCH» (thẩm quyền của Chủ tịch)",
                         f"Điều 13; {R_KY}",
                         "Thẩm quyền ghi là Chủ tịch nhưng người ký lại ký thay mặt tập thể (TM.).",
                         self.blocks[titles[0]].where, WARNING)
        if found.signer_name is None:
            self.add(HO_TEN, "không có", "họ và tên người ký, chữ in thường, đậm", R_KY,
                     "Không tìm thấy họ tên người ký.")
            return
        index = found.signer_name
        self.style(index, HO_TEN, R_KY, sizes=(13, 14), bold=True, italic=False)
        name = self.text(index)
        if re.match(r"^(TS|ThS|PGS|GS|KS|BS|CN|Ths)\.?\s", name):
            self.add(HO_TEN, _quote(name), "chỉ họ và tên, không ghi học hàm, học vị", R_KY,
                     "Trước họ tên người ký không ghi học hàm, học vị.", self.blocks[index].where)
        elif not is_name(name):
            self.add(HO_TEN, _quote(name), "họ và tên, chữ đầu mỗi tiếng viết hoa", R_KY,
                     "Họ tên người ký viết chữ in thường, chữ đầu mỗi tiếng viết hoa.", self.blocks[index].where,
                     WARNING)

    def signature_place(self) -> None:
        found = self.elements
        if not found.signer:
            return
        first = self.blocks[found.signer[0]]
        if self.layout.fmt == "pdf":
            end = self.blocks[found.content_end] if found.content_end is not None else None
            if end is not None and end.last_page is not None and first.page is not None and end.last_page < first.page:
                self.add(CHU_KY, f"khối chữ ký ở đầu trang {first.page}, không có nội dung đi kèm",
                         "khối chữ ký cùng trang với đoạn cuối của nội dung", R_THUC_TIEN,
                         "Khối chữ ký bị tách riêng sang trang sau; phải đi cùng ít nhất đoạn cuối của nội dung.",
                         first.where)
            if found.signer_name is not None:
                name = self.blocks[found.signer_name]
                if name.page != first.page:
                    self.add(CHU_KY, f"chức vụ ở trang {first.page}, họ tên ở trang {name.page}",
                             "chức vụ, chữ ký và họ tên trên cùng một trang", R_THUC_TIEN,
                             "Chức vụ và họ tên người ký bị tách sang hai trang.", name.where)
            if found.recipients_label is not None:
                label = self.blocks[found.recipients_label]
                if label.page != first.page:
                    self.add(NOI_NHAN, f"«Nơi nhận:» ở trang {label.page}, chức vụ người ký ở trang {first.page}",
                             "«Nơi nhận:» ngang hàng với dòng quyền hạn, chức vụ", R_NOI_NHAN,
                             "«Nơi nhận:» phải ngang hàng với dòng quyền hạn, chức vụ của người ký.", label.where,
                             WARNING)
            return
        # DOCX: Word decides the pages; the file can only ask it to keep things together, and may remember where
        # Word broke the pages the last time it laid the document out.
        starts = [first] + ([self.blocks[found.recipients_label]] if found.recipients_label is not None else [])
        if any(block.rendered_break for block in starts):
            self.add(CHU_KY, "khối chữ ký ở đầu một trang mới (theo lần Word dàn trang gần nhất)",
                     "khối chữ ký cùng trang với đoạn cuối của nội dung", R_THUC_TIEN,
                     "Lần lưu gần nhất, Word đặt khối chữ ký riêng ở đầu trang sau; hãy kéo theo ít nhất đoạn cuối "
                     "của nội dung.", first.where, WARNING)
        kept = first.cant_split_row or all(self.blocks[index].keep_next for index in found.signer)
        end = self.blocks[found.content_end] if found.content_end is not None else None
        if end is not None and not end.keep_next and not kept:
            self.add(CHU_KY, "không có thiết lập giữ khối chữ ký với đoạn trước",
                     "khối chữ ký không đứng riêng một trang", R_THUC_TIEN,
                     "Nên đặt «Keep with next» cho đoạn cuối và «không ngắt dòng bảng» cho khối chữ ký để chữ ký "
                     "không bị tách riêng sang trang sau.", first.where, WARNING)
        elif end is not None and not end.keep_next:
            self.add(CHU_KY, "đoạn cuối của nội dung không «Keep with next»",
                     "đoạn cuối đi cùng trang với khối chữ ký", R_THUC_TIEN,
                     "Nên đặt «Keep with next» cho đoạn cuối của nội dung để khối chữ ký không đứng riêng một trang.",
                     end.where, WARNING)
