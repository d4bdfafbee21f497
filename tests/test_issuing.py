"""vanban issue: numbers from the register into dot.toml, rebuilt, recorded; again changes nothing; real processes."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, docx_paragraphs

from generator import issuing
from generator.cli import cli
from generator.core.errors import InputError
from generator.register import Claim, Register

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"formats": ("docx",), "kinds": ("quyet-dinh", "cong-van"), "lint": False}


def draft(tmp_path: Path, name: str, per_unit: bool = False, edit=None) -> Path:  # noqa: ANN001
    """A copy of the example without any number or date: what a clerk hands over before signing."""
    folder = tmp_path / name
    shutil.copytree(EXAMPLE, folder)
    dot = folder / "dot.toml"
    text = re.sub(r"(?m)^(so|ngay) = .*\n", "", dot.read_text(encoding="utf-8"))
    if per_unit:
        text = text.replace("# moi_don_vi = true", "moi_don_vi = true")
    dot.write_text(edit(text) if edit else text, encoding="utf-8")
    return folder


def example(tmp_path: Path, name: str = "dot-a") -> Path:
    folder = tmp_path / name
    shutil.copytree(EXAMPLE, folder)
    return folder


def issue(folder: Path, location: str, on: date | None = date(2026, 2, 3), **options):  # noqa: ANN201
    settings = {**QUICK, **options}
    return issuing.issue(folder, on, Register(location), output=folder.parent / f"out-{folder.name}", **settings)


def references(issued) -> list[str]:  # noqa: ANN001
    return sorted(f"{entry.document} {entry.reference} {entry.signed_on:%d/%m/%Y}" for entry in issued.entries)


def test_issuing_the_example_twice_allocates_the_same_numbers(register_location, tmp_path):
    folder = example(tmp_path)
    first = issue(folder, register_location, formats=("pdf", "docx"))
    dot_after_first = (folder / "dot.toml").read_bytes()
    second = issue(folder, register_location, formats=("pdf", "docx"))
    assert references(first) == references(second) == [
        "cong-van-gui-quyet-dinh 123/UBND-VHXH 22/01/2026",
        "quyet-dinh-chien-si-thi-dua-co-so 07/QĐ-UBND 20/01/2026",
        "quyet-dinh-giay-khen 05/QĐ-UBND 20/01/2026",
        "quyet-dinh-lao-dong-tien-tien 06/QĐ-UBND 20/01/2026",
        "quyet-dinh-tap-the-lao-dong-tien-tien 08/QĐ-UBND 20/01/2026",
    ], "the example's hand-typed numbers are recorded as they are"
    assert len(first.new) == 5 and second.new == [] and not second.dot_changed
    assert (folder / "dot.toml").read_bytes() == dot_after_first
    assert len(Register(register_location).entries()) == 5
    for entry in second.entries:
        pdf = folder.parent / "out-dot-a" / f"{entry.document}.pdf"
        assert entry.files == (f"{entry.document}.docx", f"{entry.document}.pdf")
        assert entry.pdf_sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_a_second_session_continues_the_series(register_location, tmp_path):
    issue(example(tmp_path), register_location)
    issued = issue(draft(tmp_path, "dot-b"), register_location)
    assert references(issued) == [
        "cong-van-gui-quyet-dinh 124/UBND-VHXH 03/02/2026",
        "quyet-dinh-chien-si-thi-dua-co-so 11/QĐ-UBND 03/02/2026",
        "quyet-dinh-giay-khen 09/QĐ-UBND 03/02/2026",
        "quyet-dinh-lao-dong-tien-tien 10/QĐ-UBND 03/02/2026",
        "quyet-dinh-tap-the-lao-dong-tien-tien 12/QĐ-UBND 03/02/2026",
    ]
    dot = (tmp_path / "dot-b" / "dot.toml").read_text(encoding="utf-8")
    assert re.search(r'hinh_thuc = "Giấy khen"\n(#.*\n|\s+#.*\n)*so = 9\n', dot)
    assert "ngay = 2026-02-03" in dot and "so = 124" in dot
    assert "# Đợt khen thưởng mẫu" in dot and "# ngày ký; bỏ dòng này" not in dot, "comments kept, no line invented"
    text = " ".join(docx_paragraphs((tmp_path / "out-dot-b" / "quyet-dinh-giay-khen.docx").read_bytes()))
    assert "Số: 09/QĐ-UBND" in text and "ngày 03 tháng 02 năm 2026" in text
    again = issue(tmp_path / "dot-b", register_location)
    assert references(again) == references(issued) and not again.dot_changed


def test_a_hand_typed_used_number_is_refused_naming_the_document_that_holds_it(register_location, tmp_path):
    issue(example(tmp_path), register_location)

    def typed_six(text: str) -> str:
        return text.replace('hinh_thuc = "Giấy khen"\n', 'hinh_thuc = "Giấy khen"\nso = 6\n')

    folder = draft(tmp_path, "dot-c", edit=typed_six)
    before = (folder / "dot.toml").read_bytes()
    with pytest.raises(InputError) as caught:
        issue(folder, register_location)
    problem = caught.value.problems[0]
    assert problem.location.key == "[[quyet_dinh]] thứ 1, so"
    assert problem.message.startswith(
        "số 06 năm 2026 đã dùng cho Quyết định số 06/QĐ-UBND ngày 20/01/2026 (đợt «dot-a», văn bản "
        f"quyet-dinh-lao-dong-tien-tien, thư mục {(tmp_path / 'dot-a').resolve()}).")
    assert (folder / "dot.toml").read_bytes() == before, "nothing written"
    assert len(Register(register_location).entries()) == 5, "nothing recorded"
    assert not (tmp_path / "out-dot-c").exists(), "nothing built"
    result = CliRunner().invoke(cli, ["issue", str(folder), "--ngay", "2026-02-03", "--so-dang-ky",
                                      register_location, "-o", str(tmp_path / "out-cli")])
    assert result.exit_code == 2
    assert "đã dùng cho Quyết định số 06/QĐ-UBND ngày 20/01/2026 (đợt «dot-a»" in result.output


def test_each_per_unit_dispatch_gets_its_own_number(register_location, tmp_path):
    folder = draft(tmp_path, "dot-d", per_unit=True)
    issued = issue(folder, register_location)
    dispatches = [entry for entry in issued.entries if entry.kind == "Công văn"]
    assert len(dispatches) == 7
    assert sorted(entry.number for entry in dispatches) == list(range(1, 8))
    dot = (folder / "dot.toml").read_text(encoding="utf-8")
    assert 'so_don_vi = {"Trường Tiểu học Kim Đồng" = 1, "Trạm Y tế xã" = 2,' in dot
    for entry in dispatches:
        text = " ".join(docx_paragraphs((tmp_path / "out-dot-d" / f"{entry.document}.docx").read_bytes()))
        assert f"Số: {entry.number:02d}/UBND-VHXH" in text
    again = issue(folder, register_location)
    assert references(again) == references(issued) and not again.dot_changed


def test_so_so_continues_from_the_last_session(register_location, tmp_path):
    first = issue(example(tmp_path), register_location, formats=("pdf",), kinds=("giay-khen",))
    assert first.certificate_starts == {"Giấy khen": 1, "Chiến sĩ thi đua cơ sở": 1}
    printed = {}
    for item in first.build.files:
        for certificate in item.extra.get("giay_chung_nhan", []) if item.path == "giay-khen/tat-ca.pdf" else []:
            printed.setdefault(certificate["hinh_thuc"], []).append(certificate["so_so"])
    counts = {form: len(numbers) for form, numbers in printed.items()}
    second = issue(draft(tmp_path, "dot-e"), register_location, formats=("pdf",), kinds=("giay-khen",))
    assert second.certificate_starts == {form: counts[form] + 1 for form in counts}
    numbers = {}
    for item in second.build.files:
        for certificate in item.extra.get("giay_chung_nhan", []) if item.path == "giay-khen/tat-ca.pdf" else []:
            numbers.setdefault(certificate["hinh_thuc"], []).append(certificate["so_so"])
    for form, got in numbers.items():
        assert sorted(got) == list(range(counts[form] + 1, 2 * counts[form] + 1)), form
    again = issue(tmp_path / "dot-e", register_location, formats=("pdf",), kinds=("giay-khen",))
    assert again.certificate_starts == second.certificate_starts, "a session issued again keeps its Số sổ"
    held = Register(register_location).certificate_entries()
    assert len(held) == 2 * sum(counts.values())
    assert len({(entry.form, entry.number) for entry in held}) == len(held)


def test_concurrent_issuing_processes_never_share_a_number(register_location, tmp_path):
    processes = 22
    folders = [draft(tmp_path, f"dot-{index:02d}") for index in range(processes)]
    Register(register_location).claim("ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "cu", "/cu", [Claim(
        "x", "Quyết định", "QĐ-UBND", date(2026, 1, 5))], "theo-loai")
    Register(register_location).void(None, 2026, 1, "QĐ-UBND", "thu hồi")
    running = [subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "issue", str(folder), "--ngay", "2026-02-03", "--so-dang-ky",
         register_location, "-o", str(tmp_path / f"out-{folder.name}"), "--format", "docx", "--only",
         "quyet-dinh,cong-van", "--no-lint", "-q"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in folders]
    for process in running:
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, err
    entries = Register(register_location).entries()
    decisions = sorted(entry.number for entry in entries if entry.kind == "Quyết định")
    dispatches = sorted(entry.number for entry in entries if entry.kind == "Công văn")
    assert decisions == list(range(1, 1 + 4 * processes + 1)), "distinct, and no gap (01 is the voided one)"
    assert [entry.number for entry in entries if entry.void] == [1]
    assert dispatches == list(range(1, processes + 1))
    for folder in folders:  # each session's dot.toml holds what the register says it holds
        held = {entry.document: entry.number for entry in entries if entry.session_folder == str(folder.resolve())}
        assert len(held) == 5
        dot = (folder / "dot.toml").read_text(encoding="utf-8")
        assert f"so = {held['quyet-dinh-giay-khen']}\n" in dot and f"so = {held['cong-van-gui-quyet-dinh']}\n" in dot
    certificates = Register(register_location).certificate_entries()
    assert len({(entry.form, entry.number) for entry in certificates}) == len(certificates)


def _header_texts(docx: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return " ".join(re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8"))
                        for name in archive.namelist() if name.startswith("word/header"))


def _first_pages(folder: Path) -> dict[str, tuple[str, str]]:
    """Document -> (text of its PDF's first page, margins included; text of its DOCX headers)."""
    import pypdfium2

    found = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        if "giay-khen" in pdf.parts:
            continue
        first = pypdfium2.PdfDocument(pdf.read_bytes())[0].get_textpage().get_text_range()
        found[pdf.stem] = (first, _header_texts(pdf.with_suffix(".docx").read_bytes()))
    return found


def test_drafts_carry_the_mark_and_keep_the_blanks_and_issued_documents_do_not(tmp_path):
    from generator import pipeline

    folder = draft(tmp_path, "dot-f")
    built = pipeline.build(folder, tmp_path / "du-thao", kinds=("quyet-dinh", "cong-van"))
    assert not any(found for found in built.findings.values() if any(f.severity == "loi" for f in found)), \
        "the mark is no format error"
    drafts = _first_pages(tmp_path / "du-thao")
    assert len(drafts) == 5
    for name, (pdf_text, docx_headers) in drafts.items():
        assert "DỰ THẢO" in pdf_text, name
        assert "DỰ THẢO" in docx_headers, name
    blank = "\u00a0" * 6
    cited = f"Quyết định số{blank}/QĐ-UBND ngày{blank}tháng{blank}năm 2026 về việc tặng Giấy khen năm 2025;"
    covering = (tmp_path / "du-thao" / "cong-van-gui-quyet-dinh")
    assert cited in " ".join(docx_paragraphs(covering.with_suffix(".docx").read_bytes()))
    assert cited.replace(" Giấy khen", "\r\nGiấy khen") in drafts["cong-van-gui-quyet-dinh"][0] or \
        cited in drafts["cong-van-gui-quyet-dinh"][0].replace("\r\n", " ")
    annex = " ".join(docx_paragraphs((tmp_path / "du-thao" / "quyet-dinh-giay-khen.docx").read_bytes()))
    assert "(Kèm theo Quyết định số      /QĐ-UBND ngày      tháng      năm 2026 của" in annex

    issue(folder, str(tmp_path / "so.sqlite"), formats=("pdf", "docx"))
    issued = _first_pages(tmp_path / "out-dot-f")
    assert sorted(issued) == sorted(drafts)
    for name, (pdf_text, docx_headers) in issued.items():
        assert "DỰ THẢO" not in pdf_text and "DỰ THẢO" not in docx_headers, name


def test_a_hand_written_dispatch_keeps_its_blanks_and_folds_stray_spaces():
    from generator.documents.dispatch import parse_body

    block = parse_body("Theo Quyết định số      /QĐ-UBND  ngày   tháng 3 năm 2026")[0]
    blank = "\u00a0"
    assert block.text == f"Theo Quyết định số{blank * 6}/QĐ-UBND ngày{blank * 3}tháng 3 năm 2026./."


def _pages_text(data: bytes) -> list[str]:
    import pypdfium2

    return [page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(data)]


def test_reprint_chosen_certificates_into_a_separate_file_with_their_so_so(tmp_path):
    from generator.reprinting import reprint

    folder = draft(tmp_path, "dot-g")
    location = str(tmp_path / "so.sqlite")
    issue(example(tmp_path, "dot-truoc"), location, formats=("pdf",), kinds=("giay-khen",))
    issued = issue(folder, location, formats=("pdf",), kinds=("giay-khen",))
    output = tmp_path / "out-dot-g"
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    everything = next(item for item in issued.build.files if item.path == "giay-khen/tat-ca.pdf")
    listing = everything.extra["giay_chung_nhan"]
    pages = _pages_text(everything.data)
    wanted = next(item for item in listing if item["ho_ten"] == "Nguyễn Thị Ánh Tuyết")
    by_number = next(item for item in listing if item["hinh_thuc"] == "Chiến sĩ thi đua cơ sở")
    assert wanted["so_so"] > 15, "this session's Số sổ continue from the session issued before"

    result = reprint(folder, names=("nguyen thi anh tuyet",), numbers=(by_number["so_so"],),
                     form="Chiến sĩ thi đua cơ sở", output=tmp_path / "in-lai.pdf")
    assert [item["so_so"] for item in result.certificates] == [by_number["so_so"]], "the form filter applies to all"
    result = reprint(folder, names=("nguyen thi anh tuyet",), numbers=(by_number["so_so"],),
                     output=tmp_path / "in-lai.pdf")
    assert result.path == tmp_path / "in-lai-2.pdf", "an earlier reprint is never overwritten"
    got = {(item["hinh_thuc"], item["so_so"], item["ho_ten"]) for item in result.certificates}
    assert (wanted["hinh_thuc"], wanted["so_so"], wanted["ho_ten"]) in got
    assert (by_number["hinh_thuc"], by_number["so_so"], by_number["ho_ten"]) in got
    reprinted = _pages_text(result.path.read_bytes())
    for item, page in zip(result.certificates, reprinted, strict=True):
        original = pages[next(index for index, entry in enumerate(listing) if entry["hinh_thuc"] == item["hinh_thuc"]
                              and entry["so_so"] == item["so_so"])]
        assert page == original, "the same certificate as printed: Số sổ, name, decision number and date"
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before

    unit = CliRunner().invoke(cli, ["reprint", str(folder), "--don-vi", "Trạm Y tế xã", "-o",
                                    str(tmp_path / "tram.pdf")])
    assert unit.exit_code == 0, unit.output
    assert len(_pages_text((tmp_path / "tram.pdf").read_bytes())) == sum(
        1 for item in listing if item["don_vi"] == "Trạm Y tế xã")
    nothing = CliRunner().invoke(cli, ["reprint", str(folder), "--ten", "Nguyễn Thị Ánh Tuyế"])
    assert nothing.exit_code == 2
    assert "Không có giấy khen nào khớp lựa chọn trong đợt «dot-g»" in nothing.output
    assert "«Nguyễn Thị Ánh Tuyế»: có phải «Nguyễn Thị Ánh Tuyết»?" in nothing.output


def test_the_sessions_own_dispatch_is_numbered_in_its_front_matter(tmp_path):
    from test_dispatch import GUIDANCE

    folder = draft(tmp_path, "dot-h")
    own = folder / "cong-van.md"
    own.write_text(re.sub(r"(?m)^(so|ngay) = .*\n", "", GUIDANCE), encoding="utf-8")
    location = str(tmp_path / "so.sqlite")
    issued = issue(folder, location)
    numbers = {entry.document: entry.reference for entry in issued.entries if entry.kind == "Công văn"}
    assert numbers == {"cong-van-gui-quyet-dinh": "01/UBND-VHXH", "cong-van": "02/UBND-VHXH"}
    text = own.read_text(encoding="utf-8")
    assert text.startswith('+++\nky_hieu = "UBND-VHXH"\ntrich_yeu = "V/v hướng dẫn tổ chức phong trào thi đua '
                           'năm 2026"\n'), "the front matter keeps its keys and order"
    assert "so = 2\nngay = 2026-02-03\n\n[co_quan]" in text, "top-level keys stay above the tables"
    assert "Thực hiện Kế hoạch thi đua năm 2026" in text
    page = " ".join(docx_paragraphs((tmp_path / "out-dot-h" / "cong-van.docx").read_bytes()))
    assert "Số: 02/UBND-VHXH" in page
    again = issue(folder, location)
    assert references(again) == references(issued) and not again.dot_changed
    assert own.read_text(encoding="utf-8") == text


def test_a_moved_session_folder_keeps_its_numbers(tmp_path):
    location = str(tmp_path / "so.sqlite")
    (tmp_path / "2025").mkdir()
    folder = draft(tmp_path / "2025", "dot-1")
    issued = issue(folder, location)
    moved = tmp_path / "luu-tru" / "dot-1"
    moved.parent.mkdir()
    folder.rename(moved)
    again = issue(moved, location)
    assert references(again) == references(issued) and again.new == [] and not again.dot_changed
    entries = Register(location).entries()
    assert len(entries) == 5 and {entry.session_folder for entry in entries} == {str(moved.resolve())}
    assert all(entry.note == f"chuyển từ {folder.resolve()}" for entry in entries)
    # A copy beside the original (both folders exist) is another session: its typed numbers are refused.
    copy = tmp_path / "ban-sao" / "dot-1"
    shutil.copytree(moved, copy)
    with pytest.raises(InputError, match="Không cấp được số"):
        issue(copy, location)


@pytest.mark.parametrize("profile", ["a4-ngang-day-du", "a4-ngang-phoi"])
def test_draft_certificates_carry_the_mark_and_issued_ones_do_not(tmp_path, profile):
    from generator import pipeline

    def pages(folder: Path) -> list[str]:
        files, _ = pipeline.certificate_files(pipeline.check(folder), profile=profile, jobs=1, formats=("pdf",))
        return _pages_text(next(item for item in files if item.path == "giay-khen/tat-ca.pdf").data)

    drafts = pages(draft(tmp_path, "dot-k"))
    assert drafts and all(page.startswith("DỰ THẢO") for page in drafts)
    assert all("DỰ THẢO" not in page for page in pages(EXAMPLE))
