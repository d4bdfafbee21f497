"""Turn a worksheet's XML of the usual shapes into the rows sheet_xml.py's expat reader gives, several times faster.

A list of 50.000 rows is a million XML elements; expat calls Python three times for each. Every program writes the
rows of a sheet in a handful of shapes (``<row r="4"><c r="B4" s="1" t="s"><v>7</v></c>…</row>``, inline strings,
numbers, formulas with their cached value), so the <sheetData> part is cut into such tokens by one regular
expression, in C, and each distinct cell (its column, attributes and texts, the row number left aside) is turned
into a value once; a row of the most usual shape is read whole, without the tokens (sheet_rows.py), and gives what
they would. What comes before and after <sheetData> (namespaces, merged ranges) is still read by the expat parser
of sheet_xml.py, with the same handlers.

The scanner vouches only for what it understands: the tokens must cover the rows exactly, with nothing left over,
and the XML rules expat enforces (entities, characters, attributes, namespaces) are checked. Anything else —
comments, CDATA, rich text runs, a reference with "$", an undeclared prefix, an encoding other than UTF-8, a broken
file — raises ``Unusual``, and the caller reads the whole sheet again with expat, which gives the answer (rows or
the refusal) for it.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import threading

from .sheet_rows import _ATTRIBUTES, _CELL_CONTENT, _NAME, _SPACE, _UNCAPTURED, WholeRows
from .sheet_xml import (
    _CHUNK,
    _MAIN_NAMESPACE,
    DamagedSheet,
    SheetEntry,
    SheetRows,
    Workbook,
    _column,
    _Grid,
    _style_id,
    _vertical,
    cell_value,
    make_parser,
    read_rows,
)


class Unusual(Exception):
    """The sheet holds something the scanner does not vouch for: read it with expat instead."""


_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_TOKEN = re.compile(
    # A cell: its column letters (the row digits are the row's business), its other attributes and its content,
    # each looked at once per distinct spelling; a row's start (its number, the rest), a row's end, white space.
    f'<c r="([A-Z]{{1,3}})[0-9]+"({_ATTRIBUTES[1:-1]}{_SPACE}*)({_UNCAPTURED.sub("(?:", _CELL_CONTENT)})'
    f'|<row r="([0-9]+)"({_ATTRIBUTES[1:-1]}{_SPACE}*/?>)|(</row>)|{_SPACE}+'
    # Anything else: not vouched for.
    r"|([\s\S])"
)
_CELL_PARTS = re.compile(_CELL_CONTENT)
_ROW_REST = re.compile(f"{_ATTRIBUTES}{_SPACE}*(/?)>")
# Characters XML forbids even as text: C0 controls but tab and line breaks (deleted by bytes.translate, in C, to
# see whether any was there), and U+FFFE, U+FFFF.
_CONTROLS = bytes(code for code in range(32) if code not in (9, 10, 13))
_REFERENCE = "&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);"
_ENTITY = re.compile(_REFERENCE)
_BAD_AMPERSAND = re.compile(f"&(?!(?:{_REFERENCE[1:]}))")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ATTRIBUTE = re.compile(f'{_SPACE}+({_NAME})="([^"]*)"')
_DECLARATION = re.compile(rb"<\?xml[ \t\r\n][^>]*?\?>")
_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]*)["']""")
_START, _END = b"<sheetData>", b"</sheetData>"
_MAX_HEAD = 16 * 1024 * 1024  # columns and views before the rows: far less in any real sheet
_MAX_PENDING = 16 * 1024 * 1024  # a row longer than this is no list's row
_MAX_CACHED = 200_000  # distinct cells remembered: a few per column and a name per row in a real list
# Rows of this many bytes of XML (about 16.000 to 130.000 rows) are scanned in two halves by two processes: below,
# starting the second costs more than it saves; above, holding all the rows' XML at once costs too much memory.
_TWO_HALVES = (8 * 1024 * 1024, 64 * 1024 * 1024)


def _character(match: re.Match) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise Unusual  # a reference to a character XML forbids: expat refuses the file
    return chr(code)


