"""Turn a templates folder into findings (lint), previews (PDF + PNG) and the variable reference (fields).

For template maintainers: every mistake is reported with its file and line (HTML) or paragraph (DOCX), and the DOCX
and HTML of a kind must say the same words for the sample document (the first document of the bundled example).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2
from jinja2 import nodes

from .errors import InputError, TemplateError
from .rendering.environment import BUILTIN_TEMPLATES, make_environment
from .rendering.fields import COVERING_BODY, KINDS, SECTIONS, TABLES, names

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_JINJA_GLOBALS = {"loop", "range", "true", "false", "none", "True", "False", "None", "caller", "varargs", "kwargs",
                  "dict", "lipsum", "cycler", "joiner", "namespace", "self"}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# Fields read through filters or kept for information: not printing them is no mistake.
INFO_ONLY = {"d.slug", "d.legal", "d.warnings", "d.ref.is_draft", "d.ref.symbol", "d.ref.number",
             "d.issuer.abbreviation", "d.issuer.level", "d.subject", "d.annex.counts", "d.counts.total"}
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape"}


@dataclass(frozen=True)
class TemplateFinding:
    file: str
    place: str  # "dòng 12" or "đoạn văn 7 «{{ d.form }}»"
    message: str
    error: bool = True

    def describe(self) -> str:
        level = "LỖI" if self.error else "Cảnh báo"
        return f"{level}: {self.file}, {self.place}: {self.message}"


def template_dirs_for(override: Path | None) -> tuple[Path, ...]:
    """An office's folder first (its files win), the built-in templates behind it."""
    if override is None:
        return (BUILTIN_TEMPLATES,)
    if not Path(override).is_dir():
        raise InputError(f"Không tìm thấy thư mục mẫu «{override}».")
    return (Path(override).resolve(), BUILTIN_TEMPLATES)


# ------------------------------------------------------------------------------------------ sample documents


def sample_document(kind: str, session_folder: Path | None = None,
                    template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)):  # noqa: ANN201 - Decision | Dispatch
    """The document a kind's preview and lint render: the first one of a session (the bundled example by default).

    Certificates have no single document: see ``certificate_sample``.
    """
    from . import pipeline

    checked = pipeline.check(session_folder or pipeline.DEFAULT_SESSION)
    if kind == "quyet-dinh":
        return checked.decisions[0]
    if kind == "cong-van":
        return pipeline.dispatches(checked, template_dirs)[0]
    raise InputError(f"Không có loại văn bản «{kind}»; chọn một trong: {', '.join(KINDS)}.")


# ------------------------------------------------------------------------------------------ static analysis


def _read_names(tree: nodes.Template) -> set[str]:
    """Every attribute and variable name a template reads (for the "field never used" warning)."""
    found = {node.attr for node in tree.find_all(nodes.Getattr)}
    found |= {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
    return found


def _used_names(tree: nodes.Template) -> set[str]:
    """Attribute and variable names a template reads, less the names it defines itself and loop.* helpers."""
    used: set[str] = set()
    defined: set[str] = set()
    for node in tree.find_all(nodes.Getattr):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "loop"):
            used.add(node.attr)
    for node in tree.find_all(nodes.Name):
        (defined if node.ctx in ("store", "param") else used).add(node.name)
    for node in tree.find_all(nodes.Macro):
        defined.add(node.name)
        defined.update(arg.name for arg in node.args)
    for node in tree.find_all(nodes.FromImport):
        defined.update(name if isinstance(name, str) else name[1] for name in node.names)
    for node in tree.find_all(nodes.Import):
        defined.add(node.target)
    return used - defined - _JINJA_GLOBALS


def _includes(tree: nodes.Template) -> list[str]:
    found = []
    for node in tree.find_all(nodes.Include):
        if isinstance(node.template, nodes.Const):
            found.append(node.template.value)
    return found


_LOOKING_FOR = re.compile(r"looking for the following tags: (.*?)\. "
                          r"The innermost block that needs to be closed is '(\w+)'")


