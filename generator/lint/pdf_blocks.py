"""Turn a PDF's pages, read into lines (pdf_reader), into the blocks, rules and pages of one layout.

Printed lines are joined back into paragraphs, page after page; a long PDF's pages can be turned into blocks in
two parts at once (lint.background reads the first half in a second process): ``PageBlocks`` builds the blocks of
consecutive pages, and ``joined`` sets the parts end to end. Where the first line of a part continues the last
paragraph of the part before it, that part's pages are built again after the earlier ones, so that the result is
always the very layout read in one go.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .model import Block, HRule, Page
from .pdf_layout import MM, Line, PageFacts

_MARKER = re.compile(r"^(- |– |— |\+ |• |Điều \d|Căn cứ|Theo đề nghị|Xét đề nghị|Nơi nhận|Kính gửi|Số:|V/v|\d+\. |"
                     r"[a-zđ]\) |[IVXLC]+\. |\(Kèm theo|\(Ban hành kèm theo|Phụ lục)")


@dataclass
class PageBlocks:
    """The blocks, rules and pages of consecutive pages of a PDF, built in page order."""

    blocks: list[Block] = field(default_factory=list)
    rules: list[HRule] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    not_nfc: list[str] = field(default_factory=list)
    number_centres: dict[int, float] = field(default_factory=dict)  # page number -> centre of its printed number
    has_text: bool = False
    previous: Line | None = None  # the last line read
    previous_facts: PageFacts | None = None  # the page it is on
    first: tuple[Line, dict[str, float]] | None = None  # the first line read, with the edges of its page
    finished: int = 0  # blocks before this index are final (no later line can join them)

    def add(self, number: int, facts: PageFacts) -> None:
        """Page ``number`` (1-based), its lines already in reading order (pdf_reader.prepare_page)."""
        if facts.number_centre is not None:
            self.number_centres[number] = facts.number_centre
        self.has_text = self.has_text or bool(facts.lines)
        blocks = self.blocks
        ordered = facts.ordered
        body = [line for line in ordered if line.column == "body" and not line.grid]
        right_edge = {"body": max((line.x1 for line in body), default=facts.width - 15),
                      "body-left": min((line.x0 for line in body), default=30.0)}
        for side in ("left", "right"):
            members = [line for line in ordered if line.column == side]
            if members:
                right_edge[side] = max(line.x1 for line in members)
                right_edge[side + "-left"] = min(line.x0 for line in members)
        text_lines = facts.lines
        box = None
        if text_lines:
            box = (min(line.x0 for line in text_lines), min(line.top for line in text_lines),
                   max(line.x1 for line in text_lines), max(line.bottom for line in text_lines))
        first_block = -1
        first_line = True
        where = f"trang {number}"
        previous = self.previous
        for line in ordered:
            if self.first is None:
                self.first = (line, right_edge)
            raw = line.text
            text = unicodedata.normalize("NFC", raw)
            if text != raw and where not in self.not_nfc:
                self.not_nfc.append(where)
            if previous is not None and blocks and _joins(previous, line, right_edge) and \
                    (previous.page == line.page or self._is_last_body_line(previous)):
                block = blocks[-1]
                block.text = _join_text(block.text, text.replace("\u00a0", " "))
                block.spans.extend(line.spans())
                block.x0 = min(block.x0 or line.x0, line.x0)
                block.x1 = max(block.x1 or line.x1, line.x1)
                block.last_page = number
                block.lines.append((line.x0, line.top, line.x1, line.bottom, number))
                if first_line:
                    first_block = len(blocks) - 1
            else:
                if first_line:
                    first_block = len(blocks)
                align = _alignment(line, right_edge)
                blocks.append(Block(text=text.replace("\u00a0", " "), spans=line.spans(), where=where,
                                    column=line.column, align=align, new_page=first_line,
                                    page=number, last_page=number, x0=line.x0, x1=line.x1,
                                    lines=[(line.x0, line.top, line.x1, line.bottom, number)]))
            previous = self.previous = line
            self.previous_facts = facts
            first_line = False
        for x0, x1, y in facts.rules:
            if any(top - 0.6 <= y <= bottom + 0.6 for top, bottom in facts.grid_bands):
                continue  # a border of a drawn table, not a rule under some text
            above = _block_above(blocks, number, x0, x1, y)
            rules_column = blocks[above].column if above >= 0 else "body"
            self.rules.append(HRule(above, x1 - x0, where, rules_column, "path", y))
        self.pages.append(Page(where=where, width_mm=facts.width, height_mm=facts.height,
                               first_block=first_block, text_box_mm=box,
                               has_wide_table=bool(facts.grid_bands) and box is not None and box[2] - box[0] > 170,
                               number=facts.number))

    def _is_last_body_line(self, line: Line) -> bool:
        facts = self.previous_facts
        return line.bottom >= max(item.bottom for item in facts.lines) - 0.5

    def finish(self, keep_last: bool = False) -> None:
        """Set the blocks' final text and alignment; ``keep_last``: not the last one, which a later part's first
        line may still continue."""
        end = len(self.blocks) - 1 if keep_last else len(self.blocks)
        for block in self.blocks[self.finished:end]:
            block.text = " ".join(block.text.replace("\x02", "-").split())
            if len(block.lines) > 1 and block.column == "body":
                right = max(line[2] for line in block.lines)
                if all(abs(line[2] - right) < 2 for line in block.lines[:-1]):
                    block.align = "both"
        self.finished = max(self.finished, end)

    def continues(self, later: PageBlocks) -> bool:
        """Whether the first line of ``later`` (the next pages, built on their own) joins this part's last block."""
        if later.first is None or self.previous is None or not self.blocks:
            return False
        line, right_edge = later.first
        previous = self.previous
        return _joins(previous, line, right_edge) and (previous.page == line.page
                                                       or self._is_last_body_line(previous))

    def extend(self, later: PageBlocks) -> None:
        """Append ``later``, built on its own from the next pages, whose first line does not continue this part."""
        offset = len(self.blocks)
        self.blocks.extend(later.blocks)
        for rule in later.rules:
            if rule.after >= 0:
                rule.after += offset
        self.rules.extend(later.rules)
        for page in later.pages:
            if page.first_block >= 0:
                page.first_block += offset
        self.pages.extend(later.pages)
        self.not_nfc.extend(later.not_nfc)  # other pages: never the same place twice
        self.number_centres.update(later.number_centres)
        self.has_text = self.has_text or later.has_text
        if later.previous is not None:
            self.previous, self.previous_facts = later.previous, later.previous_facts
        self.finished = offset + later.finished

    def centre_numbers(self) -> None:
        """A page number is centred between the margins of the document's text (or on the page)."""
        boxes = [page.text_box_mm for page in self.pages if page.text_box_mm]
        if boxes:
            middle = (min(box[0] for box in boxes) + max(box[2] for box in boxes)) / 2
            for number, centre in self.number_centres.items():
                page = self.pages[number - 1]
                if page.number is not None:
                    page.number.centred = abs(centre - middle) < 5 or abs(centre - page.width_mm / 2) < 3


