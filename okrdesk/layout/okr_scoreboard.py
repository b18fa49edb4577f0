"""The scoreboard (4DX): at a glance, each objective with its lag and lead measures side by side.

At the top, each Wildly Important Goal (an objective marked `wig`) is written big as 4DX
writes it, "From 40 % to 75 % by 31 Mar 2026", from its first lagging key result (else its
first key result) and the objective's end date. Below, one row per objective: the objective
with its score, then its lagging key results (the results) and its leading ones (what drives
them), each with its score as a coloured bar with the number beside it and where it stands.
Everything goes on one page, drawn larger when the page has room to spare; when the rows do
not fit, measure titles are cut to one line, and then the objectives that still do not fit
are left off and named in `warnings` (okrdesk.layout.okr_scoreboard_rows).
"""

from __future__ import annotations

from okrdesk.layout.okr_facts import all_facts
from okrdesk.layout.okr_format import MUTED, RULE
from okrdesk.layout.okr_labels import label
from okrdesk.layout.okr_page_parts import (
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
from okrdesk.layout.okr_scoreboard_rows import (
    NO_LAG,
    NO_LEAD,
    SHARES,
    fitted,
    measures_cell,
    objective_cell,
    row_height,
    rows_of,
)
from okrdesk.layout.okr_wig import WIG_FONT, lag_measure, wig_block, wig_height, wig_sentence
from okrdesk.layout.paper import LABELS, Paper
from okrdesk.layout.picture import Line, Picture, Rect
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.snapshot import Snapshot

TITLE = "Scoreboard"
HEAD_FONT = 9.0
CELL_PAD = 5.0
COLUMN_HEADS = ("Objective", "Lag measures: the results", "Lead measures: what drives them")


def scoreboard_picture(snapshot: Snapshot, paper: Paper, stamp: str) -> Picture:
    """The scoreboard of every objective on one page of `paper`."""
    facts = all_facts(snapshot)
    p = paper.printable
    strategy = snapshot.title.strip() or "Untitled strategy"
    items = blank_page(paper)
    items += page_header(
        TITLE, f"{strategy} · lag and lead measures", Rect(p.x, p.y, p.w, HEADER_H)
    )
    y = p.y + HEADER_H + 8.0
    wigs = [f for f in facts if f.objective.wig]
    font = WIG_FONT if len(wigs) <= 2 else 16.0
    for wig in wigs:
        h = wig_height(font)
        items += wig_block(wig, Rect(p.x, y, p.w, h), font)
        y += h + 6.0
    legend_h = legend_height("Score", SCORE_LEGEND, p.w)
    legend_top = p.bottom - FOOTER_H - 6.0 - legend_h
    widths = [p.w * share for share in SHARES]
    head_h = HEAD_FONT * LINE_HEIGHT + 4.0
    x = p.x
    for heading, w in zip(COLUMN_HEADS, widths, strict=True):
        run = label(
            heading,
            Rect(x + CELL_PAD, y, w - 2 * CELL_PAD, head_h),
            "column-head",
            (),
            size=HEAD_FONT,
            bold=True,
            color=MUTED,
        )
        items += [run] if run else []
        x += w
    y += head_h
    items.append(Line(p.x, y, p.right, y, "rule", RULE, 0.8))
    rows = rows_of(facts)
    kept, style = fitted(rows, widths, legend_top - 6.0 - y)
    for row in kept:
        h = row_height(row, widths, style)
        cells = [Rect(p.x + sum(widths[:i]), y, widths[i], h) for i in range(3)]
        ids = (row.facts.objective.id,)
        items += objective_cell(row, cells[0], style)
        items += measures_cell(row.lag, row.facts.expected, cells[1], style, NO_LAG, ids)
        items += measures_cell(row.lead, row.facts.expected, cells[2], style, NO_LEAD, ids)
        y += h
        items.append(Line(p.x, y, p.right, y, "rule", RULE, 0.5))
    if not facts:
        run = label(
            "No objectives yet: add them on the OKRs tab.",
            Rect(p.x, y + 8.0, p.w, 16.0),
            "okr-empty",
            (),
            size=11.0,
            color=MUTED,
        )
        items += [run] if run else []
    warnings = []
    if len(kept) < len(rows):
        left_off = ", ".join(f"“{r.facts.objective.title.strip()}”" for r in rows[len(kept) :])
        name = LABELS.get(paper.name, paper.name)
        warnings.append(
            f"The scoreboard holds {len(kept)} of {len(rows)} objectives on one {name} page; "
            f"left off: {left_off}. Print it on larger paper to see them all."
        )
    items += legend("Score", SCORE_LEGEND, Rect(p.x, legend_top, p.w, legend_h))
    items += page_footer(stamp, 1, 1, Rect(p.x, p.bottom - FOOTER_H, p.w, FOOTER_H))
    return Picture(
        paper.width,
        paper.height,
        tuple(items),
        title=TITLE,
        warnings=tuple(warnings + warnings_of(items)),
        meta={
            "kind": "scoreboard",
            "fits": True,
            "paper": paper.label,
            "shown": len(kept),
            "scale": style.scale,
        },
    )


__all__ = ["lag_measure", "scoreboard_picture", "wig_sentence"]
