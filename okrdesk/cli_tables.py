"""Spreadsheets on the command line (docs/spreadsheets.md).

* `okrdesk export FILE OUT.xlsx`: the strategy as a workbook; `okrdesk export FILE DIR`
  (an existing folder, or a name without a suffix): one CSV file per table in DIR.
* `okrdesk import BOOK.xlsx|DIR STRATEGY [--prune] [--dry-run]`: apply the spreadsheet's
  changes to the existing strategy file. Every change is listed first, one line each; rows
  missing from the sheet are removed only with --prune; --dry-run writes nothing. Any
  problem: one line per cell on stderr, exit 2, the file untouched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from okrdesk.models.errors import ImportProblem, OkrdeskError

EXIT_OK, EXIT_ERROR = 0, 2
FOLDER = "a folder"  # the EXPORTERS key of a CSV folder: reads well in "use … or a folder"


def is_folder_target(out: Path) -> bool:
    """An export target that means a folder of CSV files."""
    return out.is_dir() or not out.suffix


def export_workbook(file: Any, args: argparse.Namespace) -> int:
    from okrdesk.cli_export import file_snapshot
    from okrdesk.export.workbook import workbook_bytes
    from okrdesk.models.atomic import write_bytes_atomic

    write_bytes_atomic(args.out, workbook_bytes(file_snapshot(file)))
    print(f"wrote {args.out}")
    return EXIT_OK


def export_csv_folder(file: Any, args: argparse.Namespace) -> int:
    from okrdesk.cli_export import file_snapshot
    from okrdesk.models.csv_folder import write_csv_folder

    written = write_csv_folder(file_snapshot(file), args.out)
    print(f"wrote {len(written)} CSV files in {args.out}")
    return EXIT_OK


def is_table_source(source: Path) -> bool:
    from okrdesk.models.table_import import is_spreadsheet

    return is_spreadsheet(source)


def import_tables(args: argparse.Namespace) -> int:
    """`okrdesk import BOOK.xlsx|DIR STRATEGY`: see the module docstring."""
    from okrdesk.cli_export import print_notices
    from okrdesk.models.storage import StrategyFile
    from okrdesk.models.strategy import Strategy
    from okrdesk.models.table_changes import apply_plan
    from okrdesk.models.table_import import plan_import, read_spreadsheet

    source: Path = args.json
    if not is_table_source(source):
        raise OkrdeskError(f"{source.name}: --prune and --dry-run are for spreadsheet imports "
                           "(an .xlsx workbook or a folder of CSV files)")
    if not args.file.exists():
        raise OkrdeskError(f"{source.name}: a spreadsheet is applied to an existing strategy, "
                           f"and {args.file.name} does not exist (export one first)")
    if source.exists() and source.resolve() == args.file.resolve():
        raise OkrdeskError(f"{source.name}: is the strategy file itself")
    try:
        tables = read_spreadsheet(source)
    except ImportProblem as problem:
        return _report(source, problem)
    file = StrategyFile.open(args.file)
    try:
        print_notices(file.notices)
        if file.read_only and not args.dry_run:
            raise OkrdeskError(f"{args.file.name}: is read-only; nothing was imported")
        strategy = Strategy(file)
        try:
            plan = plan_import(strategy, tables, prune=args.prune)
        except ImportProblem as problem:
            return _report(source, problem)
        for line in plan.lines():
            print(line)
        held = 0 if args.prune else len(plan.removals)
        made = len(plan.changes) - held
        if args.dry_run or plan.empty:
            what = "dry run: nothing written" if args.dry_run else "nothing to change"
            print(f"{what} ({_count(made, 'change')}{_held(held)})")
            return EXIT_OK
        try:
            apply_plan(strategy, plan)
        except ImportProblem as problem:
            return _report(source, problem)
        print(f"applied {_count(made, 'change')} to {args.file.name}{_held(held)}")
        return EXIT_OK
    finally:
        file.close()


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _held(held: int) -> str:
    return f"; {_count(held, 'row')} missing from the spreadsheet not removed (use --prune)" \
        if held else ""


def _report(source: Path, problem: ImportProblem) -> int:
    for where, what in problem.problems:
        print(f"okrdesk: {source.name}: {where}: {what}", file=sys.stderr)
    print(f"okrdesk: {source.name}: nothing was imported", file=sys.stderr)
    return EXIT_ERROR
