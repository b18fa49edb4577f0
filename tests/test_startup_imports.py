"""Start-up: `okrdesk FILE` paints its window before it loads the model (SQLAlchemy, the ORM
tables), networkx or the page builder, then opens FILE and draws its X-Matrix; opening from the
command line still shows the same error dialogs and still takes its --screenshot of the open
file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from okrdesk.assets import write_sample_copy
from okrdesk.views.app import UNPAINTED_OPEN_AFTER_MS, AfterFirstPaint, start_window
from okrdesk.views.main_window import MainWindow

HEAVY = (
    "sqlalchemy",
    "networkx",
    "okrdesk.models.storage",
    "okrdesk.models.strategy",
    "okrdesk.export.pages",
    "reportlab",
)

# A child okrdesk: records which heavy modules are loaded at the window's first paint, then
# waits for the file to be open and its X-Matrix painted, and reports as JSON.
CHILD = """
import json, os, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from okrdesk.views.app import make_app, start_window

HEAVY = json.loads(sys.argv[2])
seen = {}

class Watch(QObject):
    window = None

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if isinstance(watched, QWidget) and watched.isWindow() and "first_paint" not in seen:
            seen["first_paint"] = sorted(m for m in HEAVY if m in sys.modules)
            seen["okrdesk_modules"] = sorted(m for m in sys.modules if m.startswith("okrdesk"))
            seen["open_at_first_paint"] = self.window is not None and self.window.doc is not None
        shown = self.window.xmatrix if self.window is not None else None
        if shown is not None and watched is shown.view.viewport() and "xmatrix" not in seen:
            marks = [i for i in shown.scene.items() if type(i).__name__ == "GlyphItem"]
            seen["marks"] = len(marks)
            correlations = [k for k in self.window.doc.snapshot().links if k.strength]
            seen["correlations"] = len(correlations)
            seen["title"] = self.window.windowTitle()
            seen["then"] = sorted(m for m in HEAVY if m in sys.modules)
            print(json.dumps(seen), flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = make_app()
watch = Watch(app)
app.installEventFilter(watch)
watch.window = start_window(Path(sys.argv[1]))
QTimer.singleShot(30000, app.quit)
app.exec()
os._exit(0)
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write_sample_copy(tmp_path / "sample.okrdesk")


def _child_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}


def test_the_window_paints_before_the_model_loads_then_shows_the_files_xmatrix(
    tmp_path: Path, sample: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(sample), json.dumps(HEAVY)],
        env=_child_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["first_paint"] == [], f"loaded before the first paint: {seen['okrdesk_modules']}"
    assert seen["open_at_first_paint"] is False
    assert seen["title"] == "sample.okrdesk — okrdesk"
    assert seen["marks"] == seen["correlations"] > 0  # every correlation's mark is drawn
    assert {"sqlalchemy", "okrdesk.models.strategy"} <= set(seen["then"])  # the file is open
    assert "networkx" not in seen["then"]  # the Maps tab's analysis of the sample needs none


def _ink(window: MainWindow) -> int:
    """Dark pixels on the X-Matrix canvas: its text, lines and marks."""
    assert window.xmatrix is not None
    image = window.xmatrix.view.viewport().grab().toImage()
    return sum(
        QColor(image.pixel(x, y)).lightness() < 100
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    )


def test_the_window_says_which_file_is_opening_then_opens_it(
    qtbot: QtBot, sample: Path
) -> None:
    window = start_window(sample)
    qtbot.addWidget(window)

    assert window.doc is None
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.opening.isVisible()
    assert window.welcome.opening.text() == "Opening sample.okrdesk…"
    assert not any(b.isEnabled() for b in window.welcome.buttons)

    qtbot.waitUntil(lambda: window.doc is not None, timeout=10_000)
    assert window.stack.currentWidget() is window.tabs
    assert window.windowTitle() == "sample.okrdesk — okrdesk"
    assert window.tabs.currentWidget() is window.xmatrix
    qtbot.waitUntil(lambda: _ink(window) > 500, timeout=10_000)
    window.close_document()
    assert window.stack.currentWidget() is window.welcome
    assert not window.welcome.opening.isVisible()
    assert all(b.isEnabled() for b in window.welcome.buttons)


def test_a_bad_file_on_the_command_line_gets_its_message_after_the_window_is_up(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda _self, message: errors.append(message))
    notes = tmp_path / "notes.okrdesk"
    notes.write_text("just some notes\n")

    window = start_window(notes)
    qtbot.addWidget(window)
    assert errors == []  # not yet: the window paints first

    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors == [
        "notes.okrdesk: not an okrdesk strategy file (not a SQLite database)"
    ]
    assert window.doc is None
    assert window.stack.currentWidget() is window.welcome
    assert all(b.isEnabled() for b in window.welcome.buttons)
    assert not window.welcome.opening.isVisible()
    assert notes.read_text() == "just some notes\n"


def test_the_screenshot_option_waits_for_the_file_to_be_open(
    tmp_path: Path, sample: Path
) -> None:
    shot = tmp_path / "shot.png"
    wrapper = (
        "import sys\n"
        "from okrdesk.views.main_window import MainWindow\n"
        "grab = MainWindow.grab\n"
        "def recorded(self, *args):\n"
        "    print('open' if self.doc is not None else 'empty', self.windowTitle(), flush=True)\n"
        "    return grab(self, *args)\n"
        "MainWindow.grab = recorded\n"
        "from okrdesk.cli import main\n"
        "sys.exit(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, str(sample), "--screenshot", str(shot)],
        env=_child_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "open sample.okrdesk — okrdesk"
    assert shot.stat().st_size > 10_000


def test_a_window_that_is_never_painted_still_opens_its_file(qtbot: QtBot) -> None:
    """Started minimised, or on a display that is slow to show it: no paint event comes, and
    the file opens after UNPAINTED_OPEN_AFTER_MS all the same."""
    hidden = QWidget()
    qtbot.addWidget(hidden)
    opened: list[str] = []
    AfterFirstPaint(hidden, lambda: opened.append("opened"))
    assert opened == []
    qtbot.waitUntil(lambda: opened == ["opened"], timeout=UNPAINTED_OPEN_AFTER_MS + 2_000)
    hidden.show()  # a paint after that does not open it twice
    qtbot.wait(50)
    assert opened == ["opened"]


def test_a_window_made_directly_starts_empty_and_opens_what_it_is_asked(
    qtbot: QtBot, sample: Path
) -> None:
    """Tests and File ▸ Open build the window and call open_path themselves: unchanged."""
    window = MainWindow(QSettings())
    qtbot.addWidget(window)
    assert window.doc is None and window.stack.currentWidget() is window.welcome
    assert window.open_path(sample)
    assert window.doc is not None and window.xmatrix is not None
