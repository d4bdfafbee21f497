"""The Word certificate looks like the PDF: LibreOffice's PDF of giay-khen/tat-ca.docx has the same frame lines and
every line of text (the signer's name and title among them) where vanban's PDF draws them, page by page, for the
example session on the A4 profile and on the 400×300 one."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import EXAMPLE
from test_libreoffice import soffice

from generator import pipeline
from generator.rendering.certificate_pdf import draft_mark_box
from generator.rendering.certificate_profile import load_profile

MM = 72 / 25.4
TOLERANCE_MM = 1.0  # the issue asks for 2 mm; text and frames measure within 0.1 mm today
# The Tiêu ngữ's rule: the PDF draws it a little lower under the words than Word's underline (the font's own
# underline position), 0.7 mm at 14 pt, 1.2 mm at the 400×300 profile's size.
RULE_TOLERANCE_MM = 2.0


def text_lines(page) -> list[tuple[str, tuple[float, float, float, float]]]:  # noqa: ANN001 - a pypdfium2 page
    """Each printed line: its words and its box (left, top, right, bottom) in mm from the page's top left corner."""
    height = page.get_height()
    text_page = page.get_textpage()
    text = text_page.get_text_range()
    lines = []
    for found in re.finditer(r"[^\r\n]+", text):
        boxes = [text_page.get_charbox(i) for i in range(found.start(), found.end()) if not text[i].isspace()]
        boxes = [box for box in boxes if box[2] > box[0]]
        if not boxes:
            continue
        left, bottom = min(box[0] for box in boxes), min(box[1] for box in boxes)
        right, top = max(box[2] for box in boxes), max(box[3] for box in boxes)
        lines.append((" ".join(found.group(0).split()), (left / MM, (height - top) / MM, right / MM,
                                                         (height - bottom) / MM)))
    return lines


