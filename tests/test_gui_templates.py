"""File ▸ New from Template… and Save as Template…, clicked through: the picker lists and
previews the templates, the new strategy opens with the template's words on the X-Matrix, and a
strategy saved as a template comes back as its frames."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from okrdesk.assets import write_sample_copy
from okrdesk.layout.picture import TextRun
from okrdesk.models.strategy_template_files import save_template, user_entries
from okrdesk.views import template_dialog
from okrdesk.views.main_window import MainWindow
from okrdesk.views.template_dialog import TemplatePicker
from okrdesk.views.template_save import SaveTemplateDialog
from tests.gui_helpers import make_window


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's templates folder, inside the test's temporary folder."""
    path = tmp_path / "user-templates"
    monkeypatch.setattr(template_dialog, "templates_folder", lambda: path)
    return path


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, folder: Path, messages: list[str]) -> MainWindow:
    return make_window(qtbot, tmp_path)


def answer_save_dialog(monkeypatch: pytest.MonkeyPatch, answer: Path) -> list[str]:
    """QFileDialog.getSaveFileName answers `answer`; returns the paths it started at."""
    asked: list[str] = []

    def ask(_parent: object, _caption: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(answer), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return asked


def file_action(window: MainWindow, text: str) -> object:
    file_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in file_menu.actions() if a.text() == text]
    return action


def open_picker(qtbot: QtBot, window: MainWindow) -> TemplatePicker:
    file_action(window, "New from &Template…").trigger()
    picker = window.findChild(TemplatePicker)
    assert picker is not None
    qtbot.waitExposed(picker)
    return picker


def pick(qtbot: QtBot, picker: TemplatePicker, name: str) -> None:
    """Click the template's line in the list."""
    [item] = [picker.list.item(i) for i in range(picker.list.count())
              if picker.list.item(i).text().startswith(name)]
    rect = picker.list.visualItemRect(item)
    qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert picker.list.currentItem() is item


def drawn_text(window: MainWindow) -> str:
    assert window.xmatrix is not None
    runs = [i for i in window.xmatrix.scene.layout.picture.items if isinstance(i, TextRun)]
    return "\n".join(line for run in runs for line in run.lines)


def create_from(qtbot: QtBot, window: MainWindow, name: str, monkeypatch: pytest.MonkeyPatch,
                target: Path) -> list[str]:
    picker = open_picker(qtbot, window)
    pick(qtbot, picker, name)
    asked = answer_save_dialog(monkeypatch, target)
    qtbot.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.file.path == target)
    return asked


def test_new_from_classic_hoshin_opens_the_new_file_with_hoshin_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picker = open_picker(qtbot, window)
    names = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert names == ["Built in", "Empty TASTE", "Classic Hoshin X-Matrix",
                     "Wholehearted:OKR workshop skeleton"]
    pick(qtbot, picker, "Classic Hoshin X-Matrix")
    assert "Hoshin Kanri" in picker.description.text()
    assert "classic Hoshin" in picker.contents.text()
    picker.grab().save(str(tmp_path / "picker.png"))
    target = tmp_path / "Our hoshin.okrdesk"
    asked = answer_save_dialog(monkeypatch, target)
    qtbot.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.doc is not None)
    assert asked and asked[0].endswith("Classic Hoshin X-Matrix.okrdesk")
    assert window.doc.file.path == target and window.doc.snapshot().title == "Our hoshin"
    assert window.tabs.currentWidget() is window.xmatrix
    text = drawn_text(window)
    for word in ("Breakthrough objectives", "Annual objectives", "Improvement priorities",
                 "Targets to improve"):
        assert word in text
    assert window.xmatrix.combos["labels"].currentText() == "Hoshin"
    assert window.xmatrix.owners.isChecked()
    window.grab().save(str(tmp_path / "hoshin-window.png"))


