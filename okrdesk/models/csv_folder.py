"""The tables as a folder of CSV files, one per table, named after it (Strategies.csv …).

The files are written like the check-ins CSV (okr_csv): UTF-8 with a byte-order mark so
Excel reads accents right, RFC 4180 quoting, CRLF line ends, risky text behind a leading
apostrophe (escape_text); numbers as okrdesk writes them, dates as YYYY-MM-DD. Reading
back removes that apostrophe again; a cell that starts with "=" without one was typed or
saved as a formula by another program, and is refused with its place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
from pathlib import Path

from okrdesk.models.atomic import write_bytes_atomic
from okrdesk.models.errors import ImportProblem, OkrdeskError
from okrdesk.models.okr_csv import escape_text, number_text
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.table_read import column_letter, unescape_grid
from okrdesk.models.tables import TABLE_NAMES, Grid, Value, strategy_tables

SUFFIX = ".csv"
MAX_CSV_BYTES = 20 * 1024 * 1024  # one table's file


def csv_text(grid: Grid) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in grid:
        writer.writerow([_field(v) for v in row])
    return out.getvalue()


def _field(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return number_text(float(value))


def write_csv_folder(snapshot: Snapshot, folder: Path) -> list[Path]:
    """One CSV file per table in `folder` (created if missing); returns the files written.
    Other files in the folder are left alone."""
    if folder.exists() and not folder.is_dir():
        raise OkrdeskError(f"{folder.name}: is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OkrdeskError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    written = []
    for name, grid in strategy_tables(snapshot).items():
        target = folder / f"{name}{SUFFIX}"
        write_bytes_atomic(target, ("\ufeff" + csv_text(grid)).encode("utf-8"))
        written.append(target)
    return written


def read_csv_folder(folder: Path) -> dict[str, Grid]:
    """{table name: grid} of the CSV files okrdesk writes that are in `folder` (a missing
    one is table_read's to report); ImportProblem lists cells that hold a formula or files
    that are not UTF-8 text."""
    if not folder.is_dir():
        raise OkrdeskError(f"{folder.name}: no such folder")
    grids: dict[str, Grid] = {}
    problems: list[tuple[str, str]] = []
    for name in TABLE_NAMES:
        path = folder / f"{name}{SUFFIX}"
        data = _read(path)
        if data is None:
            continue
        label = path.name
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append((label, f"not UTF-8 text (bad byte at offset {exc.start}); save "
                                    "it as “CSV UTF-8”"))
            continue
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        grid: Grid = []
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row):
                if cell.startswith("="):
                    problems.append((f"{label}!{column_letter(c)}{r}", f"a formula ({cell[:40]}); "
                                     "okrdesk imports values only (put ' in front to keep it as "
                                     "text)"))
            grid.append([cell if cell != "" else None for cell in row])
        grids[name] = unescape_grid(grid)
    if problems:
        raise ImportProblem(problems)
    if not grids:
        raise OkrdeskError(f"{folder.name}: holds none of the CSV files okrdesk writes "
                           f"({TABLE_NAMES[0]}{SUFFIX}, {TABLE_NAMES[1]}{SUFFIX} …)")
    return grids


def _read(path: Path) -> bytes | None:
    try:
        facts = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OkrdeskError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(facts.st_mode):
        raise OkrdeskError(f"{path.name}: is not a regular file")
    if facts.st_size > MAX_CSV_BYTES:
        raise OkrdeskError(f"{path.name}: too large ({facts.st_size:,} bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OkrdeskError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
