"""File ▸ New from Template… (and the welcome page's button), and where the File menu gets
Save as Template… (template_save.py).

New from Template lists the built-in templates and the user's (with why a file cannot be used),
previews what the chosen one holds, asks where to save the new strategy and opens it. The
picker opens window-modal without blocking (`open()`, not `exec()`), so the flow continues from
its `accepted` signal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.file_facts import SUFFIX
from okrdesk.views.file_actions import STRATEGY_FILTER, suggested_name, with_suffix
from okrdesk.views.template_save import save_as_template

if TYPE_CHECKING:
    from okrdesk.models.strategy_template_files import TemplateEntry
    from okrdesk.models.strategy_templates import StrategyTemplate
    from okrdesk.views.main_window import MainWindow

# The template modules (and the JSON import under them) load on first use, not while the main
# window is built: the menu entries need none of them.

NEW_TEXT = "New from &Template…"
SAVE_TEXT = "Save as &Template…"
WELCOME_TEXT = "New from a template…"
_ENTRY = Qt.ItemDataRole.UserRole


def templates_folder() -> Path:
    """Where a user's templates live: AppDataLocation/templates (else ~/.okrdesk/templates)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".okrdesk") / "templates"


def add_template_actions(window: MainWindow, file_menu: QMenu) -> None:
    """Put New from Template after New Strategy, Save as Template at the end of `file_menu`
    (called right after Save a Copy As), and New from a Template on the welcome page."""
    new = QAction(NEW_TEXT, window)
    new.setShortcut(QKeySequence("Ctrl+Shift+N"))
    new.triggered.connect(lambda: new_from_template(window))
    actions = file_menu.actions()
    after_new = next((i + 1 for i, a in enumerate(actions) if a.text().startswith("&New")), 0)
    if after_new < len(actions):
        file_menu.insertAction(actions[after_new], new)
    else:
        file_menu.addAction(new)
    save = QAction(SAVE_TEXT, window)
    save.triggered.connect(lambda: save_as_template(window))
    file_menu.addAction(save)
    window.document_actions.append(save)  # enabled only while a strategy is open
    _add_welcome_button(window)


def _add_welcome_button(window: MainWindow) -> None:
    """A button under the welcome page's "New strategy…" (nothing if that one is gone)."""
    welcome = window.welcome
    layout = welcome.layout()
    buttons = [b for b in welcome.buttons if b.text().startswith("New strategy")]
    if not buttons or not isinstance(layout, QVBoxLayout):
        return
    button = QPushButton(WELCOME_TEXT)
    button.setMinimumWidth(buttons[0].minimumWidth())
    button.clicked.connect(lambda: new_from_template(window))
    layout.insertWidget(layout.indexOf(buttons[0]) + 1, button, 0, Qt.AlignmentFlag.AlignHCenter)
    welcome.buttons.append(button)  # so it waits, as they do, while a file opens


# -- New from Template -------------------------------------------------------------------------


class TemplatePicker(QDialog):
    """The templates on the left, what the chosen one holds on the right."""

    def __init__(self, entries: list[TemplateEntry], folder: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from Template")
        self.resize(760, 480)
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        self.list.setMinimumWidth(260)
        self.entries = entries
        self._fill()
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight:bold; font-size:14px;")
        self.description = self._plain_label()
        self.contents = self._plain_label()
        self.problem = self._plain_label()
        self.problem.setStyleSheet("color:#8a1c00;")
        where = self._plain_label()
        where.setText(f"Your templates are kept in {folder}")
        where.setStyleSheet("color:#555;")
        details = QWidget()
        side = QVBoxLayout(details)
        for label in (self.heading, self.description, self.problem, self.contents):
            side.addWidget(label)
        side.addStretch(1)
        scroll = QScrollArea()  # a long description and contents list scroll, never clip
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(details)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("Create Strategy…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addWidget(scroll, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(lambda _new, _old: self._show_current())
        self.list.itemDoubleClicked.connect(lambda _item: self._accept_if_usable())
        first = next((i for i in range(self.list.count()) if self._entry_at(i) is not None), -1)
        self.list.setCurrentRow(first)
        self._show_current()

    @staticmethod
    def _plain_label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # template text is data, never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _fill(self) -> None:
        numbered = list(enumerate(self.entries))
        for heading, group in (
            ("Built in", [(i, e) for i, e in numbered if e.builtin]),
            ("Yours", [(i, e) for i, e in numbered if not e.builtin]),
        ):
            if not group:
                continue
            title = QListWidgetItem(heading)
            title.setFlags(Qt.ItemFlag.NoItemFlags)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            self.list.addItem(title)
            for index, entry in group:
                item = QListWidgetItem(entry.name if entry.usable else f"{entry.name} (unusable)")
                item.setData(_ENTRY, index)
                item.setToolTip(entry.source)
                if not entry.usable:
                    item.setForeground(QColor("#8a8a8a"))
                self.list.addItem(item)

    def _entry_at(self, row: int) -> TemplateEntry | None:
        item = self.list.item(row)
        index = item.data(_ENTRY) if item is not None else None
        return self.entries[index] if isinstance(index, int) else None

    def current_entry(self) -> TemplateEntry | None:
        return self._entry_at(self.list.currentRow())

    def chosen(self) -> StrategyTemplate | None:
        entry = self.current_entry()
        return entry.template if entry is not None else None

    def _show_current(self) -> None:
        entry = self.current_entry()
        template = entry.template if entry is not None else None
        self.heading.setText(entry.name if entry is not None else "No template chosen")
        self.description.setText(template.description if template is not None else "")
        unusable = entry is not None and not entry.usable
        self.problem.setText(
            f"This file cannot be used: {entry.problem}\n{entry.source}"
            if entry is not None and unusable else ""
        )
        self.problem.setVisible(unusable)
        from okrdesk.models.strategy_templates import describe_template

        self.contents.setText("\n".join(describe_template(template)) if template else "")
        self.create_button.setEnabled(template is not None)

    def _accept_if_usable(self) -> None:
        if self.chosen() is not None:
            self.accept()


def new_from_template(window: MainWindow) -> TemplatePicker:
    """Show the template picker; choosing one goes on to the save dialog."""
    from okrdesk.models.strategy_template_files import list_templates

    folder = templates_folder()
    picker = TemplatePicker(list_templates(folder), folder, window)
    picker.accepted.connect(lambda: _create_from(window, picker.chosen()))
    picker.finished.connect(lambda _code: picker.deleteLater())
    picker.open()
    return picker


def _create_from(window: MainWindow, template: StrategyTemplate | None) -> None:
    from okrdesk.models.strategy_templates import new_strategy_from_template

    if template is None:
        return
    files = window.files
    answer = files.ask_save_path(
        "New strategy from template", STRATEGY_FILTER, suggested_name(template.name, SUFFIX)
    )
    if not answer:
        return
    path = with_suffix(answer, SUFFIX)
    if files.is_open(path):
        window.show_error(f"{path.name} is the strategy open now; choose another name.")
        return
    try:  # the save dialog already asked before replacing an existing file
        new_strategy_from_template(template, path, path.stem, overwrite=True)
    except OkrdeskError as error:
        window.show_error(str(error))
        return
    window.open_path(path)