def _text(raw: str) -> str:
    """Character data as expat delivers it: line breaks as written folded to \\n, then references replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    if _BAD_AMPERSAND.search(raw):  # the only place an "&" can be outside a reference: tokens allow none elsewhere
        raise Unusual
    return _ENTITY.sub(_character, raw)


class _Attributes:
    """The attributes after r= of a row or cell, checked once per distinct spelling as expat checks them."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes  # prefix -> namespace, as declared around <sheetData>
        self.known: dict[str, dict[str, str]] = {}

    def __call__(self, text: str) -> dict[str, str]:
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = self._read(text)
        return found

    def _read(self, text: str) -> dict[str, str]:
        values: dict[str, str] = {}
        seen = {(None, "r")}
        for name, value in _ATTRIBUTE.findall(text):
            prefix, _, local = name.rpartition(":")
            if name == "xmlns" or prefix == "xmlns":
                raise Unusual  # a namespace declared inside the rows
            namespace = (_XML_NAMESPACE if prefix == "xml" else self.prefixes.get(prefix)) if prefix else None
            if prefix and namespace is None:
                raise Unusual  # an undeclared prefix: expat refuses the file
            if (namespace, local) in seen:
                raise Unusual  # an attribute written twice: expat refuses the file
            seen.add((namespace, local))
            if not prefix:  # as expat normalises an attribute: line breaks folded, then each white space a space
                values[local] = value.replace("\r\n", "\n").translate(_BLANKS)
        return values


_BLANKS = str.maketrans("\t\n\r", "   ")


def _head(stream) -> tuple[bytes, bytes]:  # noqa: ANN001 - a binary stream
    """The bytes up to and including <sheetData>, and those read after it; Unusual when the start is not plain."""
    buffer = b""
    while (at := buffer.find(_START)) < 0:
        chunk = stream.read(_CHUNK)
        if not chunk or len(buffer) > _MAX_HEAD:
            raise Unusual  # no rows (<sheetData/>), or none where expected
        buffer += chunk
    head, rest = buffer[:at + len(_START)], buffer[at + len(_START):]
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    declaration = _DECLARATION.match(body)
    if declaration:
        encoding = _ENCODING.search(declaration.group(0))
        if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
            raise Unusual
        body = body[declaration.end():]
    # A comment, CDATA, a doctype or a processing instruction could hide a "<sheetData>" that is not the element.
    if b"<!" in body or b"<?" in body:
        raise Unusual
    return head, rest


def read_sheet_rows(workbook: Workbook, entry: SheetEntry, max_columns: int,
                    on_row_with_data) -> SheetRows:  # noqa: ANN001
    """The sheet's rows as sheet_xml.read_rows gives them: scanned when the sheet has the usual shapes, else (or
    when it is damaged) read by expat from the start."""
    try:
        return scan_rows(workbook, entry, max_columns, on_row_with_data)
    except Unusual:
        return read_rows(workbook, entry, max_columns, on_row_with_data)


def scan_rows(workbook: Workbook, entry: SheetEntry, max_columns: int, on_row_with_data) -> SheetRows:  # noqa: ANN001
    """The rows sheet_xml.read_rows gives, or Unusual (nothing is kept: the caller starts again with expat)."""
    from pyexpat import ExpatError

    out = _Grid(workbook.style_fonts, on_row_with_data)
    merges: list[str] = []
    letters_cache: dict[str, int] = {}
    parser = make_parser(workbook, out, max_columns, merges, letters_cache)
    declared: list[tuple[str | None, str]] = []
    in_rows = []

    def declare(prefix: str | None, uri: str) -> None:
        declared.append((prefix, uri))

    def undeclare(prefix: str | None) -> None:
        for index in range(len(declared) - 1, -1, -1):
            if declared[index][0] == prefix:
                del declared[index]
                break

    handle_start = parser.StartElementHandler

    def start(name: str, attributes: dict) -> None:
        if name == f"{_MAIN_NAMESPACE} sheetData":
            in_rows.append(name)
        handle_start(name, attributes)

    parser.StartNamespaceDeclHandler = declare
    parser.EndNamespaceDeclHandler = undeclare
    parser.StartElementHandler = start
    try:
        with workbook.open_member(entry.member) as stream:
            head, buffer = _head(stream)
            parser.Parse(head, False)
            if len(in_rows) != 1:  # the <sheetData> found is not the worksheet's (another namespace)
                raise Unusual
            scanner = _Scanner(workbook, out, max_columns, letters_cache,
                               {prefix: uri for prefix, uri in declared if prefix})
            if _two_cores_pay(workbook.archive.getinfo(entry.member).file_size):
                whole = bytearray(buffer)  # the whole of the rows, bounded by the member's size; grown in place
                searched = 0  # where </sheetData> may start that was not looked at yet
                while (end := whole.find(_END, searched)) < 0:
                    searched = max(0, len(whole) - len(_END) + 1)
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        raise Unusual
                    whole += chunk
                buffer = bytes(whole[end:])
                del whole[end:]
                _scan_in_two(scanner, whole)
                del whole
            while (end := buffer.find(_END)) < 0:
                cut = buffer.rfind(b"</row>")
                if cut >= 0:
                    scanner.feed(buffer[:cut + 6])
                    buffer = buffer[cut + 6:]
                chunk = stream.read(_CHUNK)
                if not chunk or len(buffer) > _MAX_PENDING:
                    raise Unusual
                buffer += chunk
            scanner.feed(buffer[:end])
            scanner.finish()
            parser.StartElementHandler = handle_start
            parser.Parse(buffer[end:], False)
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (ExpatError, DamagedSheet) as exc:
        raise Unusual from exc  # expat reads the file again and says what is wrong, where
    return SheetRows(out.grid, out.fonts, _vertical(merges, letters_cache, max_columns))


