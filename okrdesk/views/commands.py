"""Undo commands: one per user action, each changing the model only through Document.apply.

A command remembers what its first redo returned (the old value, or the Removal record) so
undo puts back exactly that. A redo the model refuses marks the command obsolete, so the
undo stack never holds an edit that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import SINGULAR_TITLES, ElementKind, PartyKind, Role, Strength
from okrdesk.models.snapshot import LinkData
from okrdesk.models.strategy import Removal, new_id

if TYPE_CHECKING:
    from okrdesk.views.document import Document

_NOTES_MERGE_ID = 1001


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DocumentCommand(QUndoCommand):
    """Base: routes model calls through the document and turns refusals into messages."""

    def __init__(self, doc: Document, text: str) -> None:
        super().__init__(text)
        self.doc = doc

    def attempt(self, change: Callable[[], Any]) -> None:
        try:
            change()
        except OkrdeskError as error:
            self.setObsolete(True)
            self.doc.report(error)


class SetValue(DocumentCommand):
    """An edit that replaces one value: redo sets the new value and remembers the old one
    (from the first redo); undo sets the old one back. Subclasses say what to set."""

    def __init__(self, doc: Document, text: str, new: Any, **announce: Any) -> None:
        super().__init__(doc, text)
        self.new = new
        self.old: Any = None
        self._done = False
        self.announce = announce

    def set(self, value: Any) -> Any:
        """Set `value` in the model and return what was there before."""
        raise NotImplementedError

    def redo(self) -> None:
        def change() -> None:
            old = self.set(self.new)
            if not self._done:
                self.old, self._done = old, True

        self.attempt(lambda: self.doc.apply(change, **self.announce))

    def undo(self) -> None:
        self.attempt(lambda: self.doc.apply(lambda: self.set(self.old), **self.announce))


class AddElement(DocumentCommand):
    def __init__(self, doc: Document, kind: ElementKind, title: str, position: int | None) -> None:
        super().__init__(doc, f"Add {SINGULAR_TITLES[kind].lower()} “{_short(title)}”")
        self.kind, self.title, self.position = kind, title, position
        self.element_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_element(
                    self.kind, self.title, position=self.position, element_id=self.element_id
                ),
                elements=[self.element_id],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.delete_elements([self.element_id]),
                elements=[self.element_id],
            )
        )


class RenameElement(SetValue):
    def __init__(self, doc: Document, element_id: str, title: str) -> None:
        super().__init__(doc, f"Rename to “{_short(title)}”", title, elements=[element_id])
        self.element_id = element_id

    def set(self, value: Any) -> Any:
        return self.doc.model.rename_element(self.element_id, value)


class SetNotes(SetValue):
    """Notes typed in one go merge into one undo step."""

    def __init__(self, doc: Document, element_id: str, notes: str) -> None:
        super().__init__(doc, "Edit notes", notes, elements=[element_id])
        self.element_id = element_id

    def set(self, value: Any) -> Any:
        return self.doc.model.set_notes(self.element_id, value)

    def id(self) -> int:
        return _NOTES_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNotes) or other.element_id != self.element_id:
            return False
        self.new = other.new
        return True


class MoveElement(SetValue):
    def __init__(self, doc: Document, element_id: str, position: int) -> None:
        element = doc.snapshot().element(element_id)
        title = _short(element.title if element else "")
        super().__init__(doc, f"Move “{title}”", position, elements=[element_id])
        self.element_id = element_id

    def set(self, value: Any) -> Any:
        return self.doc.model.move_element(self.element_id, value)


class DeleteElements(DocumentCommand):
    """Deleting takes the elements' correlations and ownerships too; undo restores all."""

    def __init__(self, doc: Document, element_ids: list[str]) -> None:
        if len(element_ids) == 1:
            element = doc.snapshot().element(element_ids[0])
            label = f"Delete “{_short(element.title if element else '')}”"
        else:
            label = f"Delete {len(element_ids)} items"
        super().__init__(doc, label)
        self.element_ids = element_ids
        self.removal: Removal | None = None

    def _touched(self) -> list[str]:
        """The deleted elements and every element they correlate with."""
        gone = set(self.element_ids)
        if self.removal is not None:
            links = self.removal.links
        else:
            links = tuple(
                link for link in self.doc.snapshot().links if {link.source, link.target} & gone
            )
        return sorted(gone | {x for link in links for x in (link.source, link.target)})

    def redo(self) -> None:
        def change() -> None:
            self.removal = self.doc.model.delete_elements(self.element_ids)

        touched = self._touched()
        self.attempt(lambda: self.doc.apply(change, elements=self.element_ids, links=touched))

    def undo(self) -> None:
        assert self.removal is not None
        removal = self.removal
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.restore(removal),
                elements=self.element_ids,
                links=self._touched(),
            )
        )


