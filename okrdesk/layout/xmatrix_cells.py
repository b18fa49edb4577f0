"""The X-Matrix grid drawn: item cells with their labels and orphan marks, each corner's grid
as one line per row and column (not a box per crossing: that is rows × columns primitives),
a mark where a row and a column correlate, the centre, and the heavier lines round the arms."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from okrdesk.layout.picture import Align, Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT, FitResult, fit
from okrdesk.layout.xmatrix_content import Content, Slot
from okrdesk.layout.xmatrix_crossings import Band, Corner, Crossings
from okrdesk.layout.xmatrix_grid import MAX_ITEM_FONT, Grid, pad_for
from okrdesk.layout.xmatrix_options import (
    ARM_WORDS,
    OWNERS_WORD,
    ROLE_SHAPES,
    STRENGTH_SHAPES,
    XMatrixOptions,
)
from okrdesk.layout.xmatrix_parts import (
    GRID_STROKE,
    bang_size,
    centre_parts,
    orphan_marks,
    run_in,
)
from okrdesk.models.kinds import ElementKind, Role, Strength

GRID_WIDTH = 0.3


@dataclass
class Page:
    items: list[Primitive]
    crossings: Crossings = field(default_factory=Crossings)
    item_cells: dict[str, Rect] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    mark_radius: float = 0.0


def mark_radius(pitch: float) -> float:
    return min(0.3 * pitch, 6.0)


def mark_shape(options: XMatrixOptions, corner: str, value: str) -> Shape:
    """The shape marking `value` (a strength, or a role in the owners section)."""
    if corner == "owners":
        return ROLE_SHAPES[Role(value)]
    return STRENGTH_SHAPES[options.labels][Strength(value)]


class GridPainter:
    """Draws the grid of one page into `page`, starting at its top-left corner (x0, y0)."""

    def __init__(
        self,
        content: Content,
        options: XMatrixOptions,
        grid: Grid,
        page: Page,
        x0: float,
        y0: float,
    ) -> None:
        self.c, self.o, self.g, self.page = content, options, grid, page
        p = grid.pitch
        self.p, self.pad = p, pad_for(p)
        self.x0, self.y0 = x0, y0
        self.xc = x0 + len(content.strategy_cols) * p  # the centre column's left edge
        self.yc = y0 + len(content.tactic_rows) * p  # the centre row's top edge
        self.xe = self.xc + grid.centre_w  # the evidence columns' left edge
        self.xo = self.xe + len(content.evidence_cols) * p  # the owner columns' left edge
        self.ya = self.yc + grid.centre_h  # the aspiration rows' top edge
        self.right = self.xo + len(content.owner_cols) * p
        self.bottom = self.ya + len(content.aspiration_rows) * p
        self.boxes: list[Primitive] = []
        self.texts: list[Primitive] = []
        self.marks: list[Primitive] = []
        page.mark_radius = mark_radius(p)

    def draw(self) -> None:
        c, p, g = self.c, self.p, self.g
        rows = {
            "tactic": [(s, self.y0 + i * p) for i, s in enumerate(c.tactic_rows)],
            "aspiration": [(s, self.ya + i * p) for i, s in enumerate(c.aspiration_rows)],
        }
        cols = {
            "strategy": [(s, self.x0 + i * p) for i, s in enumerate(c.strategy_cols)],
            "evidence": [(s, self.xe + i * p) for i, s in enumerate(c.evidence_cols)],
            "owner": [(s, self.xo + i * p) for i, s in enumerate(c.owner_cols)],
        }
        for slots in rows.values():
            self._labels([(s, Rect(self.xc, y, g.centre_w, p)) for s, y in slots], False)
        for slots in cols.values():
            self._labels([(s, Rect(x, self.yc, p, g.centre_h)) for s, x in slots], True)
        self.page.crossings = Crossings(_bands(rows.values()), _bands(cols.values()), p)
        for corner in self.page.crossings.corners:
            self.boxes += corner_grid(corner)
        self._marks()
        words = dict(ARM_WORDS[self.o.labels])
        if not self.o.shows_tactics:
            del words[ElementKind.TACTIC]
        tn = c.tn
        centre, tn_cut = centre_parts(
            Rect(self.xc, self.yc, g.centre_w, g.centre_h),
            words,
            tn.id if tn else None,
            tn.title if tn else "",
            self.o.rotated_text,
            self.o.min_font,
        )
        if tn_cut:
            self.page.warnings.append("The True North was shortened to fit.")
        self._owners_caption()
        self.page.items += [*self.boxes, *centre, *self._dividers(), *self.texts, *self.marks]

    def _marks(self) -> None:
        """A glyph for each correlation and ownership, in the crossings' drawing order."""
        crossings = self.page.crossings
        values: dict[tuple[str, str], str] = {**self.c.correlations, **self.c.ownerships}
        for key in sorted((k for k in values if k in crossings), key=crossings.order):
            crossing = crossings[key]
            owners = crossing.corner == "owners"
            rect = crossing.rect
            self.marks.append(
                Glyph(
                    rect.cx,
                    rect.cy,
                    self.page.mark_radius,
                    mark_shape(self.o, crossing.corner, values[key]),
                    "owner-mark" if owners else "mark",
                    key,
                )
            )

    def _labels(self, cells: Sequence[tuple[Slot, Rect]], column: bool) -> None:
        """Item cells of one arm, their orphan marks, and their text at one size where it can."""
        mf = self.o.min_font
        numbered = column and not self.o.rotated_text
        turned = column and self.o.rotated_text
        bang = bang_size(self.p - 2 * self.pad, mf)
        jobs: list[tuple[Slot, Rect, str]] = []
        for slot, cell in cells:
            if slot.id is None:
                self.boxes.append(Box(cell, f"empty:{slot.kind}", (), stroke_width=0.5))
                jobs.append((slot, cell.inset(self.pad), "–" if numbered else slot.title))
                continue
            self.boxes.append(Box(cell, f"item:{slot.kind}", (slot.id,), stroke_width=0.5))
            self.page.item_cells[slot.id] = cell
            room = cell.inset(self.pad)
            if numbered and bang is not None:  # numbers level, whether or not a "!" is below
                room = Rect(
                    room.x, room.y, room.w, max(0.0, room.h - LINE_HEIGHT * bang - self.pad)
                )
            if slot.id in self.c.orphans:
                orphan, room = orphan_marks(cell, slot.id, self.pad, bang, column)
                self.boxes += orphan[:1]
                self.texts += orphan[1:]
            jobs.append((slot, room, slot.tag if numbered else slot.title))

        def fitted(text: str, room: Rect, top: float) -> FitResult:
            if turned:
                return fit(text, room.h - TEXT_PAD, room.w, top, mf)
            if numbered:
                return fit(text, room.w, room.h, top, mf, max_lines=1)
            return fit(text, room.w - TEXT_PAD, room.h, top, mf)

        results = [fitted(text, room, MAX_ITEM_FONT) for _, room, text in jobs]
        sizes = sorted(
            r.size
            for r, (s, _, _) in zip(results, jobs, strict=True)
            if s.id and r.lines and not r.truncated
        )
        # One size for the arm where 90% of its labels allow it (numbers: all of them).
        cap = sizes[0 if numbered else math.floor(0.1 * len(sizes))] if sizes else MAX_ITEM_FONT
        for (slot, room, text), res in zip(jobs, results, strict=True):
            if res.size > cap:
                res = fitted(text, room, cap)
            run = run_in(
                room,
                res,
                "label" if slot.id else "placeholder",
                (slot.id,) if slot.id else (),
                rotated=turned,
                align=Align.CENTER if numbered else Align.LEFT,
            )
            if slot.id is not None and res.truncated:
                self.page.warnings.append(f"{slot.described} was shortened to fit.")
            if run is None:
                continue
            if slot.id is None:
                run = TextRun(
                    run.rect,
                    run.lines,
                    run.size,
                    run.role,
                    (),
                    rotation=run.rotation,
                    align=run.align,
                    color="#555555",
                )
            self.texts.append(run)

    def _owners_caption(self) -> None:
        c = self.c
        if not c.owner_cols or not c.aspiration_rows:
            return
        room = Rect(self.xo, self.ya, self.right - self.xo, self.bottom - self.ya).inset(3.0)
        word = OWNERS_WORD[self.o.labels]
        fitted = fit(word, room.w, room.h, 9.0, self.o.min_font, True, 2, break_words=False)
        if fitted.truncated or not fitted.lines:
            return
        self.boxes.append(Box(room, "owners-caption", (), stroke=None))
        run = run_in(room, fitted, "arm:owner", (), align=Align.CENTER, bold=True, valign="top")
        if run is not None:
            self.texts.append(run)

    def _dividers(self) -> list[Primitive]:
        """Heavier lines round the arms and corners, so the grid reads as one X-Matrix."""
        x0, y0, xc, xe, xo = self.x0, self.y0, self.xc, self.xe, self.xo
        yc, ya, right, bottom = self.yc, self.ya, self.right, self.bottom
        w = 1.0
        segments = [
            (x0, y0, right, y0),
            (x0, yc, right, yc),
            (x0, ya, right, ya),
            (x0, bottom, xo, bottom),
            (x0, y0, x0, bottom),
            (xc, y0, xc, bottom),
            (xe, y0, xe, bottom),
            (xo, y0, xo, bottom),
        ]
        if right > xo:
            segments.append((right, y0, right, ya))
        return [Line(a, b, c, d, "divider", width=w) for a, b, c, d in segments]


