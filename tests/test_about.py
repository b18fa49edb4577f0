"""The application's identity and first run: the About dialog (version, components and their
licences, the font licence), the window icon, and what someone sees with no settings at all:
the welcome page's New, Open and sample, with settings and files in the standard places."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from okrdesk import __version__
from okrdesk.assets import write_sample_copy
from okrdesk.views.about import COMPONENTS, AboutDialog
from okrdesk.views.app import make_app
from okrdesk.views.main_window import MainWindow

SAMPLE_TITLE = "Acme Software — Strategy 2027"
GOLD = QColor("#f2a900")  # True North: the square at the centre of the icon
LICENCE_FAMILIES = re.compile(r"LGPL|(?<!L)GPL|BSD|MIT|PSF|Zlib|CC0|Apache")


def _menu_action(window: MainWindow, text: str) -> QAction:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else []:
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def _first_run_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """A main window on empty settings, as on the very first start."""
    settings = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    assert settings.allKeys() == []
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _button(window: MainWindow, text: str) -> QPushButton:
    [button] = [b for b in window.welcome.findChildren(QPushButton) if b.text() == text]
    return button


# -- About -------------------------------------------------------------------------------------


def test_help_about_shows_version_components_and_the_font_licence(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _first_run_window(qtbot, tmp_path)
    _menu_action(window, "About okrdesk").trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"okrdesk {__version__}" in labels

    table = dialog.components
    shown = {
        table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text())
        for row in range(table.rowCount())
    }
    assert list(shown) == [c.name for c in COMPONENTS]
    assert shown["Python"][0] == platform.python_version()
    assert shown["Qt"][0] == qVersion()
    assert shown["ReportLab"][0] == metadata.version("reportlab")
    assert shown["PySide6"][1] == "LGPL-3.0-only"
    assert all(version != "unknown" for version, _licence in shown.values())

    dialog.tabs.setCurrentWidget(dialog.font_licence)
    licence = dialog.font_licence.toPlainText()
    assert "Bitstream Vera" in licence and "DejaVu changes are in public domain" in licence

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is None, timeout=2000)


def test_about_names_where_settings_are_kept(qtbot: QtBot) -> None:
    make_app()
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert QSettings().fileName() in labels


@pytest.mark.parametrize("component", [c for c in COMPONENTS if c.distribution], ids=str)
def test_each_licence_shown_is_the_one_the_package_declares(component) -> None:  # type: ignore[no-untyped-def]
    """Every licence family the dialog names appears in the package's own metadata (its
    License-Expression, License field or classifiers)."""
    assert component.distribution is not None
    meta = metadata.metadata(component.distribution)
    declared = " ".join(
        [meta.get("License-Expression") or "", meta.get("License") or ""]
        + [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    )
    shown = set(LICENCE_FAMILIES.findall(component.licence))
    assert shown, component.licence
    assert shown <= set(LICENCE_FAMILIES.findall(declared)), (component.licence, declared)


# -- the window icon ---------------------------------------------------------------------------


def test_the_app_and_its_windows_carry_the_okrdesk_icon(qtbot: QtBot, tmp_path: Path) -> None:
    app = make_app()
    icon = QApplication.windowIcon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256, 512} <= sizes
    centre = icon.pixmap(64, 64).toImage().pixelColor(32, 32)
    assert abs(centre.red() - GOLD.red()) < 8 and abs(centre.green() - GOLD.green()) < 8
    assert app.desktopFileName() == "okrdesk"  # Wayland takes the icon from okrdesk.desktop
    window = _first_run_window(qtbot, tmp_path)
    assert window.windowIcon().cacheKey() == icon.cacheKey()


# -- first run ---------------------------------------------------------------------------------


def test_first_run_shows_the_welcome_page_and_no_recent_files(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _first_run_window(qtbot, tmp_path)
    assert window.stack.currentWidget() is window.welcome
    buttons = window.welcome.findChildren(QPushButton)
    texts = [b.text() for b in sorted(buttons, key=lambda b: b.mapToGlobal(b.rect().topLeft()).y())]
    assert texts == [
        "New strategy…",
        "New from a template…",
        "Open a strategy…",
        "Explore the sample strategy",
    ]
    window.recent_menu.aboutToShow.emit()
    [entry] = window.recent_menu.actions()
    assert entry.text() == "No recent files" and not entry.isEnabled()


def test_first_run_sample_button_opens_a_fresh_copy_in_the_data_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    window = _first_run_window(qtbot, tmp_path)
    qtbot.mouseClick(_button(window, "Explore the sample strategy"), Qt.MouseButton.LeftButton)
    assert window.doc is not None
    assert window.stack.currentWidget() is window.tabs
    assert window.doc.snapshot().title == SAMPLE_TITLE
    opened = window.doc.file.path
    assert opened.is_relative_to(tmp_path / "data")
    assert window.files.recent_files() == [str(opened.resolve())]
    assert "fresh copy of the sample" in window.banner.text()


def test_first_run_new_and_open_buttons(qtbot: QtBot, tmp_path: Path) -> None:
    window = _first_run_window(qtbot, tmp_path)
    window.files.ask_save_path = lambda *_args: str(tmp_path / "Our plan")  # type: ignore[method-assign]
    qtbot.mouseClick(_button(window, "New strategy…"), Qt.MouseButton.LeftButton)
    assert window.doc is not None and window.doc.file.path == tmp_path / "Our plan.okrdesk"
    assert window.doc.snapshot().title == "Our plan"

    window.close_document()
    existing = write_sample_copy(tmp_path / "acme.okrdesk")
    window.files.ask_open_path = lambda *_args: str(existing)  # type: ignore[method-assign]
    qtbot.mouseClick(_button(window, "Open a strategy…"), Qt.MouseButton.LeftButton)
    assert window.doc is not None and window.doc.snapshot().title == SAMPLE_TITLE
    assert window.files.recent_files()[:2] == [
        str(existing.resolve()),
        str((tmp_path / "Our plan.okrdesk").resolve()),
    ]


def test_first_start_keeps_settings_and_the_sample_in_the_standard_places(
    tmp_path: Path,
) -> None:
    """`okrdesk --demo` as a new user starts it: the settings file and the sample copy go
    where the platform keeps them (XDG on Linux), nowhere else."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from okrdesk.cli import main; sys.exit(main())",
         "--demo", "--screenshot", str(shot)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert shot.exists()
    sample = home / "data" / "okrdesk" / "okrdesk" / "sample" / "Sample strategy.okrdesk"
    assert sample.exists()
    settings = QSettings(str(home / "config" / "okrdesk" / "okrdesk.conf"),
                         QSettings.Format.IniFormat)
    assert settings.value("recent_files") == str(sample)
    written = sorted(p.relative_to(home) for p in home.rglob("*") if p.is_file())
    assert written == [Path("config/okrdesk/okrdesk.conf"), sample.relative_to(home)]
