"""What the OKR pictures show of each objective and key result, gathered from a snapshot once.

The one-pager, the scoreboard and the OKRs tab all draw from these facts, so they agree on
every score, band, parent and latest confidence. Scores and bands are okr_scoring's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrdesk.layout.okr_format import period
from okrdesk.models import okr_scoring
from okrdesk.models.kinds import SINGULAR_TITLES
from okrdesk.models.okr_data import (
    CheckInData,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.snapshot import Snapshot

KIND_WORDS = {ObjectiveKind.COMMITTED: "Committed", ObjectiveKind.ASPIRATIONAL: "Aspirational"}


@dataclass(frozen=True)
class KeyResultFacts:
    kr: KeyResultData
    check_ins: tuple[CheckInData, ...]  # oldest first
    score: float | None  # 0..1, None before the first check-in
    band: str | None  # "red", "yellow", "green"
    measures: tuple[str, ...]  # titles of the Evidence it measures
    balances: str  # title of the key result it balances, or ""

    @property
    def latest(self) -> CheckInData | None:
        return self.check_ins[-1] if self.check_ins else None

    @property
    def leading(self) -> bool:
        return self.kr.indicator == Indicator.LEADING


@dataclass(frozen=True)
class ObjectiveFacts:
    objective: ObjectiveData
    parents: tuple[str, ...]  # "Strategy: Win mid-size merchants", in aligns_to order
    score: float | None
    band: str | None
    expected: float  # committed 1.0, aspirational 0.7
    key_results: tuple[KeyResultFacts, ...]

    @property
    def kind_word(self) -> str:
        return KIND_WORDS.get(self.objective.kind, str(self.objective.kind).title())

    @property
    def period(self) -> str:
        return period(self.objective.period_start, self.objective.period_end)

    def meta(self) -> str:
        """ "Committed · 1 Jan – 31 Mar 2026 · Owner: Payments team"."""
        o = self.objective
        parts = [
            self.kind_word,
            self.period,
            f"Owner: {o.owner.strip()}" if o.owner.strip() else "",
        ]
        return " · ".join(p for p in parts if p)


def parent_title(snapshot: Snapshot, parent_id: str) -> str:
    """How an objective's parent is named: its kind and title."""
    element = snapshot.element(parent_id)
    if element is not None:
        return f"{SINGULAR_TITLES[element.kind]}: {element.title}"
    objective = snapshot.objective(parent_id)
    return f"Objective: {objective.title}" if objective is not None else ""


def key_result_facts(snapshot: Snapshot, kr: KeyResultData) -> KeyResultFacts:
    history = tuple(snapshot.check_ins_of(kr.id))
    score = okr_scoring.key_result_score(kr)
    measured = (snapshot.element(e) for e in kr.measures)
    balanced = snapshot.key_result(kr.balances) if kr.balances else None
    return KeyResultFacts(
        kr,
        history,
        score,
        okr_scoring.band(score),
        tuple(e.title for e in measured if e is not None),
        balanced.title if balanced is not None else "",
    )


def objective_facts(snapshot: Snapshot, objective: ObjectiveData) -> ObjectiveFacts:
    krs = tuple(key_result_facts(snapshot, kr) for kr in snapshot.key_results_of(objective.id))
    score = okr_scoring.objective_score([k.score for k in krs])
    parents = tuple(t for t in (parent_title(snapshot, p) for p in objective.aligns_to) if t)
    return ObjectiveFacts(
        objective,
        parents,
        score,
        okr_scoring.band(score),
        okr_scoring.EXPECTED_SCORE[objective.kind],
        krs,
    )


def all_facts(
    snapshot: Snapshot, objective_ids: Sequence[str] | None = None
) -> list[ObjectiveFacts]:
    """Facts of the objectives asked for (all when None), in the objectives' order."""
    wanted = set(objective_ids) if objective_ids is not None else None
    return [
        objective_facts(snapshot, o)
        for o in snapshot.objectives
        if wanted is None or o.id in wanted
    ]
