"""The editor of one key result: title, baseline, target and unit, direction, leading or
lagging, the Evidence it measures and the key result it balances.

Saved like the objective editor: text when editing finishes, choices when made. A baseline or
target that is not a number is not saved: the message says why under the fields, and the
stored value comes back.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from okrdesk.layout.okr_facts import key_result_facts
from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import Direction, Indicator, KeyResultData
from okrdesk.views.document import Document
from okrdesk.views.okr_widgets import (
    ChoiceList,
    commit_typing,
    number_text,
    parse_number,
    score_words,
)

DIRECTIONS = (
    (Direction.INCREASE, "Increase to the target"),
    (Direction.DECREASE, "Decrease to the target"),
    (Direction.KEEP, "Keep at the target"),
)
INDICATORS = (
    (Indicator.LAGGING, "Lagging (a result)"),
    (Indicator.LEADING, "Leading (drives a result)"),
)
NO_BALANCE = "(balances nothing)"
PROBLEM_STYLE = "color:#a40000;"


class KeyResultEditor(QWidget):
    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.key_result_id = ""
        self._loading = False
        self.title = QLineEdit()
        self.title.setAccessibleName("Key result title")
        self.title.setPlaceholderText("Measurable: from what to what?")
        self.baseline = QLineEdit()
        self.baseline.setAccessibleName("Baseline")
        self.target = QLineEdit()
        self.target.setAccessibleName("Target")
        self.unit = QLineEdit()
        self.unit.setAccessibleName("Unit")
        self.unit.setPlaceholderText("%, min, deploys/week")
        self.direction = QComboBox()
        self.direction.setAccessibleName("Direction")
        for direction, text in DIRECTIONS:
            self.direction.addItem(text, direction.value)
        self.indicator = QComboBox()
        self.indicator.setAccessibleName("Indicator")
        for indicator, text in INDICATORS:
            self.indicator.addItem(text, indicator.value)
        self.balances = QComboBox()
        self.balances.setAccessibleName("Balanced by")
        self.measures = ChoiceList("Measures evidence")
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.score = QLabel()
        self.score.setAccessibleName("Key result score")
        self.title.editingFinished.connect(lambda: self._save(title=self.title.text().strip()))
        self.unit.editingFinished.connect(lambda: self._save(unit=self.unit.text().strip()))
        for field, name in ((self.baseline, "baseline"), (self.target, "target")):
            field.editingFinished.connect(lambda f=field, n=name: self._number_done(f, n))
        self.direction.activated.connect(
            lambda _i: self._save(direction=Direction(self.direction.currentData()))
        )
        self.indicator.activated.connect(
            lambda _i: self._save(indicator=Indicator(self.indicator.currentData()))
        )
        self.balances.activated.connect(lambda _i: self._save(balances=self.balances.currentData()))
        self.measures.edited.connect(lambda: self._save(measures=self.measures.checked_ids()))
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Key result", self.title)
        numbers = QHBoxLayout()
        for text, field in (("", self.baseline), ("→", self.target), ("unit", self.unit)):
            if text:
                numbers.addWidget(QLabel(text))
            numbers.addWidget(field)
        form.addRow("Baseline → target", numbers)
        form.addRow("", self.problem)
        form.addRow("Direction", self.direction)
        form.addRow("Indicator", self.indicator)
        form.addRow("Balanced by", self.balances)
        form.addRow("Score", self.score)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Measures (Evidence of the X-Matrix)"))
        layout.addWidget(self.measures, 1)

    def key_result(self) -> KeyResultData | None:
        return self.doc.snapshot().key_result(self.key_result_id) if self.key_result_id else None

    def show_key_result(self, key_result_id: str) -> None:
        if key_result_id != self.key_result_id:
            self.problem.hide()
        self.key_result_id = key_result_id
        self.load()

    def load(self) -> None:
        kr = self.key_result()
        self._loading = True
        if kr is not None:
            for field, value in (
                (self.title, kr.title),
                (self.baseline, number_text(kr.baseline)),
                (self.target, number_text(kr.target)),
                (self.unit, kr.unit),
            ):
                if field.text() != value:
                    field.setText(value)
            self.direction.setCurrentIndex(max(0, self.direction.findData(kr.direction.value)))
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(kr.indicator.value)))
            self._fill_balances(kr)
            snap = self.doc.snapshot()
            evidence = [(e.id, e.title) for e in snap.of_kind(ElementKind.EVIDENCE)]
            self.measures.fill(evidence, kr.measures)
            facts = key_result_facts(snap, kr)
            latest = facts.latest
            seen = f" · confidence {latest.confidence}/10 on {latest.date}" if latest else ""
            self.score.setText(f"{score_words(facts.score, facts.band)}{seen}")
        editable = kr is not None and not self.doc.read_only
        for widget in (
            self.title,
            self.baseline,
            self.target,
            self.unit,
            self.direction,
            self.indicator,
            self.balances,
            self.measures,
        ):
            widget.setEnabled(editable)
        self._loading = False

    def _fill_balances(self, kr: KeyResultData) -> None:
        snap = self.doc.snapshot()
        self.balances.clear()
        self.balances.addItem(NO_BALANCE, None)
        for other in snap.key_results:
            if other.id != kr.id:
                objective = snap.objective(other.objective)
                prefix = f"{objective.title} › " if objective is not None else ""
                self.balances.addItem(f"{prefix}{other.title}", other.id)
        index = self.balances.findData(kr.balances) if kr.balances else 0
        self.balances.setCurrentIndex(max(0, index))

    def commit(self) -> None:
        """Save what is still being typed into a field."""
        commit_typing((self.title, self.baseline, self.target, self.unit))

    def _save(self, **changes: object) -> None:
        if self._loading or self.key_result() is None:
            return
        self.doc.update_key_result(self.key_result_id, **changes)
        self.load()  # a refused change shows the stored value again

    def _number_done(self, field: QLineEdit, name: str) -> None:
        if self._loading or self.key_result() is None:
            return
        try:
            value = parse_number(field.text())
        except ValueError as problem:
            self.problem.setText(f"The {name} was not changed: {problem}")
            self.problem.show()
            self.load()
            return
        self.problem.hide()
        self._save(**{name: value})
