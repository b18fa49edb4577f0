"""Timing, the results table, the JSON file and the growth exponent, for `python -m bench`.

A `Result` is one measurement at one size: the seconds of each run, plus facts worth printing
beside them (peak RSS, paper, pages). Whole-process runs go through `run_process`, which bounds
each run by a timeout and an address-space limit, so a measurement that blows up (the 10,000
element X-Matrix once took 10 GB) ends as a note in the table instead of taking the machine.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.xmatrix_export import GNU_TIME, Measure

MEMORY_LIMIT_MB = 3_000  # per benchmarked process: this 2-core machine is shared


@dataclass
class Result:
    measurement: str
    size: int
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    note: str = ""  # why there is no figure, or what the figure is of (paper, pages…)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else math.nan

    def as_dict(self) -> dict[str, object]:
        value: dict[str, object] = {"measurement": self.measurement, "size": self.size}
        if self.seconds:
            value |= {
                "median_s": round(self.median, 5),
                "min_s": round(min(self.seconds), 5),
                "max_s": round(max(self.seconds), 5),
                "runs_s": [round(s, 5) for s in self.seconds],
            }
        if self.peak_rss_mb:
            value["peak_rss_mb"] = round(self.peak_rss_mb, 1)
        return value | ({"note": self.note} if self.note else {})


class ProcessFailed(Exception):
    """A benchmarked command exited non-zero, timed out or ran out of its memory limit."""


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Seconds of each of `runs` calls of `fn`."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def _limit_memory() -> None:
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_process(command: Sequence[str], log: Path, timeout: float,
                env: dict[str, str] | None = None, limit_memory: bool = True) -> Measure:
    """Run `command` to its exit (output appended to `log`): wall seconds, spawn to exit, and
    peak RSS from GNU time as bench.xmatrix_export measures it. ProcessFailed when it fails."""
    usage = log.with_suffix(".usage")
    timer = ["/usr/bin/time", "-f", "%M %U %S", "-o", str(usage)] if GNU_TIME else []
    with log.open("ab") as out:
        started = time.perf_counter()
        # Its own process group, so a timeout stops the measured program too, not only
        # GNU time above it (an orphaned dot went on using a core through the later runs).
        process = subprocess.Popen(
            [*timer, *command], stdout=out, stderr=out, stdin=subprocess.DEVNULL, env=env,
            preexec_fn=_limit_memory if limit_memory else None, start_new_session=True,
        )
        try:
            status = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ProcessFailed(f"timed out after {timeout:g} s") from None
        seconds = time.perf_counter() - started
    if status != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-1:]
        raise ProcessFailed(f"exit {status}: {' '.join(tail)[:160]}")
    if not GNU_TIME:
        return Measure(seconds, 0.0, 0.0)
    rss_kb, user, system = usage.read_text().split()[-3:]
    return Measure(seconds, int(rss_kb) / 1024, float(user) + float(system))


def process_result(measurement: str, size: int, command: Sequence[str], log: Path,
                   runs: int, timeout: float, env: dict[str, str] | None = None,
                   warm_up: bool = True) -> Result:
    """`runs` whole-process runs of `command`, after one untimed warm-up run (disk cache,
    .pyc files) unless `warm_up` is False; the first failure ends the series with a note."""
    result = Result(measurement, size)
    try:
        if warm_up:
            run_process(command, log, timeout, env)
        for _ in range(runs):
            measure = run_process(command, log, timeout, env)
            result.seconds.append(measure.seconds)
            result.peak_rss_mb = max(result.peak_rss_mb, measure.peak_rss_mb)
    except ProcessFailed as failed:
        result.note = str(failed)
    return result


def growth_exponent(points: Sequence[tuple[int, float]]) -> float | None:
    """The slope k of the least-squares line through (log n, log t): time grows as n^k.
    None with fewer than two sizes."""
    usable = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(usable) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in usable)
    mean_y = statistics.fmean(y for _, y in usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread


def _ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def table(results: Sequence[Result]) -> str:
    head = (f"{'measurement':<44} {'size':>6} {'median':>10} {'min':>10} {'max':>10} "
            f"{'RSS':>7}  note")
    lines = [head, "-" * len(head)]
    for r in results:
        low = min(r.seconds) if r.seconds else math.nan
        high = max(r.seconds) if r.seconds else math.nan
        rss = f"{r.peak_rss_mb:.0f} MB" if r.peak_rss_mb else ""
        lines.append(f"{r.measurement:<44} {r.size:>6} {_ms(r.median):>10} {_ms(low):>10} "
                     f"{_ms(high):>10} {rss:>7}  {r.note}")
    return "\n".join(lines)


def write_json(path: Path, machine: dict[str, object], results: Sequence[Result],
               verdicts: Sequence[dict[str, object]]) -> None:
    document = {
        "machine": machine,
        "results": [r.as_dict() for r in results],
        "targets": list(verdicts),
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
