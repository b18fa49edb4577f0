"""File ▸ Export Spreadsheet… and File ▸ Import Spreadsheet… (docs/spreadsheets.md).

Export writes an .xlsx workbook, or one CSV file per table into a folder. Import reads a
workbook or a CSV folder (pick any of its .csv files), lists every change grouped by table
in a preview, and applies them as ONE undo step. Rows missing from the spreadsheet are
removed only when the user ticks the box that says how many. openpyxl is loaded only when
one of these actions runs, never at start-up, and so does the database layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QColor, QFont, QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.errors import ImportProblem, OkrdeskError

if TYPE_CHECKING:  # the model loads when an action runs: the window paints first
    from okrdesk.models.table_changes import AppliedChanges, ChangePlan
    from okrdesk.views.document import Document
    from okrdesk.views.main_window import MainWindow

WORKBOOK_FILTER = "Excel workbook (*.xlsx)"
CSV_FILTER = "CSV files, one per table, in a folder (*.csv)"
EXPORT_TEXT, IMPORT_TEXT = "Export &Spreadsheet…", "Import Sp&readsheet…"
MAX_LISTED_PROBLEMS = 20


class SpreadsheetActions:
    """The two File menu actions; the dialogs go through `ask_*` so tests can answer them."""

    def __init__(self, window: MainWindow, file_menu: QMenu) -> None:
        self.window = window
        self.export_action = QAction(EXPORT_TEXT, window)
        self.export_action.triggered.connect(self.export_spreadsheet)
        self.import_action = QAction(IMPORT_TEXT, window)
        self.import_action.triggered.connect(self.import_spreadsheet)
        file_menu.addActions([self.import_action, self.export_action])
        window.document_actions += [self.import_action, self.export_action]

    # Dialogs, kept apart so tests can answer them.
    def ask_export_target(self, suggested: str) -> tuple[str, bool]:
        """(path, as a CSV folder?) or ("", False) when cancelled."""
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export spreadsheet", suggested, f"{WORKBOOK_FILTER};;{CSV_FILTER}")
        return path, chosen == CSV_FILTER

    def ask_import_source(self) -> str:
        return QFileDialog.getOpenFileName(
            self.window, "Import spreadsheet", "", f"{WORKBOOK_FILTER};;{CSV_FILTER}")[0]

    def preview(self, plans: tuple[ChangePlan, ChangePlan], source: str) -> ChangePlan | None:
        """The plan the user applies from the preview dialog, or None."""
        dialog = PreviewDialog(plans, source, self.window)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    # Actions.
    def export_spreadsheet(self) -> None:
        from okrdesk.models.atomic import write_bytes_atomic

        doc = self.window.doc
        if doc is None:
            return
        stem = doc.file.path.with_suffix("")
        answer, as_folder = self.ask_export_target(f"{stem}.xlsx")
        if not answer:
            return
        target = Path(answer)
        try:
            if as_folder or target.suffix.lower() == ".csv":
                from okrdesk.models.csv_folder import write_csv_folder

                folder = target.with_suffix("") if target.suffix else target
                written = write_csv_folder(doc.snapshot(), folder)
                shown = f"{len(written)} CSV files in {folder.name}"
            else:
                from okrdesk.export.workbook import workbook_bytes

                target = target if target.suffix.lower() == ".xlsx" else Path(f"{target}.xlsx")
                write_bytes_atomic(target, workbook_bytes(doc.snapshot()))
                shown = target.name
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self.window.statusBar().showMessage(f"Exported {shown}", 5000)

    def import_spreadsheet(self) -> None:
        from okrdesk.models.table_import import plan_import, read_spreadsheet

        doc = self.window.doc
        if doc is None:
            return
        answer = self.ask_import_source()
        if not answer:
            return
        source = Path(answer)
        if source.suffix.lower() == ".csv":  # one of the folder's tables: the folder it is in
            source = source.parent
        try:
            tables = read_spreadsheet(source)
            plans = tuple(plan_import(doc.model, tables, prune=p, snapshot=doc.snapshot())
                          for p in (False, True))
        except ImportProblem as problem:
            self.window.show_error(_problem_text(source.name, problem))
            return
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        chosen = self.preview((plans[0], plans[1]), source.name)
        if chosen is not None and not chosen.empty:
            doc.push(ImportSpreadsheet(doc, chosen, source.name))


def _problem_text(name: str, problem: ImportProblem) -> str:
    listing = "\n".join(f"• {where}: {what}"
                        for where, what in problem.problems[:MAX_LISTED_PROBLEMS])
    more = len(problem.problems) - MAX_LISTED_PROBLEMS
    extra = f"\n…and {more} more." if more > 0 else ""
    return f"{name} was not imported; nothing was changed:\n{listing}{extra}"


class PreviewDialog(QDialog):
    """Every change grouped by table; a box to also remove the rows missing from the sheet."""

    def __init__(self, plans: tuple[ChangePlan, ChangePlan], source: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plans = plans
        self.setWindowTitle(f"Import {source}")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Change", "Cell"])
        self.tree.setColumnWidth(0, 560)
        count = len(plans[0].removals)
        self.prune = QCheckBox(
            f"Also remove {count} row{'s' if count != 1 else ''} that "
            f"{'are' if count != 1 else 'is'} missing from the spreadsheet")
        self.prune.setVisible(count > 0)
        self.prune.toggled.connect(self._show)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.summary, self.tree, self.prune, self.buttons):
            layout.addWidget(widget)
        self._show()

    def chosen(self) -> ChangePlan:
        return self.plans[1] if self.prune.isChecked() else self.plans[0]

    def _show(self) -> None:
        plan = self.chosen()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        grey = QColor("#777777")
        for change in plan.changes:
            group = groups.get(change.table)
            if group is None:
                group = groups[change.table] = QTreeWidgetItem(self.tree, [change.table])
                font = QFont(group.font(0))
                font.setBold(True)
                group.setFont(0, font)
            held = change.removal and not plan.prune
            text = change.text + (" (kept: tick the box below to remove)" if held else "")
            item = QTreeWidgetItem(group, [text, change.where])
            item.setToolTip(0, change.text)
            if held:
                item.setForeground(0, grey)
        for table, group in groups.items():
            group.setText(0, f"{table} ({group.childCount()})")
        self.tree.expandAll()
        made = len([c for c in plan.changes if plan.prune or not c.removal])
        self.summary.setText(
            f"{made} change{'s' if made != 1 else ''} to apply as one step (Edit ▸ Undo takes "
            "them all back)." if made else "The spreadsheet matches the strategy: nothing to "
            "change.")
        self.apply_button.setEnabled(not plan.empty)


class ImportSpreadsheet(QUndoCommand):
    """A whole spreadsheet import as one undo step: undo takes back every change in one
    transaction, redo makes them again with the same new ids."""

    def __init__(self, doc: Document, plan: ChangePlan, source: str) -> None:
        made = len(plan.steps)
        super().__init__(f"Import {source} ({made} change{'s' if made != 1 else ''})")
        self.doc, self.plan = doc, plan
        self.applied: AppliedChanges | None = None
        # What views must look at again: every element and OKR before, and the new rows.
        snap = doc.snapshot()
        elements = [e.id for e in snap.elements] + plan.new_ids
        okrs = [o.id for o in snap.objectives] + [k.id for k in snap.key_results] + plan.new_ids
        self.touched = {"elements": elements, "links": elements, "maps": True, "okrs": okrs}

    def redo(self) -> None:
        from okrdesk.models.table_changes import apply_plan

        def change() -> None:
            self.applied = apply_plan(self.doc.model, self.plan)

        try:
            self.doc.apply(change, **self.touched)  # type: ignore[arg-type]
        except OkrdeskError as error:
            self.setObsolete(True)
            self.doc.report(error)

    def undo(self) -> None:
        from okrdesk.models.table_changes import undo_applied

        applied = self.applied
        if applied is None:
            return
        try:
            self.doc.apply(lambda: undo_applied(self.doc.model, applied),
                           **self.touched)  # type: ignore[arg-type]
        except OkrdeskError as error:
            self.doc.report(error)
