"""A Jinja syntax error from `build` or `preview --watch`: Vietnamese, at the opening tag, a Word paragraph."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import EXAMPLE
from test_templates_tool import edit_docx_xml, edit_text, override_with, watch_one_change

from generator.cli import cli

UNCLOSED_IF = ('<p class="dieu{% if para.last %} giu-voi-chu-ky{% endif %}">',
               '<p class="dieu{% if para.last %} giu-voi-chu-ky">')


def opening_line(path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if text in line)


def test_build_says_which_line_opened_the_block_left_open(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    template = folder / "quyet-dinh/template.html"
    edit_text(template, *UNCLOSED_IF)
    line = opening_line(template, "{% if para.last %}")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--templates", str(folder), "-o", str(tmp_path / "ra"),
                                      "--only", "quyet-dinh", "--format", "pdf", "-q"])
    assert result.exit_code == 4, result.output
    assert f"template.html, dòng {line}: lỗi cú pháp: " in result.output
    assert "thẻ «{% if %}» đang mở cần «{% endif %}»" in result.output
    assert not (tmp_path / "ra").exists()


def test_watch_reports_the_syntax_error_in_vietnamese(tmp_path):
    out, code, _, _ = watch_one_change(tmp_path, "quyet-dinh", "quyet-dinh/template.html", *UNCLOSED_IF)
    assert code == 0, out
    line = opening_line(tmp_path / "mau-rieng/quyet-dinh/template.html", "{% if para.last %}")
    assert f"template.html, dòng {line}: lỗi cú pháp: " in out
    assert "thẻ «{% if %}» đang mở cần «{% endif %}»" in out


def test_word_template_error_names_the_paragraph_not_an_xml_line(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.docx")
    # The closing tag of the first {%p if %} disappears: Jinja only notices at a later {% endfor %}.
    edit_docx_xml(folder / "quyet-dinh/template.docx",
                  lambda xml: re.sub(r"\{%p *endif *%\}", "", xml, count=1))
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--templates", str(folder), "-o", str(tmp_path / "ra"),
                                      "--only", "quyet-dinh", "--format", "docx", "-q"])
    assert result.exit_code == 4, result.output
    assert "template.docx, đoạn văn 30 «{% if doc.signer.capacity %}»: lỗi cú pháp: " in result.output
    assert "thẻ «{% if %}» đang mở cần «{% endif %}»" in result.output
    assert "XML" not in result.output


def test_word_template_expression_error_names_its_paragraph(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.docx")
    edit_docx_xml(folder / "quyet-dinh/template.docx", lambda xml: xml.replace("{{ line }}", "{{ line + }}", 1))
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "--templates", str(folder), "-o", str(tmp_path / "ra"),
                                      "--only", "quyet-dinh", "--format", "docx", "-q"])
    assert result.exit_code == 4, result.output
    assert "{{ line + }}" in result.output and "đoạn văn" in result.output
    assert "biểu thức trong «{{ … }}» chưa đúng" in result.output or "chưa đúng cú pháp" in result.output
