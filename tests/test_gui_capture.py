"""The FOTO capture panel driven by keys into real widgets, then checked against the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from okrdesk.models.kinds import ElementKind, LinkKind
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.capture_list import CaptureList
from okrdesk.views.capture_panel import CapturePanel
from okrdesk.views.document import Document

K = ElementKind
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def doc(strategy_path: Path) -> Iterator[Document]:
    StrategyFile.create(strategy_path, "Workshop").close()
    document = Document(StrategyFile.open(strategy_path))
    yield document
    document.close()


@pytest.fixture
def panel(qtbot: QtBot, doc: Document) -> CapturePanel:
    widget = CapturePanel(doc)
    qtbot.addWidget(widget)
    widget.resize(760, 520)
    widget.show()
    qtbot.waitExposed(widget)
    widget.entry.setFocus()
    return widget


def stored(doc: Document) -> Snapshot:
    """The strategy as the file holds it, read fresh (not through the document's cache)."""
    return Strategy(doc.file).snapshot()


def titles(snap: Snapshot, kind: ElementKind) -> list[str]:
    return [e.title for e in snap.of_kind(kind)]


def provenance(snap: Snapshot) -> set[tuple[str, str, str]]:
    """(outcome title, link kind, origin title) of every FOTO link."""
    title = {e.id: e.title for e in snap.elements}
    return {(title[k.source], k.kind, title[k.target]) for k in snap.relations()}


def say(
    qtbot: QtBot,
    panel: CapturePanel,
    text: str,
    key: Qt.Key = Qt.Key.Key_Return,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Type into the entry, then press the key that files it."""
    qtbot.keyClicks(panel.entry, text)
    qtbot.keyClick(panel.entry, key, modifier)


def shown(lst: CaptureList) -> list[str]:
    return [title for title, _detail in lst.rows()]


def test_enter_adds_an_obstacle_and_keeps_the_entry_ready(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    say(qtbot, panel, "Approvals take weeks")
    say(qtbot, panel, "  Nobody owns the backlog ")
    assert titles(stored(doc), K.OBSTACLE) == ["Approvals take weeks", "Nobody owns the backlog"]
    assert shown(panel.obstacles) == ["Approvals take weeks", "Nobody owns the backlog"]
    assert panel.entry.text() == "" and panel.entry.hasFocus()
    assert panel.obstacles.currentItem().text() == "Nobody owns the backlog"  # type: ignore[union-attr]
    assert doc.undo_stack.count() == 2  # one undo step each


def test_empty_or_blank_text_adds_nothing(qtbot: QtBot, panel: CapturePanel, doc: Document) -> None:
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    say(qtbot, panel, "   ")
    say(qtbot, panel, "   ", Qt.Key.Key_Return, CTRL)
    say(qtbot, panel, "   ", Qt.Key.Key_F, CTRL)
    assert stored(doc).elements == ()
    assert doc.undo_stack.count() == 0


def test_mode_toggle_decides_what_enter_adds(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    assert panel.mode() == K.OBSTACLE and panel.mode_button.text() == "Mode: Obstacle"
    qtbot.keyClick(panel.entry, Qt.Key.Key_M, CTRL)
    assert panel.mode() == K.OUTCOME and panel.mode_button.text() == "Mode: Outcome"
    assert panel.entry.placeholderText().startswith("What would you like to have happen?")
    say(qtbot, panel, "Decisions in a day")
    qtbot.keyClick(panel.entry, Qt.Key.Key_M, CTRL)
    say(qtbot, panel, "Slow approvals")
    snap = stored(doc)
    assert titles(snap, K.OUTCOME) == ["Decisions in a day"]
    assert titles(snap, K.OBSTACLE) == ["Slow approvals"]
    assert snap.relations() == []  # a plain Enter records no provenance
    assert panel.headings[K.OBSTACLE].text().startswith("▸ Obstacles (1)")


def test_flip_then_chain_twice_by_keyboard(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    say(qtbot, panel, "Other obstacle")
    say(qtbot, panel, "Approvals take weeks")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Up)  # choose the first obstacle...
    qtbot.keyClick(panel.entry, Qt.Key.Key_Down)  # ...and back to the one just said
    assert panel.obstacles.currentItem().text() == "Approvals take weeks"  # type: ignore[union-attr]
    say(qtbot, panel, "Decisions in a day", Qt.Key.Key_F, CTRL)
    say(qtbot, panel, "Teams start sooner", Qt.Key.Key_Return, CTRL)
    say(qtbot, panel, "Customers get it earlier", Qt.Key.Key_Enter, CTRL)  # keypad Enter too
    snap = stored(doc)
    assert titles(snap, K.OUTCOME) == [
        "Decisions in a day",
        "Teams start sooner",
        "Customers get it earlier",
    ]
    assert provenance(snap) == {
        ("Decisions in a day", LinkKind.FLIPPED_FROM, "Approvals take weeks"),
        ("Teams start sooner", LinkKind.FOLLOWS, "Decisions in a day"),
        ("Customers get it earlier", LinkKind.FOLLOWS, "Teams start sooner"),
    }
    assert panel.outcomes.currentItem().text() == "Customers get it earlier"  # type: ignore[union-attr]
    assert "after “Customers get it earlier”" in panel.targets.text()

    # The lists say where each item came from, in words.
    assert panel.outcomes.rows() == [
        ("Decisions in a day", "⟵ from obstacle: Approvals take weeks"),
        ("Teams start sooner", "then, after: Decisions in a day"),
        ("Customers get it earlier", "then, after: Teams start sooner"),
    ]
    assert panel.obstacles.rows()[1] == ("Approvals take weeks", "⟶ flipped into 1 outcome")
    assert "from obstacle: Approvals take weeks" in panel.outcomes.item(0).toolTip()  # type: ignore[union-attr]

    # Ctrl+Z in the empty entry undoes the last chain step: the outcome and its link.
    qtbot.keyClick(panel.entry, Qt.Key.Key_Z, CTRL)
    snap = stored(doc)
    assert titles(snap, K.OUTCOME) == ["Decisions in a day", "Teams start sooner"]
    assert ("Customers get it earlier", LinkKind.FOLLOWS, "Teams start sooner") not in (
        provenance(snap)
    )
    assert len(snap.relations()) == 2
    assert shown(panel.outcomes) == ["Decisions in a day", "Teams start sooner"]
    assert panel.outcomes.currentItem().text() == "Teams start sooner"  # type: ignore[union-attr]
    # ...so the next Ctrl+Enter continues from there.
    say(qtbot, panel, "Fewer escalations", Qt.Key.Key_Return, CTRL)
    assert ("Fewer escalations", LinkKind.FOLLOWS, "Teams start sooner") in provenance(stored(doc))


def test_chain_and_flip_need_a_chosen_origin(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    say(qtbot, panel, "Decisions in a day", Qt.Key.Key_Return, CTRL)
    assert stored(doc).elements == ()
    assert panel.entry.text() == "Decisions in a day"  # nothing typed is lost
    assert "outcome to continue from" in panel.message.text() and panel.message.isVisible()
    qtbot.keyClick(panel.entry, Qt.Key.Key_F, CTRL)
    assert "obstacle to flip" in panel.message.text()
    assert stored(doc).elements == ()


def test_ctrl_z_with_text_typed_undoes_the_typing_not_the_document(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    say(qtbot, panel, "Slow approvals")
    qtbot.keyClicks(panel.entry, "Half typed")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Z, CTRL)
    assert titles(stored(doc), K.OBSTACLE) == ["Slow approvals"]
    qtbot.keyClick(panel.entry, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(panel.entry, Qt.Key.Key_Backspace)
    qtbot.keyClick(panel.entry, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert panel.entry.text() == ""  # an empty entry: Ctrl+Shift+Z is the document's redo
    qtbot.keyClick(panel.entry, Qt.Key.Key_Z, CTRL)
    assert titles(stored(doc), K.OBSTACLE) == []
    qtbot.keyClick(panel.entry, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert titles(stored(doc), K.OBSTACLE) == ["Slow approvals"]


def test_delete_from_the_list_takes_the_outcome_and_its_links(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    say(qtbot, panel, "Slow approvals")
    say(qtbot, panel, "Decisions in a day", Qt.Key.Key_F, CTRL)
    say(qtbot, panel, "Teams start sooner", Qt.Key.Key_Return, CTRL)
    lst = panel.outcomes
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=_centre(lst, 0))
    assert panel.mode() == K.OUTCOME  # the list clicked becomes the current one
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    snap = stored(doc)
    assert titles(snap, K.OUTCOME) == ["Teams start sooner"]
    assert snap.relations() == []
    assert lst.rows() == [("Teams start sooner", "")]
    assert panel.obstacles.rows() == [("Slow approvals", "")]
    doc.undo_stack.undo()
    assert len(stored(doc).relations()) == 2
    assert shown(lst) == ["Decisions in a day", "Teams start sooner"]


def test_rename_in_place_by_double_click_and_f2(
    qtbot: QtBot, panel: CapturePanel, doc: Document
) -> None:
    say(qtbot, panel, "Slow aprovals")
    say(qtbot, panel, "Decisions in a dya", Qt.Key.Key_F, CTRL)
    obstacles, outcomes = panel.obstacles, panel.outcomes
    # A real double click: a click, then the double-click event.
    qtbot.mouseClick(obstacles.viewport(), Qt.MouseButton.LeftButton, pos=_centre(obstacles, 0))
    qtbot.mouseDClick(obstacles.viewport(), Qt.MouseButton.LeftButton, pos=_centre(obstacles, 0))
    _type_into_editor(qtbot, obstacles, "Slow approvals")
    outcomes.setFocus()
    outcomes.setCurrentRow(0)
    qtbot.keyClick(outcomes, Qt.Key.Key_F2)
    _type_into_editor(qtbot, outcomes, "Decisions in a day")
    snap = stored(doc)
    assert titles(snap, K.OBSTACLE) == ["Slow approvals"]
    assert titles(snap, K.OUTCOME) == ["Decisions in a day"]
    assert outcomes.rows() == [("Decisions in a day", "⟵ from obstacle: Slow approvals")]
    # A blank title is refused and the list shows the stored one again.
    qtbot.keyClick(outcomes, Qt.Key.Key_F2)
    _type_into_editor(qtbot, outcomes, " ")
    assert titles(stored(doc), K.OUTCOME) == ["Decisions in a day"]
    assert shown(outcomes) == ["Decisions in a day"]
    doc.undo_stack.undo()
    assert shown(outcomes) == ["Decisions in a dya"]


def test_typing_in_a_list_goes_back_to_the_entry(qtbot: QtBot, panel: CapturePanel) -> None:
    say(qtbot, panel, "Slow approvals")
    panel.obstacles.setFocus()
    qtbot.keyClicks(panel.obstacles, "Hi")
    assert panel.entry.hasFocus() and panel.entry.text() == "Hi"


def test_current_element_is_announced(qtbot: QtBot, panel: CapturePanel) -> None:
    heard: list[str] = []
    panel.current_element_changed.connect(heard.append)
    say(qtbot, panel, "Slow approvals")
    with qtbot.waitSignal(panel.current_element_changed):
        say(qtbot, panel, "Decisions in a day", Qt.Key.Key_F, CTRL)
    ids = [i.data(Qt.ItemDataRole.UserRole) for i in panel.outcomes.all_items()]
    assert heard[-1] == ids[0] and len(heard) == 2


def _centre(lst: CaptureList, row: int) -> QPoint:
    item = lst.item(row)
    assert item is not None
    return lst.visualItemRect(item).center()


def _type_into_editor(qtbot: QtBot, lst: CaptureList, text: str) -> None:
    editors = [e for e in lst.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no in-place editor is open"
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], text)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: not any(e.isVisible() for e in lst.findChildren(QLineEdit)), timeout=2000
    )
