"""Turn the two-row "Năm sinh" over "Nam | Nữ" header of a list into a gender column and a year-of-birth column.

Offices often write the year of birth under the column of the awardee's gender instead of a "Giới tính" column:

    | Họ và tên | Năm sinh   | Đơn vị |          | Họ và tên | Giới tính | Năm sinh | Đơn vị |
    |           | Nam | Nữ   |        |   ->     |           |           |          |        |
    | Lê Văn A  | 1980 |     | …      |          | Lê Văn A  | Nam       | 1980     | …      |

The grid is rewritten in place before the header is looked for: the gender comes from the sub-column that holds the
year, the year is kept in the second column, and the "Nam | Nữ" row loses what made it look like an awardee row.
Row numbers do not change, so every message still points at the cell the user sees.
"""

from __future__ import annotations

from ..core.legal import form_key
from ..core.text import clean_text

GENDERS = {"nam": "Nam", "nu": "Nữ"}
BOTH = "cả hai cột Nam và Nữ đều ghi năm sinh"


def _key(value: object) -> str:
    return form_key(clean_text(value)) if value not in (None, "") else ""


def _find(grid: list[list[object]]) -> tuple[int, int, int] | None:
    """(header row, column of Nam, column of Nữ) of a "Năm sinh" header over "Nam | Nữ"; None when there is none."""
    for row_index, row in enumerate(grid[:40]):
        years = [index for index, value in enumerate(row) if _key(value).startswith("namsinh")]
        if not years or row_index + 1 >= len(grid):
            continue
        below = grid[row_index + 1]
        for column in years:
            pair = [_key(below[index]) if index < len(below) else "" for index in (column, column + 1)]
            if pair == ["nam", "nu"]:
                return row_index, column, column + 1
            if pair == ["nu", "nam"]:
                return row_index, column + 1, column
    return None


def split_birth_year_by_gender(grid: list[list[object]]) -> None:
    """Rewrite a "Năm sinh / Nam | Nữ" header and the rows under it into "Giới tính" and "Năm sinh" (in place)."""
    found = _find(grid)
    if found is None:
        return
    header, male, female = found
    first, second = min(male, female), max(male, female)
    top, sub = grid[header], grid[header + 1]
    top[first], top[second] = "Giới tính", "Năm sinh"
    for index, value in enumerate(sub):
        # A heading merged down over both rows is repeated in the second row by the reader: not an awardee.
        if index in (male, female) or (index < len(top) and value == top[index]):
            sub[index] = None
    for row in grid[header + 2:]:
        if len(row) <= second:
            continue
        as_man, as_woman = row[male], row[female]
        filled_man, filled_woman = _key(as_man) != "", _key(as_woman) != ""
        if filled_man and filled_woman:
            row[first], row[second] = BOTH, f"{as_man} / {as_woman}"
        elif filled_man or filled_woman:
            row[first], row[second] = ("Nam", as_man) if filled_man else ("Nữ", as_woman)
