"""Helpers for the spreadsheet round-trip tests (no tests of its own): sample strategies,
their JSON, and editing a workbook the way a user does in a spreadsheet program."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from okrdesk.assets import write_sample_copy
from okrdesk.export.workbook import workbook_bytes
from okrdesk.models.interchange import export_json
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy


def sample_strategy(folder: Path, name: str = "sample") -> Path:
    return write_sample_copy(folder / f"{name}.okrdesk")


def copy_of(path: Path, name: str) -> Path:
    target = path.with_name(f"{name}.okrdesk")
    shutil.copyfile(path, target)
    return target


@contextmanager
def opened(path: Path) -> Iterator[Strategy]:
    file = StrategyFile.open(path)
    try:
        yield Strategy(file)
    finally:
        file.close()


def json_of(path: Path) -> str:
    file = StrategyFile.open(path, read_only=True)
    try:
        return export_json(Strategy(file).snapshot())
    finally:
        file.close()


def write_workbook(strategy_path: Path, target: Path) -> Path:
    with opened(strategy_path) as strategy:
        target.write_bytes(workbook_bytes(strategy.snapshot()))
    return target


def edit_workbook(path: Path, edit: Callable[[Any], None], target: Path | None = None) -> Path:
    """Open the workbook with openpyxl, let `edit` change it, save it (to `target`)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    edit(book)
    out = target or path
    book.save(out)
    return out


def row_of(sheet: Any, value: str, column: int = 1) -> int:
    """The row number whose cell in `column` holds `value`."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} is not in {sheet.title}")


def column_of(sheet: Any, value: str, row: int = 1) -> int:
    for column in range(1, sheet.max_column + 1):
        if sheet.cell(row, column).value == value:
            return column
    raise AssertionError(f"{value!r} is not in row {row} of {sheet.title}")
