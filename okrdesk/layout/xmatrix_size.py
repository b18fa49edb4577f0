"""How large an X-Matrix okrdesk draws.

A matrix no paper up to A0 holds at the minimum font is laid out on a sheet as large as it
needs (`grown_plan`), at that font, and printed in tiles. One that even so would need more
than MAX_A0_SHEETS of paper is refused before anything is laid out (`check_size`), with the
sizes named.

Why 500 A0 sheets (500 m², a wall 25 m × 20 m): a 10,000-element strategy in the benchmark's
proportions (7,600 rows × 2,400 columns) needs about 170 at 6 pt, and still exports in tiles in
well under a minute; 500 leaves three times that room (about 55 million crossings). Beyond it
nobody can stand back and read the matrix, and the tiled PDF would run to thousands of pages
and minutes of work: splitting the strategy is the answer, and the message says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from okrdesk.layout.fonts import unit_width
from okrdesk.layout.paper import MM, SIZES, Paper
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.layout.xmatrix_content import TAGS, Content
from okrdesk.layout.xmatrix_grid import MAX_ITEM_FONT, Demand, Grid, centre_min, min_pitch, pad_for
from okrdesk.layout.xmatrix_options import XMatrixOptions
from okrdesk.layout.xmatrix_page import PagePlan, plan_page
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import ElementKind
from okrdesk.models.snapshot import Snapshot

MAX_A0_SHEETS = 500
A0_AREA = SIZES["A0"][0] * SIZES["A0"][1]
MAX_CENTRE = 600.0  # points (21 cm): row titles longer than this wrap or are shortened
GROW_TRIES = 12


class MatrixTooLarge(OkrdeskError):
    """The X-Matrix would need more than MAX_A0_SHEETS of paper at a legible size."""


def arm_sizes(snapshot: Snapshot, options: XMatrixOptions) -> tuple[int, int, dict[str, int]]:
    """(rows, columns, items per column arm) as the layout will have them: an empty arm keeps
    one placeholder slot, hidden tactics none, owner columns only when shown."""
    count = Counter(e.kind for e in snapshot.elements)
    tactics = max(1, count[ElementKind.TACTIC]) if options.shows_tactics else 0
    rows = tactics + max(1, count[ElementKind.ASPIRATION])
    arms = {
        ElementKind.STRATEGY.value: count[ElementKind.STRATEGY],
        ElementKind.EVIDENCE.value: count[ElementKind.EVIDENCE],
    }
    if options.owners and options.shows_tactics:
        arms["owner"] = len(snapshot.parties)
    return rows, sum(max(1, n) for n in arms.values()), arms


def smallest_sheet(snapshot: Snapshot, options: XMatrixOptions) -> tuple[int, int, float, float]:
    """(rows, columns, width, height): the least room in points the grid needs at the
    minimum font (every cell one line high, the centre its minimum), frame not counted."""
    rows, cols, arms = arm_sizes(snapshot, options)
    widest_tag = max(unit_width(f"{TAGS[kind]}{n}") for kind, n in arms.items())
    demand = Demand(
        cols=cols,
        rows=rows,
        row_units=(),
        col_units=(),
        number_unit=0.0 if options.rotated_text else widest_tag,
        tn_unit=0.0,
        min_font=options.min_font,
    )
    p = min_pitch(demand)
    cmin = centre_min(options.min_font)
    return rows, cols, cols * p + cmin, rows * p + cmin


def check_size(snapshot: Snapshot, options: XMatrixOptions) -> None:
    """Raise MatrixTooLarge, naming the sizes, for a matrix past MAX_A0_SHEETS of paper."""
    rows, cols, width, height = smallest_sheet(snapshot, options)
    sheets = width * height / A0_AREA
    if sheets <= MAX_A0_SHEETS:
        return
    metres = 1000 * MM
    raise MatrixTooLarge(
        f"The X-Matrix is too large to print legibly: {rows:,} rows × {cols:,} columns need "
        f"a sheet of at least {width / metres:.1f} × {height / metres:.1f} m at "
        f"{options.min_font:g} pt (about {sheets:,.0f} A0 sheets; okrdesk prints at most "
        f"{MAX_A0_SHEETS:,}, even in tiles). Split the strategy into smaller ones."
    )


def grown_plan(content: Content, options: XMatrixOptions, demand: Demand) -> PagePlan:
    """The matrix at the minimum font on a sheet made as large as it needs: every row and
    column one line high, the centre as wide as the longest row title (up to MAX_CENTRE)
    and as tall as the longest rotated column title, so no title is shortened for room."""
    grid = _roomy_grid(demand)
    want_w = demand.cols * grid.pitch + grid.centre_w
    want_h = demand.rows * grid.pitch + grid.centre_h
    margin = 10 * MM
    w, h = want_w + 2 * margin, want_h + 2 * margin + 60.0  # about the header and footer
    for _ in range(GROW_TRIES):
        plan = plan_page(content, options, Paper.custom(w, h), demand=demand)
        if plan is not None and plan.area.w >= want_w - 0.01 and plan.area.h >= want_h - 0.01:
            # The solver would trade the centre's room for a larger pitch on a tie: not here.
            return replace(plan, grid=grid)
        if plan is None:  # the key has no room yet: grow both ways
            w, h = w * 1.1, h * 1.1
        else:  # grow by what the frame and key took
            w += max(0.0, want_w - plan.area.w) + 1.0
            h += max(0.0, want_h - plan.area.h) + 1.0
    plan = plan_page(content, options, Paper.custom(w, h), True, demand)
    assert plan is not None  # a forced plan always exists
    return plan


def _roomy_grid(d: Demand) -> Grid:
    """The minimum pitch, with a centre sized for the longest titles (and an orphan's "!")."""
    p = min_pitch(d)
    cmin = centre_min(d.min_font)
    slack = 2 * pad_for(p) + TEXT_PAD + LINE_HEIGHT * MAX_ITEM_FONT + 2.0

    def across(units: Sequence[float]) -> float:
        return min(MAX_CENTRE, max(cmin, max(units, default=0.0) * d.min_font + slack))

    return Grid(p, across(d.row_units), across(d.col_units) if d.col_units else cmin)
