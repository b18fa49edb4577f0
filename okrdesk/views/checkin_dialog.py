"""The weekly check-in, keyboard-fast: one row per key result of the current period.

Each row shows where the key result stands (its last value and date, and its target) and
takes a value, a confidence from 0 to 10 (prefilled with the last check-in's, or 5 for the
first) and a note. Type a value, Tab to the confidence, Tab to the note; Enter (or Tab from
the note) goes to the next key result's value. Ctrl+Enter saves every row that has a value
as ONE undo step; Esc cancels. Rows left empty are not checked in. The date defaults to today
and can be changed; a second check-in on a date replaces that date's, the history stays.

A value that is not a number keeps the dialog open: the row is marked and the message names
the key result, nothing is saved until it is fixed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from okrdesk.layout.okr_format import day, parse_date, with_unit
from okrdesk.models.okr_data import CheckInData, KeyResultData
from okrdesk.models.okr_scoring import default_confidence
from okrdesk.models.snapshot import Snapshot
from okrdesk.views.document import Document
from okrdesk.views.okr_widgets import parse_number

BAD_STYLE = "border: 2px solid #b3261e;"
HEADINGS = ("Key result", "Last", "Target", "Value", "Confidence", "Note")
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def key_results_due(snapshot: Snapshot, on: dt.date) -> list[KeyResultData]:
    """The key results of the objectives whose period includes `on` (or that have no
    period), in the objectives' order; every key result when that leaves none."""
    due: list[KeyResultData] = []
    for objective in snapshot.objectives:
        start, end = parse_date(objective.period_start), parse_date(objective.period_end)
        if (start is None or start <= on) and (end is None or on <= end):
            due += snapshot.key_results_of(objective.id)
    return due or list(snapshot.key_results)


@dataclass
class CheckInRow:
    kr: KeyResultData
    value: QLineEdit
    confidence: QSpinBox
    note: QLineEdit


class CheckInDialog(QDialog):
    def __init__(
        self, doc: Document, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("Check in")
        self.resize(900, 420)
        on = today or dt.date.today()
        self.date = QDateEdit(QDate(on.year, on.month, on.day))
        self.date.setAccessibleName("Check-in date")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.rows: list[CheckInRow] = []
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("Save all (Ctrl+Enter)")
        self.cancel_button = QPushButton("Cancel (Esc)")
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter moves between rows; it never clicks these
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        for column, heading in enumerate(HEADINGS):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        snap = doc.snapshot()
        row, shown = 1, ""
        for kr in key_results_due(snap, on):
            objective = snap.objective(kr.objective)
            if objective is not None and objective.id != shown:
                self._add_heading(grid, row, objective.title or "Untitled objective")
                row, shown = row + 1, objective.id
            self._add_row(grid, row, snap, kr)
            row += 1
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(5, 2)
        grid.setRowStretch(row, 1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(grid_host)
        top = QHBoxLayout()
        top.addWidget(QLabel("Date"))
        top.addWidget(self.date)
        top.addStretch(1)
        hint = "Type a value, Tab to confidence and note; Enter: next key result."
        top.addWidget(QLabel(hint))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(area, 1)
        layout.addLayout(buttons)
        self._chain_tabs()
        self.date.installEventFilter(self)
        if not self.rows:
            self.status.setText("There are no key results to check in on yet.")
            self.save_button.setEnabled(False)

    def _add_heading(self, grid: QGridLayout, row: int, title: str) -> None:
        heading = QLabel(title)
        heading.setTextFormat(Qt.TextFormat.PlainText)  # user text is data, never markup
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        grid.addWidget(heading, row, 0, 1, len(HEADINGS))

    def _add_row(self, grid: QGridLayout, row: int, snap: Snapshot, kr: KeyResultData) -> None:
        latest = snap.latest_check_in(kr.id)
        last = f"{with_unit(latest.value, kr.unit)} on {day(latest.date)}" if latest else "none yet"
        value = QLineEdit()
        value.setAccessibleName(f"Value of {kr.title}")
        value.setPlaceholderText("value")
        confidence = QSpinBox()
        confidence.setRange(0, 10)
        confidence.setValue(default_confidence(kr.id, snap))
        confidence.setAccessibleName(f"Confidence of {kr.title}")
        note = QLineEdit()
        note.setAccessibleName(f"Note on {kr.title}")
        note.setPlaceholderText("What changed?")
        labels = [
            QLabel(kr.title or "Untitled key result"),
            QLabel(last),
            QLabel(with_unit(kr.target, kr.unit)),
        ]
        for label in labels:
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        labels[0].setIndent(12)
        for column, widget in enumerate([*labels, value, confidence, note]):
            grid.addWidget(widget, row, column)
        for field in (value, confidence, note):
            field.installEventFilter(self)
        self.rows.append(CheckInRow(kr, value, confidence, note))

    def _chain_tabs(self) -> None:
        chain: list[QWidget] = [self.date]
        for row in self.rows:
            chain += [row.value, row.confidence, row.note]
        chain += [self.save_button, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        if self.rows:
            self.rows[0].value.setFocus()

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in ENTER_KEYS
        ):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.save()
            else:
                self._next_row(watched)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in ENTER_KEYS and ctrl:
            self.save()
        elif event.key() in ENTER_KEYS:
            event.accept()  # never a default button
        else:
            super().keyPressEvent(event)

    def _next_row(self, watched: QObject) -> None:
        index = next(
            (i for i, r in enumerate(self.rows) if watched in (r.value, r.confidence, r.note)),
            -1,
        )
        if index + 1 < len(self.rows):
            target = self.rows[index + 1].value
            target.setFocus(Qt.FocusReason.TabFocusReason)
            target.selectAll()
        else:
            self.status.setText("That was the last key result: Ctrl+Enter saves them all.")
            self.save_button.setFocus()

    # -- saving ----------------------------------------------------------------------------

    def check_ins(self) -> list[CheckInData] | None:
        """What the rows say, or None (with the row marked and a message) when a value is
        not a number."""
        on = self.date.date().toString("yyyy-MM-dd")
        out: list[CheckInData] = []
        for row in self.rows:
            row.value.setStyleSheet("")
            if not row.value.text().strip():
                continue
            try:
                value = parse_number(row.value.text())
            except ValueError as problem:
                row.value.setStyleSheet(BAD_STYLE)
                row.value.setFocus()
                self.status.setText(f"{row.kr.title}: {problem}")
                return None
            out.append(
                CheckInData(row.kr.id, on, value, row.confidence.value(), row.note.text().strip())
            )
        return out

    def save(self) -> None:
        check_ins = self.check_ins()
        if check_ins is None:
            return
        if not check_ins:
            self.status.setText("Type a value for at least one key result, or press Esc.")
            return
        if self.doc.check_in(check_ins):
            self.accept()
