"""The one-pager's blocks: an objective's head and one row per key result.

The head names the objective (bold, up to two lines), says what kind it is, its period and
owner, which parents it aligns to, and shows its score against the expected score. A key
result's row has its title, "Baseline 40 → now 62 → target 75 %", its score bar, its
indicator, direction and latest confidence, what it measures and balances, and its trend
chart on the right. Blocks are drawn at any (x, y) in a column of any width; their heights
are known before they are placed, so the page flow (okrdesk.layout.okr_pages) can decide
where each goes.
"""

from __future__ import annotations

from okrdesk.layout.fonts import measure
from okrdesk.layout.okr_chart import trend_chart
from okrdesk.layout.okr_facts import KeyResultFacts, ObjectiveFacts
from okrdesk.layout.okr_format import INK, MUTED, RULE, band_color, day, number, score_text
from okrdesk.layout.okr_labels import block, label, needed_lines
from okrdesk.layout.okr_page_parts import score_bar
from okrdesk.layout.picture import Box, Line, Primitive, Rect
from okrdesk.layout.text import LINE_HEIGHT

OBJECTIVE_FONT = 12.0
META_FONT = 8.0
PARENT_FONT = 7.5
KR_FONT = 8.5
KR_META_FONT = 7.0
SCORE_W = 120.0
PAD = 6.0
HEAD_FILL = "#f3f5f8"
KR_ROW_H = 90.0
EMPTY_ROW_H = 22.0
CONTINUED_H = 16.0
UNTITLED = "Untitled objective"


def _parents_text(facts: ObjectiveFacts) -> str:
    return "Aligns to " + "; ".join(facts.parents) if facts.parents else ""


def _meta(facts: ObjectiveFacts) -> str:
    meta = facts.meta()
    return f"Wildly important goal · {meta}" if facts.objective.wig else meta


def _head_lines(facts: ObjectiveFacts, text_w: float) -> tuple[int, int, int]:
    """Lines of the title (at most three), the meta line and the parents (two each)."""
    title = min(3, max(1, needed_lines(_title(facts), text_w, OBJECTIVE_FONT, True)))
    meta = min(2, max(1, needed_lines(_meta(facts), text_w, META_FONT)))
    parents = min(2, needed_lines(_parents_text(facts), text_w, PARENT_FONT))
    return title, meta, parents


def _text_width(width: float) -> float:
    return width - SCORE_W - 2 * PAD - 8.0


def head_height(facts: ObjectiveFacts, width: float) -> float:
    """How tall the objective's head is in a column `width` wide."""
    title, meta, parents = _head_lines(facts, _text_width(width))
    return (
        2 * PAD
        + title * OBJECTIVE_FONT * LINE_HEIGHT
        + 2.0
        + meta * META_FONT * LINE_HEIGHT
        + parents * PARENT_FONT * LINE_HEIGHT
    )


def _title(facts: ObjectiveFacts) -> str:
    return facts.objective.title.strip() or UNTITLED


def objective_head(facts: ObjectiveFacts, x: float, y: float, width: float) -> list[Primitive]:
    o = facts.objective
    ids = (o.id,)
    h = head_height(facts, width)
    items: list[Primitive] = [
        Box(Rect(x, y, width, h), "objective-head", ids, HEAD_FILL, None),
        Box(Rect(x, y, 3.0, h), "objective-band", ids, band_color(facts.band), None),
    ]
    text_x, text_w = x + PAD + 3.0, _text_width(width)
    title_lines, meta_lines, parent_lines = _head_lines(facts, text_w)
    parts = (
        (_title(facts), title_lines, OBJECTIVE_FONT, True, INK, "objective-title", 2.0),
        (_meta(facts), meta_lines, META_FONT, False, MUTED, "objective-meta", 0.0),
        (_parents_text(facts), parent_lines, PARENT_FONT, False, MUTED, "objective-parents", 0.0),
    )
    top = y + PAD
    for text, lines, size, bold, color, role, gap in parts:
        if not lines:
            continue
        rect = Rect(text_x, top, text_w, lines * size * LINE_HEIGHT)
        run = block(
            text,
            rect,
            role,
            ids,
            size=size,
            min_size=min(size, 7.0),
            bold=bold,
            color=color,
            max_lines=lines,
        )
        items += [run] if run else []
        top = rect.bottom + gap
    score_x = x + width - SCORE_W - PAD
    caption = f"Score · expected {score_text(facts.expected)}"
    run = label(
        caption,
        Rect(score_x, y + PAD, SCORE_W, META_FONT * LINE_HEIGHT),
        "objective-score-caption",
        ids,
        size=7.0,
        color=MUTED,
    )
    items += [run] if run else []
    bar = Rect(score_x, y + PAD + META_FONT * LINE_HEIGHT + 2.0, SCORE_W, 12.0)
    items += score_bar(
        facts.score, facts.band, facts.expected, bar, ids, font=9.0, role="objective-score"
    )
    return items