def explain_syntax(message: str) -> str:
    """Jinja's English syntax message, told in Vietnamese with what to fix (the original kept for reference)."""
    closing = _LOOKING_FOR.search(message)
    need = ""
    if closing:
        wanted = re.findall(r"'(\w+)'", closing.group(1))
        # "elif or else or endif": the closing tag is what a maintainer forgot.
        wanted = [tag for tag in wanted if tag.startswith("end")] or wanted
        tags = " hoặc ".join(f"«{{% {tag} %}}»" for tag in wanted)
        need = f"; thẻ «{{% {closing.group(2)} %}}» đang mở cần {tags}"
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if unknown:
        told = f"thẻ «{{% {unknown.group(1)} %}}» không có (gõ sai tên thẻ, hoặc đóng thẻ khi chưa mở){need}"
    elif message.startswith("Unexpected end of template"):
        told = f"mẫu đã hết mà còn thẻ chưa đóng{need}"
    elif "end of print statement" in message:
        told = "biểu thức trong «{{ … }}» chưa đúng: thiếu hoặc thừa dấu, toán hạng"
    elif re.match(r"unexpected '[}%]'", message):
        told = "dấu đóng không đúng chỗ: thẻ mở «{{» đóng bằng «}}», thẻ «{%» đóng bằng «%}»"
    elif message.startswith("expected token"):
        told = "thẻ viết chưa đúng cú pháp (thiếu dấu, thiếu tên biến, hoặc đóng sai)"
    else:
        told = "thẻ viết chưa đúng cú pháp"
    return f"{told} (Jinja: {message})"


def _html_sources(env: jinja2.Environment, name: str, findings: list[TemplateFinding],
                  seen: set[str] | None = None) -> list[tuple[str, nodes.Template]]:
    seen = seen if seen is not None else set()
    if name in seen:
        return []
    seen.add(name)
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        findings.append(TemplateFinding(name, "—", "không tìm thấy tệp mẫu"))
        return []
    try:
        tree = env.parse(source, name, filename)
    except jinja2.TemplateSyntaxError as exc:
        findings.append(TemplateFinding(filename, f"dòng {exc.lineno}",
                                        f"lỗi cú pháp Jinja: {explain_syntax(exc.message or '')}"))
        return []
    result = [(filename, tree)]
    for included in _includes(tree):
        result.extend(_html_sources(env, included, findings, seen))
    return result


def _docx_paragraphs(path: Path) -> list[tuple[list[str], object]]:
    """(texts of the runs, the w:p element) for every paragraph of the body and of the headers, in order."""
    import zipfile

    from lxml import etree

    paragraphs = []
    with zipfile.ZipFile(path) as archive:
        parts = ["word/document.xml"] + sorted(n for n in archive.namelist() if re.match(r"word/header\d*\.xml", n))
        for part in parts:
            root = etree.fromstring(archive.read(part))
            for paragraph in root.iter(f"{W}p"):
                runs = ["".join(t.text or "" for t in run.iter(f"{W}t")) for run in paragraph.iter(f"{W}r")]
                paragraphs.append((runs, paragraph))
    return paragraphs


def _split_tags(runs: list[str]) -> list[str]:
    """Tags whose characters are spread over several runs (Word split them while editing or proofing)."""
    text = "".join(runs)
    boundaries = set()
    position = 0
    for run in runs[:-1]:
        position += len(run)
        boundaries.add(position)
    split = []
    for match in _TAG.finditer(text):
        if any(match.start() < b < match.end() for b in boundaries):
            split.append(match.group(0))
    # A tag opened but never closed inside the paragraph is broken too.
    for opener, closer in (("{{", "}}"), ("{%", "%}")):
        if text.count(opener) != text.count(closer):
            split.append(opener + " … " + closer)
    return split


