"""The Document's OKR edits: objectives, key results and check-ins, one undoable command each
(okrdesk.views.okr_commands). Mixed into Document, which announces what changed through
`okrs_changed` (the ids of the objectives and key results touched)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from okrdesk.models.okr_data import CheckInData, ObjectiveKind
from okrdesk.views import okr_commands

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoCommand

    from okrdesk.models.snapshot import Snapshot
    from okrdesk.views.document import Document


class OkrEditing:
    """OKR methods of the Document (it provides snapshot, push and error_raised)."""

    if TYPE_CHECKING:

        def snapshot(self) -> Snapshot: ...

        def push(self, command: QUndoCommand) -> bool: ...

    def _document(self) -> Document:
        return cast("Document", self)  # only ever mixed into Document

    def add_objective(
        self,
        title: str,
        kind: ObjectiveKind = ObjectiveKind.COMMITTED,
        position: int | None = None,
        **fields: Any,
    ) -> str | None:
        """A new objective (at the end when `position` is None); its id, None if refused."""
        command = okr_commands.AddObjective(self._document(), title, kind, position, fields)
        return command.objective_id if self.push(command) else None

    def update_objective(self, objective_id: str, **changes: Any) -> None:
        """Change any of title, kind, period_start, period_end, owner, aligns_to and wig
        (only what differs becomes the undo step)."""
        objective = self.snapshot().objective(objective_id)
        if objective is None:
            return
        changed = {k: v for k, v in changes.items() if getattr(objective, k, object()) != v}
        if changed:
            self.push(okr_commands.UpdateObjective(self._document(), objective_id, changed))

    def move_objective(self, objective_id: str, position: int) -> None:
        objective = self.snapshot().objective(objective_id)
        position = max(0, min(position, len(self.snapshot().objectives) - 1))
        if objective is not None and objective.position != position:
            self.push(okr_commands.MoveObjective(self._document(), objective_id, position))

    def delete_objective(self, objective_id: str) -> None:
        if self.snapshot().objective(objective_id) is not None:
            self.push(okr_commands.DeleteObjective(self._document(), objective_id))

    def add_key_result(
        self, objective_id: str, title: str, position: int | None = None, **fields: Any
    ) -> str | None:
        """A new key result of an objective; its id, None when refused."""
        command = okr_commands.AddKeyResult(self._document(), objective_id, title, position, fields)
        return command.key_result_id if self.push(command) else None

    def update_key_result(self, key_result_id: str, **changes: Any) -> None:
        kr = self.snapshot().key_result(key_result_id)
        if kr is None:
            return
        changed = {k: v for k, v in changes.items() if getattr(kr, k, object()) != v}
        if changed:
            self.push(okr_commands.UpdateKeyResult(self._document(), key_result_id, changed))

    def move_key_result(self, key_result_id: str, position: int) -> None:
        snap = self.snapshot()
        kr = snap.key_result(key_result_id)
        if kr is None:
            return
        position = max(0, min(position, len(snap.key_results_of(kr.objective)) - 1))
        if kr.position != position:
            self.push(okr_commands.MoveKeyResult(self._document(), key_result_id, position))

    def delete_key_result(self, key_result_id: str) -> None:
        if self.snapshot().key_result(key_result_id) is not None:
            self.push(okr_commands.DeleteKeyResult(self._document(), key_result_id))

    def check_in(self, check_ins: Sequence[CheckInData]) -> bool:
        """Record check-ins on any number of key results as ONE undo step; False when there
        were none or the model refused them (nothing is then recorded)."""
        if not check_ins:
            return False
        return self.push(okr_commands.CheckIns(self._document(), check_ins))

    def remove_check_in(self, key_result_id: str, date: str) -> None:
        history = self.snapshot().check_ins_of(key_result_id)
        if any(c.date == date for c in history):
            self.push(okr_commands.RemoveCheckIn(self._document(), key_result_id, date))