def kr_values(facts: KeyResultFacts) -> str:
    """ "Baseline 40 → now 62 → target 75 %" (the unit once, at the end)."""
    kr = facts.kr
    unit = " ".join(kr.unit.split())
    now = number(facts.latest.value) if facts.latest is not None else "—"
    tail = f" {unit}" if unit else ""
    return f"Baseline {number(kr.baseline)} → now {now} → target {number(kr.target)}{tail}"


def kr_meta(facts: KeyResultFacts) -> str:
    kr = facts.kr
    parts = [kr.indicator.value.capitalize(), kr.direction.value]
    latest = facts.latest
    if latest is None:
        parts.append("no check-in yet")
    else:
        parts.append(f"confidence {latest.confidence}/10 on {day(latest.date)}")
    return " · ".join(parts)


def kr_links(facts: KeyResultFacts) -> str:
    parts = []
    if facts.measures:
        parts.append("Measures " + ", ".join(facts.measures))
    if facts.balances:
        parts.append(f"Balances {facts.balances}")
    return " · ".join(parts)


def kr_row(
    facts: KeyResultFacts,
    expected: float,
    period: tuple[str, str],
    x: float,
    y: float,
    width: float,
) -> list[Primitive]:
    kr = facts.kr
    ids = (kr.id,)
    items: list[Primitive] = [
        Line(x, y + KR_ROW_H, x + width, y + KR_ROW_H, "kr-rule", RULE, 0.4, ids=ids)
    ]
    text_w = width * 0.48
    tx, top = x + 3.0, y + 4.0
    title = kr.title.strip() or "Untitled key result"
    rect = Rect(tx, top, text_w - 3.0, 2 * KR_FONT * LINE_HEIGHT)
    run = block(title, rect, "kr-title", ids, size=KR_FONT, min_size=6.5, bold=True, max_lines=2)
    items += [run] if run else []
    top = (run.rect.bottom if run else top) + 3.0  # the values follow a one-line title closely
    run = label(
        kr_values(facts),
        Rect(tx, top, text_w - 3.0, KR_FONT * LINE_HEIGHT),
        "kr-values",
        ids,
        size=KR_FONT,
        min_size=6.0,
        color=INK,
    )
    items += [run] if run else []
    top += KR_FONT * LINE_HEIGHT + 2.0
    items += score_bar(
        facts.score,
        facts.band,
        expected,
        Rect(tx, top, min(text_w - 3.0, 150.0), 11.0),
        ids,
        role="kr-score",
    )
    top += 13.0
    for text in (kr_meta(facts), kr_links(facts)):
        if text:
            run = label(
                text,
                Rect(tx, top, text_w - 3.0, KR_META_FONT * LINE_HEIGHT),
                "kr-meta",
                ids,
                size=KR_META_FONT,
                color=MUTED,
            )
            items += [run] if run else []
            top += KR_META_FONT * LINE_HEIGHT
    chart = Rect(x + text_w + 4.0, y + 3.0, width - text_w - 4.0, KR_ROW_H - 6.0)
    items += trend_chart(kr, facts.check_ins, chart, start=period[0], end=period[1])
    return items


def empty_row(facts: ObjectiveFacts, x: float, y: float, width: float) -> list[Primitive]:
    ids = (facts.objective.id,)
    text = "No key results yet: how will you know this objective is met?"
    run = label(
        text,
        Rect(x + 3.0, y + 3.0, width - 6.0, EMPTY_ROW_H - 6.0),
        "kr-empty",
        ids,
        size=KR_FONT,
        color=MUTED,
    )
    return [run] if run else []


def continued_head(facts: ObjectiveFacts, x: float, y: float, width: float) -> list[Primitive]:
    """A short head where an objective's key results go on in another column or page."""
    ids = (facts.objective.id,)
    h = CONTINUED_H
    items: list[Primitive] = [Box(Rect(x, y, width, h), "objective-head", ids, HEAD_FILL, None)]
    suffix = " (continued)"
    suffix_w = measure(suffix, META_FONT) + 4.0
    run = label(
        _title(facts),
        Rect(x + PAD, y + 2.0, width - 2 * PAD - suffix_w, h - 4.0),
        "objective-title-continued",
        ids,
        size=META_FONT + 1,
        bold=True,
    )
    items += [run] if run else []
    if run is not None:
        more = label(
            suffix,
            Rect(run.rect.right, y + 2.0, suffix_w, h - 4.0),
            "objective-meta",
            ids,
            size=META_FONT,
            color=MUTED,
        )
        items += [more] if more else []
    return items
