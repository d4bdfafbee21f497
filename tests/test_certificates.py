"""Certificates read back from the files: who gets one, numbering, one page each, text inside its box, fitting."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from conftest import EXAMPLE, MM

from generator import pipeline
from generator.core.errors import InputError, TemplateError
from generator.documents import certificates as certificate_plan
from generator.documents.building import build_decisions
from generator.rendering import certificates as certificate_drawing
from generator.rendering.certificate_pdf import fit_text
from generator.rendering.certificate_profile import Box, load_profile
from generator.rendering.template_folders import BUILTIN_TEMPLATES

LONG_NAME = "Nguyễn Thị Hoàng Phương Thảo Ngọc Bích Minh Châu Thu Hà Loan"  # 60 characters
LONG_UNIT = ("Trung tâm Nghiên cứu Ứng dụng và Chuyển giao Tiến bộ Khoa học Kỹ thuật Nông nghiệp, Lâm nghiệp, "
             "Thủy sản và Phát triển Nông thôn Bền vững vùng Duyên hải Nam Trung Bộ và Tây Nguyên thuộc Sở Nông nghiệp")
assert len(LONG_NAME) == 60 and len(LONG_UNIT) == 200


def pages_text(data: bytes) -> list[str]:
    import pypdfium2

    return [page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(data)]


def by_path(files, path: str):
    return next(item for item in files if item.path == path)


@pytest.fixture(scope="module")
def checked():
    return pipeline.check(EXAMPLE)


@pytest.fixture(scope="module")
def overlay(checked):
    return pipeline.certificate_files(checked, profile="a4-ngang-phoi", jobs=1)


@pytest.fixture(scope="module")
def full(checked):
    return pipeline.certificate_files(checked, profile="a4-ngang-day-du", jobs=1)


def with_awards(checked, awards):
    """The example session with another list of awards, built like the pipeline builds it."""
    decisions = build_decisions(checked.session, awards, checked.catalogue).decisions
    return replace(checked, awards=awards, decisions=decisions)


def write_profile(tmp_path, base: str, **changes) -> str:
    """A copy of a built-in profile with top-level keys or box keys ("o.ho_ten.rong") replaced."""
    text = (BUILTIN_TEMPLATES / "giay-khen" / f"{base}.toml").read_text(encoding="utf-8")
    for key, value in changes.items():
        parts = key.split("__")
        if len(parts) == 1:
            text = re.sub(rf"(?m)^{parts[0]} = .*$", f"{parts[0]} = {value}", text)
        else:
            section, name = parts
            pattern = rf"(\[o\.{section}\][^\[]*?(?m:^){name} = )[^\n]*"
            text, count = re.subn(pattern, rf"\g<1>{value}", text, flags=re.S)
            if not count:  # a key the box does not write yet
                text, count = re.subn(rf"(\[o\.{section}\][^\n]*\n)", rf"\g<1>{name} = {value}\n", text)
            assert count == 1, key
    path = tmp_path / f"{base}-thu.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------------------------------------
# Who gets a certificate, in which order, with which Số sổ
# ---------------------------------------------------------------------------------------------------------


def test_only_forms_with_a_certificate_in_the_catalogue_get_one(checked):
    planned = certificate_plan.plan(checked)
    forms = [checked.decisions[c.decision_index].form for c in planned]
    assert forms.count("Giấy khen") == 15 and forms.count("Chiến sĩ thi đua cơ sở") == 4
    assert "Lao động tiên tiến" not in forms and "Tập thể lao động tiên tiến" not in forms
    assert {c.certificate for c in planned} == {"Giấy khen", "Bằng chứng nhận"}


def test_print_order_is_by_unit_then_list_order_and_numbers_run_per_form(checked):
    planned = certificate_plan.plan(checked)
    giay_khen = [c for c in planned if c.certificate == "Giấy khen"]
    assert [c.register_number for c in giay_khen] == list(range(1, 16))
    chien_si = [c for c in planned if c.certificate == "Bằng chứng nhận"]
    assert [c.register_number for c in chien_si] == [1, 2, 3, 4]
    units = [c.award.unit for c in planned]
    with_certificate = {id(c.award) for c in planned}
    first_seen = list(dict.fromkeys(a.unit for a in checked.awards if id(a) in with_certificate))
    assert list(dict.fromkeys(units)) == first_seen
    assert all(units.index(u) + units.count(u) - 1 == len(units) - 1 - units[::-1].index(u) for u in units), \
        "each unit's certificates are together, whatever their form"
    position = {id(a): i for i, a in enumerate(checked.awards)}
    for unit in first_seen:
        in_unit = [position[id(c.award)] for c in planned if c.award.unit == unit]
        assert in_unit == sorted(in_unit), f"list order inside {unit}"
    mixed = [u for u in first_seen if len({c.certificate for c in planned if c.award.unit == u}) > 1]
    assert mixed, "the example has a unit with both forms, so the pile really mixes them"


def set_certificate_settings(dot, setting: str) -> None:
    """The example's [giay_khen] table with ``setting`` in place of its so_so_bat_dau."""
    text = re.sub(r"(?m)^so_so_bat_dau = 1\b.*$", "", dot.read_text(encoding="utf-8"))
    text, count = re.subn(r"(?m)^\[giay_khen\].*$", lambda header: f"{header.group(0)}\n{setting}", text)
    assert count == 1
    dot.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("setting", "expected"), [
    pytest.param("so_so_bat_dau = 12", (12, 1 + 11), id="one start for every form"),
    pytest.param('so_so_bat_dau = { "Giấy khen" = 120, "Chiến sĩ thi đua cơ sở" = 7 }', (120, 7), id="per form"),
])
def test_start_number_comes_from_dot_toml(session_copy, setting, expected):
    dot = session_copy / "dot.toml"
    set_certificate_settings(dot, setting)
    planned = certificate_plan.plan(pipeline.check(session_copy))
    firsts = (planned[0].register_number, next(c for c in planned if c.certificate == "Bằng chứng nhận")
              .register_number)
    assert firsts == expected


