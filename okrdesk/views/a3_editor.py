"""The editor of one A3 sheet: its header fields above one text box per section, laid out in
the template's columns, each with the section's title and its prompt as placeholder text.

Header fields are saved when editing finishes (Enter or leaving the field); the linked element
when it is picked. Typing in a section is saved after a short pause, when the box loses focus
or when another sheet is shown; the saves of one typing session merge into one undo step
(SetSheetText). `drafts()` gives what the boxes hold now, saved or not, for the live preview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from okrdesk.models.kinds import KIND_ORDER, SINGULAR_TITLES
from okrdesk.models.sheet_data import SheetData, SheetTemplateData
from okrdesk.views.document import Document

SAVE_AFTER_MS = 700
NO_LINK = "(not linked)"
SECTION_MIN_HEIGHT = 90
OVERFLOW_STYLE = "color:#a40000;"


class SectionText(QPlainTextEdit):
    def __init__(self, owner: SheetEditor, key: str) -> None:
        super().__init__()
        self.owner, self.key = owner, key
        self.setMinimumHeight(SECTION_MIN_HEIGHT)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.owner.commit()
        super().focusOutEvent(event)


class SheetEditor(QWidget):
    edited = Signal()  # a section box's text changed (saved or not yet)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.sheet_id = ""
        self.template_id = ""
        self.sections: dict[str, SectionText] = {}
        self.section_titles: dict[str, QLabel] = {}
        self._dirty: set[str] = set()
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.commit)

        self.title = QLineEdit()
        self.title.setAccessibleName("Sheet title")
        self.title.setPlaceholderText("What is this A3 about?")
        self.link = QComboBox()
        self.link.setAccessibleName("Linked element")
        self.link.activated.connect(self._link_picked)
        self.link_label = QLabel("Aligned to")
        self.author = QLineEdit()
        self.author.setAccessibleName("Author")
        self.date = QLineEdit()
        self.date.setAccessibleName("Date")
        self.date.setPlaceholderText("YYYY-MM-DD")
        for field, name in ((self.title, "title"), (self.author, "author"), (self.date, "date")):
            field.editingFinished.connect(lambda f=field, n=name: self._field_done(n, f))
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow(self.link_label, self.link)
        row = QHBoxLayout()
        row.addWidget(self.author, 2)
        row.addWidget(QLabel("Date"))
        row.addWidget(self.date, 1)
        form.addRow("Author", row)
        self.columns = QWidget()
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(self.columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.area, 1)
        doc.sheets_changed.connect(self._sheets_changed)
        doc.elements_changed.connect(lambda _ids: self._load())
        self._load()

    # -- what is shown ---------------------------------------------------------------------

    def show_sheet(self, sheet_id: str) -> None:
        if sheet_id == self.sheet_id:
            return
        self.commit()
        self.sheet_id = sheet_id
        self._load()

    def sheet(self) -> SheetData | None:
        return self.doc.snapshot().sheet(self.sheet_id) if self.sheet_id else None

    def drafts(self) -> dict[str, str]:
        """What each section box holds now, saved or not."""
        return {key: box.toPlainText() for key, box in self.sections.items()}

    def mark_overflow(self, keys: list[str]) -> None:
        """Say under the title of each section in `keys` that its text does not fit the page."""
        for key, label in self.section_titles.items():
            too_long = key in keys
            label.setText(label.property("title") + (" — too long for the page" * too_long))
            label.setStyleSheet(f"font-weight:bold;{OVERFLOW_STYLE * too_long}")

    def focus_section(self, key: str) -> None:
        box = self.sections.get(key)
        if box is not None:
            box.setFocus()
            self.area.ensureWidgetVisible(box)

    # -- loading ---------------------------------------------------------------------------

    def _load(self) -> None:
        sheet = self.sheet()
        template = self.doc.snapshot().template(sheet.template_id) if sheet else None
        self._loading = True
        if sheet is None or template is None:
            self.sheet_id = ""
            self._build_sections(None)
        else:
            if template.id != self.template_id:
                self._build_sections(template)
            self._fill(sheet, template)
        editable = sheet is not None and not self.doc.read_only
        for widget in (self.title, self.link, self.author, self.date, *self.sections.values()):
            widget.setEnabled(editable)
        self._loading = False

    def _fill(self, sheet: SheetData, template: SheetTemplateData) -> None:
        for field, value in (
            (self.title, sheet.title),
            (self.author, sheet.author),
            (self.date, sheet.date),
        ):
            if field.text() != value:
                field.setText(value)
        self.link_label.setText(template.header_label or "Linked to")
        self.link_label.setVisible(bool(template.header_label))
        self.link.setVisible(bool(template.header_label))
        self._fill_links(sheet.element_id)
        for key, box in self.sections.items():
            if key not in self._dirty and box.toPlainText() != sheet.text(key):
                box.setPlainText(sheet.text(key))

    def _fill_links(self, chosen: str | None) -> None:
        snap = self.doc.snapshot()
        rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
        elements = sorted(snap.elements, key=lambda e: (rank.get(e.kind, 99), e.position))
        self.link.clear()
        self.link.addItem(NO_LINK, None)
        for element in elements:
            self.link.addItem(f"{SINGULAR_TITLES[element.kind]}: {element.title}", element.id)
        self.link.setCurrentIndex(max(0, self.link.findData(chosen)) if chosen else 0)

    def _build_sections(self, template: SheetTemplateData | None) -> None:
        self.template_id = template.id if template else ""
        self.sections.clear()
        self.section_titles.clear()
        self._dirty.clear()
        columns = QWidget()
        row = QHBoxLayout(columns)
        used = sorted({s.column for s in template.sections}) if template else []
        number = 1
        for column in used:
            stack = QVBoxLayout()
            for spec in template.ordered(column) if template else []:
                title = QLabel()
                title.setProperty("title", f"{number}. {spec.title}")
                title.setText(f"{number}. {spec.title}")
                title.setStyleSheet("font-weight:bold;")
                title.setWordWrap(True)
                box = SectionText(self, spec.key)
                box.setAccessibleName(spec.title)
                box.setPlaceholderText(spec.prompt)
                box.textChanged.connect(lambda k=spec.key: self._typed(k))
                stack.addWidget(title)
                stack.addWidget(box, max(1, round(spec.weight * 10)))
                self.sections[spec.key] = box
                self.section_titles[spec.key] = title
                number += 1
            row.addLayout(stack, 1)
        if template is None:
            hint = QLabel("Choose a template and press “New A3 sheet” to start one.")
            hint.setWordWrap(True)
            row.addWidget(hint)
        self.columns = columns
        self.area.setWidget(columns)  # the scroll area deletes the old columns

    # -- saving ----------------------------------------------------------------------------

    def _typed(self, key: str) -> None:
        if not self._loading:
            self._dirty.add(key)
            self._timer.start()
            self.edited.emit()

    def commit(self) -> None:
        """Save what was typed since the last load or save (nothing else)."""
        self._timer.stop()
        if not self.sheet_id or self.sheet() is None:
            self._dirty.clear()
            return
        # Each save reloads the sheet: boxes still waiting for theirs stay marked, so the
        # reload leaves their text alone.
        for key in sorted(self._dirty):
            self._dirty.discard(key)
            self.doc.set_sheet_text(self.sheet_id, key, self.sections[key].toPlainText())

    def _field_done(self, name: str, field: QLineEdit) -> None:
        sheet = self.sheet()
        if sheet is not None and not self._loading and getattr(sheet, name) != field.text():
            self.doc.update_sheet(sheet.id, **{name: field.text().strip()})
            self._load()  # a refused change shows the stored value again

    def _link_picked(self, _index: int) -> None:
        sheet = self.sheet()
        if sheet is not None:
            self.doc.update_sheet(sheet.id, element_id=self.link.currentData())

    def _sheets_changed(self, ids: list[str]) -> None:
        if self.sheet_id in ids:
            self._load()
