"""The OKR half of an import plan (table_plan): objectives, key results and check-ins.

Same rules as table_plan: rows by id, new rows by an empty id or a "new…" label, rows
missing from the sheet listed as removals. Key results and check-ins of a row that is itself
missing are not listed again: they go with it. A key result stays with its objective (the
model has no operation to move it to another), so a changed objective id is refused.
"""

from __future__ import annotations

from typing import Any

from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import KeyResultData, ObjectiveData
from okrdesk.models.okr_fields import PARENT_KINDS
from okrdesk.models.strategy import Strategy
from okrdesk.models.table_changes import Phase, Undo
from okrdesk.models.table_plan import (
    Placed,
    Planner,
    placed,
    plan_order,
    same,
    short,
    shown,
    stored,
)
from okrdesk.models.table_plan_check_ins import plan_check_ins
from okrdesk.models.table_read import Row, SheetTables
from okrdesk.models.tables import CHECK_INS, KEY_RESULTS, OBJECTIVES

_OBJECTIVE_FIELDS = ("title", "kind", "period_start", "period_end", "owner", "wig")
_KEY_RESULT_FIELDS = ("title", "baseline", "target", "unit", "direction", "indicator",
                      "measures", "balances")
_OBJECTIVE, _KEY_RESULT = "objective", "key result"


def plan_okrs(p: Planner, tables: SheetTables) -> None:
    objectives = _claim(p, tables.lists[OBJECTIVES], _OBJECTIVE, p.snapshot.objective)
    key_results = _claim(p, tables.lists[KEY_RESULTS], _KEY_RESULT, p.snapshot.key_result)
    gone_objectives = _objectives(p, objectives)
    gone_key_results = _key_results(p, key_results, gone_objectives)
    plan_check_ins(p, tables.lists[CHECK_INS], gone_key_results)


def _claim(p: Planner, rows: list[Row], what: str, known: Any) -> list[tuple[Row, str, bool]]:
    """(row, id, is new) for each row whose id is known or new; the rest are reported."""
    found: list[tuple[Row, str, bool]] = []
    for row in rows:
        row_id = row.values["id"]
        exists = known(row_id) is not None
        if p.is_new(row_id, exists or p.snapshot.element(row_id) is not None):
            found.append((row, p.claim(row, what), True))
        elif exists:
            found.append((row, row_id, False))
        else:
            p.unknown(row.where(), row_id)
    return found


def _parents(p: Planner, row: Row) -> tuple[str, ...] | None:
    resolved: list[str] = []
    for value in row.values["aligns_to"]:
        target = p.new_ids.get(value, value)
        if p.snapshot.objective(target) is not None or p.new_kinds.get(target) == _OBJECTIVE:
            resolved.append(target)
        else:
            found = p.element_ref(value, row.where("aligns_to"), PARENT_KINDS)
            if found is None:
                return None
            resolved.append(found)
    return tuple(resolved)


# -- objectives ----------------------------------------------------------------------------


def _objectives(p: Planner, rows: list[tuple[Row, str, bool]]) -> set[str]:
    present: set[str] = set()
    ordered: list[Placed] = []
    places: dict[str, str] = {}
    titles: dict[str, str] = {}
    for row, oid, new in rows:
        v = row.values
        parents = _parents(p, row)
        fields = {k: v[k] for k in _OBJECTIVE_FIELDS}
        if new:
            p.change(OBJECTIVES, row.where(), f"add objective {short(v['title'])}", p.step(
                Phase.ADD_OBJECTIVES, row.where(), _add_objective(oid, fields)))
            old_parents: tuple[str, ...] = ()
        else:
            present.add(oid)
            old = p.snapshot.objective(oid)
            assert old is not None
            _update(p, OBJECTIVES, row, oid, old, _OBJECTIVE_FIELDS, _update_objective)
            old_parents = old.aligns_to
        if parents is not None and parents != old_parents:
            keep = tuple(x for x in old_parents if x in parents)
            if keep != old_parents:
                p.plan.steps.append(p.step(Phase.NARROW_ALIGNMENTS, row.where("aligns_to"),
                                           _update_objective(oid, {"aligns_to": keep})))
            p.change(OBJECTIVES, row.where("aligns_to"),
                     f"{short(v['title'])} aligns to: {_titles(p, old_parents)} → "
                     f"{_titles(p, parents)}", p.step(Phase.SET_ALIGNMENTS, row.where(
                         "aligns_to"), _update_objective(oid, {"aligns_to": parents})))
        known = p.snapshot.objective(oid)
        ordered.append(placed(row, oid, known.position if known else None))
        places[oid], titles[oid] = row.where("order"), v["title"]
    gone = [o for o in p.snapshot.objectives if o.id not in present]
    for o in gone:
        count = len(p.snapshot.key_results_of(o.id))
        with_krs = f" with its {count} key result{'s' if count != 1 else ''}" if count else ""
        p.change(OBJECTIVES, OBJECTIVES, f"remove objective {short(o.title)}{with_krs}: its "
                 "row is missing", p.step(Phase.REMOVE_OBJECTIVES, OBJECTIVES,
                                          _delete_objective(o.id)), removal=True)
    current = [o.id for o in p.snapshot.objectives]
    plan_order(p, OBJECTIVES, current, ordered, places, titles, _move_objective)
    return {o.id for o in gone}


def _titles(p: Planner, ids: tuple[str, ...]) -> str:
    if not ids:
        return "nothing"
    names = []
    for i in ids:
        objective = p.snapshot.objective(i)
        names.append(short(objective.title if objective else p.title(i) or "new row", 24))
    return ", ".join(names)


