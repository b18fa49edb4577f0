"""Importing a spreadsheet into an open strategy: read it, compare it, check the changes.

The one entry point the command line and the GUI share. A path that is a folder (or has no
.xlsx suffix and is a folder) is a CSV folder; an .xlsx path is a workbook.
"""

from __future__ import annotations

from pathlib import Path

from okrdesk.models.csv_folder import SUFFIX as CSV_SUFFIX
from okrdesk.models.csv_folder import read_csv_folder
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.strategy import Strategy
from okrdesk.models.table_changes import ChangePlan, check_plan
from okrdesk.models.table_plan import build_plan
from okrdesk.models.table_read import SheetTables, read_tables

WORKBOOK_SUFFIX = ".xlsx"


def is_spreadsheet(path: Path) -> bool:
    """True for what import_tables reads: an .xlsx workbook or a folder."""
    return path.suffix.lower() == WORKBOOK_SUFFIX or path.is_dir()


def read_spreadsheet(path: Path) -> SheetTables:
    """The checked tables of a workbook or a CSV folder (ImportProblem, OkrdeskError)."""
    if path.is_dir():
        return read_tables(read_csv_folder(path), CSV_SUFFIX)
    if path.suffix.lower() != WORKBOOK_SUFFIX:
        raise OkrdeskError(f"{path.name}: okrdesk imports an .xlsx workbook or a folder of CSV "
                           "files")
    from okrdesk.models.workbook_read import read_workbook_grids

    return read_tables(read_workbook_grids(path))


def plan_import(strategy: Strategy, tables: SheetTables, *, prune: bool,
                snapshot: Snapshot | None = None) -> ChangePlan:
    """Every change the tables make, tried against the file and rolled back, so what the
    preview lists can be applied (ImportProblem otherwise)."""
    plan = build_plan(snapshot or strategy.snapshot(), tables, prune=prune)
    check_plan(strategy, plan)
    return plan
