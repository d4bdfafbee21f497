"""What the list path makes once per row is made as cheaply as it can be (issue 19), and is the same as before: a
row's Location is made only when asked for, and awards made without the dataclass's __init__ equal Award(...)."""

from __future__ import annotations

import dataclasses
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.errors import Location
from generator.core.model import Award
from generator.reading.loading import Row, rows_from_grid
from generator.reading.validation import new_award

locations = st.builds(Location, st.text(max_size=5), st.one_of(st.none(), st.text(max_size=5)),
                      st.one_of(st.none(), st.integers(1, 10**6)), st.one_of(st.none(), st.text(max_size=5)))
award_fields = st.fixed_dictionaries({
    "name": st.text(max_size=10), "subject": st.sampled_from(["ca-nhan", "tap-the", "ho-gia-dinh"]),
    "gender": st.sampled_from([None, "Nam", "Nữ"]), "position": st.text(max_size=5), "unit": st.text(max_size=5),
    "form": st.text(max_size=5), "achievement": st.text(max_size=5),
    "amount_override": st.one_of(st.none(), st.integers(0, 10**9)), "note": st.text(max_size=5),
    "source": locations, "amount_source": st.one_of(st.none(), locations)})


@settings(max_examples=200, deadline=None)
@given(award_fields)
def test_new_award_is_the_award_its_dataclass_makes(values):
    made, expected = new_award(**values), Award(**values)
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert dataclasses.asdict(made) == dataclasses.asdict(expected)
    assert dataclasses.replace(made, name="x") == dataclasses.replace(expected, name="x")
    assert pickle.loads(pickle.dumps(made)) == expected


def test_new_award_falls_back_to_the_dataclass_when_fields_are_missing():
    try:
        new_award(name="Lê")
    except TypeError as error:
        assert "missing" in str(error)
    else:
        raise AssertionError("an award without its fields was made")


def test_a_row_says_where_it_is_only_when_asked():
    grid = [["Họ và tên", "Đơn vị", "Hình thức"], ["Lê Văn A", None, "Giấy khen"]]
    row = rows_from_grid(grid, "danh-sach.xlsx", "Trang").rows[0]
    assert isinstance(row, Row)
    assert "location" not in {field.name for field in dataclasses.fields(Row)}  # no Location kept per row
    assert row.location == Location("danh-sach.xlsx", "Trang", 2)
    assert row.where("don_vi") == Location("danh-sach.xlsx", "Trang", 2, "B (Đơn vị)")
    assert row.where("ho_ten") == Location("danh-sach.xlsx", "Trang", 2, "A (Họ và tên)")
