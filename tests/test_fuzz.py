"""Whatever the list holds, loading ends in awards or in the project's own error with a message — never a crash."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
from conftest import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.errors import VanbanError
from generator.pipeline import check

HEADER = ["STT", "Họ và tên", "Đối tượng", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền", "Ghi chú"]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["Cá nhân", "Tập thể", "Giấy khen", "Lao động tiên tiến", "Nam", "Nữ", "I. TẬP THỂ",
                     "Tổng cộng", "1. Trường A", "1.410.000", "=SUM(A1)", "\u00a0", "Tập thể lao động tiên tiến"]),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


def make_session(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "dot"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(EXAMPLE, folder)
    dot = folder / "dot.toml"
    dot.write_text(dot.read_text(encoding="utf-8").replace('tep = "danh-sach.xlsx"', f'tep = "{name}"'),
                   encoding="utf-8")
    return folder


def loads_or_explains(folder: Path) -> None:
    try:
        check(folder)
    except VanbanError as error:
        assert error.format_message().strip()


def clean_for_excel(value):
    if isinstance(value, str):
        # openpyxl itself refuses control characters; a real file cannot hold them either.
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    return value


@FUZZ
@given(rows=st.lists(st.lists(cell_values, min_size=0, max_size=10), max_size=12), with_header=st.booleans())
def test_random_cells(tmp_path, rows, with_header):
    folder = make_session(tmp_path, "danh-sach.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if with_header:
        sheet.append(HEADER)
    for row in rows:
        sheet.append([clean_for_excel(value) for value in row])
    workbook.save(folder / "danh-sach.xlsx")
    loads_or_explains(folder)


@FUZZ
@given(data=st.binary(max_size=600), prefix=st.sampled_from([b"", b"\xef\xbb\xbf", ",".join(HEADER).encode() + b"\n"]))
def test_random_bytes_as_csv(tmp_path, data, prefix):
    folder = make_session(tmp_path, "danh-sach.csv")
    (folder / "danh-sach.csv").write_bytes(prefix + data)
    loads_or_explains(folder)


def _example_bytes() -> bytes:
    return (EXAMPLE / "danh-sach.xlsx").read_bytes()


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(_example_bytes()) - 1))
def test_truncated_xlsx(tmp_path, cut):
    folder = make_session(tmp_path, "danh-sach.xlsx")
    (folder / "danh-sach.xlsx").write_bytes(_example_bytes()[:cut])
    loads_or_explains(folder)


@FUZZ
@given(position=st.integers(min_value=0, max_value=len(_example_bytes()) - 1), byte=st.integers(0, 255))
def test_corrupted_xlsx(tmp_path, position, byte):
    folder = make_session(tmp_path, "danh-sach.xlsx")
    data = bytearray(_example_bytes())
    data[position] = byte
    (folder / "danh-sach.xlsx").write_bytes(bytes(data))
    loads_or_explains(folder)


def test_a_docx_named_xlsx_is_refused_clearly(tmp_path):
    import docx

    folder = make_session(tmp_path, "danh-sach.xlsx")
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    (folder / "danh-sach.xlsx").write_bytes(buffer.getvalue())
    try:
        check(folder)
    except VanbanError as error:
        assert "Không đọc được tệp danh-sach.xlsx" in error.format_message()
    else:
        raise AssertionError("a Word file was read as a list")
