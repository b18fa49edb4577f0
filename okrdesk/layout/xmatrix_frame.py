"""The X-Matrix page's frame: the header (title and legend), the numbered key of the
horizontal-text variant, and the footer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.layout.fonts import unit_width
from okrdesk.layout.picture import Box, Primitive, Rect
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT, clean, fit
from okrdesk.layout.xmatrix_content import Content, Slot
from okrdesk.layout.xmatrix_grid import achievable
from okrdesk.layout.xmatrix_options import OWNERS_WORD, ROLE_SHAPES, STRENGTH_SHAPES, XMatrixOptions
from okrdesk.layout.xmatrix_parts import (
    FOOTER_FONT,
    TITLE_FONT,
    LegendAtom,
    legend_parts,
    run_in,
)
from okrdesk.models.kinds import Role, Strength

HEADER_GAP = 6.0
FOOTER_GAP = 4.0
KEY_GAP = 10.0
KEY_FONT = 9.0


@dataclass(frozen=True)
class Frame:
    items: list[Primitive]
    body: Rect  # what is left for the matrix (and key)
    warnings: list[str]


def legend_atoms(content: Content, options: XMatrixOptions) -> list[LegendAtom]:
    shapes = STRENGTH_SHAPES[options.labels]
    order = [Strength.STRONG, Strength.MEDIUM, Strength.WEAK]
    if not options.hoshin and not content.uses_medium:
        order.remove(Strength.MEDIUM)
    atoms: list[LegendAtom] = [(None, "Correlation:")]
    atoms += [(shapes[s], s.value) for s in order]
    if content.owner_cols:
        atoms.append((None, f"{OWNERS_WORD[options.labels]}:"))
        atoms += [(ROLE_SHAPES[r], r.value) for r in (Role.LEAD, Role.SUPPORT, Role.CONSULTED)]
    if content.orphans:
        atoms.append(("!", "orphan: no link where one is expected"))
    return atoms


def frame(content: Content, options: XMatrixOptions, page: Rect) -> Frame:
    """Header and footer inside the printable rect `page`; the body between them."""
    mf = options.min_font
    items, legend = legend_parts(
        legend_atoms(content, options), page.right, page.y, 0.6 * page.w, mf
    )
    header_h = max(LINE_HEIGHT * TITLE_FONT, legend.h)
    warnings: list[str] = []
    title = content.title.strip() or "Untitled strategy"
    area = Rect(page.x, page.y, max(0.0, page.w - legend.w - 8.0), header_h)
    fitted = fit(title, area.w - TEXT_PAD, area.h, TITLE_FONT, mf, True, 2)
    items.append(Box(area, "title-area", (), stroke=None))
    run = run_in(area, fitted, "title", (), bold=True)
    if run is not None:
        items.append(run)
    if fitted.truncated:
        warnings.append("The title was shortened to fit.")
    size = max(FOOTER_FONT, mf)
    footer_h = max(14.0, LINE_HEIGHT * size + 2.0)
    foot = Rect(page.x, page.bottom - footer_h, page.w, footer_h)
    items.append(Box(foot, "footer-area", (), stroke=None))
    stamp = content.stamp or "okrdesk"
    words = fit(f"{clean(title)} · {stamp}", foot.w - TEXT_PAD, foot.h, size, mf, False, 1)
    run = run_in(foot, words, "footer", ())
    if run is not None:
        items.append(run)
    top = page.y + header_h + HEADER_GAP
    body = Rect(page.x, top, page.w, foot.y - FOOTER_GAP - top)
    return Frame(items, body, warnings)


def key_slots(content: Content) -> list[Slot]:
    """The numbered columns in the key's order: S1.., E1.., P1.."""
    arms = (content.strategy_cols, content.evidence_cols, content.owner_cols)
    return [s for arm in arms for s in sorted(arm, key=lambda s: s.number) if s.id]


def key_text(slot: Slot) -> str:
    return f"{slot.tag} {clean(slot.title)}"


def split_for_key(body: Rect, slots: Sequence[Slot]) -> tuple[Rect, Rect | None]:
    """(room for the grid, room for the key): the key right of the grid on a wide body, below
    it on a tall one."""
    if not slots:
        return body, None
    longest = max(unit_width(key_text(s)) for s in slots) * KEY_FONT + 8.0
    if body.w >= body.h:
        w = min(max(longest, 90.0), 0.3 * body.w)
        return (
            Rect(body.x, body.y, body.w - w - KEY_GAP, body.h),
            Rect(body.right - w, body.y, w, body.h),
        )
    col_w = min(max(longest, 90.0), body.w)
    per_row = max(1, int(body.w // col_w))
    rows = math.ceil(len(slots) / per_row)
    h = min(rows * (LINE_HEIGHT * KEY_FONT + 3.0), 0.3 * body.h)
    return (
        Rect(body.x, body.y, body.w, body.h - h - KEY_GAP),
        Rect(body.x, body.bottom - h, body.w, h),
    )


def key_layout(rect: Rect, slots: Sequence[Slot], mf: float, force: bool) -> tuple[int, int] | None:
    """(columns, rows) of key entries in `rect` giving the largest text; None if none holds a
    line at the minimum font (unless forced)."""
    units = sorted((unit_width(key_text(s)) for s in slots), reverse=True)
    typical = units[max(0, math.ceil(0.1 * len(units)) - 1)]
    best: tuple[float, int, int] | None = None
    for cols in range(1, len(slots) + 1):
        rows = math.ceil(len(slots) / cols)
        cw, ch = rect.w / cols, rect.h / rows
        ok = ch >= LINE_HEIGHT * mf + 1.0 and cw >= 40.0
        if not ok and not force:
            continue
        est = achievable(typical, cw - 4.0, ch - 1.0, mf, KEY_FONT) if ok else 0.0
        if best is None or est > best[0]:
            best = (est, cols, rows)
    return None if best is None else (best[1], best[2])


def _entry_height(rect: Rect, rows: int) -> float:
    return min(rect.h / rows, 2 * LINE_HEIGHT * KEY_FONT + 4.0)


def key_height(rect: Rect, grid: tuple[int, int]) -> float:
    """The most height the key's entries take in `rect`."""
    return grid[1] * _entry_height(rect, grid[1])


def key_parts(
    rect: Rect, slots: Sequence[Slot], grid: tuple[int, int], mf: float, warnings: list[str]
) -> list[Primitive]:
    """The key's entries, column by column from the top of `rect`, each as tall as needed."""
    cols, rows = grid
    cw = rect.w / cols
    ch = _entry_height(rect, rows)
    inset = min(2.0, 0.1 * ch)
    fits = [
        fit(key_text(s), cw - 2 * inset - TEXT_PAD, ch - 2 * inset, KEY_FONT, mf) for s in slots
    ]
    ch = min(ch, max(f.height for f in fits) + 2 * inset)  # no taller than the tallest entry
    out: list[Primitive] = [Box(Rect(rect.x, rect.y, rect.w, ch * rows), "key", ())]
    for i, (slot, fitted) in enumerate(zip(slots, fits, strict=True)):
        c, r = divmod(i, rows)
        cell = Rect(rect.x + c * cw, rect.y + r * ch, cw, ch)
        ids = (slot.id,) if slot.id else ()
        out.append(Box(cell, "key-entry", ids, stroke=None))
        run = run_in(cell.inset(inset), fitted, "key", ids)
        if run is not None:
            out.append(run)
        if fitted.truncated:
            warnings.append(f"{slot.described} was shortened in the key.")
    return out