def _tag_balance(paragraphs: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """Unclosed or stray block tags: (paragraph number, its text, message)."""
    problems = []
    stack: list[tuple[str, int, str]] = []
    for number, text in paragraphs:
        for match in re.finditer(r"\{%-?\s*[prc]?\s*(\w+)", text):
            word = match.group(1)
            if word in _OPENERS:
                stack.append((word, number, text))
            elif word.startswith("end"):
                wanted = word[3:]
                if not stack or stack[-1][0] != wanted:
                    message = f"thẻ «{{% {word} %}}» không có thẻ mở «{{% {wanted} %}}» tương ứng"
                    problems.append((number, text, message))
                else:
                    stack.pop()
    for word, number, text in stack:
        problems.append((number, text, f"thẻ «{{% {word} %}}» mở ở đây nhưng không có «{{% end{word} %}}»"))
    return problems


def _docx_source(path: Path) -> str:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.render_init()
    source = template.patch_xml(template.get_xml())
    for _, header in template.get_headers_footers(template.HEADER_URI):
        source += template.patch_xml(template.xml_to_string(header._element))
    return source


def lint_docx(path: Path, env: jinja2.Environment, kind: str, findings: list[TemplateFinding],
              ) -> tuple[set[str], set[str]]:
    """Syntax (located by paragraph) and split tags of a Word template; returns (names to check, names read)."""
    paragraphs = _docx_paragraphs(path)
    numbered = [(index, "".join(runs)) for index, (runs, _) in enumerate(paragraphs, start=1)]
    for index, (runs, _) in enumerate(paragraphs, start=1):
        for tag in _split_tags(runs):
            findings.append(TemplateFinding(
                str(path), f"đoạn văn {index} «{''.join(runs)[:60]}»",
                f"thẻ «{tag}» bị Word tách thành nhiều đoạn định dạng (run) hoặc thiếu dấu đóng; xóa rồi gõ lại "
                "cả thẻ liền một mạch, không đổi định dạng giữa chừng"))
    balance = _tag_balance(numbered)
    for number, text, message in balance:
        findings.append(TemplateFinding(str(path), f"đoạn văn {number} «{text[:60]}»", message))
    try:
        tree = env.parse(_docx_source(path))
    except jinja2.TemplateSyntaxError as exc:
        if not balance:
            place = _locate_expression_error(numbered, env) or "—"
            findings.append(TemplateFinding(str(path), place,
                                            f"lỗi cú pháp Jinja: {explain_syntax(exc.message or '')}"))
        return set(), set()
    return _used_names(tree), _read_names(tree)


def _locate_expression_error(numbered: list[tuple[int, str]], env: jinja2.Environment) -> str | None:
    for number, text in numbered:
        for match in re.finditer(r"\{\{(.*?)\}\}", text):
            try:
                env.parse("{{" + match.group(1) + "}}")
            except jinja2.TemplateSyntaxError:
                return f"đoạn văn {number} «{text[:60]}»"
    return None


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "title", "script"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _words(text: str) -> Counter:
    return Counter(text.replace("\u00a0", " ").split())


def _docx_words(data: bytes) -> tuple[Counter, str]:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")]
    joined = "\n".join(texts)
    return _words(joined), joined


def _unknown(names_used: set[str], allowed: set[str], table: str, file: str, place: Callable[[str], str],
             ) -> list[TemplateFinding]:
    """One error per variable the table does not document, at the place ``place`` finds for it."""
    kind = table.split("/")[0]
    return [TemplateFinding(file, place(name), f"biến «{name}» không có trong dữ liệu của mẫu này; sửa tên biến "
                                               f"(xem: vanban templates fields {kind})")
            for name in sorted(names_used - allowed)]


def _docx_place(path: Path) -> Callable[[str], str]:
    """The first paragraph of a Word template whose tags use ``name``: where to look for an unknown variable."""
    numbered = [(index, "".join(runs)) for index, (runs, _) in enumerate(_docx_paragraphs(path), start=1)]

    def place(name: str) -> str:
        word = re.compile(rf"(?<![\w]){re.escape(name)}(?!\w)")
        for number, text in numbered:
            if any(word.search(tag) for tag in _TAG.findall(text)):
                return f"đoạn văn {number} «{text[:60]}»"
        return "—"

    return place


def _lint_html_kind(kind: str, env: jinja2.Environment, template_dirs: tuple[Path, ...],
                    findings: list[TemplateFinding]) -> set[str]:
    """Syntax and variables of a kind's template.html and template.docx; returns every name they read."""
    from .rendering.docx import find_template

    allowed = names(kind)
    used: set[str] = set()
    html_sources = _html_sources(env, f"{kind}/template.html", findings)
    if kind == "quyet-dinh":
        used |= {name for _, tree in _html_sources(env, "_shared/loi-van.j2", findings) for name in
                 _read_names(tree)}
    for filename, tree in html_sources:
        used |= _read_names(tree)
        findings.extend(_unknown(_used_names(tree), allowed, kind, filename, lambda name, t=tree: _line_of(t, name)))
    try:
        docx_path = find_template(template_dirs, f"{kind}/template.docx")
    except TemplateError:
        findings.append(TemplateFinding(f"{kind}/template.docx", "—", "không tìm thấy mẫu Word"))
        return used
    docx_unknown, docx_read = lint_docx(docx_path, env, kind, findings)
    # A Word template has no line numbers: the unknown name is shown in the paragraph that uses it.
    findings.extend(_unknown(docx_unknown, allowed, kind, str(docx_path), _docx_place(docx_path)))
    return used | docx_read


def _lint_text_template(name: str, env: jinja2.Environment, findings: list[TemplateFinding]) -> None:
    """A text template with variables of its own (the covering dispatch's body): syntax and names, with lines."""
    for filename, tree in _html_sources(env, name, findings):
        findings.extend(_unknown(_used_names(tree), names(name), name, filename,
                                 lambda variable, t=tree: _line_of(t, variable)))


def lint(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,), kinds: tuple[str, ...] = tuple(KINDS),
         session_folder: Path | None = None) -> list[TemplateFinding]:
    """Every check of every kind; errors first make the command exit non-zero."""
    from . import pipeline

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
    from .rendering.context import decision_context, dispatch_context
    from .rendering.docx import find_template, render_docx
    from .rendering.pdf import render_html

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
    parser = _TextOfHtml()
    parser.feed(html)
    html_text = "".join(parser.parts)
    docx_words, docx_text = _docx_words(docx_data)
    for label, text in (("template.html", html_text), ("template.docx", docx_text)):
        left = re.findall(r"\{\{|\{%|\}\}|%\}", text)
        if left:
            findings.append(TemplateFinding(f"{kind}/{label}", "sau khi điền dữ liệu mẫu",
                                            f"còn sót thẻ chưa thay: {' '.join(sorted(set(left)))}"))
    html_words = _words(html_text)
    if html_words != docx_words:
        only_html = ", ".join(sorted((html_words - docx_words).elements())[:12])
        only_docx = ", ".join(sorted((docx_words - html_words).elements())[:12])
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

