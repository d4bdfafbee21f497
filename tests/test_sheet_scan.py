"""The fast sheet scanner (reading/sheet_scan.py) gives exactly what the expat reader gives (issue 19): the same rows,
fonts and merges on every shape it vouches for, and on anything else it steps aside (Unusual) so that expat reads the
sheet and gives its rows or its refusal. Checked on the bundled lists, the loading corpus, XML written by hand for
each rule of XML the scanner must keep (entities, line breaks, attributes, namespaces, forbidden characters), and
on fuzzed sheets built from those pieces."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from html import escape
from pathlib import Path

import openpyxl
import pytest
import test_loading_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sheet_stream import WRITERS, bundled_workbooks

from generator.core.errors import InputError
from generator.reading import sheet_scan
from generator.reading.sheet_scan import Unusual, read_sheet_rows, scan_rows
from generator.reading.sheet_xml import DamagedSheet, open_workbook, read_rows
from generator.reading.workbook import MAX_COLUMNS, read_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
START = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" ' \
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'


SHARED = ["Lê", "Trần & <b>", " Hai\n", "Đơn vị"]


def workbook_with(path: Path, sheet: bytes, date_style: bool = False) -> Path:
    """An .xlsx whose first sheet's XML is ``sheet``, with the shared strings SHARED (as Excel writes them); with
    ``date_style``, style 1 is a date format and style 2 has the font .VnTime."""
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    if date_style:
        book.active["A1"] = datetime.date(2025, 1, 2)
        book.active["A2"] = "Lê"
        book.active["A2"].font = openpyxl.styles.Font(name=".VnTime")
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    strings = "".join(f"<si><t xml:space=\"preserve\">{escape(text)}</t></si>" for text in SHARED)
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.'
                                    b"openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target="
                                    b'"sharedStrings.xml"/></Relationships>')
            target.writestr(info, data)
        target.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count='
                                                f'"{len(SHARED)}" uniqueCount="{len(SHARED)}">{strings}</sst>')
    return path


@pytest.fixture(params=["one process", "two processes"])
def processes(request, monkeypatch):
    """Each sheet scanned by this process alone, and in two halves by two processes (as a long list is)."""
    if request.param == "two processes":
        monkeypatch.setattr(sheet_scan, "_two_cores_pay", lambda size: True)
    return request.param


def sheet_xml(rows: str, after: str = "", start: str = START) -> bytes:
    return f"{start}<sheetData>{rows}</sheetData>{after}</worksheet>".encode()


def both(path: Path, title: str | None = None):  # noqa: ANN201
    """(the scanner's answer or "Unusual", expat's answer); an answer is the rows, or ("damaged", where)."""
    workbook = open_workbook(path)
    try:
        entry = next(entry for entry in workbook.sheets if title in (None, entry.title))

        def answer(read):  # noqa: ANN001, ANN202
            try:
                return read(workbook, entry, MAX_COLUMNS, lambda _: None)
            except Unusual:
                return "Unusual"
            except DamagedSheet as damage:
                return ("damaged", damage.where)

        return answer(scan_rows), answer(read_rows)
    finally:
        workbook.close()


def assert_scanned(path: Path, title: str | None = None):  # noqa: ANN201
    """The scanner reads the sheet itself, and gives what expat gives."""
    scanned, expat = both(path, title)
    assert scanned != "Unusual", "the scanner should vouch for this sheet"
    assert scanned == expat
    return scanned


def assert_unusual_then_expat(path: Path):  # noqa: ANN201
    """The scanner steps aside, and read_sheet_rows (scanner first) gives expat's answer."""
    scanned, expat = both(path)
    assert scanned == "Unusual"
    workbook = open_workbook(path)
    try:
        try:
            through = read_sheet_rows(workbook, workbook.sheets[0], MAX_COLUMNS, lambda _: None)
        except DamagedSheet as damage:
            through = ("damaged", damage.where)
    finally:
        workbook.close()
    assert through == expat
    return expat


@pytest.mark.parametrize("path", bundled_workbooks(), ids=lambda path: path.name)
def test_the_bundled_workbooks_are_scanned_as_expat_reads_them(path):
    for title in openpyxl.load_workbook(path, read_only=True).sheetnames:
        scanned, expat = both(path, title)
        assert scanned in ("Unusual", expat)


