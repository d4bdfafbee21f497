"""Turn the parts of an .xlsx that describe it (content types, workbook, its relationships, shared strings, styles)
into what the sheet readers need, without openpyxl.

Importing openpyxl costs a tenth of a second (it brings PIL), more than reading these parts of a 50.000-row list.
The parts are read here with the standard library's expat parser, giving what openpyxl's reader gives for them:
the sheets with their states and members, the shared strings (rich text runs joined, phonetic runs left out, as
openpyxl's ``Text.content``), each style's font name, the styles whose number format is a date or a duration, and
the 1900/1904 calendar. Like sheet_scan.py, this reader vouches only for the shapes it knows: anything else —
an external link, a missing styles part, an attribute or element openpyxl would refuse or read otherwise, a
damaged part — raises ``UnusualWorkbook``, and the caller lets openpyxl read the workbook, refusal included.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import datetime
from pyexpat import ExpatError, ParserCreate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
# openpyxl looks for the workbook part under these content types, in this order.
_WORKBOOK_TYPES = ("application/vnd.ms-excel.template.macroEnabled.main+xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
                   "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES = "xl/styles.xml"  # where openpyxl reads the styles, whatever the relationships say
WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
_INT32 = range(-2 ** 31, 2 ** 31)  # a style's ids live in a C int array in openpyxl

# Excel's built-in number formats that show a date, a time or a duration (the others show numbers or text).
BUILTIN_DATE_FORMATS = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                        19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss",
                        46: "[h]:mm:ss", 47: "mmss.0"}
# What openpyxl leaves aside before looking for date letters: quoted literals, and bracketed parts other than
# elapsed hours, minutes or seconds ([Red], [$-42A]).
_LITERALS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)


class UnusualWorkbook(Exception):
    """A part of the workbook this reader does not vouch for: openpyxl reads the workbook instead."""


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or a time (its first section holds a date letter outside literals)."""
    if code is None:
        return False
    return _DATE_LETTER.search(_LITERALS.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    """Whether a number format shows elapsed time ([h]:mm:ss): its cells are durations, not times of day."""
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


class _Element:
    __slots__ = ("name", "attributes", "children", "text")

    def __init__(self, name: str, attributes: dict[str, str]) -> None:
        self.name, self.attributes = name, attributes
        self.children: list[_Element] = []
        self.text: str | None = None  # the text before the first child, as ElementTree's .text

    def named(self, local: str, namespace: str = MAIN) -> list[_Element]:
        return [child for child in self.children if child.name == f"{namespace} {local}"]


def _refuse_doctype(*_: object) -> None:
    raise UnusualWorkbook  # no part of a workbook declares a doctype


def _tree(data: bytes) -> _Element:
    """A small part (workbook, relationships, content types, styles) as a tree of elements."""
    root = _Element("", {})
    stack = [root]

    def start(name: str, attributes: dict[str, str]) -> None:
        element = _Element(name, attributes)
        stack[-1].children.append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        element = stack[-1]
        if not element.children:
            element.text = data if element.text is None else element.text + data

    parser = ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except ExpatError as exc:
        raise UnusualWorkbook from exc
    if len(root.children) != 1:
        raise UnusualWorkbook
    return root.children[0]


def _only(attributes: dict[str, str], allowed: set[str]) -> dict[str, str]:
    """The attributes without a namespace (openpyxl drops the others), refused when one is not ``allowed``."""
    plain = {name: value for name, value in attributes.items() if " " not in name}
    if not plain.keys() <= allowed:
        raise UnusualWorkbook
    return plain


def _read(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError as exc:
        raise UnusualWorkbook from exc


def parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, str, bool]], list[str], list[str | None],
                                             frozenset[int], frozenset[int], datetime]:
    """(sheets as (title, state, member, is a chart sheet), shared strings, each style's font name, date styles,
    duration styles, epoch) of an open workbook, as openpyxl's reader gives them; UnusualWorkbook otherwise."""
    workbook_member, strings_member = _content_types(archive)
    sheets, epoch = _workbook(archive, workbook_member)
    strings: list[str] = []
    if strings_member is not None:
        try:
            with archive.open(strings_member) as stream:
                strings = shared_strings(stream)
        except KeyError as exc:
            raise UnusualWorkbook from exc
    style_fonts, dates, durations = _styles(_tree(_read(archive, _STYLES)))
    return sheets, strings, style_fonts, dates, durations, epoch