def test_the_workshop_skeleton_brings_its_maps_and_sheets(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_from(qtbot, window, "Wholehearted:OKR", monkeypatch, tmp_path / "okr.okrdesk")
    snap = window.doc.snapshot()
    assert [m.title for m in snap.maps] == [
        "3. Find your objectives: Plan on a Page", "3. Option Approach Mapping (optional)",
        "3. Option Relationship Mapping"]
    assert [s.title[:2] for s in snap.sheets] == ["1.", "2.", "4.", "6.", "7.", "8."]
    assert window.xmatrix.combos["stage"].currentData() == "taste1"
    assert "Tactics" not in drawn_text(window)  # TASTE (I): no tactics yet


def test_cancelling_the_save_dialog_creates_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picker = open_picker(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    qtbot.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(TemplatePicker) is None)
    assert window.doc is None and not list(tmp_path.glob("*.okrdesk"))


def test_an_unusable_file_shows_why_and_cannot_be_chosen(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    folder.mkdir()
    (folder / "future.json").write_text(
        '{"format": "okrdesk", "version": 7, "title": "x", "elements": []}')
    picker = open_picker(qtbot, window)
    pick(qtbot, picker, "future.json (unusable)")
    assert "written by a newer okrdesk" in picker.problem.text()
    assert str(folder / "future.json") in picker.problem.text()
    assert not picker.create_button.isEnabled()
    pick(qtbot, picker, "Empty TASTE")
    assert picker.create_button.isEnabled() and picker.problem.text() == ""


def test_the_welcome_page_offers_new_from_a_template(qtbot: QtBot, window: MainWindow) -> None:
    [button] = [b for b in window.welcome.findChildren(QPushButton)
                if b.text() == "New from a template…"]
    assert button.isVisible()
    window.welcome.show_opening("big.okrdesk")  # a file given on the command line is opening
    assert not button.isEnabled()
    window.welcome.show_opening(None)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.findChild(TemplatePicker) is not None


def save_as_template(qtbot: QtBot, window: MainWindow, name: str, description: str,
                     with_content: bool) -> None:
    assert file_action(window, "Save as &Template…").isEnabled()
    file_action(window, "Save as &Template…").trigger()
    dialog = window.findChild(SaveTemplateDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.description, description)
    if dialog.include_content.isChecked() != with_content:
        box = dialog.include_content  # click its indicator, at the left end of a wide row
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        assert box.isChecked() == with_content
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(SaveTemplateDialog) is None)


def test_save_as_template_then_new_from_it_gives_back_the_structure(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, folder: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not file_action(window, "Save as &Template…").isEnabled()  # no strategy open yet
    assert window.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    window.xmatrix.combos["labels"].setCurrentIndex(
        window.xmatrix.combos["labels"].findData("hoshin"))
    before = window.doc.snapshot()
    save_as_template(qtbot, window, "Coaching frames", "Maps and sheets, no client words", False)
    [entry] = user_entries(folder)
    assert entry.usable and entry.name == "Coaching frames"
    assert entry.template.description == "Maps and sheets, no client words"

    create_from(qtbot, window, "Coaching frames", monkeypatch, tmp_path / "Next.okrdesk")
    snap = window.doc.snapshot()
    assert snap.title == "Next" and not snap.elements and not snap.objectives
    assert [(m.kind, m.title, m.settings) for m in snap.maps] == [
        (m.kind, m.title, m.settings) for m in before.maps]
    assert [(s.template_id, s.title) for s in snap.sheets] == [
        (s.template_id, s.title) for s in before.sheets]
    assert "Breakthrough objectives" in drawn_text(window)


def test_save_as_template_with_content_keeps_everything(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, folder: Path
) -> None:
    assert window.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    save_as_template(qtbot, window, "Acme whole", "", True)
    [entry] = user_entries(folder)
    assert entry.template.with_content
    assert len(entry.template.document.elements) == len(window.doc.snapshot().elements)


def test_saving_again_under_the_same_name_asks_before_replacing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, folder: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    save_as_template(qtbot, window, "Mine", "first", False)
    questions: list[str] = []

    def refuse(_parent: object, _title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", refuse)
    save_as_template(qtbot, window, "Mine", "second", False)
    assert questions == ["You already have a template called “Mine”. Replace it?"]
    [entry] = user_entries(folder)
    assert entry.template.description == "first"


def test_a_read_only_templates_folder_gets_a_clear_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, folder: Path,
    messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))

    folder.mkdir()

    def refuse(*_a: object, **_k: object) -> None:  # what a read-only folder does
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    save_as_template(qtbot, window, "Nowhere", "", False)
    [message] = messages
    assert message.startswith("The template was not saved:") and "read-only" in message
    assert f"Templates are kept in {folder}" in message


def test_a_template_file_put_in_the_folder_is_listed_under_yours(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    from okrdesk.models.strategy_template_files import builtin_entries

    hoshin = builtin_entries()[1].template
    assert hoshin is not None
    save_template(hoshin, folder / "copy.json")
    picker = open_picker(qtbot, window)
    names = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert names[-2:] == ["Yours", "Classic Hoshin X-Matrix"]
