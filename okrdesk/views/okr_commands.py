"""Undo commands for objectives, key results and check-ins: one per user action.

Each changes the model only through Document.apply and announces the objective and key result
ids it touched (`okrs_changed`). Adds keep their id through undo and redo; deletes put back
everything they took (key results, check-ins, alignments, balances) through restore_okrs.
A check-in session (the Check-in dialog's Ctrl+Enter) is ONE command, so one undo takes back
every value it recorded; it is applied all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.okr_data import CheckInData, ObjectiveKind, OkrRemoval
from okrdesk.models.strategy import new_id
from okrdesk.views.commands import DocumentCommand, SetValue, _short

if TYPE_CHECKING:
    from okrdesk.views.document import Document

OBJECTIVE_FIELD_NAMES = {
    "title": "title",
    "kind": "kind",
    "period_start": "period",
    "period_end": "period",
    "owner": "owner",
    "aligns_to": "alignment",
    "wig": "WIG",
}
KEY_RESULT_FIELD_NAMES = {
    "title": "title",
    "baseline": "baseline",
    "target": "target",
    "unit": "unit",
    "direction": "direction",
    "indicator": "indicator",
    "measures": "evidence",
    "balances": "balancing key result",
}


def _change_text(what: str, changes: dict[str, Any], names: dict[str, str]) -> str:
    if list(changes) == ["title"]:
        return f"Rename {what} to “{_short(str(changes['title']))}”"
    fields = ", ".join(dict.fromkeys(names.get(k, k) for k in changes))
    return f"Change {what} {fields}"


class AddObjective(DocumentCommand):
    def __init__(
        self,
        doc: Document,
        title: str,
        kind: ObjectiveKind,
        position: int | None,
        fields: dict[str, Any],
    ) -> None:
        super().__init__(doc, f"Add objective “{_short(title)}”")
        self.title, self.kind, self.position, self.fields = title, kind, position, fields
        self.objective_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_objective(
                    self.title,
                    self.kind,
                    objective_id=self.objective_id,
                    position=self.position,
                    **self.fields,
                ),
                okrs=[self.objective_id],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.delete_objective(self.objective_id),
                okrs=[self.objective_id],
            )
        )


class UpdateObjective(SetValue):
    """Any of an objective's fields: the new values in, the old ones out."""

    def __init__(self, doc: Document, objective_id: str, changes: dict[str, Any]) -> None:
        text = _change_text("objective", changes, OBJECTIVE_FIELD_NAMES)
        super().__init__(doc, text, dict(changes), okrs=[objective_id])
        self.objective_id = objective_id

    def set(self, value: Any) -> Any:
        old = self.doc.model.update_objective(self.objective_id, **value)
        return {key: getattr(old, key) for key in value}


class MoveObjective(SetValue):
    def __init__(self, doc: Document, objective_id: str, position: int) -> None:
        super().__init__(doc, "Move objective", position, okrs=[objective_id])
        self.objective_id = objective_id

    def set(self, value: Any) -> Any:
        return self.doc.model.move_objective(self.objective_id, value)


class _Delete(DocumentCommand):
    """Delete an objective or a key result; undo restores the removal exactly."""

    def __init__(self, doc: Document, text: str, ids: list[str]) -> None:
        super().__init__(doc, text)
        self.ids = ids
        self.removal: OkrRemoval | None = None

    def remove(self) -> OkrRemoval:
        raise NotImplementedError

    def redo(self) -> None:
        def change() -> None:
            self.removal = self.remove()

        self.attempt(lambda: self.doc.apply(change, okrs=self.ids))

    def undo(self) -> None:
        removal = self.removal
        assert removal is not None
        self.attempt(
            lambda: self.doc.apply(lambda: self.doc.model.restore_okrs(removal), okrs=self.ids)
        )


class DeleteObjective(_Delete):
    def __init__(self, doc: Document, objective_id: str) -> None:
        snap = doc.snapshot()
        objective = snap.objective(objective_id)
        title = objective.title if objective is not None else ""
        krs = [kr.id for kr in snap.key_results_of(objective_id)]
        children = [o.id for o in snap.objectives if objective_id in o.aligns_to]
        super().__init__(
            doc, f"Delete objective “{_short(title)}”", [objective_id, *krs, *children]
        )
        self.objective_id = objective_id

    def remove(self) -> OkrRemoval:
        return self.doc.model.delete_objective(self.objective_id)


class AddKeyResult(DocumentCommand):
    def __init__(
        self,
        doc: Document,
        objective_id: str,
        title: str,
        position: int | None,
        fields: dict[str, Any],
    ) -> None:
        super().__init__(doc, f"Add key result “{_short(title)}”")
        self.objective_id, self.title = objective_id, title
        self.position, self.fields = position, fields
        self.key_result_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_key_result(
                    self.objective_id,
                    self.title,
                    key_result_id=self.key_result_id,
                    position=self.position,
                    **self.fields,
                ),
                okrs=[self.objective_id, self.key_result_id],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.delete_key_result(self.key_result_id),
                okrs=[self.objective_id, self.key_result_id],
            )
        )


