"""One A3 sheet as a page picture: header band, sections in the template's columns, footer.

The header names the sheet (large), its template, the element it is linked to under the
template's label ("Aligned to objective: …"), the author and the date. Each section is a box
with a numbered title band; the text the user wrote fills the rest at the largest size from
10 pt down to `min_font`, or, while empty, the template's prompt in grey. Columns are the
template's (0 left, 1 right); a template using one column gets the full width.

How a column's height is shared (`share_heights`): each section gets at least its minimum (the
title band and two lines). If every text fits at full size, each section gets its share of the
column by weight, or the room its text needs if that is more, and the others share what is
left by weight. If not, short sections keep the room they need and the long ones share the
rest (by weight), so one long section shrinks without squeezing its neighbours. Text that does
not fit even at `min_font` is cut; the picture's warnings name the section.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from okrdesk.layout.a3_header import (
    BODY_FONT,
    FOOTER_H,
    HEADER_H,
    PROMPT_GREY,
    RULE,
    UNTITLED,
    fit_width,
    footer_items,
    header_items,
    named,
    one_line,
    run_block,
)
from okrdesk.layout.a3_text import Block, fit_block, lines_needed
from okrdesk.layout.paper import LABELS, Paper
from okrdesk.layout.picture import Box, Picture, Primitive, Rect
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.sheet_data import SheetData, SheetSectionSpec, SheetTemplateData

PROMPT_FONT = 9.0
SECTION_TITLE_FONT = 11.0
GAP = 10.0  # between header, body and footer, and between the two columns
SECTION_GAP = 8.0
PAD = 6.0  # inside a section box, left and right
PAD_V = 5.0  # inside a section box, above and below the text
BAND_H = SECTION_TITLE_FONT * LINE_HEIGHT + 8.0
BAND_FILL = "#e3e9f0"
__all__ = ["BODY_FONT", "PROMPT_GREY", "share_heights", "sheet_picture"]


@dataclass(frozen=True)
class _Section:
    spec: SheetSectionSpec
    number: int
    text: str


def share_heights(
    mins: Sequence[float], needs: Sequence[float], weights: Sequence[float], room: float
) -> list[float]:
    """Heights summing to `room` by the rule in the module docstring."""
    if not mins:
        return []
    ws = [max(w, 0.01) for w in weights]
    if sum(mins) >= room:  # not even the minimums fit: everyone shrinks alike
        return [room * m / sum(mins) for m in mins]
    floors = [max(m, n) for m, n in zip(mins, needs, strict=True)]
    share: Callable[[float], list[float]]
    if sum(floors) <= room:

        def share(lam: float) -> list[float]:
            return [max(f, lam * w) for f, w in zip(floors, ws, strict=True)]
    else:

        def share(cap: float) -> list[float]:
            return [max(m, min(n, cap * w)) for m, n, w in zip(mins, needs, ws, strict=True)]

    lo, hi = 0.0, max(room, max(needs, default=0.0)) / min(ws)
    for _ in range(60):  # both rules grow with their parameter: bisect for the total
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sum(share(mid)) < room else (lo, mid)
    heights = share(hi)
    heights[-1] += room - sum(heights)  # rounding left over by the bisection
    return heights


def _text_rect(box: Rect) -> Rect:
    return Rect(
        box.x + PAD, box.y + BAND_H + PAD_V, box.w - 2 * PAD, max(0.0, box.h - BAND_H - 2 * PAD_V)
    )


def _need(section: _Section, width: float) -> float:
    """Height the section needs to show its text (or prompt) at full size."""
    if section.text.strip():
        lines, size = lines_needed(section.text, width, BODY_FONT), BODY_FONT
    else:
        lines, size = lines_needed(section.spec.prompt, width, PROMPT_FONT), PROMPT_FONT
    return BAND_H + 2 * PAD_V + lines * LINE_HEIGHT * size


def _section_items(
    sid: str, section: _Section, box: Rect, min_font: float
) -> tuple[list[Primitive], Block | None]:
    ids = (sid, f"section:{section.spec.key}")
    band = Rect(box.x, box.y, box.w, min(BAND_H, box.h))
    items: list[Primitive] = [
        Box(box, "section", ids, "#ffffff", RULE, 0.8),
        Box(band, "section-title", ids, BAND_FILL, RULE, 0.8),
    ]
    title_rect = Rect(band.x + PAD, band.y + 4.0, band.w - 2 * PAD, max(0.0, band.h - 8.0))
    title = one_line(
        f"{section.number}. {section.spec.title}",
        title_rect,
        SECTION_TITLE_FONT,
        min_font,
        "section-title",
        ids,
        bold=True,
    )
    items += [title] if title else []
    rect = _text_rect(box)
    if section.text.strip():
        block = fit_block(section.text, fit_width(rect), rect.h, BODY_FONT, min_font)
        if block.lines:
            items.append(
                run_block(
                    rect, block.lines, block.size, "section-text", ids, truncated=block.truncated
                )
            )
        return items, block
    prompt = fit_block(
        section.spec.prompt, fit_width(rect), rect.h, PROMPT_FONT, min(PROMPT_FONT, min_font)
    )
    if prompt.lines:
        items.append(
            run_block(
                rect,
                prompt.lines,
                prompt.size,
                "prompt",
                ids,
                color=PROMPT_GREY,
                truncated=prompt.truncated,
            )
        )
    return items, None


def _columns(template: SheetTemplateData, sheet: SheetData) -> list[list[_Section]]:
    """Sections per used column, left to right, numbered in reading order."""
    used = sorted({s.column for s in template.sections})
    out: list[list[_Section]] = []
    number = 1
    for column in used:
        specs = template.ordered(column)
        out.append([_Section(s, number + i, sheet.text(s.key)) for i, s in enumerate(specs)])
        number += len(specs)
    return out


def sheet_picture(
    sheet: SheetData,
    template: SheetTemplateData,
    *,
    aligned_title: str = "",
    paper: Paper = Paper("A3", True),  # noqa: B008 (frozen, so safe to share)
    stamp: str = "",
    min_font: float = 7.0,
) -> Picture:
    """The sheet on one page of `paper`; `aligned_title` is the linked element's title and
    `stamp` the footer's text (date and version, from the caller)."""
    page = paper.printable
    sid = sheet.id
    items: list[Primitive] = [
        Box(Rect(0.0, 0.0, paper.width, paper.height), "page", (), "#ffffff", None)
    ]
    head, warnings = header_items(
        sheet, template, aligned_title, Rect(page.x, page.y, page.w, HEADER_H), min_font
    )
    items += head
    body_top = page.y + HEADER_H + GAP
    body = Rect(page.x, body_top, page.w, page.bottom - FOOTER_H - GAP / 2 - body_top)
    columns = _columns(template, sheet)
    col_w = (body.w - GAP * (len(columns) - 1)) / max(1, len(columns))
    overflow: list[str] = []
    paper_name = LABELS.get(paper.name, paper.name)
    shown_title = sheet.title.strip() or UNTITLED
    for c, sections in enumerate(columns):
        x = body.x + c * (col_w + GAP)
        width = fit_width(_text_rect(Rect(x, 0.0, col_w, 100.0)))
        mins = [BAND_H + 2 * PAD_V + 2 * LINE_HEIGHT * BODY_FONT] * len(sections)
        needs = [_need(s, width) for s in sections]
        room = body.h - SECTION_GAP * (len(sections) - 1)
        heights = share_heights(mins, needs, [s.spec.weight for s in sections], room)
        y = body.y
        for section, h in zip(sections, heights, strict=True):
            parts, block = _section_items(sid, section, Rect(x, y, col_w, h), min_font)
            items += parts
            if block is not None and block.truncated:
                overflow.append(section.spec.key)
                warnings.append(
                    f"{named(template, sheet)}: section '{section.spec.title}' is too "
                    f"long for one {paper_name} page at {min_font:g} pt; {block.hidden} "
                    "characters not printed."
                )
            y += h + SECTION_GAP
    foot = Rect(page.x, page.bottom - FOOTER_H, page.w, FOOTER_H)
    items += footer_items(sheet, template, stamp.strip(), foot, min_font)
    return Picture(
        paper.width,
        paper.height,
        tuple(items),
        title=shown_title,
        warnings=tuple(warnings),
        meta={"kind": "a3-sheet", "fits": not overflow, "overflow": overflow, "paper": paper.label},
    )
