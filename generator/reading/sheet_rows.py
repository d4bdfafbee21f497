"""Turn the text of a worksheet row of the usual shape into its values and fonts, without a regular expression per cell.

sheet_scan.py tokenizes <sheetData> with one regular expression: for a list of 50.000 rows that is 450.000 matches,
each a tuple of eight strings, and a Python step per token. Here a row, from its start to its "</row>", is cut at
each '<c r="' (the text only a cell's start can hold: "<" is escaped in any text or value), and each cell is
looked up as its column letters and what follows its reference, the row's digits left aside: a regular expression
runs once per distinct cell, to check it is what a cell token of sheet_scan would match there. A row holding
anything else (a cell whose digits are not the row's, a self-closing row before it, text between cells) is left to
the tokens, which then give their answer: the same rows either way.

The grammar below is sheet_scan's, shared so that the two readings cannot drift apart.
"""

from __future__ import annotations

import re

_SPACE = "[ \t\r\n]"  # XML's white space; the regex \s would also take U+00A0 and friends, which XML does not
_NAME = "[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?"
_ATTRIBUTES = f'((?:{_SPACE}+{_NAME}="[^"<&]*")*)'  # single quotes, '&' or '<' in a value: not the usual shape
_TEXT_START = f'<t(?:{_SPACE}+xml:space="[a-z]*")?'
_CELL_CONTENT = (  # after a cell's attributes: a formula (skipped, as expat's reader skips it; its attributes are
    # checked), the text of its <v>, and an <is> holding a single <t> (rich text runs are not the usual shape)
    f'(?:/>|>(?:<f{_ATTRIBUTES}{_SPACE}*(?:/>|>(?:[^<&]|&(?:amp|lt|gt|quot|apos);)*</f>))?'
    f"(?:<v>([^<]*)</v>|<v/>)?(?:(<is>)(?:{_TEXT_START}>([^<]*)</t>|{_TEXT_START}/>)?</is>)?</c>)")
_UNCAPTURED = re.compile(r"\((?!\?)")

# A row's start as the row-start and white-space tokens match it (a self-closing row is left to the tokens); what
# follows a cell's r="…" as the cell token's attributes and content match it, then white space up to the next cell.
_ROW_HEAD = re.compile(f'{_SPACE}*<row r="([0-9]+)"({_ATTRIBUTES[1:-1]}{_SPACE}*>){_SPACE}*')
_CELL_REST = re.compile(f'({_ATTRIBUTES[1:-1]}{_SPACE}*)({_UNCAPTURED.sub("(?:", _CELL_CONTENT)}){_SPACE}*')
_PLAIN_START = re.compile(f"{_ATTRIBUTES[1:-1]}{_SPACE}*")  # a cell's attributes, "/" and ">" excluded
_LETTERS = re.compile("[A-Z]{1,3}")


class WholeRows:
    """The whole-row reading of sheet_scan's scanner, which provides ``out``, ``max_columns``, ``row_ends`` (a row
    start's attributes checked), ``_cell`` (a cell from its letters, attributes and content), ``_answer`` (a cell
    from its letters, attributes and texts) and ``_number_shape`` (the column and font of a plain number cell)."""

    def __init__(self) -> None:
        self.pieces: dict[tuple[str, str], tuple] = {}  # (letters, what follows r="…") -> the cell's answer
        self.plain_starts: dict[str, bool] = {}  # a cell's attributes -> whether _PLAIN_START matches them
        self.column_letters: dict[str, bool] = {}  # a cell's letters -> whether _LETTERS matches them
        self.number_shapes: dict[tuple[str, str], tuple] = {}  # (letters, attributes) -> _number_shape(), or ()

    def _whole_row(self, segment: str) -> bool:
        """A row from its start to its end (cut off) into the grid, as its tokens give it; False, with nothing
        added, when anything in it is not the usual shape."""
        head, *pieces = segment.split('<c r="')
        number = head[8:-2]
        if not (head[:8] == '<row r="' and head[-2:] == '">' and number.isdigit() and number.isascii()):
            start = _ROW_HEAD.fullmatch(head)  # white space around it, attributes: matched, and checked
            if start is None:
                return False
            number, rest = start.groups()
            if self.row_ends(rest):  # never closed: the pattern ends with ">"
                return False
        known_pieces, cut = self.pieces, -len(number)
        values: list = []
        fonts: list = []
        holds, widest = False, 0
        for piece in pieces:
            reference, _, after = piece.partition('"')
            if not reference.endswith(number):
                return False
            found = known_pieces.get((reference[:cut], after))
            if found is None:
                found = self._piece(reference[:cut], after)
                if found is None:
                    return False
            column, font, value, holds_data, beyond = found
            if column > widest:
                widest = column
            if beyond:
                continue
            # Placed as sheet_scan.py's token loop places a cell, written out in both: a call per cell costs more.
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
                holds = True
        self.out.add_row(number, values, fonts, holds, min(widest, self.max_columns))
        return True

    def _piece(self, letters: str, after: str) -> tuple | None:
        """A cell's answer from its letters and what follows its r="…", remembered; None when it is not what a cell
        token would match, followed by white space only.

        A number in <v> or a text in <is><t>, after plain attributes, is cut out by hand (each row's STT is a new
        value: one regular expression per row saved); anything else is matched by _CELL_REST.
        """
        valid = self.column_letters.get(letters)
        if valid is None:
            valid = self.column_letters[letters] = _LETTERS.fullmatch(letters) is not None
        if not valid:
            return None
        start, _, content = after.partition(">")
        plain = self.plain_starts.get(start)
        if plain is None:
            plain = self.plain_starts[start] = _PLAIN_START.fullmatch(start) is not None
        found = None
        if plain:  # the whole start tag, then ">": what follows is the content, up to "</c>" and nothing after
            if content[:3] == "<v>" and content[-8:] == "</v></c>" and "<" not in content[3:-8]:
                text = content[3:-8]
                if text.isdigit() and text.isascii():  # a whole number: its digits are its value's text
                    shape = self.number_shapes.get((letters, start))
                    if shape is None:
                        shape = self.number_shapes[(letters, start)] = self._number_shape(letters, start) or ()
                    if shape:  # not remembered: read again as fast as looked up, and each row's STT is new
                        return shape[0], shape[1], int(text), True, False
                found = self._answer(letters, start, text, False, None)
            elif content[:7] == "<is><t>" and content[-13:] == "</t></is></c>" and "<" not in content[7:-13]:
                found = self._answer(letters, start, None, True, content[7:-13])
        if found is None:
            parts = _CELL_REST.fullmatch(after)
            if parts is None:
                return None
            found = self._cell(letters, parts.group(1), parts.group(2))
        self.pieces[(letters, after)] = found
        return found
