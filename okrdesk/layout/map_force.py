"""The force-directed map layout: Fruchterman–Reingold with pinned cards held still.

Below `SPARSE_FROM` options this is networkx's `spring_layout` (its dense "force" method) with
the pinned options passed as `fixed`, their current positions as `pos` and the seed. From
`SPARSE_FROM` options networkx switches to a SciPy sparse solver, and SciPy is no dependency of
okrdesk, so `_spring` runs the same algorithm (same forces, same cooling) with NumPy in float32,
attraction along the edges only: about a second for 2,000 options.

Positions are computed in units of the area's longer side. Without pinned cards the drawing is
then stretched to fill the area (the middle 90% of the options on each axis spanning 90% of it,
stragglers clamped to its border); with pinned cards it keeps their frame and is clamped into
it. Overlaps are removed afterwards by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

SPARSE_FROM = 500
ITERATIONS = 50
DENSITY = 0.35  # share of the area the cards (with their gaps) may cover before it grows

Point = tuple[float, float]


def _spring(
    count: int,
    edges: Sequence[tuple[int, int]],
    start: npt.NDArray[np.float64],
    fixed: Sequence[int],
    k: float,
) -> npt.NDArray[np.float64]:
    """Fruchterman–Reingold as networkx's `_fruchterman_reingold`, vectorised in float32."""
    pos = start.astype(np.float32)
    held = np.zeros(count, dtype=bool)
    held[list(fixed)] = True
    src = np.fromiter((a for a, _ in edges), dtype=np.intp, count=len(edges))
    dst = np.fromiter((b for _, b in edges), dtype=np.intp, count=len(edges))
    span = float(np.ptp(pos, axis=0).max()) if count else 0.0
    t = max(span, 1.0) * 0.1
    dt = t / (ITERATIONS + 1)
    k2 = np.float32(k * k)
    for _ in range(ITERATIONS):
        x, y = pos[:, 0], pos[:, 1]
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        d2 = np.maximum(dx * dx + dy * dy, np.float32(1e-4))
        push = k2 / d2
        disp = np.stack([(dx * push).sum(axis=1), (dy * push).sum(axis=1)], axis=1)
        ex = pos[src] - pos[dst]
        pull = np.sqrt(np.maximum((ex * ex).sum(axis=1), np.float32(1e-4)))[:, None] * ex / k
        np.add.at(disp, src, -pull)
        np.add.at(disp, dst, pull)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), np.float32(0.01))
        move = disp * (np.float32(t) / length)[:, None]
        move[held] = 0
        pos += move
        t -= dt
    return pos.astype(np.float64)


def force(
    ids: Sequence[str],
    edges: Sequence[tuple[str, str]],
    current: Mapping[str, Point],
    fixed: Mapping[str, Point],
    size: tuple[float, float],
    card: tuple[float, float],
    seed: int,
) -> tuple[dict[str, Point], tuple[float, float], list[str]]:
    """Wanted centres for every option (the fixed ones where they are) and the area used."""
    import networkx as nx  # lazily: start-up never pays for it

    if not ids:
        return {}, size, []
    width, height = size
    card_w, card_h = card
    warnings: list[str] = []
    need = len(ids) * (card_w * 1.3) * (card_h * 1.3) / DENSITY
    if need > width * height:
        grow = math.sqrt(need / (width * height))
        width, height = width * grow, height * grow
        warnings.append(
            f"The area was enlarged to {width:.0f} × {height:.0f} pt to hold {len(ids)} cards."
        )
    unit = max(width, height)
    k = 1.6 * math.sqrt(width * height / max(1, len(ids))) / unit
    index = {n: i for i, n in enumerate(ids)}
    rng = np.random.RandomState(seed % (1 << 32))
    start = rng.rand(len(ids), 2) * np.array([width, height]) / unit
    for n, (x, y) in current.items():
        if n in index:
            start[index[n]] = (x / unit, y / unit)
    if len(ids) < SPARSE_FROM:
        graph = nx.Graph()
        graph.add_nodes_from(ids)
        graph.add_edges_from(edges)
        pos = {n: (float(start[i][0]), float(start[i][1])) for i, n in enumerate(ids)}
        laid = nx.spring_layout(
            graph,
            k=k,
            pos=pos,
            fixed=sorted(fixed) or None,
            iterations=ITERATIONS,
            seed=seed,
            method="force",
        )
        result = np.array([laid[n] for n in ids], dtype=np.float64).reshape(-1, 2)
    else:
        pairs = [(index[a], index[b]) for a, b in edges]
        result = _spring(len(ids), pairs, start, [index[n] for n in fixed], k)
    lo = np.array([card_w / 2, card_h / 2])
    hi = np.maximum(lo, np.array([width - card_w / 2, height - card_h / 2]))
    if fixed:
        placed = np.clip(result * unit, lo, hi)
    elif len(ids):
        # Quantiles rather than extremes: repulsion flings loose options far out, and
        # stretching by the extremes would crowd everything else into the middle.
        low, high = np.quantile(result, [0.05, 0.95], axis=0)
        span = high - low
        span[span == 0] = 1.0
        inner = (hi - lo) * 0.05
        placed = np.clip(lo + inner + (result - low) / span * (hi - lo - 2 * inner), lo, hi)
    else:
        placed = result
    wanted = {n: (float(placed[i][0]), float(placed[i][1])) for i, n in enumerate(ids)}
    wanted.update(fixed)
    return wanted, (width, height), warnings