def built(pages: list[PageFacts], first_number: int = 1, before: PageBlocks | None = None) -> PageBlocks:
    """The blocks of ``pages`` (page ``first_number`` onwards), after those of ``before`` when given."""
    part = before if before is not None else PageBlocks()
    for number, facts in enumerate(pages, start=first_number):
        part.add(number, facts)
    return part


def joined(first: PageBlocks, later: PageBlocks, later_pages: list[PageFacts] | None) -> PageBlocks:
    """``first`` followed by ``later`` (its pages built on their own): appended when no paragraph runs across the
    cut, else ``later_pages`` are built again after ``first``. ``first`` becomes the whole."""
    if first.continues(later):
        if later_pages is None:
            raise ValueError("the pages of a part that continues a paragraph are needed to build it again")
        return built(later_pages, len(first.pages) + 1, first)
    first.finish()
    first.extend(later)
    return first


def _joins(previous: Line, line: Line, right_edge: dict[str, float]) -> bool:
    """Whether ``line`` continues the paragraph whose last line is ``previous``."""
    if previous.column != line.column or previous.grid or line.grid:
        return False
    if previous.page != line.page and previous.column != "body":
        return False
    if _MARKER.match(line.text.lstrip()):
        return False
    if abs(previous.size - line.size) > 0.6:
        return False
    if previous.page == line.page and line.baseline - previous.baseline > 1.9 * line.size / MM:
        return False
    italic_before = sum(len(p.text) for p in previous.pieces if p.italic) * 2 > len(previous.text)
    italic_now = sum(len(p.text) for p in line.pieces if p.italic) * 2 > len(line.text)
    if italic_before != italic_now:
        return False
    if previous.text.upper() == previous.text and any(ch.isalpha() for ch in previous.text):
        return False  # upper-case lines (issuer, titles) are one element per line
    edge = right_edge.get(line.column, right_edge["body"])
    left = right_edge.get(line.column + "-left", right_edge["body-left"])
    # The line above was full when the first word of this line would not have fitted at its end.
    words = line.text.split()
    per_char = (line.x1 - line.x0) / max(1, len(line.text))
    full = previous.x1 + per_char * (len(words[0]) + 1 if words else 0) >= edge - 1.0
    hanging = -2.0 < line.x0 - previous.x0 < 3.5
    if line.column != "body":
        # In a column: a centred line that wraps (the V/v line), or an item that wraps under itself.
        centred_wrap = abs(previous.centre - line.centre) < 2.0 and previous.x1 - previous.x0 >= 0.85 * (edge - left)
        return centred_wrap or (full and hanging)
    middle = (left + edge) / 2
    centred_end = abs(line.centre - middle) < 2.0 and line.x0 > left + 2 and \
        (abs(previous.centre - middle) < 2.0 or previous.x0 < left + 2)
    return full and (abs(line.x0 - left) < 2.0 or hanging or centred_end)


def _join_text(before: str, after: str) -> str:
    if before.endswith("\x02"):
        before = before[:-1] + "-"
        # A hyphen between two words ("Văn hóa - Xã hội") keeps its spaces; one inside a word does not.
        return before + (" " if before[:-1].endswith(" ") else "") + after.lstrip()
    if before.endswith("-") and len(before) > 1 and not before[-2].isspace():
        return before + after.lstrip()
    return before.rstrip() + " " + after.lstrip()


def _alignment(line: Line, right_edge: dict[str, float]) -> str:
    left = right_edge.get("body-left", line.x0)
    right = right_edge["body"]
    if line.column != "body":
        return "center"
    if abs(line.x0 - left) < 2 and abs(line.x1 - right) < 2:
        return "both"
    if abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 2 and line.x0 > left + 2:
        return "center"
    if line.x0 > left + 2 and abs(line.x1 - right) < 2:
        return "right"
    return "left"


def _block_above(blocks: list[Block], page: int, x0: float, x1: float, y: float) -> int:
    """Index of the block whose line sits right above the rule and overlaps it horizontally (-1 if none)."""
    best, best_bottom = -1, -1.0
    for index, block in enumerate(blocks):
        for line_x0, _top, line_x1, bottom, line_page in block.lines:
            if line_page != page or bottom > y + 0.8 or y - bottom > 10:
                continue
            if min(x1, line_x1) - max(x0, line_x0) <= 0:
                continue
            if bottom > best_bottom:
                best, best_bottom = index, bottom
    return best
