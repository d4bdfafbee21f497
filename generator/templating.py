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
from .rendering.fields import KINDS, names

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
    """The document a kind's preview and lint render: the first one of a session (the bundled example by default)."""
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
        findings.append(TemplateFinding(filename, f"dòng {exc.lineno}", f"lỗi cú pháp Jinja: {exc.message}"))
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
            findings.append(TemplateFinding(str(path), place, f"lỗi cú pháp Jinja: {exc.message}"))
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


def lint(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,), kinds: tuple[str, ...] = tuple(KINDS),
         session_folder: Path | None = None) -> list[TemplateFinding]:
    """Every check of every kind; errors first make the command exit non-zero."""
    from . import pipeline
    from .rendering.docx import find_template

    env = make_environment(template_dirs)
    findings: list[TemplateFinding] = []
    for kind in kinds:
        allowed = names(kind)
        used: set[str] = set()
        html_sources = _html_sources(env, f"{kind}/template.html", findings)
        if kind == "quyet-dinh":
            used |= {name for _, tree in _html_sources(env, "_shared/loi-van.j2", findings) for name in
                     _read_names(tree)}
        for filename, tree in html_sources:
            unknown = _used_names(tree) - allowed
            used |= _read_names(tree)
            for name in sorted(unknown):
                findings.append(TemplateFinding(filename, _line_of(tree, name),
                                                f"biến «{name}» không có trong dữ liệu của loại {kind} "
                                                "(xem: vanban templates fields " + kind + ")"))
        try:
            docx_path = find_template(template_dirs, f"{kind}/template.docx")
        except TemplateError:
            findings.append(TemplateFinding(f"{kind}/template.docx", "—", "không tìm thấy mẫu Word"))
            continue
        docx_unknown, docx_read = lint_docx(docx_path, env, kind, findings)
        for name in sorted(docx_unknown - allowed):
            findings.append(TemplateFinding(str(docx_path), "—", f"biến «{name}» không có trong dữ liệu của loại "
                                            f"{kind} (xem: vanban templates fields {kind})"))
        used |= docx_read
        for path in KINDS[kind]:
            if path.startswith("d.") and path not in INFO_ONLY and path.split(".")[-1] not in used:
                findings.append(TemplateFinding(f"{kind}/", "—", f"mẫu chưa dùng trường «{path}»", error=False))
        if any(f.error for f in findings):
            continue
        findings.extend(_render_checks(kind, template_dirs, session_folder, pipeline))
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
    document = sample_document(kind, session_folder, template_dirs)
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


# ------------------------------------------------------------------------------------------ preview


def preview(kind: str, template_dirs: tuple[Path, ...], output: Path, session_folder: Path | None = None,
            ) -> tuple[Path, list[Path], float]:
    """Render the kind's sample to PDF and one PNG per page; returns (pdf, pngs, seconds)."""
    import pypdfium2

    from . import pipeline
    from .rendering.environment import environment

    started = time.perf_counter()
    environment.cache_clear()  # templates may have changed since the last preview
    document = sample_document(kind, session_folder, template_dirs)
    files = pipeline.render_document(kind, document, ("pdf",), template_dirs)
    output.mkdir(parents=True, exist_ok=True)
    pdf_path = output / f"{kind}.pdf"
    pdf_path.write_bytes(files[0].data)
    for old in output.glob(f"{kind}-*.png"):
        old.unlink()
    pngs = []
    pdf = pypdfium2.PdfDocument(files[0].data)
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
    if kind not in KINDS:
        raise InputError(f"Không có loại văn bản «{kind}»; chọn một trong: {', '.join(KINDS)}.")
    width = max(len(path) for path in KINDS[kind])
    return "\n".join(f"{path.ljust(width)}  {description}" for path, description in KINDS[kind].items())


GUIDE = BUILTIN_TEMPLATES / "README.md"
_GUIDE_MARK = re.compile(r"(<!-- bien: (?P<kind>[\w-]+) -->\n).*?(<!-- het bien -->)", re.S)


def variables_table(kind: str) -> str:
    """The guide's table of one kind's variables, generated from rendering/fields.py."""
    lines = ["| Biến | Ý nghĩa |", "|---|---|"]
    lines += [f"| `{path}` | {description.replace('|', '/')} |" for path, description in KINDS[kind].items()]
    return "\n".join(lines) + "\n"


def refreshed_guide(text: str) -> str:
    """templates/README.md with every variables table regenerated (python tools/update_templates_guide.py)."""
    return _GUIDE_MARK.sub(lambda m: m.group(1) + variables_table(m.group("kind")) + m.group(3), text)