@pytest.mark.parametrize("writer", WRITERS, ids=lambda writer: writer.__name__)
def test_every_variant_of_the_loading_corpus_is_scanned_as_expat_reads_it(tmp_path, writer, processes):
    path = tmp_path / "danh-sach.xlsx"
    writer(path)
    for title in openpyxl.load_workbook(path, read_only=True).sheetnames:
        assert_scanned(path, title)


def test_the_example_list_is_scanned_not_left_to_expat():
    path = Path(test_loading_corpus.__file__).resolve().parents[1] / "data" / "vi-du" / "danh-sach.xlsx"
    assert assert_scanned(path).grid


SCANNED = {
    "entities, numeric references, raw line breaks": (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Lê &amp; Trần &lt;b&gt; &quot;x&quot; &apos;y&apos; &#272;&#x1ec7;'
        '&#x1EC7;</t></is></c><c r="B1" t="inlineStr"><is><t>a&#13;b&#10;c\r\nd\re\n\tf</t></is></c></row>'),
    "xml:space, blank and empty strings, self-closed and empty cells": (
        '<row r="1" spans="1:6" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t xml:space="preserve">  Hai  '
        '</t></is></c><c r="B1" t="inlineStr"><is><t/></is></c><c r="C1" t="inlineStr"><is></is></c><c r="D1" '
        't="inlineStr"/><c r="E1" s="0"/><c r="F1"><v></v></c><c r="G1"><v/></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>   </t></is></c></row><row r="3"><c r="A3"><v>3</v></c></row>'),
    "numbers, booleans, errors, formulas and their cached values": (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>-2.50</v></c><c r="C1"><v>1E3</v></c><c r="D1" t="b"><v>1</v>'
        '</c><c r="E1" t="b"><v>0</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="str"><f>A2&amp;"x"</f><v>L&amp;T'
        '</v></c><c r="H1"><f t="shared" ref="H1:H3" si="0">A1+1</f><v>2</v></c><c r="I1"><f t="shared" si="0"/>'
        '<v>3</v></c><c r="J1" t="n"><v>7</v></c></row>'),
    "dates by their style, and fonts": (
        '<row r="1"><c r="A1" s="1"><v>45659</v></c><c r="B1" s="1"><v>45659.5</v></c><c r="C1" s="0"><v>45659</v>'
        '</c><c r="D1" t="d"><v>2025-01-02T08:30:00</v></c></row><row r="2"><c r="A2" s="2" t="inlineStr"><is><t>L'
        '\u00aa</t></is></c></row>'),
    "cells out of order, left out, and a row repeated": (
        '<row r="2"><c r="C2"><v>3</v></c><c r="A2"><v>1</v></c></row><row r="2"><c r="A2"><v>9</v></c></row>'
        '<row r="5"><c r="B5"><v>5</v></c><c r="DA5"><v>far</v></c></row><row r="6"/><row r="7"></row>'),
    "white space between rows and cells, attributes in any order": (
        '\n  <row r="1"  ht="15"\tcustomHeight="1" >\n    <c r="A1" t="inlineStr" s="0" ><is><t>A</t></is></c>\n'
        '    <c r="B1" s="0" t="inlineStr"><is><t>B</t></is></c>\n  </row>\n'),
    "a very long string": f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"Nguyễn &amp; " * 30000}</t></is></c></row>',
}


@pytest.mark.parametrize("rows", SCANNED.values(), ids=SCANNED.keys())
def test_the_usual_shapes_are_scanned_as_expat_reads_them(tmp_path, rows, processes):
    path = workbook_with(tmp_path / "a.xlsx", sheet_xml(rows, '<mergeCells count="1"><mergeCell ref="A1:A3"/>'
                                                             "</mergeCells>"), date_style=True)
    assert_scanned(path)


def test_shared_strings_and_what_the_entities_say(tmp_path, processes):
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="0" t="s"><v>2</v></c>'
            '</row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>1</v></c><c r="D2" t="s"><v>-1</v></c>'
            "</row>")
    rows = assert_scanned(workbook_with(tmp_path / "a.xlsx", sheet_xml(rows)))
    assert rows.grid == [["Lê", "Trần & <b>", " Hai\n"], ["Đơn vị", "Trần & <b>", None, "Đơn vị"]]
    entities = workbook_with(tmp_path / "b.xlsx", sheet_xml(SCANNED["entities, numeric references, raw line breaks"]))
    assert assert_scanned(entities).grid == [['Lê & Trần <b> "x" \'y\' Đệệ', "a\rb\nc\nd\ne\n\tf"]]


