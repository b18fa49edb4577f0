"""The application's identity: its icon, and the About dialog (Help ▸ About okrdesk) with its
version, where it keeps settings, and the versions and licences of what it ships with.

The licences are those each package declares in its own metadata (a test compares them);
the versions are read at run time, so a frozen app reports what it bundles.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, qVersion
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk import __version__
from okrdesk.assets import resource

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
FONT_LICENCE = ("fonts", "LICENSE-DejaVu.txt")


@dataclass(frozen=True)
class Component:
    """Something okrdesk ships with: `distribution` names its Python package (None for Python
    and Qt themselves), `licence` is the licence that package declares."""

    name: str
    distribution: str | None
    licence: str
    used_for: str

    def version(self) -> str:
        if self.name == "Python":
            return platform.python_version()
        if self.name == "Qt":
            return qVersion()
        assert self.distribution is not None
        from importlib import metadata  # when the dialog opens: 30 ms less before first paint

        try:
            return metadata.version(self.distribution)
        except metadata.PackageNotFoundError:  # a frozen app built without its metadata
            return "unknown"


COMPONENTS = (
    Component("Python", None, "PSF-2.0", "the interpreter"),
    Component("Qt", None, "LGPL-3.0-only", "the window, canvases and printing"),
    Component("PySide6", "PySide6-Essentials", "LGPL-3.0-only", "Qt for Python"),
    Component("Shiboken6", "shiboken6", "LGPL-3.0-only", "Qt for Python"),
    Component("ReportLab", "reportlab", "BSD-3-Clause", "PDF export"),
    Component("rl_accel", "rl_accel", "BSD-3-Clause", "faster PDF export"),
    Component("Pillow", "pillow", "MIT-CMU", "images, for ReportLab"),
    Component("charset-normalizer", "charset-normalizer", "MIT", "text encodings, for ReportLab"),
    Component("SQLAlchemy", "SQLAlchemy", "MIT", "the strategy file"),
    Component("typing_extensions", "typing_extensions", "PSF-2.0", "for SQLAlchemy"),
    Component("networkx", "networkx", "BSD-3-Clause", "map analysis and layout"),
    Component(
        "NumPy", "numpy", "BSD-3-Clause (parts 0BSD, MIT, Zlib, CC0-1.0)", "force-directed layout"
    ),
    Component("python-bidi", "python-bidi", "LGPL-3.0", "right-to-left text"),
    Component("arabic-reshaper", "arabic-reshaper", "MIT", "joined Arabic letters"),
    Component("openpyxl", "openpyxl", "MIT", "Excel workbooks"),
    Component("et-xmlfile", "et-xmlfile", "MIT", "writing workbooks, for openpyxl"),
)


def app_icon() -> QIcon:
    """The okrdesk icon in every rendered size (read as bytes: works from a zip too)."""
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(resource("icons", f"okrdesk-{size}.png").read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def _where_things_are() -> str:
    settings = QSettings().fileName()
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return (
        "<p>Your strategies live in the files you choose; okrdesk never uses the network.</p>"
        f"<p>Settings and recent files: <code>{_html(settings)}</code><br>"
        f"Fresh copies of the sample: <code>{_html(str(Path(data) / 'sample'))}</code></p>"
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About okrdesk")
        self.resize(620, 520)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        heading = QLabel(
            f"<h2>okrdesk {__version__}</h2>"
            "Offline strategy mapping: TASTE, the X-Matrix, option maps, A3 sheets and OKRs.<br>"
            "Licensed under the MIT licence."
        )
        heading.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(heading, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._about_tab(), "About")
        self.components = self._components_table()
        self.tabs.addTab(self.components, "Components")
        self.font_licence = QPlainTextEdit(resource(*FONT_LICENCE).read_text(encoding="utf-8"))
        self.font_licence.setReadOnly(True)
        self.tabs.addTab(self.font_licence, "Font licence")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _about_tab(self) -> QLabel:
        label = QLabel(
            _where_things_are()
            + "<p>Printed pages use the bundled DejaVu Sans fonts (Bitstream Vera licence, "
            "DejaVu changes in the public domain): see “Font licence”. The libraries okrdesk "
            "ships with, and their licences, are listed under “Components”.</p>"
        )
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setContentsMargins(8, 8, 8, 8)
        return label

    def _components_table(self) -> QTableWidget:
        table = QTableWidget(len(COMPONENTS), 4)
        table.setHorizontalHeaderLabels(["Component", "Version", "Licence", "Used for"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, component in enumerate(COMPONENTS):
            cells = (component.name, component.version(), component.licence, component.used_for)
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        table.resizeRowsToContents()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table


def show_about(parent: QWidget) -> AboutDialog:
    """Open the About dialog over `parent` without blocking; it deletes itself when closed."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
