"""Turn a templates folder into findings: syntax, unknown variables, split tags, DOCX and PDF saying the same words.

For template maintainers (`vanban templates lint`): every mistake is reported with its file and line (HTML, .md, .j2,
.toml) or paragraph (DOCX); the DOCX and HTML of a kind must say the same words for the sample document (the first
document of the bundled example).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from .. import pipeline
from ..core.errors import TemplateError
from ..documents.certificates import DEFAULT_PROFILE
from ..rendering.certificate_profile import available_profiles, load_profile
from ..rendering.certificates import REQUIRED_FIELDS
from ..rendering.context import decision_context, dispatch_context
from ..rendering.docx import render_docx
from ..rendering.environment import BUILTIN_TEMPLATES, environment, make_environment
from ..rendering.fields import COVERING_BODY, KINDS, names
from ..rendering.pdf import render_html
from ..rendering.template_folders import find_template
from .analysis import (
    CERTIFICATE_DOCX,
    CERTIFICATE_WORDING,
    INFO_ONLY,
    TemplateFinding,
    TextOfHtml,
    W,
    docx_place,
    docx_words,
    html_sources,
    lint_docx,
    read_names,
    unknown_names,
    used_names,
    words,
)
from .samples import RENDER_ERRORS, macro_place, sample_document


def _lint_html_kind(kind: str, env: jinja2.Environment, template_dirs: tuple[Path, ...],
                    findings: list[TemplateFinding]) -> set[str]:
    """Syntax and variables of a kind's template.html and template.docx; returns every name they read."""
    allowed = names(kind)
    used: set[str] = set()
    sources = html_sources(env, f"{kind}/template.html", findings)
    if kind == "quyet-dinh":
        used |= {name for _, tree in html_sources(env, "_shared/loi-van.j2", findings) for name in
                 read_names(tree)}
    for filename, tree in sources:
        used |= read_names(tree)
        findings.extend(unknown_names(used_names(tree), allowed, kind, filename,
                                      lambda name, t=tree: _line_of(t, name)))
    try:
        docx_path = find_template(template_dirs, f"{kind}/template.docx")
    except TemplateError:
        findings.append(TemplateFinding(f"{kind}/template.docx", "—", "không tìm thấy mẫu Word"))
        return used
    docx_unknown, docx_read = lint_docx(docx_path, env, kind, findings)
    # A Word template has no line numbers: the unknown name is shown in the paragraph that uses it.
    findings.extend(unknown_names(docx_unknown, allowed, kind, str(docx_path), docx_place(docx_path)))
    return used | docx_read


def _lint_text_template(name: str, env: jinja2.Environment, findings: list[TemplateFinding]) -> None:
    """A text template with variables of its own (the covering dispatch's body): syntax and names, with lines."""
    for filename, tree in html_sources(env, name, findings):
        findings.extend(unknown_names(used_names(tree), names(name), name, filename,
                                 lambda variable, t=tree: _line_of(t, variable)))


def lint(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,), kinds: tuple[str, ...] = tuple(KINDS),
         session_folder: Path | None = None) -> list[TemplateFinding]:
    """Every check of every kind; errors first make the command exit non-zero."""

    env = make_environment(template_dirs)
    findings: list[TemplateFinding] = []
    for kind in kinds:
        found: list[TemplateFinding] = []
        if kind == "giay-khen":
            found.extend(_lint_certificates(env, template_dirs, session_folder))
            findings.extend(found)
            continue
        used = _lint_html_kind(kind, env, template_dirs, found)
        if kind == "cong-van":
            _lint_text_template(COVERING_BODY, env, found)
        for path in KINDS[kind]:
            if path.startswith("d.") and path not in INFO_ONLY and path.split(".")[-1] not in used:
                found.append(TemplateFinding(f"{kind}/", "—", f"mẫu chưa dùng trường «{path}»", error=False))
        # Rendering a template that does not even parse would only repeat the error, without its place.
        if not any(f.error for f in found):
            found.extend(_render_checks(kind, template_dirs, session_folder, pipeline))
        findings.extend(found)
    return sorted(findings, key=lambda f: not f.error)


def _line_of(tree: nodes.Template, name: str) -> str:
    for node in tree.find_all((nodes.Getattr, nodes.Name)):
        if getattr(node, "attr", None) == name or getattr(node, "name", None) == name:
            return f"dòng {node.lineno}"
    return "—"


