"""The layered map layout: top-down by "needs", in the spirit of Sugiyama's method.

1. Cycles: a depth-first search from each option in id order, following what an option needs
   in id order, removes every edge that closes a cycle (a back edge to an option on the
   search path). The removed edges are reported; what is left has no cycle.
2. Layers: topological generations of what is left. Options nothing needs form the top layer
   (the visible end of the map); an option sits in the layer below the lowest option that
   needs it, so a needer is always above what it needs.
3. Order within layers: the options' current x (then id) to start with, which keeps a map
   that is laid out again close to how the user left it; then barycentre sweeps, down and up,
   over all relations (ties keep the previous order), to cut crossings.
4. Rows: a layer wider than the area wraps into several rows, dealt out in turn (1st, 3rd,
   5th... option on one row, 2nd, 4th... on the next) so every row keeps the layer's left to
   right order. Rows share the height evenly; each row is spread across the width, then pulled
   towards its neighbours' x (order and spacing kept). When the rows cannot fit, the area grows
   (keeping its proportions) and the result says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

_SWEEPS = 4  # rounds of (down sweep, up sweep)
_PULLS = 2  # rounds of pulling rows towards their neighbours


def break_cycles(ids: Sequence[str], needs: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """The edges closing each cycle met by a depth-first search in id order (see the docstring).

    `ids` and each `needs[a]` must be sorted. Iterative, so deep chains do not recurse."""
    state: dict[str, int] = {}  # 1: on the search path, 2: done
    broken: list[tuple[str, str]] = []
    for root in ids:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(needs[root]))]
        while stack:
            node, successors = stack[-1]
            for nxt in successors:
                seen = state.get(nxt)
                if seen == 1:
                    broken.append((node, nxt))
                elif seen is None:
                    state[nxt] = 1
                    stack.append((nxt, iter(needs[nxt])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return broken


def generations(ids: Sequence[str], needs: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Layer of each option in an acyclic "needs" graph: 0 for those nothing needs, else one
    below the lowest option that needs it."""
    indegree = dict.fromkeys(ids, 0)
    for a in ids:
        for b in needs[a]:
            indegree[b] += 1
    layer = dict.fromkeys(ids, 0)
    frontier = [n for n in ids if indegree[n] == 0]
    while frontier:
        nxt: list[str] = []
        for a in frontier:
            for b in needs[a]:
                layer[b] = max(layer[b], layer[a] + 1)
                indegree[b] -= 1
                if indegree[b] == 0:
                    nxt.append(b)
        frontier = nxt
    return layer


def order_layers(
    layers: list[list[str]], neighbours: Mapping[str, Sequence[str]]
) -> list[list[str]]:
    """Barycentre sweeps: each option moves to the mean relative position of its neighbours in
    the layers already swept (above on the way down, below on the way up)."""
    level = {n: i for i, layer in enumerate(layers) for n in layer}
    where = {n: (j + 0.5) / len(layer) for layer in layers for j, n in enumerate(layer)}

    def sweep(indices: range, above: bool) -> None:
        for i in indices:
            layer = layers[i]
            keys: dict[str, tuple[float, float]] = {}
            for j, n in enumerate(layer):
                seen = [
                    where[m]
                    for m in neighbours.get(n, ())
                    if m in level and (level[m] < i if above else level[m] > i)
                ]
                keys[n] = (sum(seen) / len(seen) if seen else where[n], j)
            layer.sort(key=keys.__getitem__)
            for j, n in enumerate(layer):
                where[n] = (j + 0.5) / len(layer)

    for _ in range(_SWEEPS):
        sweep(range(1, len(layers)), True)
        sweep(range(len(layers) - 2, -1, -1), False)
    return layers


def rows_of(layers: Sequence[Sequence[str]], columns: int) -> list[list[str]]:
    """Each layer dealt out into as many rows as it needs (see the docstring)."""
    rows: list[list[str]] = []
    for layer in layers:
        count = math.ceil(len(layer) / columns)
        rows.extend(list(layer[r::count]) for r in range(count))
    return rows


