"""Health checks of OKRs: findings as data, pure functions of a Snapshot (`rules.check` adds them
after the TASTE and option-map findings, so the health panel and ``okrdesk check`` show them).

What they guard comes from the seed articles and DOMAIN.md §4:

* **Focus.** "Leadership intent means keeping focused on a limited number of OKRs" and
  "learning how to focus is probably the single biggest gift" (How to succeed with OKR).
  More than MAX_OBJECTIVES objectives running at the same time, or more than
  MAX_KEY_RESULTS key results on one objective (Wodtke: three is usually enough), is flagged.
* **Outcomes, not activities.** "It means tracking progress towards OKRs, not activities"
  (ibid.); business-as-usual work does not belong in OKRs (Implementing OKRs). A key result
  reads like an activity when its title starts with a verb of doing (ACTIVITY_VERBS:
  "Launch the new checkout", "Hire two testers"), or when it has nothing to measure: no digit
  in its title, no unit, and the default 0 → 1 of a done/not-done checkbox. A heuristic: it
  cannot read meaning, so it is a warning to talk about, never a block.
* **Weekly check-ins.** "Successful teams demonstrate this by checking in on their OKRs
  weekly" (How to succeed with OKR). A key result of an objective whose period is running
  (started, not yet ended: a closed quarter is history, not a nag) with no check-in for more
  than STALE_AFTER_DAYS days before `today`, or none at all that long after the period began.
* **Alignment.** An objective aligned to nothing serves no strategy, aspiration or objective.
* **Leading measures.** Lagging key results report too late to steer by; an objective whose
  key results are all lagging has nothing the team can move week by week (4DX: lead and lag).
* **Numbers that contradict their direction**: an increase whose target is below its
  baseline, or a decrease whose target is above it, is scored by its numbers (okr_scoring),
  which is rarely what its author meant.

Order: too-many-objectives first; then each objective in order (its own findings in the order
of OKR_CODES), each followed by its key results in order.
"""

from __future__ import annotations

import datetime as dt
import re

from okrdesk.models.okr_data import Direction, Indicator, KeyResultData, ObjectiveData
from okrdesk.models.rules import Finding, Severity
from okrdesk.models.snapshot import Snapshot

TOO_MANY_OBJECTIVES = "too-many-objectives"
OBJECTIVE_UNALIGNED = "objective-unaligned"
TOO_MANY_KEY_RESULTS = "too-many-key-results"
LAGGING_WITHOUT_LEADING = "lagging-without-leading"
ACTIVITY_KEY_RESULT = "activity-key-result"
KR_DIRECTION_MISMATCH = "kr-direction-mismatch"
STALE_KEY_RESULT = "stale-key-result"
OKR_CODES: tuple[str, ...] = (
    TOO_MANY_OBJECTIVES,
    OBJECTIVE_UNALIGNED,
    TOO_MANY_KEY_RESULTS,
    LAGGING_WITHOUT_LEADING,
    ACTIVITY_KEY_RESULT,
    KR_DIRECTION_MISMATCH,
    STALE_KEY_RESULT,
)

MAX_OBJECTIVES = 5  # running at the same time
MAX_KEY_RESULTS = 5  # on one objective
STALE_AFTER_DAYS = 14  # two weekly check-ins missed
# Verbs of doing that open an activity rather than a result (compared in lower case).
ACTIVITY_VERBS = frozenset({
    "launch", "build", "implement", "create", "run", "hold", "deliver", "complete", "develop",
    "write", "migrate", "hire", "ship", "introduce", "finish", "organise", "organize",
    "conduct", "publish", "design", "establish", "set up", "roll out",
})
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_MAX_TITLE = 60


def _quoted(title: str, what: str, number: int) -> str:
    text = " ".join(title.split())
    if not text:
        return f"{what} {number} (untitled)"
    if len(text) > _MAX_TITLE:
        text = text[: _MAX_TITLE - 1].rstrip() + "…"
    return f"{what} “{text}”"


def okr_findings(snapshot: Snapshot, today: dt.date | None = None) -> list[Finding]:
    """Every OKR finding of `snapshot`; `today` (default: the date today) dates check-ins."""
    day = today or dt.date.today()
    findings = _too_many_objectives(snapshot.objectives)
    for number, objective in enumerate(snapshot.objectives, start=1):
        label = _quoted(objective.title, "Objective", number)
        results = snapshot.key_results_of(objective.id)
        if not objective.aligns_to:
            findings.append(Finding(
                OBJECTIVE_UNALIGNED, Severity.WARNING,
                f"{label} is aligned to nothing: align it to a strategy, an aspiration or "
                "another objective.", (objective.id,)))
        if len(results) > MAX_KEY_RESULTS:
            findings.append(Finding(
                TOO_MANY_KEY_RESULTS, Severity.WARNING,
                f"{label} has {len(results)} key results; keep to {MAX_KEY_RESULTS} or fewer "
                "(three is often enough).", (objective.id, *(k.id for k in results))))
        lagging = [k for k in results if k.indicator is Indicator.LAGGING]
        if lagging and len(lagging) == len(results):
            findings.append(Finding(
                LAGGING_WITHOUT_LEADING, Severity.WARNING,
                f"{label} has only lagging key results: add a leading one the team can move "
                "week by week.", (objective.id, *(k.id for k in lagging))))
        running = _running(objective, day)
        for kr_number, kr in enumerate(results, start=1):
            kr_label = _quoted(kr.title, "Key result", kr_number)
            findings += _key_result_findings(snapshot, kr, kr_label, objective, running, day)
    return findings


