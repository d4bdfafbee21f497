"""Output that is never destroyed: --only, hand-edited files, the office's own files, dispatches, same-named sessions,
an -o that is a file, colliding unit names, the kept history, and Vietnamese messages when the disk refuses."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_2024

from generator import pipeline
from generator.cli import cli
from generator.publishing import history as output_history

FAST = ["--format", "pdf", "--no-lint", "-q"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified(folder: Path) -> dict:
    """The folder's manifest, after checking that every file it lists is there with its checksum."""
    receipt = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    paths = [entry["path"] for entry in receipt["files"]]
    assert len(paths) == len(set(paths)), "a file is listed twice"
    for entry in receipt["files"]:
        assert sha(folder / entry["path"]) == entry["sha256"], entry["path"]
    return receipt


def build(*args: str) -> object:
    result = CliRunner().invoke(cli, ["build", *args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def session(tmp_path):
    target = tmp_path / "dot-2024"
    shutil.copytree(EXAMPLE_2024, target)
    return target


def test_only_one_kind_replaces_that_kind_and_keeps_the_rest(session, tmp_path):
    out = tmp_path / "ket-qua"
    assert build(str(session), "-o", str(out), "--only", "quyet-dinh,cong-van", *FAST).exit_code == 0
    decisions = {p.name: sha(p) for p in out.glob("quyet-dinh-*.pdf")}
    assert len(decisions) == 2

    result = build(str(session), "-o", str(out), "--only", "cong-van", *FAST)
    assert result.exit_code == 0, result.output
    assert {p.name: sha(p) for p in out.glob("quyet-dinh-*.pdf")} == decisions
    receipt = verified(out)
    assert sorted(e["path"] for e in receipt["files"]) == sorted([*decisions, "cong-van-gui-quyet-dinh.pdf"])
    assert "Giữ nguyên 2 tệp đã lập trước" in result.output
    # The merged manifest is the one a single build of both kinds writes, byte for byte.
    fresh = tmp_path / "mot-lan"
    assert build(str(session), "-o", str(fresh), "--only", "quyet-dinh,cong-van", *FAST).exit_code == 0
    assert (fresh / "manifest.json").read_bytes() == (out / "manifest.json").read_bytes()


def test_a_hand_edited_docx_stops_the_build_until_the_edit_is_moved_aside(session, tmp_path):
    import docx

    out = tmp_path / "ket-qua"
    assert build(str(session), "-o", str(out), "--only", "quyet-dinh", "--format", "docx", "-q").exit_code == 0
    edited = out / "quyet-dinh-giay-khen.docx"
    document = docx.Document(str(edited))
    document.add_paragraph("Văn thư sửa tay: thêm nơi nhận.")
    document.save(str(edited))
    edited_bytes = edited.read_bytes()

    refused = build(str(session), "-o", str(out), "--only", "quyet-dinh", "--format", "docx", "-q")
    assert refused.exit_code == 2, refused.output
    assert "1 tệp do vanban lập lần trước đã được sửa sau đó" in refused.output
    assert str(edited) in refused.output and "--giu-ban-sua" in refused.output
    assert edited.read_bytes() == edited_bytes
    assert len(output_history.versions(out)) == 1, "nothing was written"

    kept = build(str(session), "-o", str(out), "--only", "quyet-dinh", "--format", "docx", "-q", "--giu-ban-sua")
    assert kept.exit_code == 0, kept.output
    [aside] = list((out / "ban-da-sua").glob("*/quyet-dinh-giay-khen.docx"))
    assert aside.read_bytes() == edited_bytes
    assert f"Bản đã sửa tay được chuyển vào: {out / aside.relative_to(out)}" in kept.output
    verified(out)
    assert edited.read_bytes() != edited_bytes
    # The version the clerk edited is still whole in the history, her edit included.
    first = output_history.versions(out)[0]
    assert (first / "quyet-dinh-giay-khen.docx").read_bytes() == edited_bytes


def test_a_file_the_office_put_in_the_folder_is_kept(session, tmp_path):
    out = tmp_path / "ket-qua"
    assert build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST).exit_code == 0
    (out / "ghi-chu.txt").write_text("Đã gửi bản giấy ngày 21/12.", encoding="utf-8")
    (out / "scan").mkdir()
    (out / "scan" / "da-ky.pdf").write_bytes(b"%PDF scanned")
    result = build(str(session), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.output
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "Đã gửi bản giấy ngày 21/12."
    assert (out / "scan" / "da-ky.pdf").read_bytes() == b"%PDF scanned"
    assert "Giữ nguyên 2 tệp khác trong thư mục (không do vanban lập)." in result.output
    receipt = verified(out)
    assert "ghi-chu.txt" not in [entry["path"] for entry in receipt["files"]]


def test_a_folder_that_is_not_vanbans_is_refused_before_anything_is_written(session, tmp_path):
    out = tmp_path / "tai-lieu"
    out.mkdir()
    (out / "bao-cao.docx").write_bytes(b"the office's own report")
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 2, result.output
    assert "đã có tệp không do vanban lập" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dot-2024", "tai-lieu"]
    assert [p.name for p in out.iterdir()] == ["bao-cao.docx"]


DISPATCH = """+++
ngay = 2026-02-03
trich_yeu = "V/v {subject}"
kinh_gui = ["Trường Tiểu học Kim Đồng"]
luu = "VT, VHXH"

[co_quan]
ten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]
viet_tat = "UBND"
dia_danh = "Hòa Bình"

[nguoi_ky]
chuc_vu = "CHỦ TỊCH"
ho_ten = "Nguyễn Văn An"
+++
Ủy ban nhân dân xã đề nghị nhà trường {subject}.
"""


def write_dispatch(path: Path, subject: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DISPATCH.format(subject=subject), encoding="utf-8")
    return path


def test_two_dispatches_into_one_folder_keep_each_other(tmp_path):
    first = write_dispatch(tmp_path / "moi-hop.md", "mời họp")
    second = write_dispatch(tmp_path / "bao-cao.md", "gửi báo cáo")
    out = tmp_path / "cong-van"
    for source in (first, second):
        result = CliRunner().invoke(cli, ["dispatch", str(source), "-o", str(out)])
        assert result.exit_code == 0, result.output
    receipt = verified(out)
    assert sorted(e["path"] for e in receipt["files"]) == ["bao-cao.docx", "bao-cao.pdf", "moi-hop.docx",
                                                           "moi-hop.pdf"]
    assert {e["nguon"] for e in receipt["files"]} == {"moi-hop.md", "bao-cao.md"}
    # Made again, a dispatch replaces its own files only.
    write_dispatch(first, "mời họp lúc 8 giờ")
    assert CliRunner().invoke(cli, ["dispatch", str(first), "-o", str(out)]).exit_code == 0
    assert sorted(e["path"] for e in verified(out)["files"]) == ["bao-cao.docx", "bao-cao.pdf", "moi-hop.docx",
                                                                 "moi-hop.pdf"]


def test_a_session_build_keeps_a_dispatch_published_into_its_folder(session, tmp_path):
    out = tmp_path / "ket-qua"
    source = write_dispatch(tmp_path / "moi-hop.md", "mời họp")
    assert CliRunner().invoke(cli, ["dispatch", str(source), "-o", str(out), "--format", "pdf"]).exit_code == 0
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh,cong-van", *FAST)
    assert result.exit_code == 0, result.output
    paths = [entry["path"] for entry in verified(out)["files"]]
    assert "moi-hop.pdf" in paths and "cong-van-gui-quyet-dinh.pdf" in paths


def test_each_dispatch_file_has_its_own_default_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_OUTPUT", tmp_path / "output")
    sources = [write_dispatch(tmp_path / "moi-hop.md", "mời họp"),
               write_dispatch(tmp_path / "bao-cao.md", "gửi báo cáo"),
               write_dispatch(tmp_path / "thang-12" / "moi-hop.md", "mời họp tháng 12")]
    said = []
    for source in sources:
        result = CliRunner().invoke(cli, ["dispatch", str(source), "--format", "pdf"])
        assert result.exit_code == 0, result.output
        said.append(next(line for line in result.output.splitlines() if line.startswith("Đã lập")))
    output = tmp_path / "output"
    assert said == [f"Đã lập 1 tệp trong thư mục {output / name}"
                    for name in ("cong-van-moi-hop", "cong-van-bao-cao", "cong-van-moi-hop-2")]
    for name in ("cong-van-moi-hop", "cong-van-bao-cao", "cong-van-moi-hop-2"):
        assert len(verified(output / name)["files"]) == 1


def test_two_session_folders_with_one_name_never_share_an_output_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_OUTPUT", tmp_path / "output")
    older, newer = tmp_path / "2025" / "dot-1", tmp_path / "2026" / "dot-1"
    shutil.copytree(EXAMPLE_2024, older)
    shutil.copytree(EXAMPLE_2024, newer)
    (newer / "danh-sach.csv").write_text(
        (newer / "danh-sach.csv").read_text(encoding="utf-8-sig").replace("Nguyễn Văn Bảy", "Nguyễn Văn Tám"),
        encoding="utf-8")
    first = build(str(older), "--only", "quyet-dinh", *FAST)
    second = build(str(newer), "--only", "quyet-dinh", *FAST)
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert f"trong thư mục {tmp_path / 'output' / 'dot-1'}" in first.output
    assert f"trong thư mục {tmp_path / 'output' / '2026-dot-1'}" in second.output
    assert verified(tmp_path / "output" / "dot-1")["input_sha256"] != \
        verified(tmp_path / "output" / "2026-dot-1")["input_sha256"]
    again = build(str(older), "--only", "quyet-dinh", *FAST)
    assert f"trong thư mục {tmp_path / 'output' / 'dot-1'}" in again.output


def test_an_output_that_is_a_file_is_refused(session, tmp_path):
    existing = tmp_path / "bao-cao.xlsx"
    existing.write_bytes(b"the office's workbook")
    for command in (["build", str(session), "-o", str(existing), *FAST],
                    ["dispatch", str(write_dispatch(tmp_path / "moi-hop.md", "mời họp")), "-o", str(existing)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert f"{existing} là một tệp, không phải thư mục" in result.output
        assert existing.read_bytes() == b"the office's workbook"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.xlsx", "dot-2024", "moi-hop.md"]


UNITS = ["Công an xã", "CÔNG AN XÃ", "công an xã", "Cong an xa", "CONG AN XA", "Công An Xã", "công an Xã"]


def test_per_unit_dispatches_of_units_differing_in_case_never_collide(session, tmp_path):
    rows = ["STT,Họ và tên / Tên tập thể,Đối tượng,Giới tính,Chức vụ,Đơn vị,Hình thức,Thành tích,Số tiền,Ghi chú"]
    long_unit = "Trường Tiểu học " + "Kim Đồng " * 27 + "xã Tịnh Hà"
    assert len(long_unit) >= 255
    for number, unit in enumerate([*UNITS, long_unit], start=1):
        rows.append(f"{number},Người thứ {number},Cá nhân,Nam,Giáo viên,{unit},Lao động tiên tiến,,,")
    (session / "danh-sach.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    dot = session / "dot.toml"
    # Only Lao động tiên tiến is left in the list: its block stays, the Giấy khen block would match no form.
    text = dot.read_text(encoding="utf-8")
    start = text.index("[[quyet_dinh]]\nhinh_thuc = \"Giấy khen\"")
    end = text.index("[[quyet_dinh]]", start + 1)
    dot.write_text(text[:start] + "[cong_van]\nmoi_don_vi = true\n\n" + text[end:], encoding="utf-8")
    out = tmp_path / "ket-qua"
    result = build(str(session), "-o", str(out), "--only", "cong-van", *FAST)
    assert result.exit_code == 0, result.output
    receipt = verified(out)
    names = [entry["path"] for entry in receipt["files"]]
    assert len(names) == 8 and all(name.startswith("cong-van-gui-quyet-dinh/") for name in names)
    assert len({name.lower() for name in names}) == 8
    assert max(len(Path(name).name) for name in names) <= 90
    assert "cong-van-gui-quyet-dinh/cong-an-xa.pdf" in names and "cong-van-gui-quyet-dinh/cong-an-xa-7.pdf" in names


def test_every_published_version_stays_in_the_history(session, tmp_path):
    out = tmp_path / "ket-qua"
    assert build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST).exit_code == 0
    first_receipt = verified(out)
    assert build(str(session), "-o", str(out), "--only", "cong-van", *FAST).exit_code == 0
    assert build(str(session), "-o", str(out), *FAST).exit_code == 0
    versions = output_history.versions(out)
    assert len(versions) == 3 and out.resolve() == versions[-1]
    assert verified(versions[0]) == first_receipt
    assert [len(verified(version)["files"]) for version in versions] == [2, 3, len(verified(out)["files"])]
    assert output_history.logged_versions(out) == [version.name for version in versions]
    # Only the link, its store and nothing else beside the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ket-qua.lich-su", "dot-2024", "ket-qua"]


def test_an_output_folder_of_an_older_vanban_becomes_the_first_version(session, tmp_path):
    out = tmp_path / "ket-qua"
    out.mkdir()
    (out / "quyet-dinh-cu.pdf").write_bytes(b"%PDF old decision")
    (out / "manifest.json").write_text(json.dumps({"dot": "dot-2024", "files": [
        {"path": "quyet-dinh-cu.pdf", "kind": "quyet-dinh", "format": "pdf",
         "sha256": hashlib.sha256(b"%PDF old decision").hexdigest()}]}), encoding="utf-8")
    (out / "ghi-chu.txt").write_text("của văn thư", encoding="utf-8")
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 0, result.output
    assert out.is_symlink() and verified(out)
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của văn thư"
    assert not (out / "quyet-dinh-cu.pdf").exists()
    old = output_history.versions(out)[0]
    assert (old / "quyet-dinh-cu.pdf").read_bytes() == b"%PDF old decision" and verified(old)


def test_what_the_old_two_rename_publish_left_behind_is_recovered(session, tmp_path):
    """Stopped between its two renames, vanban's earlier publish left the output missing and the old version hidden."""
    old = tmp_path / ".ket-qua.cu-4242"
    old.mkdir()
    (old / "quyet-dinh-cu.pdf").write_bytes(b"%PDF old decision")
    (old / "manifest.json").write_text(json.dumps({"files": [
        {"path": "quyet-dinh-cu.pdf", "kind": "quyet-dinh", "format": "pdf",
         "sha256": hashlib.sha256(b"%PDF old decision").hexdigest()}]}), encoding="utf-8")
    (tmp_path / ".ket-qua.dang-ghi-abc123").mkdir()
    (tmp_path / ".ket-qua.dang-ghi-abc123" / "nua-chung.pdf").write_bytes(b"%PDF half")
    out = tmp_path / "ket-qua"
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".ket-qua.lich-su", "dot-2024", "ket-qua"]
    first = output_history.versions(out)[0]
    assert (first / "quyet-dinh-cu.pdf").read_bytes() == b"%PDF old decision" and verified(first)
    assert len(verified(out)["files"]) == 2


def test_a_deleted_manifest_or_a_deleted_current_version_loses_nothing(session, tmp_path):
    out = tmp_path / "ket-qua"
    assert build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    (out / "manifest.json").unlink()
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 0, result.output
    verified(out)
    # Without a manifest nothing tells vanban's files from the office's: the earlier ones move aside, whole.
    aside = {p.name: p.read_bytes() for p in (out / "ban-da-sua").glob("*/*.pdf")}
    assert aside == before
    shutil.rmtree(out.resolve())  # the version shown, deleted by hand from the history
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 0, result.output
    assert out.is_symlink() and verified(out)


def test_a_manifest_path_leading_out_of_the_folder_is_ignored(session, tmp_path):
    out = tmp_path / "ket-qua"
    assert build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST).exit_code == 0
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("không được chép", encoding="utf-8")
    receipt = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    receipt["files"].append({"path": "../../bi-mat.txt", "kind": "cong-van", "format": "pdf", "sha256": "0"})
    (out / "manifest.json").write_text(json.dumps(receipt), encoding="utf-8")
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 0, result.output
    assert "../../bi-mat.txt" not in [e["path"] for e in verified(out)["files"]]
    assert secret.read_text(encoding="utf-8") == "không được chép"


@pytest.mark.parametrize("code, said", [
    (errno.EROFS, "chỉ cho đọc"), (errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EACCES, "không có quyền ghi"),
    (errno.ENAMETOOLONG, "tên tệp hoặc đường dẫn quá dài")])
def test_what_the_disk_refuses_is_said_in_vietnamese(code, said):
    from generator.publishing import output_error

    error = output_error("Không ghi được thư mục kết quả ket-qua", OSError(code, "English text", "ket-qua/a.pdf"))
    assert error.exit_code == 5
    message = error.format_message()
    # "Lỗi: <what> (<heading>)": the uniform shape of every error (issue 18).
    assert message.startswith("Lỗi: Không ghi được thư mục kết quả ket-qua (ket-qua/a.pdf): ")
    assert message.endswith("(không ghi được kết quả)")
    assert said in message and "English text" not in message


def test_a_too_long_output_path_is_exit_5_in_vietnamese(session, tmp_path):
    out = tmp_path / ("thu-muc-ket-qua-" * 20)
    result = build(str(session), "-o", str(out), "--only", "quyet-dinh", *FAST)
    assert result.exit_code == 5, result.output
    assert "tên tệp hoặc đường dẫn quá dài" in result.output and "File name too long" not in result.output