def test_a_hidden_first_sheet_is_left_and_the_visible_one_scanned(tmp_path):
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook(write_only=True)
    old = book.create_sheet("Cũ")
    old.append(["Họ và tên", "Đơn vị", "Hình thức"])
    old.sheet_state = "hidden"
    book.create_sheet("Danh sách").append(["Họ và tên", "Đơn vị", "Hình thức"])
    book.save(path)
    assert read_sheet(path, None).title == "Danh sách"
    assert assert_scanned(path, "Danh sách").grid == [["Họ và tên", "Đơn vị", "Hình thức"]]


EXCEL_START = (  # the start of a sheet as Excel 365 saves it: markup compatibility, revision ids, views, columns
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="' + MAIN + '" xmlns:r="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/'
    'markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="http://schemas.microsoft.com/office/'
    'spreadsheetml/2009/9/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr2='
    '"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" xmlns:xr3="http://schemas.microsoft.com/'
    'office/spreadsheetml/2016/revision3" xr:uid="{00000000-0001-0000-0000-000000000000}"><dimension ref="A1:C3"/>'
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="B3" sqref="B3"/></sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><cols><col min="2" max="2" width='
    '"24.7109375" customWidth="1"/></cols>')


def test_a_sheet_as_excel_saves_it_is_scanned(tmp_path, processes):
    rows = ('<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1" s="1"><v>'
            '45659</v></c></row><row r="3" spans="1:3" ht="30" customHeight="1" x14ac:dyDescent="0.25"><c r="C3"><f>'
            'B1+1</f><v>45660</v></c></row>')
    sheet = sheet_xml(rows, '<mergeCells count="1"><mergeCell ref="A1:A3"/></mergeCells><pageMargins left="0.7" '
                            'right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>', start=EXCEL_START)
    scanned = assert_scanned(workbook_with(tmp_path / "a.xlsx", sheet, date_style=True))
    assert scanned.grid[0][0] == "Lê" and scanned.fonts[0][0] == ".VnTime" and scanned.merged == [(0, 0, 2)]


UNUSUAL = {  # each rule of XML the scanner keeps, broken or merely unusual: expat has the last word
    "a comment in the rows": '<row r="1"><!-- x --><c r="A1"><v>1</v></c></row>',
    "CDATA": '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>]]></t></is></c></row>',
    "rich text runs": '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Ng</t></r><r><t>uyễn</t></r></is></c></row>',
    "a reference with dollars": '<row r="1"><c r="$A$1"><v>1</v></c></row>',
    "a cell without reference": '<row r="1"><c><v>1</v></c></row>',
    "a row without number": '<row><c r="A1"><v>1</v></c></row>',
    "single quotes": "<row r='1'><c r=\"A1\"><v>1</v></c></row>",
    "an unknown entity": '<row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>',
    "a bare ampersand": '<row r="1"><c r="A1" t="inlineStr"><is><t>a & b</t></is></c></row>',
    "a reference to a forbidden character": '<row r="1"><c r="A1" t="inlineStr"><is><t>a&#0;b</t></is></c></row>',
    "a reference to U+FFFE": '<row r="1"><c r="A1" t="inlineStr"><is><t>a&#xFFFE;b</t></is></c></row>',
    "an upper-case X in a reference": '<row r="1"><c r="A1" t="inlineStr"><is><t>&#X41;</t></is></c></row>',
    "a control character": '<row r="1"><c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c></row>',
    "U+FFFF": '<row r="1"><c r="A1" t="inlineStr"><is><t>a\uffffb</t></is></c></row>',
    "a no-break space inside a tag": '<row r="1"><c r="A1"\u00a0s="0"><v>1</v></c></row>',
    "]]> in text": '<row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>',
    "an attribute twice": '<row r="1"><c r="A1" s="0" s="1"><v>1</v></c></row>',
    "r twice": '<row r="1"><c r="A1" r="B1"><v>1</v></c></row>',
    "the same attribute under two prefixes": '<row r="1" x14ac:dyDescent="1" x14ac:dyDescent="2"></row>',
    "an undeclared prefix": '<row r="1" zz:dyDescent="0.25"><c r="A1"><v>1</v></c></row>',
    "a namespace declared in the rows": '<row r="1" xmlns:q="urn:q"><c r="A1"><v>1</v></c></row>',
    "an element of another namespace": '<row r="1"><c r="A1" xmlns="urn:other"><v>1</v></c></row>',
    "a row not closed": '<row r="1"><c r="A1"><v>1</v></c>',
    "a cell outside a row": '<c r="A1"><v>1</v></c>',
    "a row in a row": '<row r="1"><row r="2"></row></row>',
    "an end without start": '</row><row r="1"></row>',
    "a shared string that is not there": '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',
    "a number that is not one": '<row r="1"><c r="A1"><v>abc</v></c></row>',
    "a style that is not a number": '<row r="1"><c r="A1" s="x"><v>1</v></c></row>',
    "a row numbered as a float": '<row r="1.0"><c r="A1"><v>1</v></c></row>',
    "two values": '<row r="1"><c r="A1"><v>1</v><v>2</v></c></row>',
    "a phonetic run": '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>X</t></rPh></is></c></row>',
}


