"""The register of outgoing documents on SQLite and PostgreSQL: numbering, refusals, void, concurrency, export."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_libreoffice import soffice

from generator.cli import cli
from generator.core.errors import InputError
from generator.register import Claim, Register, RegisterError
from generator.register.listing import as_text, export_xlsx

BODY = "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"
OTHER_BODY = "ỦY BAN NHÂN DÂN XÃ HÒA AN"


def decision(document: str, on: date = date(2026, 1, 20), number: int | None = None, **kw) -> Claim:
    return Claim(document, "Quyết định", "QĐ-UBND", on, number, key="[[quyet_dinh]] thứ 1, so", **kw)


def dispatch(document: str, on: date = date(2026, 1, 22), number: int | None = None) -> Claim:
    return Claim(document, "Công văn", "UBND-VHXH", on, number, key="cong_van.so")


def numbers(entries) -> list[int]:
    return [entry.number for entry in entries]


def test_numbers_run_per_body_per_year_from_01(register_location):
    register = Register(register_location)
    first = register.claim(BODY, "dot-1", "/dot-1", [decision("a"), decision("b"), dispatch("c")], "theo-loai")
    assert numbers(first.entries) == [1, 2, 1], "each type its own series by default, from 01"
    other = register.claim(OTHER_BODY, "dot-x", "/dot-x", [decision("a")], "theo-loai")
    assert numbers(other.entries) == [1], "another issuing body has its own series"
    next_year = register.claim(BODY, "dot-2", "/dot-2", [decision("a", date(2027, 1, 2))], "theo-loai")
    assert numbers(next_year.entries) == [1], "numbers start again from 01 on 01/01"
    later = register.claim(BODY, "dot-3", "/dot-3", [decision("a", date(2026, 12, 31))], "theo-loai")
    assert numbers(later.entries) == [3]
    assert [entry.reference for entry in first.entries] == ["01/QĐ-UBND", "02/QĐ-UBND", "01/UBND-VHXH"]


def test_one_shared_series_when_the_body_chooses_it(register_location):
    register = Register(register_location)
    claimed = register.claim(BODY, "dot-1", "/dot-1", [decision("a"), dispatch("b"), decision("c")], "chung")
    assert numbers(claimed.entries) == [1, 2, 3]
    with pytest.raises(InputError) as caught:
        register.claim(BODY, "dot-2", "/dot-2", [decision("a")], "theo-loai")
    assert caught.value.problems[0].message == (
        f"mục [so_dang_ky] danh_so = «theo-loai»: năm 2026 cơ quan «{BODY}» đã đánh số theo một dãy số chung; "
        "trong một năm chỉ theo một cách — sửa danh_so cho giống các đợt trước.")


def test_claiming_again_keeps_the_numbers(register_location):
    register = Register(register_location)
    first = register.claim(BODY, "dot-1", "/dot-1", [decision("a"), decision("b")], "theo-loai")
    again = Register(register_location).claim(BODY, "dot-1", "/dot-1", [decision("a"), decision("b")], "theo-loai")
    assert numbers(again.entries) == numbers(first.entries) == [1, 2]
    assert again.new == []
    assert len(register.entries()) == 2


def test_a_hand_typed_number_is_recorded_and_a_used_one_refused_naming_its_holder(register_location):
    register = Register(register_location)
    register.claim(BODY, "dot-1", "/srv/dot-1", [decision("quyet-dinh-giay-khen", number=5)], "theo-loai")
    with pytest.raises(InputError) as caught:
        register.claim(BODY, "dot-2", "/srv/dot-2", [decision("quyet-dinh-lao-dong-tien-tien", number=5),
                                                     decision("quyet-dinh-khac")], "theo-loai")
    problem = caught.value.problems[0]
    assert problem.location.key == "[[quyet_dinh]] thứ 1, so"
    assert problem.message == (
        "số 05 năm 2026 đã dùng cho Quyết định số 05/QĐ-UBND ngày 20/01/2026 (đợt «dot-1», văn bản "
        "quyet-dinh-giay-khen, thư mục /srv/dot-1). Xóa dòng so để vanban issue cấp số tiếp theo, hoặc ghi một số "
        "chưa dùng (xem: vanban register list).")
    assert len(register.entries()) == 1, "a refused session records nothing, not even its other documents"
    assert numbers(register.claim(BODY, "dot-2", "/srv/dot-2", [decision("x")], "theo-loai").entries) == [6]


def test_a_void_number_is_listed_as_void_and_never_handed_out_again(register_location):
    register = Register(register_location)
    register.claim(BODY, "dot-1", "/dot-1", [decision("a"), decision("b"), decision("c")], "theo-loai")
    voided = register.void(None, 2026, 3, "QĐ-UBND", "Thu hồi, ban hành lại")
    assert voided.void and voided.void_reason == "Thu hồi, ban hành lại"
    listed = as_text(register.entries(year=2026))
    assert "03/QĐ-UBND  20/01/2026" in listed and "[ĐÃ HỦY: Thu hồi, ban hành lại]" in listed
    assert "trong đó 1 số đã hủy" in listed
    assert numbers(register.claim(BODY, "dot-2", "/dot-2", [decision("d")], "theo-loai").entries) == [4]
    # The withdrawn document of dot-1 gets a new number when its session is issued again; 03 stays void.
    assert numbers(register.claim(BODY, "dot-1", "/dot-1", [decision("c")], "theo-loai").entries) == [5]
    with pytest.raises(InputError) as caught:
        register.claim(BODY, "dot-3", "/dot-3", [decision("e", number=3)], "theo-loai")
    assert "văn bản c, thư mục /dot-1; số này đã hủy)" in caught.value.problems[0].message
    with pytest.raises(InputError, match="đã hủy từ trước"):
        register.void(None, 2026, 3, "QĐ-UBND", "lần nữa")
    assert [entry.number for entry in register.entries() if entry.void] == [3]


def _claim_in_a_process(location: str, index: int, queue) -> None:  # noqa: ANN001
    register = Register(location)
    got = []
    for round_ in range(3):
        claimed = register.claim(BODY, f"dot-{index}", f"/dot-{index}-{round_}",
                                 [decision("a"), decision("b"), dispatch("c")], "theo-loai")
        got.extend((entry.kind, entry.number) for entry in claimed.entries)
    queue.put(got)


def test_concurrent_processes_never_get_one_number_twice(register_location):
    processes = 24
    Register(register_location).claim(BODY, "truoc", "/truoc", [decision("a")], "theo-loai")
    Register(register_location).void(None, 2026, 1, "QĐ-UBND", "thử")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_claim_in_a_process, args=(register_location, index, queue))
               for index in range(processes)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=600)
        assert worker.exitcode == 0
    decisions = sorted(number for got in results for kind, number in got if kind == "Quyết định")
    dispatches = sorted(number for got in results for kind, number in got if kind == "Công văn")
    assert decisions == list(range(2, 2 + processes * 3 * 2)), "distinct, and no gap but the voided 01"
    assert dispatches == list(range(1, 1 + processes * 3))
    entries = Register(register_location).entries()
    assert len(entries) == 1 + processes * 9
    assert [entry.number for entry in entries if entry.void] == [1]


def test_the_register_xlsx_converts_to_pdf_with_every_document(register_location, tmp_path):
    import pypdfium2

    register = Register(register_location)
    register.claim(BODY, "dot-1", "/dot-1", [decision(f"qd-{index}", summary=f"Về việc tặng Giấy khen {index}")
                                             for index in range(1, 41)] + [dispatch("cv")], "theo-loai")
    register.void(None, 2026, 7, "QĐ-UBND", "Thu hồi")
    workbook = tmp_path / "so-dang-ky.xlsx"
    workbook.write_bytes(export_xlsx(register.entries(year=2026), "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2026"))

    from openpyxl import load_workbook

    sheet = load_workbook(workbook)["Sổ đăng ký"]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$3:$4"
    assert {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value} == {"Times New Roman"}

    command = soffice()
    calc = Path(command).resolve().parent / "libsclo.so"
    if not calc.exists() and not os.environ.get("CI"):
        pytest.skip("LibreOffice Calc is not installed here (CI installs libreoffice-calc-nogui)")
    profile = tmp_path / "profile"
    completed = subprocess.run(
        [command, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(workbook)], capture_output=True, text=True, timeout=300)
    converted = tmp_path / "so-dang-ky.pdf"
    assert completed.returncode == 0 and converted.is_file(), completed.stderr + completed.stdout
    pdf = pypdfium2.PdfDocument(converted.read_bytes())
    width, height = pdf[0].get_size()
    assert width > height, "A4 landscape"
    pages = [page.get_textpage().get_text_range() for page in pdf]
    text = " ".join(pages)
    for number in range(1, 41):
        assert f"{number:02d}/QĐ-UBND" in text
    assert "01/UBND-VHXH" in text and "ĐÃ HỦY: Thu hồi" in text
    assert len(pages) > 1 and all("Số, ký hiệu văn bản" in page for page in pages), "the header on every page"


def test_the_schema_is_migrated_once_and_recorded(register_location):
    from sqlalchemy import text

    Register(register_location)
    register = Register(register_location)  # the second opening finds the schema at its newest version
    with register.engine.connect() as connection:
        assert connection.execute(text("select version_num from alembic_version")).scalar() == "0001"


def test_an_unusable_register_says_where_and_how(tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("không phải thư mục")
    with pytest.raises(RegisterError) as caught:
        Register(blocker / "so.sqlite")
    assert "Không tạo được thư mục của sổ đăng ký" in caught.value.message
    assert "VANBAN_REGISTER" in caught.value.message
    result = CliRunner().invoke(cli, ["register", "list", "--so-dang-ky", str(blocker / "so.sqlite")])
    assert result.exit_code == 8
    assert "không dùng được sổ đăng ký văn bản" in result.output.lower()


def test_register_commands_list_void_export(register_location, tmp_path):
    register = Register(register_location)
    register.claim(BODY, "dot-1", "/dot-1", [decision("a", summary="Về việc tặng Giấy khen năm 2025")],
                   "theo-loai")
    runner = CliRunner()
    listed = runner.invoke(cli, ["register", "list", "--nam", "2026", "--so-dang-ky", register_location])
    assert listed.exit_code == 0, listed.output
    assert "01/QĐ-UBND  20/01/2026  Quyết định về việc tặng Giấy khen năm 2025" in listed.output
    voided = runner.invoke(cli, ["register", "void", "1", "--nam", "2026", "--ly-do", "Sai tên",
                                 "--so-dang-ky", register_location])
    assert voided.exit_code == 0 and "Số này không được cấp lại" in voided.output
    as_json = runner.invoke(cli, ["register", "list", "--json", "--so-dang-ky", register_location])
    assert '"da_huy": true' in as_json.output and '"ly_do_huy": "Sai tên"' in as_json.output
    missing = runner.invoke(cli, ["register", "void", "9", "--nam", "2026", "--ly-do", "x",
                                  "--so-dang-ky", register_location])
    assert missing.exit_code == 2 and "Sổ đăng ký không có văn bản số 09 năm 2026" in missing.output
    exported = runner.invoke(cli, ["register", "export", str(tmp_path / "so.xlsx"), "--so-dang-ky",
                                   register_location])
    assert exported.exit_code == 0 and (tmp_path / "so.xlsx").is_file()


def test_the_environment_variable_chooses_the_register(tmp_path, monkeypatch):
    from generator.register import register_url

    monkeypatch.setenv("VANBAN_REGISTER", str(tmp_path / "van-thu" / "so.sqlite"))
    assert register_url() == f"sqlite:///{tmp_path / 'van-thu' / 'so.sqlite'}"
    assert register_url("postgresql://vt:mk@may-chu/vanban") == "postgresql+psycopg://vt:mk@may-chu/vanban"
    Register().claim(BODY, "d", "/d", [decision("a")], "theo-loai")
    assert (tmp_path / "van-thu" / "so.sqlite").is_file()
    shutil.rmtree(tmp_path / "van-thu")


def _first_use(location: str, index: int, queue) -> None:  # noqa: ANN001
    claimed = Register(location).claim(BODY, f"dot-{index}", f"/dot-{index}", [decision("a")], "theo-loai")
    queue.put(claimed.entries[0].number)


def test_many_first_uses_at_once_create_the_register_once(register_location):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_first_use, args=(register_location, index, queue)) for index in range(8)]
    for worker in workers:
        worker.start()
    got = sorted(queue.get(timeout=600) for _ in workers)
    for worker in workers:
        worker.join(timeout=600)
        assert worker.exitcode == 0
    assert got == list(range(1, 9))
