"""`vanban new` writes a session of the office's own; every path of dot.toml is read from the session folder."""

from __future__ import annotations

import os
import re
import shutil
import tomllib

import openpyxl
import pypdfium2
from click.testing import CliRunner
from test_bad_input import edit_toml

import generator.cli
from generator.cli import cli
from generator.rendering.template_folders import BUILTIN_TEMPLATES

OPTIONS = ["--co-quan", "ỦY BAN NHÂN DÂN / XÃ AN PHÚ", "--dia-danh", "An Phú", "--nguoi-ky", "Lê Văn Bình",
           "--chuc-vu", "phó chủ tịch", "--quyen-han", "KT. CHỦ TỊCH", "--nam", "2025",
           "--nguoi-ky-cong-van", "Đỗ Thị Lan", "--chuc-vu-cong-van", "CHÁNH VĂN PHÒNG",
           "--quyen-han-cong-van", "TL. CHỦ TỊCH"]
# What the bundled example says and a new session must not: its place, dates, numbers, signers, proposal.
EXAMPLE_TRACES = ("Hòa Bình", "HÒA BÌNH", "2026-01-20", "2026-01-22", "2026-01-15", "Nguyễn Văn An", "Trần Thị Bích",
                  "12/TTr", "VHXH", "so = 5", "so = 123", "Kinh tế")


def fill(folder) -> None:
    """What the office does after `vanban new`: the proposal line and two awardees."""
    edit_toml(folder, '# de_nghi = "Theo đề nghị của … tại Tờ trình số …/TTr-… ngày … tháng … năm …"',
              'de_nghi = "Theo đề nghị của Văn phòng tại Tờ trình số 03/TTr-VP ngày 02 tháng 12 năm 2025"')
    workbook = openpyxl.load_workbook(folder / "danh-sach.xlsx")
    workbook.active.append([1, "Phạm Văn Tư", "Cá nhân", "Nam", "Giáo viên", "Trường Tiểu học An Phú", "Giấy khen"])
    workbook.active.append([2, "Trường Tiểu học An Phú", "Tập thể", None, None, "Trường Tiểu học An Phú",
                            "Giấy khen"])
    workbook.save(folder / "danh-sach.xlsx")


def test_new_writes_the_offices_settings_and_nothing_of_the_example(tmp_path):
    target = tmp_path / "dot-2025"
    result = CliRunner().invoke(cli, ["new", str(target), *OPTIONS])
    assert result.exit_code == 0, result.output
    text = (target / "dot.toml").read_text(encoding="utf-8")
    for trace in EXAMPLE_TRACES:
        assert trace not in text, trace
    data = tomllib.loads(text)
    assert data["co_quan"]["ten"] == ["ỦY BAN NHÂN DÂN", "XÃ AN PHÚ"] and data["co_quan"]["dia_danh"] == "An Phú"
    assert data["nguoi_ky"] == {"tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN PHÚ", "quyen_han": "KT. CHỦ TỊCH",
                                "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Lê Văn Bình"}
    assert data["cong_van"]["nguoi_ky"] == {"quyen_han": "TL. CHỦ TỊCH", "chuc_vu": "CHÁNH VĂN PHÒNG",
                                            "ho_ten": "Đỗ Thị Lan"}
    assert data["dot"]["nam"] == 2025 and "ngay" not in data["dot"]  # a draft until the văn thư numbers it
    rows = list(openpyxl.load_workbook(target / "danh-sach.xlsx").active.iter_rows(values_only=True))
    assert rows[2][:3] == ("STT", "Họ và tên / Tên tập thể", "Đối tượng") and len(rows) == 3


def test_a_new_session_builds_with_the_offices_names(tmp_path):
    target = tmp_path / "dot-2025"
    assert CliRunner().invoke(cli, ["new", str(target), *OPTIONS]).exit_code == 0
    before = CliRunner().invoke(cli, ["check", str(target)])
    assert before.exit_code == 2 and "dot.de_nghi" in before.output  # what only the office knows is asked for
    fill(target)
    output = tmp_path / "ra"
    result = CliRunner().invoke(cli, ["build", str(target), "-o", str(output), "--only", "quyet-dinh,cong-van",
                                      "--format", "pdf", "-q"])
    assert result.exit_code == 0, result.output
    text = " ".join(page.get_textpage().get_text_range() for path in sorted(output.glob("*.pdf"))
                    for page in pypdfium2.PdfDocument(path.read_bytes()))
    assert "XÃ AN PHÚ" in text and "Lê Văn Bình" in text and "Đỗ Thị Lan" in text and "An Phú, ngày" in text
    assert "Hòa Bình" not in text and "HÒA BÌNH" not in text


