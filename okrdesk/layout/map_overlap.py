"""Overlap removal for map layouts: every card gets a spot clear of the cards placed before it.

Cards are `card_w` × `card_h` and positioned by their centres. Two cards are clear of each other
when their centres are at least `card_w + gap` apart across or `card_h + gap` apart down. A
`Spots` index buckets the placed centres on a grid of exactly that pitch, so testing a spot
looks at the 3 × 3 buckets around it and never at all pairs: placing n cards costs about
O(n) when the area has room. A card whose wanted spot is taken goes to the nearest free spot
of a half-pitch lattice around it (nearest first, ties broken by position, so the result is
deterministic), and the rings of the lattice found full from a cell are skipped the next time a
card wants that cell, so even n cards wanting the same spot cost about O(n^1.5), not O(n²). A
card for which the area holds no spot goes to an overflow row below it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_EPS = 1e-6
Point = tuple[float, float]


@dataclass
class Spots:
    """The centres placed so far, bucketed by pitch."""

    pitch_x: float
    pitch_y: float
    buckets: dict[tuple[int, int], list[Point]] = field(default_factory=dict)

    def _key(self, x: float, y: float) -> tuple[int, int]:
        return math.floor(x / self.pitch_x), math.floor(y / self.pitch_y)

    def free(self, x: float, y: float) -> bool:
        bx, by = self._key(x, y)
        px, py = self.pitch_x - _EPS, self.pitch_y - _EPS
        for i in (bx - 1, bx, bx + 1):
            for j in (by - 1, by, by + 1):
                for ox, oy in self.buckets.get((i, j), ()):
                    if abs(x - ox) < px and abs(y - oy) < py:
                        return False
        return True

    def add(self, x: float, y: float) -> None:
        self.buckets.setdefault(self._key(x, y), []).append((x, y))


@dataclass
class Placer:
    """Places cards one by one inside [0, width] × [0, height] (the whole card inside)."""

    width: float
    height: float
    card_w: float
    card_h: float
    gap: float
    obstacles: Iterable[Point] = ()
    overflowed: int = 0

    def __post_init__(self) -> None:
        self.spots = Spots(self.card_w + self.gap, self.card_h + self.gap)
        for x, y in self.obstacles:
            self.spots.add(x, y)
        self.step_x = (self.card_w + self.gap) / 2
        self.step_y = (self.card_h + self.gap) / 2
        self._rings: list[list[tuple[int, int]]] = []
        self._overflow_top = self.height
        self._full: dict[tuple[int, int], int] = {}

    def bounds(self) -> tuple[float, float, float, float]:
        lo_x, lo_y = self.card_w / 2, self.card_h / 2
        return lo_x, max(lo_x, self.width - lo_x), lo_y, max(lo_y, self.height - lo_y)

    def _ring(self, r: int) -> list[tuple[int, int]]:
        while len(self._rings) <= r:
            k = len(self._rings)
            cells = [
                (i, j)
                for i in range(-k, k + 1)
                for j in range(-k, k + 1)
                if max(abs(i), abs(j)) == k
            ]
            sx, sy = self.step_x, self.step_y
            cells.sort(key=lambda c: ((c[0] * sx) ** 2 + (c[1] * sy) ** 2, c[1], c[0]))
            self._rings.append(cells)
        return self._rings[r]

    def place(self, want: Point) -> Point:
        """The wanted spot (clamped into the area) if free, else the nearest free spot on the
        half-pitch lattice around it; now taken."""
        lo_x, hi_x, lo_y, hi_y = self.bounds()
        x0 = min(max(want[0], lo_x), hi_x)
        y0 = min(max(want[1], lo_y), hi_y)
        if self.spots.free(x0, y0):
            self.spots.add(x0, y0)
            return x0, y0
        cell = (round(x0 / self.step_x), round(y0 / self.step_y))
        reach = math.ceil(max((hi_x - lo_x) / self.step_x, (hi_y - lo_y) / self.step_y)) + 2
        # Spots only ever fill up: rings found full from this cell before are still full.
        for r in range(self._full.get(cell, 0), reach + 1):
            for i, j in self._ring(r):
                x, y = (cell[0] + i) * self.step_x, (cell[1] + j) * self.step_y
                inside = lo_x - _EPS <= x <= hi_x + _EPS and lo_y - _EPS <= y <= hi_y + _EPS
                if inside and self.spots.free(x, y):
                    self.spots.add(x, y)
                    self._full[cell] = r
                    return x, y
        self._full[cell] = reach + 1
        return self._overflow()

    def _overflow(self) -> Point:
        """A spot in rows below the area, which grows to hold it."""
        lo_x, hi_x, _, _ = self.bounds()
        pitch_x = self.card_w + self.gap
        while True:
            y = self._overflow_top + self.gap + self.card_h / 2
            x = lo_x
            while x <= hi_x + _EPS:
                if self.spots.free(x, y):
                    self.spots.add(x, y)
                    self.overflowed += 1
                    self.height = max(self.height, y + self.card_h / 2)
                    return x, y
                x += pitch_x
            self._overflow_top = y + self.card_h / 2


def legalise(
    wanted: Mapping[str, Point],
    order: Iterable[str],
    fixed: Mapping[str, Point],
    size: tuple[float, float],
    card: tuple[float, float],
    gap: float,
) -> tuple[dict[str, Point], float, list[str]]:
    """Positions for the cards in `order` as near as possible to `wanted`, clear of each other
    and of the `fixed` cards (which stay exactly where they are). Returns the positions (fixed
    ones included), the height used (grown when the area overflowed) and warnings."""
    placer = Placer(size[0], size[1], card[0], card[1], gap, obstacles=fixed.values())
    out = dict(fixed)
    for node in order:
        out[node] = placer.place(wanted[node])
    warnings = []
    if placer.overflowed:
        warnings.append(
            f"{placer.overflowed} cards found no room in the area and were put below it."
        )
    return out, placer.height, warnings
