"""File ▸ Export Spreadsheet… and Import Spreadsheet…: the preview dialog clicked through, the
import applied as one undo step that undo and redo take back and forth exactly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from okrdesk.models.kinds import ElementKind
from okrdesk.models.table_changes import ChangePlan
from okrdesk.views.main_window import MainWindow
from okrdesk.views.table_import import PreviewDialog, SpreadsheetActions
from tests.gui_helpers import make_window
from tests.test_tables_helpers import edit_workbook, row_of, sample_strategy
from tests.undo_helpers import on_disk, undo_redo

CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = make_window(qtbot, tmp_path)
    assert win.open_path(sample_strategy(tmp_path))
    return win


def menu_action(window: MainWindow, text: str) -> Any:
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == text)


def export_workbook(window: MainWindow, monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(SpreadsheetActions, "ask_export_target",
                        lambda self, suggested: (str(target), False))
    menu_action(window, "Export &Spreadsheet…").trigger()
    assert target.is_file()


def user_edits(book: Any) -> None:
    tactics = book["Tactics"]
    tactics.cell(row_of(tactics, "t3"), 2).value = "WIP limits on every board"
    tactics.delete_rows(row_of(tactics, "t6"))
    book["Evidence"].append(["", "Fewer hotfixes", "", None])


def test_the_menu_module_loads_neither_openpyxl_nor_the_database_layer() -> None:
    """Start-up stays lean: both load when a spreadsheet action runs, not before."""
    code = ("import sys, okrdesk.views.table_import; "
            "print('openpyxl' in sys.modules, 'sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.strip() == "False False"


def test_preview_lists_changes_by_table_and_apply_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    book = tmp_path / "edited.xlsx"
    export_workbook(window, monkeypatch, book)
    edit_workbook(book, user_edits)
    shown: dict[str, Any] = {}

    def click_through(self: SpreadsheetActions, plans: tuple[ChangePlan, ChangePlan],
                      source: str) -> ChangePlan | None:
        dialog = PreviewDialog(plans, source, window)
        qtbot.addWidget(dialog)
        dialog.show()
        tree = dialog.tree
        shown["groups"] = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
        shown["kept"] = [tree.topLevelItem(1).child(i).text(0)
                         for i in range(tree.topLevelItem(1).childCount())]
        shown["box"] = dialog.prune.text()
        assert not dialog.prune.isChecked()
        dialog.prune.click()  # also remove the row missing from the sheet
        shown["pruned"] = [tree.topLevelItem(1).child(i).text(0)
                           for i in range(tree.topLevelItem(1).childCount())]
        dialog.grab().save(str(tmp_path / "preview.png"))
        qtbot.mouseClick(dialog.apply_button, CLICK)
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.chosen()

    monkeypatch.setattr(SpreadsheetActions, "preview", click_through)
    monkeypatch.setattr(SpreadsheetActions, "ask_import_source", lambda self: str(book))
    doc = window.doc
    assert doc is not None

    before, after, _ = undo_redo(doc, menu_action(window, "Import Sp&readsheet…").trigger)

    assert shown["groups"] == ["Evidence (1)", "Tactics (2)"]  # in the order of the sheets
    assert shown["kept"][0] == "title “WIP limits on team boards” → “WIP limits on every board”"
    assert shown["kept"][1].endswith("(kept: tick the box below to remove)")
    assert shown["box"] == "Also remove 1 row that is missing from the spreadsheet"
    assert not shown["pruned"][1].endswith("(kept: tick the box below to remove)")
    tactics = [e.title for e in after.of_kind(ElementKind.TACTIC)]
    assert "WIP limits on every board" in tactics and after.element("t6") is None
    assert [e.title for e in after.of_kind(ElementKind.EVIDENCE)][-1] == "Fewer hotfixes"
    assert before.element("t6") is not None
    assert doc.undo_stack.undoText().startswith("Import edited.xlsx (3 changes)")
    assert on_disk(doc) == after


def test_an_import_with_problems_says_where_and_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    book = tmp_path / "bad.xlsx"
    export_workbook(window, monkeypatch, book)
    edit_workbook(book, lambda b: b["Tactics"].cell(3, 1, "t99"))
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    monkeypatch.setattr(SpreadsheetActions, "ask_import_source", lambda self: str(book))
    doc = window.doc
    assert doc is not None
    before = doc.snapshot()

    menu_action(window, "Import Sp&readsheet…").trigger()

    assert len(errors) == 1
    assert errors[0].startswith("bad.xlsx was not imported; nothing was changed:\n• Tactics!A3: "
                                "unknown id 't99'")
    assert doc.undo_stack.count() == 0
    assert doc.snapshot() == before


def test_export_to_a_csv_folder(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path) -> None:
    monkeypatch.setattr(SpreadsheetActions, "ask_export_target",
                        lambda self, suggested: (str(tmp_path / "tables"), True))
    menu_action(window, "Export &Spreadsheet…").trigger()
    assert len(list((tmp_path / "tables").glob("*.csv"))) == 15
    assert window.statusBar().currentMessage() == "Exported 15 CSV files in tables"