def _update(p: Planner, table: str, row: Row, oid: str, old: ObjectiveData | KeyResultData,
            names: tuple[str, ...], updater: Any, extra: dict[str, Any] | None = None) -> None:
    """One update step for every changed field, one preview line per field."""
    changes = {k: row.values[k] for k in names} | (extra or {})
    changes = {k: v for k, v in changes.items() if not same(v, stored(getattr(old, k)))}
    if not changes:
        return
    step = p.step(Phase.UPDATE_OKRS, row.where(next(iter(changes))), updater(oid, changes))
    for n, (key, value) in enumerate(changes.items()):
        before, after = shown(getattr(old, key)), shown(value)
        p.change(table, row.where(key), f"{short(old.title, 30)} {key.replace('_', ' ')}: "
                 f"{before} → {after}", step if n == 0 else None)


def _add_objective(oid: str, fields: dict[str, Any]) -> Any:
    def run(s: Strategy) -> Undo:
        s.add_objective(objective_id=oid, **fields)
        return lambda s2: s2.delete_objective(oid)
    return run


def _update_objective(oid: str, changes: dict[str, Any]) -> Any:
    def run(s: Strategy) -> Undo:
        old = s.update_objective(oid, **changes)
        back = {k: getattr(old, k) for k in changes}
        return lambda s2: s2.update_objective(oid, **back)
    return run


def _delete_objective(oid: str) -> Any:
    def run(s: Strategy) -> Undo:
        removal = s.delete_objective(oid)
        return lambda s2: s2.restore_okrs(removal)
    return run


def _move_objective(oid: str, place: int) -> Any:
    def run(s: Strategy) -> Undo:
        old = s.move_objective(oid, place)
        return lambda s2: s2.move_objective(oid, old)
    return run


# -- key results ---------------------------------------------------------------------------


def _key_results(p: Planner, rows: list[tuple[Row, str, bool]], gone_objectives: set[str]
                 ) -> set[str]:
    present: set[str] = set()
    by_objective: dict[str, list[Placed]] = {}
    places: dict[str, str] = {}
    titles: dict[str, str] = {}
    for row, kid, new in rows:
        v = row.values
        objective = p.okr(v["objective"], row.where("objective"), _OBJECTIVE)
        measures = tuple(filter(None, (p.element_ref(
            m, row.where("measures"), (ElementKind.EVIDENCE,)) for m in v["measures"])))
        balances = v["balances"] and p.okr(v["balances"], row.where("balances"),
                                              _KEY_RESULT)
        unresolved = len(measures) != len(v["measures"]) or (balances is None and v["balances"])
        if objective is None or unresolved:
            continue
        resolved = {"measures": measures, "balances": balances or None}
        if new:
            fields = {k: v[k] for k in _KEY_RESULT_FIELDS[1:7]} | {"measures": measures}
            p.change(KEY_RESULTS, row.where(), f"add key result {short(v['title'])}", p.step(
                Phase.ADD_KEY_RESULTS, row.where(), _add_key_result(kid, objective, v["title"],
                                                                   fields)))
            if balances:
                p.plan.steps.append(p.step(Phase.UPDATE_OKRS, row.where("balances"),
                                           _update_key_result(kid, {"balances": balances})))
        else:
            old = p.snapshot.key_result(kid)
            assert old is not None
            if objective != old.objective:
                p.problems.append((row.where("objective"), "a key result stays with its "
                                   "objective: add a new row under the other one instead"))
                continue
            present.add(kid)
            plain = tuple(k for k in _KEY_RESULT_FIELDS if k not in resolved)
            _update(p, KEY_RESULTS, row, kid, old, plain, _update_key_result, resolved)
        known = p.snapshot.key_result(kid)
        by_objective.setdefault(objective, []).append(
            placed(row, kid, known.position if known else None))
        places[kid], titles[kid] = row.where("order"), v["title"]
    gone = [k for k in p.snapshot.key_results if k.id not in present]
    for k in gone:
        if k.objective in gone_objectives:
            continue  # goes with its objective
        count = len(p.snapshot.check_ins_of(k.id))
        with_check_ins = f" with its {count} check-in{'s' if count != 1 else ''}" if count else ""
        p.change(KEY_RESULTS, KEY_RESULTS, f"remove key result {short(k.title)}"
                 f"{with_check_ins}: its row is missing", p.step(
                     Phase.REMOVE_KEY_RESULTS, KEY_RESULTS, _delete_key_result(k.id)),
                 removal=True)
    for o in p.snapshot.objectives:
        current = [k.id for k in p.snapshot.key_results_of(o.id)]
        plan_order(p, KEY_RESULTS, current, by_objective.pop(o.id, []), places, titles,
                   _move_key_result)
    for ordered in by_objective.values():  # a new objective's key results: added in order
        plan_order(p, KEY_RESULTS, [], ordered, places, titles, _move_key_result)
    return {k.id for k in gone}


def _add_key_result(kid: str, objective: str, title: str, fields: dict[str, Any]) -> Any:
    def run(s: Strategy) -> Undo:
        s.add_key_result(objective, title, key_result_id=kid, **fields)
        return lambda s2: s2.delete_key_result(kid)
    return run


def _update_key_result(kid: str, changes: dict[str, Any]) -> Any:
    def run(s: Strategy) -> Undo:
        old = s.update_key_result(kid, **changes)
        back = {k: getattr(old, k) for k in changes}
        return lambda s2: s2.update_key_result(kid, **back)
    return run


def _delete_key_result(kid: str) -> Any:
    def run(s: Strategy) -> Undo:
        removal = s.delete_key_result(kid)
        return lambda s2: s2.restore_okrs(removal)
    return run


def _move_key_result(kid: str, place: int) -> Any:
    def run(s: Strategy) -> Undo:
        old = s.move_key_result(kid, place)
        return lambda s2: s2.move_key_result(kid, old)
    return run
