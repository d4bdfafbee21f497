"""Turn a certificate plan into files: each certificate drawn on its stock profile, in worker processes, PDF and DOCX.

``certificate_files(certificates, decisions, profile, mode, *, background=None, jobs=None, progress=None,
template_dirs=(BUILTIN_TEMPLATES,), formats=("pdf", "docx"))`` -> ``(files, warnings)``.
    ``files`` are ``OutputFile`` objects to publish with the decisions: ``giay-khen/tat-ca.pdf``
    (every certificate in print order), ``giay-khen/<don-vi-slug>.pdf`` (one per unit), ``giay-khen/tat-ca.docx``
    in full mode when ``formats`` has "docx", and ``giay-khen/xem-truoc.pdf`` when ``background`` (a scanned
    blank) is given: a preview for the screen, never the print file. Each PDF's ``extra`` lists its certificates
    (``{"giay_chung_nhan": [{"so_so", "hinh_thuc", "ho_ten", "don_vi", "trang"}, …]}``) for manifest.json.
    ``warnings`` are Vietnamese sentences, one per text that does not fit its box, naming the awardee and the field.
    ``jobs``: worker processes (default the CPU count). ``progress(done, total)`` is called as certificates are
    drawn. An empty plan: ``([], [])``.
    Without a Word file the words are set here (memoised wording, certificate_texts.py) and workers that know only
    the profile draw them (certificate_workers.py); with three workers or more, the workers set them too. The Word
    file needs the whole certificate in the worker, so with it the workers are forked with everything and set,
    draw and lay out the Word pages themselves.

``calibration_pdf(profile, template_dirs=(BUILTIN_TEMPLATES,)) -> bytes``
    the calibration page of a profile (``vanban certificates calibrate PROFILE``).

Errors are the project's: ``InputError`` (an unreadable background image) and ``TemplateError`` (a broken profile or
template), each naming the file and the key.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..core.errors import InputError, TemplateError
from ..core.files import OutputFile
from ..core.model import Certificate, Decision
from ..core.text import distinct_file_names
from .certificate_pdf import (
    FRAME_FORM,
    Fitted,
    PageDrawer,
    background_form,
    calibration_page,
    frame_content,
    page_prefix,
)
from .certificate_profile import Profile, load_profile
from .certificate_texts import CertificateView, Wording, certificate_environment, macros_words, memoised_macros
from .certificate_word_layout import word_fields
from .certificate_workers import (
    Row,
    chunk_size,
    draw_pages,
    start_workers_early,
    stop_early_workers,  # noqa: F401 - for the pipeline, beside start_workers_for
)
from .collection import collector_spares_what_exists
from .environment import undefined_text
from .pdf_writer import PT_PER_MM, Form, PageFileWriter, load_image, write_pdf
from .syntax import syntax_message
from .template_folders import BUILTIN_TEMPLATES, find_template

FOLDER = "giay-khen"
WORDING = "giay-khen/loi-van.j2"
DOCX_TEMPLATE = "giay-khen/template.docx"
# The certificate is useless without these: who, which decision, which register entry.
REQUIRED_FIELDS = ("ho_ten", "quyet_dinh", "so_so")
FIELD_LABELS = {
    "quoc_hieu": "Quốc hiệu", "tieu_ngu": "Tiêu ngữ", "co_quan": "cơ quan khen thưởng", "tang": "dòng TẶNG",
    "ten_giay": "tên giấy khen/danh hiệu", "ho_ten": "họ tên", "chuc_vu_don_vi": "chức vụ, đơn vị",
    "thanh_tich": "thành tích", "quyet_dinh": "số và ngày quyết định", "so_so": "số sổ",
    "noi_ngay": "địa danh và ngày", "chuc_vu_ky": "chức vụ người ký", "nguoi_ky": "họ tên người ký",
}
_RESERVED_NAMES = {"tat-ca", "xem-truoc"}


def unit_slugs(certificates: list[Certificate]) -> dict[str, str]:
    """A distinct file name per unit: the ASCII slug, shortened, numbered when two units share one."""
    return distinct_file_names([certificate.award.unit for certificate in certificates], tuple(_RESERVED_NAMES))



# ---------------------------------------------------------------------------------------------------------
# Drawing, in worker processes
# ---------------------------------------------------------------------------------------------------------


def certificate_wording(env: jinja2.Environment):  # noqa: ANN201 - a Jinja template module
    try:
        return env.get_template(WORDING).module
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(syntax_message(env, exc, WORDING)) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"Không tìm thấy mẫu {WORDING}") from exc


@dataclass(frozen=True)
class Unfit:
    """A text that did not fit its box even at the smallest size, wrapped; or that has characters without a glyph."""

    field: str
    text: str
    certificate: Certificate
    awardee: str
    missing: str = ""  # set when the problem is characters the font cannot print


@dataclass
class ChunkResult:
    streams: list[bytes]
    shared: list[tuple[bytes, bytes]]  # each page's shared streams (certificate_pdf.PageDrawer.page), b"" for none
    characters: dict[tuple[bool, bool], set[str]]
    unfit: list[Unfit]
    docx_pages: bytes | None  # the chunk's pages of the Word file (full design), UTF-8 XML, deflated


class Renderer:
    """Texts of each certificate through the shared Jinja environment, then drawn by the profile's boxes."""

    def __init__(self, profile: Profile, mode: str, decisions: list[Decision],
                 template_dirs: tuple[Path, ...], *, docx: bool = True) -> None:
        self.profile = profile
        self.mode = mode
        self.decisions = decisions
        self.boxes = profile.printed_boxes(mode)
        self._drawer: PageDrawer | None = None
        env = certificate_environment(template_dirs)
        wording = certificate_wording(env)
        fields = [box.field for box in profile.boxes]
        unknown = [field for field in fields if not callable(getattr(wording, field, None))]
        if unknown:
            raise TemplateError(
                f"Hồ sơ phôi {profile.path.name}: ô {', '.join('o.' + f for f in unknown)} không có macro cùng tên"
                f" trong templates/{WORDING}; các trường có: {', '.join(FIELD_LABELS)}")
        missing = [field for field in REQUIRED_FIELDS if field not in {b.field for b in self.boxes}]
        if missing:
            raise TemplateError(f"Hồ sơ phôi {profile.path.name}: thiếu ô {', '.join('o.' + f for f in missing)}"
                                f" (giấy khen nào cũng phải in họ tên, số quyết định và số sổ)")
        # The words of the boxes printed (on a phôi the pre-printed ones are neither printed nor set, as workers
        # setting the words have always done), and of the Word file's fields.
        wanted = [*(box.field for box in self.boxes), "ho_ten"]
        self.docx = None
        if mode == "full" and docx:
            wanted += [field for field in FIELD_LABELS if callable(getattr(wording, field, None))]
            from .certificate_docx import CertificateDocx  # here: lxml and the Word parts, for the full design only

            self.docx = CertificateDocx(find_template(template_dirs, DOCX_TEMPLATE), env, profile)
        # Most fields say the same words on every certificate of a decision: each macro remembers its words by
        # the values it reads (certificate_paths.py, certificate_texts.py).
        self.macros = memoised_macros(env, WORDING, wording, wanted)
        self._by_decision: dict[int, dict[str, str]] = {}  # words that depend on the decision alone

    @property
    def drawer(self) -> PageDrawer:
        """Made when this process draws (with the font's metrics): beside drawing workers it only sets the words."""
        if self._drawer is None:
            self._drawer = PageDrawer(self.profile, self.mode)
        return self._drawer

    def texts(self, view: CertificateView) -> dict[str, str]:
        return macros_words(self.macros, view, self._by_decision, _wording_error)

    def render(self, chunk: list[Certificate]) -> ChunkResult:
        self.drawer.characters = {}
        streams, shared, unfit, views = [], [], [], []
        for certificate in chunk:
            decision = self.decisions[certificate.decision_index]
            texts = self.texts(CertificateView(certificate, decision, {}, {}))
            (before, stream, after), fitted = self.drawer.page(texts, draft=decision.ref.is_draft)
            streams.append(stream)
            shared.append((before, after))
            # The Word file prints the same words at the sizes and in the places the PDF settled on: a long name
            # shrinks there too, and wraps where the PDF wrapped it.
            if self.docx:
                word_texts, frames = word_fields(self.profile, texts, fitted, draft=decision.ref.is_draft)
                views.append(CertificateView(certificate, decision, word_texts, _half_points(fitted), frames))
            for field, result in fitted.items():
                if not result.fits:
                    unfit.append(Unfit(field, texts[field], certificate, texts["ho_ten"]))
                if result.missing:
                    unfit.append(Unfit(field, texts[field], certificate, texts["ho_ten"], result.missing))
        docx_pages = self.docx.pages(views) if self.docx else None
        return ChunkResult(streams, shared, self.drawer.characters, unfit, docx_pages)


