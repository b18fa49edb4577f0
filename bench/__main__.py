"""okrdesk's benchmarks in one run, peers side by side; prints a table, optionally JSON.

    .venv/bin/python -m bench [--runs N] [--quick] [--json PATH] [--keep DIR]

Strategies of 10, 100, 1,000 and 10,000 X-Matrix elements and option maps of 60, 200, 500 and
2,000 outcomes are written to strategy files in a temporary folder; then: start-up to first
paint (and a bare PySide6 window), open + snapshot, X-Matrix layout, correlation click, map
layouts, whole-process exports with their peak RSS, Graphviz's dot and LibreOffice on the same
content. --quick (under a minute or so) runs 2 times, skips 10,000 elements, 2,000 outcomes
and LibreOffice. See bench/README.md for the figures and what they mean.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import corpus, exports, inprocess, startup, targets
from bench.runner import Result, table, write_json
from bench.xmatrix_export import ROOT, machine
from okrdesk import __version__
from okrdesk.assets import write_sample_copy


def okrdesk_path() -> str:
    venv = ROOT / ".venv" / "bin" / "okrdesk"
    found = str(venv) if venv.exists() else shutil.which("okrdesk")
    if found is None:
        raise SystemExit("bench: okrdesk is not installed: pip install -e . in .venv")
    return found


def cache_bytecode(folder: Path) -> None:
    """Let the processes we time keep their compiled bytecode, as an installed okrdesk (and
    every other installed Python program) does. Some shells here set PYTHONDONTWRITEBYTECODE,
    which makes every run compile okrdesk's 700 modules from source again (about 0.2 s of
    each start); the cache goes to the work folder, not into the checkout."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")


def facts() -> dict[str, object]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    found: dict[str, object] = (
        machine(soffice) if soffice else {"okrdesk": __version__, "cpus": os.cpu_count()}
    )
    dot = shutil.which("dot")
    if dot:
        done = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False)
        found["graphviz"] = done.stderr.strip() or done.stdout.strip()
    return found


def run(folder: Path, runs: int, quick: bool, say: Callable[[str], None]) -> list[Result]:
    okrdesk = okrdesk_path()
    xmatrix_sizes = corpus.XMATRIX_SIZES[:-1] if quick else corpus.XMATRIX_SIZES
    map_sizes = corpus.MAP_SIZES[:-1] if quick else corpus.MAP_SIZES
    say(f"writing strategies of {xmatrix_sizes} elements and maps of {map_sizes} outcomes")
    xmatrices = corpus.xmatrix_cases(folder, xmatrix_sizes)
    maps = corpus.map_cases(folder, map_sizes)
    sample = write_sample_copy(folder / "sample.okrdesk")
    results: list[Result] = []
    say("start-up to first paint")
    results += startup.measure_startup(sample, folder, runs)
    say("open + snapshot, X-Matrix layout, map layouts (in process)")
    results += inprocess.measure_open(xmatrices, runs)
    results += inprocess.measure_xmatrix_layout(xmatrices, runs)
    results += inprocess.measure_map_layouts(map_sizes, runs)
    say("correlation click to repaint")
    results.append(inprocess.measure_click(20 if quick else 60))
    say("okrdesk export of the X-Matrices")
    results += exports.xmatrix_exports(okrdesk, xmatrices, folder, runs)
    say("okrdesk export of the maps, Graphviz dot on the same graphs")
    results += exports.map_exports(okrdesk, maps, folder, runs, with_dot=True,
                                   dot_cap=200 if quick else 2_000)
    if not quick:
        say("okrdesk export and LibreOffice on the 180-tactic X-Matrix, interleaved")
        results += exports.libreoffice_pair(okrdesk, folder, runs)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (5)")
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 runs, no LibreOffice")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep its files")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    if runs < 1:
        parser.error("--runs must be at least 1")
    started = time.perf_counter()

    def say(what: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {what}", file=sys.stderr, flush=True)

    about = facts()
    with tempfile.TemporaryDirectory(prefix="okrdesk-bench-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        cache_bytecode(folder)
        results = run(folder, runs, args.quick, say)
    about["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
    about["runs"] = runs
    about["quick"] = args.quick
    print(f"\nmachine: {about.get('cpus')} CPUs ({about.get('cpu', '?')}), Python "
          f"{about.get('python', '?')}, okrdesk {about.get('okrdesk')}, "
          f"{about.get('libreoffice', 'no LibreOffice')}, {about.get('graphviz', 'no Graphviz')}")
    print(f"load average at start {about.get('load_average_start')}, at end "
          f"{about['load_average_end']}; {runs} runs each (whole-process: after a warm-up run)\n")
    print(table(results))
    print("\nokrdesk / peer, same content, same run; growth exponents (log t vs log n):")
    for line in targets.ratios(results):
        print(f"  {line}")
    verdicts = targets.check(results)
    print("\ntargets:")
    for verdict in verdicts:
        state = {True: "met   ", False: "MISSED", None: "n/a   "}[verdict["met"]]  # type: ignore[index]
        print(f"  {state} {verdict['target']}: {verdict['text']}")
    if args.json:
        write_json(args.json, about, results, verdicts)
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