@pytest.mark.parametrize("setting", ["so_so_bat_dau = 0", 'so_so_bat_dau = "một"', 'che_do = "in-het"'])
def test_bad_certificate_settings_name_the_key(session_copy, setting):
    dot = session_copy / "dot.toml"
    set_certificate_settings(dot, setting)
    with pytest.raises(InputError) as caught:
        pipeline.certificate_files(pipeline.check(session_copy), jobs=1)
    assert caught.value.exit_code == 2
    assert f"mục giay_khen.{setting.split(' =')[0]}" in caught.value.format_message()


# ---------------------------------------------------------------------------------------------------------
# Files: one page per certificate, with name, decision and Số sổ
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["overlay", "full"])
def test_every_page_is_one_certificate_with_name_decision_and_register_number(mode, overlay, full, checked):
    files, warnings = overlay if mode == "overlay" else full
    assert warnings == []
    everything = by_path(files, "giay-khen/tat-ca.pdf")
    texts = pages_text(everything.data)
    listing = everything.extra["giay_chung_nhan"]
    assert everything.pages == len(texts) == len(listing) == 19
    for text, entry in zip(texts, listing, strict=True):
        assert entry["ho_ten"] in text
        number = "05" if entry["hinh_thuc"] == "Giấy khen" else "07"
        assert f"Quyết định số {number}/QĐ-UBND ngày 20/01/2026" in text
        assert re.search(rf"Số sổ vàng: {entry['so_so']}\b", text)
    assert [entry["trang"] for entry in listing] == list(range(1, 20))
    assert "Bà Nguyễn Thị Ánh Tuyết" in texts[1] and "Giáo viên, Trường Tiểu học Kim Đồng" in texts[1]
    assert "Đội Văn nghệ Ca & Múa thôn Phú Lộc Đông" in "".join(texts)


