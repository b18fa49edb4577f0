"""Process start to first painted window: okrdesk's main window on the sample next to a bare
PySide6 program showing an empty QMainWindow (the floor), interleaved in the same run.

Both run offscreen (QT_QPA_PLATFORM=offscreen) with a throw-away settings folder, so no recent
file or window geometry from a previous run changes what the window does at start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.runner import ProcessFailed, Result, run_process

FLOOR = "first paint: bare PySide6 window (floor)"
OKRDESK = "first paint: okrdesk on the sample"
XMATRIX = "okrdesk on the sample: its X-Matrix painted"  # the file opens after the first paint


def measure_startup(sample: Path, folder: Path, runs: int) -> list[Result]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"))
    commands = {
        FLOOR: [sys.executable, "-m", "bench.first_paint", "bare"],
        OKRDESK: [sys.executable, "-m", "bench.first_paint", "okrdesk", str(sample)],
        XMATRIX: [sys.executable, "-m", "bench.first_paint", "okrdesk-xmatrix", str(sample)],
    }
    results = {name: Result(name, 1) for name in commands}
    log = folder / "startup.log"
    try:
        for command in commands.values():  # warm the disk cache and .pyc files
            run_process(command, log, 60, env)
        for index in range(runs):
            order = list(commands.items())
            for name, command in order if index % 2 == 0 else order[::-1]:
                measure = run_process(command, log, 60, env)
                results[name].seconds.append(measure.seconds)
                results[name].peak_rss_mb = max(results[name].peak_rss_mb, measure.peak_rss_mb)
    except ProcessFailed as failed:
        for result in results.values():
            result.note = f"failed: {failed}"
    return list(results.values())
