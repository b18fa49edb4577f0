"""`okrdesk export FILE OUT`: the format follows OUT's suffix.

Each exporter takes the open strategy file and the parsed arguments and returns the exit
status; EXPORTERS maps a suffix to one. Errors are raised as OkrdeskError (one line, exit 2).

The file an exporter is handed (ExportFile) is usually a SnapshotFile, read without loading
SQLAlchemy (models/snapshot_file.py); an older file, which must be upgraded first, comes as a
StrategyFile. Read it only through `file_snapshot` and `file_setting`, and write with
okrdesk.models.atomic, so a plain export never loads the database layer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrdesk.cli_tables import FOLDER, export_csv_folder, export_workbook, is_folder_target
from okrdesk.cli_text_exports import export_dot, export_markdown, export_mermaid
from okrdesk.models.errors import OkrdeskError

if TYPE_CHECKING:
    from okrdesk.export.pages import PageSet
    from okrdesk.layout.picture import Picture
    from okrdesk.models.snapshot import Snapshot
    from okrdesk.models.snapshot_file import SnapshotFile
    from okrdesk.models.storage import StrategyFile

    ExportFile = SnapshotFile | StrategyFile

EXIT_OK = 0
Exporter = Callable[[Any, argparse.Namespace], int]  # (ExportFile, arguments) -> exit status


def export(args: argparse.Namespace) -> int:
    suffix = FOLDER if is_folder_target(args.out) else args.out.suffix.lower()
    if suffix not in EXPORTERS:
        raise OkrdeskError(
            f"{args.out.name}: unknown export format (use {' or '.join(sorted(EXPORTERS))})"
        )
    if args.out.exists() and args.out.resolve() == args.file.resolve():
        raise OkrdeskError(f"{args.out.name}: refusing to overwrite the strategy file itself")
    file = open_for_reading(args.file)
    try:
        print_notices(file.notices)
        return EXPORTERS[suffix](file, args)
    finally:
        file.close()


def _export_json(file: ExportFile, args: argparse.Namespace) -> int:
    from okrdesk.models.atomic import write_text_atomic
    from okrdesk.models.interchange import export_json

    write_text_atomic(args.out, export_json(file_snapshot(file)))
    return EXIT_OK


def _export_csv(file: ExportFile, args: argparse.Namespace) -> int:
    from okrdesk.models.atomic import write_bytes_atomic
    from okrdesk.models.okr_csv import check_ins_csv_bytes

    write_bytes_atomic(args.out, check_ins_csv_bytes(file_snapshot(file)))  # every check-in
    return EXIT_OK


def _pages(file: ExportFile, args: argparse.Namespace) -> PageSet:
    from okrdesk.export.pages import PageRequest, PaperTooSmall, build_pages
    from okrdesk.layout.paper import Paper

    saved = file_setting(file, "xmatrix", {})
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
        return build_pages(file_snapshot(file), request, settings)
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


def _export_pdf(file: ExportFile, args: argparse.Namespace) -> int:
    from okrdesk.export.pdf import render_page_set
    from okrdesk.models.atomic import write_bytes_atomic

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


def _export_images(file: ExportFile, args: argparse.Namespace) -> int:
    from okrdesk.models.atomic import write_bytes_atomic

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


EXPORTERS: dict[str, Exporter] = {
    ".json": _export_json,
    ".pdf": _export_pdf,
    ".svg": _export_images,
    ".png": _export_images,
    ".csv": _export_csv,
    ".dot": export_dot,
    ".gv": export_dot,
    ".mmd": export_mermaid,
    ".md": export_markdown,
    ".xlsx": export_workbook,
    FOLDER: export_csv_folder,
}


def open_for_reading(path: Path) -> ExportFile:
    """The file for a headless command: read whole without SQLAlchemy when it is a plain file
    of the current schema (nearly always), else StrategyFile.open_for_reading, which upgrades
    an older file (keeping a backup) or says exactly what is wrong with it."""
    from okrdesk.models.snapshot_file import read_snapshot_file

    read = read_snapshot_file(path)
    if read is not None:
        return read
    from okrdesk.models.storage import StrategyFile

    return StrategyFile.open_for_reading(path)


def file_snapshot(file: ExportFile) -> Snapshot:
    from okrdesk.models.snapshot_file import SnapshotFile

    if isinstance(file, SnapshotFile):
        return file.snapshot
    from okrdesk.models.strategy import Strategy

    return Strategy(file).snapshot()


def file_setting(file: ExportFile, key: str, default: Any = None) -> Any:
    """One of the strategy's settings (the X-Matrix's saved paper and options: "xmatrix")."""
    from okrdesk.models.snapshot_file import SnapshotFile

    if isinstance(file, SnapshotFile):
        return file.setting(key, default)
    from okrdesk.models.strategy import Strategy

    return Strategy(file).setting(key, default)


def print_notices(notices: list[str]) -> None:
    for notice in notices:
        print(f"okrdesk: note: {notice}", file=sys.stderr)