def test_the_build_writes_the_certificates_beside_the_decisions(built_example):
    folder = built_example.output / "giay-khen"
    receipt = json.loads((built_example.output / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in receipt["files"]}
    everything = entries["giay-khen/tat-ca.pdf"]
    texts = pages_text((folder / "tat-ca.pdf").read_bytes())
    assert everything["pages"] == len(texts) == len(everything["giay_chung_nhan"]) == 19
    numbers = {d.form: (f"{d.ref.number:02d}/{d.ref.symbol}", d.ref.signed_on.strftime("%d/%m/%Y"))
               for d in built_example.checked.decisions}
    for text, entry in zip(texts, everything["giay_chung_nhan"], strict=True):
        number, date = numbers[entry["hinh_thuc"]]
        assert entry["ho_ten"] in text and f"Quyết định số {number} ngày {date}" in text
        assert re.search(rf"Số sổ vàng: {entry['so_so']}\b", text)
    on_disk = sorted(path.name for path in folder.iterdir())
    assert on_disk == sorted(path.rsplit("/", 1)[1] for path in entries if path.startswith("giay-khen/"))
    assert "tat-ca.docx" in on_disk, "the default profile is the full design, which has a Word file"
    assert sum(entries[f"giay-khen/{name}"]["pages"] for name in on_disk
               if name.endswith(".pdf") and name != "tat-ca.pdf") == 19


def test_one_pdf_per_unit_holds_exactly_that_units_certificates(overlay, checked):
    files, _ = overlay
    units = [f for f in files if f.format == "pdf" and f.path != "giay-khen/tat-ca.pdf"]
    assert len(units) == 7
    assert sum(f.pages for f in units) == 19
    for item in units:
        names = {entry["don_vi"] for entry in item.extra["giay_chung_nhan"]}
        assert len(names) == 1
        assert re.fullmatch(r"giay-khen/[a-z0-9-]+\.pdf", item.path)
        assert all(entry["ho_ten"] in text for entry, text in
                   zip(item.extra["giay_chung_nhan"], pages_text(item.data), strict=True))
    assert by_path(files, "giay-khen/truong-tieu-hoc-kim-dong.pdf").pages == 4


def test_unit_file_names_are_distinct_and_never_replace_the_whole_set(checked):
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    units = ["Tổ Văn thư", "TỔ VĂN THƯ", "Tất cả", "Hợp tác xã " + "Dịch vụ Nông nghiệp " * 8]
    planned = certificate_plan.plan(with_awards(checked, [replace(template, unit=unit) for unit in units]))
    slugs = certificate_drawing.unit_slugs(planned)
    assert [slugs[unit] for unit in units[:3]] == ["to-van-thu", "to-van-thu-2", "tat-ca-2"]
    from generator.core.text import slugify

    assert len(slugs[units[3]]) <= 80 and slugify(units[3]).startswith(slugs[units[3]] + "-"), "cut at a word"


def test_only_the_full_design_has_a_word_file(overlay, full, checked):
    assert not [f for f in overlay[0] if f.format == "docx"]
    assert [f.path for f in full[0] if f.format == "docx"] == ["giay-khen/tat-ca.docx"]
    pdf_only, _ = pipeline.certificate_files(checked, mode="full", formats=("pdf",), jobs=1)
    assert {f.format for f in pdf_only} == {"pdf"} and len(pdf_only) == len(full[0]) - 1


def test_an_offices_template_folder_can_hold_its_own_profile(checked, tmp_path):
    office = tmp_path / "mau-rieng"
    (office / "giay-khen").mkdir(parents=True)
    source = BUILTIN_TEMPLATES / "giay-khen" / "a4-ngang-phoi.toml"
    (office / "giay-khen" / "phoi-cua-xa.toml").write_text(
        source.read_text(encoding="utf-8").replace("lech_x = 0.0", "lech_x = 3.0"), encoding="utf-8")
    dirs = (office, BUILTIN_TEMPLATES)
    files, _ = pipeline.certificate_files(checked, profile="phoi-cua-xa", template_dirs=dirs, jobs=1)
    assert b"8.504 0 cm" in zlib_streams(by_path(files, "giay-khen/tat-ca.pdf").data)  # 3 mm = 8.504 pt
    assert "lech_x = 3 mm" in pages_text(certificate_drawing.calibration_pdf("phoi-cua-xa", dirs))[0]


@pytest.mark.parametrize(("macro", "message"), [
    pytest.param("{% macro ho_ten(c) %}{{ c.award.name }{% endmacro %}", "dòng", id="syntax"),
    pytest.param("{% macro ho_ten(c) %}{{ c.award.ten_goi }}{% endmacro %}", "«ten_goi» không có trong Award",
                 id="unknown variable"),
])
def test_a_broken_wording_template_is_a_template_error(checked, tmp_path, macro, message):
    office = tmp_path / "mau-rieng"
    (office / "giay-khen").mkdir(parents=True)
    wording = (BUILTIN_TEMPLATES / "giay-khen" / "loi-van.j2").read_text(encoding="utf-8")
    wording, count = re.subn(r"\{% macro ho_ten\(c\) -?%\}.*?\{%-? endmacro %\}", lambda _: macro, wording,
                             flags=re.S)
    assert count == 1
    (office / "giay-khen" / "loi-van.j2").write_text(wording, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        pipeline.certificate_files(checked, template_dirs=(office, BUILTIN_TEMPLATES), jobs=1)
    assert caught.value.exit_code == 4
    assert "loi-van.j2" in caught.value.format_message() and message in caught.value.format_message()


def zlib_streams(data: bytes) -> bytes:
    import zlib

    return b"".join(zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\n(.*?)\nendstream", data, re.S)
                    if m.group(1)[:1] == b"x")


def test_full_design_says_what_a_certificate_says_in_order(full):
    text = pages_text(by_path(full[0], "giay-khen/tat-ca.pdf").data)
    lines = [line.strip() for line in text[1].splitlines() if line.strip()]
    assert lines == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "TẶNG", "GIẤY KHEN", "Bà Nguyễn Thị Ánh Tuyết",
        "Giáo viên, Trường Tiểu học Kim Đồng", "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025",
        "Quyết định số 05/QĐ-UBND ngày 20/01/2026", "Số sổ vàng: 2", "Hòa Bình, ngày 20 tháng 01 năm 2026",
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An",
    ]
    first_title = next(i for i, page in enumerate(text) if "CHIẾN SĨ THI ĐUA" in page)
    title = [line.strip() for line in text[first_title].splitlines() if line.strip()]
    # The decree's model says "TẶNG DANH HIỆU" and quotes the title with “…” (issue 14; it said "CÔNG NHẬN DANH HIỆU").
    assert title[3:5] == ["TẶNG DANH HIỆU", "CHIẾN SĨ THI ĐUA CƠ SỞ"]
    assert "Đã đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2025" in title


def test_pdf_embeds_the_bundled_fonts_and_is_reproducible(checked, full):
    data = by_path(full[0], "giay-khen/tat-ca.pdf").data
    assert data.count(b"/FontFile2") == 4 and b"LiberationSerif-BoldItalic" in data
    assert b"CreationDate" not in data
    again, _ = pipeline.certificate_files(checked, profile="a4-ngang-day-du", jobs=1)
    assert [f.data for f in again] == [f.data for f in full[0]]


def test_worker_processes_give_the_same_bytes(checked):
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    awards = [replace(template, name=f"Trần Thị Thử {i:03d}", unit=f"Tổ {i % 3}") for i in range(130)]
    many = with_awards(checked, awards)
    seen = []
    alone, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=1)
    parallel, _ = pipeline.certificate_files(many, profile="a4-ngang-phoi", jobs=2,
                                                 progress=lambda done, total: seen.append((done, total)))
    assert [f.data for f in parallel] == [f.data for f in alone]
    assert seen[-1] == (130, 130) and len(seen) > 1
    assert by_path(parallel, "giay-khen/tat-ca.pdf").pages == 130


