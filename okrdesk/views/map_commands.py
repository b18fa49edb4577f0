"""Undo commands for option maps: FOTO capture, relationships, maps, and card placements.

Placements change through one command, SetPlacements, whatever the gesture: a drag of
several cards, a pin, a column change or a whole auto-layout is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okrdesk.models.kinds import MapKind
from okrdesk.models.snapshot import LinkData, PlacementData, Removal
from okrdesk.models.strategy import new_id
from okrdesk.views.commands import DocumentCommand, SetValue, _short

if TYPE_CHECKING:
    from okrdesk.views.document import Document


class ChainOutcome(DocumentCommand):
    """An outcome flipped from an obstacle, or following an outcome ("then what happens?")."""

    def __init__(self, doc: Document, from_id: str, title: str) -> None:
        super().__init__(doc, f"Add outcome “{_short(title)}”")
        self.from_id, self.title = from_id, title
        self.element_id, self.link_id = new_id(), new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.chain_outcome(
                    self.from_id, self.title, element_id=self.element_id, link_id=self.link_id
                ),
                elements=[self.element_id],
                links=[self.from_id, self.element_id],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.delete_elements([self.element_id]),
                elements=[self.element_id],
                links=[self.from_id, self.element_id],
                maps=True,
            )
        )


class AddRelation(DocumentCommand):
    def __init__(self, doc: Document, source: str, target: str, kind: str) -> None:
        super().__init__(doc, f"Connect ({kind})")
        self.source, self.target, self.kind = source, target, kind
        self.link_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_relation(
                    self.source, self.target, self.kind, link_id=self.link_id
                ),
                links=[self.source, self.target],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.remove_relation(self.link_id),
                links=[self.source, self.target],
            )
        )


class RemoveRelation(DocumentCommand):
    def __init__(self, doc: Document, link: LinkData) -> None:
        super().__init__(doc, f"Remove relationship ({link.kind})")
        self.link = link

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.remove_relation(self.link.id),
                links=[self.link.source, self.link.target],
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.restore_relation(self.link),
                links=[self.link.source, self.link.target],
            )
        )


class SetRelationKind(SetValue):
    def __init__(self, doc: Document, link: LinkData, kind: str) -> None:
        super().__init__(doc, f"Make relationship “{kind}”", kind, links=[link.source, link.target])
        self.link_id = link.id

    def set(self, value: Any) -> Any:
        return self.doc.model.set_relation_kind(self.link_id, value)


class AddMap(DocumentCommand):
    def __init__(self, doc: Document, kind: MapKind, title: str | None) -> None:
        super().__init__(doc, f"Add map “{_short(title)}”" if title else "Add map")
        self.kind, self.title = kind, title
        self.map_id = new_id()

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_map(self.kind, self.title, map_id=self.map_id), maps=True
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(lambda: self.doc.model.delete_map(self.map_id), maps=True)
        )


class DeleteMap(DocumentCommand):
    def __init__(self, doc: Document, map_id: str) -> None:
        super().__init__(doc, "Delete map")
        self.map_id = map_id
        self.removal: Removal | None = None

    def redo(self) -> None:
        def change() -> None:
            self.removal = self.doc.model.delete_map(self.map_id)

        self.attempt(lambda: self.doc.apply(change, maps=True))

    def undo(self) -> None:
        removal = self.removal
        assert removal is not None
        self.attempt(lambda: self.doc.apply(lambda: self.doc.model.restore(removal), maps=True))


class RenameMap(SetValue):
    def __init__(self, doc: Document, map_id: str, title: str) -> None:
        super().__init__(doc, f"Rename map to “{_short(title)}”", title, maps=True)
        self.map_id = map_id

    def set(self, value: Any) -> Any:
        return self.doc.model.rename_map(self.map_id, value)


class SetMapSettings(SetValue):
    """Axis, column or corner labels, and the last layout used."""

    def __init__(self, doc: Document, map_id: str, settings: dict[str, Any]) -> None:
        super().__init__(doc, "Change map labels", settings, maps=True)
        self.map_id = map_id

    def set(self, value: Any) -> Any:
        return self.doc.model.set_map_settings(self.map_id, value)


class SetPlacements(DocumentCommand):
    """Place, move, pin, unpin or take cards off a map: one step for any number of cards."""

    def __init__(
        self, doc: Document, map_id: str, placements: dict[str, PlacementData | None], text: str
    ) -> None:
        super().__init__(doc, text)
        self.map_id, self.new = map_id, placements
        self.old: dict[str, PlacementData | None] | None = None

    def redo(self) -> None:
        def change() -> None:
            old = self.doc.model.set_placements(self.map_id, self.new)
            if self.old is None:
                self.old = old

        self.attempt(lambda: self.doc.apply(change, placements=(self.map_id, list(self.new))))

    def undo(self) -> None:
        old = self.old
        assert old is not None
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.set_placements(self.map_id, old),
                placements=(self.map_id, list(old)),
            )
        )


class AddLinkKind(DocumentCommand):
    """A relationship kind of the user's own, with its label and line style."""

    def __init__(self, doc: Document, label: str, dash: str, directed: bool) -> None:
        super().__init__(doc, f"Add relationship kind “{_short(label)}”")
        self.label, self.dash, self.directed = label, dash, directed
        self.kind_id = new_id().replace("-", "")[:16]

    def redo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(
                lambda: self.doc.model.add_link_kind(
                    self.label, dash=self.dash, directed=self.directed, kind_id=self.kind_id
                ),
                maps=True,
            )
        )

    def undo(self) -> None:
        self.attempt(
            lambda: self.doc.apply(lambda: self.doc.model.delete_link_kind(self.kind_id), maps=True)
        )