CERTIFICATE_WORDING = "giay-khen/loi-van.j2"
CERTIFICATE_DOCX = "giay-khen/template.docx"
# The Jinja errors a wording macro can raise while the sample is drawn (anything else is a bug of vanban).
_RENDER_ERRORS = (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError,
                  ZeroDivisionError)


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
    from .certificates import REQUIRED_FIELDS
    from .rendering.certificate_profile import available_profiles, load_profile

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


def certificate_sample(checked, *, one_per_form: bool):  # noqa: ANN001, ANN201 - pipeline.Checked
    """The session to draw certificates of; for a preview only the first awardee of each decision (form)."""
    from dataclasses import replace

    if not one_per_form:
        return checked
    decisions = []
    for decision in checked.decisions:
        first = next((section for section in decision.annex.sections if section.rows), None)
        sections = (replace(first, rows=first.rows[:1]),) if first else ()
        decisions.append(replace(decision, annex=replace(decision.annex, sections=sections)))
    return replace(checked, decisions=decisions)


def _macro_place(exc: BaseException, template_dirs: tuple[Path, ...]) -> str:
    """'giay-khen/loi-van.j2, dòng 41' for an error inside a wording macro.

    The certificate renderer calls the macros from Python, so Jinja does not rewrite the traceback: the frame's line
    is a line of the compiled module, which the template maps back to its own line.
    """
    import traceback

    from .rendering.environment import environment

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return CERTIFICATE_WORDING
    try:
        template = environment(template_dirs).get_template(CERTIFICATE_WORDING)
        line = template.get_corresponding_lineno(frames[-1].lineno or 0)
    except jinja2.TemplateError:
        return frames[-1].filename
    return f"{frames[-1].filename}, dòng {line}"


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
    parts = [(element.text or "") if element.tag == f"{W}t" else "\n"
             for element in root.iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}p")]
    return "".join(parts)