def _bands(arms: Iterable[Sequence[tuple[Slot, float]]]) -> list[Band]:
    """The arms that have items, as bands (an empty arm's placeholder crosses nothing)."""
    return [
        Band(slots[0][0].kind, ids, slots[0][1])
        for slots in arms
        if (ids := tuple(s.id for s, _ in slots if s.id))
    ]


def corner_grid(corner: Corner) -> list[Primitive]:
    """One corner's cells: its outline as a box, which names one row and one column of the
    corner so the progressive reveal tints it when the corner is shown, and the lines between
    its rows and columns. Drawn as the cells' own boxes were, to the corners' joins."""
    rows, cols, p = corner.rows, corner.cols, corner.pitch
    area = corner.rect
    role, stroke, width = f"grid:{corner.name}", GRID_STROKE, GRID_WIDTH
    arms = (rows.ids[0], cols.ids[0])
    out: list[Primitive] = [Box(area, f"corner:{corner.name}", arms, None, stroke, width)]
    for i in range(1, len(rows.ids)):
        y = rows.start + i * p
        out.append(Line(area.x, y, area.right, y, role, stroke, width))
    for j in range(1, len(cols.ids)):
        x = cols.start + j * p
        out.append(Line(x, area.y, x, area.bottom, role, stroke, width))
    return out