def _wording_error(field: str, exc: Exception) -> TemplateError:
    return TemplateError(f"templates/{WORDING}, macro {field}: {undefined_text(exc)}")


def _half_points(fitted: dict[str, Fitted]) -> dict[str, int]:
    return {field: round(result.size * 2) for field, result in fitted.items()}


_WORKER: Renderer | None = None


def _start_worker(profile: Profile, mode: str, decisions: list[Decision], template_dirs: tuple[Path, ...],
                  docx: bool) -> None:
    global _WORKER
    import signal

    # Ctrl+C reaches the whole process group: only the main process answers it (and stops the pool).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Renderer(profile, mode, decisions, template_dirs, docx=docx)


def _render_in_worker(chunk: list[Certificate]) -> ChunkResult:
    assert _WORKER is not None
    return _WORKER.render(chunk)


# From this many workers on, they set the words themselves: the build process sets a certificate's words in less
# than half the time a worker takes to draw it, so beside two workers it keeps up (and on two cores, three busy
# processes share them as well as two); beside more, it would hold them back. Measured on two cores with words set
# in the workers: no faster, a tenth more processor time (the certificates are unpickled, each worker memoises).
WORKERS_SET_WORDS_FROM = 3

# A list file this large holds thousands of rows: enough certificates for fresh workers (certificate_workers.py).
LONG_LIST_BYTES = 100_000


