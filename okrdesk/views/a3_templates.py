"""A user's own A3 templates: the "New template" dialog and loading a template file.

The dialog asks for a title, the label of the header link and the sections (title, column,
prompt), one row each; rows left empty are ignored. Section keys are made from the titles.
The template is checked with the model's own checks before the dialog closes, and every
problem is listed in the dialog, by row. A template file has the JSON shape of the built-ins
(resources/templates/a3/*.json); `load_template_file` reads and checks it, and raises
OkrdeskError with every problem listed when it cannot be used.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.errors import ImportProblem, OkrdeskError
from okrdesk.models.interchange import read_template_file
from okrdesk.models.sheet_data import SheetSectionSpec, SheetTemplateData
from okrdesk.models.sheet_templates import template_problems

COLUMNS = ("Left", "Right")
MAX_SHOWN_PROBLEMS = 12
_ROW = re.compile(r"^\$\.sections\[(\d+)\]\.(\w+)")


def section_key(title: str, taken: set[str]) -> str:
    """A section key from its title: letters and digits, "_" between words, unique."""
    base = "_".join(re.findall(r"[a-z0-9]+", title.lower()))[:40] or "section"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def readable(path: str, message: str, rows: list[int]) -> str:
    """A JSON path of a template problem said in the dialog's words ("Row 2 title: …");
    `rows` gives the table row of each section in the order the checks number them."""
    found = _ROW.match(path)
    if found:
        index = int(found.group(1))
        row = rows[index] + 1 if index < len(rows) else index + 1
        return f"Row {row} {found.group(2)}: {message}"
    field = path.removeprefix("$.").replace("header_label", "header label")
    return f"{field.capitalize() if field != '$' else 'Template'}: {message}"


def load_template_file(path: Path) -> SheetTemplateData:
    """The template in a JSON file, checked; OkrdeskError says what is wrong. Reading goes
    through the model's JSON reader (size limit, byte-order mark, repeated keys)."""
    try:
        return read_template_file(path)
    except ImportProblem as problem:
        lines = [f"• {p}: {m}" for p, m in problem.problems[:MAX_SHOWN_PROBLEMS]]
        if len(problem.problems) > MAX_SHOWN_PROBLEMS:
            lines.append(f"… and {len(problem.problems) - MAX_SHOWN_PROBLEMS} more")
        raise OkrdeskError(
            f"“{path.name}” is not a usable A3 template:\n" + "\n".join(lines)
        ) from problem


class NewTemplateDialog(QDialog):
    """Title, header label and section rows; `template` is set when it is accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New A3 template")
        self.template: SheetTemplateData | None = None
        self.rows_by_key: dict[str, int] = {}
        self.title = QLineEdit()
        self.title.setAccessibleName("Template title")
        self.title.setPlaceholderText("e.g. Team retrospective A3")
        self.header_label = QLineEdit("Aligned to")
        self.header_label.setAccessibleName("Header label")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Section title", "Column", "Prompt"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 200)
        for column in (0, 0, 1, 1):
            self.add_row(column)
        add = QPushButton("Add section")
        add.clicked.connect(lambda: self.add_row(0))
        remove = QPushButton("Remove section")
        remove.clicked.connect(self.remove_row)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color:#a40000;")
        self.problems.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Header label", self.header_label)
        rows = QHBoxLayout()
        rows.addWidget(add)
        rows.addWidget(remove)
        rows.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Sections, top to bottom in each column:"))
        layout.addWidget(self.table, 1)
        layout.addLayout(rows)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    def add_row(self, column: int = 0) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        combo.addItems(COLUMNS)
        combo.setCurrentIndex(column)
        self.table.setCellWidget(row, 1, combo)
        return row

    def remove_row(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def built(self) -> SheetTemplateData:
        """The template as filled in (rows with neither title nor prompt left out)."""
        sections: list[SheetSectionSpec] = []
        self.rows_by_key = {}
        keys: set[str] = set()
        per_column = [0, 0]
        for row in range(self.table.rowCount()):
            title, prompt = self._cell(row, 0), self._cell(row, 2)
            if not title and not prompt:
                continue
            combo = self.table.cellWidget(row, 1)
            column = combo.currentIndex() if isinstance(combo, QComboBox) else 0
            key = section_key(title, keys)
            keys.add(key)
            self.rows_by_key[key] = row
            sections.append(SheetSectionSpec(key, title, column, per_column[column], prompt))
            per_column[column] += 1
        return SheetTemplateData(
            "", self.title.text().strip(), self.header_label.text().strip(), tuple(sections)
        )

    def problem_lines(self, template: SheetTemplateData) -> list[str]:
        if not template.sections:
            return ["Add at least one section."]
        # The model checks ids as well: a placeholder stands in for the one it will get.
        checked = template_problems(SheetTemplateData("new", *_fields(template)))
        # The checks number sections in reading order: the left column first.
        reading = [s.key for column in (0, 1) for s in template.ordered(column)]
        rows = [self.rows_by_key[key] for key in reading]
        return [readable(path, message, rows) for path, message in checked]

    def try_accept(self) -> None:
        template = self.built()
        problems = self.problem_lines(template)
        if problems:
            self.problems.setText("\n".join(problems[:MAX_SHOWN_PROBLEMS]))
            self.problems.show()
            return
        self.template = template
        self.accept()


def _fields(t: SheetTemplateData) -> tuple[str, str, tuple[SheetSectionSpec, ...]]:
    return t.title, t.header_label, t.sections
