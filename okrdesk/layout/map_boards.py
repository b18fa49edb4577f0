"""The same outcomes on the two other boards, each on one page of paper.

* Plan on a Page: three labelled columns, three time horizons (labels editable, default
  "Now / Next / Later"; any number of columns is accepted). Cards are stacked in their column
  in the order given, all of one size: as tall as the fullest column allows (at most 60 pt),
  split into side-by-side stacks when one stack would make cards too short to read.
* Option Approach Map: cards placed freely in a frame with four labelled corners (defaults
  after Cynefin's four points: "Must experiment" top left, "Experts can find it" top right,
  "Must act now" bottom left, "Obvious answer" bottom right). No boundaries are drawn.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set

from okrdesk.layout.map_cards import (
    NOMINAL_FONT,
    EdgeStyle,
    MapDrawing,
    draw_cards,
    fit_map,
    page_box,
    resolve_styles,
    title_run,
)
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Align, Box, Picture, Primitive, Rect, TextRun
from okrdesk.layout.text import LINE_HEIGHT, fit
from okrdesk.models.options import OptionNode, Relation

DEFAULT_COLUMNS: tuple[str, ...] = ("Now", "Next", "Later")
# Corners in the order top left, top right, bottom left, bottom right.
DEFAULT_CORNERS: tuple[str, str, str, str] = (
    "Must experiment",
    "Experts can find it",
    "Must act now",
    "Obvious answer",
)
LABEL_FONT = 12.0
GAP = 6.0
MAX_CARD_H = 60.0
GOOD_CARD_H = 3 * LINE_HEIGHT * NOMINAL_FONT + 6.0  # three lines of card text at 100%
MIN_CARD_W = 60.0
Point = tuple[float, float]


def _stacks(count: int, inner: Rect) -> tuple[int, int, float, float]:
    """Stacks per column, cards per stack, card width and height for `count` cards."""
    best = (1, max(1, count), inner.w, 0.0)
    for stacks in range(1, 5):
        rows = max(1, math.ceil(count / stacks))
        w = (inner.w - (stacks - 1) * GAP) / stacks
        h = min(MAX_CARD_H, (inner.h - (rows - 1) * GAP) / rows)
        if stacks > 1 and w < MIN_CARD_W:
            break
        best = (stacks, rows, w, h)
        if h >= GOOD_CARD_H:
            break
    return best


def plan_on_a_page_picture(
    options: Sequence[OptionNode],
    columns: Mapping[str, int],
    *,
    labels: Sequence[str] = DEFAULT_COLUMNS,
    paper: Paper = Paper(),  # noqa: B008 (frozen, so safe to share)
    title: str = "",
    min_font: float = 6.0,
) -> Picture:
    """Each option in `columns` (id → column index) as a card in that column, stacked in
    the order of `options`."""
    printable = paper.printable
    items: list[Primitive] = [page_box(paper.width, paper.height)]
    heading, top = title_run(title, printable)
    items += heading
    n = max(1, len(labels))
    col_w = (printable.w - (n - 1) * GAP) / n
    head_h = LABEL_FONT * LINE_HEIGHT + 6.0
    stacked: list[list[OptionNode]] = [[] for _ in range(n)]
    for option in options:
        index = columns.get(option.id)
        if index is not None and 0 <= index < n:
            stacked[index].append(option)
    off = len(options) - sum(len(s) for s in stacked)
    body = Rect(0.0, top + head_h, col_w, printable.bottom - top - head_h)
    inner = body.inset(GAP)
    stacks, rows, card_w, card_h = _stacks(max(len(s) for s in stacked), inner)
    drawing = MapDrawing(1.0, (0.0, 0.0), (0.0, 0.0), (card_w, card_h), min_font)
    for i, label in enumerate(labels):
        x = printable.x + i * (col_w + GAP)
        items.append(Box(Rect(x, top, col_w, printable.bottom - top), "column", (), "#f7f7f7"))
        rect = Rect(x, top, col_w, head_h)
        got = fit(label, col_w - 6.0, head_h - 4.0, LABEL_FONT, min_font, bold=True)
        items.append(
            TextRun(
                rect,
                got.lines,
                got.size,
                "column-label",
                (f"column:{i}",),
                bold=True,
                align=Align.CENTER,
                truncated=got.truncated,
            )
        )
        for j, option in enumerate(stacked[i]):
            cx = x + GAP + (j // rows) * (card_w + GAP) + card_w / 2
            cy = inner.y + (j % rows) * (card_h + GAP) + card_h / 2
            drawing.add_card(option, drawing.card_rect((cx, cy)), False)
    items += drawing.items
    fits = card_h >= 2 * LINE_HEIGHT * min_font + 4.0
    warnings = [f"{off} options are in no column and are not shown."] if off else []
    if drawing.elided:
        warnings.append(f"Text was shortened on {drawing.elided} cards.")
    if not fits:
        warnings.append(f"Too many cards in one column for {paper.label}: use larger paper.")
    return Picture(
        paper.width,
        paper.height,
        tuple(items),
        title=title,
        warnings=tuple(warnings),
        meta={"kind": "plan-on-a-page", "paper": paper.label, "fits": fits, "stacks": stacks},
    )


def approach_map_picture(
    options: Sequence[OptionNode],
    positions: Mapping[str, Point],
    *,
    corner_labels: Sequence[str] = DEFAULT_CORNERS,
    relations: Sequence[Relation] = (),
    pinned: Set[str] = frozenset(),
    kinds_style: Mapping[str, EdgeStyle] | None = None,
    paper: Paper = Paper(),  # noqa: B008 (frozen, so safe to share)
    title: str = "",
    card_w: float = 120.0,
    card_h: float = 60.0,
    area: tuple[float, float] | None = None,
    min_font: float = 6.0,
) -> Picture:
    """Options at their free `positions` (card centres) in a frame with four labelled corners
    (`corner_labels`: top left, top right, bottom left, bottom right)."""
    if len(corner_labels) != 4:
        raise ValueError("an Option Approach Map has four corners")
    printable = paper.printable
    items: list[Primitive] = [page_box(paper.width, paper.height)]
    heading, top = title_run(title, printable)
    items += heading
    frame = Rect(printable.x, top, printable.w, printable.bottom - top)
    items.append(Box(frame, "frame", (), None, "#444444", 0.8))
    band = LABEL_FONT * LINE_HEIGHT * 2 + 6.0
    for i, text in enumerate(corner_labels):
        got = fit(text, frame.w * 0.35, band - 6.0, LABEL_FONT, min_font, bold=True)
        w = got.width + 3.0
        x = frame.x + 4.0 if i % 2 == 0 else frame.right - 4.0 - w
        y = frame.y + 3.0 if i < 2 else frame.bottom - band + 3.0
        items.append(
            TextRun(
                Rect(x, y, w, band - 6.0),
                got.lines,
                got.size,
                "corner-label",
                (f"corner:{i}",),
                bold=True,
                truncated=got.truncated,
            )
        )
    region = Rect(frame.x + GAP, frame.y + band, frame.w - 2 * GAP, frame.h - 2 * band)
    centres = [positions[o.id] for o in options if o.id in positions]
    fitted = fit_map(region, centres, (card_w, card_h), area)
    drawing = MapDrawing(fitted.scale, fitted.origin, fitted.anchor, (card_w, card_h), min_font)
    draw_cards(drawing, options, positions, pinned)
    drawn = [r for r in relations if r.source in drawing.rects and r.target in drawing.rects]
    styles, warnings = resolve_styles((r.kind for r in drawn), kinds_style or {})
    drawing.add_edges(drawn, styles)
    items += drawing.items
    fits = NOMINAL_FONT * fitted.scale >= min_font - 1e-9
    warnings += drawing.warnings
    if drawing.elided:
        warnings.append(f"Text was shortened on {drawing.elided} cards.")
    if not fits:
        warnings.append(f"Cards would need text under {min_font:g} pt on {paper.label}.")
    return Picture(
        paper.width,
        paper.height,
        tuple(items),
        title=title,
        warnings=tuple(warnings),
        meta={
            "kind": "option-approach",
            "paper": paper.label,
            "fits": fits,
            "scale": fitted.scale,
            "extent": fitted.extent,
            "region": (region.w, region.h),
        },
    )
