"""The X-Matrix as a spreadsheet, the way coaches' Excel X-Matrix templates lay it out.

The benchmark's stand-in for "print the Excel template": the same text and marks okrdesk
prints, in one grid of cells. Columns are [strategy columns][centre block][evidence columns],
rows are [tactic rows][centre block][aspiration rows]; the centre block is 3 × 3 cells: arm
names around True North, which sits in the middle cell under the X's diagonals. Strategy and
evidence titles are rotated 90° as in the templates. The page setup asks for the paper and
orientation okrdesk uses, 10 mm margins, fitted to one page.

Not drawn: owner columns (refused: the bench's files leave them off, as okrdesk does by
default) and okrdesk's orphan highlighting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from okrdesk import __version__
from okrdesk.layout.paper import SIZES, Paper
from okrdesk.layout.picture import Shape
from okrdesk.layout.xmatrix_content import Content, Slot, build_content
from okrdesk.layout.xmatrix_options import ARM_WORDS, STRENGTH_SHAPES, XMatrixOptions
from okrdesk.models.kinds import ElementKind, Strength
from okrdesk.models.snapshot import Snapshot

__all__ = ["write_xmatrix_sheet"]

MARKS = {Shape.DISC: "●", Shape.HALF: "◐", Shape.CIRCLE: "○", Shape.TRIANGLE: "△"}
# Excel's paper codes (ECMA-376 ST_PaperSize); A0 and A1 have none, so those go by size.
EXCEL_PAPER = {"A2": "66", "A3": "8", "A4": "9", "A5": "11", "letter": "1", "tabloid": "3"}
MM_PER_POINT = 25.4 / 72

MIN_PITCH, MAX_PITCH = 13.0, 36.0  # grid row height, column width in points (9 pt text)
LABEL_W = 18.0  # points: the centre block's side columns, holding "Strategies"/"Evidence"
HEADER_H = 24.0  # points: the title row
POINTS_PER_CHAR = 5.0  # 9 pt text: the length a title needs per character
MAX_ROW_HEIGHT = 409.0  # Excel's limits: a row's height, a column's width (255 characters)
POINTS_PER_WIDTH_UNIT = 7.0
MAX_COLUMN_W = 255 * POINTS_PER_WIDTH_UNIT

THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CROSS = Border(left=THIN, right=THIN, top=THIN, bottom=THIN,
               diagonal=THIN, diagonalUp=True, diagonalDown=True)
TEXT = Font(size=9)
BOLD = Font(size=9, bold=True)
MARK = Font(size=10)
ROTATED = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Rows:
    top: int  # the first tactic row
    mid: int  # the first of the centre block's three rows
    low: int  # the first aspiration row
    last: int  # the last aspiration row


@dataclass(frozen=True)
class Cols:
    mid: int  # the first of the centre block's three columns (strategies end just before)
    right: int  # the first evidence column
    last: int  # the last evidence column


def write_xmatrix_sheet(
    path: Path, snapshot: Snapshot, options: XMatrixOptions, paper: Paper
) -> None:
    """Write `snapshot`'s X-Matrix (as okrdesk shows it with `options`) to the .xlsx `path`,
    set up to print on one page of `paper`. ValueError for owner columns: the sheet has none,
    so it would not hold the same content."""
    content = build_content(snapshot, options, None)
    if content.owner_cols:
        raise ValueError("the spreadsheet X-Matrix has no owner columns: turn owners off")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "X-Matrix"
    top = 3  # row 1: title and legend; row 2: a gap
    mid = top + len(content.tactic_rows)
    rows = Rows(top, mid, mid + 3, mid + 2 + len(content.aspiration_rows))
    centre = 1 + len(content.strategy_cols)
    cols = Cols(centre, centre + 3, centre + 2 + len(content.evidence_cols))
    _header(sheet, content, options, cols)
    _arms(sheet, content, options, rows, cols)
    _corners(sheet, content, options, rows, cols)
    _sizes(sheet, content, paper, rows, cols)
    _page_setup(sheet, paper, content.title)
    book.save(path)


def _header(sheet: Worksheet, content: Content, options: XMatrixOptions, cols: Cols) -> None:
    """The title at the left, the legend at the right (each spills over the empty row)."""
    sheet.cell(1, 1, content.title).font = Font(size=14, bold=True)
    shapes = STRENGTH_SHAPES[options.labels]
    shown = [s for s in Strength if s is not Strength.MEDIUM or content.uses_medium]
    legend = "Correlation:  " + "   ".join(f"{MARKS[shapes[s]]} {s.value}" for s in shown)
    cell = sheet.cell(1, cols.last, legend)
    cell.font = TEXT
    cell.alignment = Alignment(horizontal="right", vertical="center")


def _arms(
    sheet: Worksheet, content: Content, options: XMatrixOptions, rows: Rows, cols: Cols
) -> None:
    """Tactic and aspiration titles across the centre block, strategy and evidence titles
    rotated down it; arm names around True North, the X through the middle cell."""
    for row, slot in _row_slots(content, rows):
        _title(sheet, row, cols.mid, row, cols.mid + 2, slot.title, LEFT)
    for col, slot in _col_slots(content, cols):
        _title(sheet, rows.mid, col, rows.mid + 2, col, slot.title, ROTATED)
    words = ARM_WORDS[options.labels]
    arm_names = (
        (rows.mid, cols.mid + 1, words[ElementKind.TACTIC], CENTRED),
        (rows.mid + 2, cols.mid + 1, words[ElementKind.ASPIRATION], CENTRED),
        (rows.mid + 1, cols.mid, words[ElementKind.STRATEGY], ROTATED),
        (rows.mid + 1, cols.mid + 2, words[ElementKind.EVIDENCE], ROTATED),
    )
    for row, col, word, how in arm_names:
        _title(sheet, row, col, row, col, word, how)
        sheet.cell(row, col).font = BOLD
    north = sheet.cell(rows.mid + 1, cols.mid + 1)
    north.value = f"True North\n{content.tn.title}" if content.tn else "No True North yet"
    north.font = Font(size=14)
    north.alignment = CENTRED
    north.border = CROSS


def _corners(
    sheet: Worksheet, content: Content, options: XMatrixOptions, rows: Rows, cols: Cols
) -> None:
    """A bordered cell at every crossing of a named row and column, a mark where they
    correlate."""
    shapes = STRENGTH_SHAPES[options.labels]
    col_slots = _col_slots(content, cols)
    for row, row_slot in _row_slots(content, rows):
        for col, col_slot in col_slots:
            cell = sheet.cell(row, col)
            cell.border = GRID
            strength = content.correlations.get((row_slot.id or "", col_slot.id or ""))
            if strength is not None:
                cell.value = MARKS[shapes[strength]]
                cell.font = MARK
                cell.alignment = CENTRED


def _row_slots(content: Content, rows: Rows) -> list[tuple[int, Slot]]:
    return [*_numbered(content.tactic_rows, rows.top), *_numbered(content.aspiration_rows,
                                                                  rows.low)]


def _col_slots(content: Content, cols: Cols) -> list[tuple[int, Slot]]:
    return [*_numbered(content.strategy_cols, 1), *_numbered(content.evidence_cols, cols.right)]


def _numbered(slots: list[Slot], first: int) -> list[tuple[int, Slot]]:
    return [(first + i, slot) for i, slot in enumerate(slots)]


def _title(
    sheet: Worksheet, row: int, col: int, end_row: int, end_col: int, text: str, how: Alignment
) -> None:
    if (row, col) != (end_row, end_col):
        sheet.merge_cells(start_row=row, start_column=col, end_row=end_row, end_column=end_col)
    for r in range(row, end_row + 1):
        for c in range(col, end_col + 1):
            sheet.cell(r, c).border = GRID
    cell = sheet.cell(row, col, text)
    cell.font = TEXT
    cell.alignment = how


def _sizes(sheet: Worksheet, content: Content, paper: Paper, rows: Rows, cols: Cols) -> None:
    """Pitch-sized grid rows and columns, and a centre block taking the rest of the page, as a
    coach drags the template's centre to fill the paper. Fit-to-page only ever shrinks: a
    grid smaller than the paper would print small in a corner, one taller than the paper is
    shrunk to its height, so the centre is widened to the paper's shape at that scale."""
    area = paper.printable
    row_titles = [s.title for s in (*content.tactic_rows, *content.aspiration_rows)]
    col_titles = [s.title for s in (*content.strategy_cols, *content.evidence_cols)]
    need_w = max((len(t) for t in row_titles), default=20) * POINTS_PER_CHAR + 2 * LABEL_W
    need_h = max((len(t) for t in col_titles), default=20) * POINTS_PER_CHAR + 8
    count_w, count_h = len(col_titles), len(row_titles)
    usable_h = area.h - HEADER_H
    pitch_h = _clamp((usable_h - need_h) / max(1, count_h))
    scale = min(1.0, usable_h / (count_h * pitch_h + need_h))  # what fit-to-page will do
    width = area.w / scale
    pitch_w = _clamp((width - need_w) / max(1, count_w))
    centre_w = max(need_w, width - count_w * pitch_w)
    centre_h = max(need_h, usable_h - count_h * pitch_h)
    middle_w = min(MAX_COLUMN_W, centre_w - 2 * LABEL_W)
    label_w = (centre_w - middle_w) / 2  # what a column cannot hold goes to its neighbours
    for col in range(1, cols.last + 1):
        sheet.column_dimensions[get_column_letter(col)].width = _chars(pitch_w)
    for col in (cols.mid, cols.mid + 2):
        sheet.column_dimensions[get_column_letter(col)].width = _chars(label_w)
    sheet.column_dimensions[get_column_letter(cols.mid + 1)].width = _chars(middle_w)
    sheet.row_dimensions[1].height = HEADER_H
    for row in range(rows.top, rows.last + 1):
        sheet.row_dimensions[row].height = pitch_h
    north_h = min(MAX_ROW_HEIGHT, centre_h - 2 * pitch_h)
    for row in (rows.mid, rows.mid + 2):
        sheet.row_dimensions[row].height = max(pitch_h, (centre_h - north_h) / 2)
    sheet.row_dimensions[rows.mid + 1].height = north_h


