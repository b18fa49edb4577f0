"""Reading a workbook (.xlsx) back into grids of values for table_read, with openpyxl.

Only okrdesk's sheets are looked at (a user's own extra sheets are left alone). A cell that
holds a formula, an error value (#N/A) or that is part of merged cells is refused, each with
its address: okrdesk imports values, and a merged range has no single value to import.
openpyxl is imported on first use, so the GUI starts without it.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path
from typing import Any

from okrdesk.models.errors import ImportProblem, OkrdeskError
from okrdesk.models.table_read import column_letter, unescape_grid
from okrdesk.models.tables import TABLE_NAMES, Grid, Value

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024


def read_workbook_grids(path: Path) -> dict[str, Grid]:
    """{sheet name: grid} of okrdesk's sheets; ImportProblem lists every formula, error
    value and merged range, OkrdeskError says why a file cannot be read at all."""
    from openpyxl import load_workbook

    _check_file(path)
    try:
        book = load_workbook(path, data_only=False, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise OkrdeskError(f"{path.name}: not a workbook okrdesk can read ({exc})") from None
    problems: list[tuple[str, str]] = []
    grids: dict[str, Grid] = {}
    try:
        for name in TABLE_NAMES:
            if name not in book.sheetnames:
                continue
            sheet = book[name]
            for merged in sheet.merged_cells.ranges:
                problems.append((f"{name}!{merged.coord}",
                                 "merged cells: unmerge them so each cell has its own value"))
            grids[name] = [
                [_value(name, cell, problems) for cell in row]
                for row in sheet.iter_rows()
            ]
    finally:
        book.close()
    if problems:
        raise ImportProblem(problems)
    return {name: unescape_grid(grid) for name, grid in grids.items()}


def _check_file(path: Path) -> None:
    try:
        facts = path.stat()
    except FileNotFoundError:
        raise OkrdeskError(f"{path.name}: no such file") from None
    except OSError as exc:
        raise OkrdeskError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(facts.st_mode):
        raise OkrdeskError(f"{path.name}: is not a regular file")
    if facts.st_size > MAX_WORKBOOK_BYTES:
        raise OkrdeskError(f"{path.name}: too large ({facts.st_size:,} bytes); okrdesk reads "
                           f"workbooks up to {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB")
    if not zipfile.is_zipfile(path):
        raise OkrdeskError(f"{path.name}: not an .xlsx workbook (an .xls or .ods file? save it "
                           "as .xlsx)")


def _value(sheet: str, cell: Any, problems: list[tuple[str, str]]) -> Value:
    where = f"{sheet}!{column_letter(cell.column - 1)}{cell.row}"
    kind = cell.data_type
    value = cell.value
    if kind == "f" or (not isinstance(value, str | int | float | type(None)) and not hasattr(
            value, "isoformat")):
        text = getattr(value, "text", value)
        problems.append((where, f"a formula ({str(text)[:40]}); okrdesk imports values only: "
                                "type the value itself"))
        return None
    if kind == "e":
        problems.append((where, f"an error value ({value}): type the value itself"))
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value  # type: ignore[no-any-return]