class _Scanner(WholeRows):
    """The rows of <sheetData>, a piece ending at a row's end at a time, into the grid: each row of the usual
    shape as a whole (sheet_rows.py), any other text token by token."""

    def __init__(self, workbook: Workbook, out: _Grid, max_columns: int, letters_cache: dict[str, int],
                 prefixes: dict[str, str]) -> None:
        super().__init__()
        self.workbook, self.out, self.max_columns, self.letters_cache = workbook, out, max_columns, letters_cache
        self.attributes = _Attributes(prefixes)
        self.cells: dict[tuple, tuple] = {}  # a cell's token -> _cell's answer
        self.row_starts: dict[str, bool] = {}
        self.shapes: dict[tuple[str, str], tuple[int, int, str]] = {}  # (letters, attributes) -> _shape's answer
        self.style_ids: dict[str, int] = {}
        self.row: tuple | None = None  # the open row: number, values, fonts, [holds data, widest]

    def feed(self, data: bytes | bytearray) -> None:
        if len(data.translate(None, _CONTROLS)) != len(data):
            raise Unusual
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Unusual from exc
        if "]]>" in text or "\ufffe" in text or "\uffff" in text:
            raise Unusual
        for cache in (self.cells, self.pieces, self.plain_starts, self.number_shapes, self.row_starts, self.shapes,
                      self.attributes.known):
            if len(cache) > _MAX_CACHED:  # rows of ever new heights, cells of ever new values: memory stays bounded
                cache.clear()
        # "</row>" never occurs inside a token: cut there, each row is tokenized as the whole text would be.
        segments = text.split("</row>")
        tail = segments.pop()
        whole_row = self._whole_row
        for segment in segments:
            if self.row is not None or not whole_row(segment):
                self._tokens(segment + "</row>")
        if tail:
            self._tokens(tail)

    def _tokens(self, text: str) -> None:  # noqa: C901 - one loop, kept whole for speed
        """Rows' text token by token; a row left open at its end goes on in the next piece."""
        cells, cell, out = self.cells, self._cell, self.out
        row = self.row
        values: list = row[1] if row else []
        fonts: list = row[2] if row else []
        state: list = row[3] if row else [False, 0]
        for token in _TOKEN.findall(text):
            if token[0]:  # a cell
                if row is None:
                    raise Unusual
                found = cells.get(token)
                if found is None:
                    found = cells[token] = cell(token[0], token[1], token[2])
                column, font, value, holds_data, beyond = found
                if column > state[1]:
                    state[1] = column
                if beyond:
                    continue
                known = len(values)
                if column == known + 1:
                    values.append(value)
                    fonts.append(font)
                elif column > known:
                    values.extend([None] * (column - 1 - known))
                    fonts.extend([None] * (column - 1 - known))
                    values.append(value)
                    fonts.append(font)
                else:
                    values[column - 1] = value
                    fonts[column - 1] = font
                if holds_data:
                    state[0] = True
            elif token[3]:  # a row starts
                if row is not None:
                    raise Unusual
                closed = self.row_ends(token[4])
                values, fonts, state = [], [], [False, 0]
                if closed:
                    out.add_row(token[3], values, fonts, False, 0)
                else:
                    row = (token[3], values, fonts, state)
            elif token[5]:  # a row ends
                if row is None:
                    raise Unusual
                out.add_row(row[0], values, fonts, state[0], min(state[1], self.max_columns))
                row = None
            elif token[6]:
                raise Unusual
        self.row = row

    def row_ends(self, rest: str) -> bool:
        """Whether a row's start closes it (<row r="2"/>), its attributes checked once per spelling."""
        closed = self.row_starts.get(rest)
        if closed is None:
            attribute_text, slash = _ROW_REST.fullmatch(rest).groups()
            self.attributes(attribute_text)
            closed = self.row_starts[rest] = bool(slash)
        return closed

    def finish(self) -> None:
        if self.row is not None:
            raise Unusual

    def _cell(self, letters: str, start: str, content: str) -> tuple:
        """(column, font, value, whether it holds data, whether it lies beyond the columns read) of a cell."""
        formula_attributes, value_raw, inline_mark, inline_raw = _CELL_PARTS.fullmatch(content).groups()
        if formula_attributes:
            self.attributes(formula_attributes)
        return self._answer(letters, start, value_raw, bool(inline_mark), inline_raw)

    def _answer(self, letters: str, start: str, value_raw: str | None, inline_seen: bool,
                inline_raw: str | None) -> tuple:
        """_cell's answer from the texts of its <v> and its <is><t> as written, and whether it holds an <is>."""
        shape = self.shapes.get((letters, start))
        if shape is None:
            shape = self.shapes[(letters, start)] = self._shape(letters, start)
        column, style, data_type = shape
        if column > self.max_columns:
            return column, None, None, False, True
        value = cell_value(self.workbook, data_type, _text(value_raw) if value_raw else None,
                           inline_seen, _text(inline_raw) if inline_raw else None, style, letters)
        holds_data = value is not None and not (isinstance(value, str) and not value.strip())
        style_fonts = self.workbook.style_fonts
        font = None if value is None or style >= len(style_fonts) else style_fonts[style]
        return column, font, value, holds_data, False

    def _number_shape(self, letters: str, start: str) -> tuple[int, str | None] | None:
        """(column, font) of a cell with these letters and attributes whose <v> holds digits only, when _answer would
        give its number as int(digits) (a number, not a date by its style, within the columns read); else None."""
        shape = self.shapes.get((letters, start))
        if shape is None:
            shape = self.shapes[(letters, start)] = self._shape(letters, start)
        column, style, data_type = shape
        if data_type != "n" or style in self.workbook.date_styles or column > self.max_columns:
            return None
        style_fonts = self.workbook.style_fonts
        return column, None if style >= len(style_fonts) else style_fonts[style]

    def _shape(self, letters: str, start: str) -> tuple[int, int, str]:
        """A cell's column, style id and type, from its letters and attributes (checked as expat checks them)."""
        attributes = self.attributes(start)
        column = _column(letters, self.letters_cache)
        if column > self.max_columns:
            return column, 0, "n"
        style_text = attributes.get("s")
        style = 0
        if style_text:
            style = self.style_ids.get(style_text)
            if style is None:
                style = self.style_ids[style_text] = _style_id(style_text, letters)
        return column, style, attributes.get("t", "n")


