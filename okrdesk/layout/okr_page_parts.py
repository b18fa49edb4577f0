"""Parts shared by the OKR pages: the page's header and footer, the legend, and the score bar.

A score is always drawn as a bar and its number: the bar is filled in the band's colour as far
as the score reaches (rounded to one decimal, as it is written and banded), a black tick marks
the score the objective is expected to reach (committed 1.0, aspirational 0.7), and the number
stands beside it, so the score reads without colour. The legend explains every mark the pages
use.
"""

from __future__ import annotations

from collections.abc import Sequence

from okrdesk.layout.fonts import measure
from okrdesk.layout.okr_chart_marks import confidence_color
from okrdesk.layout.okr_format import (
    BAND_COLORS,
    INK,
    MUTED,
    RULE,
    VALUE_BLUE,
    band_color,
    score_text,
)
from okrdesk.layout.okr_labels import label
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.okr_scoring import rounded

TITLE_FONT = 18.0
SUBTITLE_FONT = 9.0
HEADER_H = TITLE_FONT * LINE_HEIGHT + SUBTITLE_FONT * LINE_HEIGHT + 8.0
FOOTER_FONT = 7.0
FOOTER_H = 14.0
LEGEND_FONT = 7.0
LEGEND_ROW = LEGEND_FONT * LINE_HEIGHT + 3.0
BAR_TRACK = "#eef1f4"


def blank_page(paper: Paper) -> list[Primitive]:
    return [Box(Rect(0.0, 0.0, paper.width, paper.height), "page", (), "#ffffff", None)]


def page_header(title: str, subtitle: str, area: Rect) -> list[Primitive]:
    """The page's title (large, bold) over a muted line, and a rule under both."""
    items: list[Primitive] = []
    top = Rect(area.x, area.y, area.w, TITLE_FONT * LINE_HEIGHT)
    run = label(title, top, "page-title", (), size=TITLE_FONT, min_size=10.0, bold=True)
    items += [run] if run else []
    below = Rect(area.x, top.bottom + 1.0, area.w, SUBTITLE_FONT * LINE_HEIGHT)
    run = label(subtitle, below, "page-subtitle", (), size=SUBTITLE_FONT, color=MUTED)
    items += [run] if run else []
    rule_y = area.y + HEADER_H - 2.0
    items.append(Line(area.x, rule_y, area.right, rule_y, "rule", RULE, 0.8))
    return items


def page_footer(stamp: str, page: int, pages: int, area: Rect) -> list[Primitive]:
    """A rule, the caller's stamp on the left and "Page 2 of 3" on the right."""
    items: list[Primitive] = [Line(area.x, area.y, area.right, area.y, "footer", RULE, 0.5)]
    text = Rect(area.x, area.y + 2.0, area.w, area.h - 2.0)
    number = f"Page {page} of {pages}" if pages > 1 else ""
    number_w = measure(number, FOOTER_FONT) + 2 * TEXT_PAD if number else 0.0
    run = label(
        stamp,
        Rect(text.x, text.y, text.w - number_w - 6.0, text.h),
        "footer",
        (),
        size=FOOTER_FONT,
        color=MUTED,
    )
    items += [run] if run else []
    if number:
        run = label(number, text, "footer", (), size=FOOTER_FONT, color=MUTED, right=True)
        items += [run] if run else []
    return items


def score_bar(
    score: float | None,
    band: str | None,
    expected: float | None,
    rect: Rect,
    ids: tuple[str, ...],
    *,
    font: float = 7.5,
    role: str = "score",
) -> list[Primitive]:
    """The score's bar and number in `rect` (its height centres the bar); "no score" when
    there is none yet."""
    words = score_text(score)
    number_w = measure(words if score is not None else "no score", font, True) + 2 * TEXT_PAD
    number_w = min(number_w, rect.w * 0.6)
    bar_h = min(rect.h, max(5.0, font * 0.9))
    track = Rect(rect.x, rect.cy - bar_h / 2, max(0.0, rect.w - number_w - 3.0), bar_h)
    items: list[Primitive] = [Box(track, f"{role}-track", ids, BAR_TRACK, RULE, 0.4)]
    if score is not None and track.w > 0:
        filled = Rect(track.x, track.y, track.w * min(1.0, max(0.0, rounded(score))), bar_h)
        if filled.w > 0:
            items.append(Box(filled, f"{role}-bar", ids, band_color(band), None))
    if expected is not None and track.w > 0:
        x = track.x + track.w * min(1.0, max(0.0, expected))
        top, bottom = max(rect.y, track.y - 2.0), min(rect.bottom, track.bottom + 2.0)
        items.append(Line(x, top, x, bottom, f"{role}-expected", INK, 1.2, ids=ids))
    text_rect = Rect(
        rect.right - number_w, rect.cy - font * LINE_HEIGHT / 2, number_w, font * LINE_HEIGHT
    )
    run = label(
        words,
        text_rect,
        f"{role}-number",
        ids,
        size=font,
        bold=score is not None,
        color=INK if score is not None else MUTED,
        right=True,
    )
    return items + ([run] if run else [])


