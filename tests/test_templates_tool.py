"""Template maintainers: lint finds each planted mistake with its place, preview and watch render, overrides layer."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE

from generator.cli import cli
from generator.rendering.template_folders import BUILTIN_TEMPLATES, template_dirs_for
from generator.template_tools.fields import GUIDE, refreshed_guide, template_variables
from generator.template_tools.lint import lint


def override_with(tmp_path: Path, relative: str) -> Path:
    folder = tmp_path / "mau-rieng"
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUILTIN_TEMPLATES / relative, target)
    return folder


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_docx_xml(path: Path, change) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = change(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def errors_of(folder: Path) -> list[str]:
    return [f.describe() for f in lint(template_dirs_for(folder)) if f.error]


def test_pristine_templates_lint_clean():
    findings = lint()
    assert [f.describe() for f in findings] == []


def test_html_syntax_error_is_located(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    edit_text(folder / "quyet-dinh/template.html", "{% endfor %}\n  {% include \"_shared/signature.html\" %}",
              "{% endfor %\n  {% include \"_shared/signature.html\" %}")
    errors = errors_of(folder)
    assert len(errors) == 1
    assert "quyet-dinh/template.html, dòng 21" in errors[0] and "lỗi cú pháp Jinja" in errors[0]


def test_docx_unclosed_tag_is_located_by_paragraph(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.docx")
    edit_docx_xml(folder / "quyet-dinh/template.docx", lambda xml: xml.replace("{%p endfor %}", "{%p endfo %}", 1))
    errors = errors_of(folder)
    assert errors and all("template.docx" in e for e in errors)
    assert any("đoạn văn" in e and "{%p if doc.issuer.parent %}" not in e for e in errors)


def test_docx_bad_expression_is_located_by_paragraph(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.docx")
    edit_docx_xml(folder / "quyet-dinh/template.docx",
                  lambda xml: xml.replace("{{ d.signer.authority }}", "{{ d.signer.authority ++ }}", 1))
    errors = errors_of(folder)
    assert len(errors) == 1 and "đoạn văn" in errors[0] and "d.signer.authority ++" in errors[0]


def test_unknown_variable_is_reported(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    edit_text(folder / "quyet-dinh/template.html", "{{ d.signer.authority }}", "{{ d.signer.chuc_danh }}")
    errors = errors_of(folder)
    assert any("biến «chuc_danh»" in e and "template.html, dòng 16" in e for e in errors), errors


def test_tag_split_across_runs_is_reported(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.docx")

    def split(xml: str) -> str:
        # What Word does when a user changes formatting in the middle of a tag.
        return xml.replace("{{ d.signer.authority }}</w:t></w:r>",
                           "{{ d.signer.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>authority }}</w:t></w:r>", 1)

    edit_docx_xml(folder / "quyet-dinh/template.docx", split)
    errors = errors_of(folder)
    assert any("bị Word tách" in e and "đoạn văn" in e for e in errors), errors


def test_wording_difference_between_docx_and_html_is_reported(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    edit_text(folder / "quyet-dinh/template.html", '<p class="annex-title">DANH SÁCH</p>',
              '<p class="annex-title">DANH SÁCH KÈM THEO</p>')
    errors = errors_of(folder)
    assert len(errors) == 1 and "không cùng lời" in errors[0] and "KÈM" in errors[0]


def test_docx_unknown_variable_is_located_by_paragraph(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.docx")
    edit_docx_xml(folder / "quyet-dinh/template.docx",
                  lambda xml: xml.replace("{{ d.signer.authority }}", "{{ d.signer.chuc_danh }}", 1))
    errors = errors_of(folder)
    assert len(errors) == 1, errors
    assert "quyet-dinh/template.docx, đoạn văn " in errors[0] and "«{{ d.signer.chuc_danh }}»" in errors[0]
    assert "biến «chuc_danh»" in errors[0]


# ---- the covering dispatch's body (cong-van/gui-quyet-dinh.md): a text template linted like the others


def test_covering_body_syntax_error_is_a_finding_with_file_and_line(tmp_path):
    folder = override_with(tmp_path, "cong-van/gui-quyet-dinh.md")
    edit_text(folder / "cong-van/gui-quyet-dinh.md", "{% endif %}\nGửi kèm", "{% endiff %}\nGửi kèm")
    errors = errors_of(folder)
    assert len(errors) == 1, errors
    assert "cong-van/gui-quyet-dinh.md, dòng 24" in errors[0] and "lỗi cú pháp Jinja" in errors[0]
    assert "«{% endif %}»" in errors[0]  # says what to write instead
    result = CliRunner().invoke(cli, ["templates", "lint", "--templates", str(folder)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "gui-quyet-dinh.md, dòng 24" in result.output


def test_covering_body_unknown_variable_and_runtime_error_are_located(tmp_path):
    folder = override_with(tmp_path, "cong-van/gui-quyet-dinh.md")
    body = folder / "cong-van/gui-quyet-dinh.md"
    edit_text(body, "{{ session.achievement_year }}", "{{ session.nam_thanh_tich }}")
    errors = errors_of(folder)
    assert len(errors) == 1 and "gui-quyet-dinh.md, dòng 4" in errors[0] and "«nam_thanh_tich»" in errors[0]
    edit_text(body, "{{ session.nam_thanh_tich }}", "{{ session.achievement_year + 'năm' }}")
    errors = errors_of(folder)
    assert len(errors) == 1 and "gui-quyet-dinh.md, dòng 4" in errors[0] and "mẫu tính sai" in errors[0], errors


# ---- certificates: giay-khen/loi-van.j2, giay-khen/template.docx, giay-khen/*.toml


def test_certificate_wording_syntax_error_is_located(tmp_path):
    folder = override_with(tmp_path, "giay-khen/loi-van.j2")
    edit_text(folder / "giay-khen/loi-van.j2", "{% endmacro %}\n\n{% macro tieu_ngu",
              "{% endmacr %}\n\n{% macro tieu_ngu")
    errors = errors_of(folder)
    assert len(errors) == 1, errors
    assert "giay-khen/loi-van.j2, dòng 12" in errors[0] and "«{% endmacro %}»" in errors[0]


def test_certificate_wording_bad_expression_and_unknown_variable_are_located(tmp_path):
    folder = override_with(tmp_path, "giay-khen/loi-van.j2")
    wording = folder / "giay-khen/loi-van.j2"
    edit_text(wording, "{{ c.register_number }}", "{{ c.register_number ++ }}")
    errors = errors_of(folder)
    assert len(errors) == 1 and "giay-khen/loi-van.j2, dòng 41" in errors[0] and "cú pháp" in errors[0], errors
    edit_text(wording, "{{ c.register_number ++ }}", "{{ c.so_so_ghi }}")
    errors = errors_of(folder)
    assert len(errors) == 1 and "giay-khen/loi-van.j2, dòng 41" in errors[0] and "«so_so_ghi»" in errors[0], errors
    edit_text(wording, "{{ c.so_so_ghi }}", "{{ c.register_number + 'x' }}")
    errors = errors_of(folder)
    assert len(errors) == 1 and "giay-khen/loi-van.j2, dòng 41" in errors[0] and "mẫu tính sai" in errors[0], errors


def test_certificate_docx_mistakes_are_located_by_paragraph(tmp_path):
    folder = override_with(tmp_path, "giay-khen/template.docx")
    docx = folder / "giay-khen/template.docx"
    shutil.copy(docx, tmp_path / "goc.docx")
    edit_docx_xml(docx, lambda xml: xml.replace("{{ c.texts.ho_ten }}", "{{ c.texts.ho_ten ++ }}", 1))
    errors = errors_of(folder)
    assert len(errors) == 1 and "giay-khen/template.docx, đoạn văn 25 «{{ c.texts.ho_ten ++ }}»" in errors[0], errors
    shutil.copy(tmp_path / "goc.docx", docx)
    edit_docx_xml(docx, lambda xml: xml.replace("{{ c.texts.ho_ten }}", "{{ c.texts.ho_va_ten }}", 1))
    errors = errors_of(folder)
    assert len(errors) == 1 and "đoạn văn 25" in errors[0] and "biến «ho_va_ten»" in errors[0], errors


def test_certificate_docx_wording_difference_is_reported(tmp_path):
    folder = override_with(tmp_path, "giay-khen/template.docx")
    edit_docx_xml(folder / "giay-khen/template.docx",
                  lambda xml: xml.replace("{{ c.texts.ho_ten }}", "{{ c.texts.ho_ten }} kính tặng", 1))
    errors = errors_of(folder)
    assert len(errors) == 1 and "không cùng lời" in errors[0] and "kính" in errors[0], errors


def test_certificate_field_an_office_adds_lints_clean(tmp_path):
    """A new macro placed by the profile is a new field: the Word template may print it as c.texts.<macro>."""
    folder = override_with(tmp_path, "giay-khen/loi-van.j2")
    (folder / "giay-khen/loi-van.j2").write_text(
        (BUILTIN_TEMPLATES / "giay-khen/loi-van.j2").read_text(encoding="utf-8")
        + "\n{% macro khau_hieu(c) %}Thi đua là yêu nước{% endmacro %}\n", encoding="utf-8")
    for name in ("template.docx", "a4-ngang-day-du.toml"):
        shutil.copy(BUILTIN_TEMPLATES / "giay-khen" / name, folder / "giay-khen" / name)
    with (folder / "giay-khen/a4-ngang-day-du.toml").open("a", encoding="utf-8") as profile:
        profile.write("\n[o.khau_hieu]\nx = 30\ny = 180\nrong = 122\ncao = 6\nco_chu = 12\n")
    edit_docx_xml(folder / "giay-khen/template.docx",
                  lambda xml: xml.replace("{{ c.texts.so_so }}", "{{ c.texts.so_so }} {{ c.texts.khau_hieu }}", 1))
    assert errors_of(folder) == []


def test_broken_profiles_are_reported_with_line_and_key(tmp_path):
    folder = override_with(tmp_path, "giay-khen/a4-ngang-day-du.toml")
    profile = folder / "giay-khen/a4-ngang-day-du.toml"
    edit_text(profile, "[o.so_so]", "[o.so_so")
    errors = errors_of(folder)
    assert len(errors) == 1 and "a4-ngang-day-du.toml, dòng 114" in errors[0] and "TOML" in errors[0], errors
    edit_text(profile, "[o.so_so", "[o.so_so]")
    edit_text(profile, "[o.so_so]                  # Số sổ vàng: 12\nx = 30", "[o.so_so]\nx = -30\nco_chuu = 3")
    errors = errors_of(folder)
    assert len(errors) == 2, errors
    assert all("a4-ngang-day-du.toml, dòng 114, mục o.so_so" in e for e in errors)
    assert any("o.so_so.co_chuu" in e and "khóa không dùng được" in e for e in errors)
    assert any("nằm ngoài trang" in e for e in errors)


def test_profile_box_without_a_macro_is_reported(tmp_path):
    folder = override_with(tmp_path, "giay-khen/a4-ngang-phoi.toml")
    edit_text(folder / "giay-khen/a4-ngang-phoi.toml", "[o.so_so]", "[o.so_so_ghi]")
    errors = errors_of(folder)
    assert any("a4-ngang-phoi.toml, dòng" in e and "[o.so_so_ghi]" in e and "loi-van.j2" in e for e in errors), errors
    assert any("a4-ngang-phoi.toml" in e and "thiếu ô [o.so_so]" in e for e in errors), errors


def test_lint_command_exit_codes(tmp_path):
    assert CliRunner().invoke(cli, ["templates", "lint"]).exit_code == 0
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    edit_text(folder / "quyet-dinh/template.html", "{{ d.signer.authority }}", "{{ d.signer.ho_ten }}")
    result = CliRunner().invoke(cli, ["templates", "lint", "--templates", str(folder)])
    assert result.exit_code == 1 and "LỖI" in result.output


def guide_section(text: str, table: str) -> str:
    start = text.index(f"<!-- bien: {table} -->")
    return text[start:text.index("<!-- het bien -->", start)]


def test_guide_documents_every_variable():
    text = GUIDE.read_text(encoding="utf-8")
    assert refreshed_guide(text) == text, "run: python tools/update_templates_guide.py"
    from generator.rendering.fields import KINDS, TABLES

    # Every kind, and the covering dispatch's body with its own variables, has its table in the guide.
    assert set(KINDS) == {"quyet-dinh", "cong-van", "giay-khen"}
    assert "cong-van/gui-quyet-dinh.md" in TABLES
    for table, fields in TABLES.items():
        section = guide_section(text, table)
        for path in fields:
            assert f"| `{path}` |" in section, (table, path)


def test_every_variable_a_template_uses_is_in_the_guide():
    text = GUIDE.read_text(encoding="utf-8")
    checked = template_variables()
    files = {file.split("templates/")[-1] for file, _, _ in checked}
    assert {"quyet-dinh/template.html", "quyet-dinh/template.docx", "cong-van/template.html",
            "cong-van/template.docx", "cong-van/gui-quyet-dinh.md", "giay-khen/loi-van.j2",
            "giay-khen/template.docx", "_shared/header.html"} <= files
    for file, table, used in checked:
        documented = {part for path in re.findall(r"^\| `([^`]+)` \|", guide_section(text, table), re.M)
                      for part in path.split(".")}
        assert used - documented == set(), (file, table)


def test_preview_writes_pdf_and_png_per_page(tmp_path):
    result = CliRunner().invoke(cli, ["templates", "preview", "cong-van", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cong-van.pdf").is_file()
    import pypdfium2

    pages = len(pypdfium2.PdfDocument((tmp_path / "cong-van.pdf").read_bytes()))
    assert sorted(p.name for p in tmp_path.glob("cong-van-*.png")) == [f"cong-van-{i}.png" for i in
                                                                       range(1, pages + 1)]
    assert (tmp_path / "cong-van-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def watch_one_change(tmp_path, kind: str, template: str, before: str, after: str) -> tuple[str, int, bytes, Path]:
    """Run `templates preview KIND --watch` for one change of ``template``: (output, exit code, first PDF, folder)."""
    folder = override_with(tmp_path, template)
    output = tmp_path / "xem"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "templates", "preview", kind, "--templates", str(folder),
         "-o", str(output), "--watch", "--times", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while not (output / f"{kind}.pdf").exists() and time.time() < deadline:
            time.sleep(0.2)
        first = (output / f"{kind}.pdf").read_bytes()
        time.sleep(1.0)  # the watcher takes its first snapshot after the first render
        edit_text(folder / template, before, after)
        out, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    return out, process.returncode, first, output


def test_watch_renders_again_after_a_change(tmp_path):
    out, code, first, output = watch_one_change(
        tmp_path, "quyet-dinh", "quyet-dinh/template.html", "<p class=\"ten-loai\">QUYẾT ĐỊNH</p>",
        "<p class=\"ten-loai\">QUYẾT ĐỊNH</p><p>Bản xem thử</p>")
    assert code == 0, out
    assert "Đã vẽ lại quyet-dinh" in out and "giây" in out
    assert (output / "quyet-dinh.pdf").read_bytes() != first


def test_preview_of_certificates_writes_the_first_of_each_form(tmp_path):
    result = CliRunner().invoke(cli, ["templates", "preview", "giay-khen", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    import pypdfium2

    pdf = pypdfium2.PdfDocument((tmp_path / "giay-khen.pdf").read_bytes())
    texts = [page.get_textpage().get_text_range() for page in pdf]
    # The example session has two forms with a certificate: Giấy khen and Chiến sĩ thi đua cơ sở.
    assert len(texts) == 2 and "GIẤY KHEN" in texts[0] and "CHIẾN SĨ THI ĐUA CƠ SỞ" in texts[1]
    width, height = pdf[0].get_size()
    assert width > height  # a4-ngang-day-du: A4 landscape
    assert sorted(p.name for p in tmp_path.glob("giay-khen-*.png")) == ["giay-khen-1.png", "giay-khen-2.png"]
    assert (tmp_path / "giay-khen-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_preview_of_certificates_reports_a_macro_mistake_with_its_line(tmp_path):
    folder = override_with(tmp_path, "giay-khen/loi-van.j2")
    edit_text(folder / "giay-khen/loi-van.j2", "{{ c.register_number }}", "{{ c.register_number + 'x' }}")
    result = CliRunner().invoke(cli, ["templates", "preview", "giay-khen", "--templates", str(folder),
                                      "-o", str(tmp_path / "xem")])
    assert result.exit_code == 4, result.output
    assert "giay-khen/loi-van.j2, dòng 41" in result.output and "mẫu tính sai" in result.output


def test_watch_renders_certificates_again_after_a_change(tmp_path):
    out, code, first, output = watch_one_change(
        tmp_path, "giay-khen", "giay-khen/loi-van.j2", "{% else %}TẶNG{% endif %}", "{% else %}KHEN TẶNG{% endif %}")
    assert code == 0, out
    assert "Đã vẽ lại giay-khen: 2 trang" in out and "giây" in out
    import pypdfium2

    assert "KHEN TẶNG" in pypdfium2.PdfDocument((output / "giay-khen.pdf").read_bytes())[0].get_textpage(
    ).get_text_range()
    assert (output / "giay-khen.pdf").read_bytes() != first


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.suffix in
            (".pdf", ".docx")}


def test_override_changes_the_decision_pdf_and_nothing_else(tmp_path, built_example):
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    edit_text(folder / "quyet-dinh/template.html", '<p class="annex-title">DANH SÁCH</p>',
              '<p class="annex-title">DANH SÁCH</p><p style="text-align:center">(mẫu của xã)</p>')
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--templates",
                                      str(folder), "-q"])
    assert result.exit_code == 0, result.output
    before, after = digests(built_example.output), digests(tmp_path / "out")
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == [name for name in sorted(before) if name.startswith("quyet-dinh-") and name.endswith(".pdf")]


def test_override_folder_from_dot_toml(tmp_path):
    session = tmp_path / "dot"
    shutil.copytree(EXAMPLE, session)
    folder = override_with(tmp_path, "cong-van/gui-quyet-dinh.md")
    edit_text(folder / "cong-van/gui-quyet-dinh.md", "Đề nghị các đơn vị quan tâm, thực hiện.",
              "Đề nghị các đơn vị thực hiện nghiêm túc.")
    dot = session / "dot.toml"
    dot.write_text(dot.read_text(encoding="utf-8") + '\n[mau]\nthu_muc = "../mau-rieng"\n', encoding="utf-8")
    from generator import pipeline

    result = pipeline.build(session, tmp_path / "out", formats=("docx",), kinds=("cong-van",))
    from conftest import docx_paragraphs

    assert "Đề nghị các đơn vị thực hiện nghiêm túc./." in docx_paragraphs(result.files[0].data)
    json.loads((result.output / "manifest.json").read_text(encoding="utf-8"))


def test_template_error_at_build_names_the_file_and_line(tmp_path):
    folder = override_with(tmp_path, "quyet-dinh/template.html")
    edit_text(folder / "quyet-dinh/template.html", "{{ d.signer.authority }}", "{{ d.signer.khong_co }}")
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "--templates",
                                      str(folder), "-q", "--format", "pdf"])
    assert result.exit_code == 4
    assert "template.html, dòng 16" in result.output and "khong_co" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["quyet-dinh", "cong-van"])
def test_fields_command_lists_the_variables(kind):
    result = CliRunner().invoke(cli, ["templates", "fields", kind])
    assert result.exit_code == 0 and "d.issuer.place" in result.output and "d.recipients" in result.output


def test_fields_of_the_dispatch_list_the_covering_body_apart():
    result = CliRunner().invoke(cli, ["templates", "fields", "cong-van"])
    assert result.exit_code == 0
    template, body = result.output.split("Biến của cong-van/gui-quyet-dinh.md")
    assert "Biến của cong-van/template.html, cong-van/template.docx:" in template and "d.addressees" in template
    for variable in ("session.signer.authority_text", "decisions", "unit", "rows_of", "row.award.position",
                     "lv.trich_yeu"):
        assert f"  {variable} " in body, variable
    assert "d.addressees" not in body


def test_fields_of_certificates():
    result = CliRunner().invoke(cli, ["templates", "fields", "giay-khen"])
    assert result.exit_code == 0, result.output
    assert "Biến của giay-khen/loi-van.j2, giay-khen/template.docx:" in result.output
    for variable in ("certificates", "c.register_number", "c.decision.ref.signed_on", "c.award.name",
                     "c.texts.ho_ten", "c.sizes"):
        assert f"  {variable} " in result.output, variable
