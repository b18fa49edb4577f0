"""The command line: `okrdesk [FILE]` opens the GUI; subcommands work headless.

Every error is one clear line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from okrdesk import __version__
from okrdesk.models.errors import ImportProblem, OkrdeskError

SUBCOMMANDS = ("import", "export", "check")
PAGES = ("A0", "A1", "A2", "A3", "A4", "A5", "tabloid", "letter")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"okrdesk: {message} (see okrdesk --help)\n")


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="okrdesk",
        description="Offline strategy mapping: TASTE X-Matrix in one local .okrdesk file.",
        epilog=(
            "headless commands:\n"
            "  okrdesk import JSON FILE [--force]   create a strategy file from JSON\n"
            "  okrdesk import BOOK.xlsx|DIR FILE [--prune] [--dry-run]\n"
            "                                       apply a spreadsheet's changes to FILE\n"
            "  okrdesk export FILE OUT [--view V]   export as JSON, a view as PDF, SVG or PNG,\n"
            "                                       a workbook (.xlsx) or CSV folder, a map as\n"
            "                                       DOT/Mermaid (.dot, .mmd), Markdown (.md)\n"
            "  okrdesk check FILE                   list health findings "
            "(exit 0 clean, 1 findings, 2 error)\n"
            "run 'okrdesk COMMAND --help' for details."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="strategy file to open")
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh copy of the sample strategy"
    )
    parser.add_argument("--version", action="version", version=f"okrdesk {__version__}")
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    return parser


def _command_parser(command: str) -> argparse.ArgumentParser:
    parser = _Parser(prog=f"okrdesk {command}")
    if command == "import":
        parser.description = (
            "Create a strategy file from an okrdesk JSON file, or apply a spreadsheet (an "
            ".xlsx workbook or a folder of CSV files from 'okrdesk export') to an existing "
            "strategy: every change is listed first (docs/spreadsheets.md)."
        )
        parser.add_argument("json", type=Path, help="okrdesk JSON, .xlsx workbook or CSV folder")
        parser.add_argument("file", type=Path, help="strategy file to create (JSON) or update")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
        parser.add_argument("--prune", action="store_true",
                            help="spreadsheets: also remove what the spreadsheet no longer has")
        parser.add_argument("--dry-run", action="store_true",
                            help="spreadsheets: list the changes, write nothing")
    elif command == "export":
        _export_arguments(parser)
    else:
        parser.description = (
            "Print health findings: exit 0 when clean, 1 with findings, 2 on error."
        )
        parser.add_argument("file", type=Path, help="strategy file (.okrdesk)")
    return parser


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Export a strategy; the format follows OUT's suffix: .json (the whole strategy), "
        ".pdf (the chosen view, print-exact), .svg or .png (one file per page), .dot or .gv "
        "(Graphviz) and .mmd (Mermaid) of the option maps, .md (the X-Matrix in Markdown)."
    )
    parser.add_argument("file", type=Path, help="strategy file (.okrdesk)")
    parser.add_argument(
        "out", type=Path, help="output file (.json, .pdf, .svg, .png, .dot, .gv, .mmd, .md or "
        ".xlsx), or a folder (no suffix) for one CSV file per table"
    )
    parser.add_argument(
        "--view",
        default="xmatrix",
        help="xmatrix (default), orm, approach, plan (every map of that kind, or KIND:ID for "
        "one), a3 or a3:ID (A3 sheets), okr or okr:ID (the OKR one-pager), scoreboard, "
        "pack (the client pack); for .dot, .gv and .mmd: orm (default), approach, plan or "
        "KIND:ID, several maps making one graph with a cluster (subgraph) per map",
    )
    parser.add_argument(
        "--page", choices=PAGES, help="paper (default: the X-Matrix's saved paper, else A3)"
    )
    side = parser.add_mutually_exclusive_group()
    side.add_argument(
        "--portrait",
        dest="orientation",
        action="store_const",
        const="portrait",
        help="portrait paper",
    )
    side.add_argument(
        "--landscape",
        dest="orientation",
        action="store_const",
        const="landscape",
        help="landscape paper (the default)",
    )
    parser.add_argument(
        "--tile",
        action="store_true",
        help="split a picture too large for the paper across pages with overlap marks",
    )
    parser.add_argument(
        "--dpi", type=float, default=150.0, help="resolution of PNG output (default 150)"
    )


def _import(args: argparse.Namespace) -> int:
    from okrdesk.cli_tables import import_tables, is_table_source
    from okrdesk.models.interchange import read_file_json, write_strategy

    if is_table_source(args.json) or args.prune or args.dry_run:
        return import_tables(args)
    try:
        document = read_file_json(args.json)
    except ImportProblem as problem:
        for where, what in problem.problems:
            print(f"okrdesk: {args.json.name}: {where}: {what}", file=sys.stderr)
        return EXIT_ERROR
    if _is_template(args.json):  # its header carries settings (X-Matrix words) JSON has not
        from okrdesk.models.strategy_template_files import read_template
        from okrdesk.models.strategy_templates import new_strategy_from_template

        template = read_template(args.json)
        new_strategy_from_template(template, args.file, document.title, overwrite=args.force)
    else:
        write_strategy(args.file, document, overwrite=args.force)
    print(f"created {args.file} ({len(document.elements)} elements, {len(document.links)} links)")
    return EXIT_OK


def _is_template(path: Path) -> bool:
    """A strategy template file (okrdesk JSON with a "template" header)?"""
    import json

    from okrdesk.models.strategy_templates import TEMPLATE_KEY

    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False  # it was read and checked a moment ago; a template it is not
    return isinstance(value, dict) and isinstance(value.get(TEMPLATE_KEY), dict)


def _export(args: argparse.Namespace) -> int:
    from okrdesk.cli_export import export

    return export(args)


def _check(args: argparse.Namespace) -> int:
    from okrdesk.cli_export import file_snapshot, open_for_reading, print_notices
    from okrdesk.models.rules import check

    file = open_for_reading(args.file)
    try:
        print_notices(file.notices)
        findings = check(file_snapshot(file))
    finally:
        file.close()
    for finding in findings:
        print(f"{finding.severity.value:<8} {finding.code:<26} {finding.message}")
    print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {args.file.name}")
    return EXIT_FINDINGS if findings else EXIT_OK


def _display_available() -> bool:
    """Qt aborts the process when it cannot reach a display; find out before it tries."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            command = args_list[0]
            args = _command_parser(command).parse_args(args_list[1:])
            run = {"import": _import, "export": _export, "check": _check}[command]
            return run(args)
        args = _gui_parser().parse_args(args_list)
        if args.file is not None and not args.file.exists():
            raise OkrdeskError(
                f"{args.file}: no such file or command (commands: {', '.join(SUBCOMMANDS)}; "
                "see okrdesk --help)"
            )
        if not _display_available():
            raise OkrdeskError(
                "no display to show the window on: start okrdesk from a desktop session "
                "(the import, export and check commands work without one)"
            )
        from okrdesk.views.app import run_gui

        return run_gui(args.file, demo=args.demo, screenshot=args.screenshot)
    except OkrdeskError as error:
        print(f"okrdesk: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`okrdesk check FILE | head -1`): stop quietly, as other
        # command-line tools do; point stdout at nothing so the final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:  # last resort: one line, never a traceback for the user
        print(
            f"okrdesk: internal error, please report it: {type(error).__name__}: {error}",
            file=sys.stderr,
        )
        return EXIT_ERROR


def run_and_exit() -> NoReturn:
    """The `okrdesk` script and `python -m okrdesk`: main() on sys.argv, then exit.

    A headless command has written and closed everything when main() returns; what is left
    is the interpreter taking apart every module and object one by one: about 0.1 s of a
    0.8 s export of a large X-Matrix. So it ends the process directly, after the exit
    handlers (they remove extracted font files) and flushing the output. The GUI exits
    normally: Qt wants its orderly shutdown. Tests call main() itself.
    """
    argv = sys.argv[1:]
    code = main(argv)
    if argv and argv[0] in SUBCOMMANDS:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)  # output could not be written: let the interpreter report it
        os._exit(code)
    sys.exit(code)
