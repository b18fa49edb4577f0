"""A strategy as an Excel workbook (.xlsx, written with openpyxl), for editing and re-import.

One sheet per table of models/tables.py, in its order. List sheets: a bold frozen header
row, widths that fit the content, a choice list on the cells that take one word (kind,
direction, WIG …). Corner sheets: the X-Matrix corner as a grid, column titles turned
upright, the ids kept small and grey in row 1 and column A, marks centred, the legend at A2,
print titles and fit-to-width landscape pages.

Every text cell that a spreadsheet could run as a formula gets a leading apostrophe
(okr_csv.escape_text): the workbook holds values only, never a formula. openpyxl is imported
on first use, so the GUI starts without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.okr_csv import escape_text
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.table_read import column_letter
from okrdesk.models.tables import (
    LIST_COLUMNS,
    MARKS,
    MATRIX_HEAD_COLUMNS,
    MATRIX_HEAD_ROWS,
    Grid,
    Value,
    corner,
    strategy_tables,
)

MAX_CELL_TEXT = 32_767  # what one Excel cell holds
# Characters XML 1.0 cannot carry (openpyxl refuses them): a workbook cannot hold them.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEAD_FILL, _INFO_GREY, _ID_GREY = "DDE4EE", "6B6B6B", "8A8A8A"
_MARK_CHOICES = ",".join([*MARKS.values(), "strong", "medium", "weak"])


def workbook_bytes(snapshot: Snapshot) -> bytes:
    """The .xlsx file's bytes; OkrdeskError when some text cannot go into a workbook."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _named_styles(book)
    for name, grid in strategy_tables(snapshot).items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                sheet.cell(r, c, _cell_value(name, r, c, value))
        if corner(name) is not None:
            _style_matrix(sheet, grid)
        else:
            _style_list(sheet, name, grid)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_value(sheet: str, row: int, column: int, value: Value) -> Any:
    if not isinstance(value, str):
        return value
    where = f"{sheet}!{column_letter(column - 1)}{row}"
    bad = _NOT_IN_XML.search(value)
    if bad:
        raise OkrdeskError(
            f"{where}: the text holds the control character U+{ord(bad.group()):04X}, which a "
            "workbook cannot hold; export a CSV folder instead, or remove the character"
        )
    if len(value) > MAX_CELL_TEXT:
        raise OkrdeskError(f"{where}: {len(value):,} characters are more than a spreadsheet "
                           f"cell holds ({MAX_CELL_TEXT:,}); export a CSV folder instead")
    return escape_text(value)


