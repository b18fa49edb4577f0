"""Correlation click to repaint on a 180-tactic X-Matrix, offscreen; prints figures.

The strategy from bench.xmatrix_layout is written to a real strategy file and opened in the
X-Matrix tab, as a user would have it. One "click" is what a mouse press on a corner cell
does (the undo command, the file commit, the scene's one-cell update) and the event loop
repainting the dirty region, so the figure includes painting the pixels. A full repaint of
the visible matrix is timed too, as the worst case.

    .venv/bin/python -m bench.xmatrix_click [--clicks N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.xmatrix_layout import big_snapshot
from okrdesk.models.interchange import export_json, parse_json, write_strategy
from okrdesk.models.storage import StrategyFile
from okrdesk.views.app import make_app
from okrdesk.views.document import Document
from okrdesk.views.xmatrix_tab import XMatrixTab


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clicks", type=int, default=60)
    args = parser.parse_args()
    app = make_app()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.okrdesk"
        write_strategy(path, parse_json(export_json(big_snapshot())))
        doc = Document(StrategyFile.open(path))
        tab = XMatrixTab(doc)
        tab.resize(1600, 1000)
        tab.show()
        app.processEvents()
        started = time.perf_counter()
        tab.scene.relayout()
        tab.view.viewport().repaint()
        full_ms = (time.perf_counter() - started) * 1000
        layout = tab.scene.layout
        assert layout is not None
        cells = [key for key, c in layout.crossings.items() if c.corner != "owners"]
        app.processEvents()
        clicks, full = [], []
        for index in range(args.clicks):
            row, col = cells[(index * 97) % len(cells)]
            started = time.perf_counter()
            tab.scene.cycle_crossing(row, col)
            app.processEvents()  # Qt repaints the dirty region: what a user sees
            clicks.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            tab.view.viewport().repaint()  # worst case: the whole visible matrix again
            full.append((time.perf_counter() - started) * 1000)
            app.processEvents()  # deferred re-layouts (orphan changes) happen between clicks
        doc.close()
    print(f"X-Matrix: {len(cells)} corner cells, paper {layout.paper.label}")
    print(f"full layout + scene build + paint: {full_ms:.1f} ms")
    for label, times in (
        ("click to repaint (dirty region)", clicks),
        ("full viewport repaint after it", full),
    ):
        print(
            f"{label} ({args.clicks} clicks): median {statistics.median(times):.1f} ms, "
            f"min {min(times):.1f} ms, max {max(times):.1f} ms"
        )


if __name__ == "__main__":
    main()
