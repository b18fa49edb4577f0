"""The Option Relationship Map as a picture on one page of paper.

Page, top to bottom: the title; the map, with the visibility axis down its left side (top
label at the top, bottom label at the bottom, read bottom-to-top) and the ambiguity axis under
it (left label at its left end, right label at its right end), both drawn as double-headed
arrows since they are scales between two poles; then the legend: one entry per relation kind
drawn (its line, dash pattern and arrowhead) and the pin marker. No quadrants are drawn.

The map (every card, and the `area` it was laid out in when given) is scaled uniformly to the
room left, at most 2×. `Picture.meta` says: "fits" (False when card text, 10 pt at 100%, would
be under `min_font` at that scale, i.e. the map needs larger paper or tiles), "tiles" (how
many pages of this paper the map would need at 100%) with "tile_grid" (columns, rows), and
"scale". Elided card text and relations that could not be drawn are reported in warnings.
`map_fit` gives that part of the meta without drawing the map, for trying papers in turn.

`plan_on_a_page_picture` and `approach_map_picture` (`okrdesk.layout.map_boards`) are the same
outcomes on the two other boards.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from typing import NamedTuple

from okrdesk.layout.map_boards import (
    DEFAULT_COLUMNS,
    DEFAULT_CORNERS,
    approach_map_picture,
    plan_on_a_page_picture,
)
from okrdesk.layout.map_cards import (
    CARD_STROKE,
    NOMINAL_FONT,
    EdgeStyle,
    Fitted,
    MapDrawing,
    arrowhead,
    draw_cards,
    fit_map,
    page_box,
    resolve_styles,
    title_run,
)
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Line, Picture, Primitive, Rect, TextRun
from okrdesk.layout.text import fit
from okrdesk.models.options import CONFLICTS, OptionNode, Relation

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_CORNERS",
    "AxisLabels",
    "EdgeStyle",
    "approach_map_picture",
    "map_fit",
    "map_picture",
    "plan_on_a_page_picture",
]

AXIS_FONT = 9.0
LEGEND_FONT = 8.0
AXIS_BAND = 22.0  # room for an axis: its line, arrowheads and one line of label
AXIS_COLOR = "#444444"
Point = tuple[float, float]


class AxisLabels(NamedTuple):
    """The words at the four ends of the axes (users may rename them)."""

    left: str = "Novel, ambiguous"
    right: str = "Clear"
    top: str = "Visible: close to the customer need"
    bottom: str = "Enabling"


def _axes(region: Rect, labels: AxisLabels, left_x: float, min_font: float) -> list[Primitive]:
    """Both axes along `region` (the map) and their four labels."""
    items: list[Primitive] = []
    vx, hy = region.x - 5.0, region.bottom + 5.0
    ends = ((vx, region.y), (vx, region.bottom)), ((region.x, hy), (region.right, hy))
    for a, b in ends:
        items.append(Line(*a, *b, "axis", AXIS_COLOR, 0.8))
        items += arrowhead(a, b, 6.0, "axis", (), AXIS_COLOR, 0.8)
        items += arrowhead(b, a, 6.0, "axis", (), AXIS_COLOR, 0.8)
    band = vx - 3.0 - left_x  # across the vertical axis's labels
    half = region.h / 2 - 6.0
    for side, text in (("top", labels.top), ("bottom", labels.bottom)):
        got = fit(text, max(0.1, half - 3.0), band, AXIS_FONT, min_font, max_lines=1)
        length = min(half, got.width + 3.0)
        y = region.y if side == "top" else region.bottom - length
        rect = Rect(left_x, y, band, length)
        items.append(
            TextRun(
                rect,
                got.lines,
                got.size,
                "axis-label",
                (f"axis:{side}",),
                rotation=90,
                color=AXIS_COLOR,
                truncated=got.truncated,
            )
        )
    half = region.w / 2 - 6.0
    for side, text in (("left", labels.left), ("right", labels.right)):
        got = fit(text, max(0.1, half - 3.0), AXIS_BAND - 8.0, AXIS_FONT, min_font, max_lines=1)
        length = min(half, got.width + 3.0)
        x = region.x if side == "left" else region.right - length
        rect = Rect(x, hy + 3.0, length, AXIS_BAND - 8.0)
        items.append(
            TextRun(
                rect,
                got.lines,
                got.size,
                "axis-label",
                (f"axis:{side}",),
                color=AXIS_COLOR,
                truncated=got.truncated,
            )
        )
    return items


def _legend(
    styles: Mapping[str, EdgeStyle], pinned: bool, printable: Rect
) -> tuple[list[Primitive], float]:
    """Legend entries flowed left to right in rows at the bottom; returns them and their top."""
    entries: list[tuple[str, EdgeStyle | None]] = [(k, s) for k, s in styles.items()]
    if pinned:
        entries.append(("", None))
    row_h, sample, gap = LEGEND_FONT * 1.2 + 4.0, 22.0, 12.0
    laid: list[tuple[float, int, str, EdgeStyle | None, float, tuple[str, ...], float]] = []
    x, row = printable.x, 0
    for kind, style in entries:
        text = style.label if style else "pinned: layouts leave it where it is"
        got = fit(text, printable.w - sample - 6.0, row_h, LEGEND_FONT, LEGEND_FONT, max_lines=1)
        need = sample + 4.0 + got.width + 3.0
        if x > printable.x and x + need > printable.right:
            x, row = printable.x, row + 1
        laid.append((x, row, kind, style, got.width + 3.0, got.lines, got.size))
        x += need + gap
    if not laid:
        return [], printable.bottom
    top = printable.bottom - (row + 1) * row_h
    items: list[Primitive] = []
    for x, r, kind, style, width, lines, size in laid:
        y = top + r * row_h
        mid = y + row_h / 2
        if style is None:
            items.append(
                Box(Rect(x + sample / 2 - 3, mid - 3, 6, 6), "legend", (), CARD_STROKE, None)
            )
        else:
            a, b = (x, mid), (x + sample, mid)
            items.append(Line(*a, *b, "legend", style.color, 1.0, style.dash, (kind,)))
            if style.directed and kind != CONFLICTS:
                items += arrowhead(b, a, 5.0, "legend", (kind,), style.color, 1.0)
        rect = Rect(x + sample + 4.0, y, width, row_h)
        items.append(TextRun(rect, lines, size, "legend-label", (kind,) if kind else ()))
    return items, top


class _Frame(NamedTuple):
    """What a page holds around the map, which says how much room the map gets."""

    heading: list[Primitive]
    legend: list[Primitive]
    region: Rect  # the room for the map
    drawn: list[Relation]  # the relations that are drawn
    styles: dict[str, EdgeStyle]
    warnings: list[str]


def _frame(
    options: Sequence[OptionNode],
    relations: Sequence[Relation],
    positions: Mapping[str, Point],
    pinned: Set[str],
    kinds_style: Mapping[str, EdgeStyle] | None,
    paper: Paper,
    title: str,
) -> _Frame:
    printable = paper.printable
    heading, top = title_run(title, printable)
    ids = {o.id for o in options}
    drawn = [
        r
        for r in relations
        if r.source in positions
        and r.target in positions
        and r.source in ids
        and r.target in ids
        and r.source != r.target
    ]
    styles, warnings = resolve_styles((r.kind for r in drawn), kinds_style or {})
    shown_pins = any(o.id in pinned and o.id in positions for o in options)
    legend, legend_top = _legend(styles, shown_pins, printable)
    left = printable.x + AXIS_BAND
    region = Rect(left, top, printable.right - left, legend_top - 6.0 - AXIS_BAND - top)
    return _Frame(heading, legend, region, drawn, styles, warnings)


def _fitted(
    options: Sequence[OptionNode],
    positions: Mapping[str, Point],
    region: Rect,
    card: tuple[float, float],
    area: tuple[float, float] | None,
) -> Fitted:
    centres = [positions[o.id] for o in options if o.id in positions]
    return fit_map(region, centres, card, area)


def _fit_meta(fitted: Fitted, region: Rect, min_font: float) -> dict[str, object]:
    """The part of the picture's meta that says whether the map fits the page."""
    fits = NOMINAL_FONT * fitted.scale >= min_font - 1e-9
    grid = (
        math.ceil(fitted.extent[0] / region.w - 1e-9),
        math.ceil(fitted.extent[1] / region.h - 1e-9),
    )
    return {
        "fits": fits,
        "tiles": grid[0] * grid[1],
        "tile_grid": grid,
        "scale": fitted.scale,
        "extent": fitted.extent,  # the map at 100%, in points
        "region": (region.w, region.h),  # the room the page has for it
    }