def _lines(value: Value, width: float) -> int:
    """About how many lines a wrapped text takes in a column `width` characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * 1.15))  # proportional type: most letters are narrow
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def _fit_rows(sheet: Any, grid: Grid, widths: Mapping[int, float], first: int) -> None:
    """Row heights for the wrapped text: spreadsheets do not always grow them on opening."""
    for r in range(first, len(grid) + 1):
        lines = max((_lines(v, widths[c]) for c, v in enumerate(grid[r - 1]) if c in widths),
                    default=1)
        if lines > 1:
            sheet.row_dimensions[r].height = min(409, 15 * lines)


def _fit_pages(sheet: Any, title_rows: str, title_columns: str | None = None) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns


def _named_styles(book: Any) -> None:
    """The few looks every cell takes, registered once: giving a cell a named style is a
    lookup, while giving it a font and a border of its own costs a comparison with every
    style the workbook has (seconds for a large X-Matrix)."""
    from openpyxl.styles import Alignment, Border, NamedStyle, PatternFill, Side
    from openpyxl.styles import Font as _Font

    def Font(**look: Any) -> Any:  # stands in for openpyxl's Font
        # A named style's font has no name of its own: spreadsheets then pick a serif one.
        return _Font(**{"name": "Calibri", "size": 11, **look})

    thin = Side(style="thin", color="A0A0A0")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=_HEAD_FILL)
    top = Alignment(vertical="top", wrap_text=True)
    upright = {"text_rotation": 90, "vertical": "bottom", "horizontal": "center"}
    looks: dict[str, dict[str, Any]] = {
        "head": {"font": Font(bold=True), "fill": fill},
        "text": {"alignment": top},
        "date": {"alignment": top, "number_format": "yyyy-mm-dd"},
        "info": {"font": Font(italic=True, color=_INFO_GREY), "alignment": top},
        "id": {"font": Font(color=_ID_GREY, size=9), "alignment": top},
        "column id": {"font": Font(color=_ID_GREY, size=7), "alignment": Alignment(**upright)},
        "column title": {"alignment": Alignment(wrap_text=True, **upright), "fill": fill,
                         "border": box},
        "row id": {"font": Font(color=_ID_GREY, size=7), "alignment": Alignment(
            vertical="center")},
        "row title": {"fill": fill, "border": box, "alignment": Alignment(
            wrap_text=True, vertical="center")},
        "mark": {"font": Font(size=13), "border": box, "alignment": Alignment(
            horizontal="center", vertical="center")},
        "corner ids": {"font": Font(italic=True, color=_INFO_GREY), "alignment": Alignment(
            horizontal="right", vertical="bottom")},
        "legend": {"alignment": Alignment(wrap_text=True, vertical="bottom")},
        "corner titles": {"font": Font(bold=True), "alignment": Alignment(
            wrap_text=True, vertical="bottom")},
    }
    for name, look in looks.items():
        look.setdefault("font", Font())
        book.add_named_style(NamedStyle(name=f"okrdesk {name}", **look))


def _style_list(sheet: Any, name: str, grid: Grid) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = LIST_COLUMNS[name]
    rows = len(grid)
    for index, column in enumerate(columns, start=1):
        letter = column_letter(index - 1)
        sheet.column_dimensions[letter].width = column.width
        sheet.cell(1, index).style = "okrdesk head"
        look = f"okrdesk {column.type if column.type in ('info', 'id', 'date') else 'text'}"
        for r in range(2, rows + 1):
            sheet.cell(r, index).style = look
        if column.choices:
            rule = DataValidation(type="list", formula1=f'"{",".join(column.choices)}"',
                                  allow_blank=not column.required)
            rule.error = f"Use one of: {', '.join(column.choices)}"
            rule.add(f"{letter}2:{letter}{max(rows, 2) + 500}")
            sheet.add_data_validation(rule)
    wrapped = {i: c.width for i, c in enumerate(columns) if c.type in ("text", "info")}
    _fit_rows(sheet, grid, wrapped, 2)
    sheet.freeze_panes = "B2"
    _fit_pages(sheet, "1:1")


def _style_matrix(sheet: Any, grid: Grid) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    width = max(len(r) for r in grid)
    height = len(grid)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 44
    # Upright ids (7 point type, about 4 points a letter) and titles (two lines of about 6
    # points a letter in a column 6 characters wide).
    ids = [str(v) for v in grid[0][MATRIX_HEAD_COLUMNS:]]
    titles = [str(v) for v in grid[1][MATRIX_HEAD_COLUMNS:]]
    sheet.row_dimensions[1].height = min(200, 12 + 4.2 * max(map(len, ids), default=4))
    sheet.row_dimensions[2].height = min(260, max(90, 16 + 3.4 * max(map(len, titles),
                                                                         default=0)))
    for c in range(MATRIX_HEAD_COLUMNS + 1, width + 1):
        sheet.column_dimensions[column_letter(c - 1)].width = 6
        sheet.cell(1, c).style = "okrdesk column id"
        sheet.cell(2, c).style = "okrdesk column title"
    for r in range(MATRIX_HEAD_ROWS + 1, height + 1):
        sheet.cell(r, 1).style = "okrdesk row id"
        sheet.cell(r, 2).style = "okrdesk row title"
        for c in range(MATRIX_HEAD_COLUMNS + 1, width + 1):
            sheet.cell(r, c).style = "okrdesk mark"
    sheet.cell(1, 1).style = "okrdesk corner titles"
    sheet.cell(1, 2).style = "okrdesk corner ids"
    sheet.cell(2, 1).style = "okrdesk legend"
    sheet.cell(2, 2).style = "okrdesk corner titles"
    if width > MATRIX_HEAD_COLUMNS and height > MATRIX_HEAD_ROWS:
        last = f"{column_letter(width - 1)}{height}"
        rule = DataValidation(type="list", formula1=f'"{_MARK_CHOICES}"', allow_blank=True)
        rule.errorStyle = "warning"  # the first letters (s, m, w) are fine too
        rule.add(f"C3:{last}")
        sheet.add_data_validation(rule)
    _fit_rows(sheet, grid, {1: 44}, MATRIX_HEAD_ROWS + 1)
    sheet.freeze_panes = "C3"
    _fit_pages(sheet, "1:2", "A:B")
