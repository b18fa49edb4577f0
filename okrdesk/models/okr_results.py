"""Key results and their check-ins: the part of the OKR operations (okrs.py) that works below
an objective. Mixed into Strategy through OkrOperations; the rules are those of okrs.py."""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.okr_data import MAX_NOTE_LENGTH, CheckInData, KeyResultData, OkrRemoval
from okrdesk.models.okr_fields import check_balances, check_measures, key_result_fields
from okrdesk.models.okr_rows import (
    check_confidence,
    check_date,
    check_in_data,
    check_number,
    check_text,
    current_of,
    key_result_data,
    measures_of,
    reattach,
)
from okrdesk.models.schema import CheckIn, Element, KeyResult, KeyResultMeasure, Objective

__all__ = ["KeyResultOperations", "move_in_list", "new_okr_id", "shift_key_results"]


def new_okr_id(s: Session, wanted: str | None, table: type[Objective] | type[KeyResult]) -> str:
    """A fresh UUID when `wanted` is None; else `wanted` (a redo keeps ids stable), refused
    when empty or taken."""
    if wanted is None:
        return str(uuid.uuid4())
    if not check_text(wanted, "An id", 64):
        raise InvalidOperation("An id cannot be empty; leave it out for a new one.")
    # Objectives and elements share one id space: an objective aligns to either by id.
    taken = s.get(table, wanted) is not None or (
        table is Objective and s.get(Element, wanted) is not None
    )
    if taken:
        raise InvalidOperation(f"The id {wanted!r} is taken; leave it out for a new one.")
    return wanted