def _render_checks(kind: str, template_dirs: tuple[Path, ...], session_folder: Path | None,
                   pipeline) -> list[TemplateFinding]:  # noqa: ANN001 - the pipeline module
    """Render the sample in both formats: no tag left in the output, and the same words in DOCX and HTML."""
    findings = []
    env = make_environment(template_dirs)
    try:
        # The dispatch's sample is itself rendered from cong-van/gui-quyet-dinh.md: its mistakes surface here.
        document = sample_document(kind, session_folder, template_dirs)
    except TemplateError as exc:
        return [_finding_of(exc, f"{kind}/")]
    context = (decision_context if kind == "quyet-dinh" else dispatch_context)(document, env)
    try:
        html = render_html(env, f"{kind}/template.html", context)
        docx_data = render_docx(env, find_template(template_dirs, f"{kind}/template.docx"), context)
    except TemplateError as exc:
        return [TemplateFinding(f"{kind}/", "khi thử với dữ liệu mẫu", exc.message)]
    parser = TextOfHtml()
    parser.feed(html)
    html_text = "".join(parser.parts)
    docx_counted, docx_text = docx_words(docx_data)
    for label, text in (("template.html", html_text), ("template.docx", docx_text)):
        left = re.findall(r"\{\{|\{%|\}\}|%\}", text)
        if left:
            findings.append(TemplateFinding(f"{kind}/{label}", "sau khi điền dữ liệu mẫu",
                                            f"còn sót thẻ chưa thay: {' '.join(sorted(set(left)))}"))
    html_words = words(html_text)
    if html_words != docx_counted:
        only_html = ", ".join(sorted((html_words - docx_counted).elements())[:12])
        only_docx = ", ".join(sorted((docx_counted - html_words).elements())[:12])
        findings.append(TemplateFinding(f"{kind}/", "so sánh hai mẫu với dữ liệu mẫu",
                                        f"bản DOCX và bản PDF (HTML) không cùng lời: chỉ có trong HTML: [{only_html}]; "
                                        f"chỉ có trong DOCX: [{only_docx}]"))
    return findings


_PLACED = re.compile(r"^(?P<file>.+?), dòng (?P<line>\d+): (?P<message>.*)$", re.S)


def _finding_of(exc: TemplateError, file: str) -> TemplateFinding:
    """A TemplateError raised while rendering the sample, as a finding at the file and line it names."""
    placed = _PLACED.match(exc.message)
    if placed:
        return TemplateFinding(placed["file"], f"dòng {placed['line']} (khi thử với dữ liệu mẫu)",
                               placed["message"])
    return TemplateFinding(file, "khi thử với dữ liệu mẫu", exc.message)


# ------------------------------------------------------------------------------------------ certificates

def _toml_place(path: Path, key: str | None, message: str = "") -> str:
    """Where in a stock profile: the line of its [o.field] / [[ve]] table or of the TOML syntax error, and the key."""
    line = re.search(r"at line (\d+)", message)
    if line:
        return f"dòng {line.group(1)}"
    if not key:
        return "—"
    parts = key.split(".")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    header = f"[{'.'.join(parts[:2])}]" if parts[0] == "o" and len(parts) > 1 else None
    for number, text in enumerate(lines, start=1):
        stripped = text.split("#", 1)[0].strip()
        if (header and stripped == header) or (not header and stripped.split("=")[0].strip() == parts[0]):
            return f"dòng {number}, mục {key}"
    return f"mục {key}"


def _lint_profiles(template_dirs: tuple[Path, ...], macros: set[str] | None) -> list[TemplateFinding]:
    """Every stock profile giay-khen/*.toml loads, and places only fields loi-van.j2 has a macro for."""
    findings = []
    for name in available_profiles(template_dirs):
        try:
            profile = load_profile(name, template_dirs)
        except TemplateError as exc:
            path = next(d / "giay-khen" / f"{name}.toml" for d in template_dirs
                        if (d / "giay-khen" / f"{name}.toml").is_file())
            if not exc.problems:  # TOML syntax: the line is in tomllib's message
                detail = str(exc.__cause__ or exc.message)
                findings.append(TemplateFinding(str(path), _toml_place(path, None, detail),
                                                f"hồ sơ phôi sai cú pháp TOML, sửa dòng này ({detail})"))
            for problem in exc.problems:
                key = problem.location.key if problem.location else None
                findings.append(TemplateFinding(str(path), _toml_place(path, key), problem.message))
            continue
        fields = {box.field for box in profile.boxes}
        if macros is not None:
            for field in sorted(fields - macros):
                findings.append(TemplateFinding(
                    str(profile.path), _toml_place(profile.path, f"o.{field}"),
                    f"ô [o.{field}] không có macro «{field}» trong {CERTIFICATE_WORDING}; sửa tên ô hoặc thêm macro"))
        for field in REQUIRED_FIELDS:
            if field not in fields:
                findings.append(TemplateFinding(
                    str(profile.path), "—", f"thiếu ô [o.{field}]: giấy khen nào cũng phải in họ tên, số quyết "
                                            "định và số sổ"))
    return findings


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def _docx_text_with_breaks(data: bytes) -> str:
    """The words of a rendered .docx, a line break (<w:br/>) or a tab counting as a space as it does on paper."""
    import io
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    # A document number's hyphen is Word's non-breaking hyphen (rendering/docx_symbols.py): it reads as "-".
    parts = [(element.text or "") if element.tag == f"{W}t" else "-" if element.tag == f"{W}noBreakHyphen" else "\n"
             for element in root.iter(f"{W}t", f"{W}noBreakHyphen", f"{W}br", f"{W}tab", f"{W}p")]
    return "".join(parts)


