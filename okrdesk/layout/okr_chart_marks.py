"""The marks of a trend chart that follow the check-ins: the value polyline with its points,
the confidence bars beneath, and the dates under them (okrdesk.layout.okr_chart lays out the
rest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import pairwise

from okrdesk.layout.fonts import measure
from okrdesk.layout.okr_format import BAND_COLORS, INK, MUTED, RULE, VALUE_BLUE
from okrdesk.layout.okr_labels import MIN_FONT, label
from okrdesk.layout.picture import Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.okr_data import CheckInData

MARKER = 2.0
Point = tuple[dt.date, CheckInData]


def confidence_color(confidence: int) -> str:
    """Confidence read like a score: 0–3 red, 4–6 yellow, 7–10 green."""
    if confidence <= 3:
        return BAND_COLORS["red"]
    return BAND_COLORS["yellow"] if confidence <= 6 else BAND_COLORS["green"]


def x_positions(
    dates: Sequence[dt.date], plot: Rect, first: dt.date | None, last: dt.date | None
) -> list[float]:
    """Where each date sits: time runs over first..last (the period), widened to take in
    every date; a single moment is drawn in the middle."""
    if not dates:
        return []
    t0 = min([dates[0], *([first] if first else [])])
    t1 = max([dates[-1], *([last] if last else [])])
    span = (t1 - t0).days
    if span <= 0:
        return [plot.cx for _d in dates]
    return [plot.x + (d - t0).days / span * plot.w for d in dates]


def polyline(
    points: Sequence[Point],
    xs: Sequence[float],
    y_of: Callable[[float], float],
    plot: Rect,
    ids: tuple[str, ...],
) -> list[Primitive]:
    """A line from check-in to check-in, and a disc on each (smaller when they crowd)."""
    out: list[Primitive] = []
    spacing = plot.w / max(1, len(points) - 1)
    radius = min(MARKER, max(0.6, spacing / 3))
    coords = [(x, y_of(c.value)) for x, (_d, c) in zip(xs, points, strict=True)]
    for (x1, y1), (x2, y2) in pairwise(coords):
        out.append(Line(x1, y1, x2, y2, "chart-value", VALUE_BLUE, 1.2, (), ids))
    for (x, y), (_d, c) in zip(coords, points, strict=True):
        out.append(
            Glyph(x, y, radius, Shape.DISC, "chart-point", (*ids, f"check-in:{c.date}"), VALUE_BLUE)
        )
    return out


def confidence_bars(
    points: Sequence[Point],
    xs: Sequence[float],
    strip: Rect,
    gutter: float,
    font: float,
    ids: tuple[str, ...],
) -> list[Primitive]:
    """One bar per check-in, as tall as its confidence (0–10) and coloured like a score, with
    the number above it when the bars are far enough apart to hold it."""
    small = max(MIN_FONT, font - 1.0)
    row = small * LINE_HEIGHT
    left_edge = strip.x + gutter
    out: list[Primitive] = [
        Line(left_edge, strip.bottom, strip.right, strip.bottom, "chart-axis", RULE, 0.5, ids=ids)
    ]
    caption = label(
        "Conf.",
        Rect(strip.x, strip.bottom - row, gutter - 2.0, row),
        "chart-confidence-label",
        ids,
        size=small,
        color=MUTED,
        right=True,
    )
    out += [caption] if caption else []
    if not points:
        return out
    gaps = [b - a for a, b in pairwise(xs)]
    spacing = min([g for g in gaps if g > 0] or [strip.w - gutter])
    width = min(8.0, max(1.0, spacing * 0.6))
    numbered = spacing >= measure("10", small) + 2 * TEXT_PAD + 1.0 and strip.h >= row + 4.0
    room = strip.h - (row if numbered else 1.0)
    for x, (_d, c) in zip(xs, points, strict=True):
        confidence = min(10, max(0, int(c.confidence)))
        h = max(0.5, room * confidence / 10)
        left = min(max(x - width / 2, left_edge), strip.right - width)
        bar = Rect(left, strip.bottom - h, width, h)
        tag = (*ids, f"check-in:{c.date}")
        out.append(Box(bar, "chart-confidence", tag, confidence_color(confidence), None))
        if numbered:
            w = measure(str(confidence), small) + 2 * TEXT_PAD
            x_text = min(max(x - w / 2, left_edge), strip.right - w)
            out.append(
                TextRun(
                    Rect(x_text, bar.y - row, w, row),
                    (str(confidence),),
                    small,
                    "chart-confidence-value",
                    tag,
                    color=INK,
                )
            )
    return out


def date_labels(
    points: Sequence[Point],
    xs: Sequence[float],
    row_rect: Rect,
    font: float,
    ids: tuple[str, ...],
) -> list[Primitive]:
    """Dates under the points that have room: the latest first, then the earliest, then the
    others in order, none overlapping another. The year is written when the dates span two."""
    if not points:
        return []
    dates = [d for d, _c in points]
    years = dates[0].year != dates[-1].year
    order = dict.fromkeys([len(dates) - 1, 0, *range(1, len(dates) - 1)])
    taken: list[tuple[float, float]] = []
    out: list[Primitive] = []
    for index in order:
        date = dates[index]
        text = f"{date.day} {date:%b %y}" if years else f"{date.day} {date:%b}"
        w = measure(text, font) + 2 * TEXT_PAD
        if w > row_rect.w:
            continue
        x = min(max(xs[index] - w / 2, row_rect.x), row_rect.right - w)
        if any(x < b + 3.0 and a < x + w + 3.0 for a, b in taken):
            continue
        taken.append((x, x + w))
        tag = (*ids, f"check-in:{points[index][1].date}")
        out.append(
            TextRun(
                Rect(x, row_rect.y, w, row_rect.h), (text,), font, "chart-date", tag, color=MUTED
            )
        )
    return out
