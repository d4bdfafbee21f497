"""Turn a session folder into its documents: load → validate → build → render → check format → publish, in order.

This is the file a newcomer reads first. The CLI and the tests call these functions and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .core.early_pages import listening
from .core.errors import Problem, collect
from .core.files import OutputFile
from .core.interruption import checkpoint
from .core.legal import CATALOGUE_DIR, Catalogue, load_catalogue
from .core.model import Award, Certificate, Decision, Session
from .core.text import slugify
from .documents import certificates as certificate_plan
from .documents.building import build_decisions
from .documents.consistency import settings_problems
from .documents.dispatch import covering_dispatches, dispatch_from_file
from .publishing import Published, default_output, input_digest, inspect, manifest, publish, refuse_edited
from .publishing.history import refuse_unusable
from .publishing.staging import StagedFile, Staging
from .reading.loading import Loaded, load_rows, load_session
from .reading.validation import validate
from .rendering.collection import collector_spares_what_exists, fewer_collections
from .rendering.context import decision_context, dispatch_context
from .rendering.docx import render_docx
from .rendering.environment import environment, text_filler
from .rendering.pdf import render_pdf
from .rendering.template_folders import BUILTIN_TEMPLATES, find_template, template_dirs_for
from .signing.guard import refuse_overwriting_signed

if TYPE_CHECKING:
    from .lint.background import BackgroundChecks

# The format checker and the certificates' drawing (with its font tools) are imported where used: `vanban check`
# of a long list needs neither, and their imports were a tenth of its time.

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SESSION = ROOT / "data" / "vi-du"
DEFAULT_OUTPUT = ROOT / "output"
FORMATS = ("pdf", "docx")
KINDS = ("quyet-dinh", "cong-van", "giay-khen")
# Documents in the decree's format: the format checker reads each one back after rendering.
CHECKED_KINDS = ("quyet-dinh", "cong-van")
# From this many awardees on, decisions are checked in a second process while the rest is made; below, starting
# that process costs more than the check.
BACKGROUND_ROWS = 500
COVERING_BODY = "cong-van/gui-quyet-dinh.md"


@dataclass(frozen=True)
class Checked:
    """A loaded and validated session, with the documents it will produce (built, not rendered)."""

    session: Session
    awards: list[Award]
    decisions: list[Decision]
    warnings: list[Problem]
    catalogue: Catalogue
    loaded: Loaded


@dataclass(frozen=True)
class CertificateOptions:
    """How certificates are printed (see certificate_files); None means dot.toml, then the profile."""

    profile: str | Path | None = None
    mode: str | None = None
    background: Path | None = None
    jobs: int | None = None
    progress: Callable[[int, int], None] | None = None


@dataclass(frozen=True)
class BuildResult:
    checked: Checked
    output: Path
    files: list[OutputFile]
    notices: list[str] = field(default_factory=list)  # certificate texts that did not fit, in Vietnamese
    findings: dict[str, list] = field(default_factory=dict)  # path -> format-checker findings (lint.Finding)
    published: Published | None = None  # the version written, what was carried over or moved aside


@dataclass(frozen=True)
class DispatchResult:
    output: Path
    files: list[OutputFile]
    published: Published
    findings: dict[str, list] = field(default_factory=dict)  # path -> format-checker findings (lint.Finding)


def check(folder: Path, catalogue_dir: Path = CATALOGUE_DIR, numbers_pending: bool = False) -> Checked:
    """Steps 1–2: load and validate the session, build the documents in memory. Writes nothing.

    Inconsistent settings (consistency.py) stop here; ``numbers_pending``: vanban issue is about to write the
    numbers and dates, so a decision without them is not yet a mistake.
    """
    # A long list allocates objects by the hundred thousand: collecting less often is a third of check's time.
    with fewer_collections():
        return _check(folder, catalogue_dir, numbers_pending)


def _check(folder: Path, catalogue_dir: Path, numbers_pending: bool) -> Checked:
    catalogue = load_catalogue(catalogue_dir)
    session = load_session(folder)
    if session.extra_forms:  # the office's own forms first: a name it defines wins over the catalogue's
        catalogue = replace(catalogue, forms=session.extra_forms + catalogue.forms)
    loaded = load_rows(session)
    collect(loaded.problems, f"Danh sách {session.list_file.name} có lỗi")
    validated = validate(loaded.rows, session, catalogue)
    built = build_decisions(session, validated.awards, catalogue)
    found = settings_problems(session, built.decisions, numbers_pending=numbers_pending)
    collect(found, f"Tệp cài đặt {session.dot_file} chưa đúng")
    warnings = validated.warnings + built.warnings + [problem for problem in found if problem.warning]
    return Checked(session, validated.awards, built.decisions, warnings, catalogue, loaded)


def render_document(kind: str, document, formats: tuple[str, ...],  # noqa: ANN001 - Decision or Dispatch
                    template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,), hinh_thuc: str | None = None,
                    ) -> list[OutputFile]:
    """Step 3: the same document object through the same environment, to DOCX and to PDF."""
    env = environment(template_dirs)
    context = (decision_context if kind == "quyet-dinh" else dispatch_context)(document, env)
    files = []
    with fewer_collections():
        if "docx" in formats:
            data = render_docx(env, find_template(template_dirs, f"{kind}/template.docx"), context)
            files.append(OutputFile(f"{document.slug}.docx", kind, "docx", data, hinh_thuc))
        if "pdf" in formats:
            layout: dict = {}  # the signature block's position, for `vanban sign`
            data, pages = render_pdf(env, f"{kind}/template.html", context, base_url=str(template_dirs[-1]),
                                     layout=layout)
            files.append(OutputFile(f"{document.slug}.pdf", kind, "pdf", data, hinh_thuc, pages, layout))
    return files


def render_decision(decision: Decision, formats: tuple[str, ...],
                    template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list[OutputFile]:
    return render_document("quyet-dinh", decision, formats, template_dirs, decision.form)


def dispatches(checked: Checked, template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list:
    """The covering dispatch(es) of the session, and the session's own cong-van.md when there is one."""
    body = text_filler(environment(template_dirs), COVERING_BODY)
    found = covering_dispatches(checked.session, checked.decisions, body)
    own = checked.session.folder / "cong-van.md"
    if own.is_file():
        found.append(dispatch_from_file(own, checked.session))
    return found