def _lint_certificates(env: jinja2.Environment, template_dirs: tuple[Path, ...],
                       session_folder: Path | None) -> list[TemplateFinding]:
    """loi-van.j2 (macros), template.docx and the stock profiles; then the sample drawn in both formats."""
    findings: list[TemplateFinding] = []
    macros: set[str] | None = None
    allowed = names("giay-khen")
    for filename, tree in html_sources(env, CERTIFICATE_WORDING, findings):
        macros = {node.name for node in tree.find_all(nodes.Macro)}
        findings.extend(unknown_names(used_names(tree), allowed, "giay-khen", filename,
                                 lambda name, t=tree: _line_of(t, name)))
    # A new macro is a new field: template.docx may print it as c.texts.<macro>.
    allowed |= macros or set()
    try:
        docx_path = find_template(template_dirs, CERTIFICATE_DOCX)
    except TemplateError:
        findings.append(TemplateFinding(CERTIFICATE_DOCX, "—", "không tìm thấy mẫu Word của giấy khen"))
    else:
        docx_unknown, _ = lint_docx(docx_path, env, "giay-khen", findings)
        findings.extend(unknown_names(docx_unknown, allowed, "giay-khen", str(docx_path), docx_place(docx_path)))
    findings.extend(_lint_profiles(template_dirs, macros))
    if not any(f.error for f in findings):
        findings.extend(_certificate_render_checks(template_dirs, session_folder))
    return findings


def _certificate_render_checks(template_dirs: tuple[Path, ...], session_folder: Path | None,
                               ) -> list[TemplateFinding]:
    """Draw the sample's certificates in full design: no tag left, and the DOCX says the words of the PDF."""
    environment.cache_clear()  # the certificate renderer uses the cached environment: read the files afresh
    checked = pipeline.check(session_folder or pipeline.DEFAULT_SESSION)
    try:
        # The default profile in full design: the one profile that draws every field, as template.docx prints them.
        files, _ = pipeline.certificate_files(checked, profile=DEFAULT_PROFILE, mode="full", jobs=1,
                                     template_dirs=template_dirs)
    except TemplateError as exc:
        return [_finding_of(exc, "giay-khen/")]
    except RENDER_ERRORS as exc:
        return [TemplateFinding(macro_place(exc, template_dirs), "khi thử với dữ liệu mẫu",
                                f"mẫu tính sai, sửa biểu thức ở dòng này ({exc.__class__.__name__}: {exc})")]
    if not files:
        return [TemplateFinding("giay-khen/", "—", "đợt dùng làm dữ liệu thử không có giấy khen nào: chưa thử vẽ được "
                                "(chọn đợt khác bằng --dot)", error=False)]
    pdf_text = _pdf_text(next(f.data for f in files if f.path.endswith("tat-ca.pdf")))
    docx_text = _docx_text_with_breaks(next(f.data for f in files if f.path.endswith(".docx")))
    findings = []
    for label, text in (("loi-van.j2 (bản PDF)", pdf_text), ("template.docx", docx_text)):
        left = re.findall(r"\{\{|\{%|\}\}|%\}", text)
        if left:
            findings.append(TemplateFinding(f"giay-khen/{label}", "sau khi điền dữ liệu mẫu",
                                            f"còn sót thẻ chưa thay: {' '.join(sorted(set(left)))}"))
    pdf_words, docx_words = words(pdf_text), words(docx_text)
    if pdf_words != docx_words:
        only_pdf = ", ".join(sorted((pdf_words - docx_words).elements())[:12])
        only_docx = ", ".join(sorted((docx_words - pdf_words).elements())[:12])
        findings.append(TemplateFinding(
            "giay-khen/", "so sánh hai bản với dữ liệu mẫu",
            f"bản DOCX và bản PDF của giấy khen không cùng lời: chỉ có trong PDF: [{only_pdf}]; chỉ có trong DOCX: "
            f"[{only_docx}]. template.docx phải in đúng các trường c.texts.<tên> của mọi ô trong hồ sơ "
            f"{DEFAULT_PROFILE}, không thêm bớt chữ"))
    return findings