def _lint_certificates(env: jinja2.Environment, template_dirs: tuple[Path, ...],
                       session_folder: Path | None) -> list[TemplateFinding]:
    """loi-van.j2 (macros), template.docx and the stock profiles; then the sample drawn in both formats."""
    from .rendering.docx import find_template

    findings: list[TemplateFinding] = []
    macros: set[str] | None = None
    allowed = names("giay-khen")
    for filename, tree in _html_sources(env, CERTIFICATE_WORDING, findings):
        macros = {node.name for node in tree.find_all(nodes.Macro)}
        findings.extend(_unknown(_used_names(tree), allowed, "giay-khen", filename,
                                 lambda name, t=tree: _line_of(t, name)))
    # A new macro is a new field: template.docx may print it as c.texts.<macro>.
    allowed |= macros or set()
    try:
        docx_path = find_template(template_dirs, CERTIFICATE_DOCX)
    except TemplateError:
        findings.append(TemplateFinding(CERTIFICATE_DOCX, "—", "không tìm thấy mẫu Word của giấy khen"))
    else:
        docx_unknown, _ = lint_docx(docx_path, env, "giay-khen", findings)
        findings.extend(_unknown(docx_unknown, allowed, "giay-khen", str(docx_path), _docx_place(docx_path)))
    findings.extend(_lint_profiles(template_dirs, macros))
    if not any(f.error for f in findings):
        findings.extend(_certificate_render_checks(template_dirs, session_folder))
    return findings