def _content_types(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    root = _tree(_read(archive, "[Content_Types].xml"))
    overrides: list[dict[str, str]] = []
    for child in root.children:
        if child.name == f"{_CONTENT_TYPES} Override":
            overrides.append(_only(child.attributes, {"PartName", "ContentType"}))
        elif child.name == f"{_CONTENT_TYPES} Default":
            if set(_only(child.attributes, {"Extension", "ContentType"})) != {"Extension", "ContentType"}:
                raise UnusualWorkbook
        else:
            raise UnusualWorkbook
    if not overrides or any(set(override) != {"PartName", "ContentType"} for override in overrides):
        raise UnusualWorkbook  # no overrides: openpyxl would assume its own defaults
    workbook = next((override for kind in _WORKBOOK_TYPES for override in overrides
                     if override["ContentType"] == kind), None)
    if workbook is None:
        raise UnusualWorkbook
    strings = next((override for override in overrides if override["ContentType"] == _SHARED_STRINGS), None)
    return workbook["PartName"][1:], strings["PartName"][1:] if strings else None


def _workbook(archive: zipfile.ZipFile, member: str) -> tuple[list[tuple[str, str, str, bool]], datetime]:
    root = _tree(_read(archive, member))
    if root.name != f"{MAIN} workbook":
        raise UnusualWorkbook
    date1904 = False
    listed: list[_Element] = []
    for child in root.children:
        local = child.name.rpartition(" ")[2]
        if child.name.startswith(f"{MAIN} ") or local in ("workbookPr", "sheets", "externalReferences"):
            if child.name != f"{MAIN} {local}" or local == "externalReferences":
                raise UnusualWorkbook  # a linked workbook: openpyxl reads it too
            if local == "workbookPr":
                value = child.attributes.get("date1904")
                date1904 = value is not None and value not in ("false", "f", "0", "")
            elif local == "sheets":
                listed = child.children
    if any(sheet.name != f"{MAIN} sheet" for sheet in listed):
        raise UnusualWorkbook
    sheets = []
    relations = _relations(archive, member) if listed else {}
    for sheet in listed:
        attributes = _only(sheet.attributes, {"name", "sheetId", "state"})
        state = attributes.get("state", "visible")
        relation = relations.get(sheet.attributes.get(f"{_RELATIONSHIP} id") or "")
        if "name" not in attributes or state not in ("visible", "hidden", "veryHidden", "none") or relation is None:
            raise UnusualWorkbook
        try:
            int(attributes["sheetId"])
        except (KeyError, ValueError) as exc:
            raise UnusualWorkbook from exc
        kind, target = relation
        if target in archive.NameToInfo:
            sheets.append((attributes["name"], "visible" if state == "none" else state, target, "chartsheet" in kind))
    return sheets, MAC_EPOCH if date1904 else WINDOWS_EPOCH


def _relations(archive: zipfile.ZipFile, member: str) -> dict[str, tuple[str, str]]:
    """The workbook's relationships: id -> (type, member of the zip it points to)."""
    folder, name = posixpath.split(member)
    path = posixpath.join(folder, "_rels", f"{name}.rels")
    root = _tree(_read(archive, path))
    parent = posixpath.split(posixpath.dirname(path))[0]
    found = {}
    for child in root.children:
        if child.name != f"{_PACKAGE_RELATIONSHIPS} Relationship":
            raise UnusualWorkbook
        attributes = _only(child.attributes, {"Id", "Type", "Target", "TargetMode"})
        if "Type" not in attributes or "Target" not in attributes or not attributes.get("Id"):
            raise UnusualWorkbook
        target = attributes["Target"]
        if attributes.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
        found[attributes["Id"]] = (attributes["Type"], target)
    return found


def _number(text: str | None) -> int:
    """An id as openpyxl converts it (int() of the text), within its C int array; UnusualWorkbook otherwise."""
    try:
        number = int(text)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise UnusualWorkbook from exc
    if number not in _INT32:
        raise UnusualWorkbook
    return number


def _styles(root: _Element) -> tuple[list[str | None], frozenset[int], frozenset[int]]:
    """Each cell style's font name, and the styles showing dates and durations, from xl/styles.xml."""
    if any(not child.name.startswith(f"{MAIN} ") for child in root.children):
        raise UnusualWorkbook  # openpyxl reads a part by its local name, whatever its namespace

    def last(local: str, item: str | None = None) -> list[_Element]:
        found = root.named(local)
        children = found[-1].children if found else []
        if item and any(child.name != f"{MAIN} {item}" for child in children):
            raise UnusualWorkbook  # openpyxl skips what it does not know in a list: it would count otherwise
        return children

    custom = {}
    for number_format in last("numFmts", "numFmt"):
        attributes = number_format.attributes
        if number_format.name != f"{MAIN} numFmt" or "formatCode" not in attributes:
            raise UnusualWorkbook
        custom[_number(attributes.get("numFmtId"))] = attributes["formatCode"]
    fonts = []
    for font in last("fonts", "font"):
        if any(not child.name.startswith(f"{MAIN} ") for child in font.children):
            raise UnusualWorkbook
        names = font.named("name")
        fonts.append(names[-1].attributes.get("val") if names else None)
    cell_styles = [(_number(xf.attributes.get("numFmtId", "0")), _number(xf.attributes.get("fontId", "0")))
                   for xf in last("cellXfs", "xf")]
    if not cell_styles:
        raise UnusualWorkbook  # openpyxl would use its own default style
    named = last("cellStyles", "cellStyle")
    if not named and any(font_id >= len(fonts) for _, font_id in cell_styles):
        raise UnusualWorkbook  # openpyxl adds its default style's font at that index: a font name, not None
    _check_named_styles(named, last("cellStyleXfs", "xf"), len(fonts), len(last("fills")), len(last("borders")))
    style_fonts, dates, durations = [], set(), set()
    for index, (format_id, font_id) in enumerate(cell_styles):
        if font_id < -len(fonts):
            raise UnusualWorkbook  # openpyxl fails on it
        style_fonts.append(fonts[font_id] if font_id < len(fonts) else None)
        code = custom[format_id] if format_id in custom else BUILTIN_DATE_FORMATS.get(format_id)
        if is_date_format(code):
            dates.add(index)
        if is_duration_format(code):
            durations.add(index)
    return style_fonts, frozenset(dates), frozenset(durations)


def _check_named_styles(named: list[_Element], base_styles: list[_Element], fonts: int, fills: int,
                        borders: int) -> None:
    """openpyxl binds each named style to its font, fill and border, and fails when one is missing."""
    for style in named:
        xf_id = _number(style.attributes.get("xfId"))
        if not -len(base_styles) <= xf_id < len(base_styles):
            raise UnusualWorkbook
        attributes = base_styles[xf_id].attributes
        for key, count in (("fontId", fonts), ("fillId", fills), ("borderId", borders)):
            if not -count <= _number(attributes.get(key, "0")) < count:
                raise UnusualWorkbook


def shared_strings(stream) -> list[str]:  # noqa: ANN001, C901 - a binary stream; one parser's handlers
    """The shared strings: each <si>'s plain text then its rich text runs, phonetic runs left out, as openpyxl's
    reader gives them (a <t> written twice counts once, the last; "x005F_" removed)."""
    strings: list[str] = []
    item, run, text_tag, phonetic, phonetic_props, run_props = (
        f"{MAIN} {local}" for local in ("si", "r", "t", "rPh", "phoneticPr", "rPr"))
    depth = 0
    skipping = 0  # depth of an element whose content does not count (phonetic runs, run properties)
    plain: str | None = None
    runs: list[str | None] = []
    collecting: list[str] | None = None  # the pieces of the <t> being read
    in_run = False

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, skipping, plain, runs, collecting, in_run
        depth += 1
        if name == item and (depth != 2 or any(" " not in key for key in attributes)):
            raise UnusualWorkbook  # openpyxl takes an <si> wherever it is, and refuses attributes on it
        if skipping:
            return
        if collecting is not None:
            raise UnusualWorkbook  # an element inside a <t>
        if name == item:
            plain, runs = None, []
        elif depth == 1:
            if name != f"{MAIN} sst":
                raise UnusualWorkbook
        elif depth == 2:
            skipping = depth  # not a string (an extension list): nothing in it counts
        elif name == text_tag and (depth == 3 or (depth == 4 and in_run)):
            collecting = []
        elif depth == 3 and name == run and not any(" " not in key for key in attributes):
            in_run = True
            runs.append(None)
        elif (depth == 3 and name in (phonetic, phonetic_props)) or (depth == 4 and in_run and name == run_props):
            skipping = depth
        else:
            raise UnusualWorkbook

    def end(name: str) -> None:
        nonlocal depth, skipping, plain, collecting, in_run
        if skipping == depth:
            skipping = 0
        elif not skipping:
            if collecting is not None:
                text = "".join(collecting) if collecting else None
                if depth == 3:
                    plain = text
                else:
                    runs[-1] = text
                collecting = None
            elif name == run and depth == 3:
                in_run = False
            elif name == item and depth == 2:
                pieces = [plain] if plain is not None else []
                pieces.extend(piece for piece in runs if piece is not None)
                strings.append("".join(pieces).replace("x005F_", ""))
        depth -= 1

    def text(data: str) -> None:
        if collecting is not None and not skipping:
            collecting.append(data)

    parser = ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        while chunk := stream.read(1024 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except ExpatError as exc:
        raise UnusualWorkbook from exc
    return strings
