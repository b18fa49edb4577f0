"""What the window shows with no strategy open: the three ways to start; and, for the moment
between the first paint and a file given on the command line being open, which file is
opening (the buttons wait)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from okrdesk.views.file_actions import FileActions

HEADING = (
    "<h2>okrdesk</h2><p>Model your strategy offline: True North, "
    "Aspirations, Strategies, Tactics and Evidence, in one local file.</p>"
)


class WelcomePage(QWidget):
    def __init__(self, files: FileActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(HEADING)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.opening = QLabel()
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setWordWrap(True)
        self.opening.setTextFormat(Qt.TextFormat.PlainText)  # a file name is not markup
        self.opening.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.opening)
        self.buttons: list[QPushButton] = []
        for text, slot in (
            ("New strategy…", files.new_strategy),
            ("Open a strategy…", files.open_dialog),
            ("Explore the sample strategy", files.open_sample),
        ):
            button = QPushButton(text)
            button.setMinimumWidth(260)
            button.clicked.connect(slot)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons.append(button)
        layout.addStretch(2)

    def show_opening(self, what: str | None) -> None:
        """Say that `what` (a file name) is opening and hold the buttons; None: the usual
        page again (the file is open, or could not be and a message said why)."""
        self.opening.setText(f"Opening {what}…" if what else "")
        self.opening.setVisible(bool(what))
        for button in self.buttons:
            button.setEnabled(not what)
