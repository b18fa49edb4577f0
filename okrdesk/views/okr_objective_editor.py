"""The editor of one objective: title, committed or aspirational, period, owner team, what it
aligns to (strategies and aspirations of the X-Matrix, other objectives) and whether it is a
Wildly Important Goal.

Text fields are saved when editing finishes (Enter or leaving the field), the period's two
dates together (so moving both never passes through a refused in-between); choices when they
are made. A refused change (the document says why) shows the stored value again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from okrdesk.layout.okr_facts import objective_facts
from okrdesk.layout.okr_format import score_text
from okrdesk.models.kinds import SINGULAR_TITLES, ElementKind
from okrdesk.models.okr_data import ObjectiveData, ObjectiveKind
from okrdesk.views.document import Document
from okrdesk.views.okr_widgets import ChoiceList, commit_typing, score_words

KINDS = (
    (ObjectiveKind.COMMITTED, "Committed (expected 1.0)"),
    (ObjectiveKind.ASPIRATIONAL, "Aspirational (0.7 is a success)"),
)
PARENT_KINDS = (ElementKind.STRATEGY, ElementKind.ASPIRATION)


class ObjectiveEditor(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.objective_id = ""
        self._loading = False
        self.title = QLineEdit()
        self.title.setAccessibleName("Objective title")
        self.title.setPlaceholderText("Qualitative and inspiring: what do you want to achieve?")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind")
        for kind, text in KINDS:
            self.kind.addItem(text, kind.value)
        self.start = QLineEdit()
        self.start.setAccessibleName("Period start")
        self.end = QLineEdit()
        self.end.setAccessibleName("Period end")
        for field in (self.start, self.end):
            field.setPlaceholderText("YYYY-MM-DD")
            field.editingFinished.connect(self._period_done)
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner team")
        self.aligns = ChoiceList("Aligns to")
        self.wig = QCheckBox(
            "Wildly important goal: the scoreboard writes it “From X to Y by When”"
        )
        self.score = QLabel()
        self.score.setAccessibleName("Objective score")
        self.title.editingFinished.connect(lambda: self._save(title=self.title.text().strip()))
        self.owner.editingFinished.connect(lambda: self._save(owner=self.owner.text().strip()))
        self.kind.activated.connect(
            lambda _i: self._save(kind=ObjectiveKind(self.kind.currentData()))
        )
        self.aligns.edited.connect(lambda: self._save(aligns_to=self.aligns.checked_ids()))
        self.wig.toggled.connect(lambda on: self._save(wig=bool(on)))
        form = QFormLayout()
        form.addRow("Objective", self.title)
        form.addRow("Kind", self.kind)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel("to"))
        period.addWidget(self.end)
        form.addRow("Period", period)
        form.addRow("Owner team", self.owner)
        form.addRow("", self.wig)
        form.addRow("Score", self.score)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Aligns to (strategies, aspirations, other objectives)"))
        layout.addWidget(self.aligns, 1)

    def objective(self) -> ObjectiveData | None:
        return self.doc.snapshot().objective(self.objective_id) if self.objective_id else None

    def show_objective(self, objective_id: str) -> None:
        self.objective_id = objective_id
        self.load()

    def load(self) -> None:
        objective = self.objective()
        self._loading = True
        if objective is not None:
            for field, value in (
                (self.title, objective.title),
                (self.start, objective.period_start),
                (self.end, objective.period_end),
                (self.owner, objective.owner),
            ):
                if field.text() != value:
                    field.setText(value)
            self.kind.setCurrentIndex(max(0, self.kind.findData(objective.kind.value)))
            self.wig.setChecked(objective.wig)
            self.aligns.fill(self._parent_choices(objective), objective.aligns_to)
            facts = objective_facts(self.doc.snapshot(), objective)
            self.score.setText(
                f"{score_words(facts.score, facts.band)} · expected {score_text(facts.expected)}"
                f" · {len(facts.key_results)} key results"
            )
        editable = objective is not None and not self.doc.read_only
        for widget in (
            self.title,
            self.kind,
            self.start,
            self.end,
            self.owner,
            self.aligns,
            self.wig,
        ):
            widget.setEnabled(editable)
        self._loading = False

    def _parent_choices(self, objective: ObjectiveData) -> list[tuple[str, str]]:
        snap = self.doc.snapshot()
        choices = [
            (e.id, f"{SINGULAR_TITLES[kind]}: {e.title}")
            for kind in PARENT_KINDS
            for e in snap.of_kind(kind)
        ]
        choices += [
            (o.id, f"Objective: {o.title}") for o in snap.objectives if o.id != objective.id
        ]
        return choices

    def commit(self) -> None:
        """Save what is still being typed into a field."""
        commit_typing((self.title, self.start, self.end, self.owner))

    def _save(self, **changes: object) -> None:
        if self._loading or self.objective() is None:
            return
        self.doc.update_objective(self.objective_id, **changes)
        self.load()  # a refused change shows the stored value again

    def _period_done(self) -> None:
        self._save(period_start=self.start.text().strip(), period_end=self.end.text().strip())
