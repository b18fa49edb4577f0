"""The A3 Sheets tab with mouse and keyboard: add a sheet from the chooser, type into its
sections, link its header, see the page preview follow, add templates, delete and undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
)
from pytestqt.qtbot import QtBot

from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.layout.picture import TextRun
from okrdesk.models.kinds import ElementKind
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.a3_tab import A3Tab
from okrdesk.views.main_window import MainWindow
from okrdesk.views.picture_items import StaticLayer
from tests.gui_helpers import make_window

CLICK = Qt.MouseButton.LeftButton
OBJECTIVE = "Keep the customers we already have"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"message: {a[2]}"))
    path = tmp_path / "payments.okrdesk"
    StrategyFile.create(path, "Acme Payments").close()
    win = make_window(qtbot, tmp_path)
    win.resize(1500, 950)
    assert win.open_path(path)
    assert win.doc is not None and win.sheets is not None
    win.doc.add_element(ElementKind.TRUE_NORTH, "Payments nobody has to think about")
    win.doc.add_element(ElementKind.ASPIRATION, OBJECTIVE)
    win.tabs.setCurrentWidget(win.sheets)
    return win


def tab(win: MainWindow) -> A3Tab:
    assert win.sheets is not None
    return win.sheets


def stored(win: MainWindow) -> Strategy:
    assert win.doc is not None
    return Strategy(win.doc.file)


def add_from_chooser(qtbot: QtBot, win: MainWindow, template_title: str) -> str:
    t = tab(win)
    index = t.choice.findText(template_title)
    assert index >= 0, f"{template_title} is not offered"
    t.choice.setCurrentIndex(index)
    qtbot.mouseClick(t.buttons["New A3 sheet"], CLICK)
    sheet_id = t.current_sheet_id()
    assert sheet_id is not None
    return sheet_id


def drawn_runs(win: MainWindow, key: str, role: str = "section-text") -> list[TextRun]:
    """The text runs of one section the preview's scene paints."""
    layers = [i for i in tab(win).preview.scene().items() if isinstance(i, StaticLayer)]
    assert len(layers) == 1
    return [
        p
        for p in layers[0].primitives
        if isinstance(p, TextRun) and p.role == role and f"section:{key}" in p.ids
    ]


def drawn_text(win: MainWindow, key: str, role: str = "section-text") -> str:
    return " ".join(line for run in drawn_runs(win, key, role) for line in run.lines)


def header_text(win: MainWindow) -> str:
    picture = tab(win).preview.picture
    assert picture is not None
    return " ".join(line for r in picture.with_role("header") for line in getattr(r, "lines", ()))


def test_add_an_experiment_type_into_a_section_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    sheet_id = add_from_chooser(qtbot, window, "Experiment A3")
    (sheet,) = stored(window).snapshot().sheets
    assert (sheet.id, sheet.template_id) == (sheet_id, "experiment")
    t = tab(window)
    assert t.list.currentItem().text() == "Untitled A3"
    box = t.editor.sections["hypotheses"]
    assert box.placeholderText().startswith("We believe")
    assert "We believe" in drawn_text(window, "hypotheses", "prompt")  # the prompt, in grey
    depth = window.doc.undo_stack.count()  # type: ignore[union-attr]
    box.setFocus()
    qtbot.keyClicks(box, "We believe smart retries")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "recover most failed payments.")
    typed = "We believe smart retries\nrecover most failed payments."
    qtbot.waitUntil(
        lambda: stored(window).sheet(sheet_id).text("hypotheses") == typed, timeout=3000
    )
    qtbot.waitUntil(lambda: "recover most failed payments." in drawn_text(window, "hypotheses"))
    assert [r.lines for r in drawn_runs(window, "hypotheses")] == [
        ("We believe smart retries", "recover most failed payments.")
    ]
    assert not drawn_runs(window, "hypotheses", "prompt")
    assert window.doc.undo_stack.count() == depth + 1  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert stored(window).sheet(sheet_id).text("hypotheses") == ""
    assert box.toPlainText() == ""
    assert drawn_text(window, "hypotheses") == ""
    assert "We believe" in drawn_text(window, "hypotheses", "prompt")


def test_the_preview_is_the_printed_page(qtbot: QtBot, window: MainWindow) -> None:
    sheet_id = add_from_chooser(qtbot, window, "Toyota A3 (problem solving)")
    assert window.doc is not None
    window.doc.set_sheet_text(sheet_id, "background", "Returns take 9 days to refund.")
    printed = build_pages(window.doc.snapshot(), PageRequest(f"a3:{sheet_id}")).pages[0][0]
    assert tab(window).preview.picture == printed


