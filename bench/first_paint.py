"""A child process for the start-up measurement: show a window, exit at its first paint.

    python -m bench.first_paint bare              an empty QMainWindow (the floor)
    python -m bench.first_paint okrdesk FILE      okrdesk's main window on FILE, as
                                                  `okrdesk FILE` starts (views.app.run_gui)

The parent times the process from spawn to exit. The process leaves with os._exit at the first
paint event that reaches the window once it is on screen (for okrdesk, after the file is open:
open_path runs before the event loop), so both skip the interpreter's teardown alike.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                sys.stdout.flush()
                os._exit(0)
            return False

    if argv[:1] == ["bare"]:
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1200, 800)
        window.installEventFilter(FirstPaint(window))
        window.show()
        return app.exec()
    if len(argv) == 2 and argv[0] == "okrdesk":
        from PySide6.QtCore import QSettings

        from okrdesk.views.app import make_app
        from okrdesk.views.main_window import MainWindow

        app = make_app()
        window = MainWindow(QSettings())
        window.installEventFilter(FirstPaint(window))
        window.show()
        window.open_path(argv[1])
        return app.exec()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
