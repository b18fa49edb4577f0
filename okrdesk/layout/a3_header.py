"""The A3 sheet's header band and footer, and the one-line text runs both use.

The header names the sheet (large), its template (small, above it) and, on the right, a form
of fields: the element the sheet is linked to under the template's label ("Aligned to
objective"), the author and the date, each value on a rule so a printed blank can be filled
in by hand. The footer repeats the sheet's title and template with the caller's stamp.
"""

from __future__ import annotations

from collections.abc import Sequence

from okrdesk.layout.fonts import measure
from okrdesk.layout.picture import Box, Line, Primitive, Rect, TextRun
from okrdesk.layout.placement import ASCENT, DESCENT, TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT, fit
from okrdesk.models.sheet_data import SheetData, SheetTemplateData

BODY_FONT = 10.0
SHEET_TITLE_FONT = 22.0
LABEL_FONT = 8.5
FOOTER_FONT = 7.5
HEADER_H = 62.0
FOOTER_H = 14.0
INK = "#1f1f1f"
RULE = "#3a3a3a"
MUTED = "#5a5a5a"
PROMPT_GREY = "#8c8c8c"
FORM_RULE = "#9aa3ad"
HEADER_FILL = "#f3f5f8"
UNTITLED = "Untitled A3"


def named(template: SheetTemplateData, sheet: SheetData, limit: int = 60) -> str:
    """How warnings name a sheet: "Experiment A3 'Smart retries'" (a long title shortened)."""
    title = " ".join((sheet.title.strip() or UNTITLED).split())
    return f"{template.title} '{title if len(title) <= limit else title[: limit - 1] + '…'}'"


def fit_width(rect: Rect) -> float:
    return max(0.0, rect.w - 2 * TEXT_PAD)  # painters start each line TEXT_PAD in


def run_block(
    rect: Rect,
    lines: Sequence[str],
    size: float,
    role: str,
    ids: tuple[str, ...],
    *,
    bold: bool = False,
    color: str = INK,
    truncated: bool = False,
) -> TextRun:
    """A top-aligned run whose rect is exactly its block of lines."""
    h = len(lines) * LINE_HEIGHT * size
    return TextRun(
        Rect(rect.x, rect.y, rect.w, h),
        tuple(lines),
        size,
        role,
        ids,
        bold=bold,
        color=color,
        truncated=truncated,
    )


def one_line(
    text: str,
    rect: Rect,
    size: float,
    min_font: float,
    role: str,
    ids: tuple[str, ...],
    *,
    bold: bool = False,
    color: str = INK,
) -> TextRun | None:
    got = fit(text, fit_width(rect), rect.h, size, min(size, min_font), bold, max_lines=1)
    if not got.lines:
        return None
    return run_block(
        rect, got.lines, got.size, role, ids, bold=bold, color=color, truncated=got.truncated
    )


def header_items(
    sheet: SheetData, template: SheetTemplateData, aligned_title: str, area: Rect, min_font: float
) -> tuple[list[Primitive], list[str]]:
    sid = sheet.id
    items: list[Primitive] = [Box(area, "header", (sid, "header"), HEADER_FILL, RULE, 1.0)]
    left = Rect(area.x + 8.0, area.y + 6.0, area.w * 0.56, area.h - 12.0)
    kind = one_line(
        template.title,
        Rect(left.x, left.y, left.w, LABEL_FONT * LINE_HEIGHT),
        LABEL_FONT + 1.0,
        min_font,
        "header",
        (sid, "header:template"),
        bold=True,
        color=MUTED,
    )
    items += [kind] if kind else []
    title_box = Rect(left.x, left.y + 14.0, left.w, left.bottom - left.y - 14.0)
    title = sheet.title.strip() or UNTITLED
    got = fit(title, fit_width(title_box), title_box.h, SHEET_TITLE_FONT, 12.0, True, 1)
    items.append(
        run_block(
            title_box,
            got.lines,
            got.size,
            "sheet-title",
            (sid, "title"),
            bold=True,
            color=INK if sheet.title.strip() else PROMPT_GREY,
            truncated=got.truncated,
        )
    )
    warnings = [f"{named(template, sheet)}: the title was shortened to fit."] * got.truncated
    fields: list[tuple[str, str, tuple[str, ...]]] = []
    if template.header_label:
        linked = aligned_title if sheet.element_id else ""
        ids = (sid, "header:link", *([sheet.element_id] if sheet.element_id else []))
        fields.append((template.header_label, linked, ids))
    fields += [
        ("Author", sheet.author, (sid, "header:author")),
        ("Date", sheet.date, (sid, "header:date")),
    ]
    x0 = left.right + 12.0
    label_w = max(_label_width(label) for label, _v, _i in fields) + 8.0
    row_h = (area.h - 8.0) / 3
    for row, (label, value, ids) in enumerate(fields):
        y = area.y + 4.0 + row * row_h
        value_rect = Rect(
            x0 + label_w,
            y + row_h - BODY_FONT * LINE_HEIGHT - 2.0,
            area.right - 8.0 - x0 - label_w,
            BODY_FONT * LINE_HEIGHT,
        )
        # The label sits on the value's baseline.
        lift = _baseline(BODY_FONT) - _baseline(LABEL_FONT)
        label_rect = Rect(x0, value_rect.y + lift, label_w, LABEL_FONT * LINE_HEIGHT)
        run = one_line(
            f"{label}:", label_rect, LABEL_FONT, min_font, "header", ids, bold=True, color=MUTED
        )
        items += [run] if run else []
        run = one_line(value, value_rect, BODY_FONT, min_font, "header", ids)
        items += [run] if run else []
        rule_y = y + row_h - 1.5
        items.append(
            Line(value_rect.x, rule_y, value_rect.right, rule_y, "header", FORM_RULE, 0.5, ids=ids)
        )
    return items, warnings


def _baseline(size: float) -> float:
    """The first baseline below a run's top at `size` (as `placement.line_origins` puts it)."""
    return (LINE_HEIGHT * size - (ASCENT + DESCENT) * size) / 2 + ASCENT * size


def _label_width(label: str) -> float:
    return min(measure(f"{label}:", LABEL_FONT, True) + 2 * TEXT_PAD, 220.0)


def footer_items(
    sheet: SheetData, template: SheetTemplateData, stamp: str, area: Rect, min_font: float
) -> list[Primitive]:
    """A rule across the page's foot, and under it the sheet, its template and the stamp."""
    words = " · ".join(p for p in (sheet.title.strip() or UNTITLED, template.title, stamp) if p)
    text = Rect(area.x, area.y + 2.0, area.w, area.h - 2.0)
    run = one_line(words, text, FOOTER_FONT, min_font, "footer", (sheet.id, "footer"), color=MUTED)
    rule = Line(area.x, area.y, area.right, area.y, "footer", FORM_RULE, 0.5)
    return [rule, *([run] if run else [])]
