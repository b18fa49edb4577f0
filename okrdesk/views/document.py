"""The document facade: the one QObject views talk to about an open strategy.

Views read through `snapshot()` and edit by calling the methods below, each of which pushes
one undoable command. Commands apply their change through `Document.apply`, which calls the
model and then emits past-tense signals naming what changed, so each view refreshes only
what it shows. No view ever holds a database session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import ElementKind, MapKind, PartyKind, Role, Strength, may_correlate
from okrdesk.models.rules import Finding, check
from okrdesk.models.sheet_data import SheetTemplateData
from okrdesk.models.snapshot import LinkData, PlacementData, Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views import commands, map_commands, sheet_commands
from okrdesk.views.okr_document import OkrEditing

T = TypeVar("T")


class Document(QObject, OkrEditing):
    """An open strategy file, its undo stack and the change signals views listen to (the OKR
    edits come from OkrEditing, in okr_document.py)."""

    # Past tense: these fire after the file has been changed and committed.
    elements_changed = Signal(list)  # ids of elements added, removed, renamed, re-noted or moved
    links_changed = Signal(list)  # ids of elements whose correlations changed
    people_changed = Signal()
    title_changed = Signal(str)
    settings_changed = Signal(str)
    maps_changed = Signal()  # a map was added, removed, renamed or relabelled
    sheets_changed = Signal(list)  # ids of A3 sheets added, removed, moved or edited
    sheet_templates_changed = Signal()  # one of the file's own A3 templates added or removed
    okrs_changed = Signal(list)  # ids of objectives and key results added, edited, checked in
    placements_changed = Signal(str, list)  # map id, ids of the cards placed/moved/pinned
    changed = Signal()  # after any of the above: for views that show derived facts (health)
    error_raised = Signal(str)  # an edit was refused; the message is for the user

    def __init__(self, file: StrategyFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.model = Strategy(file)
        self.undo_stack = QUndoStack(self)
        self._snapshot: Snapshot | None = None
        self._findings: list[Finding] | None = None
        self._refused = False

    # -- reading ---------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    def snapshot(self) -> Snapshot:
        """The current content, cached until the next change."""
        if self._snapshot is None:
            self._snapshot = self.model.snapshot()
        return self._snapshot

    def findings(self) -> list[Finding]:
        """The health findings of the current content, computed once per change (the health
        panel and the canvases all ask after every edit)."""
        if self._findings is None:
            self._findings = check(self.snapshot())
        return self._findings

    def close(self) -> None:
        self.undo_stack.clear()
        self.file.close()

    # -- applying (called by undo commands only) -------------------------------------------

    def apply(
        self,
        change: Callable[[], T],
        *,
        elements: Iterable[str] = (),
        links: Iterable[str] = (),
        people: bool = False,
        title: bool = False,
        setting: str | None = None,
        maps: bool = False,
        placements: tuple[str, list[str]] | None = None,
        sheets: Iterable[str] = (),
        templates: bool = False,
        okrs: Iterable[str] = (),
    ) -> T:
        """Run one model change, then announce what it touched."""
        result = change()
        self._snapshot = None
        self._findings = None
        element_ids, link_ids = list(elements), list(links)
        if element_ids:
            self.elements_changed.emit(element_ids)
        if link_ids:
            self.links_changed.emit(link_ids)
        if people:
            self.people_changed.emit()
        if title:
            self.title_changed.emit(self.snapshot().title)
        if setting is not None:
            self.settings_changed.emit(setting)
        if maps:
            self.maps_changed.emit()
        if placements is not None:
            self.placements_changed.emit(placements[0], placements[1])
        sheet_ids = list(sheets)
        if sheet_ids:
            self.sheets_changed.emit(sheet_ids)
        if templates:
            self.sheet_templates_changed.emit()
        okr_ids = list(okrs)
        if okr_ids:
            self.okrs_changed.emit(okr_ids)
        self.changed.emit()
        return result

    def push(self, command: QUndoCommand) -> bool:
        """Push a command unless the file is read-only; False when the edit was refused."""
        if self.read_only:
            self.error_raised.emit("This strategy is open read-only; edits are off.")
            return False
        # A merged command is deleted by the stack, so ask our own flag, not the command.
        self._refused = False
        self.undo_stack.push(command)
        return not self._refused

    # -- editing: one undoable command each ------------------------------------------------

    def add_element(self, kind: ElementKind, title: str, position: int | None = None) -> str | None:
        """Add an element; returns its id, or None when refused."""
        if kind == ElementKind.TRUE_NORTH and self.snapshot().true_north() is not None:
            self.error_raised.emit("A strategy has one True North; edit the existing one.")
            return None
        command = commands.AddElement(self, ElementKind(kind), title, position)
        return command.element_id if self.push(command) else None

    def rename(self, element_id: str, title: str) -> None:
        element = self.snapshot().element(element_id)
        if element is not None and element.title != title:
            self.push(commands.RenameElement(self, element_id, title))

    def set_notes(self, element_id: str, notes: str) -> None:
        element = self.snapshot().element(element_id)
        if element is not None and element.notes != notes:
            self.push(commands.SetNotes(self, element_id, notes))

    def move(self, element_id: str, position: int) -> None:
        element = self.snapshot().element(element_id)
        if element is not None and element.position != position:
            self.push(commands.MoveElement(self, element_id, position))

    def delete(self, element_ids: Iterable[str]) -> None:
        ids = [i for i in element_ids if self.snapshot().element(i) is not None]
        if ids:
            self.push(commands.DeleteElements(self, ids))

    def set_correlation(self, a: str, b: str, strength: Strength | None) -> None:
        snap = self.snapshot()
        ea, eb = snap.element(a), snap.element(b)
        if ea is None or eb is None:
            return
        if not may_correlate(ea.kind, eb.kind):
            self.error_raised.emit(
                f"“{ea.title}” and “{eb.title}” do not meet in an X-Matrix corner."
            )
            return
        if snap.strength_between(a, b) != strength:
            self.push(commands.SetCorrelation(self, a, b, strength))

    def set_title(self, title: str) -> None:
        if self.snapshot().title != title:
            self.push(commands.SetTitle(self, title))

    def set_setting(self, key: str, value: object) -> None:
        """Change a per-strategy setting (e.g. X-Matrix options), undoably."""
        if self.model.setting(key) != value:
            self.push(commands.SetSetting(self, key, value))

    def add_party(self, name: str, kind: PartyKind = PartyKind.PERSON) -> str | None:
        command = commands.AddParty(self, name, kind)
        return command.party_id if self.push(command) else None

    def rename_party(self, party_id: str, name: str) -> None:
        self.push(commands.RenameParty(self, party_id, name))

    def delete_party(self, party_id: str) -> None:
        self.push(commands.DeleteParty(self, party_id))

    def set_ownership(self, party_id: str, element_id: str, role: Role | None) -> None:
        self.push(commands.SetOwnership(self, party_id, element_id, role))

    # -- option maps -----------------------------------------------------------------------

    def chain_outcome(self, from_id: str, title: str) -> str | None:
        """FOTO: a new outcome from an obstacle or from an outcome; returns its id."""
        command = map_commands.ChainOutcome(self, from_id, title)
        return command.element_id if self.push(command) else None

    def add_relation(self, source: str, target: str, kind: str) -> str | None:
        """A directed relationship (needs, enables, conflicts, custom:...); returns its id."""
        command = map_commands.AddRelation(self, source, target, kind)
        return command.link_id if self.push(command) else None

    def remove_relation(self, link: LinkData) -> None:
        self.push(map_commands.RemoveRelation(self, link))

    def set_relation_kind(self, link: LinkData, kind: str) -> None:
        if link.kind != kind:
            self.push(map_commands.SetRelationKind(self, link, kind))

    def add_link_kind(self, label: str, dash: str = "", directed: bool = True) -> str | None:
        """Define a relationship kind; returns the kind to draw with ("custom:<id>")."""
        command = map_commands.AddLinkKind(self, label, dash, directed)
        return f"custom:{command.kind_id}" if self.push(command) else None

    def add_map(self, kind: MapKind, title: str | None = None) -> str | None:
        command = map_commands.AddMap(self, kind, title)
        return command.map_id if self.push(command) else None

    def delete_map(self, map_id: str) -> None:
        self.push(map_commands.DeleteMap(self, map_id))

    def rename_map(self, map_id: str, title: str) -> None:
        self.push(map_commands.RenameMap(self, map_id, title))

    def set_map_settings(self, map_id: str, settings: dict[str, object]) -> None:
        self.push(map_commands.SetMapSettings(self, map_id, settings))

    def set_placements(
        self, map_id: str, placements: dict[str, PlacementData | None], text: str
    ) -> None:
        """Place, move, pin or remove any number of cards as one undo step."""
        if placements:
            self.push(map_commands.SetPlacements(self, map_id, placements, text))

    # -- A3 sheets --------------------------------------------------------------------------

    def add_sheet(
        self, template_id: str, title: str = "", element_id: str | None = None
    ) -> str | None:
        """A new, empty A3 sheet following a template; returns its id, or None when refused."""
        template = self.snapshot().template(template_id)
        if template is None:
            self.error_raised.emit(f"There is no A3 template with id “{template_id}”.")
            return None
        command = sheet_commands.AddSheet(self, template, title, element_id)
        return command.sheet_id if self.push(command) else None

    def update_sheet(self, sheet_id: str, **changes: object) -> None:
        """Change a sheet's title, element_id (its header link), author or date."""
        sheet = self.snapshot().sheet(sheet_id)
        if sheet is None:
            return
        changed = {k: v for k, v in changes.items() if getattr(sheet, k, object()) != v}
        if changed:
            self.push(sheet_commands.UpdateSheet(self, sheet_id, changed))

    def set_sheet_text(self, sheet_id: str, key: str, text: str) -> None:
        sheet = self.snapshot().sheet(sheet_id)
        if sheet is not None and sheet.text(key) != text:
            self.push(sheet_commands.SetSheetText(self, sheet_id, key, text))

    def delete_sheet(self, sheet_id: str) -> None:
        if self.snapshot().sheet(sheet_id) is not None:
            self.push(sheet_commands.DeleteSheet(self, sheet_id))

    def move_sheet(self, sheet_id: str, position: int) -> None:
        sheet = self.snapshot().sheet(sheet_id)
        position = max(0, min(position, len(self.snapshot().sheets) - 1))
        if sheet is not None and sheet.position != position:
            self.push(sheet_commands.MoveSheet(self, sheet_id, position))

    def add_sheet_template(self, template: SheetTemplateData) -> str | None:
        """Store a template of the file's own (a new id when its id is ""); returns its id."""
        command = sheet_commands.AddSheetTemplate(self, template)
        return command.template_id if self.push(command) else None

    def remove_sheet_template(self, template_id: str) -> None:
        self.push(sheet_commands.RemoveSheetTemplate(self, template_id))

    def report(self, error: OkrdeskError) -> None:
        """A command's change was refused by the model: tell the user."""
        self._refused = True
        self.error_raised.emit(str(error))
