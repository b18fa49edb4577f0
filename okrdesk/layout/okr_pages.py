"""The OKR printouts: the one-pager of objectives and key results, and the scoreboard.

The one-pager flows the objectives, each a head and one row per key result with its trend
chart (okrdesk.layout.okr_blocks), down as many columns as the paper's width holds (one on A4
portrait, two on A4 landscape and A3 portrait, three on A3 landscape) and onto as many pages
as they need: an objective's head never ends a column without its first key result, and an
objective whose key results go on in the next column gets a short "(continued)" head there.
Every page has the same header, the legend of every mark and a footer with the stamp and the
page number. Text is fitted in its box; a title shortened to fit is named in `warnings`.
The scoreboard is okrdesk.layout.okr_scoreboard's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from okrdesk.layout.okr_blocks import (
    CONTINUED_H,
    EMPTY_ROW_H,
    KR_ROW_H,
    continued_head,
    empty_row,
    head_height,
    kr_row,
    objective_head,
)
from okrdesk.layout.okr_facts import ObjectiveFacts, all_facts
from okrdesk.layout.okr_format import MUTED
from okrdesk.layout.okr_labels import label
from okrdesk.layout.okr_page_parts import (
    CHART_LEGEND,
    FOOTER_H,
    HEADER_H,
    SCORE_LEGEND,
    blank_page,
    legend,
    legend_height,
    page_footer,
    page_header,
    warnings_of,
)
from okrdesk.layout.okr_scoreboard import scoreboard_picture
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Picture, Primitive, Rect
from okrdesk.models.snapshot import Snapshot

MIN_COLUMN = 340.0
COLUMN_GAP = 14.0
BLOCK_GAP = 10.0
TITLE = "Objectives and key results"
__all__ = ["objective_picture", "okr_one_pager", "scoreboard_picture", "warnings_of"]

Draw = Callable[[float, float, float], list[Primitive]]


@dataclass(frozen=True)
class _Unit:
    height: float
    draw: Draw  # (x, y, width) -> primitives


def _units(facts: ObjectiveFacts, width: float) -> tuple[_Unit, list[_Unit]]:
    """The objective's head, and its rows."""
    o = facts.objective
    period = (o.period_start, o.period_end)
    head = _Unit(head_height(facts, width), partial(objective_head, facts))
    if not facts.key_results:
        return head, [_Unit(EMPTY_ROW_H, partial(empty_row, facts))]
    rows = [_Unit(KR_ROW_H, partial(kr_row, k, facts.expected, period)) for k in facts.key_results]
    return head, rows


class _Flow:
    """Columns left to right, then pages: where the next block goes."""

    def __init__(self, body: Rect, columns: int) -> None:
        self.body, self.columns = body, columns
        self.width = (body.w - (columns - 1) * COLUMN_GAP) / columns
        self.pages: list[list[Primitive]] = [[]]
        self.column, self.y = 0, body.y

    @property
    def x(self) -> float:
        return self.body.x + self.column * (self.width + COLUMN_GAP)

    @property
    def empty_column(self) -> bool:
        return self.y <= self.body.y + 0.01

    def room(self) -> float:
        return self.body.bottom - self.y

    def next_column(self) -> None:
        self.column += 1
        if self.column >= self.columns:
            self.column = 0
            self.pages.append([])
        self.y = self.body.y

    def place(self, unit: _Unit, gap: float = 0.0) -> None:
        self.pages[-1] += unit.draw(self.x, self.y, self.width)
        self.y += unit.height + gap


def _whole_height(facts: ObjectiveFacts, width: float) -> float:
    head, rows = _units(facts, width)
    return head.height + 2.0 + sum(r.height for r in rows)


def _flow(facts: Sequence[ObjectiveFacts], body: Rect, columns: int) -> list[list[Primitive]]:
    """The pages' bodies. When everything fits on one page, the columns are balanced: as
    short as they can be with every objective whole and still on that one page."""
    pages = _flow_into(facts, body, columns)
    if len(pages) > 1 or columns == 1:
        return pages
    width = (body.w - (columns - 1) * COLUMN_GAP) / columns
    lo = max(_whole_height(f, width) for f in facts)
    hi = body.h
    if lo >= hi:
        return pages

    def fits(height: float) -> bool:
        return len(_flow_into(facts, Rect(body.x, body.y, body.w, height), columns)) == 1

    if fits(lo):
        hi = lo
    for _ in range(14 if hi > lo else 0):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if fits(mid) else (mid, hi)
    return _flow_into(facts, Rect(body.x, body.y, body.w, hi), columns)