def drawn_paths(page) -> list[tuple[float, float, float, float]]:  # noqa: ANN001 - a pypdfium2 page
    """The boxes of the page's paths (lines, rectangles, diamonds), forms included, in mm from the top left."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    boxes = []
    for item in page.get_objects(max_depth=3):
        if item.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = item.get_bounds()
            boxes.append((left / MM, (height - top) / MM, right / MM, (height - bottom) / MM))
    return boxes


def frame_lines(paths: list) -> list[tuple[float, float, float, float]]:
    """Rectangles and lines longer than 5 cm, and the band of small diamonds taken as one box."""
    long = [box for box in paths if box[2] - box[0] > 50 or box[3] - box[1] > 50]
    small = [box for box in paths if box[2] - box[0] < 5 and box[3] - box[1] < 5]
    if len(small) > 8:  # the diamonds of a hoa-van band (the PDF draws each; Word one shape of them all)
        long.append((min(b[0] for b in small), min(b[1] for b in small), max(b[2] for b in small),
                     max(b[3] for b in small)))
    return sorted(long)


def distance(one: tuple, other: tuple) -> float:
    return max(abs(a - b) for a, b in zip(one, other, strict=True))


def compare(pdf_path, word_pdf_path) -> tuple[list[str], list[str], int]:  # noqa: ANN001 - paths
    """Every departure beyond the tolerance, the lines compared (their words), the number of frame lines compared."""
    import pypdfium2

    pdf, word = pypdfium2.PdfDocument(pdf_path), pypdfium2.PdfDocument(word_pdf_path)
    assert len(pdf) == len(word)
    problems, compared_lines, compared_frames = [], [], 0
    for number, (pdf_page, word_page) in enumerate(zip(pdf, word, strict=True), start=1):
        word_lines = dict(text_lines(word_page))
        for text, box in text_lines(pdf_page):
            compared_lines.append(text)
            if text not in word_lines:
                problems.append(f"trang {number}: «{text}» không có trong bản Word; có: {sorted(word_lines)}")
            elif distance(box, word_lines[text]) > TOLERANCE_MM:
                problems.append(f"trang {number}: «{text}» PDF {box} Word {word_lines[text]}")
        pdf_frame, word_frame = frame_lines(drawn_paths(pdf_page)), frame_lines(drawn_paths(word_page))
        for box in pdf_frame:
            compared_frames += 1
            nearest = min(word_frame, key=lambda other, box=box: distance(box, other), default=None)
            tolerance = RULE_TOLERANCE_MM if box[3] - box[1] < 1 else TOLERANCE_MM
            if nearest is None or distance(box, nearest) > tolerance:
                problems.append(f"trang {number}: đường khung {box} — gần nhất trong bản Word {nearest}")
    return problems, compared_lines, compared_frames


def converted(docx, folder):  # noqa: ANN001, ANN201 - paths
    completed = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(docx)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return folder / f"{docx.stem}.pdf"


def test_the_word_certificates_have_the_pdfs_frame_and_signature_places(built_example, tmp_path):
    folder = built_example.output / "giay-khen"
    problems, lines, frames = compare(folder / "tat-ca.pdf", converted(folder / "tat-ca.docx", tmp_path))
    assert not problems, "\n".join(problems[:20])
    assert len(lines) >= 19 * 12 and frames >= 19 * 4  # every page: the fields and the four decorations
    signer = ("Nguyễn Văn An", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")  # the signature's place, named
    assert all(lines.count(text) == 19 for text in signer), {text: lines.count(text) for text in signer}


@pytest.fixture(scope="module")
def built_400x300(tmp_path_factory):
    session = tmp_path_factory.mktemp("phoi-400x300") / "dot"
    shutil.copytree(EXAMPLE, session)
    dot = session / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    dot.write_text(text.replace("[giay_khen]", '[giay_khen]\nho_so = "400x300-day-du"', 1), encoding="utf-8")
    return pipeline.build(session, session.parent / "ket-qua", kinds=("giay-khen",))


def test_the_word_certificates_follow_a_larger_profile_too(built_400x300, tmp_path):
    import pypdfium2

    folder = built_400x300.output / "giay-khen"
    word_pdf = converted(folder / "tat-ca.docx", tmp_path)
    width, height = pypdfium2.PdfDocument(word_pdf)[0].get_size()
    assert (round(width / MM), round(height / MM)) == (400, 300)
    problems, lines, frames = compare(folder / "tat-ca.pdf", word_pdf)
    assert not problems, "\n".join(problems[:20])
    assert len(lines) >= 19 * 12 and frames >= 19 * 4



@pytest.fixture(scope="module")
def built_draft(tmp_path_factory):
    """The example without its numbers and its date: every decision, and so every certificate, is a draft."""
    session = tmp_path_factory.mktemp("du-thao") / "dot"
    shutil.copytree(EXAMPLE, session)
    dot = session / "dot.toml"
    dot.write_text(re.sub(r"(?m)^(ngay|so) = .*$", "", dot.read_text(encoding="utf-8")), encoding="utf-8")
    return pipeline.build(session, session.parent / "ket-qua", kinds=("giay-khen",))


def test_a_draft_word_certificate_carries_the_draft_mark_where_the_pdf_does(built_draft, tmp_path):
    import pypdfium2

    folder = built_draft.output / "giay-khen"
    word_pdf = converted(folder / "tat-ca.docx", tmp_path)
    problems, lines, _ = compare(folder / "tat-ca.pdf", word_pdf)
    assert not problems, "\n".join(problems[:20])
    assert lines.count("DỰ THẢO") == 19  # the PDF marks every page, and the comparison found each in the Word file
    box = draft_mark_box(load_profile("a4-ngang-day-du"))  # where the PDF draws the outline
    expected = (box.x, box.y, box.x + box.width, box.y + box.height)
    for number, page in enumerate(pypdfium2.PdfDocument(word_pdf), start=1):
        assert distance(outline_near(page, expected), expected) <= TOLERANCE_MM, number


def outline_near(page, expected: tuple) -> tuple[float, float, float, float]:  # noqa: ANN001 - a pypdfium2 page
    """The box of the short lines drawn within 2 mm of ``expected``: LibreOffice draws a border as four rules."""
    near = [found for found in drawn_paths(page) if found[2] - found[0] < 50 and found[3] - found[1] < 50
            and found[0] > expected[0] - 2 and found[1] > expected[1] - 2 and found[2] < expected[2] + 2
            and found[3] < expected[3] + 2]
    if not near:
        return (0, 0, 0, 0)
    return min(b[0] for b in near), min(b[1] for b in near), max(b[2] for b in near), max(b[3] for b in near)


def test_an_issued_word_certificate_has_no_draft_mark(built_example):
    import zipfile

    with zipfile.ZipFile(built_example.output / "giay-khen" / "tat-ca.docx") as package:
        assert "DỰ THẢO" not in package.read("word/document.xml").decode("utf-8")
