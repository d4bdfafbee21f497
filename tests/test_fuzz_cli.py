"""Whatever dot.toml and the list hold, `vanban build` ends in documents Word opens, or in a Vietnamese refusal:
exit 0 or 2, never a traceback. Random values through the CLI in a real process; a sample of the documents is
opened by LibreOffice too."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_loading_corpus import AWARDS, HEADER

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "vi-du"

# Text as it arrives from other software: Vietnamese, markup, control characters, XML specials, odd spaces.
hostile_text = st.one_of(
    st.sampled_from(["Trạm Y tế xã", "**ĐẬM** *nghiêng*", "Trạm Y tế\n\n**Kính gửi giả**\n- ABC", "A & B <c>",
                     "{{ 7*7 }}", "{% raw %}", "Nguyễn\x01 Văn\x1b[31m A\x07", "Tên\x0bdài", "\u00a0Lê\u202fThị",
                     ".", "- 1.", "Ông\ufdd0Bà", "Ẩn\u200bdanh", "𝐀 𝐁", "1.410.000", "٣"]),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=25),
    st.text(st.sampled_from("aăâđeêioôơuưy ÁÀẢÃẠĐ*_-#.\n\t\x01\x0b\x1b\x7f\x9b<>&\"'\\{}%"), min_size=1, max_size=25),
)
years = st.one_of(st.just(2025), st.integers(min_value=-10, max_value=3000), st.just(9223372036854775807))
numbers = st.one_of(st.just(5), st.integers(min_value=-10, max_value=10**7), st.just(9223372036854775807))
FUZZ = settings(max_examples=24, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def toml_string(value: str) -> str:
    """A TOML basic string holding exactly ``value`` (control characters escaped, as a user could write them)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


DEFAULTS = {"ho_ten": "Nguyễn Văn An", "dia_danh": "Hòa Bình", "quy": "Quỹ Thi đua, khen thưởng của xã",
            "luu": "VT, VHXH", "ten": "XÃ HÒA BÌNH", "nam": 2025, "so": 5}


def session(folder: Path, changed: dict, cells: list[tuple[int, int, str]]) -> Path:
    values = {**DEFAULTS, **changed}
    shutil.copytree(EXAMPLE, folder)
    (folder / "danh-sach.xlsx").unlink()
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    replacements = {
        'tep = "danh-sach.xlsx"': 'tep = "danh-sach.csv"',
        "# moi_don_vi = true": "moi_don_vi = true",
        # One công văn per unit needs one number each: the session's single number goes (a draft).
        "so = 123 ": "# so = 123 ",
        "ngay = 2026-01-22": "# ngay = 2026-01-22",
        'ho_ten = "Nguyễn Văn An"': f"ho_ten = {toml_string(values['ho_ten'])}",
        'dia_danh = "Hòa Bình"': f"dia_danh = {toml_string(values['dia_danh'])}",
        'quy = "Quỹ Thi đua, khen thưởng của xã"': f"quy = {toml_string(values['quy'])}",
        'luu = "VT, VHXH"': f"luu = {toml_string(values['luu'])}",
        'ten = ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]': f'ten = ["ỦY BAN NHÂN DÂN", {toml_string(values["ten"])}]',
        "nam = 2025 ": f"nam = {values['nam']} ",
        "so = 5\n": f"so = {values['so']}\n",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    # The list holds two of the example's four forms: the other decisions' blocks go (they would match no form).
    for form in ("Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"):
        text = re.sub(rf'\[\[quyet_dinh\]\]\nhinh_thuc = "{form}"\nso = \d+\n', "", text)
    dot.write_text(text, encoding="utf-8")
    rows = [[index, *row] for index, row in enumerate(AWARDS, start=1)]
    for row, column, value in cells:
        rows[row][column] = value
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    (folder / "danh-sach.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    return folder


def test_random_settings_and_cells_build_documents_word_opens_or_are_refused(tmp_path):
    import docx

    built: list[Path] = []
    counter = iter(range(10_000))

    @FUZZ
    @given(values=st.fixed_dictionaries({}, optional={"ho_ten": hostile_text, "dia_danh": hostile_text,
                                                      "quy": hostile_text, "luu": hostile_text, "ten": hostile_text,
                                                      "nam": years, "so": numbers}),
           cells=st.lists(st.tuples(st.integers(0, len(AWARDS) - 1), st.sampled_from([1, 4, 5, 7]), hostile_text),
                          max_size=3))
    def build(values: dict, cells: list) -> None:
        folder = session(tmp_path / f"dot-{next(counter)}", values, cells)
        target = folder.parent / (folder.name + "-ket-qua")
        completed = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "build",
                                    str(folder), "-o", str(target), "--format", "docx", "--no-lint", "-q"],
                                   capture_output=True, text=True, timeout=300)
        assert completed.returncode in (0, 2), completed.stderr[-3000:]
        assert "Traceback" not in completed.stderr
        assert "\x1b" not in completed.stderr and "\x07" not in completed.stderr
        if completed.returncode == 2:
            assert completed.stderr.startswith("Lỗi:") and "(dữ liệu đầu vào chưa đúng)" in completed.stderr, \
                completed.stderr[-3000:]
            return
        documents = sorted(target.rglob("*.docx"))
        assert documents
        for path in documents:
            docx.Document(str(path))  # raises on a file Word would refuse
        built.append(target)

    build()
    assert len(built) >= 3, "too few random inputs built: the fuzz test would mostly test refusals"
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    # A sample in LibreOffice: the certificates and a per-unit dispatch of the last input that built.
    dispatches = sorted((built[-1] / "cong-van-gui-quyet-dinh").glob("*.docx"))
    sample = [built[-1] / "giay-khen" / "tat-ca.docx", *dispatches[:1]]
    out = tmp_path / "libreoffice"
    completed = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                                "--convert-to", "pdf", "--outdir", str(out), *map(str, sample)],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    for path in sample:
        converted = out / (path.stem + ".pdf")
        assert converted.is_file() and converted.read_bytes().startswith(b"%PDF"), completed.stdout
