"""A Wildly Important Goal (4DX) as the scoreboard writes it at the top: "From X to Y by When".

X and Y are the baseline and target of the objective's first lagging key result (else its
first key result), When the objective's end date. The sentence is written big on one line,
with the objective's title above it, the measure and where it stands now below it, and the
measure's score bar on the right.
"""

from __future__ import annotations

from okrdesk.layout.okr_facts import KeyResultFacts, ObjectiveFacts
from okrdesk.layout.okr_format import INK, MUTED, day, with_unit
from okrdesk.layout.okr_labels import label
from okrdesk.layout.okr_page_parts import score_bar
from okrdesk.layout.picture import Box, Primitive, Rect
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.okr_data import Indicator

WIG_FONT = 26.0
WIG_FILL = "#fff6dc"
WIG_RULE = "#d49b00"
SMALL = 7.0


def lag_measure(facts: ObjectiveFacts) -> KeyResultFacts | None:
    """The key result a WIG is written from: its first lagging one, else its first."""
    lagging = [k for k in facts.key_results if k.kr.indicator == Indicator.LAGGING]
    if lagging:
        return lagging[0]
    return facts.key_results[0] if facts.key_results else None


def wig_sentence(facts: ObjectiveFacts) -> str:
    """ "From 40 % to 75 % by 31 Mar 2026" (4DX: from X to Y by When)."""
    end = facts.objective.period_end.strip()
    when = day(end) if end else "(no end date)"
    measure = lag_measure(facts)
    if measure is None:
        return f"From X to Y by {when}: add a lag measure"
    kr = measure.kr
    return f"From {with_unit(kr.baseline, kr.unit)} to {with_unit(kr.target, kr.unit)} by {when}"


def wig_block(facts: ObjectiveFacts, area: Rect, font: float) -> list[Primitive]:
    ids = (facts.objective.id,)
    measure = lag_measure(facts)
    items: list[Primitive] = [Box(area, "wig", ids, WIG_FILL, WIG_RULE, 1.0)]
    inner = area.inset(8.0)
    score_w = min(170.0, inner.w * 0.28)
    text_w = inner.w - score_w - 10.0
    caption = f"Wildly important goal · {facts.objective.title.strip()}"
    row = SMALL * LINE_HEIGHT + 1.0
    run = label(
        caption,
        Rect(inner.x, inner.y, text_w, row),
        "wig-caption",
        ids,
        size=SMALL + 1,
        bold=True,
        color=MUTED,
    )
    items += [run] if run else []
    headline = Rect(inner.x, inner.y + row, text_w, font * LINE_HEIGHT)
    run = label(
        wig_sentence(facts), headline, "wig-sentence", ids, size=font, min_size=10.0, bold=True
    )
    items += [run] if run else []
    if measure is not None:
        kr = measure.kr
        now = with_unit(measure.latest.value if measure.latest else None, kr.unit)
        below = Rect(inner.x, headline.bottom, text_w, row)
        run = label(
            f"{kr.title.strip()} · now {now}",
            below,
            "wig-measure",
            (kr.id,),
            size=SMALL + 1,
            color=INK,
        )
        items += [run] if run else []
        bar = Rect(inner.right - score_w, area.cy - 8.0, score_w, 16.0)
        items += score_bar(
            measure.score, measure.band, facts.expected, bar, (kr.id,), font=10.0, role="wig-score"
        )
    return items


def wig_height(font: float) -> float:
    return 16.0 + 2 * (SMALL * LINE_HEIGHT + 1.0) + font * LINE_HEIGHT
