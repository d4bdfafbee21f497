"""Turn a DOCX's main part into its body, piece by piece: section settings first, then each top-level paragraph or
table row as it is parsed, freed once read — so that checking a decision with a 50.000-row annex holds one row of
XML at a time instead of a tree of gigabytes.

Two passes over the zipped part (the reader needs every section's page settings before the first paragraph, and
Word stores them at the end of each section): ``body_outline`` keeps only the sections' w:sectPr and counts the
paragraphs; ``body_pieces`` hands out the body's children, and the rows of its tables one at a time.
"""

from __future__ import annotations

import copy
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from generator.core.errors import InputError
from generator.lint.limits import part_limit, too_big_part

from .docx_package import Package, w

_BODY, _P, _PPR, _SECT, _SDT, _TBL, _TR = (w("body"), w("p"), w("pPr"), w("sectPr"), w("sdt"), w("tbl"),
                                          w("tr"))


class _Capped:
    """A zip member read through a byte budget: the declared size may lie, so the real count is what stops it."""

    def __init__(self, package: Package, part: str) -> None:
        self.package, self.part, self.count = package, part, 0
        info = package.zip.getinfo(part)
        if info.file_size > part_limit():
            raise too_big_part(package.name, part, info.file_size)
        self.member = package.zip.open(info)

    def read(self, size: int = -1) -> bytes:
        data = self.member.read(size if size >= 0 else part_limit() + 1)
        self.count += len(data)
        if self.count > part_limit():
            raise too_big_part(self.package.name, self.part, self.count)
        return data


def _events(package: Package, part: str, events: tuple[str, ...], tags: tuple[str, ...] | None = None,
            ) -> Iterator[tuple[str, etree._Element]]:
    """iterparse over a part, with the package's messages for a missing, broken or oversized part; ``tags``: only
    the events of elements with these tags reach Python (lxml filters the others out, and a long annex has
    hundreds of thousands of elements the readers never look at one by one)."""
    try:
        source = _Capped(package, part)
    except KeyError as exc:
        raise InputError(f"{package.name}: tệp DOCX thiếu phần {part} (tệp hỏng hoặc không phải văn bản "
                         "Word).") from exc
    try:
        yield from etree.iterparse(source, events=events, tag=tags, resolve_entities=False, huge_tree=True)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{package.name}: phần {part} của tệp DOCX bị hỏng ({exc}).") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise InputError(f"{package.name}: tệp DOCX bị hỏng, không đọc được phần {part} ({exc}).") from exc


def _parent_tag(element: etree._Element) -> str | None:
    parent = element.getparent()
    return None if parent is None else parent.tag


def body_outline(package: Package, part: str) -> tuple[list[etree._Element], int]:
    """The sections' w:sectPr in order (the body's own last, or an empty one) and the number of paragraphs."""
    breaks: list[etree._Element] = []
    final = None
    paragraphs = 0
    found_body = False
    for _event, element in _events(package, part, ("end",), (_BODY, _SECT, _P, _TR)):
        tag = element.tag
        if tag == _SECT:
            parent = element.getparent()
            if parent is not None and parent.tag == _PPR and _parent_tag(parent) == _P:
                breaks.append(copy.deepcopy(element))
            elif parent is not None and parent.tag == _BODY and final is None:
                final = copy.deepcopy(element)
        elif tag == _P:
            paragraphs += 1
            if _parent_tag(element) == _BODY:
                _free(element)
        elif tag == _TR:
            _free(element)
        else:
            found_body = True
    if not found_body:
        raise InputError(f"{package.name}: tệp DOCX không có phần thân văn bản (w:body).")
    breaks.append(final if final is not None else etree.Element(_SECT))
    return breaks, paragraphs


def _free(element: etree._Element) -> None:
    """Drop an element's content and the siblings read before it: what has been read is not kept."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def body_pieces(package: Package, part: str) -> Iterator[tuple[etree._Element, Iterator | None]]:
    """Each child of the body in order, as (element, None) once it is whole; but a table as (w:tbl, rows) as soon
    as its first row is parsed: its w:tblPr and w:tblGrid are there, and ``rows`` hands out its rows (w:tr) one at
    a time as the parser reaches them. Read ``rows`` to the end before asking for the next piece. What has been
    handed out is freed when the next piece or row is asked for."""
    # Only the ends of these elements reach Python. A body child of another kind (w:bookmarkStart…) is handed out
    # when the next of these ends after it, or the body does: it is whole by then, and the order is kept.
    events = _events(package, part, ("end",), (_BODY, _P, _TBL, _TR, _SDT, _SECT))
    handed: etree._Element | None = None  # the last body child handed out (emptied, kept as the first child)

    def earlier(body: etree._Element, element: etree._Element | None) -> list[etree._Element]:
        """The body children before ``element`` (all of them for None) not handed out yet."""
        found = []
        for child in body:
            if child is element:
                break
            if child is not handed:
                found.append(child)
        return found

    def rows(table: etree._Element, first: etree._Element) -> Iterator[etree._Element]:
        row: etree._Element | None = first
        while row is not None:
            yield row
            row.clear(keep_tail=True)
            previous = row.getprevious()
            if previous is not None and previous.tag == _TR:
                table.remove(previous)
            row = None
            for _event, element in events:
                if element is table:  # the table itself ended: its whole is handed back by the caller's loop
                    _free(element)
                    return
                if element.tag == _TR and element.getparent() is table:
                    row = element
                    break

    for _event, element in events:
        parent = element.getparent()
        if parent is None:
            continue
        tag = element.tag
        if tag == _BODY:
            for child in earlier(element, None):
                yield child, None
                handed = child
                _free(child)
            continue
        if tag == _TR:
            table = parent
            if table.tag != _TBL or _parent_tag(table) != _BODY:
                continue  # a row of a nested table: read with its cell
            for child in earlier(table.getparent(), table):
                yield child, None
                handed = child
                _free(child)
            handed = table
            table_rows = rows(table, element)
            yield table, table_rows
            for _row in table_rows:  # the caller stopped reading rows: skip the rest of the table
                pass
            _free(table)
            continue
        if parent.tag != _BODY or element is handed:
            continue
        for child in [*earlier(parent, element), element]:
            yield child, None
            handed = child
            _free(child)