def certificate_files(checked: Checked, *, profile: str | Path | None = None, mode: str | None = None,
                      background: Path | None = None, jobs: int | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,),
                      formats: tuple[str, ...] = FORMATS,
                      select: Callable[[Certificate], bool] | None = None,
                      keep: Callable[[OutputFile], OutputFile | StagedFile] | None = None,
                      ) -> tuple[list[OutputFile | StagedFile], list[str]]:
    """Step 3 for certificates: the plan (who gets which, Số sổ) drawn on the stock profile; files and warnings.

    ``select`` keeps only some certificates (a reprint); they keep the Số sổ they have among all of them.
    ``keep`` receives each file as soon as it is made (build: written into the new version, see Staging).

    ``profile``: a stock profile name (giay-khen/<name>.toml) or a path; default ``[giay_khen] ho_so`` of dot.toml,
    else ``a4-ngang-day-du``. ``mode``: "full" | "overlay"; default ``[giay_khen] che_do``, else the profile's.
    See rendering.certificates for the files.
    """
    from .rendering import certificates as certificate_drawing

    chosen, mode, settings = certificate_plan.resolve(checked, profile, mode, template_dirs)
    planned = certificate_plan.plan(checked, settings)
    if select is not None:
        planned = [certificate for certificate in planned if select(certificate)]
    try:
        return certificate_drawing.certificate_files(planned, checked.decisions, chosen, mode,
                                                     background=background, jobs=jobs, progress=progress,
                                                     template_dirs=template_dirs, formats=formats, keep=keep)
    finally:
        certificate_drawing.stop_early_workers()  # started by build for a long list, and not needed after all


def summary_counts(checked: Checked) -> tuple[dict, dict]:
    counts: dict[str, dict[str, int]] = {}
    for decision in checked.decisions:
        counts[decision.form] = {
            "ca_nhan": decision.counts.individuals,
            "tap_the": decision.counts.collectives,
            "ho_gia_dinh": decision.counts.households,
        }
    totals = {decision.form: decision.total for decision in checked.decisions}
    return counts, totals


def check_format(files: list[OutputFile], progress: Callable[[str], None] | None = None,
                 names: dict[str, str] | None = None, checks: BackgroundChecks | None = None) -> dict[str, list]:
    """Step 4: read every decree-format document back with the format checker (Nghị định 30), path -> findings.

    ``progress`` hears "kiểm tra thể thức <name>" before each file; ``names``: path -> the document's Vietnamese name.
    ``checks``: the files already handed to a second process as they were made (see lint.background).
    """
    from .lint import check_bytes

    formats = {item.path: item.format for item in files}

    def heard(path: str) -> None:
        if progress:
            progress(f"kiểm tra thể thức {(names or {}).get(path, path)} ({formats[path].upper()})")

    if checks is not None:
        return checks.results(heard)
    findings = {}
    for item in files:
        if item.kind in CHECKED_KINDS:
            heard(item.path)
            findings[item.path] = check_bytes(item.data, item.format, item.path, own=True)
    return findings


