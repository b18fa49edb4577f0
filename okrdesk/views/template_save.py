"""File ▸ Save as Template…: a name, a description and whether to include the content, then
the template goes into the user's templates folder (template_dialog.templates_folder).

The dialog opens window-modal without blocking (`open()`, not `exec()`); saving goes on from
its `accepted` signal. A folder that cannot be written gets a message naming it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.errors import OkrdeskError

if TYPE_CHECKING:
    from okrdesk.views.main_window import MainWindow


class SaveTemplateDialog(QDialog):
    def __init__(self, title: str, parent: QWidget) -> None:
        from okrdesk.models.strategy_templates import MAX_NAME_LENGTH

        super().__init__(parent)
        self.setWindowTitle("Save as Template")
        self.name = QLineEdit(" ".join(title.split())[:MAX_NAME_LENGTH])
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.name.setAccessibleName("Template name")
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Template description")
        self.description.setPlaceholderText("What the template is for, and how to use it")
        self.include_content = QCheckBox("Include the content")
        explain = QLabel(
            "Without content, the template keeps the frames: the X-Matrix settings, the maps "
            "with their labels, the A3 sheets and templates, and the link kinds. With content, "
            "it also keeps every item, link, person, map position, sheet text and OKR."
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color:#555;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Description:", self.description)
        form.addRow("", self.include_content)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.buttons)
        self.resize(520, 340)
        self.name.textChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.save_button.setEnabled(bool(self.name.text().strip()))


def save_as_template(window: MainWindow) -> SaveTemplateDialog | None:
    """Ask for the template's name, description and content; saving goes on from there."""
    doc = window.doc
    if doc is None:
        return None
    dialog = SaveTemplateDialog(doc.snapshot().title or doc.file.path.stem, window)
    dialog.accepted.connect(lambda: _save(window, dialog))
    dialog.finished.connect(lambda _code: dialog.deleteLater())
    dialog.open()
    return dialog


def _save(window: MainWindow, dialog: SaveTemplateDialog) -> None:
    from okrdesk.models.strategy_template_files import save_template, user_template_path
    from okrdesk.models.strategy_templates import strategy_settings, template_from_snapshot
    from okrdesk.views import template_dialog

    doc = window.doc
    if doc is None:
        return
    _commit_pending_edits(window)
    folder = template_dialog.templates_folder()
    name = dialog.name.text()
    try:
        template = template_from_snapshot(
            doc.snapshot(), strategy_settings(doc.model), name,
            dialog.description.toPlainText().strip(), dialog.include_content.isChecked(),
        )
        path = user_template_path(folder, template.name)
        if path.exists() and not _replace_ok(window, template.name):
            return
        save_template(template, path)
    except OkrdeskError as error:
        window.show_error(f"The template was not saved: {error}\n\nTemplates are kept in {folder}.")
        return
    window.statusBar().showMessage(
        f"Saved the template “{template.name}”: File ▸ New from Template offers it", 8000
    )


def _replace_ok(window: MainWindow, name: str) -> bool:
    answer = QMessageBox.question(
        window, "okrdesk", f"You already have a template called “{name}”. Replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _commit_pending_edits(window: MainWindow) -> None:
    """Text still being typed in a notes, A3 or OKR editor goes into the file first."""
    if window.details is not None:
        window.details.notes.commit()
    if window.sheets is not None:
        window.sheets.editor.commit()
    if window.okrs is not None:
        window.okrs.commit()
