"""`okrdesk export FILE OUT` for the text formats: .dot/.gv, .mmd and .md.

.dot and .gv write the option map(s) `--view` names as Graphviz DOT, .mmd as a Mermaid
flowchart: orm (the default here, since the X-Matrix is no graph), approach or plan (every
map of that kind, one cluster or subgraph per map) or KIND:ID (one map). .md writes the
X-Matrix summary in Markdown and takes no map view. Files are written whole or not at all.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from okrdesk.models.errors import OkrdeskError

if TYPE_CHECKING:
    from okrdesk.cli_export import ExportFile
    from okrdesk.export.map_graph import MapGraphs
    from okrdesk.models.snapshot import Snapshot

EXIT_OK = 0


def _snapshot(file: ExportFile) -> Snapshot:
    # Imported here: okrdesk.cli_export imports this module for its EXPORTERS table.
    from okrdesk.cli_export import file_snapshot

    return file_snapshot(file)


def _write(args: argparse.Namespace, text: str, what: str) -> int:
    from okrdesk.models.atomic import write_text_atomic

    write_text_atomic(args.out, text)
    print(f"wrote {args.out}: {what}")
    return EXIT_OK


def _map_export(
    render: Callable[[MapGraphs], str], name: str
) -> Callable[[ExportFile, argparse.Namespace], int]:
    def export(file: ExportFile, args: argparse.Namespace) -> int:
        from okrdesk.export.map_graph import map_graphs

        graphs = map_graphs(_snapshot(file), args.view)
        count = len(graphs.maps)
        what = f"“{graphs.maps[0].title}”" if count == 1 else f"{count} maps"
        return _write(args, render(graphs), f"{what} as {name}")

    return export


def _render_dot(graphs: MapGraphs) -> str:
    from okrdesk.export.dot import render_dot

    return render_dot(graphs)


def _render_mermaid(graphs: MapGraphs) -> str:
    from okrdesk.export.mermaid import render_mermaid

    return render_mermaid(graphs)


export_dot = _map_export(_render_dot, "Graphviz DOT")
export_mermaid = _map_export(_render_mermaid, "a Mermaid flowchart")


def export_markdown(file: ExportFile, args: argparse.Namespace) -> int:
    from okrdesk.export.markdown import xmatrix_markdown

    if args.view != "xmatrix":
        raise OkrdeskError(
            f"--view {args.view}: {args.out.suffix} is the X-Matrix summary; leave --view out"
        )
    return _write(args, xmatrix_markdown(_snapshot(file)), "the X-Matrix in Markdown")