def test_new_asks_at_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(generator.cli.documents, "interactive", lambda: True)
    answers = "ỦY BAN NHÂN DÂN / PHƯỜNG BẾN THÀNH\n\nBến Thành\n\n\nTrần Văn Nam\nCHỦ TỊCH\n\n2025\n"
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "dot")], input=answers)
    assert result.exit_code == 0, result.output
    data = tomllib.loads((tmp_path / "dot" / "dot.toml").read_text(encoding="utf-8"))
    assert data["co_quan"]["ten"] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG BẾN THÀNH"]
    assert data["co_quan"]["viet_tat"] == "UBND" and data["co_quan"]["cap"] == "xa"  # defaults accepted
    assert data["nguoi_ky"]["tham_quyen"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH"
    assert data["nguoi_ky"]["ho_ten"] == "Trần Văn Nam" and "quyen_han" not in data["nguoi_ky"]


def test_new_without_a_terminal_names_the_missing_options(tmp_path):
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "dot"), "--dia-danh", "An Phú"])
    assert result.exit_code == 2
    assert "--co-quan" in result.output and "--nguoi-ky" in result.output and "--dia-danh" not in result.output
    assert not (tmp_path / "dot").exists()


def local_profile(folder, name: str) -> None:
    target = folder / "giay-khen" / f"{name}.toml"
    target.parent.mkdir(parents=True)
    shutil.copy(BUILTIN_TEMPLATES / "giay-khen" / "a4-ngang-phoi.toml", target)


def test_check_finds_the_stock_profile_build_finds(session_copy):
    local_profile(session_copy / "mau", "phoi-cua-xa")
    edit_toml(session_copy, '# ho_so = "a4-ngang-phoi"', 'ho_so = "phoi-cua-xa"')
    edit_toml(session_copy, "[danh_sach]", '[mau]\nthu_muc = "mau"\n\n[danh_sach]')
    result = CliRunner().invoke(cli, ["check", str(session_copy)])
    assert result.exit_code == 0, result.output
    assert "hồ sơ phôi phoi-cua-xa, in lên phôi" in result.output


def test_check_takes_templates_like_build(session_copy, tmp_path):
    elsewhere = tmp_path / "mau-cua-xa"
    local_profile(elsewhere, "phoi-rieng")
    edit_toml(session_copy, '# ho_so = "a4-ngang-phoi"', 'ho_so = "phoi-rieng"')
    assert CliRunner().invoke(cli, ["check", str(session_copy)]).exit_code == 2
    result = CliRunner().invoke(cli, ["check", str(session_copy), "--templates", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert "hồ sơ phôi phoi-rieng" in result.output


def test_a_profile_path_in_dot_toml_is_read_from_the_session_folder(session_copy, tmp_path):
    local_profile(session_copy / "phoi", "a4-xa")
    edit_toml(session_copy, '# ho_so = "a4-ngang-phoi"', 'ho_so = "phoi/giay-khen/a4-xa.toml"')
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    cwd = os.getcwd()
    os.chdir(elsewhere)  # the command runs from anywhere
    try:
        checked = CliRunner().invoke(cli, ["check", str(session_copy)])
        built = CliRunner().invoke(cli, ["build", str(session_copy), "-o", str(tmp_path / "ra"), "--only",
                                         "giay-khen", "--format", "pdf", "--jobs", "1", "-q"])
    finally:
        os.chdir(cwd)
    assert checked.exit_code == 0, checked.output
    assert "hồ sơ phôi a4-xa" in checked.output
    assert built.exit_code == 0, built.output


def test_new_writes_the_decision_shape_settings_commented_and_each_is_a_key_the_reader_knows(tmp_path):
    """Issue 15: `vanban new` shows the office every setting of a decision's words, commented; uncommented, each is
    a key dot.toml accepts (an unknown key would be refused with the nearest right one)."""
    from generator.reading.loading import DOT_SCHEMA

    target = tmp_path / "dot-2025"
    assert CliRunner().invoke(cli, ["new", str(target), *OPTIONS]).exit_code == 0
    text = (target / "dot.toml").read_text(encoding="utf-8")
    block = text[text.index("# [[quyet_dinh]]"):text.index("[giay_khen]")]
    written = {line.lstrip("# ").split(" = ")[0].strip() for line in block.splitlines()
               if re.match(r"^#\s*\w+ = ", line)}
    for key in ("trich_yeu", "ky", "danh_sach", "cot", "ten_cot", "chia_muc", "tieu_de_danh_sach", "kem_theo",
                "ket_thuc", "noi_nhan", "thi_hanh", "can_cu", "mac_dinh", "tieu_de", "noi_dung"):
        assert key in written, key
    decision_keys = set(DOT_SCHEMA["quyet_dinh"][0]) | set(DOT_SCHEMA["quyet_dinh"][0]["dieu"][0])
    form_keys = set(DOT_SCHEMA["hinh_thuc"][0])
    assert written <= decision_keys | form_keys, written - decision_keys - form_keys