def document_name(kind: str, document) -> str:  # noqa: ANN001 - Decision or Dispatch
    """What the office calls a document, for progress lines: "quyết định Giấy khen", "công văn gửi quyết định…"."""
    if kind == "quyet-dinh":
        return f"quyết định {document.form}"
    subject = document.subject if len(document.subject) <= 60 else document.subject[:59] + "…"
    return f"công văn {subject}" if subject else "công văn"


def _with_findings(files: list[OutputFile], findings: dict[str, list]) -> list[OutputFile]:
    from .lint import counts as finding_counts

    marked = []
    for item in files:
        if item.path in findings:
            errors, warnings = finding_counts(findings[item.path])
            item = replace(item, extra={**item.extra, "format_check": {"errors": errors, "warnings": warnings}})
        marked.append(item)
    return marked


def session_output(session: Session) -> Path:
    """output/<đợt>, or output/<thư-mục-cha>-<đợt> when output/<đợt> is another session folder's output."""
    names = [session.name, f"{slugify(session.folder.resolve().parent.name)}-{session.name}"]
    return default_output(DEFAULT_OUTPUT, names, session.folder)


def build(folder: Path = DEFAULT_SESSION, output: Path | None = None, formats: tuple[str, ...] = FORMATS,
          template_dirs: tuple[Path, ...] | None = None, kinds: tuple[str, ...] = KINDS,
          progress: Callable[[str], None] | None = None, templates: Path | None = None,
          certificates: CertificateOptions | None = None, lint: bool = True,
          keep_edited: bool = False) -> BuildResult:
    """Steps 1–5: every document of the session, published into ``output`` (default: session_output).

    Templates: ``templates`` (the --templates option), else ``[mau] thu_muc`` of dot.toml, layered over the built-in
    folder; ``template_dirs`` gives the whole stack directly. ``lint``: run the format checker on each decision and
    dispatch (findings are reported, and counted in the manifest; they do not stop the build).
    ``kinds`` (--only) replaces only those kinds' files; the rest of the previous version is carried over. Files
    edited by hand since the last build stop the build before anything is rendered, unless ``keep_edited``.
    """
    from .lint.background import BackgroundChecks
    from .rendering import certificates as certificate_drawing

    if output is not None:
        refuse_unusable(Path(output))
    if "giay-khen" in kinds:
        # Drawing workers for a long list start before it is read, while this process is small.
        certificate_drawing.start_workers_for(Path(folder), (certificates or CertificateOptions()).jobs)
    checked = check(folder)
    session = checked.session
    checkpoint("da-doc-danh-sach")
    if template_dirs is None:
        template_dirs = template_dirs_for(templates or session.templates)
    target = Path(output) if output else session_output(session)
    refuse_overwriting_signed(target)  # a signed PDF is the legal original (issue 20)

    def replaces(entry: dict) -> bool:
        # A standalone dispatch published into the same folder ("nguon") is not the session's to replace.
        return entry.get("kind") in kinds and "nguon" not in entry

    if not keep_edited:
        # Before rendering: nothing is written and no time lost. A folder that is not vanban's is refused when
        # publishing, so that the input's and templates' own errors are reported first.
        refuse_edited(target, inspect(target, replaces, refuse_foreign=False))
    # Each file goes into the new version's folder as soon as it is made (memory keeps its checksum, not its
    # bytes); the output path shows it only when publish switches to it. A stop before removes the folder. The
    # collector leaves the checked list alone meanwhile (collection.py).
    with collector_spares_what_exists(), Staging(target) as staging:
        # A long list's documents are checked in a second process while the next ones are made.
        with BackgroundChecks() if lint and len(checked.awards) >= BACKGROUND_ROWS else nullcontext() as checks:
            files, notices, names = _render_all(checked, kinds, formats, template_dirs, progress, certificates,
                                                checks, staging.keep)
            checkpoint("kiem-tra-the-thuc")
            findings = check_format(files, progress, names, checks) if lint else {}
        files = _with_findings(files, findings)
        counts, totals = summary_counts(checked)
        inputs = [session.dot_file, session.list_file] + sorted(session.folder.glob("cong-van*.md"))
        receipt = manifest(session.name, input_digest(inputs), files, counts, totals)
        checkpoint("cong-bo")
        published = publish(target, files, receipt, replaces=replaces, keep_edited=keep_edited,
                            description=f"lập {', '.join(kinds)} ({', '.join(formats)})", source=session.folder,
                            staging=staging)
    return BuildResult(checked, target, files, notices, findings, published)


