"""How long the option map layouts take, next to Graphviz's dot on the same graphs; prints
figures, asserts nothing.

Seeded random option graphs of 60, 200, 500 and 2,000 options with about twice as many
relations (two thirds "needs", the rest "enables", "conflicts" and a user kind), so "needs"
has cycles, as real maps often do. okrdesk's layered and force-directed layouts are timed in
process; dot (`dot -Tplain`, its layout alone) is run on a DOT file of the same graph: boxes of
the same size, every relation an edge, only "needs" constraining the ranks (as in okrdesk's
layered layout), each run bounded by a timeout. Run from the repository root:

    .venv/bin/python -m bench.map_layout [--runs N] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from okrdesk.layout.map_layout import layout_map
from okrdesk.layout.map_picture import map_picture
from okrdesk.layout.paper import Paper
from okrdesk.models.options import OptionNode, Relation, analyse

SIZES = (60, 200, 500, 2000)
CARD_W, CARD_H = 120.0, 60.0
KINDS = ("needs", "needs", "needs", "needs", "enables", "conflicts")


def option_graph(n: int, seed: int = 2027) -> tuple[list[OptionNode], list[Relation]]:
    rng = random.Random(seed + n)
    options = [OptionNode(f"o{i:04d}", f"Outcome {i}") for i in range(n)]
    relations = []
    for _ in range(2 * n):
        a, b = rng.sample(range(n), 2)
        kind = rng.choice(KINDS) if rng.random() < 0.95 else "informs"
        relations.append(Relation(options[a].id, options[b].id, kind))
    return options, relations


def dot_source(options: list[OptionNode], relations: list[Relation]) -> str:
    lines = [
        "digraph map {",
        f"  node [shape=box, fixedsize=true, width={CARD_W / 72:.3f}, height={CARD_H / 72:.3f}];",
    ]
    lines += [f'  "{o.id}";' for o in options]
    for r in relations:
        extra = "" if r.kind == "needs" else " [constraint=false]"
        lines.append(f'  "{r.source}" -> "{r.target}"{extra};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def figures(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{label:<34} median {statistics.median(ms):9.1f} ms   min {min(ms):9.1f}   "
        f"max {max(ms):9.1f}   ({len(ms)} runs)"
    )


def run_dot(dot: str, path: Path, runs: int, timeout: float) -> list[float] | None:
    """Seconds per run of `dot -Tplain`, or None when a run timed out."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            subprocess.run(
                [dot, "-Tplain", str(path)],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per dot run")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    dot = shutil.which("dot")
    if dot is None:
        print("dot not found (Debian: apt-get install graphviz): Graphviz figures skipped")
    layout_map(*option_graph(10), "layered")  # imports and caches warm
    layout_map(*option_graph(10), "force")
    medians: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            options, relations = option_graph(n)
            needs = sum(r.kind == "needs" for r in relations)
            result = layout_map(options, relations, "layered")
            print(
                f"\n{n} options, {len(relations)} relations ({needs} needs): layered breaks "
                f"{len(result.broken_cycle_edges)} needs edges, area "
                f"{result.width:.0f} × {result.height:.0f} pt"
            )
            runs = max(1, args.runs if n <= 500 else args.runs // 2)
            for algorithm in ("layered", "force"):
                seconds = timed(partial(layout_map, options, relations, algorithm), runs)
                medians[(algorithm, n)] = statistics.median(seconds)
                print(figures(f"okrdesk {algorithm}", seconds))
            print(figures("analysis (findings)", timed(partial(analyse, options, relations), runs)))
            picture = partial(map_picture, options, relations, result.positions, paper=Paper())
            print(figures("map picture (A3)", timed(picture, runs)))
            if dot is None:
                continue
            path = Path(folder) / f"map{n}.dot"
            path.write_text(dot_source(options, relations), encoding="utf-8")
            dot_runs = run_dot(dot, path, runs if n <= 500 else 1, args.timeout)
            if dot_runs is None:
                print(f"{'graphviz dot -Tplain':<34} timed out after {args.timeout:g} s")
                continue
            medians[("dot", n)] = statistics.median(dot_runs)
            print(figures("graphviz dot -Tplain", dot_runs))
    print()
    for n in args.sizes:
        if ("dot", n) in medians:
            ratio = medians[("layered", n)] / medians[("dot", n)]
            print(f"okrdesk layered / dot at {n} options: {ratio:.3f} (below 1: okrdesk faster)")


if __name__ == "__main__":
    main()
