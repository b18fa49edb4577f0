"""Automatic layouts of an option map, Qt-free: where each card goes.

Map coordinates are points in [0, width] × [0, height], origin top-left, y downwards, and a
position is the **centre** of a card (a card's centre stays put when the screen and the paper
draw cards at different sizes). The axes mean: x = ambiguity (left novel → right clear), y =
visibility (top close to the customer need → bottom enabling).

`layout_map` runs one of `ALGORITHMS`:

* ``layered``: top-down by "needs" (an option above what it needs), cycles broken
  deterministically and reported (`okrdesk.layout.map_layered`). Respects the y axis.
* ``force``: force-directed, seeded, started from the current positions so that a map laid
  out again stays close to the last one (`okrdesk.layout.map_force`).
* ``circular``: a circle, clockwise from the top, options connected to each other next to
  each other (depth-first from the smallest id, neighbours in id order).
* ``grid``: a tidy grid keeping the current reading order (rows by current y, then x); options
  without a position come last, in the layered layout's order (top layer first).

Every algorithm: pinned options keep their current position exactly and the others avoid
them; no two unpinned cards overlap (`okrdesk.layout.map_overlap`), nor overlap a pinned one;
the same input gives the same output. When the area cannot hold the cards it grows (the
result's `width`/`height` say how far) and `warnings` say so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Literal

from okrdesk.layout.map_layered import layer_order, layered
from okrdesk.layout.map_overlap import legalise
from okrdesk.models.options import NEEDS, OptionNode, Relation

Algorithm = Literal["layered", "force", "circular", "grid"]
ALGORITHMS: tuple[Algorithm, ...] = ("layered", "force", "circular", "grid")
Point = tuple[float, float]


@dataclass(frozen=True)
class MapLayoutResult:
    positions: dict[str, Point]  # option id → card centre, every option
    broken_cycle_edges: list[tuple[str, str]]  # "needs" edges (a, b) ignored to break cycles
    warnings: tuple[str, ...]
    width: float  # the area used: the requested one, or larger when it could not hold the map
    height: float


def card_gap(card_w: float, card_h: float) -> float:
    """The least clearance kept between two cards by every layout."""
    return max(6.0, 0.15 * min(card_w, card_h))


def _enlarged(size: tuple[float, float], grow: float) -> tuple[float, float]:
    return size[0] * grow, size[1] * grow


def _circular(
    movable: Sequence[str],
    neighbours: Mapping[str, Sequence[str]],
    size: tuple[float, float],
    card: tuple[float, float],
) -> tuple[dict[str, Point], list[str], tuple[float, float]]:
    order: list[str] = []
    seen: set[str] = set()
    members = set(movable)
    for root in movable:
        stack = [root]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            order.append(node)
            stack += [m for m in reversed(neighbours.get(node, ())) if m in members]
    n = len(order)
    chord = math.hypot(*card) + card_gap(*card)
    need = chord / (2 * math.sin(math.pi / n)) if n > 1 else 0.0
    room = min(size[0] - card[0], size[1] - card[1]) / 2
    if need > room:
        grow = (need + max(card) / 2) / max(1.0, min(size) / 2)
        size = _enlarged(size, max(1.0, grow))
        room = min(size[0] - card[0], size[1] - card[1]) / 2
    radius = max(0.0, room)
    cx, cy = size[0] / 2, size[1] / 2
    wanted = {
        node: (
            cx + radius * math.sin(2 * math.pi * i / n),
            cy - radius * math.cos(2 * math.pi * i / n),
        )
        for i, node in enumerate(order)
    }
    return wanted, order, size


def _grid(
    movable: Sequence[str],
    current: Mapping[str, Point],
    size: tuple[float, float],
    card: tuple[float, float],
    layers: Sequence[Sequence[str]],
) -> tuple[dict[str, Point], list[str], tuple[float, float]]:
    n = len(movable)
    if n == 0:
        return {}, [], size
    gap = card_gap(*card)
    pitch_x, pitch_y = card[0] + gap * 2, card[1] + gap * 2
    width, height = size
    cols = max(1, min(n, round(math.sqrt(n * (width / pitch_x) / (height / pitch_y)))))
    rows = math.ceil(n / cols)
    grow = max(1.0, (cols * pitch_x - gap * 2) / width, (rows * pitch_y - gap * 2) / height)
    width, height = _enlarged(size, grow)
    placed = sorted((n for n in movable if n in current), key=lambda n: (current[n][1], n))
    ordered: list[str] = []
    for r in range(0, len(placed), cols):
        ordered += sorted(placed[r : r + cols], key=lambda n: (current[n][0], n))
    ordered += [n for layer in layers for n in layer]
    step_x, step_y = max(pitch_x, width / cols), max(pitch_y, height / rows)
    wanted = {
        node: (
            width / 2 + (i % cols - (cols - 1) / 2) * step_x,
            height / 2 + (i // cols - (rows - 1) / 2) * step_y,
        )
        for i, node in enumerate(ordered)
    }
    return wanted, ordered, (width, height)


def layout_map(
    options: Sequence[OptionNode],
    relations: Sequence[Relation],
    algorithm: Algorithm = "layered",
    *,
    current: Mapping[str, Point] | None = None,
    pinned: Set[str] = frozenset(),
    width: float = 1200.0,
    height: float = 800.0,
    card_w: float = 120.0,
    card_h: float = 60.0,
    seed: int = 1,
) -> MapLayoutResult:
    """Positions (card centres) for every option by `algorithm`; see the module docstring."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown layout {algorithm!r}; choose from {', '.join(ALGORITHMS)}")
    if width <= 0 or height <= 0 or card_w <= 0 or card_h <= 0:
        raise ValueError("the area and the cards must have a positive size")
    current = current or {}
    ids = sorted({o.id for o in options})
    if len(ids) != len(options):
        raise ValueError("duplicate option ids")
    known = set(ids)
    warnings: list[str] = []
    fixed = {n: current[n] for n in sorted(pinned) if n in known and n in current}
    loose = sorted(n for n in pinned if n in known and n not in current)
    if loose:
        warnings.append(f"{len(loose)} pinned options had no position and were laid out.")
    movable = [n for n in ids if n not in fixed]
    links = [r for r in relations if r.source in known and r.target in known]
    needs_sets: dict[str, set[str]] = {n: set() for n in ids}
    near_sets: dict[str, set[str]] = {n: set() for n in ids}
    for r in links:
        if r.kind == NEEDS:
            needs_sets[r.source].add(r.target)
        if r.source != r.target:
            near_sets[r.source].add(r.target)
            near_sets[r.target].add(r.source)
    needs = {n: sorted(s) for n, s in needs_sets.items()}
    neighbours = {n: sorted(s) for n, s in near_sets.items()}
    size = (width, height)
    card = (card_w, card_h)
    broken: list[tuple[str, str]] = []
    if algorithm == "layered":
        current_x = {n: p[0] for n, p in current.items()}
        wanted, order, broken, size = layered(
            ids, needs, neighbours, movable, current_x, size, card
        )
        if broken:
            warnings.append(f"{len(broken)} needs relations were ignored to break cycles.")
    elif algorithm == "force":
        edges = sorted(
            {
                (min(r.source, r.target), max(r.source, r.target))
                for r in links
                if r.source != r.target
            }
        )
        from okrdesk.layout.map_force import force  # numpy loads only when asked for

        start = {n: p for n, p in current.items() if n in known}
        wanted, size, more = force(ids, edges, start, fixed, size, card, seed)
        warnings += more
        centre = (size[0] / 2, size[1] / 2)
        order = sorted(
            movable,
            key=lambda n: ((wanted[n][0] - centre[0]) ** 2 + (wanted[n][1] - centre[1]) ** 2, n),
        )
    elif algorithm == "circular":
        wanted, order, size = _circular(movable, neighbours, size, card)
    else:
        unplaced = [n for n in movable if n not in current]
        layers, _ = layer_order(ids, needs, neighbours, unplaced, {}, width / 2)
        wanted, order, size = _grid(movable, current, size, card, layers)
    if size != (width, height) and algorithm != "force":
        warnings.append(f"The area was enlarged to {size[0]:.0f} × {size[1]:.0f} pt.")
    placed, used_h, more = legalise(wanted, order, fixed, size, card, card_gap(card_w, card_h))
    warnings += more
    positions = {n: fixed[n] if n in fixed else _rounded(placed[n]) for n in ids}
    return MapLayoutResult(positions, broken, tuple(warnings), size[0], max(size[1], used_h))


def _rounded(p: Point) -> Point:
    return round(p[0], 2), round(p[1], 2)
