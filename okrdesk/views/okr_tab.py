"""The OKRs tab: objectives and their key results, the editor of the one chosen, and its picture.

Left: the tree (okrdesk.views.okr_tree) with buttons to add, move and delete, and "Check in…"
(Ctrl+K) for the weekly check-in dialog. Middle: the objective's or the key result's editor.
Right: for a key result its trend chart, for an objective its one-pager page: the very
pictures the PDF prints (okrdesk.layout), drawn by the screen painter.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.layout.okr_chart import chart_picture
from okrdesk.layout.okr_pages import objective_picture
from okrdesk.layout.picture import Picture
from okrdesk.views.checkin_dialog import CheckInDialog
from okrdesk.views.document import Document
from okrdesk.views.okr_kr_editor import KeyResultEditor
from okrdesk.views.okr_objective_editor import ObjectiveEditor
from okrdesk.views.okr_tree import OkrTree
from okrdesk.views.picture_view import PictureView

CHART_FONT = 9.0
MIN_CHART = (320.0, 200.0)  # points: the smallest chart laid out, however small the view
HINT = (
    "Ctrl+Insert adds an objective, Insert a key result to it. "
    "Each week, Check in… (Ctrl+K) records every key result's value and confidence."
)


class OkrTab(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.checkin_dialog: CheckInDialog | None = None
        self.today: dt.date | None = None  # tests pin the dialog's date
        self.tree = OkrTree(doc)
        self.objective_editor = ObjectiveEditor(doc)
        self.kr_editor = KeyResultEditor(doc)
        self.empty = QLabel(HINT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.editors = QStackedWidget()
        for widget in (self.empty, self.objective_editor, self.kr_editor):
            self.editors.addWidget(widget)
        self.picture_view = PictureView("OKR picture")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in (
            ("New objective", self.tree.add_objective),
            ("New key result", self.tree.add_key_result),
            ("Up", lambda: self.tree.move_current(-1)),
            ("Down", lambda: self.tree.move_current(1)),
            ("Delete", self.tree.delete_current),
            ("Check in…", self.open_check_in),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            self.buttons[text] = button
        self.buttons["New objective"].setToolTip("Ctrl+Insert")
        self.buttons["New key result"].setToolTip("Insert")
        self.buttons["Check in…"].setToolTip("Ctrl+K")
        self.check_in_action = QAction("Check in…", self)
        self.check_in_action.setShortcut(QKeySequence("Ctrl+K"))
        self.check_in_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.check_in_action.triggered.connect(lambda _c=False: self.open_check_in())
        self.addAction(self.check_in_action)
        self._layout()
        self.tree.current_changed.connect(self._picked)
        self.picture_view.resized.connect(self._view_resized)
        doc.okrs_changed.connect(lambda _ids: self._refresh())
        doc.elements_changed.connect(lambda _ids: self._refresh())
        doc.title_changed.connect(lambda _t: self._refresh())
        self._picked(*self.tree.current())

    def _layout(self) -> None:
        b = self.buttons
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.tree, 1)
        adds = QHBoxLayout()
        adds.addWidget(b["New objective"])
        adds.addWidget(b["New key result"])
        moves = QHBoxLayout()
        for name in ("Up", "Down", "Delete"):
            moves.addWidget(b[name])
        column.addLayout(adds)
        column.addLayout(moves)
        column.addWidget(b["Check in…"])
        page = QWidget()
        below = QVBoxLayout(page)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.picture_view, 1)
        below.addWidget(self.caption)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.editors)
        right.addWidget(page)
        right.setStretchFactor(1, 1)
        right.setSizes([300, 500])
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(split)

    # -- what is shown ---------------------------------------------------------------------

    def current_picture(self) -> Picture | None:
        """The chosen key result's trend chart, or the chosen objective with its key results
        as the one-pager prints them."""
        kind, item_id = self.tree.current()
        snap = self.doc.snapshot()
        if kind == "key_result" and (kr := snap.key_result(item_id)) is not None:
            objective = snap.objective(kr.objective)
            period = (objective.period_start, objective.period_end) if objective else ("", "")
            width, height = self._chart_size()
            return chart_picture(
                kr,
                snap.check_ins_of(kr.id),
                width,
                height,
                start=period[0],
                end=period[1],
                font=CHART_FONT,
            )
        if kind == "objective":
            return objective_picture(snap, item_id, self._chart_size()[0])
        return None

    def _chart_size(self) -> tuple[float, float]:
        """The chart is laid out for the view, one point per pixel, so its text is as large
        on screen as it is on paper; no taller than wide × 0.6."""
        viewport = self.picture_view.viewport().size()
        width = max(MIN_CHART[0], viewport.width() - 12.0)
        height = max(MIN_CHART[1], min(viewport.height() - 12.0, width * 0.6))
        return width, height

    def commit(self) -> None:
        """Save what is still being typed into the editor shown."""
        self.objective_editor.commit()
        self.kr_editor.commit()

    def _picked(self, kind: str, item_id: str) -> None:
        if kind == "objective":
            self.objective_editor.show_objective(item_id)
            self.editors.setCurrentWidget(self.objective_editor)
        elif kind == "key_result":
            self.kr_editor.show_key_result(item_id)
            self.editors.setCurrentWidget(self.kr_editor)
        else:
            self.editors.setCurrentWidget(self.empty)
        self._refresh_picture()
        self._update_buttons()

    def _refresh(self) -> None:
        kind, _item_id = self.tree.current()
        if kind == "objective":
            self.objective_editor.load()
        elif kind == "key_result":
            self.kr_editor.load()
        self._refresh_picture()
        self._update_buttons()

    def _refresh_picture(self) -> None:
        picture = self.current_picture()
        self.picture_view.show_picture(picture)
        kind, _item_id = self.tree.current()
        words = {
            "key_result": "Trend: the value against its target, confidence beneath.",
            "objective": "As it prints: File ▸ Export PDF prints every objective's one-pager.",
        }
        self.caption.setText(words.get(kind, ""))

    def _view_resized(self) -> None:
        if self.tree.current()[0]:
            self._refresh_picture()

    def _update_buttons(self) -> None:
        editable = not self.doc.read_only
        kind, _item_id = self.tree.current()
        snap = self.doc.snapshot()
        enabled = {
            "New objective": editable,
            "New key result": editable and bool(kind),
            "Up": editable and bool(kind),
            "Down": editable and bool(kind),
            "Delete": editable and bool(kind),
            "Check in…": editable and bool(snap.key_results),
        }
        for name, on in enabled.items():
            self.buttons[name].setEnabled(on)
        self.check_in_action.setEnabled(enabled["Check in…"])

    # -- check-ins -------------------------------------------------------------------------

    def open_check_in(self) -> CheckInDialog | None:
        """Open the check-in dialog (window-modal); its Ctrl+Enter records the check-ins."""
        if self.doc.read_only or not self.doc.snapshot().key_results:
            return None
        dialog = CheckInDialog(self.doc, self, today=self.today)
        dialog.finished.connect(dialog.deleteLater)
        self.checkin_dialog = dialog
        dialog.open()
        return dialog
