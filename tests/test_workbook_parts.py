"""The workbook's own parts and its dates are read without openpyxl (issue 19) exactly as openpyxl reads them: the
sheets and their states, shared strings, fonts, date and duration styles and calendar of every workbook of the
corpus (bundled lists, the loading corpus, workbooks openpyxl and LibreOffice write with dates, times, number
formats, rich text, inline strings, the 1904 calendar, hidden and chart sheets, parts written by hand); a workbook
the reader does not vouch for is left to openpyxl, whose answer or refusal stands."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils.datetime import CALENDAR_MAC_1904, from_excel, from_ISO8601
from test_sheet_stream import WRITERS, bundled_workbooks

from generator.reading import sheet_xml
from generator.reading.excel_dates import from_iso, from_serial
from generator.reading.workbook_parts import MAC_EPOCH, WINDOWS_EPOCH, UnusualWorkbook, parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FORMATS = ["General", "0", "#,##0", "dd/mm/yyyy", "d-mmm-yy", "h:mm", "[h]:mm:ss", "[mm]:ss", "mm:ss", '"d"0',
           "[Red]0.00", '[$-42A]dd/mm/yyyy', "0.00;[Red]dd/mm", "yyyy-mm-dd h:mm:ss", "@", "_d0", "\\d0", "[ss].00"]


def as_openpyxl_reads_it(path: Path) -> tuple:
    workbook = sheet_xml._read_by_openpyxl(path)
    try:
        return ([(entry.title, entry.state, entry.member, entry.is_chart) for entry in workbook.sheets],
                workbook.shared_strings, workbook.style_fonts, workbook.date_styles, workbook.timedelta_styles,
                workbook.epoch)
    finally:
        workbook.close()


def as_read_here(path: Path) -> tuple:
    with zipfile.ZipFile(path) as archive:
        return parts(archive)


def assert_read_alike(path: Path) -> None:
    """The reader vouches for the workbook and reads it as openpyxl does; open_workbook gives that too."""
    expected = as_openpyxl_reads_it(path)
    assert as_read_here(path) == expected
    workbook = sheet_xml.open_workbook(path)
    try:
        assert ([(entry.title, entry.state, entry.member, entry.is_chart) for entry in workbook.sheets],
                workbook.shared_strings, workbook.style_fonts, workbook.date_styles, workbook.timedelta_styles,
                workbook.epoch) == expected
    finally:
        workbook.close()


@pytest.mark.parametrize("path", bundled_workbooks(), ids=lambda path: path.name)
def test_the_bundled_workbooks(path):
    assert_read_alike(path)


@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.__name__)
def test_the_loading_corpus(tmp_path, writer):
    path = tmp_path / "danh-sach.xlsx"
    writer(path)
    assert_read_alike(path)


def dated_workbook(path: Path, mac: bool = False) -> Path:
    """Dates, times, durations in every kind of number format, rich text, fonts, hidden and chart sheets."""
    workbook = openpyxl.Workbook()
    if mac:
        workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.title = "Danh sách"
    values = [datetime.date(2025, 1, 2), datetime.datetime(1900, 2, 28, 13, 5), datetime.time(7, 30, 15),
              datetime.timedelta(hours=30, minutes=5), 45000.25, 59, 61, 0.5, "Lê Văn A"]
    for row, number_format in enumerate(FORMATS, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.number_format = number_format
            cell.font = Font(name=[".VnTime", "VNI-Times", "Times New Roman", None][(row + column) % 4])
    sheet["K1"] = CellRichText(["Nguyễn ", TextBlock(InlineFont(b=True, rFont="Arial"), "Văn"), " A"])
    sheet["K2"] = "x005F_ giữ nguyên?"
    hidden = workbook.create_sheet("Ẩn")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "cũ"
    workbook.create_sheet("Rất ẩn").sheet_state = "veryHidden"
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=5, min_row=1, max_row=3))
    workbook.create_chartsheet("Biểu đồ").add_chart(chart)
    workbook.save(path)
    return path


@pytest.mark.parametrize("mac", [False, True], ids=["1900", "1904"])
def test_dates_formats_rich_text_and_sheets_written_by_openpyxl(tmp_path, mac):
    path = dated_workbook(tmp_path / "a.xlsx", mac)
    assert_read_alike(path)
    read = as_read_here(path)
    assert read[5] == (MAC_EPOCH if mac else WINDOWS_EPOCH)
    assert ("Biểu đồ", "visible", "xl/chartsheets/sheet1.xml", True) in read[0]
    assert {state for _, state, _, _ in read[0]} == {"visible", "hidden", "veryHidden"}
    assert read[2] and read[3] and read[4]  # fonts, dates and durations (this openpyxl writes strings inline)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice không có trên máy này")
def test_a_workbook_written_by_libreoffice(tmp_path):
    source = dated_workbook(tmp_path / "nguon.xlsx")
    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)], check=True, timeout=180,
                   capture_output=True)
    assert_read_alike(out / "nguon.xlsx")


def with_parts(tmp_path: Path, replaced: dict[str, bytes], name: str = "b.xlsx") -> Path:
    """A workbook openpyxl wrote, its parts replaced (or added, or left out when None) by ``replaced``."""
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = replaced.pop(info.filename) if info.filename in replaced else source.read(info)
            if data is not None:
                target.writestr(info, data)
        for member, data in replaced.items():
            target.writestr(member, data)
    return path


def strings_part(items: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'.encode()


def shared_strings_workbook(tmp_path: Path, items: str) -> Path:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    types = zipfile.ZipFile(buffer).read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return with_parts(tmp_path, {"[Content_Types].xml": types, "xl/sharedStrings.xml": strings_part(items)})


STRINGS = [
    "<si><t>Lê</t></si>",
    '<si><t xml:space="preserve"> Trần &amp; &lt;b&gt; \r\n</t></si>',
    "<si><t/></si><si><t></t></si><si></si>",
    "<si><r><rPr><b/><rFont val=\"Arial\"/></rPr><t>Nguyễn </t></r><r><t>Văn</t></r><r><rPr/></r></si>",
    "<si><t>Đỗ</t><rPh sb=\"0\" eb=\"1\"><t>ド</t></rPh><phoneticPr fontId=\"1\"/></si>",
    "<si><t>một</t><t>hai</t><r><t>ba</t><t>bốn</t></r></si>",  # a <t> twice: the last counts
    "<si><r><t>sau</t></r><t>trước</t></si>",  # plain text first, whatever the order
    "<si><t>a_x005F_x000D_b x005F_</t></si>",
    "<si><t>&#x1F600;&#233;</t></si>",
]


@pytest.mark.parametrize("items", STRINGS)
def test_shared_strings_written_by_hand(tmp_path, items):
    assert_read_alike(shared_strings_workbook(tmp_path, items))


WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships">{}<sheets><sheet name="Trang" sheetId="1" {} '
            'r:id="rId1"/></sheets></workbook>')


@pytest.mark.parametrize("properties", ['<workbookPr date1904="1"/>', '<workbookPr date1904="true"/>',
                                        '<workbookPr date1904="false"/>', '<workbookPr date1904="0"/>',
                                        '<workbookPr date1904="False"/>', "<workbookPr/>", ""])
@pytest.mark.parametrize("state", ['state="hidden"', 'state="none"', 'state="visible"', ""])
def test_calendar_and_sheet_states_written_by_hand(tmp_path, properties, state):
    path = with_parts(tmp_path, {"xl/workbook.xml": WORKBOOK.format(properties, state).encode()})
    assert_read_alike(path)


UNUSUAL = {  # parts the reader does not vouch for: openpyxl reads the workbook (or refuses it)
    "rich text in another namespace": {"xl/sharedStrings.xml": strings_part(
        '<si><x:t xmlns:x="urn:x">lạ</x:t></si>')},
    "an attribute on a string": {"xl/sharedStrings.xml": strings_part('<si a="1"><t>x</t></si>')},
    "a sheet state openpyxl refuses": {"xl/workbook.xml": WORKBOOK.format("", 'state="gone"').encode()},
    "a sheet without its relationship": {"xl/workbook.xml": WORKBOOK.format("", "").replace(
        'r:id="rId1"', 'r:id="rId9"').encode()},
    "no styles": {"xl/styles.xml": None},
    "a named style without its font": {"xl/styles.xml": (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><name val="Arial"/></font></fonts><cellStyleXfs>'
        '<xf fontId="3"/></cellStyleXfs><cellXfs><xf fontId="0"/></cellXfs><cellStyles><cellStyle name="Normal" '
        'xfId="0"/></cellStyles></styleSheet>').encode()},
    "a doctype": {"xl/workbook.xml": b'<!DOCTYPE workbook [<!ENTITY e "x">]>'
                                     + WORKBOOK.format("", "").encode()},
    "a broken part": {"xl/workbook.xml": b"<workbook"},
}


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_unusual_parts_are_left_to_openpyxl(tmp_path, name):
    replaced = dict(UNUSUAL[name])
    if "xl/sharedStrings.xml" in replaced:
        path = shared_strings_workbook(tmp_path, "")
        path = with_parts(tmp_path, {**{member: zipfile.ZipFile(path).read(member)
                                        for member in ("[Content_Types].xml",)}, **replaced}, "c.xlsx")
    else:
        path = with_parts(tmp_path, replaced)
    with pytest.raises(UnusualWorkbook):
        as_read_here(path)
    try:
        expected = as_openpyxl_reads_it(path)
    except Exception:  # noqa: BLE001 - openpyxl refuses it: so does open_workbook, with openpyxl's own error
        with pytest.raises(Exception):  # noqa: B017, PT011
            sheet_xml.open_workbook(path)
        return
    workbook = sheet_xml.open_workbook(path)
    try:
        assert ([(entry.title, entry.state, entry.member, entry.is_chart) for entry in workbook.sheets],
                workbook.shared_strings, workbook.style_fonts, workbook.date_styles, workbook.timedelta_styles,
                workbook.epoch) == expected
    finally:
        workbook.close()


def answer(function, *arguments):  # noqa: ANN001, ANN201 - what a function gives, or the kind of error it raises
    try:
        return function(*arguments)
    except (OverflowError, ValueError, TypeError) as error:
        return type(error)


serials = st.one_of(st.floats(min_value=-1e6, max_value=3e6, allow_nan=False), st.integers(-10**6, 3 * 10**6),
                    st.sampled_from([0, 0.5, 0.9999999, 1, 59, 59.5, 60, 60.5, 61, 2958465.99999, 2958466, -0.5]))


@settings(max_examples=500, deadline=None)
@given(serials, st.sampled_from([WINDOWS_EPOCH, MAC_EPOCH]), st.booleans())
def test_serials_become_the_dates_openpyxl_gives(serial, epoch, duration):
    assert answer(from_serial, serial, epoch, duration) == answer(from_excel, serial, epoch, duration)


iso_texts = st.one_of(
    st.from_regex(r"\A(\d{4}-\d{2}-\d{2})?T?(\d{2}:\d{2}(:\d{2}(\.\d{1,4})?)?)?Z?\Z"),
    st.from_regex(r"\APT(\d{1,3}H)?(\d{1,3}M)?(\d{1,3}(\.\d{1,3})?S)?\Z"),
    st.sampled_from(["2025-01-02", "2025-01-02T10:20:30.5Z", "10:20", "1900-02-29", "2025-13-01", "PT1H30M", "x",
                     "2025-01-02junk", "T", "Z"]),
    st.text(alphabet="0123456789-:T.ZPHMS", max_size=25),
)


@settings(max_examples=500, deadline=None)
@given(iso_texts)
def test_iso_texts_become_the_values_openpyxl_gives(text):
    assert answer(from_iso, text) == answer(from_ISO8601, text)


@pytest.mark.parametrize("path", bundled_workbooks()[:3] + [None], ids=lambda path: path.name if path else "dates")
def test_a_sheet_inflated_by_the_size_check_is_read_as_from_the_zip(tmp_path, monkeypatch, path):
    # check_zip_sizes keeps what it inflated, and the sheet is read from memory: the same sheet as from the zip.
    from generator.reading import workbook as workbook_module

    path = path or dated_workbook(tmp_path / "a.xlsx")
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    assert workbook_module.check_zip_sizes(path, keep=10**9) == members
    assert workbook_module.check_zip_sizes(path, keep=1) == {}
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def recorded(self, name, *arguments, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        opened.append(getattr(name, "filename", name))
        return original(self, name, *arguments, **options)

    monkeypatch.setattr(zipfile.ZipFile, "open", recorded)
    from_memory = workbook_module.read_sheet(path, None)
    sheets_opened = [name for name in opened if name.startswith("xl/worksheets/")]
    assert sheets_opened and len(sheets_opened) == len(set(sheets_opened))  # inflated once, by the size check
    opened.clear()
    monkeypatch.setattr(workbook_module, "_KEEP_INFLATED", 0)
    from_zip = workbook_module.read_sheet(path, None)
    assert from_memory == from_zip
    from_the_zip = [name for name in opened if name.startswith("xl/worksheets/")]
    assert len(from_the_zip) > len(set(from_the_zip))  # the sheet read is inflated a second time
