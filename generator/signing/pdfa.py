"""Turn a PDF into the list of reasons it is not identified as PDF/A-2b (empty when the structure is right).

A structural check, not a full validator (none installs from the package registries): XMP identification
(pdfaid:part 2, conformance B), an output intent with an embedded ICC profile, every font embedded (pages, form
XObjects and annotation appearances, so the signatures' appearances are covered too), and no encryption.
"""

from __future__ import annotations

import io
import re


def pdfa_problems(data: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    problems = []
    if "/Encrypt" in reader.trailer:
        problems.append("tệp được mã hóa (PDF/A cấm mã hóa)")
    root = reader.root
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().data.decode("utf-8", "replace") if metadata is not None else ""
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")\s*([A-Za-z])", xmp)
    if not xmp:
        problems.append("không có siêu dữ liệu XMP (/Metadata)")
    elif not part or part.group(1) != "2" or not conformance or conformance.group(1).upper() != "B":
        problems.append("XMP không khai báo PDF/A-2b (pdfaid:part 2, pdfaid:conformance B)")
    intents = root.get("/OutputIntents")
    if not intents or not any(intent.get_object().get("/S") == "/GTS_PDFA1"
                              and "/DestOutputProfile" in intent.get_object() for intent in intents):
        problems.append("không có output intent GTS_PDFA1 kèm hồ sơ màu ICC")
    problems.extend(_info_mismatches(reader, xmp))
    problems.extend(f"phông «{name}» không được nhúng" for name in sorted(_unembedded_fonts(reader)))
    return problems


def _xmp_value(xmp: str, name: str) -> str | None:
    match = re.search(rf'{name}="([^"]*)"', xmp) or re.search(rf"<{name}>([^<]*)</{name}>", xmp)
    return match.group(1) if match else None


def _info_mismatches(reader, xmp: str) -> list[str]:  # noqa: ANN001 - a pyHanko reader
    """PDF/A-2 (ISO 19005-2, 6.6.3): entries of the Info dictionary must equal their XMP counterparts."""
    if "/Info" not in reader.trailer or not xmp:
        return []
    info = reader.trailer["/Info"].get_object()
    problems = []
    if "/Producer" in info and str(info["/Producer"]) != (_xmp_value(xmp, "pdf:Producer") or ""):
        problems.append(f"Producer trong /Info («{info['/Producer']}») khác pdf:Producer trong XMP "
                        f"(«{_xmp_value(xmp, 'pdf:Producer')}»)")
    return problems


def _unembedded_fonts(reader) -> set[str]:  # noqa: ANN001 - a pyHanko reader
    from .sign import pages

    missing: set[str] = set()
    seen: set[int] = set()

    def font_embedded(font) -> bool:  # noqa: ANN001
        if font.get("/Subtype") == "/Type3":
            return True
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:
            return False
        descriptor = descriptor.get_object()
        return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    def visit_resources(resources) -> None:  # noqa: ANN001
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        for font in (fonts.get_object() if fonts is not None else {}).values():
            font = font.get_object()
            if not font_embedded(font):
                missing.add(str(font.get("/BaseFont", "?")).lstrip("/"))
        xobjects = resources.get("/XObject")
        for xobject in (xobjects.get_object() if xobjects is not None else {}).values():
            visit_stream(xobject)

    def visit_stream(reference) -> None:  # noqa: ANN001
        key = getattr(reference, "idnum", None)
        if key is not None:
            if key in seen:
                return
            seen.add(key)
        stream = reference.get_object()
        if stream.get("/Subtype") == "/Form":
            visit_resources(stream.get("/Resources"))

    for page in pages(reader):
        visit_resources(page.get("/Resources"))
        for annot in page.get("/Annots", []):
            appearance = annot.get_object().get("/AP")
            if appearance is None:
                continue
            for state in appearance.get_object().values():
                state = state.get_object()
                if hasattr(state, "data"):
                    visit_stream(state)
                else:  # a dictionary of appearance states
                    for sub in state.values():
                        visit_stream(sub)
    return missing
