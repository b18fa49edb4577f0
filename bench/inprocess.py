"""Measurements inside this process: opening a file and building its model snapshot, the
X-Matrix layout, the option map layouts; and the correlation click, run in a child process by
bench.xmatrix_click (it needs its own QApplication) and read back from what it prints.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import partial
from pathlib import Path

from bench.corpus import StrategyCase, map_relations
from bench.runner import Result, timed
from bench.xmatrix_export import strategy_snapshot
from okrdesk.layout.map_layout import layout_map
from okrdesk.layout.xmatrix import layout_xmatrix
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

# Every size is laid out in process since the grid became lines (about 1 s at 10,000); the
# cap stays as a guard should a size be added that the layout refuses or cannot hold.
XMATRIX_LAYOUT_CAP = 10_000


def open_and_snapshot(path: Path) -> int:
    """What opening a file costs before anything is drawn: the file and its model snapshot."""
    file = StrategyFile.open_for_reading(path)
    try:
        return len(Strategy(file).snapshot().elements)
    finally:
        file.close()


def measure_open(cases: list[StrategyCase], runs: int) -> list[Result]:
    open_and_snapshot(cases[0].path)  # imports, SQLAlchemy's compiled statements
    return [Result("open file + model snapshot", c.size, timed(partial(open_and_snapshot, c.path),
                                                                   runs)) for c in cases]


def measure_xmatrix_layout(cases: list[StrategyCase], runs: int) -> list[Result]:
    results = []
    for case in cases:
        result = Result("X-Matrix layout (proposed paper)", case.size)
        if case.size > XMATRIX_LAYOUT_CAP:
            result.note = "not run in process: see the export at this size"
        else:
            snapshot, options = strategy_snapshot(case.path)
            lay = layout_xmatrix(snapshot, options)  # fonts and caches warm
            result.seconds = timed(partial(layout_xmatrix, snapshot, options), runs)
            result.note = f"{case.correlations} marks; on {lay.paper.label}" + (
                "" if lay.fits else " (does not fit: tiled)")
        results.append(result)
    return results


def measure_map_layouts(sizes: tuple[int, ...], runs: int) -> list[Result]:
    layout_map(*map_relations(10), "layered")  # imports (networkx) and caches warm
    layout_map(*map_relations(10), "force")
    results = []
    for size in sizes:
        options, relations = map_relations(size)
        for algorithm in ("layered", "force"):
            seconds = timed(partial(layout_map, options, relations, algorithm), runs)
            results.append(Result(f"map layout: okrdesk {algorithm}", size, seconds,
                                  note=f"{len(relations)} relations"))
    return results


CLICK_LINE = re.compile(
    r"click to repaint \(dirty region\) \((\d+) clicks\): median ([\d.]+) ms, "
    r"min ([\d.]+) ms, max ([\d.]+) ms"
)


def measure_click(clicks: int) -> Result:
    """bench.xmatrix_click on its 180-tactic matrix: only median, min and max come back."""
    result = Result("correlation click to repaint (180 tactics)", 251)
    done = subprocess.run([sys.executable, "-m", "bench.xmatrix_click", "--clicks", str(clicks)],
                          capture_output=True, text=True, timeout=600, check=False)
    found = CLICK_LINE.search(done.stdout)
    if found is None:
        result.note = f"xmatrix_click failed: {(done.stderr or done.stdout).strip()[-160:]}"
        return result
    median, low, high = (float(found.group(i)) / 1000 for i in (2, 3, 4))
    result.seconds = [low, median, high]  # the table's median, min and max are these
    result.note = f"{found.group(1)} clicks, median/min/max from bench.xmatrix_click"
    return result