def _key_result_findings(
    snapshot: Snapshot, kr: KeyResultData, label: str, objective: ObjectiveData,
    running: bool, day: dt.date,
) -> list[Finding]:
    found: list[Finding] = []
    activity = activity_reason(kr)
    if activity:
        found.append(Finding(ACTIVITY_KEY_RESULT, Severity.WARNING,
                             f"{label} reads like an activity ({activity}): track the outcome "
                             "the work should bring.", (kr.id,)))
    wrong = (kr.direction is Direction.INCREASE and kr.target < kr.baseline) or (
        kr.direction is Direction.DECREASE and kr.target > kr.baseline)
    if wrong:
        side = "below" if kr.target < kr.baseline else "above"
        found.append(Finding(KR_DIRECTION_MISMATCH, Severity.WARNING,
                             f"{label} is to {kr.direction.value}, but its target "
                             f"({kr.target:g}) is {side} its baseline ({kr.baseline:g}).",
                             (kr.id,)))
    stale = _staleness(snapshot, kr, objective, day) if running else None
    if stale:
        found.append(Finding(STALE_KEY_RESULT, Severity.WARNING, f"{label} {stale}", (kr.id,)))
    return found


def activity_reason(kr: KeyResultData) -> str | None:
    """Why a key result reads like an activity, or None (see the module docstring)."""
    words = [w.lower() for w in _WORDS.findall(kr.title)[:2]]
    if not words:
        return None
    for verb in (" ".join(words), words[0]):
        if verb in ACTIVITY_VERBS:
            opening = " ".join(_WORDS.findall(kr.title)[: verb.count(" ") + 1])
            return f"it starts with “{opening}”"
    measured = any(c.isdigit() for c in kr.title) or kr.unit.strip()
    if not measured and (kr.baseline, kr.target) == (0.0, 1.0):
        return "it has no number to move: no unit, and a baseline of 0 and target of 1"
    return None


def _running(objective: ObjectiveData, day: dt.date) -> bool:
    start, end = objective.period_start, objective.period_end
    return (not start or start <= day.isoformat()) and (not end or day.isoformat() <= end)


def _staleness(
    snapshot: Snapshot, kr: KeyResultData, objective: ObjectiveData, day: dt.date
) -> str | None:
    """How a key result of a running objective misses its weekly check-ins, or None."""
    latest = snapshot.latest_check_in(kr.id)
    if latest is not None:
        days = (day - dt.date.fromisoformat(latest.date)).days
        if days > STALE_AFTER_DAYS:
            return (f"has had no check-in for {days} days (the last on {latest.date}); check in "
                    "weekly.")
        return None
    if objective.period_start:
        days = (day - dt.date.fromisoformat(objective.period_start)).days
        if days > STALE_AFTER_DAYS:
            return (f"has no check-in yet, {days} days into its period (which began on "
                    f"{objective.period_start}); check in weekly.")
    return None


def _too_many_objectives(objectives: tuple[ObjectiveData, ...]) -> list[Finding]:
    """One finding when, at some moment, more than MAX_OBJECTIVES objectives run at once.

    The most that overlap always includes the start of one of them, so counting at each start
    finds it (an objective without a start runs from the beginning of time, one without an end
    for ever)."""
    if len(objectives) <= MAX_OBJECTIVES:
        return []
    starts = sorted({o.period_start for o in objectives})
    best: list[ObjectiveData] = []
    when = ""
    for start in starts:
        running = [o for o in objectives
                   if o.period_start <= start and (not o.period_end or start <= o.period_end)]
        if len(running) > len(best):
            best, when = running, start
    if len(best) <= MAX_OBJECTIVES:
        return []
    moment = f" (from {when})" if when else ""
    return [Finding(
        TOO_MANY_OBJECTIVES, Severity.WARNING,
        f"{len(best)} objectives run at the same time{moment}; keep to {MAX_OBJECTIVES} or "
        "fewer so that the teams can focus on them.", tuple(o.id for o in best))]
