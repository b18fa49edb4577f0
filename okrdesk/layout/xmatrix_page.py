"""One X-Matrix page on one paper: sizes the grid and places the frame, grid and key.

Planning (frame, key, grid size) is cheap and says whether a paper holds the matrix;
painting (every label fitted, every line and mark) happens once, on the paper chosen."""

from __future__ import annotations

from dataclasses import dataclass

from okrdesk.layout.fonts import unit_width
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Rect
from okrdesk.layout.text import clean
from okrdesk.layout.xmatrix_cells import GridPainter, Page
from okrdesk.layout.xmatrix_content import Content, Slot
from okrdesk.layout.xmatrix_frame import (
    KEY_GAP,
    Frame,
    frame,
    key_height,
    key_layout,
    key_parts,
    key_slots,
    split_for_key,
)
from okrdesk.layout.xmatrix_grid import Demand, Grid, solve, squeeze
from okrdesk.layout.xmatrix_options import ARM_WORDS, XMatrixOptions
from okrdesk.models.kinds import ElementKind


def demand_of(content: Content, options: XMatrixOptions) -> Demand:
    rows = [*content.tactic_rows, *content.aspiration_rows]
    cols = [*content.strategy_cols, *content.evidence_cols, *content.owner_cols]
    tags = [unit_width(s.tag) for s in cols if s.id]
    words = ARM_WORDS[options.labels]
    return Demand(
        cols=len(cols),
        rows=len(rows),
        row_units=[unit_width(clean(s.title)) for s in rows if s.id],
        col_units=[unit_width(clean(s.title)) for s in cols if s.id]
        if options.rotated_text
        else [],
        number_unit=0.0 if options.rotated_text else max(tags, default=0.0),
        tn_unit=unit_width(clean(content.tn.title)) if content.tn else 0.0,
        min_font=options.min_font,
        arm_unit_v=max(
            unit_width(words[k], True) for k in (ElementKind.TACTIC, ElementKind.ASPIRATION)
        ),
        arm_unit_h=max(
            unit_width(words[k], True) for k in (ElementKind.STRATEGY, ElementKind.EVIDENCE)
        ),
        rotated=options.rotated_text,
    )


@dataclass(frozen=True)
class PagePlan:
    """Where everything goes on one paper, before anything is drawn."""

    paper: Paper
    frame: Frame
    area: Rect  # the room for the grid
    grid: Grid
    demand: Demand
    keyed: list[Slot]  # the numbered columns the key lists (horizontal text), else []
    key_rect: Rect | None
    key_grid: tuple[int, int] | None


def plan_page(
    content: Content,
    options: XMatrixOptions,
    paper: Paper,
    force: bool = False,
    demand: Demand | None = None,
) -> PagePlan | None:
    """The plan on `paper`, or None when the matrix needs text below the minimum font (with
    `force`, it is planned anyway, its pitch squeezed). `demand` saves measuring every title
    again when several papers are tried."""
    mf = options.min_font
    fr = frame(content, options, paper.printable)
    keyed = [] if options.rotated_text else key_slots(content)
    area, key_rect = split_for_key(fr.body, keyed)
    key_grid = None
    if key_rect is not None:
        key_grid = key_layout(key_rect, keyed, mf, force)
        if key_grid is None:
            return None
    demand = demand or demand_of(content, options)
    grid = solve(area.w, area.h, demand)
    if grid is None:
        if not force:
            return None
        grid = squeeze(area.w, area.h, demand)
    return PagePlan(paper, fr, area, grid, demand, keyed, key_rect, key_grid)


def paint_page(content: Content, options: XMatrixOptions, plan: PagePlan) -> Page:
    """The page drawn as planned."""
    paper, grid, demand, area = plan.paper, plan.grid, plan.demand, plan.area
    key_rect, key_grid = plan.key_rect, plan.key_grid
    page = Page(
        [
            Box(Rect(0.0, 0.0, paper.width, paper.height), "page", (), fill="#ffffff", stroke=None),
            *plan.frame.items,
        ],
        warnings=list(plan.frame.warnings),
    )
    gw = demand.cols * grid.pitch + grid.centre_w
    gh = demand.rows * grid.pitch + grid.centre_h
    x0 = area.x + (area.w - gw) / 2
    y0 = area.y + (area.h - gh) / 2
    if key_rect is not None and key_grid is not None and key_rect.x > area.x:
        # A key on the right moves next to the grid, its top level with the grid's if it can.
        top = max(key_rect.y, min(y0, key_rect.bottom - key_height(key_rect, key_grid)))
        key_rect = Rect(x0 + gw + KEY_GAP, top, key_rect.w, key_rect.bottom - top)
    GridPainter(content, options, grid, page, x0, y0).draw()
    if key_rect is not None and key_grid is not None:
        page.items += key_parts(key_rect, plan.keyed, key_grid, options.min_font, page.warnings)
    return page
