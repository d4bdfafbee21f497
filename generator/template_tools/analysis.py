"""Turn template sources (HTML, text, DOCX) into what they read and define: names, includes, tags, paragraphs.

Shared by the maintainer tools: lint reports what this finds, fields lists what the templates read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..rendering.syntax import error_line, explain_syntax

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_JINJA_GLOBALS = {"loop", "range", "true", "false", "none", "True", "False", "None", "caller", "varargs", "kwargs",
                  "dict", "lipsum", "cycler", "joiner", "namespace", "self"}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# Fields read through filters or kept for information: not printing them is no mistake.
INFO_ONLY = {"d.issuer.parent", "d.slug", "d.legal", "d.warnings", "d.achievement_year", "d.articles", "d.ref.is_draft",
             "d.ref.symbol", "d.ref.number", "d.issuer.abbreviation", "d.issuer.level", "d.subject", "d.annex.counts",
             "d.counts.total"}
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape"}

CERTIFICATE_WORDING = "giay-khen/loi-van.j2"
CERTIFICATE_DOCX = "giay-khen/template.docx"
# The Jinja errors a wording macro can raise while the sample is drawn (anything else is a bug of vanban).


@dataclass(frozen=True)
class TemplateFinding:
    file: str
    place: str  # "dòng 12" or "đoạn văn 7 «{{ d.form }}»"
    message: str
    error: bool = True

    def describe(self) -> str:
        level = "LỖI" if self.error else "Cảnh báo"
        return f"{level}: {self.file}, {self.place}: {self.message}"


# ------------------------------------------------------------------------------------------ static analysis


def read_names(tree: nodes.Template) -> set[str]:
    """Every attribute and variable name a template reads (for the "field never used" warning)."""
    found = {node.attr for node in tree.find_all(nodes.Getattr)}
    found |= {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
    return found


def used_names(tree: nodes.Template) -> set[str]:
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


def html_sources(env: jinja2.Environment, name: str, findings: list[TemplateFinding],
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
        findings.append(TemplateFinding(filename, f"dòng {error_line(env, source, exc)}",
                                        f"lỗi cú pháp Jinja: {explain_syntax(exc.message or '')}"))
        return []
    result = [(filename, tree)]
    for included in _includes(tree):
        result.extend(html_sources(env, included, findings, seen))
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


def docx_source(path: Path) -> str:
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
        tree = env.parse(docx_source(path))
    except jinja2.TemplateSyntaxError as exc:
        if not balance:
            place = _locate_expression_error(numbered, env) or "—"
            findings.append(TemplateFinding(str(path), place,
                                            f"lỗi cú pháp Jinja: {explain_syntax(exc.message or '')}"))
        return set(), set()
    return used_names(tree), read_names(tree)


def _locate_expression_error(numbered: list[tuple[int, str]], env: jinja2.Environment) -> str | None:
    for number, text in numbered:
        for match in re.finditer(r"\{\{(.*?)\}\}", text):
            try:
                env.parse("{{" + match.group(1) + "}}")
            except jinja2.TemplateSyntaxError:
                return f"đoạn văn {number} «{text[:60]}»"
    return None


class TextOfHtml(HTMLParser):
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


def words(text: str) -> Counter:
    return Counter(text.replace("\u00a0", " ").split())


def docx_words(data: bytes) -> tuple[Counter, str]:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    # A document number's hyphen is Word's non-breaking hyphen (rendering/docx_symbols.py): it reads as "-".
    texts = ["".join((t.text or "") if t.tag == f"{W}t" else "-" for t in p.iter(f"{W}t", f"{W}noBreakHyphen"))
             for p in document.element.body.iter(f"{W}p")]
    joined = "\n".join(texts)
    return words(joined), joined


def unknown_names(names_used: set[str], allowed: set[str], table: str, file: str, place: Callable[[str], str],
             ) -> list[TemplateFinding]:
    """One error per variable the table does not document, at the place ``place`` finds for it."""
    kind = table.split("/")[0]
    return [TemplateFinding(file, place(name), f"biến «{name}» không có trong dữ liệu của mẫu này; sửa tên biến "
                                               f"(xem: vanban templates fields {kind})")
            for name in sorted(names_used - allowed)]


def docx_place(path: Path) -> Callable[[str], str]:
    """The first paragraph of a Word template whose tags use ``name``: where to look for an unknown variable."""
    numbered = [(index, "".join(runs)) for index, (runs, _) in enumerate(_docx_paragraphs(path), start=1)]

    def place(name: str) -> str:
        word = re.compile(rf"(?<![\w]){re.escape(name)}(?!\w)")
        for number, text in numbered:
            if any(word.search(tag) for tag in _TAG.findall(text)):
                return f"đoạn văn {number} «{text[:60]}»"
        return "—"

    return place
