"""Turn a session folder into its documents: load → validate → build → render → check format → publish, in order.

This is the file a newcomer reads first. The CLI and the tests call these functions and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .building import build_decisions
from .errors import Problem
from .legal import CATALOGUE_DIR, Catalogue, load_catalogue
from .loading import Loaded, load_rows, load_session
from .model import Award, Decision, Session
from .publishing import OutputFile, input_digest, manifest, publish
from .rendering.environment import BUILTIN_TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SESSION = ROOT / "data" / "vi-du"
DEFAULT_OUTPUT = ROOT / "output"
FORMATS = ("pdf", "docx")
KINDS = ("quyet-dinh", "cong-van", "giay-khen")
# Documents in the decree's format: the format checker reads each one back after rendering.
CHECKED_KINDS = ("quyet-dinh", "cong-van")


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
    """How certificates are printed (see certificates.certificate_files); None means dot.toml, then the profile."""

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


def check(folder: Path, catalogue_dir: Path = CATALOGUE_DIR, numbers_pending: bool = False) -> Checked:
    """Steps 1–2: load and validate the session, build the documents in memory. Writes nothing.

    Inconsistent settings (consistency.py) stop here; ``numbers_pending``: vanban issue is about to write the
    numbers and dates, so a decision without them is not yet a mistake.
    """
    from .validation import validate

    catalogue = load_catalogue(catalogue_dir)
    session = load_session(folder)
    loaded = load_rows(session)
    from .errors import collect

    collect(loaded.problems, f"Danh sách {session.list_file.name} có lỗi")
    validated = validate(loaded.rows, session, catalogue)
    built = build_decisions(session, validated.awards, catalogue)
    from .consistency import settings_problems

    found = settings_problems(session, built.decisions, numbers_pending=numbers_pending)
    collect(found, f"Tệp cài đặt {session.dot_file} chưa đúng")
    warnings = validated.warnings + built.warnings + [problem for problem in found if problem.warning]
    return Checked(session, validated.awards, built.decisions, warnings, catalogue, loaded)


def render_document(kind: str, document, formats: tuple[str, ...],  # noqa: ANN001 - Decision or Dispatch
                    template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,), hinh_thuc: str | None = None,
                    ) -> list[OutputFile]:
    """Step 3: the same document object through the same environment, to DOCX and to PDF."""
    from .rendering.collection import fewer_collections
    from .rendering.context import decision_context, dispatch_context
    from .rendering.environment import environment

    env = environment(template_dirs)
    context = (decision_context if kind == "quyet-dinh" else dispatch_context)(document, env)
    files = []
    with fewer_collections():
        if "docx" in formats:
            from .rendering.docx import find_template, render_docx

            data = render_docx(env, find_template(template_dirs, f"{kind}/template.docx"), context)
            files.append(OutputFile(f"{document.slug}.docx", kind, "docx", data, hinh_thuc))
        if "pdf" in formats:
            from .rendering.pdf import render_pdf

            data, pages = render_pdf(env, f"{kind}/template.html", context, base_url=str(template_dirs[-1]))
            files.append(OutputFile(f"{document.slug}.pdf", kind, "pdf", data, hinh_thuc, pages))
    return files


def render_decision(decision: Decision, formats: tuple[str, ...],
                    template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list[OutputFile]:
    return render_document("quyet-dinh", decision, formats, template_dirs, decision.form)


def dispatches(checked: Checked, template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list:
    """The covering dispatch(es) of the session, and the session's own cong-van.md when there is one."""
    from .dispatch import covering_dispatches, dispatch_from_file
    from .rendering.environment import environment

    found = covering_dispatches(checked.session, checked.decisions, environment(template_dirs))
    own = checked.session.folder / "cong-van.md"
    if own.is_file():
        found.append(dispatch_from_file(own, checked.session))
    return found


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


def check_format(files: list[OutputFile]) -> dict[str, list]:
    """Step 4: read every decree-format document back with the format checker (Nghị định 30), path -> findings."""
    from .lint import check_bytes

    return {item.path: check_bytes(item.data, item.format, item.path)
            for item in files if item.kind in CHECKED_KINDS}


def _with_findings(files: list[OutputFile], findings: dict[str, list]) -> list[OutputFile]:
    from .lint import counts

    marked = []
    for item in files:
        if item.path in findings:
            errors, warnings = counts(findings[item.path])
            item = replace(item, extra={**item.extra, "format_check": {"errors": errors, "warnings": warnings}})
        marked.append(item)
    return marked


def build(folder: Path = DEFAULT_SESSION, output: Path | None = None, formats: tuple[str, ...] = FORMATS,
          template_dirs: tuple[Path, ...] | None = None, kinds: tuple[str, ...] = KINDS,
          progress: Callable[[str], None] | None = None, templates: Path | None = None,
          certificates: CertificateOptions | None = None, lint: bool = True) -> BuildResult:
    """Steps 1–5: every document of the session, written atomically into ``output`` (default output/<đợt>).

    Templates: ``templates`` (the --templates option), else ``[mau] thu_muc`` of dot.toml, layered over the built-in
    folder; ``template_dirs`` gives the whole stack directly. ``lint``: run the format checker on each decision and
    dispatch (findings are reported, and counted in the manifest; they do not stop the build).
    """
    checked = check(folder)
    session = checked.session
    if template_dirs is None:
        from .templating import template_dirs_for

        template_dirs = template_dirs_for(templates or session.templates)
    target = Path(output) if output else DEFAULT_OUTPUT / session.name
    files: list[OutputFile] = []
    notices: list[str] = []
    if "quyet-dinh" in kinds:
        for decision in checked.decisions:
            if progress:
                progress(decision.slug)
            files.extend(render_decision(decision, formats, template_dirs))
    if "cong-van" in kinds:
        for dispatch in dispatches(checked, template_dirs):
            if progress:
                progress(dispatch.slug)
            files.extend(render_document("cong-van", dispatch, formats, template_dirs))
    if "giay-khen" in kinds:
        from .certificates import certificate_files

        options = certificates or CertificateOptions()
        if progress:
            progress("giay-khen")
        made, notices = certificate_files(
            checked, profile=options.profile, mode=options.mode, background=options.background, jobs=options.jobs,
            progress=options.progress, template_dirs=template_dirs, formats=formats)
        files.extend(made)
    findings = check_format(files) if lint else {}
    files = _with_findings(files, findings)
    counts, totals = summary_counts(checked)
    inputs = [session.dot_file, session.list_file] + sorted(session.folder.glob("cong-van*.md"))
    receipt = manifest(session.name, input_digest(inputs), files, counts, totals)
    publish(target, files, receipt)
    return BuildResult(checked, target, files, notices, findings)


def build_dispatch(file: Path, output: Path | None = None, formats: tuple[str, ...] = FORMATS,
                   session_folder: Path | None = None,
                   template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list[OutputFile]:
    """A standalone dispatch (``vanban dispatch``): read, render, publish into ``output`` (default output/cong-van)."""
    from .dispatch import dispatch_from_file

    session = load_session(session_folder) if session_folder else None
    document = dispatch_from_file(file, session)
    files = render_document("cong-van", document, formats, template_dirs)
    target = Path(output) if output else DEFAULT_OUTPUT / "cong-van"
    publish(target, files, manifest(document.slug, input_digest([Path(file)]), files, {}, {}))
    return files
