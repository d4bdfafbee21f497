"""The manifest's JSON writer gives the text json.dumps(…, ensure_ascii=False, indent=2) gives."""

from __future__ import annotations

import json
import math

import pytest

from generator.publishing.manifest_json import manifest_text, write_manifest

SAMPLES = [
    {},
    [],
    "",
    0,
    None,
    {"dot": "vi-du", "files": [{"path": "giay-khen/tat-ca.pdf", "pages": 19, "giay_chung_nhan": [
        {"so_so": 1, "hinh_thuc": "Giấy khen", "ho_ten": "Ca \"&\" Múa\n\t\\ \u0001 \u2028", "trang": 1}]}],
     "counts": {}, "totals": {"tien": 10_000_000_000, "ty_le": 0.1}},
    {"nested": [[], {}, [[]], [{}], [1, [2, [3, {"a": [True, False, None]}]]]]},
    {7: "int key", 2.5: "float key", True: "bool key", False: "no", None: "none key", "é": "ü"},
    [1.0, -0.0, 1e300, 1e-300, 123456789.123456789, math.inf, -math.inf, math.nan],
    ("tuple", ("inner",)),
    {"big": 2**80, "negative": -7, "markup-like": "<b>&amp;</b>"},
]


@pytest.mark.parametrize("value", SAMPLES)
def test_same_text_as_json_dumps(value):
    assert manifest_text(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_manifest_of_thousands_of_entries_is_the_same_text():
    entries = [{"so_so": i, "hinh_thuc": "Giấy khen", "ho_ten": f"Nguyễn Văn {i}", "don_vi": f"Tổ {i % 7}",
                "trang": i % 25 + 1} for i in range(3000)]
    value = {"files": [{"path": "giay-khen/tat-ca.pdf", "giay_chung_nhan": entries, "sha256": "ab" * 32}]}
    assert manifest_text(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [{"a": object()}, {("tuple", "key"): 1}, {1j: 2}])
def test_what_json_refuses_is_refused(value):
    with pytest.raises(TypeError):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError):
        manifest_text(value)


def test_written_piece_by_piece_it_is_the_same_text():
    import io

    entries = [{"so_so": i, "ho_ten": f"Trần Thị {i}", "trang": [i, {"x": None}]} for i in range(30000)]
    value = {"files": [{"giay_chung_nhan": entries}, {"giay_chung_nhan": entries[:10]}], "counts": {}}
    sink = io.StringIO()
    write_manifest(value, sink)
    assert sink.getvalue() == json.dumps(value, ensure_ascii=False, indent=2)
