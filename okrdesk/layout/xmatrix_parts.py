"""Pieces of the X-Matrix page: item labels, orphan marks, the centre X, header, key, footer.

Each function returns primitives placed inside the rect it was given, with text fitted by
okrdesk.layout.text, so nothing it draws leaves its cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from okrdesk.layout.fonts import measure
from okrdesk.layout.picture import Align, Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.text import LINE_HEIGHT, FitResult, fit
from okrdesk.layout.xmatrix_grid import ARM_FONT, ARM_MARGIN, TN_FONT, centre_bands
from okrdesk.models.kinds import ElementKind

GRID_STROKE = "#7f7f7f"
TITLE_FONT = 18.0
LEGEND_FONT = 8.0
FOOTER_FONT = 7.0


@dataclass(frozen=True)
class Placed:
    """A fitted text run, and whether it had to be shortened."""

    run: TextRun | None
    truncated: bool


def run_in(
    cell: Rect,
    fitted: FitResult,
    role: str,
    ids: tuple[str, ...],
    *,
    rotated: bool = False,
    align: Align = Align.LEFT,
    bold: bool = False,
    valign: str = "middle",
) -> TextRun | None:
    """The fitted lines as a run whose rect is their block inside `cell` (already inset)."""
    if not fitted.lines:
        return None
    block = fitted.height
    if rotated:
        x = cell.x + (cell.w - block) / 2
        rect = Rect(x, cell.y, block, cell.h)
    else:
        y = cell.y if valign == "top" else cell.y + (cell.h - block) / 2
        rect = Rect(cell.x, y, cell.w, block)
    return TextRun(
        rect,
        fitted.lines,
        fitted.size,
        role,
        ids,
        bold=bold,
        rotation=90 if rotated else 0,
        align=align,
        truncated=fitted.truncated,
    )


def bang_size(pitch_inner: float, min_font: float) -> float | None:
    """The size of an orphan's "!" in a cell this deep, or None when it cannot be shown."""
    size = min(11.0, pitch_inner / LINE_HEIGHT)
    size = int(size * 2) / 2
    return size if size >= min_font else None


def orphan_marks(
    cell: Rect, element_id: str, pad: float, size: float | None, column: bool
) -> tuple[list[Primitive], Rect]:
    """A dashed thick outline and a bold "!" at the cell's start; returns the text room left."""
    width = min(1.5, max(0.8, pad))
    marks: list[Primitive] = [
        Box(
            cell.inset(width / 2),
            "orphan-outline",
            (element_id,),
            stroke_width=width,
            dash=(3.0, 1.5),
        )
    ]
    inner = cell.inset(pad)
    if size is None:
        return marks, inner
    w = measure("!", size, True)
    h = LINE_HEIGHT * size
    if column:  # the "!" sits at the foot of the column, the text above it
        rect = Rect(cell.cx - w / 2, inner.bottom - h, w, h)
        room = Rect(inner.x, inner.y, inner.w, max(0.0, inner.h - h - pad))
    else:  # the "!" sits at the row's left end, the text right of it
        rect = Rect(inner.x, cell.cy - h / 2, w, h)
        room = Rect(inner.x + w + pad, inner.y, max(0.0, inner.w - w - pad), inner.h)
    marks.append(
        TextRun(rect, ("!",), size, "orphan", (element_id,), bold=True, align=Align.CENTER)
    )
    return marks, room