def _certificate_render_checks(template_dirs: tuple[Path, ...], session_folder: Path | None,
                               ) -> list[TemplateFinding]:
    """Draw the sample's certificates in full design: no tag left, and the DOCX says the words of the PDF."""
    from . import pipeline
    from .certificates import DEFAULT_PROFILE, certificate_files
    from .rendering.environment import environment

    environment.cache_clear()  # the certificate renderer uses the cached environment: read the files afresh
    checked = pipeline.check(session_folder or pipeline.DEFAULT_SESSION)
    try:
        # The default profile in full design: the one profile that draws every field, as template.docx prints them.
        files, _ = certificate_files(checked, profile=DEFAULT_PROFILE, mode="full", jobs=1,
                                     template_dirs=template_dirs)
    except TemplateError as exc:
        return [_finding_of(exc, "giay-khen/")]
    except _RENDER_ERRORS as exc:
        return [TemplateFinding(_macro_place(exc, template_dirs), "khi thử với dữ liệu mẫu",
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
    pdf_words, docx_words = _words(pdf_text), _words(docx_text)
    if pdf_words != docx_words:
        only_pdf = ", ".join(sorted((pdf_words - docx_words).elements())[:12])
        only_docx = ", ".join(sorted((docx_words - pdf_words).elements())[:12])
        findings.append(TemplateFinding(
            "giay-khen/", "so sánh hai bản với dữ liệu mẫu",
            f"bản DOCX và bản PDF của giấy khen không cùng lời: chỉ có trong PDF: [{only_pdf}]; chỉ có trong DOCX: "
            f"[{only_docx}]. template.docx phải in đúng các trường c.texts.<tên> của mọi ô trong hồ sơ "
            f"{DEFAULT_PROFILE}, không thêm bớt chữ"))
    return findings


# ------------------------------------------------------------------------------------------ preview


def certificate_preview_pdf(template_dirs: tuple[Path, ...], session_folder: Path | None = None) -> bytes:
    """The first certificate of each form of the session, with its profile ([giay_khen] ho_so, else the default).

    A few pages are enough to see a change of loi-van.j2 or of a profile, and keep --watch quick on a big session.
    """
    from . import pipeline
    from .certificates import certificate_files

    checked = pipeline.check(session_folder or pipeline.DEFAULT_SESSION)
    try:
        files, _ = certificate_files(certificate_sample(checked, one_per_form=True), formats=("pdf",), jobs=1,
                                     template_dirs=template_dirs)
    except _RENDER_ERRORS as exc:
        # Raised inside a wording macro, which the renderer calls from Python: a template mistake, not a crash.
        raise TemplateError(f"{_macro_place(exc, template_dirs)}: mẫu tính sai, sửa biểu thức ở dòng này "
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

    from . import pipeline
    from .rendering.environment import environment

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
        seen = current
        try:
            _, pngs, seconds = preview(kind, template_dirs, output, session_folder)
            report(f"Đã vẽ lại {kind}: {len(pngs)} trang, {seconds:.2f} giây")
        except (TemplateError, InputError) as exc:
            report(exc.format_message())
        rendered += 1


def fields_text(kind: str) -> str:
    """`vanban templates fields KIND`: each table of the kind under the files it serves (cong-van has two)."""
    if kind not in SECTIONS:
        raise InputError(f"Không có loại văn bản «{kind}»; chọn một trong: {', '.join(SECTIONS)}.")
    blocks = []
    for table, files in SECTIONS[kind]:
        width = max(len(path) for path in TABLES[table])
        lines = [f"Biến của {files}:"]
        lines += [f"  {path.ljust(width)}  {description}" for path, description in TABLES[table].items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def template_variables(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list[tuple[str, str, set[str]]]:
    """(file, its variable table, the names it reads) for every template with variables: what the guide must list.

    A name a template defines itself (loop variable, {% set %}, macro and its parameters) is not counted; nor, for
    template.docx of giay-khen, a c.texts.<field> whose field is a macro of loi-van.j2 (a field an office added).
    Files that do not parse are left out: lint reports them.
    """
    env = make_environment(template_dirs)
    ignored: list[TemplateFinding] = []
    result = []
    for kind in ("quyet-dinh", "cong-van"):
        for filename, tree in _html_sources(env, f"{kind}/template.html", ignored):
            result.append((filename, kind, _used_names(tree)))
    for name in (COVERING_BODY, CERTIFICATE_WORDING):
        for filename, tree in _html_sources(env, name, ignored)[:1]:
            result.append((filename, name if name == COVERING_BODY else "giay-khen", _used_names(tree)))
    macros = {node.name for _, tree in _html_sources(env, CERTIFICATE_WORDING, ignored)
              for node in tree.find_all(nodes.Macro)}
    from .rendering.docx import find_template

    for relative, table, extra in (("quyet-dinh/template.docx", "quyet-dinh", set()),
                                   ("cong-van/template.docx", "cong-van", set()),
                                   (CERTIFICATE_DOCX, "giay-khen", macros)):
        try:
            tree = env.parse(_docx_source(find_template(template_dirs, relative)))
        except (TemplateError, jinja2.TemplateSyntaxError):
            continue
        result.append((relative, table, _used_names(tree) - extra))
    return result


GUIDE = BUILTIN_TEMPLATES / "README.md"
_GUIDE_MARK = re.compile(r"(<!-- bien: (?P<kind>[\w./-]+) -->\n).*?(<!-- het bien -->)", re.S)


def variables_table(table: str) -> str:
    """The guide's table of one variable table (a kind, or a text template), generated from rendering/fields.py."""
    lines = ["| Biến | Ý nghĩa |", "|---|---|"]
    # "\|" keeps a filter's bar inside a Markdown table cell (as in the guide's table of filters).
    lines += [f"| `{path}` | {description.replace('|', chr(92) + '|')} |"
              for path, description in TABLES[table].items()]
    return "\n".join(lines) + "\n"


def refreshed_guide(text: str) -> str:
    """templates/README.md with every variables table regenerated (python tools/update_templates_guide.py)."""
    return _GUIDE_MARK.sub(lambda m: m.group(1) + variables_table(m.group("kind")) + m.group(3), text)