def _two_cores_pay(size: int) -> bool:
    """Whether to scan in two processes: a sheet this size, no thread but this one (a process forked from one with
    other threads may inherit a lock held forever), and a second core this process may use that is about idle —
    on a busy machine the second process only competes with the first (measured: 25 % slower)."""
    if not hasattr(os, "fork") or not _TWO_HALVES[0] <= size <= _TWO_HALVES[1] or threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores >= 2 and os.getloadavg()[0] <= cores - 1


class _Recorder:
    """Stands for the grid in the second process: the rows are kept as they come, to be added by the first."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add_row(self, *row: object) -> None:
        self.rows.append(row)


def _scan_in_two(scanner: _Scanner, body: bytes | bytearray) -> None:
    """Scan the first half of the rows here while a forked process scans the second, then add its rows after.

    The halves meet at a row's end. Whatever goes wrong in the second process (something unusual, a damaged
    cell, the process killed) ends in Unusual, and expat reads the sheet from the start.
    """
    middle = body.find(b"</row>", len(body) // 2)
    if middle < 0:
        _feed_in_pieces(scanner, body, 0, len(body))
        return
    middle += len(b"</row>")
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the second process: never returns, never runs the first one's exit handlers
        status = 1
        try:
            os.close(reading)
            recorder = _Recorder()
            scanner.out = recorder
            try:
                _feed_in_pieces(scanner, body, middle, len(body))
                scanner.finish()
                answer = pickle.dumps(recorder.rows, protocol=pickle.HIGHEST_PROTOCOL)
            except (Unusual, DamagedSheet):
                answer = b""
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(answer)
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    try:
        with os.fdopen(reading, "rb") as pipe:
            _feed_in_pieces(scanner, body, 0, middle)
            scanner.finish()
            answer = pipe.read()
    except BaseException:
        os.kill(child, signal.SIGKILL)  # it may be waiting to write what nobody will read
        raise
    finally:
        os.waitpid(child, 0)
    if not answer:
        raise Unusual
    add_row = scanner.out.add_row
    for row in pickle.loads(answer):
        add_row(*row)


def _feed_in_pieces(scanner: _Scanner, body: bytes | bytearray, start: int, stop: int) -> None:
    """body[start:stop] to the scanner a megabyte or so at a time, cut at rows' ends: the tokens of a piece are
    held at once, those of 30 MB of rows would take as much again."""
    while start < stop:
        cut = body.find(b"</row>", start + _CHUNK, stop)
        end = stop if cut < 0 else cut + len(b"</row>")
        scanner.feed(body[start:end])
        start = end
