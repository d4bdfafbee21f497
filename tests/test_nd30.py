"""The decree's punctuation of lists: căn cứ lines, Nơi nhận and Kính gửi, from messy input."""

from __future__ import annotations

import pytest

from generator.core.errors import InputError
from generator.core.nd30 import addressees_block, citation_lines, ends_document, recipients_block
from generator.core.vietnamese import sentence_case_authority

NOI_NHAN = [
    pytest.param(["UBND tỉnh (b/c)", "Lưu: VT, VHXH"], {}, ["- UBND tỉnh (b/c);", "- Lưu: VT, VHXH."],
                 id="no dashes"),
    pytest.param(["- UBND tỉnh (b/c);", "- Lưu: VT, VHXH."], {}, ["- UBND tỉnh (b/c);", "- Lưu: VT, VHXH."],
                 id="already canonical"),
    pytest.param(["UBND tỉnh.", "Sở Nội vụ", "Lưu VT"], {}, ["- UBND tỉnh;", "- Sở Nội vụ;", "- Lưu: VT."],
                 id="dot in the middle, Lưu without colon"),
    pytest.param(["  -  UBND tỉnh   (b/c) ;  ", "Lưu: VT, VHXH.  "], {},
                 ["- UBND tỉnh (b/c);", "- Lưu: VT, VHXH."], id="stray spaces"),
    pytest.param(["Lưu: VT", "UBND tỉnh", "Lưu: VT, VHXH"], {}, ["- UBND tỉnh;", "- Lưu: VT, VHXH."],
                 id="duplicate Lưu merged, moved last"),
    pytest.param(["UBND tỉnh;", "Ban TĐKT tỉnh;"], {"archive": "VT, VHXH"},
                 ["- UBND tỉnh;", "- Ban TĐKT tỉnh;", "- Lưu: VT, VHXH."], id="items ending ';' and archive key"),
    pytest.param(["UBND tỉnh"], {"first": "Như Điều 3", "archive": "VT, VHXH"},
                 ["- Như Điều 3;", "- UBND tỉnh;", "- Lưu: VT, VHXH."], id="Như Điều 3 first"),
    pytest.param(["Như trên", "UBND tỉnh"], {"first": "Như trên", "archive": "VHXH"},
                 ["- Như trên;", "- UBND tỉnh;", "- Lưu: VT, VHXH."], id="Như trên not repeated, VT added"),
    pytest.param(["– UBND tỉnh", "• Sở Nội vụ", "lưu: vt, vhxh"], {},
                 ["- UBND tỉnh;", "- Sở Nội vụ;", "- Lưu: VT, VHXH."], id="en dash, bullet, lower-case Lưu"),
    pytest.param(["UBND tỉnh", "", "  ", "Lưu: VT, HC (2 bản)"], {}, ["- UBND tỉnh;", "- Lưu: VT, HC (2)."],
                 id="blank items, copies"),
    pytest.param(["UBND tỉnh", "UBND tỉnh", "Lưu: VT"], {}, ["- UBND tỉnh;", "- Lưu: VT."], id="duplicate item"),
    pytest.param(["UBND tỉnh./.", "Lưu: VT, VHXH,"], {}, ["- UBND tỉnh;", "- Lưu: VT, VHXH."],
                 id="stray ./. and trailing comma"),
    pytest.param(["Chủ tịch, các PCT UBND xã", "Lưu: VT, VHXH"], {"first": "Như trên"},
                 ["- Như trên;", "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT, VHXH."], id="comma inside an item"),
]


@pytest.mark.parametrize("items, options, expected", NOI_NHAN)
def test_recipients_block(items, options, expected):
    assert list(recipients_block(items, **options)) == expected


@pytest.mark.parametrize("items, options, message", [
    pytest.param([], {}, "Nơi nhận đang trống", id="empty"),
    pytest.param(["", " - "], {}, "Nơi nhận đang trống", id="only blanks"),
    pytest.param(["UBND tỉnh"], {}, "thiếu dòng «Lưu: VT", id="no Lưu"),
])
def test_recipients_block_refuses(items, options, message):
    with pytest.raises(InputError, match=message):
        recipients_block(items, **options)


def test_citation_lines_end_with_semicolons_then_a_period():
    lines = ["Căn cứ Luật A,", "- Căn cứ Luật B.", "Theo đề nghị của Trưởng phòng ;"]
    assert citation_lines(lines) == ("Căn cứ Luật A;", "Căn cứ Luật B;", "Theo đề nghị của Trưởng phòng.")


@pytest.mark.parametrize("items, expected", [
    pytest.param(["Ủy ban nhân dân tỉnh Quảng Ngãi"], ["Ủy ban nhân dân tỉnh Quảng Ngãi."], id="one recipient"),
    pytest.param(["Trường Tiểu học Kim Đồng;", "- Trạm Y tế xã", "Công an xã."],
                 ["- Trường Tiểu học Kim Đồng;", "- Trạm Y tế xã;", "- Công an xã."], id="three recipients"),
])
def test_addressees_block(items, expected):
    assert list(addressees_block(items)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Đề nghị các đơn vị thực hiện.", "Đề nghị các đơn vị thực hiện./."),
    ("Đề nghị các đơn vị thực hiện./.", "Đề nghị các đơn vị thực hiện./."),
    ("Đề nghị các đơn vị thực hiện", "Đề nghị các đơn vị thực hiện./."),
])
def test_ends_document(text, expected):
    assert ends_document(text) == expected


@pytest.mark.parametrize("upper, expected", [
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "Chủ tịch Ủy ban nhân dân xã Hòa Bình"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH", "Chủ tịch Ủy ban nhân dân huyện Sơn Tịnh"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG 15", "Chủ tịch Ủy ban nhân dân Phường 15"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh"),
    ("HIỆU TRƯỞNG TRƯỜNG THCS TÂN PHÚ", "Hiệu trưởng Trường THCS Tân Phú"),
    ("HIỆU TRƯỞNG TRƯỜNG TRUNG HỌC CƠ SỞ TÂN PHÚ", "Hiệu trưởng Trường Trung học cơ sở Tân Phú"),
    ("GIÁM ĐỐC SỞ NỘI VỤ TỈNH LÂM ĐỒNG", "Giám đốc Sở Nội vụ tỉnh Lâm Đồng"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("GIÁM ĐỐC CÔNG TY TNHH AN PHÁT", "Giám đốc Công ty TNHH An Phát"),
])
def test_authority_in_running_text(upper, expected):
    assert sentence_case_authority(upper) == expected
