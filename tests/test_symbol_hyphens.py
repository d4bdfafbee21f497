"""A document's number and ký hiệu ("12/TTr-HĐTĐKT") never breaks at its hyphen, in Word as in the PDF.

A công văn whose paragraphs put "12/TTr-HĐTĐKT" at every position near the end of a line (one more letter of padding
each time) is built; LibreOffice's PDF of its DOCX and vanban's PDF must print each number whole on one line, while
the same words without the "/" (an ordinary hyphen) do break there at least once: proof the sweep reaches the place
where a line would break.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import docx_paragraphs
from test_libreoffice import soffice

from generator.cli import cli
from generator.lint import check_bytes
from generator.lint.docx_reader import read_docx
from generator.lint.rules.base import SO

FRONT_MATTER = """+++
so = 45
ky_hieu = "UBND-VHXH"
ngay = 2026-02-03
trich_yeu = "V/v khen thưởng theo đề nghị của các phòng"
kinh_gui = ["Phòng Văn hóa - Xã hội"]
noi_nhan = ["Ban Thi đua - Khen thưởng tỉnh (b/c)"]
luu = "VT, VHXH"

[co_quan]
ten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]
viet_tat = "UBND"
dia_danh = "Hòa Bình"

[nguoi_ky]
quyen_han = "KT. CHỦ TỊCH"
chuc_vu = "PHÓ CHỦ TỊCH"
ho_ten = "Nguyễn Văn An"
+++
"""
PADDINGS = range(0, 16)
SYMBOL = "12/TTr-HĐTĐKT"
ORDINARY = "12 TTr-HĐTĐKT"  # the same letters, not a number/ký hiệu: its hyphen is an ordinary one


def paragraph(padding: int, words: str) -> str:
    return f"Xét đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình {'x' * padding} {words} ngày 15 tháng 01."


@pytest.fixture(scope="module")
def dispatch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ky-hieu")
    body = "\n\n".join([*(paragraph(padding, SYMBOL) for padding in PADDINGS),
                        *(paragraph(padding, ORDINARY) for padding in PADDINGS)])
    source = folder / "ky-hieu.md"
    source.write_text(FRONT_MATTER + body + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["dispatch", str(source), "-o", str(folder / "ket-qua")])
    assert result.exit_code == 0, result.output
    return folder / "ket-qua" / "ky-hieu"


def printed_lines(data: bytes) -> dict[str, list[bool]]:
    """For every printed "12/TTr-HĐTĐKT": whether it stands whole on one line; for every "12 TTr-HĐTĐKT": whether
    its hyphen stands on the line of the word after it."""
    import pypdfium2

    # pdfium reads a hyphen that ends a line as U+FFFE (or U+0002) and may add the line break after it.
    pattern = re.compile(r"12(/|\s+)[\s\x02\ufffe]*TTr[-\x02\ufffe\s]{1,4}HĐTĐKT")
    lines: dict[str, list[bool]] = {SYMBOL: [], ORDINARY: []}
    for page in pypdfium2.PdfDocument(data):
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        for found in pattern.finditer(text):
            if found.group(1) == "/":
                lines[SYMBOL].append(same_line(text_page, found.start(), found.end() - 1))
            else:
                lines[ORDINARY].append(same_line(text_page, found.end() - len("HĐTĐKT") - 1, found.end() - 1))
    return lines


def same_line(text_page, first: int, last: int) -> bool:  # noqa: ANN001 - a pypdfium2 text page
    top, bottom = text_page.get_charbox(first), text_page.get_charbox(last)
    return abs((top[1] + top[3]) / 2 - (bottom[1] + bottom[3]) / 2) < 3  # the same baseline, ±3 pt


def test_the_docx_holds_word_non_breaking_hyphens_only_in_numbers(dispatch):
    import docx
    from docx.oxml.ns import qn

    data = dispatch.with_suffix(".docx").read_bytes()
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    with_symbol = [p for p in paragraphs if SYMBOL in p.text]  # python-docx reads <w:noBreakHyphen/> as "-"
    ordinary = [p for p in paragraphs if ORDINARY in p.text]
    assert len(with_symbol) == len(ordinary) == len(PADDINGS)
    assert all(len(p._p.findall(f".//{qn('w:noBreakHyphen')}")) == 1 for p in with_symbol)
    assert not any(p._p.findall(f".//{qn('w:noBreakHyphen')}") for p in ordinary)
    assert all("Văn hóa - Xã hội" in p.text for p in with_symbol)  # an ordinary hyphen keeps its spaces
    texts = docx_paragraphs(data)
    assert sum(SYMBOL in text for text in texts) == len(PADDINGS)
    assert "Số: 45/UBND-VHXH" in texts


def test_the_format_checker_reads_the_number_whole(dispatch):
    data = dispatch.with_suffix(".docx").read_bytes()
    texts = [block.text.strip() for block in read_docx(data, "ky-hieu.docx").blocks]
    assert "Số: 45/UBND-VHXH" in texts
    assert sum(SYMBOL in text for text in texts) == len(PADDINGS)
    assert not [finding for finding in check_bytes(data, "docx", "ky-hieu.docx") if finding.element == SO]


def test_libreoffice_prints_every_number_whole_on_one_line(dispatch, tmp_path):
    command = soffice()
    completed = subprocess.run(
        [command, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(dispatch.with_suffix(".docx"))], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    converted = (tmp_path / "ky-hieu.pdf").read_bytes()
    lines = printed_lines(converted)
    assert len(lines[SYMBOL]) == len(lines[ORDINARY]) == len(PADDINGS), lines
    assert all(lines[SYMBOL]), lines
    assert not all(lines[ORDINARY]), "no padding brought the hyphen to the end of a line"
    import pypdfium2  # the glyph is an ordinary hyphen, read back as "-"

    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(converted))
    assert text.count(SYMBOL) == len(PADDINGS)


def test_the_pdf_prints_every_number_whole_on_one_line(dispatch):
    data = dispatch.with_suffix(".pdf").read_bytes()
    lines = printed_lines(data)
    assert len(lines[SYMBOL]) == len(lines[ORDINARY]) == len(PADDINGS), lines
    assert all(lines[SYMBOL]), lines
    assert not all(lines[ORDINARY]), "no padding brought the hyphen to the end of a line"
