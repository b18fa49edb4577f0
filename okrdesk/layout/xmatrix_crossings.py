"""Where the X-Matrix's crossings are: computed from row and column indices, never stored.

A corner grid has a cell at every crossing of a named row and a named column: 18 million of
them at 10,000 elements. Each arm is a `Band` (its ids in order and where its first slot
starts); a crossing's cell is then (column index × pitch, row index × pitch) from the bands'
starts, found in O(1) by id or by point, so nothing grows with rows × columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from okrdesk.layout.picture import Rect

# Which corner a (row kind, column kind) crossing lies in, in drawing order.
CORNERS = {
    ("tactic", "strategy"): "nw",
    ("tactic", "evidence"): "ne",
    ("aspiration", "strategy"): "sw",
    ("aspiration", "evidence"): "se",
    ("tactic", "owner"): "owners",
}

CORNER_ORDER = {name: n for n, name in enumerate(CORNERS.values())}
Key = tuple[str, str]  # (row id, column id)


@dataclass(frozen=True)
class Crossing:
    row_id: str
    col_id: str
    corner: str  # "nw" "ne" "sw" "se" or "owners"
    rect: Rect


@dataclass(frozen=True)
class Band:
    """One named arm along one axis: its ids in display order (top to bottom or left to
    right) and the coordinate where its first slot starts."""

    kind: str  # an ElementKind value or "owner"
    ids: tuple[str, ...]
    start: float

    def end(self, pitch: float) -> float:
        return self.start + len(self.ids) * pitch

    def index_at(self, coord: float, pitch: float) -> int | None:
        """The slot holding `coord` (a slot holds [start, start + pitch)), or None."""
        if pitch <= 0 or not self.ids:
            return None
        i = math.floor((coord - self.start) / pitch)
        # Division can land one slot off at an edge: settle it the way a cell's rect would.
        if coord < self.start + i * pitch:
            i -= 1
        elif coord >= self.start + (i + 1) * pitch:
            i += 1
        return i if 0 <= i < len(self.ids) else None


@dataclass(frozen=True)
class Corner:
    name: str  # "nw" "ne" "sw" "se" or "owners"
    rows: Band
    cols: Band
    pitch: float

    @property
    def rect(self) -> Rect:
        rows, cols, p = self.rows, self.cols, self.pitch
        return Rect(cols.start, rows.start, len(cols.ids) * p, len(rows.ids) * p)


class Crossings(Mapping[Key, Crossing]):
    """Every crossing of the grid as a read-only mapping (row id, column id) → Crossing,
    iterated corner by corner, row by row, in drawing order; `at` finds one by point."""

    def __init__(self, rows: Sequence[Band] = (), cols: Sequence[Band] = (), pitch: float = 0.0):
        self.rows, self.cols, self.pitch = tuple(rows), tuple(cols), pitch
        self._row_of = {i: (b, n) for b in self.rows for n, i in enumerate(b.ids)}
        self._col_of = {i: (b, n) for b in self.cols for n, i in enumerate(b.ids)}
        self.corners = [
            Corner(name, rb, cb, pitch)
            for (rk, ck), name in CORNERS.items()
            for rb in self.rows
            if rb.kind == rk
            for cb in self.cols
            if cb.kind == ck
        ]
        self._corner_of = {(c.rows.kind, c.cols.kind): c.name for c in self.corners}

    def _crossing(self, row: tuple[Band, int], col: tuple[Band, int]) -> Crossing | None:
        (rb, i), (cb, j) = row, col
        corner = self._corner_of.get((rb.kind, cb.kind))
        if corner is None:
            return None
        p = self.pitch
        rect = Rect(cb.start + j * p, rb.start + i * p, p, p)
        return Crossing(rb.ids[i], cb.ids[j], corner, rect)

    def __getitem__(self, key: Key) -> Crossing:
        row, col = self._row_of.get(key[0]), self._col_of.get(key[1])
        found = self._crossing(row, col) if row is not None and col is not None else None
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        row, col = self._row_of.get(key[0]), self._col_of.get(key[1])
        return row is not None and col is not None and (row[0].kind, col[0].kind) in self._corner_of

    def __iter__(self) -> Iterator[Key]:
        for corner in self.corners:
            for row_id in corner.rows.ids:
                for col_id in corner.cols.ids:
                    yield (row_id, col_id)

    def __len__(self) -> int:
        return sum(len(c.rows.ids) * len(c.cols.ids) for c in self.corners)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Crossings):
            return (self.rows, self.cols, self.pitch) == (other.rows, other.cols, other.pitch)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # equal to a dict with the same items

    def __repr__(self) -> str:
        return f"Crossings({len(self)} in {len(self.corners)} corners, pitch {self.pitch:g})"

    def at(self, x: float, y: float) -> Crossing | None:
        """The crossing whose cell holds the point (x, y), or None."""
        for corner in self.corners:
            i = corner.rows.index_at(y, self.pitch)
            j = corner.cols.index_at(x, self.pitch) if i is not None else None
            if i is not None and j is not None:
                return self._crossing((corner.rows, i), (corner.cols, j))
        return None

    def order(self, key: Key) -> tuple[int, int, int]:
        """Where a crossing comes in iteration (drawing) order, for sorting a few of them."""
        (rb, i), (cb, j) = self._row_of[key[0]], self._col_of[key[1]]
        return (CORNER_ORDER[self._corner_of[(rb.kind, cb.kind)]], i, j)

    def strips(self, element_id: str) -> list[Rect]:
        """The cells of one row's (or column's) crossings, one rect per corner it runs through:
        what highlighting an element's row or column paints."""
        p = self.pitch
        out = []
        if element_id in self._row_of:
            rb, i = self._row_of[element_id]
            for c in self.corners:
                if c.rows is rb:
                    out.append(Rect(c.cols.start, rb.start + i * p, len(c.cols.ids) * p, p))
        if element_id in self._col_of:
            cb, j = self._col_of[element_id]
            for c in self.corners:
                if c.cols is cb:
                    out.append(Rect(cb.start + j * p, c.rows.start, p, len(c.rows.ids) * p))
        return out
