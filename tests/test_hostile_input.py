"""Hostile values in the inputs: control characters and markup in the data never reach a document or a terminal as
anything but text. Through `vanban` in a real process, where exit codes and the terminal matter."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

from test_loading_corpus import AWARDS, HEADER, session_with

ROOT = Path(__file__).resolve().parents[1]


def vanban(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", *arguments],
                          capture_output=True, text=True, timeout=600)


def csv_writer(rows: list[tuple]):
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows([index, *row] for index, row in enumerate(rows, start=1))
    return write


def with_row(index: int, **changes: str) -> list[tuple]:
    fields = ("name", "subject", "gender", "position", "unit", "form", "amount")
    rows = [list(row) for row in AWARDS]
    for key, value in changes.items():
        rows[index][fields.index(key)] = value
    return [tuple(row) for row in rows]


def no_raw_controls(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output and "\x01" not in output, repr(output)
    assert "Traceback" not in output


def test_a_control_character_in_a_list_cell_is_refused_where_it_is(tmp_path):
    folder = session_with(tmp_path, csv_writer(with_row(1, name="Nguyễn\x01 Thị \x1b[31mHồng\x07 Nhung")),
                          "danh-sach.csv")
    completed = vanban("build", str(folder), "-o", str(tmp_path / "ket-qua"), "--only", "giay-khen")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2, output
    assert "danh-sach.csv, dòng 3, cột B (Họ và tên): có ký tự điều khiển không in được (U+0001)" in output
    no_raw_controls(output)
    assert not (tmp_path / "ket-qua").exists()


def test_a_control_character_in_dot_toml_is_refused_with_its_key(tmp_path):
    folder = session_with(tmp_path, csv_writer(AWARDS), "danh-sach.csv")
    dot = folder / "dot.toml"
    dot.write_text(dot.read_text(encoding="utf-8").replace('ho_ten = "Nguyễn Văn An"', 'ho_ten = "Nguyễn\\u000BVăn An"')
                   .replace('viet_tat = "UBND"', 'viet_tat = "UB\\u001b[2JND"'), encoding="utf-8")
    completed = vanban("check", str(folder))
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2, output
    assert "mục nguoi_ky.ho_ten: có ký tự điều khiển không in được (U+000B)" in output
    assert "mục co_quan.viet_tat: có ký tự điều khiển không in được (U+001B)" in output
    no_raw_controls(output)


def test_a_control_character_in_a_dispatch_body_is_refused_with_its_line(tmp_path):
    text = ('+++\nso = 3\nngay = 2026-01-22\ntrich_yeu = "thử"\nkinh_gui = ["Trạm Y tế xã"]\nluu = "VT, VHXH"\n'
            '[co_quan]\nten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]\nviet_tat = "UBND"\ndia_danh = "Hòa Bình"\n'
            '[nguoi_ky]\nchuc_vu = "CHỦ TỊCH"\nho_ten = "Nguyễn Văn An"\n+++\nĐoạn một.\n\nĐoạn \x0chai.\n')
    source = tmp_path / "cong-van.md"
    source.write_text(text, encoding="utf-8")
    completed = vanban("dispatch", str(source), "-o", str(tmp_path / "ket-qua"))
    output = completed.stdout + completed.stderr
    assert completed.returncode == 2, output
    assert "tệp cong-van.md, dòng 17: có ký tự điều khiển không in được (U+000C)" in output
    no_raw_controls(output)


def test_printing_a_problem_never_obeys_an_escape_sequence():
    from generator.core.errors import InputError, Location, Problem

    problem = Problem(Location("danh\x1b[2J.csv", row=3), "ô «\x07\x9b»")
    shown = InputError("Lỗi \x1b]0;tiêu đề\x07", [problem]).format_message()
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "danh␛[2J.csv" in shown


def test_markup_in_the_data_stays_text_in_a_per_unit_dispatch(tmp_path):
    import docx
    from docx.oxml.ns import qn

    unit = "Trạm Y tế\n\n**Kính gửi giả**\n- ABC"
    rows = with_row(3, name="**ĐẬM** *nghiêng*", unit=unit)
    rows = [row if row[4] != "Trạm Y tế xã" else (*row[:4], unit, *row[5:]) for row in rows]
    folder = session_with(tmp_path, csv_writer(rows), "danh-sach.csv")
    dot = folder / "dot.toml"
    # One công văn per unit: each needs its own number, so the session's single number goes (a draft).
    text = dot.read_text(encoding="utf-8").replace("# moi_don_vi = true", "moi_don_vi = true")
    text = re.sub(r"\nso = 123 .*\nngay = 2026-01-22\n", "\n", text)
    dot.write_text(text, encoding="utf-8")
    target = tmp_path / "ket-qua"
    completed = vanban("build", str(folder), "-o", str(target), "--only", "cong-van", "--format", "docx", "--no-lint")
    assert completed.returncode == 0, completed.stderr
    found = []
    for path in sorted((target / "cong-van-gui-quyet-dinh").glob("*.docx")):
        document = docx.Document(io.BytesIO(path.read_bytes()))
        paragraphs = list(document.element.body.iter(qn("w:p")))
        texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in paragraphs]
        if not any("Kính gửi giả" in text for text in texts):
            continue
        found.append(path.name)
        assert not any(text in ("Kính gửi giả", "**Kính gửi giả**") or text.startswith(("ABC", "- ABC"))
                       for text in texts), texts
        assert any("**ĐẬM** *nghiêng*" in text for text in texts), texts
        for run in document.element.body.iter(qn("w:r")):
            words = "".join(t.text or "" for t in run.iter(qn("w:t")))
            properties = run.find(qn("w:rPr"))
            bold = properties is not None and properties.find(qn("w:b")) is not None and \
                properties.find(qn("w:b")).get(qn("w:val")) not in ("0", "false")
            italic = properties is not None and properties.find(qn("w:i")) is not None and \
                properties.find(qn("w:i")).get(qn("w:val")) not in ("0", "false")
            if "ĐẬM" in words or "Kính gửi giả" in words:
                assert not bold, words
            if "nghiêng" in words:
                assert not italic, words
    assert len(found) == 1, found


def test_the_dispatch_reader_keeps_marked_data_literal():
    from generator.core.text import LITERAL_END, LITERAL_START
    from generator.documents.dispatch import parse_body

    def data(text: str) -> str:
        return LITERAL_START + text + LITERAL_END

    blocks = parse_body(f"Gửi {data('**A** *b*')}, **{data('Đơn vị * 2')}**\n\n{data('- ABC')}\n\n- {data('1. x')}")
    assert [block.kind for block in blocks] == ["paragraph", "paragraph", "bullet"]
    assert [(run.text, run.bold, run.italic) for run in blocks[0].runs] == [
        ("Gửi **A** *b*, ", False, False), ("Đơn vị * 2", True, False)]
    assert blocks[1].text == "- ABC" and blocks[2].text == "- 1. x./."
