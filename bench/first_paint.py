"""A child process for the start-up measurement: show a window, exit when it is painted.

    python -m bench.first_paint bare                  an empty QMainWindow (the floor)
    python -m bench.first_paint okrdesk FILE          okrdesk's main window as `okrdesk FILE`
                                                      starts it (views.app.start_window)
    python -m bench.first_paint okrdesk-xmatrix FILE  the same, until FILE's X-Matrix is drawn

The parent times the process from spawn to exit; every mode leaves with os._exit, so all skip
the interpreter's teardown alike.

`bare` and `okrdesk` leave at the first paint event that reaches the window once it is on
screen. okrdesk paints its window before it opens FILE (the welcome page says which file is
opening), so that is not yet what the user came for: `okrdesk-xmatrix` waits until the file
is open and the X-Matrix canvas has been painted (it leaves from the event loop's next turn
after the canvas's first paint event, so the drawing itself is counted). Before okrdesk
opened files after the first paint, the first paint already showed the X-Matrix: compare
`okrdesk-xmatrix` with that figure (828 ms in bench/README.md's run of 5 runs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    def leave() -> None:
        sys.stdout.flush()
        os._exit(0)

    class FirstWindowPaint(QObject):
        """Leave at the first paint event of a top-level window."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            painted = event.type() == QEvent.Type.Paint
            if painted and isinstance(watched, QWidget) and watched.isWindow():
                leave()
            return False

    if argv[:1] == ["bare"]:
        app = QApplication(sys.argv[:1])
        app.installEventFilter(FirstWindowPaint(app))
        window = QMainWindow()
        window.resize(1200, 800)
        window.show()
        return app.exec()
    if len(argv) == 2 and argv[0] in ("okrdesk", "okrdesk-xmatrix"):
        from okrdesk.views.app import make_app, start_window

        app = make_app()
        if argv[0] == "okrdesk":
            app.installEventFilter(FirstWindowPaint(app))
            _window = start_window(Path(argv[1]))
            return app.exec()

        from okrdesk.views.main_window import MainWindow

        class XMatrixPainted(QObject):
            """Leave once the X-Matrix canvas of the opened file has been painted."""

            window: MainWindow | None = None

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                shown = self.window.xmatrix if self.window is not None else None
                canvas = shown.view.viewport() if shown is not None else None
                if watched is canvas and event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, leave)
                return False

        painted = XMatrixPainted(app)
        app.installEventFilter(painted)
        painted.window = start_window(Path(argv[1]))
        return app.exec()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
