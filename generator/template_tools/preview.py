"""Turn a templates folder into a preview: the sample document as PDF and PNG pages, again on every change (--watch)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .. import pipeline
from ..core.errors import InputError, TemplateError
from ..rendering.environment import environment
from .samples import RENDER_ERRORS, certificate_sample, macro_place, sample_document


def certificate_preview_pdf(template_dirs: tuple[Path, ...], session_folder: Path | None = None) -> bytes:
    """The first certificate of each form of the session, with its profile ([giay_khen] ho_so, else the default).

    A few pages are enough to see a change of loi-van.j2 or of a profile, and keep --watch quick on a big session.
    """
    checked = pipeline.check(session_folder or pipeline.DEFAULT_SESSION)
    try:
        files, _ = pipeline.certificate_files(certificate_sample(checked, one_per_form=True), formats=("pdf",), jobs=1,
                                     template_dirs=template_dirs)
    except RENDER_ERRORS as exc:
        # Raised inside a wording macro, which the renderer calls from Python: a template mistake, not a crash.
        raise TemplateError(f"{macro_place(exc, template_dirs)}: mẫu tính sai, sửa biểu thức ở dòng này "
                            f"({exc.__class__.__name__}: {exc})") from exc
    if not files:
        raise InputError(f"Đợt {checked.session.folder} không có giấy khen nào để xem trước (không hình thức nào có "
                         "giấy chứng nhận trong danh mục); chọn đợt khác bằng --dot.")
    return files[0].data


def preview(kind: str, template_dirs: tuple[Path, ...], output: Path, session_folder: Path | None = None,
            ) -> tuple[Path, list[Path], float]:
    """Render the kind's sample to PDF and one PNG per page; returns (pdf, pngs, seconds).

    giay-khen: the first certificate of each form (``certificate_preview_pdf``).
    """
    import pypdfium2

    started = time.perf_counter()
    environment.cache_clear()  # templates may have changed since the last preview
    if kind == "giay-khen":
        data = certificate_preview_pdf(template_dirs, session_folder)
    else:
        document = sample_document(kind, session_folder, template_dirs)
        data = pipeline.render_document(kind, document, ("pdf",), template_dirs)[0].data
    output.mkdir(parents=True, exist_ok=True)
    pdf_path = output / f"{kind}.pdf"
    pdf_path.write_bytes(data)
    for old in output.glob(f"{kind}-*.png"):
        old.unlink()
    pngs = []
    pdf = pypdfium2.PdfDocument(data)
    for index, page in enumerate(pdf, start=1):
        png = output / f"{kind}-{index}.png"
        page.render(scale=1.5).to_pil().save(png)
        pngs.append(png)
    return pdf_path, pngs, time.perf_counter() - started


def word_not_previewed(kind: str, word: Path | None = None) -> str:
    """What a maintainer must know: the preview is drawn from the HTML side; Word templates are seen through build."""
    changed = f"{word.name} vừa thay đổi, nhưng " if word else ""
    return (f"Lưu ý: {changed}bản xem trước chỉ vẽ bản PDF (mẫu HTML, lời văn .j2, hồ sơ phôi); bản Word (.docx) "
            f"không được xem trước — mở bản Word bằng lệnh: vanban build --only {kind} --format docx")


def watch(kind: str, template_dirs: tuple[Path, ...], output: Path, session_folder: Path | None,
          report: Callable[[str], None], times: int | None = None, interval: float = 0.3) -> None:
    """Re-render whenever a file of the template folders changes; ``times`` stops after that many re-renders."""
    def snapshot() -> dict[Path, float]:
        return {p: p.stat().st_mtime for d in template_dirs for p in d.rglob("*") if p.is_file()}

    seen = snapshot()
    rendered = 0
    while times is None or rendered < times:
        time.sleep(interval)
        current = snapshot()
        if current == seen:
            continue
        changed = {path for path in current.keys() | seen.keys() if current.get(path) != seen.get(path)}
        seen = current
        for word in sorted(path for path in changed if path.suffix.lower() == ".docx"):
            report(word_not_previewed(kind, word))
        try:
            _, pngs, seconds = preview(kind, template_dirs, output, session_folder)
            report(f"Đã vẽ lại {kind}: {len(pngs)} trang, {seconds:.2f} giây")
        except (TemplateError, InputError) as exc:
            report(exc.format_message())
        rendered += 1
