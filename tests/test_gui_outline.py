"""The main window driven as a user would: keys and clicks on real widgets, then the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.models.kinds import ElementKind, Strength
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.main_window import MainWindow
from tests.gui_helpers import click_item, make_window, titles, type_into_editor

K = ElementKind


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the window shows the user (instead of blocking on a modal box)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, messages: list[str]) -> MainWindow:
    path = tmp_path / "acme.okrdesk"
    StrategyFile.create(path, "Acme 2027").close()
    win = make_window(qtbot, tmp_path)
    assert win.open_path(path)
    return win


def stored(win: MainWindow) -> Strategy:
    """The strategy as the file holds it, read fresh (not through the window's cache)."""
    assert win.doc is not None
    return Strategy(win.doc.file)


def add_by_keyboard(qtbot: QtBot, win: MainWindow, kind: ElementKind, title: str) -> None:
    outline = win.outline
    assert outline is not None
    outline.setCurrentItem(outline.section_item(kind))
    qtbot.keyClick(outline, Qt.Key.Key_Insert)
    type_into_editor(qtbot, outline, title)


def test_type_a_whole_strategy_then_undo_and_redo_it(qtbot: QtBot, window: MainWindow) -> None:
    add_by_keyboard(qtbot, window, K.TRUE_NORTH, "Instant delivery")
    add_by_keyboard(qtbot, window, K.ASPIRATION, "More releases")
    add_by_keyboard(qtbot, window, K.ASPIRATION, "Fewer defects")
    add_by_keyboard(qtbot, window, K.STRATEGY, "Small batches")
    outline = window.outline
    assert outline is not None
    assert titles(outline, K.ASPIRATION) == ["More releases", "Fewer defects"]
    snap = stored(window).snapshot()
    assert [e.title for e in snap.of_kind(K.ASPIRATION)] == ["More releases", "Fewer defects"]
    assert snap.true_north() is not None and snap.true_north().title == "Instant delivery"

    stack = window.doc.undo_stack  # type: ignore[union-attr]
    while stack.canUndo():
        stack.undo()
    assert stored(window).snapshot().elements == ()
    assert titles(outline, K.ASPIRATION) == []
    while stack.canRedo():
        stack.redo()
    assert [e.title for e in stored(window).snapshot().of_kind(K.ASPIRATION)] == [
        "More releases",
        "Fewer defects",
    ]


def test_rename_in_place_with_f2(qtbot: QtBot, window: MainWindow) -> None:
    add_by_keyboard(qtbot, window, K.STRATEGY, "Smal batches")
    outline = window.outline
    assert outline is not None
    item = outline.section_item(K.STRATEGY).child(0)
    click_item(qtbot, outline, item)
    qtbot.keyClick(outline, Qt.Key.Key_F2)
    type_into_editor(qtbot, outline, "Small batches")
    assert [e.title for e in stored(window).snapshot().of_kind(K.STRATEGY)] == ["Small batches"]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert titles(outline, K.STRATEGY) == ["Smal batches"]


def test_reorder_by_keyboard_and_by_drag(qtbot: QtBot, window: MainWindow) -> None:
    for title in ("One", "Two", "Three"):
        add_by_keyboard(qtbot, window, K.TACTIC, title)
    outline = window.outline
    assert outline is not None
    click_item(qtbot, outline, outline.section_item(K.TACTIC).child(0))
    qtbot.keyClick(outline, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert titles(outline, K.TACTIC) == ["Two", "One", "Three"]
    assert [e.title for e in stored(window).snapshot().of_kind(K.TACTIC)] == ["Two", "One", "Three"]

    # Drag "Three" onto "Two": it takes Two's place.
    section = outline.section_item(K.TACTIC)
    outline.setCurrentItem(section.child(2))
    target = outline.visualItemRect(section.child(0)).center()
    mime = QMimeData()
    drop = QDropEvent(
        target.toPointF(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    outline.dropEvent(drop)
    assert [e.title for e in stored(window).snapshot().of_kind(K.TACTIC)] == ["Three", "Two", "One"]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert titles(outline, K.TACTIC) == ["One", "Two", "Three"]


def test_delete_several_takes_their_correlations_and_undo_restores_both(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.doc
    assert doc is not None and window.outline is not None
    a = doc.add_element(K.ASPIRATION, "More releases")
    s1 = doc.add_element(K.STRATEGY, "Small batches")
    s2 = doc.add_element(K.STRATEGY, "Flow")
    assert a and s1 and s2
    doc.set_correlation(s1, a, Strength.STRONG)
    doc.set_correlation(s2, a, Strength.WEAK)
    outline = window.outline
    section = outline.section_item(K.STRATEGY)
    click_item(qtbot, outline, section.child(0))
    click_item(qtbot, outline, section.child(1), Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(outline, Qt.Key.Key_Delete)
    snap = stored(window).snapshot()
    assert snap.of_kind(K.STRATEGY) == [] and snap.correlations() == []
    assert titles(outline, K.STRATEGY) == []
    doc.undo_stack.undo()
    snap = stored(window).snapshot()
    assert [e.title for e in snap.of_kind(K.STRATEGY)] == ["Small batches", "Flow"]
    assert snap.strength_between(s1, a) == Strength.STRONG
    assert snap.strength_between(s2, a) == Strength.WEAK


def test_set_a_correlation_in_the_editor(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.doc
    assert doc is not None and window.outline is not None and window.details is not None
    tactic = doc.add_element(K.TACTIC, "Trunk-based pilot")
    evidence = doc.add_element(K.EVIDENCE, "Lead time falling")
    assert tactic and evidence
    outline = window.outline
    click_item(qtbot, outline, outline.section_item(K.TACTIC).child(0))
    combo = window.details.correlations.combo_for(evidence)
    assert combo is not None
    combo.setCurrentIndex(combo.findData("strong"))
    assert stored(window).snapshot().strength_between(tactic, evidence) == Strength.STRONG
    doc.undo_stack.undo()
    assert stored(window).snapshot().strength_between(tactic, evidence) is None
    assert combo.currentData() == ""  # the picker shows the undone state
    doc.undo_stack.redo()
    assert combo.currentData() == "strong"


def test_notes_are_saved_and_undone_as_one_step(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.doc
    assert doc is not None and window.details is not None and window.outline is not None
    element = doc.add_element(K.EVIDENCE, "Lead time falling")
    assert element
    click_item(qtbot, window.outline, window.outline.section_item(K.EVIDENCE).child(0))
    text = window.details.notes.text
    text.setFocus()
    qtbot.keyClicks(text, "Median days from commit to production.")
    qtbot.waitUntil(
        lambda: stored(window).element(element).notes.startswith("Median"), timeout=3000
    )
    assert stored(window).element(element).notes == "Median days from commit to production."
    doc.undo_stack.undo()
    assert stored(window).element(element).notes == ""
    assert text.toPlainText() == ""


def test_health_panel_follows_edits_and_selects_what_it_names(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc, health, outline = window.doc, window.health, window.outline
    assert doc is not None and health is not None and outline is not None
    assert "empty-true-north" in health.codes()
    doc.add_element(K.TRUE_NORTH, "Instant delivery")
    aspiration = doc.add_element(K.ASPIRATION, "More releases")
    assert "empty-true-north" not in health.codes()
    assert "aspiration-unserved" in health.codes()
    row = health.codes().index("aspiration-unserved")
    rect = health.visualItemRect(health.item(row))
    qtbot.mouseClick(health.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert outline.selected_ids() == [aspiration]


def test_title_edit_and_window_title(qtbot: QtBot, window: MainWindow) -> None:
    assert window.details is not None and window.doc is not None
    assert window.windowTitle().startswith("acme.okrdesk")
    edit = window.details.title_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "Acme 2028")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert stored(window).snapshot().title == "Acme 2028"
    window.doc.undo_stack.undo()
    assert edit.text() == "Acme 2027"


def test_everything_is_there_after_closing_and_reopening(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    add_by_keyboard(qtbot, window, K.ASPIRATION, "Less waste")
    assert window.doc is not None
    path = window.doc.file.path
    window.close()
    again = make_window(qtbot, tmp_path)
    assert again.open_path(path)
    assert again.outline is not None
    assert titles(again.outline, K.ASPIRATION) == ["Less waste"]
    assert again.files.recent_files()[0] == str(path.resolve())


def test_a_bad_file_shows_a_message_and_is_left_alone(
    qtbot: QtBot, tmp_path: Path, messages: list[str]
) -> None:
    bad = tmp_path / "notes.okrdesk"
    bad.write_text("just some notes\n")
    before = bad.read_bytes()
    win = make_window(qtbot, tmp_path)
    assert not win.open_path(bad)
    assert messages and "not an okrdesk strategy" in messages[-1]
    assert bad.read_bytes() == before
    assert win.doc is None and win.stack.currentWidget() is win.welcome


def test_read_only_file_shows_a_banner_and_refuses_edits(
    qtbot: QtBot, tmp_path: Path, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.okrdesk"
    StrategyFile.create(path, "Locked").close()
    before = path.read_bytes()
    # Tests run as root, which ignores permission bits: make the check say "read-only".
    monkeypatch.setattr("okrdesk.models.storage.os.access", lambda *_a, **_k: False)
    win = make_window(qtbot, tmp_path)
    assert win.open_path(path)
    assert win.banner.isVisible() and "read-only" in win.banner.text()
    assert "[read-only]" in win.windowTitle()
    assert win.doc is not None and win.doc.add_element(K.ASPIRATION, "x") is None
    assert messages and "read-only" in messages[-1]
    win.close()
    assert path.read_bytes() == before


def test_drop_a_strategy_file_on_the_window_opens_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    other = tmp_path / "other.okrdesk"
    StrategyFile.create(other, "Other").close()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    drop = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.doc is not None and window.doc.file.path == other
    assert window.windowTitle().startswith("other.okrdesk")


def test_export_then_import_json_through_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.doc
    assert doc is not None
    doc.add_element(K.TRUE_NORTH, "Instant delivery")
    out = tmp_path / "acme.json"
    monkeypatch.setattr(window.files, "ask_save_path", lambda *_a: str(out))
    window.files.export_json()
    assert '"Instant delivery"' in out.read_text(encoding="utf-8")

    imported = tmp_path / "imported.okrdesk"
    monkeypatch.setattr(window.files, "ask_open_path", lambda *_a: str(out))
    monkeypatch.setattr(window.files, "ask_save_path", lambda *_a: str(imported))
    window.files.import_json()
    assert window.doc is not None and window.doc.file.path == imported
    assert window.doc.snapshot().true_north().title == "Instant delivery"  # type: ignore[union-attr]


def test_sample_opens_with_every_section_filled(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("okrdesk.views.file_actions.demo_path", lambda: tmp_path / "sample.okrdesk")
    win = make_window(qtbot, tmp_path)
    win.files.open_sample()
    assert win.outline is not None and win.health is not None
    for kind in (K.ASPIRATION, K.STRATEGY, K.EVIDENCE, K.TACTIC):
        assert titles(win.outline, kind)
    assert titles(win.outline, K.ASPIRATION) == ["More releases", "Fewer defects", "Less waste"]
    assert win.health.codes() == []
