"""Templates lay out a page and can do nothing else: no Python internals, no file outside the template folders, no
network. Each escape is tried through `vanban build --templates` in a real process and must stop with exit 4."""

from __future__ import annotations

import base64
import http.server
import io
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "vi-du"
TEMPLATES = ROOT / "templates"
TITLE = '<p class="ten-loai">QUYẾT ĐỊNH</p>'


def vanban(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", *arguments],
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def office_html(folder: Path, extra: str) -> Path:
    """An office's template folder whose decision HTML carries ``extra`` right after the document's name."""
    html = (TEMPLATES / "quyet-dinh" / "template.html").read_text(encoding="utf-8")
    assert TITLE in html
    (folder / "quyet-dinh").mkdir(parents=True, exist_ok=True)
    (folder / "quyet-dinh" / "template.html").write_text(html.replace(TITLE, TITLE + extra), encoding="utf-8")
    return folder


def build(tmp_path: Path, office: Path, formats: str = "pdf", only: str = "quyet-dinh"):
    target = tmp_path / "ket-qua"
    completed = vanban("build", str(EXAMPLE), "-o", str(target), "--only", only, "--format", formats,
                       "--templates", str(office), "--no-lint", "-q", cwd=tmp_path)
    return completed, target


def refused(completed: subprocess.CompletedProcess, target: Path, named: str) -> None:
    output = completed.stdout + completed.stderr
    assert completed.returncode == 4, output
    assert "(lỗi mẫu văn bản)" in output and named in output, output  # "Lỗi: … (lỗi mẫu văn bản)"
    assert "Traceback" not in output
    assert not target.exists(), "nothing is published from a refused template"


RUN_ID = '{{ cycler.__init__.__globals__.os.popen("touch da-chay-lenh").read() }}'


def test_a_template_cannot_reach_python_internals_to_run_a_command(tmp_path):
    office = office_html(tmp_path / "mau", f"<p>{RUN_ID}</p>")
    completed, target = build(tmp_path, office)
    refused(completed, target, "quyet-dinh/template.html, dòng")
    assert "«__init__»" in completed.stderr
    assert not (tmp_path / "da-chay-lenh").exists()


@pytest.mark.parametrize("name, place", [
    ("cong-van/gui-quyet-dinh.md", "gui-quyet-dinh.md"),
    ("giay-khen/loi-van.j2", "loi-van.j2"),
])
def test_text_templates_and_certificate_wording_are_sandboxed_too(tmp_path, name, place):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    office = tmp_path / "mau"
    (office / name).parent.mkdir(parents=True)
    if name.endswith("loi-van.j2"):
        marker = "{% macro ho_ten(c) -%}"
        assert marker in source
        source = source.replace(marker, marker + RUN_ID)
    else:
        source = RUN_ID + "\n" + source
    (office / name).write_text(source, encoding="utf-8")
    only = "cong-van" if name.startswith("cong-van") else "giay-khen"
    completed, target = build(tmp_path, office, only=only)
    refused(completed, target, place)
    assert not (tmp_path / "da-chay-lenh").exists()


def test_a_word_template_cannot_reach_python_internals(tmp_path):
    office = tmp_path / "mau" / "quyet-dinh"
    office.mkdir(parents=True)
    source = zipfile.ZipFile(TEMPLATES / "quyet-dinh" / "template.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                # The signer's name: printed by every decision (a header loop may be empty).
                assert b"{{ doc.signer.name }}" in data
                marked = b"{{ doc.signer.name }}" + RUN_ID.replace('"', "'").encode()
                data = data.replace(b"{{ doc.signer.name }}", marked, 1)
            target_zip.writestr(info, data)
    (office / "template.docx").write_bytes(buffer.getvalue())
    completed, target = build(tmp_path, tmp_path / "mau", formats="docx")
    refused(completed, target, "template.docx")
    assert not (tmp_path / "da-chay-lenh").exists()


def test_a_template_cannot_open_a_file_through_python(tmp_path):
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    office = office_html(tmp_path / "mau", f"<p>{{{{ lipsum.__globals__.__builtins__.open('{secret}').read() }}}}</p>")
    completed, target = build(tmp_path, office)
    refused(completed, target, "quyet-dinh/template.html")
    assert "mật khẩu" not in completed.stdout + completed.stderr


def test_a_template_cannot_embed_a_file_outside_the_template_folders(tmp_path):
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    office = office_html(tmp_path / "mau", f'<a rel="attachment" href="{secret.as_uri()}">tệp</a>'
                         '<link rel="stylesheet" href="file:///etc/passwd">')
    completed, target = build(tmp_path, office)
    refused(completed, target, "quyet-dinh/template.html")
    assert "mẫu đòi tải" in completed.stderr


def test_a_symlink_in_the_template_folder_does_not_lead_outside(tmp_path):
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("mật khẩu", encoding="utf-8")
    office = tmp_path / "mau"
    (office / "quyet-dinh").mkdir(parents=True)
    (office / "quyet-dinh" / "anh.txt").symlink_to(secret)
    office_html(office, f'<a rel="attachment" href="{(office / "quyet-dinh" / "anh.txt").as_uri()}">tệp</a>')
    completed, target = build(tmp_path, office)
    refused(completed, target, "quyet-dinh/template.html")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args) -> None:  # noqa: ANN002 - silence
        pass


@pytest.mark.parametrize("tag", [
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/kieu.css">',
    '<img src="http://127.0.0.1:{port}/anh.png">',
    "<style>@import url(http://127.0.0.1:{port}/nhap.css);</style>",
])
def test_a_template_cannot_fetch_from_the_network(tmp_path, tag):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests = []
    try:
        office = office_html(tmp_path / "mau", tag.format(port=server.server_address[1]))
        completed, target = build(tmp_path, office)
    finally:
        server.shutdown()
    refused(completed, target, "http://127.0.0.1")
    assert _Recorder.requests == [], "the template fetched from the network"


def test_files_of_the_template_folders_and_data_uris_still_serve(tmp_path):
    """The guard refuses what is outside, not images an office keeps in its own folder."""
    pixel = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                             "AAAABJRU5ErkJggg==")
    office = tmp_path / "mau"
    (office / "quyet-dinh").mkdir(parents=True)
    (office / "quyet-dinh" / "logo.png").write_bytes(pixel)
    encoded = base64.b64encode(pixel).decode()
    office_html(office, f'<img src="{(office / "quyet-dinh" / "logo.png").as_uri()}" style="width: 5mm">'
                        f'<img src="data:image/png;base64,{encoded}" style="width: 5mm">')
    completed, target = build(tmp_path, office)
    assert completed.returncode == 0, completed.stderr
    assert any(target.glob("*.pdf"))
    # The output is a link to its current version (publishing keeps every version): the link goes, not the history.
    target.unlink() if target.is_symlink() else shutil.rmtree(target)