def test_title_and_linked_element_show_in_the_header(qtbot: QtBot, window: MainWindow) -> None:
    sheet_id = add_from_chooser(qtbot, window, "Experiment A3")
    editor = tab(window).editor
    assert editor.title.hasFocus()  # a new sheet asks for its title first
    qtbot.keyClicks(editor.title, "Smart retries")
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    assert stored(window).sheet(sheet_id).title == "Smart retries"
    assert tab(window).list.currentItem().text() == "Smart retries"
    assert editor.link_label.text() == "Aligned to objective"
    editor.link.setFocus()
    labels = [editor.link.itemText(i) for i in range(editor.link.count())]
    steps = labels.index(f"Aspiration: {OBJECTIVE}")
    for _ in range(steps):
        qtbot.keyClick(editor.link, Qt.Key.Key_Down)
    objective = stored(window).sheet(sheet_id).element_id
    assert objective is not None and stored(window).snapshot().element(objective).title == OBJECTIVE
    assert f"Aligned to objective: {OBJECTIVE}" in header_text(window)
    assert window.doc is not None
    window.doc.rename(objective, "Keep every customer")
    assert "Keep every customer" in header_text(window)


def test_overflow_notice_for_a_huge_section(qtbot: QtBot, window: MainWindow) -> None:
    sheet_id = add_from_chooser(qtbot, window, "Experiment A3")
    t = tab(window)
    huge = "Every detail of the design, written out at great length. " * 300
    box = t.editor.sections["design"]
    box.setFocus()
    box.insertPlainText(huge)  # as a paste would
    qtbot.waitUntil(lambda: t.notice.isVisible(), timeout=3000)
    assert "section 'Experiment design' is too long for one A3 page" in t.notice.text()
    assert "too long for the page" in t.editor.section_titles["design"].text()
    assert drawn_runs(window, "design")[0].truncated
    qtbot.waitUntil(lambda: stored(window).sheet(sheet_id).text("design") == huge, timeout=3000)
    box.selectAll()
    qtbot.keyClicks(box, "Four weeks.")
    qtbot.waitUntil(lambda: not t.notice.isVisible(), timeout=3000)
    assert "too long" not in t.editor.section_titles["design"].text()


def fill_row(table: QTableWidget, row: int, title: str, column: int, prompt: str) -> None:
    table.setItem(row, 0, QTableWidgetItem(title))
    table.setItem(row, 2, QTableWidgetItem(prompt))
    combo = table.cellWidget(row, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(column)


def test_a_template_of_our_own_from_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    t = tab(window)
    qtbot.mouseClick(t.buttons["New template…"], CLICK)
    dialog = t.template_dialog
    assert dialog is not None and dialog.isVisible()
    fill_row(dialog.table, 0, "What went well", 0, "Name three things.")
    fill_row(dialog.table, 2, "What we change", 1, "One change, with an owner.")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, CLICK)  # no title yet: the dialog says so and stays open
    assert dialog.isVisible() and "Title: must not be blank" in dialog.problems.text()
    assert stored(window).snapshot().sheet_templates == ()
    qtbot.keyClicks(dialog.title, "Team retro A3")
    qtbot.mouseClick(ok, CLICK)
    assert not dialog.isVisible()
    (template,) = stored(window).snapshot().sheet_templates
    assert template.title == "Team retro A3" and template.header_label == "Aligned to"
    assert [(s.title, s.column, s.prompt) for s in template.sections] == [
        ("What went well", 0, "Name three things."),
        ("What we change", 1, "One change, with an owner."),
    ]
    assert t.choice.currentText() == "Team retro A3 (this file)"
    sheet_id = add_from_chooser(qtbot, window, "Team retro A3 (this file)")
    assert stored(window).sheet(sheet_id).template_id == template.id
    assert sorted(t.editor.sections) == sorted(s.key for s in template.sections)
    change = next(s for s in template.sections if s.title == "What we change")
    assert t.editor.sections[change.key].placeholderText() == "One change, with an owner."
    assert "One change, with an owner." in drawn_text(window, change.key, "prompt")
    # Its own template is offered for removal, but the sheet using it keeps it in the file.
    warnings: list[str] = []
    window.doc.error_raised.disconnect()  # type: ignore[union-attr]
    window.doc.error_raised.connect(warnings.append)  # type: ignore[union-attr]
    assert t.choice.currentData() == template.id and t.buttons["Remove template"].isEnabled()
    qtbot.mouseClick(t.buttons["Remove template"], CLICK)
    assert warnings == ["The template “Team retro A3” cannot be removed: one sheet uses it."]
    assert stored(window).snapshot().sheet_templates == (template,)