class KeyResultOperations:
    """Mixed into Strategy (through OkrOperations), which provides `_reader` and `_write`."""

    _reader: Engine

    def _write(self) -> AbstractContextManager[Session]:  # pragma: no cover - see Strategy
        raise NotImplementedError

    @staticmethod
    def _objective_row(s: Session, objective_id: str) -> Objective:
        row = s.get(Objective, objective_id)
        if row is None:
            raise InvalidOperation(f"No objective with id {objective_id!r}")
        return row

    @staticmethod
    def _key_result_row(s: Session, key_result_id: str) -> KeyResult:
        row = s.get(KeyResult, key_result_id)
        if row is None:
            raise InvalidOperation(f"No key result with id {key_result_id!r}")
        return row

    @staticmethod
    def _key_result(s: Session, row: KeyResult) -> KeyResultData:
        return key_result_data(row, measures_of(s, row.id), current_of(s, row.id))

    def key_result(self, key_result_id: str) -> KeyResultData:
        with Session(self._reader) as s:
            return self._key_result(s, self._key_result_row(s, key_result_id))

    # -- key results -----------------------------------------------------------------------

    def add_key_result(
        self,
        objective_id: str,
        title: str,
        *,
        key_result_id: str | None = None,
        position: int | None = None,
        **fields: Any,
    ) -> KeyResultData:
        """A new key result of an objective at `position` among its key results (the end when
        None); `fields` are any of baseline, target, unit, direction, indicator, measures and
        balances. Undo: delete_key_result."""
        clean = key_result_fields({"title": title, **fields})
        with self._write() as s:
            self._objective_row(s, objective_id)
            kid = new_okr_id(s, key_result_id, KeyResult)
            measures = clean.pop("measures", ())
            check_measures(s, measures)
            check_balances(s, kid, clean.get("balances"))
            count = s.scalar(
                select(func.count()).select_from(KeyResult)
                .where(KeyResult.objective_id == objective_id)
            ) or 0
            pos = count if position is None else max(0, min(position, count))
            shift_key_results(s, objective_id, pos, 1)
            values = {**_KEY_RESULT_DEFAULTS, **clean}
            values["balances_id"] = values.pop("balances")
            s.add(KeyResult(id=kid, objective_id=objective_id, position=pos, **values))
            s.flush()
            reattach(s, (), [(kid, e, n) for n, e in enumerate(measures)])
            return self._key_result(s, self._key_result_row(s, kid))

    def update_key_result(self, key_result_id: str, **changes: Any) -> KeyResultData:
        """Change any of title, baseline, target, unit, direction, indicator, measures and
        balances; returns the key result as it was, so update_key_result undoes it."""
        clean = key_result_fields(changes)
        with self._write() as s:
            row = self._key_result_row(s, key_result_id)
            old = self._key_result(s, row)
            if "measures" in clean:
                measures = clean.pop("measures")
                check_measures(s, measures)
                s.execute(delete(KeyResultMeasure).where(
                    KeyResultMeasure.key_result_id == key_result_id))
                reattach(s, (), [(key_result_id, e, n) for n, e in enumerate(measures)])
            if "balances" in clean:
                check_balances(s, key_result_id, clean["balances"])
                clean["balances_id"] = clean.pop("balances")
            for key, value in clean.items():
                setattr(row, key, value)
            return old

    def move_key_result(self, key_result_id: str, position: int) -> int:
        """Move a key result within its objective (clamped); returns the old position."""
        with self._write() as s:
            row = self._key_result_row(s, key_result_id)
            ids = list(s.scalars(
                select(KeyResult.id).where(KeyResult.objective_id == row.objective_id)
                .order_by(KeyResult.position)
            ))
            return move_in_list(s, KeyResult, ids, key_result_id, position)

    def delete_key_result(self, key_result_id: str) -> OkrRemoval:
        """Delete a key result with its check-ins and measures (a key result balancing it is
        left without); returns everything for restore_okrs."""
        with self._write() as s:
            row = self._key_result_row(s, key_result_id)
            objective_id, position = row.objective_id, row.position
            removal = self._remove_key_results(s, [row])
            shift_key_results(s, objective_id, position + 1, -1)
            return removal

    def _remove_key_results(self, s: Session, rows: list[KeyResult]) -> OkrRemoval:
        ids = [r.id for r in rows]
        key_results = tuple(self._key_result(s, r) for r in rows)
        check_ins = tuple(
            check_in_data(c) for c in s.scalars(
                select(CheckIn).where(CheckIn.key_result_id.in_(ids))
                .order_by(CheckIn.key_result_id, CheckIn.date)
            )
        )
        k = KeyResult
        balances = tuple(
            (kid, target) for kid, target in s.execute(
                select(k.id, k.balances_id).where(k.balances_id.in_(ids), k.id.not_in(ids))
                .order_by(k.id)
            ).all()
            if target is not None
        )
        s.execute(update(k).where(k.balances_id.in_(ids)).values(balances_id=None))
        s.execute(delete(KeyResultMeasure).where(KeyResultMeasure.key_result_id.in_(ids)))
        s.execute(delete(CheckIn).where(CheckIn.key_result_id.in_(ids)))
        s.execute(delete(k).where(k.id.in_(ids)))
        return OkrRemoval(key_results=key_results, check_ins=check_ins, balances=balances)

    # -- check-ins -------------------------------------------------------------------------

    def check_in(
        self, key_result_id: str, date: Any, value: float, confidence: int, note: str = ""
    ) -> CheckInData | None:
        """Record a key result's value on `date` (YYYY-MM-DD or a datetime.date) with a
        confidence from 0 to 10 and a note; one check-in per key result and date, so a second
        one on the same date replaces the first. Returns the replaced one (None if new)."""
        new = CheckInData(
            key_result_id, check_date(date, "A check-in's date", empty_ok=False),
            check_number(value, "A check-in's value"), check_confidence(confidence),
            check_text(note, "A check-in's note", MAX_NOTE_LENGTH),
        )
        with self._write() as s:
            self._key_result_row(s, key_result_id)
            row = s.get(CheckIn, (key_result_id, new.date))
            old = check_in_data(row) if row is not None else None
            _store_check_in(s, row, new)
            return old

    def remove_check_in(self, key_result_id: str, date: Any) -> CheckInData:
        """Remove the check-in of one date; returns it for restore_check_in."""
        day = check_date(date, "A check-in's date", empty_ok=False)
        with self._write() as s:
            self._key_result_row(s, key_result_id)
            row = s.get(CheckIn, (key_result_id, day))
            if row is None:
                raise InvalidOperation(f"The key result has no check-in on {day}.")
            old = check_in_data(row)
            s.delete(row)
            return old

    def restore_check_in(self, check_in: CheckInData) -> None:
        """Put a check-in back exactly, replacing any other on its date (undoes check_in's
        replacement and remove_check_in)."""
        with self._write() as s:
            self._key_result_row(s, check_in.key_result)
            _store_check_in(s, s.get(CheckIn, (check_in.key_result, check_in.date)), check_in)


_KEY_RESULT_DEFAULTS: dict[str, Any] = {
    "baseline": 0.0, "target": 1.0, "unit": "", "direction": "increase",
    "indicator": "lagging", "balances": None,
}



def _store_check_in(s: Session, row: CheckIn | None, c: CheckInData) -> None:
    if row is None:
        s.add(CheckIn(key_result_id=c.key_result, date=c.date, value=c.value,
                      confidence=c.confidence, note=c.note))
    else:
        row.value, row.confidence, row.note = c.value, c.confidence, c.note


def shift_key_results(s: Session, objective_id: str, start: int, by: int) -> None:
    k = KeyResult
    s.execute(
        update(k).where(k.objective_id == objective_id, k.position >= start)
        .values(position=k.position + by)
    )


def move_in_list(
    s: Session, table: type[Objective] | type[KeyResult], ids: list[str], moved: str, to: int
) -> int:
    """Put `moved` at `to` (clamped) among `ids`, renumber densely; return its old place."""
    old = ids.index(moved)
    ids.pop(old)
    ids.insert(max(0, min(to, len(ids))), moved)
    for pos, item in enumerate(ids):
        s.execute(update(table).where(table.id == item).values(position=pos))
    return old
