"""What the list path makes once per row is made only when needed (issue 19), and is the same as before: a row's
Location is made only when a message asks for it."""

from __future__ import annotations

import dataclasses

from generator.core.errors import Location
from generator.reading.loading import Row, rows_from_grid


def test_a_row_says_where_it_is_only_when_asked():
    grid = [["Họ và tên", "Đơn vị", "Hình thức"], ["Lê Văn A", None, "Giấy khen"]]
    row = rows_from_grid(grid, "danh-sach.xlsx", "Trang").rows[0]
    assert isinstance(row, Row)
    assert "location" not in {field.name for field in dataclasses.fields(Row)}  # no Location kept per row
    assert row.location == Location("danh-sach.xlsx", "Trang", 2)
    assert row.where("don_vi") == Location("danh-sach.xlsx", "Trang", 2, "B (Đơn vị)")
    assert row.where("ho_ten") == Location("danh-sach.xlsx", "Trang", 2, "A (Họ và tên)")
