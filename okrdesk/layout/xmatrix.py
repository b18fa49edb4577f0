"""The X-Matrix as a picture: one connected grid, True North in the centre, drawn the same on
screen and on paper.

Geometry (see shared/DOMAIN.md §1): columns are [strategy columns][centre][evidence columns]
[owner columns, when on]; rows are [tactic rows][centre][aspiration rows]. Tactic and
aspiration titles sit in the centre column, strategy and evidence titles in the centre row
(rotated, or numbered with a key in the horizontal-text variant). Each corner grid has a cell
at every crossing of a named row and a named column, and a mark where they correlate.

Sizing: one pitch (row height = column width) and the centre cell's size are chosen to use the
printable area with text no smaller than the minimum font. When that cannot be done on the
requested paper, the layout says so, proposes the next size up (or tiling) and lays the matrix
out on the paper it proposes; past A0, on a sheet as large as it needs, to be printed in tiles.
A matrix too large even for that is refused before anything is laid out (xmatrix_size).

The corner grids are lines, one per row and column, and `crossings` is computed from indices
(xmatrix_crossings), so the layout grows with rows + columns + marks, not rows × columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Glyph, Picture, Rect
from okrdesk.layout.xmatrix_cells import mark_shape
from okrdesk.layout.xmatrix_content import build_content
from okrdesk.layout.xmatrix_crossings import Crossing, Crossings
from okrdesk.layout.xmatrix_options import XMatrixOptions
from okrdesk.layout.xmatrix_page import PagePlan, demand_of, paint_page, plan_page
from okrdesk.layout.xmatrix_size import MatrixTooLarge, check_size, grown_plan
from okrdesk.models.rules import Finding
from okrdesk.models.snapshot import Snapshot

__all__ = [
    "Crossing",
    "Crossings",
    "MatrixTooLarge",
    "XMatrixLayout",
    "XMatrixOptions",
    "layout_xmatrix",
]


@dataclass(frozen=True)
class XMatrixLayout:
    picture: Picture  # the whole page; everything but the page frame inside paper.printable
    paper: Paper  # the paper actually used
    requested: Paper  # the paper asked for
    fits: bool  # False when the requested paper could not hold it at >= min_font
    proposal: str  # "" or what to do instead, e.g. "... use A1 landscape, or tile it."
    crossings: Crossings  # (row id, column id) → its cell, computed; `.at(x, y)` by point
    item_cells: dict[str, Rect]  # element or party id → the cell holding its label
    options: XMatrixOptions
    mark_radius: float

    def glyph(self, row_id: str, col_id: str, strength_or_role: str | None) -> Glyph | None:
        """The mark to draw at a crossing for a strength (or an owner's role), None for none.

        Equal to the picture's glyph for that crossing, so a canvas can repaint one cell.
        Raises ValueError for a value that is no strength (role) of that corner."""
        crossing = self.crossings.get((row_id, col_id))
        if crossing is None or strength_or_role is None:
            return None
        rect = crossing.rect
        owners = crossing.corner == "owners"
        return Glyph(
            rect.cx,
            rect.cy,
            self.mark_radius,
            mark_shape(self.options, crossing.corner, str(strength_or_role)),
            "owner-mark" if owners else "mark",
            (row_id, col_id),
        )


def _proposal(requested: Paper, used: Paper | None, last: Paper, min_font: float) -> str:
    where = f"Does not fit on {requested.label} at {min_font:g} pt"
    if used is not None:
        return f"{where}: use {used.label}, or tile it."
    if last == requested:
        return f"{where}: tile it across pages."
    return f"{where}, not even on {last.label}: tile it across pages."


def layout_xmatrix(
    snapshot: Snapshot,
    options: XMatrixOptions = XMatrixOptions(),  # noqa: B008 (frozen, so safe to share)
    *,
    findings: Sequence[Finding] | None = None,
    stamp: str = "",
) -> XMatrixLayout:
    """The X-Matrix of `snapshot` on the options' paper, or on the next size up that holds it
    (past A0, a sheet as large as it needs). Raises MatrixTooLarge, before laying anything
    out, for a matrix even that would not hold legibly (see xmatrix_size).

    `findings` are the health findings to mark orphans from (computed when not given);
    `stamp` is printed in the footer after the title (paper: date and okrdesk version)."""
    check_size(snapshot, options)
    content = build_content(snapshot, options, findings)
    content.stamp = stamp
    requested = Paper(options.paper, options.landscape)
    paper: Paper | None = requested
    last = requested
    plan: PagePlan | None = None
    demand = demand_of(content, options)
    while paper is not None and plan is None:
        last = paper
        plan = plan_page(content, options, paper, demand=demand)
        if plan is None:
            paper = paper.larger()
    fits = plan is not None and paper == requested
    if plan is None:  # too large for every paper: a sheet of its own, printed in tiles
        plan = grown_plan(content, options, demand)
    page = paint_page(content, options, plan)
    proposal = "" if fits else _proposal(requested, paper, last, options.min_font)
    warnings = [*content.warnings, *([proposal] if proposal else []), *page.warnings]
    used = plan.paper
    picture = Picture(
        used.width,
        used.height,
        tuple(page.items),
        title=snapshot.title,
        warnings=tuple(warnings),
        meta={"kind": "x-matrix", "options": options.to_dict(), "paper": used.label},
    )
    return XMatrixLayout(
        picture=picture,
        paper=used,
        requested=requested,
        fits=fits,
        proposal=proposal,
        crossings=page.crossings,
        item_cells=page.item_cells,
        options=options,
        mark_radius=page.mark_radius,
    )
