"""Tiling: a picture laid out on a sheet larger than the printer takes, cut into pages.

Each page shows one tile of the large picture's printable area at 100%, clipped to the page's
printable area less a band at the bottom for its label. Neighbouring tiles overlap by
`overlap` points, so a reader can trim one page and glue it onto the next; dashed marks on
each page show where the overlap with each neighbour begins, and the label names the page
("Page 2 of 6 · row 1, column 2") next to a small plan of the grid with this tile filled in.
"""

from __future__ import annotations

import math
from dataclasses import replace

from okrdesk.layout.fonts import measure
from okrdesk.layout.paper import MM, Paper
from okrdesk.layout.picture import (
    Box,
    Glyph,
    Line,
    Picture,
    Primitive,
    Rect,
    TextRun,
    extent,
)

OVERLAP = 10 * MM
LABEL_BAND = 16.0
LABEL_FONT = 8.0
MARK_COLOR = "#7a7a7a"
PLAN_CELL = 6.0  # the grid plan's cells, in points


def content_area(paper: Paper) -> Rect:
    """Where a tile's share of the picture goes on each page."""
    p = paper.printable
    return Rect(p.x, p.y, p.w, p.h - LABEL_BAND)


def tile_grid(source: Rect, paper: Paper, overlap: float = OVERLAP) -> tuple[int, int]:
    """(columns, rows) of pages of `paper` that `source` (at 100%) needs."""
    area = content_area(paper)
    step_w, step_h = area.w - overlap, area.h - overlap
    cols = max(1, math.ceil((source.w - overlap) / step_w - 1e-9))
    rows = max(1, math.ceil((source.h - overlap) / step_h - 1e-9))
    return cols, rows


def tile_count(big: Picture, big_paper: Paper, paper: Paper) -> int:
    cols, rows = tile_grid(big_paper.printable, paper)
    return cols * rows


def shifted(item: Primitive, dx: float, dy: float) -> Primitive:
    if isinstance(item, Box | TextRun):
        r = item.rect
        return replace(item, rect=Rect(r.x + dx, r.y + dy, r.w, r.h))
    if isinstance(item, Line):
        return replace(item, x1=item.x1 + dx, y1=item.y1 + dy, x2=item.x2 + dx, y2=item.y2 + dy)
    assert isinstance(item, Glyph)
    return replace(item, cx=item.cx + dx, cy=item.cy + dy)


def _touches(a: Rect, b: Rect) -> bool:
    return a.x <= b.right and b.x <= a.right and a.y <= b.bottom and b.y <= a.bottom


def _marks(area: Rect, col: int, row: int, cols: int, rows: int, overlap: float) -> list[Primitive]:
    """Dashed lines where the overlap with each neighbour begins."""
    dash = (3.0, 2.0)
    marks: list[Primitive] = []
    if col > 0:
        x = area.x + overlap
        marks.append(Line(x, area.y, x, area.bottom, "tile-overlap", MARK_COLOR, 0.4, dash))
    if col < cols - 1:
        x = area.right - overlap
        marks.append(Line(x, area.y, x, area.bottom, "tile-overlap", MARK_COLOR, 0.4, dash))
    if row > 0:
        y = area.y + overlap
        marks.append(Line(area.x, y, area.right, y, "tile-overlap", MARK_COLOR, 0.4, dash))
    if row < rows - 1:
        y = area.bottom - overlap
        marks.append(Line(area.x, y, area.right, y, "tile-overlap", MARK_COLOR, 0.4, dash))
    marks.append(Box(area, "tile-edge", (), None, MARK_COLOR, 0.3))
    return marks


def _label(area: Rect, at: tuple[int, int], grid: tuple[int, int], name: str) -> list[Primitive]:
    """ "Page i of n" and where the tile sits, under the tile, with a plan of the grid."""
    (col, row), (cols, rows) = at, grid
    index = row * cols + col + 1
    y = area.bottom + 4.0
    plan_w = min(cols * PLAN_CELL, area.w / 3)
    cell = min(PLAN_CELL, plan_w / cols, (LABEL_BAND - 6.0) / rows)
    items: list[Primitive] = []
    for r in range(rows):
        for c in range(cols):
            rect = Rect(area.x + c * cell, y + r * cell, cell, cell)
            fill = MARK_COLOR if (c, r) == (col, row) else None
            items.append(Box(rect, "tile-plan", (), fill, MARK_COLOR, 0.3))
    text = (
        f"Page {index} of {cols * rows} · row {row + 1} of {rows}, column {col + 1} of {cols}"
        f"{f' · {name}' if name else ''} · overlap {OVERLAP / MM:.0f} mm"
    )
    x = area.x + cols * cell + 6.0
    width = area.right - x
    while text and measure(text, LABEL_FONT) > width:  # a long name is cut, never overflows
        text = text[:-2] + "…"
    items.append(TextRun(Rect(x, y, width, LABEL_FONT * 1.2), (text,), LABEL_FONT, "tile-label"))
    return items


def tile_picture(big: Picture, big_paper: Paper, paper: Paper, name: str = "") -> list[Picture]:
    """`big` (laid out on `big_paper`) at 100% across pages of `paper`, left to right, then
    top to bottom. Only the big picture's printable area is tiled (its margins are blank)."""
    source = big_paper.printable
    area = content_area(paper)
    cols, rows = tile_grid(source, paper)
    step_w, step_h = area.w - OVERLAP, area.h - OVERLAP
    pages: list[Picture] = []
    for row in range(rows):
        for col in range(cols):
            sx, sy = source.x + col * step_w, source.y + row * step_h
            window = Rect(sx, sy, area.w, area.h)
            dx, dy = area.x - sx, area.y - sy
            items = tuple(
                shifted(item, dx, dy)
                for item in big.items
                if item.role != "page" and _touches(extent(item), window)
            )
            index = row * cols + col + 1
            overlay = (
                *_marks(area, col, row, cols, rows, OVERLAP),
                *_label(area, (col, row), (cols, rows), name),
            )
            pages.append(
                Picture(
                    paper.width,
                    paper.height,
                    items,
                    title=big.title,
                    warnings=big.warnings if index == 1 else (),
                    meta={**big.meta, "tile": (col, row), "tile_grid": (cols, rows)},
                    clip=area,
                    overlay=overlay,
                )
            )
    return pages
