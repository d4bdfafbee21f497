"""Turn DOCX bytes into XML parts: the zip package, its relations, and the WordprocessingML names."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from posixpath import dirname, join, normpath

from lxml import etree

from ..core.errors import InputError
from .limits import part_limit, too_big_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

TWIP_MM = 25.4 / 1440
EMU_MM = 1 / 36000
DEFAULT_CELL_MARGIN = 108  # twips, Word's default left and right cell margin
DEFAULT_FONT = "Times New Roman"  # what Word uses when no level names a font
DEFAULT_SIZE = 10.0  # points, Word's size when no level gives one
PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class _Names:
    """``wn.tab`` is ``w("tab")``, made once: the readers compare tags hundreds of thousands of times in long lists."""

    def __getattr__(self, tag: str) -> str:
        name = w(tag)
        setattr(self, tag, name)
        return name


wn = _Names()


def child(element: etree._Element, tag: str) -> etree._Element | None:
    """``element.find(tag)`` for a plain tag, quicker: the children sought (w:pPr, w:rPr, w:tcPr, w:trPr) come
    first, and a loop over a few children costs less than lxml's path lookup."""
    for node in element:
        if node.tag == tag:
            return node
    return None


def toggle(element: etree._Element | None) -> bool | None:
    """A toggle property (<w:b/>, <w:b w:val="0"/>): True, False, or None when absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def to_int(value: str | None, default: int = 0) -> int:
    if value is None:
        return default
    try:
        return int(float(value))
    except ValueError:
        return default


class Package:
    """The parts of a DOCX zip, parsed on demand (entities never resolved)."""

    def __init__(self, data: bytes, name: str) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as exc:
            raise InputError(f"{name}: không phải tệp DOCX hợp lệ (không mở được gói zip: {exc}). "
                             "Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại thành .docx.") from exc
        self.name = name
        self.document_part = self._main_part()

    def _main_part(self) -> str:
        rels = self.xml("_rels/.rels", required=False)
        if rels is not None:
            for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "word/document.xml").lstrip("/")
        return "word/document.xml"

    def _read(self, part: str) -> bytes:
        """A member's bytes, refusing one whose declared or actual uncompressed size is over the limit."""
        info = self.zip.getinfo(part)
        if info.file_size > part_limit():
            raise too_big_part(self.name, part, info.file_size)
        with self.zip.open(info) as member:
            raw = member.read(part_limit() + 1)  # the declared size may lie: read one byte more than allowed
        if len(raw) > part_limit():
            raise too_big_part(self.name, part, len(raw))
        return raw

    def xml(self, part: str, *, required: bool = True) -> etree._Element | None:
        try:
            raw = self._read(part)
        except KeyError as exc:
            if required:
                raise InputError(f"{self.name}: tệp DOCX thiếu phần {part} (tệp hỏng hoặc không phải văn bản "
                                 "Word).") from exc
            return None
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError, ValueError,
                NotImplementedError) as exc:
            raise InputError(f"{self.name}: tệp DOCX bị hỏng, không đọc được phần {part} ({exc}).") from exc
        try:
            return etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
        except etree.XMLSyntaxError as exc:
            if required:
                raise InputError(f"{self.name}: phần {part} của tệp DOCX bị hỏng ({exc}).") from exc
            return None

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type suffix, part path) of a part."""
        rels_path = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
        rels = self.xml(rels_path, required=False)
        found: dict[str, tuple[str, str]] = {}
        if rels is None:
            return found
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else normpath(join(dirname(part), target))
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found
