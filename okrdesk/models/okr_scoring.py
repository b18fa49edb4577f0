"""Scoring OKRs the Google way: pure functions of the plain OKR data (no file, no Qt).

**A key result scores 0.0–1.0, linear from its baseline (0.0) to its target (1.0), clamped.**
``score = clamp((value − baseline) / (target − baseline), 0, 1)``, where value is the latest
check-in's. The formula does not care which way the numbers run, so a *decrease* (target below
baseline: defects from 20 % down to 5 %) scores 0.5 at 12.5 % exactly as an increase does
half-way up. Overshooting the target still scores 1.0; falling back past the baseline 0.0.

* **keep** (a health metric: hold a level, guard what must not be damaged) uses the same
  line, read as a coach would: the target is the level to hold and the baseline the level at
  which holding has failed. At or beyond the target (on the side away from the baseline) the
  KR scores 1.0; towards the baseline it falls linearly, reaching 0.0 there. "Keep the change
  failure rate at or below 15 %, never above 25 %" is target 15, baseline 25: 12 % scores 1.0,
  20 % scores 0.5, 25 % or worse 0.0.
* **target equal to baseline** leaves no line to score along, so the direction decides: an
  increase scores 1.0 at or above the target, a decrease at or below it, otherwise 0.0; a keep
  scores 1.0 only at the target (give it a baseline on the side that must not be crossed to
  say which side is safe).
* When the direction contradicts the numbers (an increase whose target is below its baseline)
  the numbers win, as in Google's formula; `okrdesk check` points the contradiction out.
* **No check-in, no score**: `None`, shown as "no score yet", never as 0.0.

**An objective scores the mean of its key results' scores**, leaving out key results without a
score; `None` when none has one.

**Bands** (Google: 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green) are given on scores written
with one decimal, so a score is rounded to one decimal first (half up) and then banded: 0.35
rounds to 0.4 and is yellow, 0.65 rounds to 0.7 and is green. The number shown and its colour
therefore always agree; the gaps 0.3–0.4 and 0.6–0.7 are split at their middle.

**Expectations**: a committed objective is expected to reach 1.0, an aspirational one 0.7
(Google: an aspirational OKR at 0.7 is a success). `meets_expectation` compares a final score
with that; `on_track` compares a score during the period with the expectation scaled by the
share of the period gone by (half-way through a quarter a committed objective at 0.5 is on
track), a simple linear pace a team can argue with at its weekly check-in.

**Confidence** is 0–10; a key result's first check-in starts at 5 and each later one at the
confidence of the check-in before (`default_confidence`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from enum import StrEnum

from okrdesk.models.okr_data import (
    DEFAULT_CONFIDENCE,
    CheckInData,
    Direction,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.snapshot import Snapshot

__all__ = [
    "EXPECTED_SCORE",
    "GREEN_FROM",
    "RED_UP_TO",
    "Band",
    "band",
    "default_confidence",
    "elapsed_share",
    "key_result_score",
    "meets_expectation",
    "objective_score",
    "objective_score_of",
    "on_track",
    "rounded",
    "score_history",
    "score_value",
]


class Band(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


RED_UP_TO = 0.3  # a rounded score up to this is red
GREEN_FROM = 0.7  # a rounded score from this is green; between the two, yellow
EXPECTED_SCORE: dict[ObjectiveKind, float] = {
    ObjectiveKind.COMMITTED: 1.0,
    ObjectiveKind.ASPIRATIONAL: 0.7,
}


def score_value(kr: KeyResultData, value: float) -> float:
    """What `value` scores on `kr`, 0.0–1.0 (see the module docstring)."""
    span = kr.target - kr.baseline
    if span == 0:
        if kr.direction is Direction.INCREASE:
            reached = value >= kr.target
        elif kr.direction is Direction.DECREASE:
            reached = value <= kr.target
        else:
            reached = math.isclose(value, kr.target, rel_tol=1e-9, abs_tol=1e-12)
        return 1.0 if reached else 0.0
    return min(1.0, max(0.0, (value - kr.baseline) / span))


def key_result_score(kr: KeyResultData) -> float | None:
    """The key result's score at its current value (its latest check-in); None without one."""
    return None if kr.current is None else score_value(kr, kr.current)


def objective_score(scores: Iterable[float | None]) -> float | None:
    """The mean of the scores that exist; None when there is none."""
    known = [s for s in scores if s is not None]
    return sum(known) / len(known) if known else None


def objective_score_of(snapshot: Snapshot, objective_id: str) -> float | None:
    return objective_score(key_result_score(kr) for kr in snapshot.key_results_of(objective_id))


def rounded(score: float) -> float:
    """The score to one decimal, halves up (0.35 → 0.4, 0.65 → 0.7), as scores are shown.

    The tiny nudge makes decimal halves round up although binary floats store 0.35 as
    0.34999…"""
    return math.floor(score * 10 + 0.5 + 1e-9) / 10


def band(score: float | None) -> Band | None:
    """Red, yellow or green for a score (rounded first); None for no score."""
    if score is None:
        return None
    shown = rounded(score)
    if shown <= RED_UP_TO:
        return Band.RED
    return Band.YELLOW if shown < GREEN_FROM else Band.GREEN


def meets_expectation(kind: ObjectiveKind, score: float | None) -> bool | None:
    """Whether a (final) score reaches what the objective's kind expects; None without one."""
    if score is None:
        return None
    return rounded(score) >= EXPECTED_SCORE[ObjectiveKind(kind)]


def elapsed_share(objective: ObjectiveData, today: dt.date | None = None) -> float:
    """How much of the objective's period has gone by, 0.0–1.0. Without both dates the
    whole expectation applies, so 1.0."""
    if not objective.period_start or not objective.period_end:
        return 1.0
    start = dt.date.fromisoformat(objective.period_start)
    end = dt.date.fromisoformat(objective.period_end)
    day = today or dt.date.today()
    if end <= start:
        return 1.0 if day >= start else 0.0
    return min(1.0, max(0.0, (day - start).days / (end - start).days))


def on_track(kind: ObjectiveKind, score: float | None, elapsed: float = 1.0) -> bool | None:
    """Whether a score keeps pace with the expectation: at least `elapsed` (the share of the
    period gone by, see elapsed_share) of what the kind expects, both rounded to one decimal
    as they are shown. None without a score."""
    if score is None:
        return None
    pace = EXPECTED_SCORE[ObjectiveKind(kind)] * min(1.0, max(0.0, elapsed))
    return rounded(score) >= rounded(pace)


def default_confidence(key_result_id: str, snapshot: Snapshot) -> int:
    """The confidence a new check-in starts at: the last check-in's, or 5 for the first."""
    latest = snapshot.latest_check_in(key_result_id)
    return DEFAULT_CONFIDENCE if latest is None else latest.confidence


def score_history(
    kr: KeyResultData, check_ins: Iterable[CheckInData]
) -> tuple[tuple[str, float], ...]:
    """(date, score) of each check-in, oldest first: the score line of a trend chart."""
    ordered = sorted(check_ins, key=lambda c: c.date)
    return tuple((c.date, score_value(kr, c.value)) for c in ordered)
