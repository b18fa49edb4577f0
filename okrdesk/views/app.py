"""Starting the GUI: the QApplication, the main window and what it opens first.

The window paints before the file named on the command line opens: opening imports the
model (SQLAlchemy and the ORM tables), the document's widgets and their layouts, which took
most of a second on a small strategy. So `start_window` shows the window (the welcome page,
saying which file is opening) and opens the file from the event loop right after the
window's first paint; errors are the same dialogs as before, and `--screenshot` waits for the
file to be open.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from okrdesk import __version__
from okrdesk.views.about import app_icon
from okrdesk.views.main_window import MainWindow

SCREENSHOT_AFTER_MS = 300  # after the file is open: time for the views' first layout
# A window that is not painted (started minimised, a slow display) opens its file anyway.
UNPAINTED_OPEN_AFTER_MS = 500


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


def start_window(
    path: Path | None = None, *, demo: bool = False, screenshot: Path | None = None
) -> MainWindow:
    """Show the main window now and open `path` (or a fresh sample with demo) once the event
    loop runs. With `screenshot`, save the window as PNG once the file is open and quit."""
    window = MainWindow(QSettings())
    window.show()

    def capture() -> None:
        window.grab().save(str(screenshot))
        window.close()

    def open_first() -> None:
        window.welcome.show_opening(None)
        if demo:
            window.files.open_sample()
        elif path is not None:
            window.open_path(path)
        if screenshot is not None:
            QTimer.singleShot(SCREENSHOT_AFTER_MS, capture)

    if demo:
        window.welcome.show_opening("the sample strategy")
    elif path is not None:
        window.welcome.show_opening(Path(path).name)
    AfterFirstPaint(window, open_first)
    return window


class AfterFirstPaint(QObject):
    """Run `then` once from the event loop, after the first paint of `window` has finished
    (a zero timer alone fires before it), or after UNPAINTED_OPEN_AFTER_MS without a paint."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(UNPAINTED_OPEN_AFTER_MS, self, self.run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.run)  # once this paint is on the screen
        return False

    def run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def run_gui(path: Path | None = None, *, demo: bool = False, screenshot: Path | None = None) -> int:
    """Show the main window on `path` (or a fresh sample with demo) and run until it closes.

    With `screenshot`, paint once the file is open, save the window as PNG and quit: used for
    docs and smoke tests.
    """
    app = make_app()
    _window = start_window(path, demo=demo, screenshot=screenshot)  # held while it runs
    return app.exec()