@pytest.mark.parametrize("rows", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_anything_else_is_left_to_expat(tmp_path, rows, processes):
    assert_unusual_then_expat(workbook_with(tmp_path / "a.xlsx", sheet_xml(rows)))


@pytest.mark.parametrize(("start", "what"), [
    (START.replace("UTF-8", "ISO-8859-1"), "a declared encoding other than UTF-8"),
    (START.replace("<worksheet", "<!-- <sheetData> --><worksheet"), "a comment before the rows"),
    (START.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet'), "a doctype"),
    (START.replace(f'xmlns="{MAIN}"', 'xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"'),
     "the strict namespace (openpyxl reads no rows there)"),
    (START + "<sheetViews><?pi x?></sheetViews>", "a processing instruction"),
])
def test_an_unusual_start_is_left_to_expat(tmp_path, start, what):
    sheet = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Lê</t></is></c></row>', start=start)
    if "ISO-8859-1" in start:
        sheet = sheet.decode().encode("latin-1", errors="replace")
    assert_unusual_then_expat(workbook_with(tmp_path / "a.xlsx", sheet))


def test_what_follows_the_rows_is_still_read_by_expat(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="4"><c r="A4"><v>4</v></c></row>'
    merged = workbook_with(tmp_path / "a.xlsx", sheet_xml(rows, '<mergeCells><mergeCell ref="A1:A4"/></mergeCells>'))
    assert assert_scanned(merged).merged == [(0, 0, 3)]
    broken = workbook_with(tmp_path / "b.xlsx", sheet_xml(rows, "<mergeCells>"))
    assert_unusual_then_expat(broken)
    with pytest.raises(InputError, match="Không đọc được tệp b.xlsx"):
        read_sheet(broken, None)


def test_a_list_too_long_is_refused_by_the_scanner_as_by_expat(tmp_path, monkeypatch, processes):
    from generator.reading import workbook as workbook_module

    monkeypatch.setattr(workbook_module, "MAX_ROWS", 3)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 6))
    with pytest.raises(InputError, match="hơn 3 dòng có dữ liệu"):
        read_sheet(workbook_with(tmp_path / "a.xlsx", sheet_xml(rows)), None)


PIECES = st.sampled_from([
    '<row r="1">', '<row r="2">', '<row r="9" spans="1:3">', "</row>", '<row r="3"/>', '<c r="A1"><v>1</v></c>',
    '<c r="B2" t="s"><v>0</v></c>', '<c r="B3" t="s"><v>9</v></c>', '<c r="A1"/>',
    '<c r="C1" t="inlineStr"><is><t>Lê &amp; Trần</t></is></c>',
    '<c r="D7" s="1"><v>45000</v></c>', '<c r="B1" t="b"><v>1</v></c>', '<c r="E1" t="e"><v>#N/A</v></c>',
    '<c r="F1" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c>', " ", "\n", "\r\n", "<!-- c -->", "&",
    "&#0;", "&#x41;", "<", ">", '"', "\x01", "\uffff", "Ỷ", "<v>", "</c>", '<c r="A1">', "<is>", "<t>", "</t>",
    '<c r="A1" s="0" s="0"><v>1</v></c>', '<row r="4" q:x="1">', "<![CDATA[x]]>", '<c r="ZZZ1"><v>1</v></c>',
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(PIECES, max_size=30))
def test_fuzzed_sheets_give_what_expat_gives_or_are_left_to_it(tmp_path, pieces, processes):
    path = workbook_with(tmp_path / "f.xlsx", sheet_xml("".join(pieces)), date_style=True)
    scanned, expat = both(path)
    assert scanned in ("Unusual", expat)


def test_two_processes_give_the_rows_of_one_and_leave_no_process_behind(tmp_path, monkeypatch):
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Người {n % 7} &amp; {n}</t></is></c><c r="B{n}" '
                   f't="s"><v>{n % 4}</v></c><c r="C{n}"><v>{n}</v></c></row>' for n in range(1, 3001))
    path = workbook_with(tmp_path / "a.xlsx", sheet_xml(rows, '<mergeCells><mergeCell ref="A5:A9"/></mergeCells>'))
    one = assert_scanned(path)
    monkeypatch.setattr(sheet_scan, "_two_cores_pay", lambda size: True)
    monkeypatch.setattr(sheet_scan, "_CHUNK", 4096)  # several pieces in each half
    forked: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(sheet_scan.os, "fork", recording_fork)
    assert assert_scanned(path) == one
    assert len(one.grid) == 3000 and one.merged == [(0, 4, 8)]
    assert forked, "the sheet was not scanned in two processes"
    for pid in forked:  # each second process was waited for (other tests' servers may still run: not -1)
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("where", ["first half", "second half"])
def test_something_unusual_in_either_half_is_left_to_expat(tmp_path, monkeypatch, where):
    monkeypatch.setattr(sheet_scan, "_two_cores_pay", lambda size: True)
    rows = [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 201)]
    rows[20 if where == "first half" else 180] = '<row r="99"><c r="A99" t="s"><v>99</v></c></row>'
    assert assert_unusual_then_expat(workbook_with(tmp_path / "a.xlsx", sheet_xml("".join(rows)))) == (
        "damaged", "A99")
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_list_too_long_stops_both_processes(tmp_path, monkeypatch):
    from generator.reading import workbook as workbook_module

    monkeypatch.setattr(sheet_scan, "_two_cores_pay", lambda size: True)
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 10)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 2001))
    with pytest.raises(InputError, match="hơn 10 dòng có dữ liệu"):
        read_sheet(workbook_with(tmp_path / "a.xlsx", sheet_xml(rows)), None)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_two_processes_only_for_a_long_list_from_a_single_thread(monkeypatch):
    import threading

    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert sheet_scan._two_cores_pay(20 * 1024 * 1024)
    assert not sheet_scan._two_cores_pay(1024 * 1024)  # a short list: the second process costs more than it saves
    assert not sheet_scan._two_cores_pay(200 * 1024 * 1024)  # a huge one: its whole XML would sit in memory
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 0.0, 0.0))
    assert not sheet_scan._two_cores_pay(20 * 1024 * 1024)  # no idle core: the halves would only compete
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not sheet_scan._two_cores_pay(20 * 1024 * 1024)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not sheet_scan._two_cores_pay(20 * 1024 * 1024)  # forking beside another thread is unsafe
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("chunk", [5, 7, 11, 64])
def test_any_cut_of_the_stream_gives_the_same_rows(tmp_path, monkeypatch, processes, chunk):
    # The XML comes a megabyte at a time; here a few bytes at a time, so that every tag, "</row>" and
    # "</sheetData>" is cut somewhere.
    rows = "".join(f'<row r="{n}" spans="1:2"><c r="A{n}" t="inlineStr"><is><t>Lê &amp; {n}</t></is></c><c r="B{n}">'
                   f"<v>{n}</v></c></row>" for n in range(1, 41))
    path = workbook_with(tmp_path / "a.xlsx", sheet_xml(rows, '<mergeCells><mergeCell ref="B2:B3"/></mergeCells>'))
    expected = both(path)[1]
    monkeypatch.setattr(sheet_scan, "_CHUNK", chunk)
    assert assert_scanned(path) == expected
