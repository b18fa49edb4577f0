"""The main window: one open strategy, its outline, details, health and history.

Opening another file replaces the current document; there is nothing to "save", every edit
is already in the file. Dialogs that ask for paths go through small methods (`ask_*`) so
tests can answer them.

The document's widgets and the model (SQLAlchemy, the ORM tables) are imported when a file
opens, not with this module: the empty window paints first (see views/app.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.file_facts import SUFFIX
from okrdesk.models.kinds import SINGULAR_TITLES, TASTE_SECTIONS
from okrdesk.views.file_actions import FileActions
from okrdesk.views.paper_actions import PaperActions
from okrdesk.views.welcome import WelcomePage

if TYPE_CHECKING:  # imported in open_path: see the module docstring
    from okrdesk.views.a3_tab import A3Tab
    from okrdesk.views.capture_panel import CapturePanel
    from okrdesk.views.details import DetailsTab
    from okrdesk.views.document import Document
    from okrdesk.views.health_panel import HealthPanel
    from okrdesk.views.map_tab import MapTab
    from okrdesk.views.okr_tab import OkrTab
    from okrdesk.views.outline import Outline
    from okrdesk.views.xmatrix_tab import XMatrixTab


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.doc: Document | None = None
        self.outline: Outline | None = None
        self.details: DetailsTab | None = None
        self.xmatrix: XMatrixTab | None = None
        self.maps: MapTab | None = None
        self.sheets: A3Tab | None = None
        self.okrs: OkrTab | None = None
        self.capture: CapturePanel | None = None
        self.health: HealthPanel | None = None
        self.undo_group = QUndoGroup(self)
        self.files = FileActions(self)
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff3c4; color:#3d3000; padding:6px;")
        self.banner.hide()
        self.welcome = WelcomePage(self.files)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)

        self.outline_dock = self._dock("Outline", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.outline_dock.setMinimumWidth(250)
        self.health_dock = self._dock("Health", Qt.DockWidgetArea.RightDockWidgetArea)
        self.health_dock.setMinimumWidth(220)
        self.history_dock = self._dock("History", Qt.DockWidgetArea.RightDockWidgetArea)
        self.history = QUndoView(self.undo_group)
        self.history.setEmptyLabel("Opened")
        self.history_dock.setWidget(self.history)
        self._build_menus()
        self._show_document_widgets(False)
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update_title()

    # -- building --------------------------------------------------------------------------

    def _dock(self, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        f = self.files
        file_menu.addAction(
            self._action("&New Strategy…", f.new_strategy, QKeySequence.StandardKey.New)
        )
        file_menu.addAction(self._action("&Open…", f.open_dialog, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(f.fill_recent_menu)
        file_menu.addAction(self._action("Open the &Sample Strategy", f.open_sample))
        file_menu.addSeparator()
        self.document_actions = [
            self._action("Save a &Copy As…", f.save_copy, QKeySequence.StandardKey.SaveAs),
            self._action("&Export JSON…", f.export_json),
            self._action("&Close", self.close_document, QKeySequence.StandardKey.Close),
        ]
        file_menu.addAction(self.document_actions[0])
        from okrdesk.views.template_dialog import add_template_actions  # New/Save as Template

        add_template_actions(self, file_menu)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Import JSON…", f.import_json))
        file_menu.addAction(self.document_actions[1])
        from okrdesk.views.table_import import SpreadsheetActions  # Import/Export Spreadsheet

        self.spreadsheets = SpreadsheetActions(self, file_menu)
        file_menu.addSeparator()
        self.paper = PaperActions(self)
        self.document_actions += self.paper.actions
        file_menu.addActions(self.paper.actions)
        file_menu.addSeparator()
        file_menu.addAction(self.document_actions[2])
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit = bar.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([undo, redo])
        edit.addSeparator()
        for number, kind in enumerate(TASTE_SECTIONS, start=1):
            action = self._action(
                f"Add {SINGULAR_TITLES[kind]}",
                lambda _=False, k=kind: self._add(k),
                f"Ctrl+{number}",
            )
            self.document_actions.append(action)
            edit.addAction(action)
        edit.addSeparator()
        # The outline handles these keys itself, so typing in other widgets keeps them;
        # the menu shows the keys after a tab.
        for text, slot in (
            ("Rename\tF2", self._rename_current),
            ("Delete\tDel", self._delete_selected),
            ("Move Up\tAlt+Up", lambda: self._move_current(-1)),
            ("Move Down\tAlt+Down", lambda: self._move_current(1)),
        ):
            action = self._action(text, slot)
            self.document_actions.append(action)
            edit.addAction(action)
        from okrdesk.views.image_actions import ImageActions  # images, DOT, Markdown, copy

        self.images = ImageActions(self, file_menu, edit)

        self.view_menu = bar.addMenu("&View")
        for dock in (self.outline_dock, self.health_dock, self.history_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About okrdesk", self.about))

    # -- the document ----------------------------------------------------------------------

    def open_path(self, path: Path | str, *, notices: list[str] | None = None) -> bool:
        """Open a strategy file in this window; False (with a message) when it cannot."""
        from okrdesk.models.storage import StrategyFile
        from okrdesk.views.a3_tab import A3Tab
        from okrdesk.views.capture_panel import CapturePanel
        from okrdesk.views.details import DetailsTab
        from okrdesk.views.document import Document
        from okrdesk.views.health_panel import HealthPanel
        from okrdesk.views.map_tab import MapTab
        from okrdesk.views.okr_tab import OkrTab
        from okrdesk.views.outline import Outline
        from okrdesk.views.xmatrix_tab import XMatrixTab

        path = Path(path)
        try:
            file = StrategyFile.open(path)
        except OkrdeskError as error:
            self.show_error(str(error))
            return False
        self.close_document()
        self.doc = Document(file, self)
        self.doc.error_raised.connect(self.show_error)
        self.doc.title_changed.connect(lambda _t: self._update_title())
        self.undo_group.addStack(self.doc.undo_stack)
        self.undo_group.setActiveStack(self.doc.undo_stack)
        self.outline = Outline(self.doc)
        self.details = DetailsTab(self.doc)
        self.health = HealthPanel(self.doc)
        self.xmatrix = XMatrixTab(self.doc)
        self.outline.current_element_changed.connect(self.details.show_element)
        self.health.elements_requested.connect(self._show_elements)
        # Selecting in the outline selects on the canvas, and the other way round.
        self.outline.selection_changed_ids.connect(
            lambda ids: self.xmatrix.scene.select(ids, announce=False)
        )
        self.xmatrix.scene.selection_changed_ids.connect(self.outline.select_ids)
        self.outline_dock.setWidget(self.outline)
        self.health_dock.setWidget(self.health)
        self.maps = MapTab(self.doc)
        self.sheets = A3Tab(self.doc)
        self.okrs = OkrTab(self.doc)
        self.capture = CapturePanel(self.doc)
        self.capture.current_element_changed.connect(self.details.show_element)
        self.tabs.addTab(self.xmatrix, "X-Matrix")
        self.tabs.addTab(self.capture, "Capture")
        self.tabs.addTab(self.maps, "Maps")
        self.tabs.addTab(self.sheets, "A3 Sheets")
        self.tabs.addTab(self.okrs, "OKRs")
        self.tabs.addTab(self.details, "Details")
        self._show_document_widgets(True)
        self._set_banner(list(notices or []) + file.notices)
        self.files.remember(path)
        self._update_title()
        first = self.doc.snapshot().true_north() or next(iter(self.doc.snapshot().elements), None)
        if first is not None:
            self.outline.select_ids([first.id])
        self.outline.setFocus()
        return True

    def close_document(self) -> None:
        if self.doc is None:
            return
        if self.details is not None:
            self.details.notes.commit()
        if self.sheets is not None:
            self.sheets.editor.commit()
        if self.okrs is not None:
            self.okrs.commit()
        self.tabs.clear()
        for dock in (self.outline_dock, self.health_dock):
            old = dock.widget()
            dock.setWidget(QWidget())
            if old is not None:
                old.deleteLater()
        for tab in (self.details, self.xmatrix, self.maps, self.sheets, self.okrs, self.capture):
            if tab is not None:
                tab.deleteLater()
        self.undo_group.removeStack(self.doc.undo_stack)
        self.doc.close()
        self.doc.deleteLater()
        self.doc = self.outline = self.details = self.health = None
        self.xmatrix = self.maps = self.sheets = self.okrs = self.capture = None
        self._set_banner([])
        self._show_document_widgets(False)
        self._update_title()

    def _show_document_widgets(self, shown: bool) -> None:
        self.stack.setCurrentWidget(self.tabs if shown else self.welcome)
        for dock in (self.outline_dock, self.health_dock, self.history_dock):
            dock.setVisible(shown)
        for action in self.document_actions:
            action.setEnabled(shown)

    def _set_banner(self, notices: list[str]) -> None:
        if (
            self.doc is not None
            and self.doc.read_only
            and not any("read-only" in n for n in notices)
        ):
            notices = [*notices, "Opened read-only: edits are off."]
        self.banner.setText("\n".join(notices))
        self.banner.setVisible(bool(notices))

    def _update_title(self) -> None:
        if self.doc is None:
            self.setWindowTitle("okrdesk")
            self.setWindowFilePath("")
            return
        suffix = " [read-only]" if self.doc.read_only else ""
        self.setWindowFilePath(str(self.doc.file.path))
        self.setWindowTitle(f"{self.doc.file.path.name}{suffix} — okrdesk")

    # -- edit actions ----------------------------------------------------------------------

    def _show_elements(self, ids: list[str]) -> None:
        """A health finding was clicked: select what it names, on the map when it is there."""
        if self.outline is not None:
            self.outline.select_ids(ids)
        scene = self.maps.scene if self.maps is not None else None
        if self.maps is not None and scene is not None and any(i in scene.cards for i in ids):
            self.tabs.setCurrentWidget(self.maps)
            scene.select(ids)
            return
        okr_ids = [i for i in ids if self._is_okr_item(i)]
        if self.okrs is not None and okr_ids:  # an OKR finding: show it in the OKRs tab
            self.tabs.setCurrentWidget(self.okrs)
            self.okrs.tree.select_id(okr_ids[0])

    def _is_okr_item(self, item_id: str) -> bool:
        snap = self.doc.snapshot() if self.doc is not None else None
        return snap is not None and (
            snap.objective(item_id) is not None or snap.key_result(item_id) is not None
        )

    def _add(self, kind: object) -> None:
        if self.outline is not None:
            self.outline.add_to_section(kind)  # type: ignore[arg-type]

    def _rename_current(self) -> None:
        item = self.outline.currentItem() if self.outline is not None else None
        if self.outline is not None and item is not None:
            self.outline.editItem(item, 0)

    def _move_current(self, step: int) -> None:
        if self.outline is not None:
            self.outline.move_current(step)

    def _delete_selected(self) -> None:
        if self.outline is not None:
            self.outline.delete_selected()

    # -- messages --------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "okrdesk", message)

    def about(self) -> None:
        from okrdesk.views.about import show_about

        show_about(self)

    # -- window events ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.close_document()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_strategy(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_strategy(event.mimeData().urls())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)


def _dropped_strategy(urls: list) -> Path | None:  # type: ignore[type-arg]
    for url in urls:
        if url.isLocalFile() and url.toLocalFile().endswith(SUFFIX):
            return Path(url.toLocalFile())
    return None
