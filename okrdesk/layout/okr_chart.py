"""A key result's trend chart: its value against the target over time, confidence beneath.

Inside the chart's rect, top to bottom: a line naming the unit (left) and the latest value
(right); the plot, with the baseline (dashed) and the target (solid) as horizontal lines,
value ticks on the left, and the check-ins as a polyline with a marker at each; a strip of
confidence bars (0–10, one per check-in, okrdesk.layout.okr_chart_marks); the dates.

Time runs left to right over the objective's period when one is given, widened to take in
every check-in. The target's label sits at the left end on the side away from the baseline
and the baseline's at the right end on the side away from the target, where the values
usually are not. A chart too short for that is drawn compact: the ticks are the baseline and
the target themselves, and the target is named in the top line. Every primitive stays inside
the rect; text is fitted or left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.layout.fonts import measure
from okrdesk.layout.okr_chart_marks import (
    MARKER,
    Point,
    confidence_bars,
    confidence_color,
    date_labels,
    polyline,
    x_positions,
)
from okrdesk.layout.okr_format import FAINT, INK, MUTED, RULE, VALUE_BLUE, number, parse_date
from okrdesk.layout.okr_format import with_unit as written
from okrdesk.layout.okr_labels import label
from okrdesk.layout.picture import Box, Line, Picture, Primitive, Rect
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.okr_data import CheckInData, Direction, KeyResultData

FONT = 6.5
PAD = 3.0
COMPACT_ROWS = 4.5  # a plot fewer text rows tall than this is drawn compact
__all__ = ["FONT", "chart_picture", "confidence_color", "nice_ticks", "trend_chart"]


def nice_ticks(lo: float, hi: float, most: int) -> list[float]:
    """Round values (1, 2, 2.5 or 5 × 10ⁿ apart) inside lo..hi, at most `most` + 1 of them."""
    span = hi - lo
    if span <= 0 or not math.isfinite(span) or most < 1:
        return []
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = math.ceil(lo / step - 1e-9) * step
    count = math.floor((hi - first) / step + 1e-9) + 1
    return [first + k * step for k in range(max(0, count))]


@dataclass(frozen=True)
class _Frame:
    """Where the parts of one chart go, and how values map to heights."""

    top: Rect  # the unit and the latest value
    plot: Rect
    strip: Rect  # confidence bars
    dates: Rect
    gutter: float
    ticks: tuple[float, ...]
    lo: float
    hi: float
    compact: bool

    def y_of(self, value: float) -> float:
        return self.plot.bottom - (value - self.lo) / (self.hi - self.lo) * self.plot.h


def _dated(check_ins: Sequence[CheckInData]) -> list[Point]:
    """Check-ins with a readable date and a finite value, oldest first."""
    out = [(parse_date(c.date), c) for c in check_ins if math.isfinite(c.value)]
    return sorted(((d, c) for d, c in out if d is not None), key=lambda pair: pair[0])


def _value_range(
    kr: KeyResultData, values: Sequence[float], height: float, room: float
) -> tuple[float, float]:
    """The values the plot spans: every value, baseline and target, with at least `room`
    points (a label's row) to spare above the highest and below the lowest on a plot
    `height` tall, so the lines' labels fit beside them."""
    finite = [v for v in (kr.baseline, kr.target, *values) if math.isfinite(v)] or [0.0]
    lo, hi = min(finite), max(finite)
    span = hi - lo
    if span <= abs(hi) * 1e-12:  # one level only (keep at the baseline): centre it
        span = max(abs(hi) * 0.2, 1.0)
        return lo - span / 2, hi + span / 2
    pad = span * 0.12
    if height > 2 * room + 1.0:
        pad = max(pad, room * span / (height - 2 * room))
    return lo - pad, hi + pad


def _frame(kr: KeyResultData, values: Sequence[float], inner: Rect, font: float) -> _Frame:
    row = font * LINE_HEIGHT
    top = Rect(inner.x, inner.y, inner.w, row)
    dates = Rect(inner.x, inner.bottom - row, inner.w, row)
    strip_h = min(max(inner.h * 0.2, row + 6.0), 26.0)
    strip = Rect(inner.x, dates.y - 1.0 - strip_h, inner.w, strip_h)
    plot_top, plot_bottom = top.bottom + MARKER + 1.0, strip.y - MARKER - 3.0
    height = plot_bottom - plot_top
    compact = height < COMPACT_ROWS * row
    lo, hi = _value_range(kr, values, height, 0.0 if compact else row + 1.0)
    ticks = _ticks(kr, lo, hi, height, row, compact)
    widest = max([measure(number(t), font) for t in ticks] + [measure("Conf.", font - 1)])
    gutter = min(widest + 2 * TEXT_PAD + 2.0, inner.w * 0.3)
    plot = Rect(inner.x + gutter, plot_top, inner.w - gutter - MARKER - 1.0, height)
    return _Frame(top, plot, strip, dates, gutter, tuple(ticks), lo, hi, compact)


def _ticks(
    kr: KeyResultData, lo: float, hi: float, height: float, row: float, compact: bool
) -> list[float]:
    if not compact:
        found = nice_ticks(lo, hi, max(1, min(5, int(height // (row * 1.6)))))
        if found:
            return found
    return sorted({kr.baseline, kr.target})


def trend_chart(
    kr: KeyResultData,
    check_ins: Sequence[CheckInData],
    rect: Rect,
    *,
    start: str = "",
    end: str = "",
    font: float = FONT,
) -> list[Primitive]:
    """The chart of `kr` in `rect` (see the module docstring); `start` and `end` are the
    objective's period (ISO dates, "" when open)."""
    ids = (kr.id,)
    items: list[Primitive] = [Box(rect, "chart", ids, "#ffffff", RULE, 0.5)]
    inner = rect.inset(PAD)
    row = font * LINE_HEIGHT
    if inner.w < 48 or inner.h < 3 * row + 14:  # no room for a plot: the value in words
        note = label(written(kr.current, kr.unit), inner, "chart-latest", ids, size=font)
        return items + ([note] if note else [])
    points = _dated(check_ins)
    frame = _frame(kr, [c.value for _d, c in points], inner, font)
    items += _axis(frame, font, ids, inner)
    items += _top_line(kr, points, frame, font, ids)
    items += _reference_lines(kr, frame, font, ids)
    xs = x_positions([d for d, _c in points], frame.plot, parse_date(start), parse_date(end))
    items += polyline(points, xs, frame.y_of, frame.plot, ids)
    items += confidence_bars(points, xs, frame.strip, frame.gutter, font, ids)
    items += date_labels(points, xs, frame.dates, font, ids)
    return items


def _axis(frame: _Frame, font: float, ids: tuple[str, ...], inner: Rect) -> list[Primitive]:
    plot = frame.plot
    out: list[Primitive] = [
        Line(plot.x, plot.y, plot.x, plot.bottom, "chart-axis", RULE, 0.5, ids=ids),
    ]
    row = font * LINE_HEIGHT
    placed: list[float] = []
    for tick in frame.ticks:
        y = frame.y_of(tick)
        if not frame.compact:
            out.append(Line(plot.x, y, plot.right, y, "chart-grid", FAINT, 0.4, ids=ids))
        y_text = min(max(y - row / 2, inner.y), inner.bottom - row)
        if any(abs(y_text - other) < row for other in placed):
            continue  # two values too close to write both
        placed.append(y_text)
        text = label(
            number(tick),
            Rect(inner.x, y_text, frame.gutter - 2.0, row),
            "chart-tick",
            ids,
            size=font,
            color=MUTED,
            right=True,
        )
        out += [text] if text else []
    return out


def _target_words(kr: KeyResultData) -> str:
    keep = kr.direction == Direction.KEEP or math.isclose(kr.baseline, kr.target)
    return f"{'Keep at' if keep else 'Target'} {written(kr.target, kr.unit)}"


def _top_line(
    kr: KeyResultData, points: Sequence[Point], frame: _Frame, font: float, ids: tuple[str, ...]
) -> list[Primitive]:
    """Left: the unit (compact: the target); right: the latest check-in, or that there is
    none yet."""
    top = frame.top
    out: list[Primitive] = []
    half = Rect(top.x, top.y, top.w / 2, top.h)
    unit = " ".join(kr.unit.split())
    if frame.compact:
        left = label(_target_words(kr), half, "chart-target-label", ids, size=font, bold=True)
    else:
        left = (
            label(f"in {unit}", half, "chart-unit", ids, size=font, color=MUTED) if unit else None
        )
    out += [left] if left else []
    right_half = Rect(top.x + top.w / 2, top.y, top.w / 2, top.h)
    if points:
        date, last = points[-1]
        text = f"Latest {written(last.value, kr.unit)} on {date.day} {date:%b}"
        run = label(
            text,
            right_half,
            "chart-latest",
            ids,
            size=font,
            bold=True,
            color=VALUE_BLUE,
            right=True,
        )
    else:
        run = label(
            "No check-ins yet", right_half, "chart-empty", ids, size=font, color=MUTED, right=True
        )
    out += [run] if run else []
    return out


def _reference_lines(
    kr: KeyResultData, frame: _Frame, font: float, ids: tuple[str, ...]
) -> list[Primitive]:
    plot = frame.plot
    yb, yt = frame.y_of(kr.baseline), frame.y_of(kr.target)
    same = math.isclose(kr.baseline, kr.target, rel_tol=1e-12, abs_tol=1e-12)
    out: list[Primitive] = []
    if not same:
        out.append(Line(plot.x, yb, plot.right, yb, "chart-baseline", MUTED, 0.8, (3.0, 2.0), ids))
    out.append(Line(plot.x, yt, plot.right, yt, "chart-target", INK, 1.0, (), ids))
    if frame.compact:
        return out
    row = font * LINE_HEIGHT
    half = plot.w / 2

    def beside(y: float, above: bool) -> float:
        """The top of a label row just above or below the line at y, kept inside the plot."""
        wanted = y - row - 0.5 if above else y + 0.5
        if wanted < plot.y or wanted + row > plot.bottom:  # no room there: the other side
            wanted = y + 0.5 if above else y - row - 0.5
        return min(max(wanted, plot.y), plot.bottom - row)

    target_up = yt <= yb  # the target is drawn higher on the page than the baseline
    run = label(
        _target_words(kr),
        Rect(plot.x + 1.0, beside(yt, target_up), half - 1.0, row),
        "chart-target-label",
        ids,
        size=font,
        bold=True,
    )
    out += [run] if run else []
    if not same:
        run = label(
            f"Baseline {written(kr.baseline, kr.unit)}",
            Rect(plot.x + half, beside(yb, not target_up), half - 1.0, row),
            "chart-baseline-label",
            ids,
            size=font,
            color=MUTED,
            right=True,
        )
        out += [run] if run else []
    return out


def chart_picture(
    kr: KeyResultData,
    check_ins: Sequence[CheckInData],
    width: float,
    height: float,
    *,
    start: str = "",
    end: str = "",
    font: float = FONT,
) -> Picture:
    """The trend chart alone on a page of its own size (the OKRs tab shows this picture; the
    one-pager draws the very same chart in its rows)."""
    items = trend_chart(
        kr, check_ins, Rect(0.0, 0.0, width, height), start=start, end=end, font=font
    )
    return Picture(width, height, tuple(items), title=kr.title, meta={"kind": "okr-chart"})