def start_workers_for(folder: Path, jobs: int | None = None) -> None:
    """Before a build reads the list of ``folder``: start the drawing workers now if the list looks long.

    Only a guess from the size of the spreadsheets in the folder; workers not needed after all are stopped by
    ``stop_early_workers`` (pipeline.certificate_files does it).
    """
    if jobs == 1:
        return
    try:
        size = sum(path.stat().st_size for path in Path(folder).iterdir()
                   if path.suffix.lower() in (".xlsx", ".csv") and path.is_file())
    except OSError:
        return
    if size >= LONG_LIST_BYTES:
        start_workers_early(jobs)


def _rows(certificates: list[Certificate], renderer: Renderer, fields: list[str], size: int) -> Iterator[list[Row]]:
    """The words of each certificate for the printed boxes, ``size`` certificates at a time."""
    decisions = renderer.decisions
    for start in range(0, len(certificates), size):
        rows = []
        for certificate in certificates[start:start + size]:
            decision = decisions[certificate.decision_index]
            texts = renderer.texts(CertificateView(certificate, decision, {}, {}))
            rows.append((decision.ref.is_draft, tuple([texts[field] for field in fields])))
        yield rows


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _draw_all(certificates: list[Certificate], renderer: Renderer, profile: Profile, mode: str,
              decisions: list[Decision], template_dirs: tuple[Path, ...], jobs: int,
              progress: Callable[[int, int], None] | None):
    """Yield ChunkResult in print order, drawn by ``jobs`` processes; memory holds only finished streams."""
    total = len(certificates)
    # Four chunks per process keep both cores busy to the end; 50 to 1000 pages keep the overhead per chunk small
    # and the memory of a chunk bounded.
    per_chunk = max(50, min(1000, math.ceil(total / (jobs * 4))))
    chunks = _chunks(certificates, per_chunk)
    done = 0
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            result = renderer.render(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
            yield result
        return
    import multiprocessing

    # fork shares the catalogue, fonts and decisions with the workers without pickling them.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    initargs = (profile, mode, decisions, template_dirs, renderer.docx is not None)
    with context.Pool(min(jobs, len(chunks)), initializer=_start_worker, initargs=initargs) as pool:
        for chunk, result in zip(chunks, pool.imap(_render_in_worker, chunks), strict=True):
            done += len(chunk)
            if progress:
                progress(done, total)
            yield result


# ---------------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------------


def _unfit_warnings(unfit: list[Unfit], profile: Profile) -> list[str]:
    """One warning per text that does not fit; a text shared by many certificates is reported once."""
    grouped: dict[tuple[str, str, str], list[Unfit]] = {}
    for item in unfit:
        grouped.setdefault((item.field, item.text, item.missing), []).append(item)
    warnings = []
    for (field, text, missing), items in grouped.items():
        first = items[0]
        box = profile.box(field)
        who = f"{first.certificate.certificate} số sổ {first.certificate.register_number} của {first.awardee}"
        if len(items) > 1:
            who += f" (và {len(items) - 1} giấy khác có cùng nội dung)"
        shown = text if len(text) <= 90 else text[:87] + "…"
        if missing:
            warnings.append(f"{who}: trường «{FIELD_LABELS.get(field, field)}» («{shown}») có ký tự phông chữ "
                            f"không in được: {' '.join(f'«{ch}» (U+{ord(ch):04X})' for ch in missing)}; "
                            "sửa lại trong danh sách.")
            continue
        limit = f", kể cả khi thu nhỏ tới {box.min_size:g} pt và xuống dòng" if box else ""
        warnings.append(f"{who}: trường «{FIELD_LABELS.get(field, field)}» («{shown}») không vừa ô o.{field} "
                        f"của hồ sơ phôi {profile.name}{limit}; chữ sẽ tràn ra ngoài ô. Sửa lại cho ngắn hơn "
                        f"hoặc nới ô trong {profile.path.name}.")
    return warnings


def _listed(certificates: list[Certificate], decisions: list[Decision]) -> list[tuple[int, str, str, str]]:
    """What manifest.json lists of each certificate but its page: Số sổ, form, name, unit (read once, listed twice:
    in tat-ca.pdf and in its unit's file)."""
    return [(c.register_number, decisions[c.decision_index].form, c.award.name, c.award.unit) for c in certificates]


def certificate_files(certificates: list[Certificate], decisions: list[Decision], chosen: Profile, mode: str, *,
                      background: Path | None = None, jobs: int | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,),
                      formats: tuple[str, ...] = ("pdf", "docx"),
                      keep: Callable[[OutputFile], OutputFile] | None = None,
                      ) -> tuple[list[OutputFile], list[str]]:
    """Every certificate of the plan as files to publish, and the warnings (see the module docstring).

    ``keep`` receives each file as soon as it is made and returns what stands for it in the list (a build writes
    it to disk there, so that hundreds of unit files are not all held in memory at once).
    """
    keep = keep or (lambda item: item)
    if not certificates:
        return [], []
    # The list, its awards and decisions live until the build ends: each full collection would walk them again.
    with collector_spares_what_exists():
        return _certificate_files(certificates, decisions, chosen, mode, background=background, jobs=jobs,
                                  progress=progress, template_dirs=template_dirs, formats=formats, keep=keep)