def _clamp(pitch: float) -> float:
    return min(MAX_PITCH, max(MIN_PITCH, pitch))


def _chars(points: float) -> float:
    """A column width in spreadsheet units (characters) for a width in points, as LibreOffice
    7.4 prints it: 7 pt per unit, measured (Excel would print (7w + 5) px at 96 dpi)."""
    return max(0.5, points / POINTS_PER_WIDTH_UNIT)


def _page_setup(sheet: Worksheet, paper: Paper, title: str) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape" if paper.landscape else "portrait"
    if paper.name in EXCEL_PAPER:
        setup.paperSize = EXCEL_PAPER[paper.name]
    else:  # portrait size; the orientation turns it
        width, height = SIZES[paper.name]
        setup.paperWidth = f"{width * MM_PER_POINT:.0f}mm"
        setup.paperHeight = f"{height * MM_PER_POINT:.0f}mm"
    setup.fitToWidth = 1
    setup.fitToHeight = 1
    properties = sheet.sheet_properties.pageSetUpPr
    assert properties is not None
    properties.fitToPage = True
    margin = paper.margin / 72  # inches
    margins = sheet.page_margins
    margins.left = margins.right = margins.top = margins.bottom = margin
    margins.header = margins.footer = margin / 2
    sheet.print_area = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    stamp = f"{title} · {datetime.date.today():%d %b %Y} · spreadsheet (okrdesk {__version__})"
    sheet.oddFooter.left.text = stamp
    sheet.oddFooter.left.size = 7
