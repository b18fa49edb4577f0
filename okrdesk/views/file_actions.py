"""File menu actions of the main window: new, open, recent, sample, copies, JSON in and out."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from okrdesk.assets import write_sample_copy
from okrdesk.models.atomic import write_text_atomic
from okrdesk.models.errors import ImportProblem, OkrdeskError
from okrdesk.models.file_facts import SUFFIX

if TYPE_CHECKING:
    from okrdesk.views.main_window import MainWindow

STRATEGY_FILTER = f"okrdesk strategy (*{SUFFIX})"
JSON_FILTER = "okrdesk JSON (*.json)"
MAX_RECENT = 10
MAX_NAME_BYTES = 200  # file systems take 255; room left for a " (2)" the user may add
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]')  # refused somewhere


def with_suffix(path: str, suffix: str) -> Path:
    p = Path(path)
    return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)


def suggested_name(text: str, suffix: str) -> str:
    """A file name to suggest from titles: characters some system refuses in a name become
    "-", invisible format characters go (a right-to-left override could disguise the suffix),
    and it is cut to a length every file system takes."""
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    name = " ".join(_UNSAFE_IN_NAMES.sub("-", visible).split()).strip(" .")
    while len(f"{name}{suffix}".encode()) > MAX_NAME_BYTES:
        name = name[:-1].rstrip(" .")
    return f"{name or 'strategy'}{suffix}"


def demo_path() -> Path:
    """Where `--demo` and "Open the Sample Strategy" put their fresh copy of the sample."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base or Path.home() / ".okrdesk") / "sample"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"Sample strategy{SUFFIX}"


class FileActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # Dialogs, kept apart so tests can answer them.
    def ask_open_path(self, caption: str, name_filter: str) -> str:
        return QFileDialog.getOpenFileName(self.window, caption, self._folder(), name_filter)[0]

    def ask_save_path(self, caption: str, name_filter: str, suggested: str = "") -> str:
        start = str(Path(self._folder()) / suggested) if suggested else self._folder()
        return QFileDialog.getSaveFileName(self.window, caption, start, name_filter)[0]

    def _folder(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # Recent files.
    def recent_files(self) -> list[str]:
        value = self.window.settings.value("recent_files", [])
        if isinstance(value, str):  # QSettings stores a one-item list as a plain string
            return [value]
        return [f for f in value if isinstance(f, str)] if isinstance(value, list) else []

    def remember(self, path: Path) -> None:
        entry = str(path.resolve())
        files = [entry, *[f for f in self.recent_files() if f != entry]][:MAX_RECENT]
        self.window.settings.setValue("recent_files", files)

    def fill_recent_menu(self) -> None:
        menu = self.window.recent_menu
        menu.clear()
        files = self.recent_files()
        for entry in files:
            action = menu.addAction(Path(entry).name)
            action.setToolTip(entry)
            action.triggered.connect(lambda _=False, p=entry: self.window.open_path(p))
        if not files:
            menu.addAction("No recent files").setEnabled(False)

    # Actions.
    def new_strategy(self) -> None:
        answer = self.ask_save_path("New strategy", STRATEGY_FILTER, f"Untitled{SUFFIX}")
        if not answer:
            return
        path = with_suffix(answer, SUFFIX)
        if self.is_open(path):
            self.window.show_error(f"{path.name} is the strategy open now; choose another name.")
            return
        from okrdesk.models.storage import write_new  # SQLAlchemy: not before the first paint

        try:  # the save dialog already asked before replacing an existing file
            write_new(path, path.stem, overwrite=True)
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self.window.open_path(path)

    def open_dialog(self) -> None:
        answer = self.ask_open_path("Open strategy", f"{STRATEGY_FILTER};;All files (*)")
        if answer:
            self.window.open_path(answer)

    def open_sample(self) -> None:
        try:
            path = write_sample_copy(demo_path())
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self.window.open_path(
            path,
            notices=["A fresh copy of the sample strategy: use File ▸ Save a Copy As to keep it."],
        )

    def save_copy(self) -> None:
        doc = self.window.doc
        if doc is None:
            return
        answer = self.ask_save_path(
            "Save a copy as", STRATEGY_FILTER, f"{doc.file.path.stem} copy{SUFFIX}"
        )
        if not answer:
            return
        try:
            doc.file.save_copy(with_suffix(answer, SUFFIX))
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self.window.statusBar().showMessage(
            f"Saved a copy as {with_suffix(answer, SUFFIX).name}", 5000
        )

    def export_json(self) -> None:
        from okrdesk.models.interchange import export_json

        doc = self.window.doc
        if doc is None:
            return
        answer = self.ask_save_path("Export JSON", JSON_FILTER, f"{doc.file.path.stem}.json")
        if not answer:
            return
        target = with_suffix(answer, ".json")
        if self.is_open(target):  # a strategy file may be called .json
            self.window.show_error(f"{target.name} is the strategy open now; choose another name.")
            return
        try:
            write_text_atomic(target, export_json(doc.snapshot()))
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self.window.statusBar().showMessage(f"Exported {with_suffix(answer, '.json').name}", 5000)

    def import_json(self) -> None:
        from okrdesk.models.interchange import read_file_json, write_strategy

        source = self.ask_open_path("Import JSON", JSON_FILTER)
        if not source:
            return
        try:
            document = read_file_json(Path(source))
        except ImportProblem as problem:
            listing = "\n".join(f"• {where}: {what}" for where, what in problem.problems[:20])
            more = len(problem.problems) - 20
            extra = f"\n…and {more} more." if more > 0 else ""
            self.window.show_error(f"{Path(source).name} was not imported:\n{listing}{extra}")
            return
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        answer = self.ask_save_path(
            "Save the imported strategy as", STRATEGY_FILTER, f"{Path(source).stem}{SUFFIX}"
        )
        if not answer:
            return
        target = with_suffix(answer, SUFFIX)
        if self.is_open(target):
            self.window.show_error(f"{target.name} is the strategy open now; choose another name.")
            return
        try:
            write_strategy(target, document, overwrite=True)
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self.window.open_path(target)

    def is_open(self, path: Path) -> bool:
        """True when `path` is the strategy open in this window (a name too long for the file
        system, or any other path that cannot be looked at, is not)."""
        doc = self.window.doc
        try:
            return doc is not None and path.exists() and path.resolve() == doc.file.path.resolve()
        except OSError:
            return False
