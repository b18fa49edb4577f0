"""File menu actions that put the strategy on paper: Export PDF, the client pack, Print Preview
and Print.

What prints is the current tab's view (the X-Matrix, the map shown on the Maps tab, the A3
sheet shown on the A3 Sheets tab), asked of `okrdesk.export.pages.build_pages`, the same
function the command line uses. The X-Matrix prints on the paper saved with it; anything else
on the paper chosen here (remembered between sessions). A picture too large for the paper is
explained, with an offer to tile it across pages. Dialogs go through `ask_*` methods so tests
can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QWidget,
)

from okrdesk.layout.paper import LABELS, SIZES, Paper
from okrdesk.models.atomic import write_bytes_atomic
from okrdesk.models.errors import OkrdeskError
from okrdesk.views.file_actions import suggested_name, with_suffix

if TYPE_CHECKING:  # the page builder loads when pages are asked for, not at start-up
    from okrdesk.export.pages import PageSet
    from okrdesk.views.main_window import MainWindow

PDF_FILTER = "PDF (*.pdf)"
XMATRIX_SETTINGS_KEY = "xmatrix"  # where the X-Matrix tab saves its options in the file


@dataclass(frozen=True)
class PaperChoice:
    paper: Paper
    tile: bool = False


def _flag(value: object, default: bool) -> bool:
    """A boolean from QSettings (an ini file hands back the strings "true"/"false")."""
    if isinstance(value, str):
        return value.lower() == "true"
    return default if value is None else bool(value)


def load_choice(settings: QSettings) -> PaperChoice:
    name = settings.value("paper/size", "A3")
    if not isinstance(name, str) or name not in SIZES:
        name = "A3"
    landscape = _flag(settings.value("paper/landscape"), True)
    return PaperChoice(Paper(name, landscape), _flag(settings.value("paper/tile"), False))


def save_choice(settings: QSettings, choice: PaperChoice) -> None:
    settings.setValue("paper/size", choice.paper.name)
    settings.setValue("paper/landscape", choice.paper.landscape)
    settings.setValue("paper/tile", choice.tile)


class PaperDialog(QDialog):
    """The small paper chooser: size, orientation, and whether to tile what is too large."""

    def __init__(self, choice: PaperChoice, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Paper for {what}")
        self.size_box = QComboBox()
        self.size_box.setAccessibleName("Paper size")
        for name in SIZES:
            self.size_box.addItem(LABELS.get(name, name), name)
        self.size_box.setCurrentIndex(max(0, self.size_box.findData(choice.paper.name)))
        self.orientation = QComboBox()
        self.orientation.setAccessibleName("Orientation")
        self.orientation.addItem("Landscape", True)
        self.orientation.addItem("Portrait", False)
        self.orientation.setCurrentIndex(0 if choice.paper.landscape else 1)
        self.tile = QCheckBox("Tile across pages when too large")
        self.tile.setChecked(choice.tile)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow("Paper size", self.size_box)
        form.addRow("Orientation", self.orientation)
        form.addRow(self.tile)
        form.addRow(buttons)

    def choice(self) -> PaperChoice:
        paper = Paper(str(self.size_box.currentData()), bool(self.orientation.currentData()))
        return PaperChoice(paper, self.tile.isChecked())


class PaperActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.preview: QPrintPreviewDialog | None = None
        self.export_pdf_action = self._action("Export P&DF…", self.export_pdf, "Ctrl+E")
        self.export_pack_action = self._action("Export Client Pac&k…", self.export_pack)
        self.export_scoreboard_action = self._action(
            "Export OKR &Scoreboard…", self.export_scoreboard
        )
        self.preview_action = self._action("Print Pre&view…", self.print_preview)
        self.print_action = self._action("&Print…", self.print, QKeySequence.StandardKey.Print)
        self.actions = [
            self.export_pdf_action,
            self.export_pack_action,
            self.export_scoreboard_action,
            self.preview_action,
            self.print_action,
        ]

    def _action(
        self,
        text: str,
        slot: Callable[[], None],
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # Dialogs, kept apart so tests can answer them.
    def ask_paper(self, what: str) -> PaperChoice | None:
        dialog = PaperDialog(load_choice(self.window.settings), what, self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.choice() if accepted else None

    def ask_tile(self, message: str) -> bool:
        answer = QMessageBox.question(
            self.window, "okrdesk", f"{message}\n\nTile it across several pages?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_printer(self, pages: PageSet) -> QPrinter | None:
        from okrdesk.views import printing  # the fonts load when printing, not at start-up

        return printing.ask_printer(self.window, pages)

    def show_warnings(self, done: str, messages: list[str]) -> None:
        listing = "\n".join(f"• {m}" for m in messages[:12])
        more = f"\n…and {len(messages) - 12} more." if len(messages) > 12 else ""
        QMessageBox.information(self.window, "okrdesk", f"{done}, with warnings:\n{listing}{more}")

    # What to print.
    def current_view(self) -> str | None:
        """The view of the tab in front, or None (with a message) when it has nothing."""
        window, doc = self.window, self.window.doc
        current = window.tabs.currentWidget()
        if doc is not None and window.maps is not None and current is window.maps:
            from okrdesk.layout.map_views import VIEW_OF_KIND

            scene = window.maps.scene
            map_data = doc.snapshot().map(scene.map_id) if scene is not None else None
            if map_data is None:
                window.show_error("There is no map to print yet: add one with “New map”.")
                return None
            return f"{VIEW_OF_KIND[map_data.kind]}:{map_data.id}"
        sheets = getattr(window, "sheets", None)  # the A3 Sheets tab, when there is one
        current_sheet_id = getattr(sheets, "current_sheet_id", None)
        if current_sheet_id is not None and current is sheets:
            sheet_id = current_sheet_id()
            if not sheet_id:
                window.show_error("There is no A3 sheet to print yet: add one first.")
                return None
            return f"a3:{sheet_id}"
        if doc is not None and current is not None and current is getattr(window, "okrs", None):
            if not doc.snapshot().objectives:
                window.show_error("There are no objectives to print yet: add one first.")
                return None
            return "okr"  # every objective's one-pager (the scoreboard has its own action)
        return "xmatrix"  # the X-Matrix tab, and the tabs that have no picture of their own

    def pages_for(self, view: str) -> PageSet | None:
        """The pages of `view` on the paper asked for; None when cancelled or refused (the
        user has been told why)."""
        from okrdesk.export.pages import PageRequest, PaperTooSmall, build_pages

        doc = self.window.doc
        if doc is None:
            return None
        self._commit_typing()
        paper: Paper | None = None  # the X-Matrix prints on the paper saved with it
        tile = False
        if view != "xmatrix":
            asked = self.ask_paper("the client pack" if view == "pack" else "this view")
            if asked is None:
                return None
            save_choice(self.window.settings, asked)
            paper, tile = asked.paper, asked.tile
        stored = doc.model.setting(XMATRIX_SETTINGS_KEY, {})
        saved = stored if isinstance(stored, dict) else {}
        request = PageRequest(view, paper, tile)
        try:
            return build_pages(doc.snapshot(), request, saved)
        except PaperTooSmall as too_large:  # it says how many tiled pages it would take
            if not self.ask_tile(str(too_large)):
                return None
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return None
        try:
            return build_pages(doc.snapshot(), replace(request, tile=True), saved)
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return None

    def _commit_typing(self) -> None:
        """Text still being typed (notes, an A3 section, an OKR field) goes into the file
        first, so what prints is what the screen shows."""
        window = self.window
        for editor in (
            getattr(window.details, "notes", None),
            getattr(getattr(window, "sheets", None), "editor", None),
            getattr(window, "okrs", None),
        ):
            commit = getattr(editor, "commit", None)
            if commit is not None:
                commit()

    # Actions.
    def export_pdf(self) -> None:
        view = self.current_view()
        if view is not None:
            self._export(view, "Export PDF", "")

    def export_pack(self) -> None:
        self._export("pack", "Export client pack", " client pack")

    def export_scoreboard(self) -> None:
        self._export("scoreboard", "Export OKR scoreboard", " scoreboard")

    def _export(self, view: str, caption: str, name_suffix: str) -> None:
        from okrdesk.export.pdf import render_page_set

        doc = self.window.doc
        pages = self.pages_for(view) if doc is not None else None
        if doc is None or pages is None:
            return
        what = name_suffix or f" {pages.title.rpartition(': ')[2]}"  # "Acme: X-Matrix"
        suggested = suggested_name(f"{doc.file.path.stem}{what}", ".pdf")
        answer = self.window.files.ask_save_path(caption, PDF_FILTER, suggested)
        if not answer:
            return
        target = with_suffix(answer, ".pdf")
        if self.window.files.is_open(target):
            self.window.show_error(f"{target.name} is the strategy open now; choose another name.")
            return
        try:
            content, report = render_page_set(pages)
            write_bytes_atomic(target, content)
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        done = f"Exported {target.name} ({_pages(report.pages)})"
        self.window.statusBar().showMessage(done, 5000)
        if report.messages():
            self.show_warnings(done, report.messages())

    def print_preview(self) -> None:
        view = self.current_view()
        pages = self.pages_for(view) if view is not None else None
        if pages is not None:
            from okrdesk.views import printing

            self.preview = printing.open_preview(self.window, pages)

    def print(self) -> None:
        view = self.current_view()
        pages = self.pages_for(view) if view is not None else None
        if pages is None:
            return
        printer = self.ask_printer(pages)
        if printer is None:
            return
        from okrdesk.views import printing

        printed = printing.print_pages(printer, pages)
        done = f"Printed {_pages(printed)} of {pages.title}"
        self.window.statusBar().showMessage(done, 5000)
        if pages.warnings:
            self.show_warnings(done, pages.warnings)


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"
