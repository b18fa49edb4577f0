"""OKRs: objectives, key results and weekly check-ins, as domain operations mixed into Strategy.

The rules are Strategy's: every mutating call is one committed transaction, returns what an
undo needs, refuses bad input with InvalidOperation and any edit of a read-only file with
ReadOnlyError.

* Undo: add_* → delete_* (or restore_okrs of nothing: delete returns the removal to redo);
  update_* → update_* with the old values it returned; delete_* → restore_okrs(removal);
  move_* → move_* to the old position; check_in → remove_check_in when it returned None,
  else restore_check_in(the check-in it replaced); remove_check_in → restore_check_in.
* A key result's `current` is not stored: it is the value of its latest check-in.
* An objective aligns to strategies, aspirations or other objectives (never in a circle); a
  key result measures Evidence and may balance another key result. Deleting an element clears
  the alignments and measures that named it (Strategy.delete_elements records them in its
  Removal, and Strategy.restore puts them back).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from okrdesk.models.okr_data import (
    ObjectiveData,
    ObjectiveKind,
    OkrRemoval,
)
from okrdesk.models.okr_fields import (
    check_parents,
    objective_fields,
)
from okrdesk.models.okr_results import (
    KeyResultOperations,
    move_in_list,
    new_okr_id,
    shift_key_results,
)
from okrdesk.models.okr_rows import (
    aligns_to,
    check_period,
    objective_data,
    reattach,
)
from okrdesk.models.schema import (
    CheckIn,
    KeyResult,
    Objective,
    ObjectiveAlignment,
)

__all__ = ["OkrOperations"]


class OkrOperations(KeyResultOperations):
    """Mixed into Strategy, which provides `_reader` and `_write`; key results and check-ins
    come from KeyResultOperations (okr_results.py)."""

    @staticmethod
    def _objective(s: Session, row: Objective) -> ObjectiveData:
        return objective_data(row, aligns_to(s, row.id))

    def objective(self, objective_id: str) -> ObjectiveData:
        with Session(self._reader) as s:
            return self._objective(s, self._objective_row(s, objective_id))

    # -- objectives ------------------------------------------------------------------------

    def add_objective(
        self,
        title: str,
        kind: ObjectiveKind = ObjectiveKind.COMMITTED,
        *,
        objective_id: str | None = None,
        position: int | None = None,
        **fields: Any,
    ) -> ObjectiveData:
        """A new objective at `position` (the end when None); `fields` are any of
        period_start, period_end, owner, aligns_to and wig. Undo: delete_objective."""
        clean = objective_fields({"title": title, "kind": kind, **fields})
        check_period(clean.get("period_start", ""), clean.get("period_end", ""))
        with self._write() as s:
            oid = new_okr_id(s, objective_id, Objective)
            parents = clean.pop("aligns_to", ())
            check_parents(s, oid, parents)
            count = s.scalar(select(func.count()).select_from(Objective)) or 0
            pos = count if position is None else max(0, min(position, count))
            _shift_objectives(s, pos, 1)
            s.add(Objective(id=oid, position=pos, **{**_OBJECTIVE_DEFAULTS, **clean}))
            s.flush()
            _set_parents(s, oid, parents)
            return self._objective(s, self._objective_row(s, oid))

    def update_objective(self, objective_id: str, **changes: Any) -> ObjectiveData:
        """Change any of title, kind, period_start, period_end, owner, aligns_to and wig;
        returns the objective as it was, so update_objective with its values undoes it."""
        clean = objective_fields(changes)
        with self._write() as s:
            row = self._objective_row(s, objective_id)
            old = self._objective(s, row)
            check_period(
                clean.get("period_start", row.period_start), clean.get("period_end", row.period_end)
            )
            if "aligns_to" in clean:
                parents = clean.pop("aligns_to")
                check_parents(s, objective_id, parents)
                _set_parents(s, objective_id, parents)
            for key, value in clean.items():
                setattr(row, key, value)
            return old

    def move_objective(self, objective_id: str, position: int) -> int:
        """Move an objective to `position` in the list (clamped); returns the old position."""
        with self._write() as s:
            self._objective_row(s, objective_id)
            ids = list(s.scalars(select(Objective.id).order_by(Objective.position)))
            return move_in_list(s, Objective, ids, objective_id, position)

    def delete_objective(self, objective_id: str) -> OkrRemoval:
        """Delete an objective with its key results, their check-ins and measures, and the
        alignments of other objectives to it; returns everything for restore_okrs."""
        with self._write() as s:
            objective = self._objective(s, self._objective_row(s, objective_id))
            rows = s.scalars(
                select(KeyResult).where(KeyResult.objective_id == objective_id)
                .order_by(KeyResult.position)
            ).all()
            removal = self._remove_key_results(s, list(rows))
            a = ObjectiveAlignment
            alignments = tuple(
                (oid, pid, pos)
                for oid, pid, pos in s.execute(
                    select(a.objective_id, a.parent_id, a.position)
                    .where(a.parent_id == objective_id).order_by(a.objective_id)
                ).all()
            )
            s.execute(
                delete(a).where((a.objective_id == objective_id) | (a.parent_id == objective_id))
            )
            s.execute(delete(Objective).where(Objective.id == objective_id))
            _shift_objectives(s, objective.position + 1, -1)
            return dataclasses.replace(removal, objectives=(objective,), alignments=alignments)

    def restore_okrs(self, removal: OkrRemoval) -> None:
        """Undo delete_objective or delete_key_result: everything back in its place."""
        with self._write() as s:
            for o in sorted(removal.objectives, key=lambda o: o.position):
                _shift_objectives(s, o.position, 1)
                s.add(Objective(
                    id=o.id, title=o.title, kind=o.kind.value, period_start=o.period_start,
                    period_end=o.period_end, owner=o.owner, wig=o.wig, position=o.position,
                ))
                s.flush()
                _set_parents(s, o.id, o.aligns_to)
            for k in sorted(removal.key_results, key=lambda k: (k.objective, k.position)):
                shift_key_results(s, k.objective, k.position, 1)
                s.add(KeyResult(
                    id=k.id, objective_id=k.objective, title=k.title, baseline=k.baseline,
                    target=k.target, unit=k.unit, direction=k.direction.value,
                    indicator=k.indicator.value, balances_id=None, position=k.position,
                ))
                s.flush()  # before the balances that may name it
            balances = [(k.id, k.balances) for k in removal.key_results if k.balances]
            for kid, balanced in [*balances, *removal.balances]:
                s.execute(update(KeyResult).where(KeyResult.id == kid).values(balances_id=balanced))
            reattach(s, removal.alignments, [
                (k.id, e, n) for k in removal.key_results for n, e in enumerate(k.measures)])
            s.add_all(
                CheckIn(key_result_id=c.key_result, date=c.date, value=c.value,
                        confidence=c.confidence, note=c.note)
                for c in removal.check_ins
            )


_OBJECTIVE_DEFAULTS: dict[str, Any] = {
    "period_start": "", "period_end": "", "owner": "", "wig": False,
}


def _set_parents(s: Session, objective_id: str, parents: tuple[str, ...]) -> None:
    s.execute(delete(ObjectiveAlignment).where(ObjectiveAlignment.objective_id == objective_id))
    reattach(s, [(objective_id, p, n) for n, p in enumerate(parents)])


def _shift_objectives(s: Session, start: int, by: int) -> None:
    o = Objective
    s.execute(update(o).where(o.position >= start).values(position=o.position + by))


