"""A box's setter, which works out once what does not depend on the text, sets a text as ``_set_box`` sets it.

``BoxSetter`` is what the page drawer calls for every text it has not drawn before; ``_set_box`` fits and draws
from nothing each time. Same operators, byte for byte, and the same report of how the text was set, over texts
that fit on one line, shrink, wrap, overflow, hold several paragraphs or characters the font lacks, in boxes of
every alignment, with letter spacing, in each style.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest

from generator.rendering.certificate_pdf import BoxSetter, _set_box
from generator.rendering.certificate_profile import Box, load_profile

TEXTS = [
    "", " ", "Bà Lê Thị Thủy", "Ông Nguyễn Văn An", "Số sổ vàng: 12345",
    "Bà Nguyễn Thị Hoàng Phương Thảo Ngọc Bích Minh Châu Thu Hà Loan",
    "Hợp tác xã Dịch vụ Nông nghiệp, Thương mại và Phát triển Nông thôn Bền vững thôn Phú Lộc Đông 12",
    "CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Dòng một\n\nDòng ba", "Chữ lạ: ☃ 漢 ∑", "Tên\u200b có ký tự ẩn",
    "Trung tâm " + "Nghiên cứu Ứng dụng và Chuyển giao Tiến bộ Khoa học " * 6,
    "Siêuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuudài",
]


def boxes() -> list[Box]:
    base = Box("ho_ten", 35, 83, 227, 12.5, 22, 15, "center", "middle", (0.75, 0, 0), True, True, 0, 1.15, False,
               False)
    found = []
    for align, valign, (bold, italic), spacing in product(("left", "center", "right"), ("top", "middle", "bottom"),
                                                          ((False, False), (True, False), (False, True), (True, True)),
                                                          (0, 1.5)):
        found.append(replace(base, align=align, valign=valign, bold=bold, italic=italic, letter_spacing=spacing))
    found.append(replace(base, width=60, height=30, size=14, min_size=10, line_height=1.3))  # wraps
    found.append(replace(base, width=20, height=5, size=12, min_size=11.25))  # overflows; min size off the steps
    found.append(replace(base, underline=True, field="tieu_ngu"))
    return found


@pytest.mark.parametrize("box", boxes(), ids=lambda b: f"{b.align}-{b.valign}-{b.bold}{b.italic}-{b.letter_spacing}"
                                                      f"-{b.width}-{b.underline}")
def test_a_setter_sets_every_text_as_set_box_does(box):
    setter = BoxSetter(box, 210.0)
    for text in TEXTS + TEXTS:  # the second round meets the layouts worked out in the first
        assert setter(text) == _set_box(box, text, 210.0), text


def test_the_built_in_profiles_boxes_are_set_alike():
    for name in ("a4-ngang-phoi", "a4-ngang-day-du", "400x300-day-du"):
        profile = load_profile(name)
        for box in profile.boxes:
            setter = BoxSetter(box, profile.height)
            for text in TEXTS:
                assert setter(text) == _set_box(box, text, profile.height), (name, box.field, text)