class UpdateKeyResult(SetValue):
    def __init__(self, doc: Document, key_result_id: str, changes: dict[str, Any]) -> None:
        kr = doc.snapshot().key_result(key_result_id)
        ids = [key_result_id, *([kr.objective] if kr is not None else [])]
        text = _change_text("key result", changes, KEY_RESULT_FIELD_NAMES)
        super().__init__(doc, text, dict(changes), okrs=ids)
        self.key_result_id = key_result_id

    def set(self, value: Any) -> Any:
        old = self.doc.model.update_key_result(self.key_result_id, **value)
        return {key: getattr(old, key) for key in value}


class MoveKeyResult(SetValue):
    def __init__(self, doc: Document, key_result_id: str, position: int) -> None:
        kr = doc.snapshot().key_result(key_result_id)
        ids = [key_result_id, *([kr.objective] if kr is not None else [])]
        super().__init__(doc, "Move key result", position, okrs=ids)
        self.key_result_id = key_result_id

    def set(self, value: Any) -> Any:
        return self.doc.model.move_key_result(self.key_result_id, value)


class DeleteKeyResult(_Delete):
    def __init__(self, doc: Document, key_result_id: str) -> None:
        snap = doc.snapshot()
        kr = snap.key_result(key_result_id)
        title = kr.title if kr is not None else ""
        balancing = [k.id for k in snap.key_results if k.balances == key_result_id]
        objective = [kr.objective] if kr is not None else []
        super().__init__(
            doc, f"Delete key result “{_short(title)}”", [key_result_id, *objective, *balancing]
        )
        self.key_result_id = key_result_id

    def remove(self) -> OkrRemoval:
        return self.doc.model.delete_key_result(self.key_result_id)


def _ids_of(doc: Document, check_ins: Sequence[CheckInData]) -> list[str]:
    snap = doc.snapshot()
    ids: list[str] = []
    for c in check_ins:
        kr = snap.key_result(c.key_result)
        ids += [c.key_result, *([kr.objective] if kr is not None else [])]
    return list(dict.fromkeys(ids))


class CheckIns(DocumentCommand):
    """Record check-ins on several key results at once (one per key result and date). Undo
    removes the new ones and puts back any check-in of the same date they replaced."""

    def __init__(self, doc: Document, check_ins: Sequence[CheckInData]) -> None:
        count = len(check_ins)
        text = (
            f"Check in on {count} key results"
            if count != 1
            else f"Check in on “{_short(_kr_title(doc, check_ins[0].key_result))}”"
        )
        super().__init__(doc, text)
        self.check_ins = tuple(check_ins)
        self.replaced: list[CheckInData | None] = []
        self.ids = _ids_of(doc, check_ins)

    def _take_back(self, done: Sequence[tuple[CheckInData, CheckInData | None]]) -> None:
        for new, old in reversed(done):
            if old is None:
                self.doc.model.remove_check_in(new.key_result, new.date)
            else:
                self.doc.model.restore_check_in(old)

    def redo(self) -> None:
        def change() -> None:
            done: list[tuple[CheckInData, CheckInData | None]] = []
            try:
                for c in self.check_ins:
                    old = self.doc.model.check_in(
                        c.key_result, c.date, c.value, c.confidence, c.note
                    )
                    done.append((c, old))
            except OkrdeskError:
                self._take_back(done)  # all or nothing
                raise
            self.replaced = [old for _c, old in done]

        self.attempt(lambda: self.doc.apply(change, okrs=self.ids))

    def undo(self) -> None:
        pairs = list(zip(self.check_ins, self.replaced, strict=True))
        self.attempt(lambda: self.doc.apply(lambda: self._take_back(pairs), okrs=self.ids))


class RemoveCheckIn(DocumentCommand):
    def __init__(self, doc: Document, key_result_id: str, date: str) -> None:
        super().__init__(
            doc, f"Remove the {date} check-in of “{_short(_kr_title(doc, key_result_id))}”"
        )
        self.key_result_id, self.date = key_result_id, date
        self.removed: CheckInData | None = None
        self.ids = _ids_of(doc, [CheckInData(key_result_id, date, 0.0)])

    def redo(self) -> None:
        def change() -> None:
            self.removed = self.doc.model.remove_check_in(self.key_result_id, self.date)

        self.attempt(lambda: self.doc.apply(change, okrs=self.ids))

    def undo(self) -> None:
        removed = self.removed
        assert removed is not None
        self.attempt(
            lambda: self.doc.apply(lambda: self.doc.model.restore_check_in(removed), okrs=self.ids)
        )


def _kr_title(doc: Document, key_result_id: str) -> str:
    kr = doc.snapshot().key_result(key_result_id)
    return kr.title if kr is not None else ""