def test_a_draft_leaves_number_and_date_blank(session_copy):
    dot = session_copy / "dot.toml"
    dot.write_text(re.sub(r"(?m)^(ngay|so) = .*$", "", dot.read_text(encoding="utf-8")), encoding="utf-8")
    files, _ = pipeline.certificate_files(pipeline.check(session_copy), profile="a4-ngang-phoi", jobs=1)
    data = by_path(files, "giay-khen/tat-ca.pdf").data
    text = pages_text(data)[0]
    # The text layer shows one space for several; the blanks themselves are checked in the decision tests.
    assert re.search(r"Quyết định số\s+/QĐ-UBND ngày\s+/\s+/", text)
    assert re.search(r"Hòa Bình, ngày\s+tháng\s+năm 2026", text)
    assert "20/01" not in text and "ngày 20" not in text


# ---------------------------------------------------------------------------------------------------------
# Overlay: text inside its boxes, after the printer offsets, and nothing else on the page
# ---------------------------------------------------------------------------------------------------------


def char_boxes(page) -> list[tuple[str, tuple[float, float, float, float], tuple[float, float, float, float]]]:
    """(character, tight box, loose box) in mm from the top-left corner, for every visible character."""
    _, height = page.get_size()
    text_page = page.get_textpage()
    out = []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if not char.strip():
            continue
        boxes = []
        for loose in (False, True):
            left, bottom, right, top = text_page.get_charbox(index, loose=loose)
            boxes.append((left / MM, (height - top) / MM, right / MM, (height - bottom) / MM))
        out.append((char, boxes[0], boxes[1]))
    return out


