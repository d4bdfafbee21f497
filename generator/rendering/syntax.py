"""Turn a Jinja syntax error into a Vietnamese message at the place to fix: a file's line, or a Word paragraph.

Jinja says what is wrong in English, and for a block left open it points at the end of the template; the maintainer
needs the line of the opening tag. Word templates are XML to Jinja: their place is the paragraph's text, not an XML
line. ``build``, ``templates preview`` (and --watch) and ``templates lint`` all say it through this module.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import jinja2

# "…was looking for the following tags: 'endif'…" at the end of a template; "…currently looking for 'elif' or 'else'
# or 'endif'…" when another block's end tag comes first.
_LOOKING_FOR = re.compile(r"looking for(?: the following tags:)? (.*?)\. "
                          r"The innermost block that needs to be closed is '(\w+)'")
# Tags that open a block closed by "end<tag>" ({% set %} only does so without "=", which the lexer cannot tell cheaply;
# an unclosed {% set %} block is rare enough to keep Jinja's own line for it).
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "autoescape", "trans"}
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT_RUN = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
# docxtpl's paragraph, table-row, cell and run tags ({%p if … %}, {{r x }}) are Jinja's once the letter is gone.
_DOCXTPL_TAG = re.compile(r"(\{%-?|\{\{-?)(?:p|tr|tc|r)(?=\s)")


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


def error_line(env: jinja2.Environment, source: str | None, exc: jinja2.TemplateSyntaxError) -> int:
    """The line to fix: the opening tag of the block left open, else the line Jinja names.

    A block is left open when the template ends inside it, or when another block's end tag comes first
    ("{% endfor %}" inside an unclosed "{% if %}"): Jinja names the line where it noticed, the maintainer needs the
    line that opened the block.
    """
    message = exc.message or ""
    closing = _LOOKING_FOR.search(message)
    if not closing or source is None:
        return exc.lineno
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if unknown and unknown.group(1)[3:] not in _OPENERS:
        return exc.lineno  # a mistyped tag ("endiff"): the place to fix is the typo itself
    open_tags: list[tuple[str, int]] = []
    expect_name = False
    try:
        for line, token, value in env.lex(source):
            if token == "block_begin":
                expect_name = True
            elif expect_name and token == "name":
                expect_name = False
                if value in _OPENERS:
                    open_tags.append((value, line))
                elif value.startswith("end") and open_tags and open_tags[-1][0] == value[3:]:
                    open_tags.pop()
            elif token != "whitespace":
                expect_name = False
    except jinja2.TemplateSyntaxError:
        return exc.lineno
    innermost = closing.group(2)
    for tag, line in reversed(open_tags):
        if tag == innermost:
            return line
    return exc.lineno


def syntax_message(env: jinja2.Environment, exc: jinja2.TemplateSyntaxError, name: str | None = None) -> str:
    """"quyet-dinh/template.html, dòng 12: lỗi cú pháp: …" for an HTML or text template."""
    place = exc.filename or exc.name or name or "mẫu"
    return f"{place}, dòng {error_line(env, exc.source, exc)}: lỗi cú pháp: {explain_syntax(exc.message or '')}"


_DOCXTPL_CELL_TAG = re.compile(r"\{%\s*(colspan|cellbg|vm|hm)\b[^%]*%\}")


def word_paragraphs(template: Path) -> list[str]:
    """The text of every paragraph of a Word template's body, in order, with docxtpl's tags written as Jinja's."""
    try:
        with zipfile.ZipFile(template) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return []
    texts = []
    for paragraph in _PARAGRAPH.findall(xml):
        text = html.unescape("".join(_TEXT_RUN.findall(paragraph)))
        # docxtpl's own cell tags ({% colspan n %}, {% cellbg … %}, {% vm %}, {% hm %}) mean nothing to Jinja itself.
        text = _DOCXTPL_CELL_TAG.sub("", _DOCXTPL_TAG.sub(lambda match: match.group(1), text))
        texts.append(text)
    return texts


def docx_syntax_message(env: jinja2.Environment, exc: jinja2.TemplateSyntaxError, template: Path) -> str:
    """The Word template, the text of the paragraph to fix (the opening tag's, for a block left open), and why.

    Jinja reads the template as one line of XML, so its line says nothing; the paragraphs are read again one per
    line, so that the line of the same mistake is the paragraph's number.
    """
    paragraphs = word_paragraphs(template)
    joined = "\n".join(paragraphs)
    try:
        env.parse(joined)
        place = "(không tìm được đoạn văn)"
        why = exc
    except jinja2.TemplateSyntaxError as again:
        line = error_line(env, joined, again)
        text = paragraphs[line - 1].strip() if 0 < line <= len(paragraphs) else ""
        place = f"đoạn văn {line} «{text[:80]}{'…' if len(text) > 80 else ''}»"
        why = again
    return f"{template}, {place}: lỗi cú pháp: {explain_syntax(why.message or '')}"
