"""Whole-process time of `okrdesk export` of the X-Matrix next to LibreOffice printing the same
X-Matrix from a spreadsheet, the way coaches print Excel X-Matrix templates today; prints
figures, asserts nothing.

Two strategies: the shipped sample (A3) and the seeded 180-tactic strategy of
bench.xmatrix_layout, each on the paper okrdesk proposes for it. For each, the same X-Matrix
is written as an .xlsx (bench.xmatrix_sheet) set up to print on one page of that paper.
Timed, interleaved, from spawn to exit: `okrdesk export FILE OUT.pdf --page P --landscape`
and `soffice --headless --convert-to pdf` with a dedicated user profile, warmed by one
conversion (reported separately as the fresh-profile run; okrdesk's first run is reported
too). Target: okrdesk at most 0.7 × LibreOffice's median time. Run from the repository root:

    .venv/bin/python -m bench.xmatrix_export [--runs N] [--json PATH] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pypdf import PdfReader

from bench.xmatrix_layout import big_snapshot
from bench.xmatrix_sheet import write_xmatrix_sheet
from okrdesk import __version__
from okrdesk.assets import write_sample_copy
from okrdesk.layout.paper import MM, Paper
from okrdesk.layout.xmatrix import XMatrixOptions, layout_xmatrix
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.interchange import export_json, parse_json, write_strategy
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

TARGET = 0.7  # okrdesk's median at most this fraction of LibreOffice's
OKRDESK, LIBREOFFICE = "okrdesk export", "LibreOffice"
ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = Path("/usr/bin/time").is_file()  # for the peak RSS of a command's process tree


@dataclass
class Case:
    name: str
    strategy: Path  # the .okrdesk file okrdesk exports
    sheet: Path  # the .xlsx LibreOffice converts
    paper: Paper
    content: str  # what the matrix holds, for the report


class Measure(NamedTuple):
    seconds: float  # wall clock, spawn to exit
    peak_rss_mb: float  # the tree's largest process; 0 without GNU time
    cpu_seconds: float  # user + system of the whole tree; 0 without GNU time


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # less swayed by a busy machine
    peak_rss_mb: float = 0.0
    first_seconds: float = 0.0  # okrdesk: first run; LibreOffice: fresh profile
    pages: int = 0
    page_mm: tuple[float, float] = (0.0, 0.0)

    def summary(self) -> dict[str, object]:
        return {
            "median_s": round(statistics.median(self.seconds), 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            "runs_s": [round(s, 4) for s in self.seconds],
            "cpu_median_s": round(statistics.median(self.cpu_seconds), 4),
            "first_run_s": round(self.first_seconds, 4),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "pdf_pages": self.pages,
            "pdf_page_mm": [round(v) for v in self.page_mm],
        }


class BenchError(Exception):
    """A tool failed or wrote no PDF: the figures would mean nothing."""


def strategy_snapshot(path: Path) -> tuple[Snapshot, XMatrixOptions]:
    """What `okrdesk export` reads from the file: its snapshot and saved X-Matrix options."""
    file = StrategyFile.open_for_reading(path)
    try:
        strategy = Strategy(file)
        saved = strategy.setting("xmatrix", {})
        options = XMatrixOptions.from_dict(saved if isinstance(saved, dict) else {})
        return strategy.snapshot(), options
    finally:
        file.close()


def prepare(folder: Path) -> list[Case]:
    sample = write_sample_copy(folder / "sample.okrdesk")
    big = folder / "tactics180.okrdesk"
    write_strategy(big, parse_json(export_json(big_snapshot())), overwrite=True)
    cases = []
    for name, path in (("sample", sample), ("180 tactics", big)):
        snapshot, options = strategy_snapshot(path)
        paper = layout_xmatrix(snapshot, options).paper  # okrdesk's proposal when too small
        options = XMatrixOptions.from_dict(
            {**options.to_dict(), "paper": paper.name, "landscape": paper.landscape}
        )
        sheet = path.with_suffix(".xlsx")
        write_xmatrix_sheet(sheet, snapshot, options, paper)
        cases.append(Case(name, path, sheet, paper, describe(snapshot)))
    return cases


def describe(snapshot: Snapshot) -> str:
    counts = {kind: 0 for kind in ("tactic", "strategy", "evidence", "aspiration")}
    for element in snapshot.elements:
        if element.kind.value in counts:
            counts[element.kind.value] += 1
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{parts}; {len(snapshot.correlations())} correlations"


def run_timed(command: list[str], log: Path) -> Measure:
    """Run `command` to its exit, its output appended to `log`. Memory and CPU time come from
    GNU time, not from our own wait4: a child forked from this process starts out counting
    this process's memory. (GNU time's own exec adds about a millisecond to both tools.)"""
    usage_file = log.with_suffix(".usage")
    timer = ["/usr/bin/time", "-f", "%M %U %S", "-o", str(usage_file)] if GNU_TIME else []
    with log.open("ab") as out:
        started = time.perf_counter()
        status = subprocess.run([*timer, *command], stdout=out, stderr=out,
                                stdin=subprocess.DEVNULL, check=False).returncode
        seconds = time.perf_counter() - started
    if status != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        raise BenchError(f"{Path(command[0]).name} exited {status}: {' | '.join(tail)}")
    if not GNU_TIME:
        return Measure(seconds, 0.0, 0.0)
    rss_kb, user, system = usage_file.read_text().split()[-3:]
    return Measure(seconds, int(rss_kb) / 1024, float(user) + float(system))


def check_pdf(path: Path) -> tuple[int, tuple[float, float]]:
    """Page count and first page size (mm) of a PDF a tool wrote; BenchError when none."""
    if not path.is_file() or path.read_bytes()[:5] != b"%PDF-":
        raise BenchError(f"{path.name}: no PDF written")
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    return len(reader.pages), (float(box.width) / MM, float(box.height) / MM)


class Bench:
    def __init__(self, folder: Path, okrdesk: str, soffice: str) -> None:
        self.folder = folder
        self.okrdesk = okrdesk
        self.soffice = soffice
        self.profile = folder / "lo-profile"  # dedicated, so no running LibreOffice interferes
        self.log = folder / "tools.log"
        shutil.rmtree(self.profile, ignore_errors=True)  # a kept folder's profile is not fresh
        self.log.unlink(missing_ok=True)

    def okrdesk_once(self, case: Case) -> tuple[Measure, Path]:
        out = self.folder / f"okrdesk-{case.strategy.stem}.pdf"
        out.unlink(missing_ok=True)
        side = "--landscape" if case.paper.landscape else "--portrait"
        command = [self.okrdesk, "export", str(case.strategy), str(out), "--page",
                   case.paper.name, side]
        return run_timed(command, self.log), out

    def soffice_once(self, case: Case) -> tuple[Measure, Path]:
        outdir = self.folder / "lo-out"
        out = outdir / f"{case.sheet.stem}.pdf"
        out.unlink(missing_ok=True)
        command = [self.soffice, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(case.sheet)]
        return run_timed(command, self.log), out

    def run(self, cases: list[Case], runs: int) -> dict[str, dict[str, Timing]]:
        tools = {OKRDESK: self.okrdesk_once, LIBREOFFICE: self.soffice_once}
        timings = {c.name: {tool: Timing() for tool in tools} for c in cases}
        for case in cases:  # first runs: okrdesk's caches, LibreOffice's new profile
            for tool, once in tools.items():
                measure, out = once(case)
                timing = timings[case.name][tool]
                timing.first_seconds = measure.seconds
                timing.pages, timing.page_mm = check_pdf(out)
        for index in range(runs):
            for case in cases:
                order = list(tools.items())
                for tool, once in order if index % 2 == 0 else order[::-1]:
                    measure, out = once(case)
                    check_pdf(out)
                    timing = timings[case.name][tool]
                    timing.seconds.append(measure.seconds)
                    timing.cpu_seconds.append(measure.cpu_seconds)
                    timing.peak_rss_mb = max(timing.peak_rss_mb, measure.peak_rss_mb)
        return timings


def machine(soffice: str) -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True, check=False)
    return {
        "cpus": os.cpu_count(),
        "cpu": model or platform.machine(),
        "python": platform.python_version(),
        "okrdesk": __version__,
        "libreoffice": version.stdout.strip() or "unknown",
        "system": platform.platform(),
        "load_average_start": [round(v, 2) for v in os.getloadavg()],
    }


def report(cases: list[Case], timings: dict[str, dict[str, Timing]], runs: int,
           facts: dict[str, object]) -> dict[str, object]:
    print(f"machine: {facts['cpus']} CPUs ({facts['cpu']}), Python {facts['python']}, "
          f"okrdesk {facts['okrdesk']}, {facts['libreoffice']}")
    print(f"load average: start {facts['load_average_start']}, "
          f"end {facts['load_average_end']}; {runs} timed runs each, interleaved\n")
    head = (f"{'case':<12} {'tool':<15} {'median':>7} {'min':>7} {'max':>7} {'first':>7} "
            f"{'CPU':>7} {'peak RSS':>9} {'pages':>5}  paper")
    print(head)
    print("-" * len(head))
    results = []
    for case in cases:
        ours, theirs = timings[case.name][OKRDESK], timings[case.name][LIBREOFFICE]
        for tool, t in ((OKRDESK, ours), (LIBREOFFICE, theirs)):
            width, height = t.page_mm
            print(f"{case.name:<12} {tool:<15} {statistics.median(t.seconds):6.3f}s "
                  f"{min(t.seconds):6.3f}s {max(t.seconds):6.3f}s {t.first_seconds:6.3f}s "
                  f"{statistics.median(t.cpu_seconds):6.3f}s {t.peak_rss_mb:6.0f} MB "
                  f"{t.pages:>5}  {width:.0f}×{height:.0f} mm")
        ratio = statistics.median(ours.seconds) / statistics.median(theirs.seconds)
        cpu_ratio = _ratio(ours.cpu_seconds, theirs.cpu_seconds)
        verdict = "meets" if ratio <= TARGET else "MISSES"
        print(f"{case.name:<12} {'ratio':<15} {ratio:6.2f}×  okrdesk/LibreOffice median wall "
              f"clock: {verdict} the {TARGET}× target (CPU time: {cpu_ratio:.2f}×)")
        print(f"{'':<12} {case.paper.label}; {case.content}\n")
        results.append({
            "case": case.name,
            "content": case.content,
            "paper": case.paper.label,
            "okrdesk": ours.summary(),
            "libreoffice": theirs.summary(),
            "ratio": round(ratio, 3),
            "cpu_ratio": round(cpu_ratio, 3),
            "target": TARGET,
            "meets_target": ratio <= TARGET,
        })
    print("median/min/max: wall clock, spawn to exit, warm. first: untimed-in-median first run "
          "of each file (okrdesk: cold caches;\nLibreOffice: the sample's creates the fresh "
          "profile). CPU: median user + system time of the process tree. peak RSS: its largest "
          "process.")
    return {"machine": facts, "runs": runs, "cases": results}


def _ratio(ours: list[float], theirs: list[float]) -> float:
    return statistics.median(ours) / statistics.median(theirs) if any(theirs) else 0.0


def tool_paths() -> tuple[str, str]:
    venv = ROOT / ".venv" / "bin" / "okrdesk"
    okrdesk = str(venv) if venv.exists() else shutil.which("okrdesk")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if okrdesk is None:
        raise BenchError("okrdesk is not installed: pip install -e '.[bench]' in .venv")
    if soffice is None:
        raise BenchError("soffice not found: apt-get install libreoffice-calc-nogui")
    return okrdesk, soffice


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool and case")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        okrdesk, soffice = tool_paths()
        facts = machine(soffice)
        with tempfile.TemporaryDirectory(prefix="xmatrix-bench-") as temp:
            folder = args.keep or Path(temp)
            folder.mkdir(parents=True, exist_ok=True)
            cases = prepare(folder)
            timings = Bench(folder, okrdesk, soffice).run(cases, args.runs)
    except (BenchError, OkrdeskError) as error:
        print(f"xmatrix_export: {error}", file=sys.stderr)
        return 2
    facts["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
    figures = report(cases, timings, args.runs, facts)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
