"""Helpers for GUI tests: a main window on a real temporary strategy file, and typing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from okrdesk.models.kinds import ElementKind
from okrdesk.views.main_window import MainWindow
from okrdesk.views.outline import Outline


def make_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_into_editor(qtbot: QtBot, outline: Outline, text: str) -> None:
    """Type into the outline's open in-place editor (its text is preselected) and press Enter."""
    editors = [e for e in outline.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no in-place editor is open"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits an in-place edit from a queued call: let the event loop deliver it.
    qtbot.waitUntil(
        lambda: not any(e.isVisible() for e in outline.findChildren(QLineEdit)), timeout=2000
    )


def titles(outline: Outline, kind: ElementKind) -> list[str]:
    """What the outline shows in one section, top to bottom."""
    section = outline.section_item(kind)
    return [section.child(i).text(0) for i in range(section.childCount())]


def click_item(
    qtbot: QtBot,
    outline: Outline,
    item: QTreeWidgetItem,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    rect = outline.visualItemRect(item)
    qtbot.mouseClick(outline.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