def _certificate_files(certificates: list[Certificate], decisions: list[Decision], chosen: Profile, mode: str, *,
                       background: Path | None, jobs: int | None, progress: Callable[[int, int], None] | None,
                       template_dirs: tuple[Path, ...], formats: tuple[str, ...],
                       keep: Callable[[OutputFile], OutputFile],
                       ) -> tuple[list[OutputFile], list[str]]:
    image = None
    if background is not None:
        try:
            image = load_image(Path(background))
        except (OSError, ValueError) as exc:
            raise InputError(f"Không đọc được ảnh nền {background}: cần một ảnh quét phôi (JPEG, PNG…)"
                             f" ({exc.__class__.__name__})") from exc
    decisions = list(decisions)
    # Built here first, so that a template or profile error is reported once, in this process.
    renderer = Renderer(chosen, mode, decisions, template_dirs, docx="docx" in formats)
    jobs = jobs or os.cpu_count() or 1

    streams: list[bytes] = []
    shared: list[tuple[bytes, bytes]] = []  # per page; within a chunk one bytes object per distinct stream
    characters: dict[tuple[bool, bool], set[str]] = {}
    unfit: list[Unfit] = []
    docx_pages: list[bytes] = []
    if renderer.docx is not None:
        # The Word file's pages need the whole certificate in the worker: workers forked with everything.
        for result in _draw_all(certificates, renderer, chosen, mode, decisions, template_dirs, jobs, progress):
            streams.extend(result.streams)
            shared.extend(result.shared)
            for style, used in result.characters.items():
                characters.setdefault(style, set()).update(used)
            unfit.extend(result.unfit)
            if result.docx_pages is not None:
                docx_pages.append(result.docx_pages)
    else:
        # Workers that know the profile draw the words (certificate_workers.py); with more than two of them, they
        # set the words too (see WORKERS_SET_WORDS_FROM).
        fields = [box.field for box in renderer.boxes]
        name_at = fields.index("ho_ten")
        wording = Wording.of(template_dirs, WORDING, decisions) if jobs >= WORKERS_SET_WORDS_FROM else None

        def set_words(chunk: list[Certificate]) -> list[Row]:
            return next(_rows(chunk, renderer, fields, len(chunk)))

        # A worker cuts the fonts down while the last chunks are drawn (certificate_workers.draw_pages).
        chunks = _chunks(certificates, chunk_size(len(certificates), jobs))
        for _, drawn in draw_pages(iter(chunks), len(certificates), chosen, mode, jobs, set_words, wording,
                                   progress):
            start = len(streams)
            streams.extend(drawn.streams())
            shared.extend(drawn.shared_streams())
            for style, used in drawn.characters.items():
                characters.setdefault(style, set()).update(used)
            for index, field, fits, missing in drawn.unfit:
                words = drawn.words[index]
                text, certificate = words[fields.index(field)], certificates[start + index]
                if not fits:
                    unfit.append(Unfit(field, text, certificate, words[name_at]))
                if missing:
                    unfit.append(Unfit(field, text, certificate, words[name_at], missing))

    frozen = {style: frozenset(used) for style, used in characters.items()}
    page_size = (chosen.width * PT_PER_MM, chosen.height * PT_PER_MM)
    full = mode == "full"
    forms = [Form(FRAME_FORM, frame_content(chosen))] if full and chosen.shapes else []
    prefix = page_prefix(chosen, offsets=True, frame=full, background=False)
    forms_label = {decisions[c.decision_index].form for c in certificates}
    only_form = forms_label.pop() if len(forms_label) == 1 else None

    # Fonts, forms and prefix serialised once for the whole set and every unit's file.
    writer = PageFileWriter(page_size_pt=page_size, characters=frozen, forms=forms, prefix=prefix)

    listed = _listed(certificates, decisions)

    def pdf(path: str, indexes: list[int]) -> OutputFile:
        data, pages = writer.write([streams[i] for i in indexes], path, [shared[i] for i in indexes])
        listing = [{"so_so": number, "hinh_thuc": form, "ho_ten": name, "don_vi": unit, "trang": page}
                   for page, (number, form, name, unit) in enumerate([listed[i] for i in indexes], start=1)]
        return keep(OutputFile(path, FOLDER, "pdf", data, only_form, pages, {"giay_chung_nhan": listing}))

    everything = list(range(len(certificates)))
    files = [pdf(f"{FOLDER}/tat-ca.pdf", everything)]
    slugs = unit_slugs(certificates)
    by_unit: dict[str, list[int]] = {}
    for index, certificate in enumerate(certificates):
        by_unit.setdefault(certificate.award.unit, []).append(index)
    for unit, indexes in by_unit.items():
        files.append(pdf(f"{FOLDER}/{slugs[unit]}.pdf", indexes))
    if renderer.docx is not None:
        files.append(keep(OutputFile(f"{FOLDER}/tat-ca.docx", FOLDER, "docx", renderer.docx.document(docx_pages),
                                     only_form, None, {})))
        del docx_pages
    if image is not None:
        preview_prefix = page_prefix(chosen, offsets=False, frame=full, background=True)
        data, pages = write_pdf(streams, page_size_pt=page_size, characters=frozen,
                                forms=[*forms, background_form(chosen, image)], prefix=preview_prefix,
                                title="xem-truoc", shared=shared)
        files.append(keep(OutputFile(f"{FOLDER}/xem-truoc.pdf", FOLDER, "pdf", data, only_form, pages,
                                     {"xem_truoc": True})))
    return files, _unfit_warnings(unfit, chosen)


def calibration_pdf(profile: str | Path | Profile, template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> bytes:
    """A page with every box of the profile outlined and named, mm rulers along two edges and crosshairs."""
    chosen = profile if isinstance(profile, Profile) else load_profile(profile, template_dirs)
    return calibration_page(chosen)
