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


def test_a_row_keeps_texts_and_an_award_its_coordinates_until_a_message_asks():
    from conftest import EXAMPLE

    from generator.pipeline import CATALOGUE_DIR, load_catalogue
    from generator.reading.cells import Cell
    from generator.reading.loading import load_session
    from generator.reading.validation import validate

    grid = [["Họ và tên", "Đối tượng", "Đơn vị", "Hình thức", "Số tiền"],
            ["Lê Văn A", "Cá nhân", "Trường A", "Giấy khen", "1.410.000"]]
    row = rows_from_grid(grid, "danh-sach.xlsx", "Trang").rows[0]
    assert {field.name for field in dataclasses.fields(Row)} >= {"texts"}
    assert "cells" not in {field.name for field in dataclasses.fields(Row)}  # no Cell kept per cell
    assert row.texts == {"ho_ten": "Lê Văn A", "doi_tuong": "Cá nhân", "don_vi": "Trường A", "hinh_thuc": "Giấy khen",
                         "so_tien": "1.410.000"}
    assert row.cells["so_tien"] == Cell("1.410.000", ("danh-sach.xlsx", "Trang", 2, "E (Số tiền)"))
    award, = validate([row], load_session(EXAMPLE), load_catalogue(CATALOGUE_DIR)).awards
    assert not isinstance(award.source_at, Location) and not isinstance(award.amount_at, Location)
    assert award.source == Location("danh-sach.xlsx", "Trang", 2, "A (Họ và tên)")
    assert award.amount_source == Location("danh-sach.xlsx", "Trang", 2, "E (Số tiền)")
