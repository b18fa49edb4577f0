"""The capture panel: obstacles and outcomes typed as fast as a workshop says them (FOTO).

Keyboard first. One entry: Enter adds the text as an item of the current mode; Ctrl+Enter
chains an outcome after the chosen outcome ("and then what happens?"); Ctrl+F flips the
chosen obstacle into an outcome; Ctrl+M switches the mode; Up/Down choose in the current
list; Ctrl+Z/Ctrl+Shift+Z undo/redo the document while the entry is empty. In the lists,
Delete removes and F2 or a double-click renames. Every edit is one Document command (one undo
step) and the lists are rebuilt from the model whenever the document says something changed.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.kinds import SECTION_TITLES, SINGULAR_TITLES, ElementKind, LinkKind
from okrdesk.models.snapshot import Snapshot
from okrdesk.views.capture_list import CaptureList, small_italic
from okrdesk.views.document import Document

K, M = Qt.Key, Qt.KeyboardModifier
OBSTACLE, OUTCOME = ElementKind.OBSTACLE, ElementKind.OUTCOME

# Questions after Agendashift's 15-minute FOTO (CC BY-SA 4.0), in our own words.
ASK = {OBSTACLE: "What gets in the way?", OUTCOME: "What would you like to have happen?"}
ASK_FLIP, ASK_CHAIN = "What would you like to have happen instead of", "And then what happens after"
KEYS_HINT = (
    "Enter add · Ctrl+Enter and then what happens? (after the chosen outcome) · "
    "Ctrl+F flip the chosen obstacle into an outcome · Ctrl+M switch Obstacle/Outcome · "
    "↑/↓ choose · F2 or double-click rename · Delete remove · Esc back to typing · "
    "Ctrl+Z undo (with the entry empty)"
)


class CapturePanel(QWidget):
    """The FOTO capture flow: one entry, a mode, and the Obstacles and Outcomes side by side."""

    current_element_changed = Signal(str)  # id of the item last chosen or added, "" for none

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self._mode, self._announced = doc, OBSTACLE, ""
        self.mode_button = QPushButton("Mode: Obstacle")
        self.mode_button.setMinimumWidth(self.mode_button.sizeHint().width())
        self.mode_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes entry → lists
        self.mode_button.setAccessibleName("Capture mode")
        self.mode_button.clicked.connect(self.toggle_mode)
        self.entry = QLineEdit()
        self.entry.setAccessibleName("Capture entry")
        self.entry.setToolTip(KEYS_HINT.replace(" · ", "\n"))
        self.entry.installEventFilter(self)
        self.entry.textEdited.connect(lambda _text: self._say(""))
        self.targets, self.message, self.hint = QLabel(), QLabel(), QLabel(KEYS_HINT)
        for label in (self.targets, self.message, self.hint):
            label.setWordWrap(True)
        self.hint.setFont(small_italic(self.hint.font()))
        self.message.hide()  # says why a key did nothing
        self.obstacles, self.outcomes = CaptureList(doc, OBSTACLE), CaptureList(doc, OUTCOME)
        self.lists = {OBSTACLE: self.obstacles, OUTCOME: self.outcomes}
        self._active = self.obstacles  # the list last chosen in: its item is the current one
        self.headings: dict[ElementKind, QLabel] = {}
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        for kind, lst in self.lists.items():
            column = QWidget()
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            self.headings[kind] = QLabel()
            self.headings[kind].setBuddy(lst)
            box.addWidget(self.headings[kind])
            box.addWidget(lst, 1)
            splitter.addWidget(column)
            lst.currentItemChanged.connect(lambda *_a, lst=lst: self._current_moved(lst))
            lst.itemPressed.connect(lambda _item, kind=kind: self.set_mode(kind))
            lst.escaped.connect(self._back_to_entry)
        row = QHBoxLayout()
        row.addWidget(self.mode_button)
        row.addWidget(self.entry, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        for widget in (self.targets, self.message, self.hint):
            layout.addWidget(widget)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.entry, self.obstacles)
        self.setTabOrder(self.obstacles, self.outcomes)
        self.setFocusProxy(self.entry)
        doc.elements_changed.connect(self.refresh)
        doc.links_changed.connect(self.refresh)
        self.refresh()

    # -- the mode and the choice -----------------------------------------------------------

    def mode(self) -> ElementKind:
        return self._mode

    def set_mode(self, kind: ElementKind) -> None:
        if kind in self.lists and kind != self._mode:
            self._mode = kind
            self._show_state()

    def toggle_mode(self) -> None:
        self.set_mode(OUTCOME if self._mode == OBSTACLE else OBSTACLE)
        self.entry.setFocus()

    def select_id(self, element_id: str) -> None:
        """Show an obstacle or outcome chosen elsewhere (a canvas, the outline)."""
        for kind, lst in self.lists.items():
            if lst.choose(element_id):
                self.set_mode(kind)

    # -- the three ways to add -------------------------------------------------------------

    def add(self) -> str | None:
        """Enter: the typed text as a new item of the current mode."""
        text = self.entry.text().strip()
        new_id = self.doc.add_element(self._mode, text) if text else None
        return self._added(new_id, self.lists[self._mode])

    def chain(self) -> str | None:
        """Ctrl+Enter: an outcome following the chosen outcome ("and then what happens?")."""
        return self._chain_from(self.outcomes, "Choose the outcome to continue from first")

    def flip(self) -> str | None:
        """Ctrl+F: an outcome flipped from the chosen obstacle."""
        return self._chain_from(self.obstacles, "Choose the obstacle to flip first")

    def _chain_from(self, origin: CaptureList, missing: str) -> str | None:
        text = self.entry.text().strip()
        if text and not origin.current_id():
            self._say(f"{missing} (click it, or switch with Ctrl+M and use ↑/↓).")
            return None
        new_id = self.doc.chain_outcome(origin.current_id(), text) if text else None
        return self._added(new_id, self.outcomes)

    def _added(self, element_id: str | None, lst: CaptureList) -> str | None:
        if element_id is not None:  # None: blank, or refused (read-only): keep what was typed
            self.entry.clear()
            self._say("")
            lst.choose(element_id)
        return element_id

    # -- keys in the entry -----------------------------------------------------------------

    def eventFilter(self, watched: object, event: object) -> bool:
        if watched is self.entry and isinstance(event, QKeyEvent):
            action = self._action_for(event)
            if action is not None and event.type() == QKeyEvent.Type.ShortcutOverride:
                event.accept()  # ours, even if a window shortcut claims the same key
                return True
            if action is not None and event.type() == QKeyEvent.Type.KeyPress:
                action()
                return True
        return False

    def _action_for(self, event: QKeyEvent) -> Callable[[], object] | None:
        key, mods = event.key(), event.modifiers() & ~M.KeypadModifier
        table: dict[tuple[Qt.Key, Qt.KeyboardModifier], Callable[[], object]] = {
            (K.Key_Return, M.NoModifier): self.add,
            (K.Key_Return, M.ControlModifier): self.chain,
            (K.Key_F, M.ControlModifier): self.flip,
            (K.Key_M, M.ControlModifier): self.toggle_mode,
            (K.Key_Up, M.NoModifier): lambda: self.lists[self._mode].step(-1),
            (K.Key_Down, M.NoModifier): lambda: self.lists[self._mode].step(1),
        }
        action = table.get((K.Key_Return if key == K.Key_Enter else K(key), M(mods)))
        if action is None and not self.entry.text():  # nothing typed: undo the document
            if event.matches(QKeySequence.StandardKey.Undo):
                action = self.doc.undo_stack.undo
            elif event.matches(QKeySequence.StandardKey.Redo):
                action = self.doc.undo_stack.redo
        return action

    # -- mirroring the model ---------------------------------------------------------------

    def refresh(self, _changed: list[str] | None = None) -> None:
        snap = self.doc.snapshot()
        for kind, lst in self.lists.items():
            lst.show_rows(_rows(snap, kind))
        self._show_state()
        self._announce()

    def _show_state(self) -> None:
        """The mode, the headings, and what Ctrl+F and Ctrl+Enter act on as FOTO questions."""
        name = SINGULAR_TITLES[self._mode]
        self.mode_button.setText(f"Mode: {name}")
        self.mode_button.setToolTip(f"Enter adds {name.lower()}s; click or Ctrl+M to switch")
        self.entry.setPlaceholderText(f"{ASK[self._mode]} Type an {name.lower()}…")
        for kind, lst in self.lists.items():
            active, heading = kind == self._mode, self.headings[kind]
            heading.setText(f"{'▸ ' if active else ''}{SECTION_TITLES[kind]} ({lst.count()})")
            font = heading.font()
            font.setBold(active)
            heading.setFont(font)
        lines = []
        for key, lst, ask, missing in (
            ("Ctrl+F", self.obstacles, ASK_FLIP, "choose an obstacle to flip into an outcome"),
            ("Ctrl+Enter", self.outcomes, ASK_CHAIN, "choose an outcome to continue from"),
        ):
            item = lst.currentItem()
            said = f"{ask} “{escape(_short(item.text()))}”?" if item is not None else missing
            lines.append(f"<b>{key}</b>: {said}")
        self.targets.setText("<br>".join(lines))

    def _current_moved(self, lst: CaptureList) -> None:
        if not lst.rebuilding:
            self._active = lst
        self._show_state()
        self._announce()

    def _announce(self) -> None:
        current = self._active.current_id()
        if current != self._announced:
            self._announced = current
            self.current_element_changed.emit(current)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _back_to_entry(self, text: str) -> None:
        self.entry.setFocus()
        self.entry.insert(text)


def _rows(snap: Snapshot, kind: ElementKind) -> list[tuple[str, str, str]]:
    """(id, title, provenance line) of one kind's elements, in order."""
    titles = {e.id: e.title for e in snap.elements}
    came_from: dict[str, list[str]] = {}
    flipped: dict[str, int] = {}
    for link in snap.relations():
        if link.kind == LinkKind.FLIPPED_FROM:
            came_from.setdefault(link.source, []).append(f"⟵ from obstacle: {titles[link.target]}")
            flipped[link.target] = flipped.get(link.target, 0) + 1
        elif link.kind == LinkKind.FOLLOWS:
            came_from.setdefault(link.source, []).append(f"then, after: {titles[link.target]}")
    if kind == OBSTACLE:
        said = {i: f"⟶ flipped into {n} outcome{'s' * (n != 1)}" for i, n in flipped.items()}
        return [(e.id, e.title, said.get(e.id, "")) for e in snap.of_kind(kind)]
    return [(e.id, e.title, "\n".join(came_from.get(e.id, []))) for e in snap.of_kind(kind)]


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