def _flow_into(facts: Sequence[ObjectiveFacts], body: Rect, columns: int) -> list[list[Primitive]]:
    flow = _Flow(body, columns)
    for objective in facts:
        head, rows = _units(objective, flow.width)
        whole = head.height + 2.0 + sum(r.height for r in rows)
        # An objective that fits a column is kept whole; a longer one starts where at least
        # its first key result fits under its head.
        needed = whole if whole <= body.h else head.height + rows[0].height
        if not flow.empty_column and needed > flow.room():
            flow.next_column()
        flow.place(head, 2.0)
        for row in rows:
            if row.height > flow.room() and not flow.empty_column:
                flow.next_column()
                more = _Unit(CONTINUED_H, partial(continued_head, objective))
                flow.place(more, 2.0)
            flow.place(row)
        flow.y += BLOCK_GAP
    return flow.pages


def _subtitle(snapshot: Snapshot, facts: Sequence[ObjectiveFacts]) -> str:
    strategy = snapshot.title.strip() or "Untitled strategy"
    count = f"{len(facts)} objective{'s' if len(facts) != 1 else ''}"
    periods = list(dict.fromkeys(f.period for f in facts if f.period))
    shown = ", ".join(periods[:2]) + (" …" if len(periods) > 2 else "")
    return " · ".join(p for p in (strategy, count, shown) if p)


def okr_one_pager(
    snapshot: Snapshot, objective_ids: Sequence[str] | None, paper: Paper, stamp: str
) -> list[Picture]:
    """The objectives asked for (all when None), in their order, on pages of `paper`."""
    facts = all_facts(snapshot, objective_ids)
    p = paper.printable
    score_h = legend_height("Score", SCORE_LEGEND, p.w)
    legend_h = score_h + legend_height("Chart", CHART_LEGEND, p.w)
    body_top = p.y + HEADER_H + 8.0
    legend_top = p.bottom - FOOTER_H - 6.0 - legend_h
    body = Rect(p.x, body_top, p.w, legend_top - 8.0 - body_top)
    columns = max(1, int((p.w + COLUMN_GAP) // (MIN_COLUMN + COLUMN_GAP)))
    if facts:
        bodies = _flow(facts, body, columns)
    else:
        note = label(
            "No objectives yet: add them on the OKRs tab.",
            body,
            "okr-empty",
            (),
            size=11.0,
            color=MUTED,
        )
        bodies = [[note] if note else []]
    pictures: list[Picture] = []
    subtitle = _subtitle(snapshot, facts)
    for number, items in enumerate(bodies, start=1):
        page = blank_page(paper)
        page += page_header(TITLE, subtitle, Rect(p.x, p.y, p.w, HEADER_H))
        page += items
        page += legend("Score", SCORE_LEGEND, Rect(p.x, legend_top, p.w, legend_h))
        page += legend("Chart", CHART_LEGEND, Rect(p.x, legend_top + score_h, p.w, legend_h))
        page += page_footer(
            stamp, number, len(bodies), Rect(p.x, p.bottom - FOOTER_H, p.w, FOOTER_H)
        )
        pictures.append(
            Picture(
                paper.width,
                paper.height,
                tuple(page),
                title=TITLE,
                warnings=tuple(warnings_of(items)),
                meta={"kind": "okr", "fits": True, "paper": paper.label, "columns": columns},
            )
        )
    return pictures


def objective_picture(snapshot: Snapshot, objective_id: str, width: float) -> Picture | None:
    """One objective's block (its head and a row per key result, as the one-pager prints
    them) on a page `width` wide and as tall as the block; None for an unknown id."""
    facts = all_facts(snapshot, [objective_id])
    if not facts:
        return None
    margin = 6.0
    flow = _Flow(Rect(margin, margin, width - 2 * margin, 1e9), 1)
    head, rows = _units(facts[0], flow.width)
    flow.place(head, 2.0)
    for row in rows:
        flow.place(row)
    height = flow.y + margin
    items = [Box(Rect(0.0, 0.0, width, height), "page", (), "#ffffff", None), *flow.pages[0]]
    return Picture(
        width,
        height,
        tuple(items),
        title=facts[0].objective.title,
        meta={"kind": "okr-objective"},
    )
