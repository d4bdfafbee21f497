"""Turn the bytes of a DOCX's main part into its outline — the sections' w:sectPr in order and the number of
paragraphs — by scanning the markup instead of parsing it, so that the body is parsed once (docx_body.body_pieces)
rather than twice.

The scan gives what docx_body.body_outline gives, and is used only where it provably can: a UTF-8 part of at most
QUICK_OUTLINE_MAX_BYTES, the main namespace bound once to the prefix "w", and no comment, CDATA section, DOCTYPE
or processing instruction (where "<w:p>" could be something other than a paragraph). Every "<" then starts a tag,
so the tags can be counted and a w:sectPr's parent found by walking the tags after it. Anything else (and any
doubt on the way) gives None, and the caller parses the outline as before.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from lxml import etree

from .docx_package import Package, W, w
from .limits import MAX_PARAGRAPHS

QUICK_OUTLINE_MAX_BYTES = 32 << 20  # larger parts are not held whole in memory: parsed as before, in pieces
_WALK_BUDGET = 20_000  # tags walked after a w:sectPr to find its parent and grandparent
_SECT = w("sectPr")

# A start, end or empty tag; attribute values may hold ">" (legal XML), so they are matched whole.
_TAG = re.compile(rb"<(/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_PARAGRAPH = re.compile(rb"<w:p[\s/>]")
_SECTION = re.compile(rb"<w:sectPr[\s/>]")
_BODY = re.compile(rb"<w:body[\s/>]")
_DECLARATION = re.compile(rb"<\?xml[^>]*?\?>")
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']+)[\"']")
_NAMESPACES = re.compile(rb"\sxmlns(?::[^\s=]+)?\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_PREFIXES = re.compile(rb"[<\s/]([A-Za-z_][\w.-]*):[\w.-]+")
_UNPREFIXED = re.compile(rb"</?[A-Za-z_][\w.-]*[\s/>]")


def quick_outline(package: Package, part: str) -> tuple[list[etree._Element], int] | None:
    """``body_outline``'s answer from a scan of the part's markup, or None when the scan cannot be trusted."""
    raw = _raw(package, part)
    if raw is None:
        return None
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    declaration = _DECLARATION.match(raw, start)
    if declaration is not None:
        encoding = _ENCODING.search(declaration.group())
        if encoding is not None and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
            return None
        start = declaration.end()
    if raw.find(b"<?", start) >= 0 or raw.find(b"<!", start) >= 0:
        return None
    namespace = W.encode()
    if raw.count(namespace) != 1 or raw.count(b"xmlns:w=") != 1 or \
            (b'xmlns:w="' + namespace + b'"' not in raw and b"xmlns:w='" + namespace + b"'" not in raw):
        return None
    if _BODY.search(raw, start) is None:
        return None  # the parse says what is wrong
    paragraphs = len(_PARAGRAPH.findall(raw, start))
    if paragraphs > MAX_PARAGRAPHS:
        return None  # refused or not, as the parse decides (a broken part is reported as broken first)
    root = _TAG.match(raw, raw.find(b"<", start))
    if root is None:
        return None
    declarations = b"".join(_NAMESPACES.findall(root.group(3)))
    breaks: list[etree._Element] = []
    final = None
    covered = -1  # the end of the last w:sectPr read: one inside another is left to the parse
    for found in _SECTION.finditer(raw, start):
        if found.start() < covered:
            return None
        walked = _walk(raw, found.start())
        if walked is None:
            return None
        end, parents = walked
        covered = end
        if parents[:2] == [b"w:pPr", b"w:p"] or (parents[:1] == [b"w:body"] and final is None):
            element = _element(raw, found.start(), end, declarations)
            if element is None:
                return None
            if parents[0] == b"w:body":
                final = element
            else:
                breaks.append(element)
    breaks.append(final if final is not None else etree.Element(_SECT))
    return breaks, paragraphs


def _raw(package: Package, part: str) -> bytes | None:
    """The part's bytes when it is small enough to hold; None when missing, too large or unreadable (the parse
    gives the message)."""
    try:
        info = package.zip.getinfo(part)
        if info.file_size > QUICK_OUTLINE_MAX_BYTES:
            return None
        with package.zip.open(info) as member:
            raw = member.read(QUICK_OUTLINE_MAX_BYTES + 1)  # the declared size may lie
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError, ValueError,
            NotImplementedError):
        return None
    return raw if len(raw) <= QUICK_OUTLINE_MAX_BYTES else None


def _walk(raw: bytes, start: int) -> tuple[int, list[bytes]] | None:
    """From the w:sectPr starting at ``start``: where it ends, and the names of its parent and (for a w:pPr) its
    grandparent, from the end tags that close them."""
    depth = 0
    end = None
    parents: list[bytes] = []
    position = start
    for count, tag in enumerate(_TAG.finditer(raw, start)):
        if count > _WALK_BUDGET or raw.find(b"<", position, tag.start()) >= 0:
            return None  # too far, or markup the pattern did not read: no guessing
        position = tag.end()
        closing, name, _, empty = tag.groups()
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
        if end is None:
            if depth == 0:
                end = tag.end()
            continue
        if depth < 0:
            parents.append(name)
            if name != b"w:pPr" or len(parents) == 2:
                return end, parents
            depth = 0
    return None


def _element(raw: bytes, start: int, end: int, declarations: bytes) -> etree._Element | None:
    """The w:sectPr in raw[start:end], parsed with the root's namespace declarations (its prefixes declared once
    in the whole part, so that they mean there what they mean at the root)."""
    text = raw[start:end]
    if _UNPREFIXED.search(text):
        return None  # a default namespace could mean something else here than at the root
    for prefix in set(_PREFIXES.findall(text)):
        if prefix != b"xml" and raw.count(b"xmlns:" + prefix + b"=") != 1:
            return None
    try:
        wrapper = etree.fromstring(b"<outline" + declarations + b">" + text + b"</outline>",
                                   parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        return None
    element = wrapper[0]
    return element if element.tag == _SECT else None