class SetCorrelation(DocumentCommand):
    """Links keep their ids through undo and redo, so exports stay identical."""

    def __init__(self, doc: Document, a: str, b: str, strength: Strength | None) -> None:
        super().__init__(doc, f"Set correlation to {strength.value if strength else 'none'}")
        self.a, self.b, self.new = a, b, strength
        self.new_link_id = new_id()
        self.old: LinkData | None = None
        self._done_once = False

    def redo(self) -> None:
        def change() -> None:
            if not self._done_once:
                self.old = self.doc.model.correlation(self.a, self.b)
                self._done_once = True
            link_id = self.old.id if self.old else self.new_link_id
            self.doc.model.set_correlation(self.a, self.b, self.new, link_id=link_id)

        self.attempt(lambda: self.doc.apply(change, links=[self.a, self.b]))

    def undo(self) -> None:
        old = self.old
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.set_correlation(
                    self.a, self.b, old.strength if old else None, link_id=old.id if old else None
                ),
                links=[self.a, self.b],
            )
        )


class SetTitle(SetValue):
    def __init__(self, doc: Document, title: str) -> None:
        super().__init__(doc, f"Retitle strategy “{_short(title)}”", title, title=True)

    def set(self, value: Any) -> Any:
        return self.doc.model.set_title(value)


class SetSetting(SetValue):
    def __init__(self, doc: Document, key: str, value: object) -> None:
        super().__init__(doc, "Change view options", value, setting=key)
        self.key = key

    def set(self, value: Any) -> Any:
        return self.doc.model.set_setting(self.key, value)


class AddParty(DocumentCommand):
    def __init__(self, doc: Document, name: str, kind: PartyKind) -> None:
        super().__init__(doc, f"Add {PartyKind(kind).value} “{_short(name)}”")
        self.name, self.kind = name, kind
        self.party_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_party(self.name, self.kind, party_id=self.party_id),
                people=True,
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(lambda: self.doc.model.delete_party(self.party_id), people=True)
        )


class RenameParty(SetValue):
    def __init__(self, doc: Document, party_id: str, name: str) -> None:
        super().__init__(doc, f"Rename to “{_short(name)}”", name, people=True)
        self.party_id = party_id

    def set(self, value: Any) -> Any:
        return self.doc.model.rename_party(self.party_id, value)


class DeleteParty(DocumentCommand):
    def __init__(self, doc: Document, party_id: str) -> None:
        super().__init__(doc, "Delete person or team")
        self.party_id = party_id
        self.removal: Removal | None = None

    def redo(self) -> None:
        def change() -> None:
            self.removal = self.doc.model.delete_party(self.party_id)

        self.attempt(lambda: self.doc.apply(change, people=True))

    def undo(self) -> None:
        assert self.removal is not None
        removal = self.removal
        self.attempt(lambda: self.doc.apply(lambda: self.doc.model.restore(removal), people=True))


class SetOwnership(SetValue):
    def __init__(self, doc: Document, party_id: str, element_id: str, role: Role | None) -> None:
        super().__init__(
            doc, f"Set ownership to {role.value if role else 'none'}", role, people=True
        )
        self.party_id, self.element_id = party_id, element_id

    def set(self, value: Any) -> Any:
        return self.doc.model.set_ownership(self.party_id, self.element_id, value)
