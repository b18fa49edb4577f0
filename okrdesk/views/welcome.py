"""What the window shows with no strategy open: the three ways to start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from okrdesk.views.file_actions import FileActions


class WelcomePage(QWidget):
    def __init__(self, files: FileActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(
            "<h2>okrdesk</h2><p>Model your strategy offline: True North, "
            "Aspirations, Strategies, Tactics and Evidence, in one local file.</p>"
        )
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        for text, slot in (
            ("New strategy…", files.new_strategy),
            ("Open a strategy…", files.open_dialog),
            ("Explore the sample strategy", files.open_sample),
        ):
            button = QPushButton(text)
            button.setMinimumWidth(260)
            button.clicked.connect(slot)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
