"""Row reading and value checks of the OKR operations (okrs.py), snapshots and element deletes.

The checks turn what a caller passes (a dialog's text, a spin box's number, a date) into what
is stored, or refuse it with an InvalidOperation whose message a user can act on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.okr_data import (
    MAX_CONFIDENCE,
    MIN_CONFIDENCE,
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.schema import (
    CheckIn,
    KeyResult,
    KeyResultMeasure,
    Objective,
    ObjectiveAlignment,
)
from okrdesk.models.sheet_data import sheet_date_ok

_SURROGATE = re.compile("[\ud800-\udfff]")
_E = TypeVar("_E", bound=StrEnum)
_KINDS = {k.value: k for k in ObjectiveKind}
_DIRECTIONS = {d.value: d for d in Direction}
_INDICATORS = {i.value: i for i in Indicator}

# (objective or key result id, parent or evidence id, place in its list)
Attachment = tuple[str, str, int]

# -- values -----------------------------------------------------------------------------------


def check_text(value: Any, what: str, limit: int) -> str:
    """Refuse what is not text, longer than `limit`, or not valid Unicode."""
    if not isinstance(value, str):
        raise InvalidOperation(f"{what} must be text, not {value!r}.")
    if len(value) > limit:
        raise InvalidOperation(
            f"{what} is {len(value):,} characters long; at most {limit:,} are allowed."
        )
    if _SURROGATE.search(value):
        raise InvalidOperation(f"{what} holds a lone surrogate, which is not valid text.")
    return value


def check_date(value: Any, what: str, *, empty_ok: bool) -> str:
    """A date as stored: ISO YYYY-MM-DD text (a datetime.date is written so), or "" when
    `empty_ok`."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and sheet_date_ok(value) and (value or empty_ok):
        return value
    none = ' (or "" for none)' if empty_ok else ""
    raise InvalidOperation(f"{what} is a date written YYYY-MM-DD{none}, not {value!r}.")


def check_period(start: str, end: str) -> None:
    if start and end and end < start:
        raise InvalidOperation(
            f"The period ends ({end}) before it starts ({start}); swap the dates."
        )


def check_number(value: Any, what: str) -> float:
    """A finite number, stored as a float (-0.0 as 0.0, as SQLite keeps it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidOperation(f"{what} must be a number, not {value!r}.")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise InvalidOperation(f"{what} must be a finite number, not {value!r}.")
    return number + 0.0


def check_confidence(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidOperation(f"Confidence is a whole number from 0 to 10, not {value!r}.")
    if not MIN_CONFIDENCE <= value <= MAX_CONFIDENCE:
        raise InvalidOperation(f"Confidence is a whole number from 0 to 10, not {value}.")
    return value


def check_choice(value: Any, enum: type[_E], what: str) -> _E:
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidOperation(f"{what} is one of {choices}, not {value!r}.") from None


def check_ids(value: Any, what: str) -> tuple[str, ...]:
    """A list of ids without repeats (any iterable of strings; one string is refused, since
    iterating it would give its letters)."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidOperation(f"{what} is a list of ids, not {value!r}.")
    ids = tuple(value)
    for item in ids:
        if not isinstance(item, str) or not item:
            raise InvalidOperation(f"{what}: {item!r} is not an id.")
    repeated = next((i for n, i in enumerate(ids) if i in ids[:n]), None)
    if repeated is not None:
        raise InvalidOperation(f"{what} names {repeated!r} twice.")
    return ids


# -- rows -------------------------------------------------------------------------------------


def objective_data(row: Objective, aligns_to: tuple[str, ...]) -> ObjectiveData:
    return ObjectiveData(
        row.id, row.title, _KINDS[row.kind], row.period_start, row.period_end, row.owner,
        aligns_to, row.position, row.wig,
    )


def key_result_data(
    row: KeyResult, measures: tuple[str, ...], current: float | None
) -> KeyResultData:
    return KeyResultData(
        row.id, row.objective_id, row.title, row.baseline, row.target, current, row.unit,
        _DIRECTIONS[row.direction], _INDICATORS[row.indicator], measures, row.balances_id,
        row.position,
    )


def check_in_data(row: CheckIn) -> CheckInData:
    return CheckInData(row.key_result_id, row.date, row.value, row.confidence, row.note)


def aligns_to(s: Session, objective_id: str) -> tuple[str, ...]:
    a = ObjectiveAlignment
    query = select(a.parent_id).where(a.objective_id == objective_id).order_by(a.position)
    return tuple(s.scalars(query))


def measures_of(s: Session, key_result_id: str) -> tuple[str, ...]:
    m = KeyResultMeasure
    query = select(m.element_id).where(m.key_result_id == key_result_id).order_by(m.position)
    return tuple(s.scalars(query))


def current_of(s: Session, key_result_id: str) -> float | None:
    c = CheckIn
    query = select(c.value).where(c.key_result_id == key_result_id).order_by(c.date.desc())
    return s.scalars(query.limit(1)).first()


# -- element deletes --------------------------------------------------------------------------


def detach_elements(
    s: Session, element_ids: list[str]
) -> tuple[tuple[Attachment, ...], tuple[Attachment, ...]]:
    """Remove the alignments of objectives to, and the measures of key results of, elements
    about to be deleted; return both (objective alignments, key result measures) for restore."""
    a, m = ObjectiveAlignment, KeyResultMeasure
    aligned = a.parent_id.in_(element_ids)
    alignments = tuple(
        (oid, pid, pos)
        for oid, pid, pos in s.execute(
            select(a.objective_id, a.parent_id, a.position).where(aligned)
            .order_by(a.objective_id, a.position)
        ).all()
    )
    measuring = m.element_id.in_(element_ids)
    measures = tuple(
        (kid, eid, pos)
        for kid, eid, pos in s.execute(
            select(m.key_result_id, m.element_id, m.position).where(measuring)
            .order_by(m.key_result_id, m.position)
        ).all()
    )
    s.execute(delete(a).where(aligned))
    s.execute(delete(m).where(measuring))
    return alignments, measures


def reattach(
    s: Session, alignments: Iterable[Attachment], measures: Iterable[Attachment] = ()
) -> None:
    """Put back alignments and measures a delete took away (their ends exist again)."""
    rows = [{"objective_id": o, "parent_id": p, "position": n} for o, p, n in alignments]
    if rows:
        s.execute(insert(ObjectiveAlignment), rows)
    rows = [{"key_result_id": k, "element_id": e, "position": n} for k, e, n in measures]
    if rows:
        s.execute(insert(KeyResultMeasure), rows)