def texts_in_boxes(page, boxes: dict[str, tuple[float, float, float, float]], where: str) -> dict[str, str]:
    """The characters of the page gathered per box (spaces left out); each must lie in its box within 1 mm."""
    found: dict[str, str] = {}
    for char, tight, loose in char_boxes(page):
        centre = ((tight[0] + tight[2]) / 2, (tight[1] + tight[3]) / 2)
        field = next((name for name, (x0, y0, x1, y1) in boxes.items()
                      if x0 <= centre[0] <= x1 and y0 <= centre[1] <= y1), None)
        assert field is not None, f"{where}: «{char}» outside every box"
        x0, y0, x1, y1 = boxes[field]
        for left, top, right, bottom in (tight, loose):
            assert left >= x0 - 1 and right <= x1 + 1 and top >= y0 - 1 and bottom <= y1 + 1, (where, field, char)
        found[field] = found.get(field, "") + char
    return found


def profile_boxes(profile, mode: str, dx: float = 0, dy: float = 0) -> dict[str, tuple[float, float, float, float]]:
    return {box.field: (box.x + dx, box.y + dy, box.x + box.width + dx, box.y + box.height + dy)
            for box in profile.printed_boxes(mode)}


def test_overlay_text_lies_in_its_boxes_after_the_offsets_and_nothing_else_is_drawn(checked, tmp_path):
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    path = write_profile(tmp_path, "a4-ngang-phoi", lech_x="2.5", lech_y="-1.5")
    files, _ = pipeline.certificate_files(checked, profile=path, jobs=1)
    boxes = profile_boxes(load_profile(path), "overlay", 2.5, -1.5)
    expected_second_page = {
        "co_quan": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "tang": "TẶNG", "ho_ten": "Bà Nguyễn Thị Ánh Tuyết",
        "chuc_vu_don_vi": "Giáo viên, Trường Tiểu học Kim Đồng",
        "thanh_tich": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025",
        "quyet_dinh": "Quyết định số 05/QĐ-UBND ngày 20/01/2026", "so_so": "Số sổ vàng: 2",
        "noi_ngay": "Hòa Bình, ngày 20 tháng 01 năm 2026", "chuc_vu_ky": "KT. CHỦ TỊCHPHÓ CHỦ TỊCH",
        "nguoi_ky": "Nguyễn Văn An",
    }
    document = pypdfium2.PdfDocument(by_path(files, "giay-khen/tat-ca.pdf").data)
    for number, page in enumerate(document):
        assert {obj.type for obj in page.get_objects()} == {pdfium_c.FPDF_PAGEOBJ_TEXT}, "only text on a phôi"
        found = texts_in_boxes(page, boxes, f"page {number + 1}")
        if number == 1:
            assert found == {field: text.replace(" ", "") for field, text in expected_second_page.items()}
        assert "GIẤYKHEN" not in "".join(found.values()) and "CỘNGHÒA" not in "".join(found.values())


