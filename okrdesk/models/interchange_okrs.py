"""OKRs in okrdesk JSON (format version 4): how a document's objectives, key results and
check-ins are checked on import. (How they are written: okr_json.py.)

    "objectives": [{"id": "o1", "title": "...", "kind": "committed", "period_start":
                    "2027-01-01", "period_end": "2027-03-31", "owner": "Checkout team",
                    "aligns_to": ["s2", "a2"], "wig": true}],
    "key_results": [{"id": "k1", "objective": "o1", "title": "...", "baseline": 20,
                     "target": 5, "current": 6, "unit": "%", "direction": "decrease",
                     "indicator": "lagging", "measures": ["e3"], "balances": null}],
    "check_ins": [{"key_result": "k1", "date": "2027-01-04", "value": 19, "confidence": 5,
                   "note": ""}]

Everything is checked before anything is built, each problem at its JSON path, and a problem
caused by another is not repeated (a key result of an objective whose entry is broken is not
also called dangling). `current` is not stored: it is the value of the latest check-in, so a
`current` that disagrees with the check-ins (or has none to come from) is a problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from okrdesk.models.json_checks import MAX_ID_LENGTH, JsonChecker, describe
from okrdesk.models.kinds import ElementKind, with_article
from okrdesk.models.okr_data import (
    DEFAULT_CONFIDENCE,
    MAX_CONFIDENCE,
    MAX_NOTE_LENGTH,
    MAX_OKR_TITLE_LENGTH,
    MAX_OWNER_LENGTH,
    MAX_UNIT_LENGTH,
    MIN_CONFIDENCE,
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.sheet_data import sheet_date_ok
from okrdesk.models.snapshot import ElementData

OKRS_SINCE = 4  # the format version that brought OKRs
_PARENT_KINDS = (ElementKind.STRATEGY, ElementKind.ASPIRATION)
_WHAT = {"objectives": "objectives", "key_results": "key results", "check_ins": "check-ins"}

Okrs = tuple[tuple[ObjectiveData, ...], tuple[KeyResultData, ...], tuple[CheckInData, ...]]


def read_okrs(
    c: JsonChecker, top: dict[str, Any], known: set[str] | None, valid: dict[str, ElementData]
) -> Okrs:
    """The OKRs of a document; `known` are the well-formed element ids (None when unknowable),
    `valid` the fully valid elements by id."""
    if c.version < OKRS_SINCE:
        for key, what in _WHAT.items():
            if key in top:
                c.newer(f"$.{key}", what, OKRS_SINCE)
        return (), (), ()
    objective_ids, objectives = _objectives(c, top, known, valid)
    kr_ids, results = _key_results(c, top, objective_ids, (known, valid))
    before = len(c.problems)
    check_ins = _check_ins(c, top, kr_ids)
    # A broken check-in may be the latest one: then `current` cannot be judged.
    latest = _current(c, results, check_ins, judge=len(c.problems) == before)
    # A problem anywhere means nothing is built; what follows orders a valid document.
    rank = {o.id: n for n, o in enumerate(objectives)}
    ordered = sorted((kr for _, kr in results if kr.objective in rank),
                     key=lambda kr: (rank[kr.objective], kr.position))
    kr_rank = {kr.id: n for n, kr in enumerate(ordered)}
    kept = sorted((x for x in check_ins if x.key_result in kr_rank),
                  key=lambda x: (kr_rank[x.key_result], x.date))
    return (tuple(objectives),
            tuple(replace(kr, current=latest.get(kr.id)) for kr in ordered),
            tuple(kept))


def _date(c: JsonChecker, obj: dict[str, Any], key: str, path: str, *, required: bool
          ) -> str | None:
    text = c.string(obj, key, path, default=None if required else "")
    if text is not None and not (sheet_date_ok(text) and (text or not required)):
        none = ', or "" for none' if not required else ""
        c.add(f"{path}.{key}", f"{text[:40]!r} is not a date; write YYYY-MM-DD{none}")
        return None
    return text


def _ids(c: JsonChecker, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, str]]:
    """The ids of an array of ids (absent: none), each with its path; bad items are reported."""
    value = obj.get(key, [])
    if not isinstance(value, list):
        c.add(f"{path}.{key}", f"must be an array of ids, not {describe(value)}")
        return []
    found: list[tuple[str, str]] = []
    seen: dict[Any, str] = {}
    for j, item in enumerate(value):
        where = f"{path}.{key}[{j}]"
        if not isinstance(item, str):
            c.add(where, f"must be a string (an id), not {describe(item)}")
        elif not item:
            c.add(where, "must not be empty")
        elif len(item) > MAX_ID_LENGTH:
            c.add(where, f"is {len(item)} characters long; at most {MAX_ID_LENGTH} are allowed")
        elif c.text_ok(item, where) and c.unique(seen, item, where, f"{item!r} is listed twice"):
            found.append((item, where))
    return found


def _objectives(
    c: JsonChecker, top: dict[str, Any], known: set[str] | None, valid: dict[str, ElementData]
) -> tuple[set[str] | None, list[ObjectiveData]]:
    seen: dict[Any, str] = {}
    entries: list[tuple[str, ObjectiveData, list[tuple[str, str]]]] = []
    for i, item in enumerate(c.array(top, "objectives", required=False)):
        path = f"$.objectives[{i}]"
        obj = c.obj(item, path, "an objective")
        if obj is None:
            continue
        before = len(c.problems)
        oid = c.ident(obj, "id", path)
        fresh = oid is not None and c.unique(seen, oid, f"{path}.id",
                                             f"duplicate objective id {oid!r}")
        if fresh and known is not None and oid in known:
            c.add(f"{path}.id", f"{oid!r} is the id of an element; an objective needs an id of "
                                "its own (aligns_to names both)")
        title = c.string(obj, "title", path, max_length=MAX_OKR_TITLE_LENGTH)
        kind = c.choice(obj, "kind", path, ObjectiveKind, "objective kind",
                        default=ObjectiveKind.COMMITTED)
        start = _date(c, obj, "period_start", path, required=False)
        end = _date(c, obj, "period_end", path, required=False)
        if start and end and end < start:
            c.add(f"{path}.period_end", f"the period ends ({end}) before it starts ({start})")
        owner = c.string(obj, "owner", path, default="", max_length=MAX_OWNER_LENGTH)
        parents = _ids(c, obj, "aligns_to", path)
        wig = c.boolean(obj, "wig", path, False)
        if len(c.problems) == before:
            assert oid is not None and title is not None and kind is not None
            assert start is not None and end is not None and owner is not None
            data = ObjectiveData(oid, title, kind, start, end, owner,
                                 tuple(p for p, _ in parents), len(entries), bool(wig))
            entries.append((path, data, parents))
    ids = None if "objectives" in c.broken else set(seen)
    for _, data, parents in entries:
        _check_parents(c, data, parents, ids, known, valid)
    _report_circles(c, {path: data for path, data, _ in entries})
    return ids, [data for _, data, _ in entries]


def _check_parents(
    c: JsonChecker, data: ObjectiveData, parents: list[tuple[str, str]],
    objectives: set[str] | None, known: set[str] | None, valid: dict[str, ElementData],
) -> None:
    """Each parent is a strategy, an aspiration or another objective (an element whose own
    entry is broken, or any id when an array is unreadable, is not reported again)."""
    for parent, where in parents:
        element = valid.get(parent)
        if parent == data.id:
            c.add(where, "an objective cannot align to itself")
        elif element is not None and element.kind not in _PARENT_KINDS:
            c.add(where, f"an objective aligns to a strategy, an aspiration or another "
                         f"objective, not to {with_article(element.kind)} ({parent!r})")
        elif objectives is not None and known is not None and parent not in objectives | known:
            c.add(where, f"no strategy, aspiration or objective has the id {parent!r}")


def _report_circles(c: JsonChecker, entries: dict[str, ObjectiveData]) -> None:
    """Report objectives that align in a circle, each circle once, at the alignment that
    closes it."""
    by_id = {o.id: (path, o) for path, o in entries.items()}
    up = {o.id: [p for p in o.aligns_to if p in by_id and p != o.id] for o in entries.values()}
    while cycle := _find_cycle(up, list(by_id)):
        last, first = cycle[-2], cycle[-1]
        path, objective = by_id[last]
        where = f"{path}.aligns_to[{objective.aligns_to.index(first)}]"
        c.add(where, "objectives align in a circle: " + " → ".join(repr(o) for o in cycle))
        up[last].remove(first)


def _find_cycle(up: dict[str, list[str]], order: Iterable[str]) -> list[str]:
    """A path a → … → a in `up`, found depth first in `order`; [] when there is none."""
    done: set[str] = set()
    for root in order:
        if root in done:
            continue
        trail, on_trail = [root], {root}
        stack = [iter(up[root])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                node = trail.pop()
                on_trail.discard(node)
                done.add(node)
                stack.pop()
                continue
            if nxt in on_trail:
                return [*trail[trail.index(nxt):], nxt]
            if nxt not in done:
                trail.append(nxt)
                on_trail.add(nxt)
                stack.append(iter(up[nxt]))
    return []


def _key_results(
    c: JsonChecker, top: dict[str, Any], objectives: set[str] | None,
    elements: tuple[set[str] | None, dict[str, ElementData]],
) -> tuple[set[str] | None, list[tuple[str, KeyResultData]]]:
    """(every well-formed key result id, None when unknowable; the valid ones with paths)."""
    known, valid = elements
    seen: dict[Any, str] = {}
    counts: dict[str, int] = {}
    pending: list[tuple[str, KeyResultData]] = []
    for i, item in enumerate(c.array(top, "key_results", required=False)):
        path = f"$.key_results[{i}]"
        obj = c.obj(item, path, "a key result")
        if obj is None:
            continue
        before = len(c.problems)
        kid = c.ident(obj, "id", path)
        if kid is not None:
            c.unique(seen, kid, f"{path}.id", f"duplicate key result id {kid!r}")
        objective = c.ident(obj, "objective", path)
        if objective is not None and objectives is not None and objective not in objectives:
            c.add(f"{path}.objective", f"no objective has the id {objective!r}")
        title = c.string(obj, "title", path, max_length=MAX_OKR_TITLE_LENGTH)
        baseline, target = c.number(obj, "baseline", path), c.number(obj, "target", path)
        current = None if obj.get("current") is None else c.number(obj, "current", path)
        unit = c.string(obj, "unit", path, default="", max_length=MAX_UNIT_LENGTH)
        direction = c.choice(obj, "direction", path, Direction, "direction",
                             default=Direction.INCREASE)
        indicator = c.choice(obj, "indicator", path, Indicator, "indicator",
                             default=Indicator.LAGGING)
        measures = _ids(c, obj, "measures", path)
        for element, where in measures:
            if element in valid and valid[element].kind is not ElementKind.EVIDENCE:
                c.add(where, f"a key result measures Evidence, not "
                             f"{with_article(valid[element].kind)} ({element!r})")
            elif known is not None and element not in known:
                c.add(where, f"no element has the id {element!r}")
        balances = None if obj.get("balances") is None else c.ident(obj, "balances", path)
        if len(c.problems) == before:
            assert kid is not None and objective is not None and title is not None
            assert baseline is not None and target is not None and unit is not None
            assert direction is not None and indicator is not None
            counts[objective] = counts.get(objective, -1) + 1
            pending.append((path, KeyResultData(
                kid, objective, title, baseline, target, current, unit, direction, indicator,
                tuple(m for m, _ in measures), balances, counts[objective])))
    ids = None if "key_results" in c.broken else set(seen)
    for path, kr in pending:
        if kr.balances == kr.id:
            c.add(f"{path}.balances", "a key result cannot balance itself")
        elif kr.balances is not None and ids is not None and kr.balances not in ids:
            c.add(f"{path}.balances", f"no key result has the id {kr.balances!r}")
    return ids, pending


def _check_ins(c: JsonChecker, top: dict[str, Any], results: set[str] | None
               ) -> list[CheckInData]:
    seen: dict[Any, str] = {}
    check_ins: list[CheckInData] = []
    for i, item in enumerate(c.array(top, "check_ins", required=False)):
        path = f"$.check_ins[{i}]"
        obj = c.obj(item, path, "a check-in")
        if obj is None:
            continue
        before = len(c.problems)
        kid = c.ident(obj, "key_result", path)
        if kid is not None and results is not None and kid not in results:
            c.add(f"{path}.key_result", f"no key result has the id {kid!r}")
        date = _date(c, obj, "date", path, required=True)
        value = c.number(obj, "value", path)
        confidence = _confidence(c, obj, path)
        note = c.string(obj, "note", path, default="", max_length=MAX_NOTE_LENGTH)
        if kid is not None and date is not None:
            c.unique(seen, (kid, date), path, f"a second check-in on {date} for {kid!r}")
        if len(c.problems) == before:
            assert kid is not None and date is not None and value is not None
            assert confidence is not None and note is not None
            check_ins.append(CheckInData(kid, date, value, confidence, note))
    return check_ins


def _confidence(c: JsonChecker, obj: dict[str, Any], path: str) -> int | None:
    value = obj.get("confidence", DEFAULT_CONFIDENCE)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 7.0 is 7
    if isinstance(value, bool) or not isinstance(value, int) or not (
            MIN_CONFIDENCE <= value <= MAX_CONFIDENCE):
        shown = value if isinstance(value, int | float) and not isinstance(value, bool) else (
            describe(value))
        c.add(f"{path}.confidence", f"must be a whole number from {MIN_CONFIDENCE} to "
                                    f"{MAX_CONFIDENCE}, not {shown}")
        return None
    return value


def _current(
    c: JsonChecker, results: list[tuple[str, KeyResultData]], check_ins: list[CheckInData],
    *, judge: bool,
) -> dict[str, float]:
    """{key result id: its latest check-in's value}; when `judge`, report a `current` that
    disagrees."""
    latest: dict[str, CheckInData] = {}
    for x in check_ins:
        if x.key_result not in latest or x.date > latest[x.key_result].date:
            latest[x.key_result] = x
    for path, kr in results:
        if kr.current is None or not judge:
            continue
        last = latest.get(kr.id)
        where = f"{path}.current"
        if last is None:
            c.add(where, f"is {kr.current:g}, but key result {kr.id!r} has no check-in: the "
                         "current value is the latest check-in's, so add one to $.check_ins")
        elif last.value != kr.current:
            c.add(where, f"is {kr.current:g}, but the latest check-in ({last.date}) says "
                         f"{last.value:g}; the current value is the latest check-in's")
    return {kid: x.value for kid, x in latest.items()}