def map_fit(
    options: Sequence[OptionNode],
    relations: Sequence[Relation],
    positions: Mapping[str, Point],
    *,
    pinned: Set[str] = frozenset(),
    kinds_style: Mapping[str, EdgeStyle] | None = None,
    paper: Paper = Paper(),  # noqa: B008 (frozen, so safe to share)
    title: str = "",
    card_w: float = 120.0,
    card_h: float = 60.0,
    area: tuple[float, float] | None = None,
    min_font: float = 6.0,
) -> dict[str, object]:
    """What `map_picture` with the same arguments says in its meta about fitting the page
    ("fits", "tiles", "tile_grid", "scale", "extent", "region"), without drawing the map:
    finding the paper a large map fits drew 2,000 cards and their edges on every size tried."""
    frame = _frame(options, relations, positions, pinned, kinds_style, paper, title)
    fitted = _fitted(options, positions, frame.region, (card_w, card_h), area)
    return _fit_meta(fitted, frame.region, min_font)


def map_picture(
    options: Sequence[OptionNode],
    relations: Sequence[Relation],
    positions: Mapping[str, Point],
    *,
    pinned: Set[str] = frozenset(),
    kinds_style: Mapping[str, EdgeStyle] | None = None,
    axis_labels: Sequence[str] = AxisLabels(),
    paper: Paper = Paper(),  # noqa: B008 (frozen, so safe to share)
    title: str = "",
    card_w: float = 120.0,
    card_h: float = 60.0,
    area: tuple[float, float] | None = None,
    min_font: float = 6.0,
) -> Picture:
    """The Option Relationship Map on one page of `paper` (see the module docstring).

    `positions` are card centres in map units (`okrdesk.layout.map_layout`), `area` the map's
    width and height when the page should show all of it, not just the cards. `axis_labels`
    are left, right, top and bottom (an `AxisLabels` or any four strings)."""
    if len(axis_labels) != 4:
        raise ValueError("axis labels are four words: left, right, top, bottom")
    labels = AxisLabels(*axis_labels)
    frame = _frame(options, relations, positions, pinned, kinds_style, paper, title)
    region = frame.region
    fitted = _fitted(options, positions, region, (card_w, card_h), area)
    drawing = MapDrawing(fitted.scale, fitted.origin, fitted.anchor, (card_w, card_h), min_font)
    draw_cards(drawing, options, positions, pinned)
    drawing.add_edges(frame.drawn, frame.styles)
    items: list[Primitive] = [page_box(paper.width, paper.height), *frame.heading]
    items += _axes(region, labels, paper.printable.x, min_font)
    items += drawing.items
    items += frame.legend
    fit = _fit_meta(fitted, region, min_font)
    warnings = frame.warnings + drawing.warnings
    if drawing.elided:
        warnings.append(f"Text was shortened on {drawing.elided} cards.")
    if not fit["fits"]:
        warnings.append(
            f"Cards would need text under {min_font:g} pt on {paper.label}: print on larger "
            f"paper, or on {fit['tiles']} pages at 100%."
        )
    return Picture(
        paper.width,
        paper.height,
        tuple(items),
        title=title,
        warnings=tuple(warnings),
        meta={"kind": "option-map", "paper": paper.label, **fit},
    )