def test_background_scan_goes_to_a_preview_file_only(checked, tmp_path):
    import pypdfium2
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    scan = tmp_path / "phoi.png"
    Image.new("RGB", (297, 210), (250, 240, 200)).save(scan)
    files, _ = pipeline.certificate_files(checked, profile="a4-ngang-phoi", background=scan, jobs=1)
    preview = by_path(files, "giay-khen/xem-truoc.pdf")
    assert preview.pages == 19

    def kinds(data: bytes) -> set[int]:
        page = pypdfium2.PdfDocument(data)[0]
        found = set()
        for obj in page.get_objects(max_depth=3):
            found.add(obj.type)
        return found

    assert pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds(preview.data)
    for item in files:
        if item.format == "pdf" and item is not preview:
            assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds(item.data), item.path
    with pytest.raises(InputError, match="ảnh nền"):
        pipeline.certificate_files(checked, background=tmp_path / "khong-co.png", jobs=1)


# ---------------------------------------------------------------------------------------------------------
# Long text: shrink, then wrap, then report — never clip silently
# ---------------------------------------------------------------------------------------------------------


def box(**changes) -> Box:
    base = Box("ho_ten", 0, 0, 100, 10, 20, 14, "center", "middle", (0, 0, 0), False, False, 0, 1.15, False, False)
    return replace(base, **changes)


def test_fitting_shrinks_first_then_wraps_then_gives_up():
    assert fit_text(box(), "Bà Lê Thị Thủy").size == 20
    shrunk = fit_text(box(), "Bà Nguyễn Thị Hoàng Phương Thảo Ngọc Bích")
    assert shrunk.fits and not shrunk.wrapped and 14 <= shrunk.size < 20 and (shrunk.size * 2) % 1 == 0
    wrapped = fit_text(box(height=20), LONG_NAME)
    assert wrapped.fits and wrapped.wrapped and len(wrapped.lines) == 2
    assert " ".join(wrapped.lines) == LONG_NAME
    lost = fit_text(box(height=8), LONG_UNIT)
    assert not lost.fits and lost.size == 14 and " ".join(lost.lines) == LONG_UNIT


@pytest.mark.parametrize("profile", ["a4-ngang-phoi", "a4-ngang-day-du", "400x300-day-du"])
def test_a_60_character_name_and_a_200_character_unit_fit_the_built_in_profiles(checked, profile):
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    awards = [replace(template, name=LONG_NAME, unit=LONG_UNIT)]
    files, warnings = pipeline.certificate_files(with_awards(checked, awards), profile=profile, jobs=1)
    import pypdfium2

    assert warnings == []
    everything = by_path(files, "giay-khen/tat-ca.pdf")
    assert everything.pages == 1
    chosen = load_profile(profile)
    found = texts_in_boxes(pypdfium2.PdfDocument(everything.data)[0], profile_boxes(chosen, chosen.mode), profile)
    assert found["ho_ten"] == ("Bà " + LONG_NAME).replace(" ", "")
    assert found["chuc_vu_don_vi"] == ("Giáo viên, " + LONG_UNIT).replace(" ", "")


