"""Turn one document of a session into page images (PNG from its PDF) with the format checker's findings by page."""

from __future__ import annotations

import base64
import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import pipeline
from ..lint import check_bytes
from ..rendering.template_folders import template_dirs_for
from ..template_tools.preview import certificate_preview_pdf

_PAGE = re.compile(r"\btrang (\d+)\b")
SCALE = 1.1  # about 650 px wide for A4: readable on a laptop without zooming, light enough to send inline


@dataclass(frozen=True)
class Document:
    kind: str  # quyet-dinh | cong-van | giay-khen
    slug: str
    title: str


@dataclass
class Preview:
    document: Document
    pages: list[str]  # PNG images as data: URLs
    findings: dict[int, list] = field(default_factory=dict)  # page number -> lint.Finding
    unplaced: list = field(default_factory=list)  # findings with no page
    seconds: float = 0.0


def documents(checked: pipeline.Checked) -> list[Document]:
    """Each decision (with its annex pages), each công văn, and a sample of certificates, in reading order."""
    dirs = template_dirs_for(checked.session.templates)
    found = [Document("quyet-dinh", decision.slug, f"Quyết định: {decision.form}") for decision in checked.decisions]
    for dispatch in pipeline.dispatches(checked, dirs):
        found.append(Document("cong-van", dispatch.slug, f"Công văn: {dispatch.slug}"))
    found.append(Document("giay-khen", "giay-khen", "Giấy khen (mẫu: người đầu tiên của mỗi hình thức)"))
    return found


def render(checked: pipeline.Checked, slug: str) -> Preview | None:
    """The chosen document's pages and findings; None when the session has no document of that name."""
    started = time.perf_counter()
    chosen = next((item for item in documents(checked) if item.slug == slug), None)
    if chosen is None:
        return None
    dirs = template_dirs_for(checked.session.templates)
    if chosen.kind == "quyet-dinh":
        decision = next(d for d in checked.decisions if d.slug == slug)
        data = pipeline.render_decision(decision, ("pdf",), dirs)[0].data
    elif chosen.kind == "cong-van":
        dispatch = next(d for d in pipeline.dispatches(checked, dirs) if d.slug == slug)
        data = pipeline.render_document("cong-van", dispatch, ("pdf",), dirs)[0].data
    else:
        data = certificate_preview_pdf(dirs, checked.session.folder)
    preview = Preview(chosen, page_images(data))
    if chosen.kind != "giay-khen":
        for finding in check_bytes(data, "pdf", f"{slug}.pdf"):
            found = _PAGE.search(finding.location or "")
            if found and 1 <= int(found.group(1)) <= len(preview.pages):
                preview.findings.setdefault(int(found.group(1)), []).append(finding)
            else:
                preview.unplaced.append(finding)
    preview.seconds = time.perf_counter() - started
    return preview


def page_images(pdf: bytes, scale: float = SCALE) -> list[str]:
    import pypdfium2

    images = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            buffer = io.BytesIO()
            page.render(scale=scale).to_pil().save(buffer, format="PNG", optimize=False)
            images.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
    finally:
        document.close()
    return images


def output_page_images(path: Path) -> list[str]:
    return page_images(path.read_bytes())