def test_load_a_template_from_a_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = tab(window)
    good = tmp_path / "retro.json"
    value = {
        "id": "experiment",  # a built-in's id: loaded under a new one
        "title": "Retro A3",
        "header_label": "Team",
        "sections": [
            {"key": "well", "title": "What went well", "column": 0, "prompt": "Three things."},
            {"key": "change", "title": "What we change", "column": 1},
        ],
    }
    good.write_text(json.dumps(value), encoding="utf-8")
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({**value, "sections": [{"key": "x", "title": "", "column": 3}]}))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(t, "ask_template_path", lambda: bad)
    qtbot.mouseClick(t.buttons["Load template from file…"], CLICK)
    assert stored(window).snapshot().sheet_templates == ()
    assert len(warnings) == 1 and "“broken.json” is not a usable A3 template" in warnings[0]
    assert "$.sections[0].title: must not be blank" in warnings[0]
    assert "$.sections[0].column: must be a whole number from 0 to 1, not 3" in warnings[0]
    monkeypatch.setattr(t, "ask_template_path", lambda: good)
    qtbot.mouseClick(t.buttons["Load template from file…"], CLICK)
    (template,) = stored(window).snapshot().sheet_templates
    assert template.title == "Retro A3" and template.id != "experiment"
    assert [s.key for s in template.sections] == ["well", "change"]
    assert t.choice.currentData() == template.id
    qtbot.mouseClick(t.buttons["Remove template"], CLICK)
    assert stored(window).snapshot().sheet_templates == ()
    assert t.choice.findText("Retro A3 (this file)") == -1


def test_delete_a_sheet_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    first = add_from_chooser(qtbot, window, "Experiment A3")
    assert window.doc is not None
    window.doc.set_sheet_text(first, "context", "Tickets doubled since March.")
    second = add_from_chooser(qtbot, window, "Backbriefing A3")
    t = tab(window)
    t.list.setCurrentRow(0)
    assert t.current_sheet_id() == first
    qtbot.mouseClick(t.buttons["Delete"], CLICK)
    assert [s.id for s in stored(window).snapshot().sheets] == [second]
    assert t.list.count() == 1 and t.current_sheet_id() == second
    window.doc.undo_stack.undo()
    assert [s.id for s in stored(window).snapshot().sheets] == [first, second]
    assert t.current_sheet_id() == first  # the restored sheet is shown again
    assert t.editor.sections["context"].toPlainText() == "Tickets doubled since March."
    assert drawn_text(window, "context") == "Tickets doubled since March."


def test_reorder_and_rename_in_the_list(qtbot: QtBot, window: MainWindow) -> None:
    first = add_from_chooser(qtbot, window, "Experiment A3")
    second = add_from_chooser(qtbot, window, "Experiment A3")
    t = tab(window)
    assert t.current_sheet_id() == second
    qtbot.mouseClick(t.buttons["Up"], CLICK)
    assert [s.id for s in stored(window).snapshot().sheets] == [second, first]
    assert t.current_sheet_id() == second and t.list.currentRow() == 0
    t.list.editItem(t.list.currentItem())
    editor = next(e for e in t.list.findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, "Retries, second try")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(window).sheet(second).title == "Retries, second try")
    assert t.editor.title.text() == "Retries, second try"


def test_the_preview_follows_typing_before_it_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    sheet_id = add_from_chooser(qtbot, window, "Experiment A3")
    editor = tab(window).editor
    editor._timer.setInterval(60_000)  # no save on a pause in this test: only on leaving
    box = editor.sections["risks"]
    box.setFocus()
    qtbot.keyClicks(box, "- Customers may read a retry as a double charge")
    qtbot.waitUntil(lambda: "double charge" in drawn_text(window, "risks"), timeout=2000)
    assert stored(window).sheet(sheet_id).text("risks") == ""  # shown, not saved yet
    qtbot.mouseClick(editor.author, CLICK)  # leaving the box saves it
    assert stored(window).sheet(sheet_id).text("risks").endswith("double charge")


def test_deleting_the_middle_sheet_shows_the_next_one(qtbot: QtBot, window: MainWindow) -> None:
    ids = [add_from_chooser(qtbot, window, "Experiment A3") for _ in range(3)]
    t = tab(window)
    t.list.setCurrentRow(1)
    qtbot.mouseClick(t.buttons["Delete"], CLICK)
    assert t.current_sheet_id() == ids[2] and t.editor.sheet_id == ids[2]


def test_a_date_that_is_not_a_date_is_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet_id = add_from_chooser(qtbot, window, "Experiment A3")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    date = tab(window).editor.date
    date.setFocus()
    qtbot.keyClicks(date, "next Friday")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert len(warnings) == 1 and "YYYY-MM-DD" in warnings[0]
    assert stored(window).sheet(sheet_id).date == "" and date.text() == ""
    qtbot.keyClicks(date, "2026-06-05")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert stored(window).sheet(sheet_id).date == "2026-06-05"
    assert "2026-06-05" in header_text(window)