def test_text_that_cannot_fit_is_reported_with_the_awardee_and_the_field_and_still_printed(checked, tmp_path):
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    awards = [replace(template, name=LONG_NAME, unit=LONG_UNIT), replace(template, name="Lê Văn Tám")]
    tight = write_profile(tmp_path, "a4-ngang-phoi", ho_ten__rong="60", chuc_vu_don_vi__cao="5.5",
                          chuc_vu_don_vi__co_chu_nho_nhat="13")
    files, warnings = pipeline.certificate_files(with_awards(checked, awards), profile=tight, jobs=1)
    assert len(warnings) == 2
    name_warning = next(w for w in warnings if "«họ tên»" in w)
    unit_warning = next(w for w in warnings if "«chức vụ, đơn vị»" in w)
    assert f"số sổ 1 của Bà {LONG_NAME}" in name_warning and "o.ho_ten" in name_warning
    assert f"của Bà {LONG_NAME}" in unit_warning and "o.chuc_vu_don_vi" in unit_warning
    text = pages_text(by_path(files, "giay-khen/tat-ca.pdf").data)
    assert len(text) == 2
    flat = re.sub(r"\s+", " ", text[0])
    assert LONG_NAME in flat and LONG_UNIT in flat, "reported text is printed in full, not cut"


def test_characters_the_font_cannot_print_are_reported(checked):
    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    files, warnings = pipeline.certificate_files(
        with_awards(checked, [replace(template, name="Nguyễn Văn 明")]), profile="a4-ngang-phoi", jobs=1)
    assert len(warnings) == 1
    assert "Bà Nguyễn Văn 明" in warnings[0] and "«họ tên»" in warnings[0] and "U+660E" in warnings[0]


