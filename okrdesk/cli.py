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
from typing import TYPE_CHECKING, NoReturn

from okrdesk import __version__
from okrdesk.models.errors import ImportProblem, OkrdeskError

if TYPE_CHECKING:
    from okrdesk.export.pages import PageSet
    from okrdesk.layout.picture import Picture
    from okrdesk.models.snapshot import Snapshot
    from okrdesk.models.storage import StrategyFile

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
            "  okrdesk export FILE OUT [--view V]   export as JSON, or a view as PDF, SVG or PNG\n"
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
        parser.description = "Create a strategy file from an okrdesk JSON file."
        parser.add_argument("json", type=Path, help="okrdesk JSON to import")
        parser.add_argument("file", type=Path, help="strategy file to create (.okrdesk)")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
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
        ".pdf (the chosen view, print-exact), .svg or .png (one file per page)."
    )
    parser.add_argument("file", type=Path, help="strategy file (.okrdesk)")
    parser.add_argument("out", type=Path, help="output file (.json, .pdf, .svg or .png)")
    parser.add_argument(
        "--view",
        default="xmatrix",
        help="xmatrix (default), orm, approach, plan (every map of that kind, or KIND:ID for "
        "one), a3 or a3:ID (A3 sheets), okr or okr:ID (the OKR one-pager), scoreboard, "
        "pack (the client pack)",
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
    from okrdesk.models.interchange import read_file_json, write_strategy

    try:
        document = read_file_json(args.json)
    except ImportProblem as problem:
        for where, what in problem.problems:
            print(f"okrdesk: {args.json.name}: {where}: {what}", file=sys.stderr)
        return EXIT_ERROR
    write_strategy(args.file, document, overwrite=args.force)
    print(f"created {args.file} ({len(document.elements)} elements, {len(document.links)} links)")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from okrdesk.models.storage import StrategyFile

    suffix = args.out.suffix.lower()
    if suffix not in EXPORTERS:
        raise OkrdeskError(
            f"{args.out.name}: unknown export format (use {' or '.join(sorted(EXPORTERS))})"
        )
    if args.out.exists() and args.out.resolve() == args.file.resolve():
        raise OkrdeskError(f"{args.out.name}: refusing to overwrite the strategy file itself")
    file = StrategyFile.open_for_reading(args.file)
    try:
        _print_notices(file.notices)
        return EXPORTERS[suffix](file, args)
    finally:
        file.close()


def _export_json(file: StrategyFile, args: argparse.Namespace) -> int:
    from okrdesk.models.interchange import export_json
    from okrdesk.models.storage import write_text_atomic

    write_text_atomic(args.out, export_json(file_snapshot(file)))
    return EXIT_OK


def _export_csv(file: StrategyFile, args: argparse.Namespace) -> int:
    from okrdesk.models.okr_csv import check_ins_csv_bytes
    from okrdesk.models.storage import write_bytes_atomic

    write_bytes_atomic(args.out, check_ins_csv_bytes(file_snapshot(file)))  # every check-in
    return EXIT_OK


def _pages(file: StrategyFile, args: argparse.Namespace) -> PageSet:
    from okrdesk.export.pages import PageRequest, PaperTooSmall, build_pages
    from okrdesk.layout.paper import Paper
    from okrdesk.models.strategy import Strategy

    strategy = Strategy(file)
    saved = strategy.setting("xmatrix", {})
    settings = saved if isinstance(saved, dict) else {}
    paper = None
    if args.page or args.orientation:
        name = args.page or (str(settings.get("paper", "A3")) if args.view == "xmatrix" else "A3")
        try:
            paper = Paper(name, args.orientation != "portrait")
        except ValueError:
            paper = Paper("A3", args.orientation != "portrait")
    request = PageRequest(args.view, paper, args.tile)
    try:
        return build_pages(strategy.snapshot(), request, settings)
    except PaperTooSmall as refused:
        bigger = f"--page {refused.fits_on.name}, or " if refused.fits_on else ""
        raise OkrdeskError(f"{refused} Use {bigger}--tile.") from None


def _announce(pages: PageSet, written: str) -> None:
    """One line on what was written: page count, and the tile grids when tiled."""
    tiled = [p.meta["tile_grid"] for p, _b in pages.pages if "tile" in p.meta]
    grids = sorted({f"{g[0]} × {g[1]}" for g in tiled if isinstance(g, tuple)})
    count = len(pages.pages)
    how = f" (tiled {', '.join(grids)} with overlap marks)" if grids else ""
    print(f"wrote {written}: {count} page{'s' if count != 1 else ''}{how}")


def _warn(messages: list[str]) -> None:
    for message in messages:
        print(f"okrdesk: warning: {message}", file=sys.stderr)


def _export_pdf(file: StrategyFile, args: argparse.Namespace) -> int:
    from okrdesk.export.pdf import render_page_set
    from okrdesk.models.storage import write_bytes_atomic

    pages = _pages(file, args)
    content, report = render_page_set(pages)
    write_bytes_atomic(args.out, content)
    _announce(pages, str(args.out))
    _warn(report.messages())
    return EXIT_OK


def _page_files(out: Path, count: int) -> list[Path]:
    """OUT itself for one page; OUT-1, OUT-2 … (same suffix) for several."""
    if count == 1:
        return [out]
    width = len(str(count))
    return [out.with_name(f"{out.stem}-{i:0{width}d}{out.suffix}") for i in range(1, count + 1)]


def _export_images(file: StrategyFile, args: argparse.Namespace) -> int:
    from okrdesk.models.storage import write_bytes_atomic

    if not 10 <= args.dpi <= 1200:
        raise OkrdeskError(f"--dpi {args.dpi:g}: choose a resolution between 10 and 1200")
    pages = _pages(file, args)
    if args.out.suffix.lower() == ".svg":
        from okrdesk.export.svg import svg_bytes

        render = svg_bytes
    else:
        from okrdesk.views.raster import png_bytes

        def render(picture: Picture) -> bytes:
            return png_bytes(picture, args.dpi)

    targets = _page_files(args.out, len(pages.pages))
    itself = args.file.resolve()  # OUT-1 … may name the strategy file even when OUT does not
    for target in targets:
        if target.exists() and target.resolve() == itself:
            raise OkrdeskError(f"{target.name}: refusing to overwrite the strategy file itself")
    for target, (picture, _bookmark) in zip(targets, pages.pages, strict=True):
        write_bytes_atomic(target, render(picture))
    shown = str(args.out) if len(targets) == 1 else f"{targets[0]} … {targets[-1].name}"
    _announce(pages, shown)
    _warn([*pages.warnings, *(w for p, _b in pages.pages for w in p.warnings)])
    return EXIT_OK


EXPORTERS = {
    ".json": _export_json,
    ".pdf": _export_pdf,
    ".svg": _export_images,
    ".png": _export_images,
    ".csv": _export_csv,
}


def _check(args: argparse.Namespace) -> int:
    from okrdesk.models.rules import check
    from okrdesk.models.storage import StrategyFile

    file = StrategyFile.open_for_reading(args.file)
    try:
        _print_notices(file.notices)
        findings = check(file_snapshot(file))
    finally:
        file.close()
    for finding in findings:
        print(f"{finding.severity.value:<8} {finding.code:<26} {finding.message}")
    print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {args.file.name}")
    return EXIT_FINDINGS if findings else EXIT_OK


def file_snapshot(file: StrategyFile) -> Snapshot:
    from okrdesk.models.strategy import Strategy

    return Strategy(file).snapshot()


def _print_notices(notices: list[str]) -> None:
    for notice in notices:
        print(f"okrdesk: note: {notice}", file=sys.stderr)


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
