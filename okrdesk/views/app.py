"""Starting the GUI: the QApplication, the main window and what it opens first."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from okrdesk import __version__
from okrdesk.views.about import app_icon
from okrdesk.views.main_window import MainWindow


def make_app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    # These names place QSettings and QStandardPaths in the platform's standard places
    # (~/.config/okrdesk/okrdesk.conf and ~/.local/share/okrdesk/okrdesk on Linux).
    app.setOrganizationName("okrdesk")
    app.setApplicationName("okrdesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    # Wayland shows the icon of the .desktop file of this name (scripts/install-desktop).
    app.setDesktopFileName("okrdesk")
    return app


def run_gui(path: Path | None = None, *, demo: bool = False, screenshot: Path | None = None) -> int:
    """Show the main window on `path` (or a fresh sample with demo) and run until it closes.

    With `screenshot`, paint once, save the window as PNG and quit: used for docs and
    smoke tests.
    """
    app = make_app()
    window = MainWindow(QSettings())
    window.show()
    if demo:
        window.files.open_sample()
    elif path is not None:
        window.open_path(path)
    if screenshot is not None:

        def capture() -> None:
            window.grab().save(str(screenshot))
            window.close()

        QTimer.singleShot(300, capture)
    return app.exec()
