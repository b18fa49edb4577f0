"""The scoreboard's rows: per objective, the objective with its score, its lag measures and its
lead measures, each measure its title, its score bar with the number, and where it stands.

Everything is drawn at a `Style` scale: 1.0 is the smallest the scoreboard prints; when the
page has room to spare the scoreboard grows (up to `MAX_SCALE`) so it reads from across the
room, as a 4DX scoreboard should.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.layout.okr_facts import KeyResultFacts, ObjectiveFacts
from okrdesk.layout.okr_format import MUTED, band_color, with_unit
from okrdesk.layout.okr_labels import block, label, needed_lines
from okrdesk.layout.okr_page_parts import score_bar
from okrdesk.layout.picture import Box, Primitive, Rect
from okrdesk.layout.text import LINE_HEIGHT
from okrdesk.models.okr_data import Indicator

MAX_SCALE = 1.8
SHARES = (0.3, 0.35, 0.35)  # objective, lag measures, lead measures
NO_LAG = "No lag measure yet"
NO_LEAD = "No lead measure yet: what drives the result?"


@dataclass(frozen=True)
class Style:
    scale: float = 1.0
    lines: int = 2  # a measure's title on at most this many lines

    @property
    def objective(self) -> float:
        return 10.0 * self.scale

    @property
    def measure(self) -> float:
        return 8.5 * self.scale

    @property
    def small(self) -> float:
        return 7.0 * self.scale

    @property
    def bar(self) -> float:
        return 11.0 * self.scale

    @property
    def pad(self) -> float:
        return 5.0 * self.scale


@dataclass(frozen=True)
class Row:
    facts: ObjectiveFacts
    lag: tuple[KeyResultFacts, ...]
    lead: tuple[KeyResultFacts, ...]


def rows_of(facts: Sequence[ObjectiveFacts]) -> list[Row]:
    return [
        Row(
            f,
            tuple(k for k in f.key_results if k.kr.indicator == Indicator.LAGGING),
            tuple(k for k in f.key_results if k.kr.indicator == Indicator.LEADING),
        )
        for f in facts
    ]


def _title_lines(facts: KeyResultFacts, width: float, st: Style) -> int:
    return min(st.lines, max(1, needed_lines(facts.kr.title, width, st.measure)))


def _where_lines(facts: KeyResultFacts, width: float, st: Style) -> int:
    return min(2, max(1, needed_lines(where_it_stands(facts), width, st.small)))


def _measure_height(lines: int, where: int, st: Style) -> float:
    text = lines * st.measure * LINE_HEIGHT + where * st.small * LINE_HEIGHT
    return st.pad + text + 2.0 + st.bar + 3.0


def _measures_height(measures: Sequence[KeyResultFacts], width: float, st: Style) -> float:
    inner = width - 2 * st.pad
    heights = [
        _measure_height(_title_lines(m, inner, st), _where_lines(m, inner, st), st)
        for m in measures
    ]
    return sum(heights) if heights else _measure_height(1, 1, st)


def _objective_lines(facts: ObjectiveFacts, width: float, st: Style) -> int:
    return min(3, max(1, needed_lines(facts.objective.title, width, st.objective, True)))


def row_height(row: Row, widths: Sequence[float], st: Style) -> float:
    measures = 2 * st.pad + max(
        _measures_height(row.lag, widths[1], st), _measures_height(row.lead, widths[2], st)
    )
    inner = widths[0] - 2 * st.pad
    lines = _objective_lines(row.facts, inner, st)
    objective = 2 * st.pad + lines * st.objective * LINE_HEIGHT + st.small * LINE_HEIGHT
    return max(objective + st.bar + 6.0, measures)


def fitted(rows: list[Row], widths: Sequence[float], room: float) -> tuple[list[Row], Style]:
    """The rows that fit in `room`, and the style they fit at: the largest scale (titles on
    up to three lines), else the smallest with titles on two lines, then on one line, else
    as many rows as fit."""

    def total(st: Style) -> float:
        return sum(row_height(r, widths, st) for r in rows)

    steps = round((MAX_SCALE - 1.0) / 0.1)
    larger = [Style(MAX_SCALE - i * 0.1, 3) for i in range(steps)]
    for st in [*larger, Style(1.0, 2), Style(1.0, 1)]:
        if total(st) <= room:
            return rows, st
    st = Style(1.0, 1)
    kept: list[Row] = []
    used = 0.0
    for row in rows:
        used += row_height(row, widths, st)
        if used > room:
            break
        kept.append(row)
    return kept, st


def objective_cell(row: Row, cell: Rect, st: Style) -> list[Primitive]:
    facts = row.facts
    ids = (facts.objective.id,)
    inner = cell.inset(st.pad)
    items: list[Primitive] = [
        Box(Rect(cell.x, cell.y, 3.0, cell.h), "objective-band", ids, band_color(facts.band), None)
    ]
    lines = _objective_lines(facts, inner.w, st)
    title = Rect(inner.x, inner.y, inner.w, lines * st.objective * LINE_HEIGHT)
    run = block(
        facts.objective.title.strip() or "Untitled objective",
        title,
        "objective-title",
        ids,
        size=st.objective,
        min_size=7.0,
        bold=True,
        max_lines=3,
    )
    items += [run] if run else []
    if run is not None:  # a title shrunk to fit three lines ends higher: follow it closely
        title = Rect(title.x, title.y, title.w, run.rect.h)
    owner = facts.objective.owner.strip()
    meta = facts.kind_word + (f" · {owner}" if owner else "")
    run = label(
        meta,
        Rect(inner.x, title.bottom, inner.w, st.small * LINE_HEIGHT),
        "objective-meta",
        ids,
        size=st.small,
        color=MUTED,
    )
    items += [run] if run else []
    bar = Rect(
        inner.x,
        title.bottom + st.small * LINE_HEIGHT + 2.0,
        min(inner.w, 150.0 * st.scale),
        st.bar + 1.0,
    )
    return items + score_bar(
        facts.score,
        facts.band,
        facts.expected,
        bar,
        ids,
        font=8.5 * st.scale,
        role="objective-score",
    )


def where_it_stands(facts: KeyResultFacts) -> str:
    """ "now 11 min · target 10 min · confidence 8/10"."""
    kr = facts.kr
    now = with_unit(facts.latest.value, kr.unit) if facts.latest else "no check-in yet"
    words = f"now {now} · target {with_unit(kr.target, kr.unit)}"
    if facts.latest is not None:
        words += f" · confidence {facts.latest.confidence}/10"
    return words


def _measure(
    facts: KeyResultFacts, expected: float, area: Rect, lines: int, where: int, st: Style
) -> list[Primitive]:
    kr = facts.kr
    ids = (kr.id,)
    title = Rect(area.x, area.y + st.pad, area.w, lines * st.measure * LINE_HEIGHT)
    run = block(
        kr.title.strip() or "Untitled key result",
        title,
        "kr-title",
        ids,
        size=st.measure,
        min_size=6.5,
        max_lines=lines,
    )
    items: list[Primitive] = [run] if run else []
    bar = Rect(area.x + 1.5, title.bottom + 2.0, min(area.w * 0.8, 150.0 * st.scale), st.bar)
    items += score_bar(
        facts.score, facts.band, expected, bar, ids, font=7.5 * st.scale, role="kr-score"
    )
    text = Rect(area.x, bar.bottom, area.w, where * st.small * LINE_HEIGHT)
    run = block(
        where_it_stands(facts),
        text,
        "kr-where",
        ids,
        size=st.small,
        color=MUTED,
        max_lines=where,
    )
    return items + ([run] if run else [])


def measures_cell(
    measures: Sequence[KeyResultFacts],
    expected: float,
    cell: Rect,
    st: Style,
    empty: str,
    ids: tuple[str, ...],
) -> list[Primitive]:
    inner = cell.inset(st.pad)
    if not measures:
        run = label(
            empty,
            Rect(inner.x, inner.y, inner.w, st.measure * LINE_HEIGHT + 4.0),
            "measure-empty",
            ids,
            size=st.measure,
            color=MUTED,
        )
        return [run] if run else []
    items: list[Primitive] = []
    y = cell.y
    for facts in measures:
        own, where = _title_lines(facts, inner.w, st), _where_lines(facts, inner.w, st)
        area = Rect(inner.x, y, inner.w, _measure_height(own, where, st))
        items += _measure(facts, expected, area, own, where, st)
        y = area.bottom
    return items