# ---------------------------------------------------------------------------------------------------------
# Profiles and calibration
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a4-ngang-phoi", "a4-ngang-day-du", "400x300-day-du"])
def test_calibration_page_shows_every_box_rulers_and_crosshairs(name):
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    profile = load_profile(name)
    document = pypdfium2.PdfDocument(certificate_drawing.calibration_pdf(name))
    assert len(document) == 1
    page = document[0]
    width, height = page.get_size()
    assert (round(width / MM), round(height / MM)) == (round(profile.width), round(profile.height))
    text = page.get_textpage().get_text_range()
    for box in profile.boxes:
        assert f"o.{box.field}" in text
    assert "lech_x" in text and "100" in text  # the note and the ruler's numbers
    paths = [obj for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    # A tick per millimetre on two edges, five crosshairs (2 lines + a circle), an outline per box.
    assert len(paths) >= int(profile.width) + int(profile.height) + 15 + len(profile.boxes)
    image = page.render(scale=0.5).to_pil().convert("L")
    assert image.getextrema()[0] < 128, "something dark is drawn"


def test_profiles_give_page_size_and_mode(full, checked):
    assert load_profile("a4-ngang-phoi").mode == "overlay" and load_profile("a4-ngang-day-du").mode == "full"
    big = load_profile("400x300-day-du")
    assert (big.width, big.height) == (400, 300)
    import pypdfium2

    files, _ = pipeline.certificate_files(checked, profile="400x300-day-du", jobs=1)
    width, height = pypdfium2.PdfDocument(by_path(files, "giay-khen/tat-ca.pdf").data)[0].get_size()
    assert (round(width / MM), round(height / MM)) == (400, 300)


@pytest.mark.parametrize(("change", "message"), [
    pytest.param({"kho_giay": '"B5"'}, "mục kho_giay", id="unknown paper"),
    pytest.param({"ho_ten__can_le": '"chinh-giua"'}, "mục o.ho_ten.can_le", id="bad alignment"),
    pytest.param({"ho_ten__x": "290"}, "nằm ngoài trang", id="box off the page"),
    pytest.param({"ho_ten__co_chu": '"lớn"'}, "mục o.ho_ten.co_chu", id="size not a number"),
    pytest.param({"co_quan__mau": '"đỏ"'}, "#RRGGBB", id="colour"),
    pytest.param({"che_do": '"in"'}, "mục che_do", id="mode"),
])
def test_a_broken_profile_is_a_template_error_naming_the_key(checked, tmp_path, change, message):
    path = write_profile(tmp_path, "a4-ngang-phoi", **change)
    with pytest.raises(TemplateError) as caught:
        pipeline.certificate_files(checked, profile=path, jobs=1)
    assert caught.value.exit_code == 4
    assert message in caught.value.format_message()
    assert "a4-ngang-phoi-thu.toml" in caught.value.format_message()


def test_unknown_profile_and_unknown_field_are_reported(checked, tmp_path):
    with pytest.raises(InputError, match="a4-ngang-phoi"):
        pipeline.certificate_files(checked, profile="khong-co", jobs=1)
    path = tmp_path / "la.toml"
    path.write_text('[o.ho_ten]\nx = 10\ny = 10\nrong = 100\ncao = 10\nco_chu = 14\n'
                    '[o.so_so]\nx = 10\ny = 30\nrong = 100\ncao = 10\nco_chu = 14\n'
                    '[o.chu_ky]\nx = 10\ny = 50\nrong = 100\ncao = 10\nco_chu = 14\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="o.chu_ky"):
        pipeline.certificate_files(checked, profile=path, jobs=1)
    path.write_text(path.read_text(encoding="utf-8").replace("chu_ky", "nguoi_ky"), encoding="utf-8")
    with pytest.raises(TemplateError, match="o.quyet_dinh"):
        pipeline.certificate_files(checked, profile=path, jobs=1)


# ---------------------------------------------------------------------------------------------------------
# The Word file of the full design
# ---------------------------------------------------------------------------------------------------------


def test_word_file_has_a_page_per_certificate_in_times_new_roman(full):
    import docx
    from docx.oxml.ns import qn

    data = by_path(full[0], "giay-khen/tat-ca.docx").data
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    paragraphs = document.paragraphs
    starts = [index for index, p in enumerate(paragraphs) if p.paragraph_format.page_break_before]
    assert len(starts) == 19
    # Each page: an empty paragraph carrying the page break, then the fields, each in a frame placed on the page.
    assert all(paragraphs[i + 1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for i in starts)
    framed = [p for p in paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None]
    assert len(framed) >= 19 * 12  # 13 fields; a collective has no chức vụ line: the PDF prints none, nor Word
    assert not [p.text for p in paragraphs if p.text.strip() and p not in framed]  # no words outside the frames
    assert all(p._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}").get(qn("w:vAnchor")) == "page" for p in framed)
    texts = [p.text for p in paragraphs]
    assert "Bà Nguyễn Thị Ánh Tuyết" in texts and "Đội Văn nghệ Ca & Múa thôn Phú Lộc Đông" in texts
    assert "Số sổ vàng: 2" in texts and "Quyết định số 07/QĐ-UBND ngày 20/01/2026" in texts
    fonts = {node.get(qn("w:ascii")) for node in document.element.body.iter(qn("w:rFonts"))}
    assert fonts == {"Times New Roman"}


def test_word_file_shrinks_a_long_name_like_the_pdf(checked):
    import docx

    template = next(a for a in checked.awards if a.form == "Giấy khen" and a.subject == "ca-nhan")
    files, _ = pipeline.certificate_files(with_awards(checked, [replace(template, name=LONG_NAME)]),
                                              profile="a4-ngang-day-du", jobs=1)
    document = docx.Document(io.BytesIO(by_path(files, "giay-khen/tat-ca.docx").data))
    name = next(p for p in document.paragraphs if LONG_NAME in p.text)
    assert name.runs[0].font.size.pt < 22


def test_libreoffice_prints_the_word_file_one_page_per_certificate(full, tmp_path):
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        pytest.skip("LibreOffice is not installed here (CI installs it)")
    source = tmp_path / "giay-khen.docx"
    source.write_bytes(by_path(full[0], "giay-khen/tat-ca.docx").data)
    completed = subprocess.run(
        [command, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    texts = pages_text((tmp_path / "giay-khen.pdf").read_bytes())
    listing = by_path(full[0], "giay-khen/tat-ca.pdf").extra["giay_chung_nhan"]
    assert len(texts) == 19
    for text, entry in zip(texts, listing, strict=True):
        assert entry["ho_ten"] in text and f"Số sổ vàng: {entry['so_so']}" in text