def _swatch(kind: str, x: float, cy: float) -> list[Primitive]:
    if kind.startswith("band:"):
        return [Box(Rect(x, cy - 3.0, 10.0, 6.0), "legend", (), BAND_COLORS[kind[5:]], None)]
    if kind == "expected":
        return [
            Box(Rect(x, cy - 3.0, 10.0, 6.0), "legend", (), BAR_TRACK, RULE, 0.4),
            Line(x + 7.0, cy - 5.0, x + 7.0, cy + 5.0, "legend", INK, 1.2),
        ]
    if kind == "target":
        return [Line(x, cy, x + 12.0, cy, "legend", INK, 1.0)]
    if kind == "baseline":
        return [Line(x, cy, x + 12.0, cy, "legend", MUTED, 0.8, (3.0, 2.0))]
    if kind == "value":
        return [
            Line(x, cy + 2.0, x + 12.0, cy - 2.0, "legend", VALUE_BLUE, 1.2),
            Glyph(x + 6.0, cy, 2.0, Shape.DISC, "legend", (), VALUE_BLUE),
        ]
    if kind == "confidence":
        return [
            Box(Rect(x + 1.0, cy - 1.0, 3.0, 4.0), "legend", (), confidence_color(2), None),
            Box(Rect(x + 5.0, cy - 3.0, 3.0, 6.0), "legend", (), confidence_color(5), None),
            Box(Rect(x + 9.0, cy - 5.0, 3.0, 8.0), "legend", (), confidence_color(9), None),
        ]
    return []


SCORE_LEGEND = (
    ("band:red", "0.0–0.3"),
    ("band:yellow", "0.4–0.6"),
    ("band:green", "0.7–1.0"),
    ("expected", "expected score (committed 1.0, aspirational 0.7)"),
)
CHART_LEGEND = (
    ("target", "target"),
    ("baseline", "baseline"),
    ("value", "check-ins"),
    ("confidence", "confidence 0–10"),
)


def _caption_width(caption: str) -> float:
    return measure(caption, LEGEND_FONT, True) + 2 * TEXT_PAD + 4.0


def legend_height(caption: str, entries: Sequence[tuple[str, str]], width: float) -> float:
    """How tall `legend` draws these entries in `width`."""
    return len(_legend_rows(entries, width - _caption_width(caption))) * LEGEND_ROW


def _legend_rows(entries: Sequence[tuple[str, str]], width: float) -> list[list[int]]:
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, (_kind, text) in enumerate(entries):
        w = 14.0 + measure(text, LEGEND_FONT) + 2 * TEXT_PAD + 10.0
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += w
    return rows


def legend(caption: str, entries: Sequence[tuple[str, str]], area: Rect) -> list[Primitive]:
    """ "Score: ▮ 0.0–0.3 ▮ 0.4–0.6 …" on as many rows as the width needs."""
    items: list[Primitive] = []
    caption_w = _caption_width(caption)
    run = label(
        caption,
        Rect(area.x, area.y, caption_w, LEGEND_ROW),
        "legend",
        (),
        size=LEGEND_FONT,
        bold=True,
        color=MUTED,
    )
    items += [run] if run else []
    width = area.w - caption_w
    for r, row in enumerate(_legend_rows(entries, width)):
        x, y = area.x + caption_w, area.y + r * LEGEND_ROW
        for index in row:
            kind, text = entries[index]
            items += _swatch(kind, x, y + LEGEND_ROW / 2)
            w = measure(text, LEGEND_FONT) + 2 * TEXT_PAD
            items.append(
                TextRun(
                    Rect(x + 14.0, y, w, LEGEND_ROW), (text,), LEGEND_FONT, "legend", color=MUTED
                )
            )
            x += 14.0 + w + 10.0
    return items


SHORTENED = {"objective-title": "objective", "kr-title": "key result"}


def warnings_of(items: Sequence[Primitive]) -> list[str]:
    """A message for each objective or key result title that was shortened to fit."""
    out: list[str] = []
    for item in items:
        if isinstance(item, TextRun) and item.truncated and item.role in SHORTENED:
            shown = " ".join(item.lines)
            out.append(f"The {SHORTENED[item.role]} title “{shown}” was shortened to fit.")
    return list(dict.fromkeys(out))