def _squeeze(xs: list[float], lo: float, hi: float, pitch: float) -> None:
    """Make xs increasing by at least `pitch` inside [lo, hi], moving each as little as a
    forward then a backward pass can (feasible when (len - 1) × pitch <= hi - lo)."""
    prev = -math.inf
    for j, x in enumerate(xs):
        xs[j] = prev = max(x, prev + pitch, lo)
    nxt = math.inf
    for j in range(len(xs) - 1, -1, -1):
        xs[j] = nxt = min(xs[j], nxt - pitch, hi)


def place_rows(
    rows: Sequence[Sequence[str]],
    neighbours: Mapping[str, Sequence[str]],
    size: tuple[float, float],
    card: tuple[float, float],
    gap_x: float,
) -> dict[str, tuple[float, float]]:
    """Centres for the options in `rows` (each row narrow enough for the width)."""
    width, height = size
    card_w, _ = card
    pitch = card_w + gap_x
    lo, hi = card_w / 2, width - card_w / 2
    row_h = height / max(1, len(rows))
    x: dict[str, float] = {}
    for row in rows:
        k = len(row)
        step = max(pitch, width / k)
        for j, n in enumerate(row):
            x[n] = width / 2 + (j - (k - 1) / 2) * step
    for _ in range(_PULLS):
        for row in (*rows, *reversed(rows)):
            members = set(row)
            wanted = []
            for n in row:
                seen = [x[m] for m in neighbours.get(n, ()) if m in x and m not in members]
                wanted.append(sum(seen) / len(seen) if seen else x[n])
            _squeeze(wanted, lo, hi, pitch)
            for n, value in zip(row, wanted, strict=True):
                x[n] = value
    return {n: (x[n], (i + 0.5) * row_h) for i, row in enumerate(rows) for n in row}


def layer_order(
    ids: Sequence[str],
    needs: Mapping[str, Sequence[str]],
    neighbours: Mapping[str, Sequence[str]],
    movable: Sequence[str],
    current_x: Mapping[str, float],
    middle: float,
) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """The `movable` options in layers, each in crossing-reducing order (steps 1 to 3), and
    the edges broken to get there."""
    broken = break_cycles(ids, needs)
    cut = set(broken)
    dag = {a: [b for b in needs[a] if (a, b) not in cut] for a in ids}
    layer_of = generations(ids, dag)
    count = max(layer_of.values(), default=-1) + 1
    layers: list[list[str]] = [[] for _ in range(count)]
    for n in sorted(movable, key=lambda n: (current_x.get(n, middle), n)):
        layers[layer_of[n]].append(n)
    return order_layers([layer for layer in layers if layer], neighbours), broken


def layered(
    ids: Sequence[str],
    needs: Mapping[str, Sequence[str]],
    neighbours: Mapping[str, Sequence[str]],
    movable: Sequence[str],
    current_x: Mapping[str, float],
    size: tuple[float, float],
    card: tuple[float, float],
) -> tuple[dict[str, tuple[float, float]], list[str], list[tuple[str, str]], tuple[float, float]]:
    """Wanted centres of the `movable` options, in row order, the broken edges and the area
    used (grown from `size` when the rows need more room)."""
    layers, broken = layer_order(ids, needs, neighbours, movable, current_x, size[0] / 2)
    card_w, card_h = card
    gap_x, gap_y = max(12.0, 0.25 * card_w), max(24.0, 0.6 * card_h)
    width, height = max(size[0], card_w), max(size[1], card_h)
    while True:
        columns = max(1, math.floor((width + gap_x) / (card_w + gap_x)))
        rows = rows_of(layers, columns)
        if len(rows) * (card_h + gap_y) <= height or not rows:
            break
        width, height = width * 1.05, height * 1.05
    wanted = place_rows(rows, neighbours, (width, height), card, gap_x)
    order = [n for row in rows for n in row]
    return wanted, order, broken, (width, height)
