"""Inconsistent settings stop check and build before anything is written, each naming the dot.toml key and the fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE

from generator import pipeline
from generator.cli import cli
from generator.core.errors import InputError


def session(tmp_path: Path, edit) -> Path:  # noqa: ANN001
    folder = tmp_path / "dot"
    shutil.copytree(EXAMPLE, folder)
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text, "the edit must change the settings"
    dot.write_text(edited, encoding="utf-8")
    return folder


def errors(folder: Path) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        pipeline.check(folder)
    return [(problem.location.key, problem.message) for problem in caught.value.problems]


def warnings(folder: Path) -> list[tuple[str, str]]:
    checked = pipeline.check(folder)
    return [(problem.location.key, problem.message) for problem in checked.warnings
            if problem.location and problem.location.key in ("cong_van.ngay", "nguoi_ky.tham_quyen")]


def test_the_same_number_twice_in_a_year(tmp_path):
    folder = session(tmp_path, lambda text: text.replace('hinh_thuc = "Lao động tiên tiến"\nso = 6',
                                                         'hinh_thuc = "Lao động tiên tiến"\nso = 5'))
    assert errors(folder) == [("[[quyet_dinh]] thứ 2, so", (
        "số 05 năm 2026 ghi hai lần: cho quyết định «Giấy khen» (05/QĐ-UBND, mục [[quyet_dinh]] thứ 1, so) và cho "
        "quyết định «Lao động tiên tiến» (05/QĐ-UBND); mỗi văn bản một số trong năm — sửa một trong hai, hoặc xóa "
        "dòng so để vanban issue cấp số tiếp theo."))]


def test_one_shared_series_makes_a_decision_and_a_dispatch_collide(tmp_path):
    folder = session(tmp_path, lambda text: text.replace("so = 123", "so = 5") + '\n[so_dang_ky]\ndanh_so = "chung"\n')
    assert errors(folder) == [("cong_van.so", (
        "số 05 năm 2026 ghi hai lần: cho quyết định «Giấy khen» (05/QĐ-UBND, mục [[quyet_dinh]] thứ 1, so) và cho "
        "công văn gửi các quyết định (05/UBND-VHXH); mỗi văn bản một số trong năm — sửa một trong hai, hoặc xóa "
        "dòng so để vanban issue cấp số tiếp theo."))]
    # Each type its own series (the default): decision 05 and dispatch 05 are two different documents.
    pipeline.check(session(tmp_path / "b", lambda text: text.replace("so = 123", "so = 5")))


def test_per_unit_dispatches_cannot_share_one_number(tmp_path):
    folder = session(tmp_path, lambda text: text.replace("# moi_don_vi = true", "moi_don_vi = true"))
    assert errors(folder) == [("cong_van.so", (
        "[cong_van] moi_don_vi = true nhưng 7 công văn cùng ghi số 123/UBND-VHXH: mỗi công văn một số. Xóa dòng so "
        "rồi chạy vanban issue để cấp mỗi đơn vị một số (ghi vào so_don_vi), hoặc tự ghi "
        'so_don_vi = { "Tên đơn vị" = 124, … }.'))]


def test_a_decision_table_that_matches_no_form_names_the_nearest(tmp_path):
    folder = session(tmp_path, lambda text: text.replace('hinh_thuc = "Tập thể lao động tiên tiến"',
                                                         'hinh_thuc = "Tập thể lao động tiên tiếng"'))
    assert errors(folder) == [
        ("[[quyet_dinh]] thứ 4, hinh_thuc", (
            "«Tập thể lao động tiên tiếng» không khớp hình thức nào trong danh sách của đợt (các hình thức: "
            "«Giấy khen», «Lao động tiên tiến», «Chiến sĩ thi đua cơ sở», «Tập thể lao động tiên tiến»); có phải "
            "«Tập thể lao động tiên tiến»? Sửa hinh_thuc cho đúng tên hình thức: số và ngày của khối này chưa dùng "
            "cho quyết định nào.")),
        ("quyet_dinh", (
            "Quyết định «Tập thể lao động tiên tiến» có ngày ký 20/01/2026 nhưng chưa có số: ghi so = … trong một "
            'khối [[quyet_dinh]] mới có hinh_thuc = "Tập thể lao động tiên tiến", hoặc chạy vanban issue để lấy số '
            "từ sổ đăng ký; bản dự thảo thì bỏ cả ngày (ngay trong [dot] và trong khối).")),
    ]


def test_a_decision_with_a_date_but_no_number(tmp_path):
    folder = session(tmp_path, lambda text: text.replace("so = 7\n", ""))
    assert errors(folder) == [("[[quyet_dinh]] thứ 3, so", (
        "Quyết định «Chiến sĩ thi đua cơ sở» có ngày ký 20/01/2026 nhưng chưa có số: ghi so = … trong khối "
        "[[quyet_dinh]] này, hoặc chạy vanban issue để lấy số từ sổ đăng ký; bản dự thảo thì bỏ cả ngày "
        "(ngay trong [dot] và trong khối)."))]


def test_a_decision_with_a_number_but_no_date(tmp_path):
    folder = session(tmp_path, lambda text: re.sub(r"(?m)^ngay = 2026-01-20 .*\n", "", text, count=1))
    assert errors(folder) == [
        ("[[quyet_dinh]] thứ 3, ngay", (
            "Quyết định số 07/QĐ-UBND («Chiến sĩ thi đua cơ sở») chưa có ngày ký: ghi ngay = NĂM-THÁNG-NGÀY trong "
            "khối này hoặc trong [dot]; bản dự thảo thì bỏ cả số.")),
        ("[[quyet_dinh]] thứ 4, ngay", (
            "Quyết định số 08/QĐ-UBND («Tập thể lao động tiên tiến») chưa có ngày ký: ghi ngay = NĂM-THÁNG-NGÀY "
            "trong khối này hoặc trong [dot]; bản dự thảo thì bỏ cả số.")),
    ]


def test_a_dispatch_dated_before_the_decisions_it_sends_is_a_warning(tmp_path):
    folder = session(tmp_path, lambda text: text.replace("ngay = 2026-01-22", "ngay = 2026-01-15"))
    assert warnings(folder) == [("cong_van.ngay", (
        "công văn ghi ngày 15/01/2026, trước ngày ký Quyết định số 05/QĐ-UBND («Giấy khen», ngày 20/01/2026) mà "
        "công văn gửi đi; sửa ngay của [cong_van] thành ngày ký quyết định hoặc sau đó."))]


def test_an_authority_line_naming_another_place_is_a_warning(tmp_path):
    folder = session(tmp_path, lambda text: text.replace('"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"',
                                                         '"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA AN"'))
    assert warnings(folder) == [("nguoi_ky.tham_quyen", (
        "dòng thẩm quyền ghi «XÃ HÒA AN» nhưng cơ quan ban hành ([co_quan] ten) là «XÃ HÒA BÌNH»; sửa một trong hai "
        "cho cùng một nơi."))]


def test_the_examples_are_consistent():
    for folder in (EXAMPLE, EXAMPLE.parent / "vi-du-2024"):
        assert warnings(folder) == []


def test_an_inconsistent_session_writes_nothing(tmp_path):
    folder = session(tmp_path, lambda text: text.replace("so = 7\n", ""))
    output = tmp_path / "ket-qua"
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(output), "-q"])
    assert result.exit_code == 2
    assert "mục [[quyet_dinh]] thứ 3, so: Quyết định «Chiến sĩ thi đua cơ sở» có ngày ký" in result.output
    assert not output.exists()
    warned = session(tmp_path / "w", lambda text: text.replace("ngay = 2026-01-22", "ngay = 2026-01-15"))
    checked = CliRunner().invoke(cli, ["check", str(warned)])
    assert checked.exit_code == 0 and "công văn ghi ngày 15/01/2026, trước ngày ký Quyết định" in checked.output
