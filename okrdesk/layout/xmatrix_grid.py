"""Sizing the X-Matrix grid: one pitch (row height = column width) and the centre cell.

The grid is `cols` pitch columns plus the centre column wide and `rows` pitch rows plus the
centre row tall. The pitch must hold one line at the minimum font; the centre at least a
minimum square. Among the pitches that fit, the one whose labels (judged by a long-ish
title of each kind) can be set largest wins, the larger pitch on a tie.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.layout.text import LINE_HEIGHT

MAX_ITEM_FONT = 11.0
ARM_FONT = 12.0  # the arms' names in the centre's triangles (bold)
TN_FONT = 16.0
ARM_MARGIN = 1.5  # keeps text in the centre clear of the diagonals
TN_GAP = 3.0
MAX_PITCH = 30.0
PITCH_STEP = 0.25
CENTRE_SHARE = 0.45  # the centre takes at most this share of the page's width or height
CENTRE_ASPECT = 2.5  # nor gets flatter or taller than this
WRAP_SLACK = 0.9  # greedy wrapping fills lines to about this share


@dataclass(frozen=True)
class CentreBands:
    """Where text goes in a centre cell W × H: the arms' names in bands along its four edges
    (as deep as `dv` at top and bottom, `dh` left and right, and `span_v`/`span_h` long where
    the triangles are narrowest), True North in a box of at most `box_w` × `box_h` between."""

    dv: float
    dh: float
    span_v: float
    span_h: float
    box_w: float
    box_h: float


def centre_bands(w: float, h: float, rotated: bool) -> CentreBands:
    m = ARM_MARGIN
    dv = min(h / 4, 2 * LINE_HEIGHT * ARM_FONT + 2 * m)
    dh = min(w / 4, (2 * LINE_HEIGHT * ARM_FONT + 2 * m) if rotated else 110.0)
    span_v = max(0.0, w * (1 - 2 * dv / h) - 2 * m) if h > 0 else 0.0
    span_h = max(0.0, h * (1 - 2 * dh / w) - 2 * m) if w > 0 else 0.0
    box_w = max(0.0, min(w - 2 * dh - 2 * TN_GAP, 0.6 * w))
    box_h = max(0.0, min(h - 2 * dv - 2 * TN_GAP, 0.55 * h))
    return CentreBands(dv, dh, span_v, span_h, box_w, box_h)


def pad_for(pitch: float) -> float:
    """Inner padding of a cell of this pitch."""
    return min(2.5, max(0.5, 0.08 * pitch))


def centre_min(min_font: float) -> float:
    return max(72.0, 14.0 * min_font)


@dataclass(frozen=True)
class Demand:
    """What the grid has to hold."""

    cols: int  # pitch columns: strategy, evidence and owner slots
    rows: int  # pitch rows: tactic and aspiration slots
    row_units: Sequence[float]  # width at 1 pt of each row label (tactics, aspirations)
    col_units: Sequence[float]  # the same for rotated column labels; empty when horizontal
    number_unit: float  # widest column number ("S12") at 1 pt in the horizontal variant, else 0
    tn_unit: float  # the True North statement at 1 pt
    min_font: float
    arm_unit_v: float = 0.0  # the widest name of the top/bottom arms at 1 pt (bold)
    arm_unit_h: float = 0.0  # the same for the left/right arms
    rotated: bool = True


@dataclass(frozen=True)
class Grid:
    pitch: float
    centre_w: float
    centre_h: float

    @property
    def pad(self) -> float:
        return pad_for(self.pitch)


def min_pitch(d: Demand) -> float:
    """The smallest pitch whose cells hold one line at the minimum font (and a column number)."""
    need_h = LINE_HEIGHT * d.min_font
    need_w = d.number_unit * d.min_font
    p = max(need_h, need_w)
    while p - 2 * pad_for(p) < max(need_h, need_w) - 1e-9:
        p += 0.05
    return round(p, 2)


def achievable(unit: float, w: float, h: float, lo: float, hi: float) -> float:
    """About the largest size (≤ hi) at which text `unit` wide at 1 pt wraps into w × h."""
    if unit <= 0:
        return hi
    if w <= 0 or h <= 0:
        return 0.0
    best = 0.0
    n = 1
    while True:
        by_h = h / (LINE_HEIGHT * n)
        by_w = w / unit * (n if n == 1 else n * WRAP_SLACK)
        best = max(best, min(hi, by_h, by_w))
        if by_w >= by_h or by_h < lo:
            return best
        n += 1


def _typical(units: Sequence[float]) -> float:
    """A long title of the set (the 90th percentile), so one outlier does not rule the page."""
    if not units:
        return 0.0
    ordered = sorted(units, reverse=True)
    return ordered[max(0, math.ceil(0.1 * len(ordered)) - 1)]


def _centre(area_w: float, area_h: float, d: Demand, p: float) -> tuple[float, float]:
    cmin = centre_min(d.min_font)
    cw = min(area_w - d.cols * p, max(cmin, CENTRE_SHARE * area_w))
    ch = min(area_h - d.rows * p, max(cmin, CENTRE_SHARE * area_h))
    cw = min(cw, max(cmin, CENTRE_ASPECT * ch))
    ch = min(ch, max(cmin, CENTRE_ASPECT * cw))
    return cw, ch


def _score(d: Demand, p: float, cw: float, ch: float) -> float:
    pad = pad_for(p)
    lo = d.min_font
    b = centre_bands(cw, ch, d.rotated)
    m = 2 * ARM_MARGIN
    side = (b.span_h, b.dh - m) if d.rotated else (b.dh - m, b.span_h)
    scores = [
        achievable(_typical(d.row_units), cw - 2 * pad, p - 2 * pad, lo, MAX_ITEM_FONT),
        achievable(d.tn_unit, b.box_w - 8, b.box_h - 8 - LINE_HEIGHT * 8, lo, 10.0),
        achievable(d.arm_unit_v, b.span_v, b.dv - m, lo, 10.0),
        achievable(d.arm_unit_h, *side, lo, 10.0),
    ]
    if d.col_units:
        scores.append(
            achievable(_typical(d.col_units), ch - 2 * pad, p - 2 * pad, lo, MAX_ITEM_FONT)
        )
    return math.floor(min(scores) * 2) / 2


def solve(area_w: float, area_h: float, d: Demand) -> Grid | None:
    """The best grid inside area_w × area_h, or None when it cannot hold the minimum font."""
    cmin = centre_min(d.min_font)
    p_lo = min_pitch(d)
    p_fit = min(
        (area_w - cmin) / d.cols if d.cols else math.inf,
        (area_h - cmin) / d.rows if d.rows else math.inf,
    )
    if p_fit < p_lo - 1e-9:
        return None
    p_hi = min(MAX_PITCH, p_fit)
    candidates = [p_hi]
    p = math.floor(p_hi / PITCH_STEP) * PITCH_STEP
    while p >= p_lo - 1e-9:
        if p < p_hi:
            candidates.append(p)
        p -= PITCH_STEP
    best: tuple[float, float] | None = None
    chosen = Grid(p_hi, *_centre(area_w, area_h, d, p_hi))
    for p in candidates:
        cw, ch = _centre(area_w, area_h, d, p)
        key = (_score(d, p, cw, ch), p)
        if best is None or key > best:
            best, chosen = key, Grid(p, cw, ch)
    return chosen


def squeeze(area_w: float, area_h: float, d: Demand) -> Grid:
    """The grid anyway, below the minimum pitch: for a matrix too large for any paper."""
    cmin = min(centre_min(d.min_font), area_w / 3, area_h / 3)
    p = min(
        (area_w - cmin) / d.cols if d.cols else math.inf,
        (area_h - cmin) / d.rows if d.rows else math.inf,
        MAX_PITCH,
    )
    return Grid(max(p, 0.0), cmin, cmin)