def _render_all(checked: Checked, kinds: tuple[str, ...], formats: tuple[str, ...],
                template_dirs: tuple[Path, ...], progress: Callable[[str], None] | None,
                certificates: CertificateOptions | None, checks: BackgroundChecks | None,
                keep: Callable[[OutputFile], StagedFile],
                ) -> tuple[list[StagedFile], list[str], dict[str, str]]:
    """Step 3 of build: the files of every document asked for, each decision and dispatch handed to ``checks``,
    then to ``keep`` (written into the new version's folder)."""
    files: list[OutputFile | StagedFile] = []
    notices: list[str] = []
    certificate_files_made: list[OutputFile | StagedFile] = []
    if "giay-khen" in kinds:
        # First, while this process is small: the drawing workers fork from it, and a page they write is copied.
        # Drawn after the decisions, they copied what rendering had left: 50.000 rows peaked at 1.104 MiB in this
        # stage, 686 now (bench/large_list.py).
        options = certificates or CertificateOptions()
        checkpoint("lap giay-khen")
        certificate_files_made, notices = certificate_files(
            checked, profile=options.profile, mode=options.mode, background=options.background, jobs=options.jobs,
            progress=options.progress, template_dirs=template_dirs, formats=formats, keep=keep)
    names: dict[str, str] = {}  # path -> the document's Vietnamese name, for progress lines
    documents = [("quyet-dinh", decision) for decision in checked.decisions] if "quyet-dinh" in kinds else []
    if "cong-van" in kinds:
        documents += [("cong-van", dispatch) for dispatch in dispatches(checked, template_dirs)]
    for kind, document in documents:
        name = document_name(kind, document)
        checkpoint(f"lap {document.slug}")
        # One format at a time (Word first, as render_document orders them): a decision with a long list takes a
        # while in each, and the person waiting sees which.
        for format_ in [f for f in ("docx", "pdf") if f in formats]:
            if progress:
                progress(f"lập {name}, bản {format_.upper()}")
            # The pages of a long annex made before the rest of its PDF are checked meanwhile (core.early_pages).
            listener = checks.listener() if checks is not None and format_ == "pdf" and kind in CHECKED_KINDS \
                else None
            with listening(listener):
                made = render_document(kind, document, (format_,), template_dirs,
                                       document.form if kind == "quyet-dinh" else None)
            names.update({item.path: name for item in made})
            for item in made:
                if checks is not None and item.kind in CHECKED_KINDS:
                    checks.submit(item.data, item.format, item.path,
                                  listener.handed_over if listener is not None and item.format == "pdf" else None)
            files.extend(keep(item) for item in made)
            del made
    files.extend(certificate_files_made)  # listed after the documents, as they always were
    return files, notices, names


def dispatch_output(slug: str, file: Path) -> Path:
    """output/cong-van-<tên tệp> for a standalone dispatch: each source file its own folder."""
    name = slug if slug.startswith("cong-van") else f"cong-van-{slug}"
    return default_output(DEFAULT_OUTPUT, [name], file)


def build_dispatch(file: Path, output: Path | None = None, formats: tuple[str, ...] = FORMATS,
                   session_folder: Path | None = None,
                   template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,), keep_edited: bool = False,
                   lint: bool = True) -> DispatchResult:
    """A standalone dispatch (``vanban dispatch``): read, render, publish into ``output`` (default dispatch_output).

    Into a folder shared with other dispatches or a session, it replaces only its own files (those of the same
    source file name); everything else there is carried over.
    """
    if output is not None:
        refuse_unusable(Path(output))
    session = load_session(session_folder) if session_folder else None
    document = dispatch_from_file(file, session)
    source = Path(file).name
    files = [replace(item, extra={**item.extra, "nguon": source})
             for item in render_document("cong-van", document, formats, template_dirs)]
    # Checked as build checks its own documents: the findings are reported and counted in the manifest.
    findings = check_format(files) if lint else {}
    files = _with_findings(files, findings)
    target = Path(output) if output else dispatch_output(document.slug, Path(file))
    refuse_overwriting_signed(target)  # a signed PDF is the legal original (issue 20)
    new_paths = {item.path for item in files}

    def replaces(entry: dict) -> bool:
        return entry.get("nguon") == source or entry["path"] in new_paths

    published = publish(target, files, manifest(document.slug, input_digest([Path(file)]), files, {}, {}),
                        replaces=replaces, keep_edited=keep_edited, description=f"công văn {source}",
                        source=Path(file))
    return DispatchResult(target, files, published, findings)