def centre_parts(
    rect: Rect,
    words: Mapping[ElementKind, str],
    tn_id: str | None,
    tn_text: str,
    rotated: bool,
    min_font: float,
) -> tuple[list[Primitive], bool]:
    """The centre cell: the X, the arm names in its four triangles, True North in the middle.
    Returns the primitives and whether the True North statement had to be shortened."""
    W, H = rect.w, rect.h
    out: list[Primitive] = [
        Box(rect, "centre", (), stroke_width=1.0),
        Line(rect.x, rect.y, rect.right, rect.bottom, "diagonal", width=0.75),
        Line(rect.right, rect.y, rect.x, rect.bottom, "diagonal", width=0.75),
    ]
    b = centre_bands(W, H, rotated)
    m, dv, dh, span_v, span_h = ARM_MARGIN, b.dv, b.dh, b.span_v, b.span_h
    bands = {
        ElementKind.TACTIC: Rect(rect.cx - span_v / 2, rect.y + m, span_v, dv - 2 * m),
        ElementKind.ASPIRATION: Rect(
            rect.cx - span_v / 2, rect.bottom - dv + m, span_v, dv - 2 * m
        ),
        ElementKind.STRATEGY: Rect(rect.x + m, rect.cy - span_h / 2, dh - 2 * m, span_h),
        ElementKind.EVIDENCE: Rect(rect.right - dh + m, rect.cy - span_h / 2, dh - 2 * m, span_h),
    }
    for kind, band in bands.items():
        word = words.get(kind)
        if not word or band.w <= 0 or band.h <= 0:
            continue
        side = kind in (ElementKind.STRATEGY, ElementKind.EVIDENCE)
        turn = side and rotated
        fitted = (
            fit(word, band.h, band.w, ARM_FONT, min_font, True, 2, break_words=False)
            if turn
            else fit(word, band.w, band.h, ARM_FONT, min_font, True, 2, break_words=False)
        )
        run = run_in(
            band, fitted, f"arm:{kind.value}", (), rotated=turn, align=Align.CENTER, bold=True
        )
        if run is not None:
            out.append(run)
    bw, bh = b.box_w, b.box_h
    box = Rect(rect.cx - bw / 2, rect.cy - bh / 2, bw, bh)
    ids = (tn_id,) if tn_id else ()
    inner = box.inset(min(4.0, 0.08 * min(bw, bh)))
    head = fit("True North", inner.w, inner.h, 8.0, min_font, True, 1)
    body_room = Rect(inner.x, inner.y + head.height, inner.w, max(0.0, inner.h - head.height))
    body = fit(tn_text or "(not stated yet)", body_room.w, body_room.h, TN_FONT, min_font)
    used = head.height + body.height
    if used < inner.h:  # shrink the box round its text, keeping it centred
        shrink = inner.h - used
        box = Rect(box.x, box.y + shrink / 2, box.w, box.h - shrink)
        inner = Rect(inner.x, inner.y + shrink / 2, inner.w, used)
        body_room = Rect(inner.x, inner.y + head.height, inner.w, body.height)
    out.append(Box(box, "true-north", ids, fill="#ffffff", stroke_width=1.0))
    for fitted, cell, role in (
        (head, inner, "true-north-heading"),
        (body, body_room, "true-north"),
    ):
        run = run_in(
            cell,
            fitted,
            role,
            ids,
            align=Align.CENTER,
            bold=role == "true-north-heading",
            valign="top",
        )
        if run is not None:
            out.append(run)
    return out, body.truncated


LegendAtom = tuple[Shape | str | None, str]  # (mark, words); mark None: a group's name


def legend_parts(
    atoms: Sequence[LegendAtom], right: float, top: float, max_w: float, min_font: float
) -> tuple[list[Primitive], Rect]:
    """The legend flowed into rows inside a frame whose top-right corner is (right, top)."""
    size = max(min_font, LEGEND_FONT)
    pad = 3.0
    rows: list[list[tuple[LegendAtom, float]]] = [[]]
    widths = [0.0]
    gap = 0.8 * size
    for atom in atoms:
        mark, words = atom
        w = measure(words, size, mark is None) + (0.0 if mark is None else 1.3 * size)
        if isinstance(mark, str) and not isinstance(mark, Shape):
            w += measure(mark, size, True) - size
        needed = w if not rows[-1] else widths[-1] + gap + w
        if rows[-1] and needed > max_w - 2 * pad:
            rows.append([])
            widths.append(0.0)
            needed = w
        rows[-1].append((atom, w))
        widths[-1] = needed
    frame_w = min(max_w, max(widths) + 2 * pad + 1.0)
    line = LINE_HEIGHT * size
    frame = Rect(right - frame_w, top, frame_w, len(rows) * line + 2 * pad)
    out: list[Primitive] = [Box(frame, "legend", (), stroke_width=0.5)]
    for r, row in enumerate(rows):
        x, y = frame.x + pad, frame.y + pad + r * line
        for (mark, words), w in row:
            if mark is None:
                out.append(
                    TextRun(
                        Rect(x, y, w + 0.5, line),
                        (words,),
                        size,
                        "legend",
                        (),
                        bold=True,
                        align=Align.CENTER,
                    )
                )
            else:
                if not isinstance(mark, Shape):
                    mw = measure(mark, size, True)
                    out.append(
                        TextRun(
                            Rect(x, y, mw + 0.3, line),
                            (mark,),
                            size,
                            "legend",
                            (),
                            bold=True,
                            align=Align.CENTER,
                        )
                    )
                    tx = x + mw + 0.3 * size
                else:
                    out.append(Glyph(x + 0.5 * size, y + line / 2, 0.4 * size, mark, "legend"))
                    tx = x + 1.3 * size
                out.append(
                    TextRun(
                        Rect(tx, y, x + w - tx + 0.5, line),
                        (words,),
                        size,
                        "legend",
                        (),
                        align=Align.CENTER,
                    )
                )
            x += w + gap
    return out, frame
