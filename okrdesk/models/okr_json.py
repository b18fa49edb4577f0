"""OKRs in okrdesk JSON (format version 4): how they are written on export, and the rows a new
strategy file gets for them on import. (How they are checked: interchange_okrs.py.)

Export order: objectives in their order; key results grouped by objective in that order, then
in their order within it; check-ins by key result in that order, then by date. Every key is
always written, so export → import → export is byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from okrdesk.models.okr_data import CheckInData, KeyResultData, ObjectiveData
from okrdesk.models.schema import (
    CheckIn,
    KeyResult,
    KeyResultMeasure,
    Objective,
    ObjectiveAlignment,
)


def _ordered(
    objectives: Iterable[ObjectiveData], key_results: Iterable[KeyResultData],
    check_ins: Iterable[CheckInData],
) -> tuple[list[ObjectiveData], list[KeyResultData], list[CheckInData]]:
    goals = sorted(objectives, key=lambda o: o.position)
    rank = {o.id: n for n, o in enumerate(goals)}
    results = sorted(key_results, key=lambda k: (rank.get(k.objective, len(rank)), k.objective,
                                                 k.position))
    kr_rank = {k.id: n for n, k in enumerate(results)}
    history = sorted(check_ins, key=lambda c: (kr_rank.get(c.key_result, len(kr_rank)),
                                               c.key_result, c.date))
    return goals, results, history


def okrs_value(
    objectives: Iterable[ObjectiveData], key_results: Iterable[KeyResultData],
    check_ins: Iterable[CheckInData],
) -> dict[str, list[Any]]:
    """"objectives", "key_results" and "check_ins" of an export."""
    goals, results, history = _ordered(objectives, key_results, check_ins)
    return {
        "objectives": [
            {"id": o.id, "title": o.title, "kind": o.kind.value, "period_start": o.period_start,
             "period_end": o.period_end, "owner": o.owner, "aligns_to": list(o.aligns_to),
             "wig": o.wig}
            for o in goals
        ],
        "key_results": [
            {"id": k.id, "objective": k.objective, "title": k.title, "baseline": k.baseline,
             "target": k.target, "current": k.current, "unit": k.unit,
             "direction": k.direction.value, "indicator": k.indicator.value,
             "measures": list(k.measures), "balances": k.balances}
            for k in results
        ],
        "check_ins": [
            {"key_result": c.key_result, "date": c.date, "value": c.value,
             "confidence": c.confidence, "note": c.note}
            for c in history
        ],
    }


def okr_rows(
    objectives: Iterable[ObjectiveData], key_results: Iterable[KeyResultData],
    check_ins: Iterable[CheckInData],
) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows a new strategy file gets for checked OKRs, in insert order. Key results are
    inserted without what they balance (one may balance a later one): write_balances adds it
    once all exist."""
    goals, results, history = _ordered(objectives, key_results, check_ins)
    return [
        (Objective, [
            {"id": o.id, "title": o.title, "kind": o.kind.value, "period_start": o.period_start,
             "period_end": o.period_end, "owner": o.owner, "wig": o.wig, "position": o.position}
            for o in goals
        ]),
        (ObjectiveAlignment, [
            {"objective_id": o.id, "parent_id": parent, "position": n}
            for o in goals for n, parent in enumerate(o.aligns_to)
        ]),
        (KeyResult, [
            {"id": k.id, "objective_id": k.objective, "title": k.title, "baseline": k.baseline,
             "target": k.target, "unit": k.unit, "direction": k.direction.value,
             "indicator": k.indicator.value, "balances_id": None, "position": k.position}
            for k in results
        ]),
        (KeyResultMeasure, [
            {"key_result_id": k.id, "element_id": element, "position": n}
            for k in results for n, element in enumerate(k.measures)
        ]),
        (CheckIn, [
            {"key_result_id": c.key_result, "date": c.date, "value": c.value,
             "confidence": c.confidence, "note": c.note}
            for c in history
        ]),
    ]


def write_balances(session: Session, key_results: Iterable[KeyResultData]) -> None:
    """Link each key result to the one it balances (after okr_rows' rows are inserted)."""
    for k in key_results:
        if k.balances is not None:
            session.execute(update(KeyResult).where(KeyResult.id == k.id)
                            .values(balances_id=k.balances))
