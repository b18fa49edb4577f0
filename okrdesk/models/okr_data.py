"""OKRs as plain data: objectives, their key results, and the weekly check-ins on them.

An objective is committed (expected to score 1.0) or aspirational (0.7 is a good result), has
a period and an owner team, and may align to several parents: strategies or aspirations of the
X-Matrix, or other objectives. A key result moves a number from a baseline towards a target
(increase, decrease, or keep it at the target), is a leading or a lagging indicator, may
measure Evidence of the X-Matrix and may be balanced by another key result. Check-ins keep the
whole history: one per key result per date.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ObjectiveKind(StrEnum):
    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    KEEP = "keep"


class Indicator(StrEnum):
    LEADING = "leading"
    LAGGING = "lagging"


@dataclass(frozen=True)
class ObjectiveData:
    id: str
    title: str
    kind: ObjectiveKind = ObjectiveKind.COMMITTED
    period_start: str = ""  # ISO date or ""
    period_end: str = ""  # ISO date or ""
    owner: str = ""  # the owner team, free text
    aligns_to: tuple[str, ...] = ()  # ids of strategies, aspirations or objectives
    position: int = 0
    wig: bool = False  # a Wildly Important Goal (4DX): shown "from X to Y by When"


@dataclass(frozen=True)
class KeyResultData:
    id: str
    objective: str  # objective id
    title: str
    baseline: float = 0.0
    target: float = 1.0
    current: float | None = None  # the latest check-in's value, else None
    unit: str = ""
    direction: Direction = Direction.INCREASE
    indicator: Indicator = Indicator.LAGGING
    measures: tuple[str, ...] = ()  # evidence ids
    balances: str | None = None  # id of the key result this one balances
    position: int = 0  # within its objective


@dataclass(frozen=True)
class CheckInData:
    key_result: str
    date: str  # ISO date; one check-in per key result per date
    value: float
    confidence: int = 5  # 0..10; the first check-in starts at 5
    note: str = ""


# Limits shared by the domain operations and the JSON import (refused beyond them with a message).
MAX_OKR_TITLE_LENGTH = 500  # an objective's or key result's title
MAX_OWNER_LENGTH = 500  # an objective's owner team
MAX_UNIT_LENGTH = 32  # a key result's unit: "%", "min", "deploys/week"
MAX_NOTE_LENGTH = 5_000  # a check-in's note
MIN_CONFIDENCE, MAX_CONFIDENCE = 0, 10
DEFAULT_CONFIDENCE = 5  # where a key result's first check-in starts

# What update_objective and update_key_result may change (`current` comes from the check-ins).
OBJECTIVE_FIELDS = ("title", "kind", "period_start", "period_end", "owner", "aligns_to", "wig")
KEY_RESULT_FIELDS = (
    "title", "baseline", "target", "unit", "direction", "indicator", "measures", "balances",
)


@dataclass(frozen=True)
class OkrRemoval:
    """Everything delete_objective or delete_key_result took away, for Strategy.restore_okrs.

    `alignments` are (objective, deleted objective, place in its aligns_to) of other objectives
    that aligned to a deleted one; `balances` are (key result, deleted key result) of other key
    results that balanced a deleted one. Both links were cleared and come back on restore."""

    objectives: tuple[ObjectiveData, ...] = ()
    key_results: tuple[KeyResultData, ...] = ()
    check_ins: tuple[CheckInData, ...] = ()
    alignments: tuple[tuple[str, str, int], ...] = ()
    balances: tuple[tuple[str, str], ...] = ()
