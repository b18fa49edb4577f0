"""The check-ins of an import plan (table_plan_okrs): one row per key result and date, so a
check-in is matched by the two; a row missing from the sheet is a removal, unless its key
result goes too."""

from __future__ import annotations

from typing import Any

from okrdesk.models.okr_data import CheckInData
from okrdesk.models.strategy import Strategy
from okrdesk.models.table_changes import Phase, Undo
from okrdesk.models.table_plan import Planner, same, short, shown
from okrdesk.models.table_read import Row
from okrdesk.models.tables import CHECK_INS

KEY_RESULT_REF = "key result"


# -- check-ins -----------------------------------------------------------------------------


def plan_check_ins(p: Planner, rows: list[Row], gone_key_results: set[str]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        v = row.values
        kid = p.okr(v["key_result"], row.where("key_result"), KEY_RESULT_REF)
        if kid is None:
            continue
        key = (kid, v["date"])
        if key in seen:
            p.problems.append((row.where("date"), f"a second check-in on {v['date']} for this "
                               f"key result (the first is in row {seen[key]})"))
            continue
        seen[key] = str(row.number)
        new = CheckInData(kid, v["date"], v["value"], v["confidence"], v["note"])
        old = next((c for c in p.snapshot.check_ins_of(kid) if c.date == v["date"]), None)
        kr = p.snapshot.key_result(kid)
        label = f"check-in {v['date']} of {short(kr.title if kr else p.new_titles[kid], 30)}"
        if old is None:
            p.change(CHECK_INS, row.where(), f"add {label}: {v['value']:g}",
                     p.step(Phase.CHECK_INS, row.where(), _check_in(new, None)))
        elif (old.value, old.confidence) != (new.value, new.confidence) or not same(
                new.note, old.note):
            what = [f"{name} {shown(a)} → {shown(b)}" for name, a, b in (
                ("value", old.value, new.value), ("confidence", old.confidence, new.confidence),
                ("note", old.note, new.note)) if a != b]
            p.change(CHECK_INS, row.where(), f"{label}: {', '.join(what)}",
                     p.step(Phase.CHECK_INS, row.where(), _check_in(new, old)))
    for c in p.snapshot.check_ins:
        if (c.key_result, c.date) in seen or c.key_result in gone_key_results:
            continue
        kr = p.snapshot.key_result(c.key_result)
        p.change(CHECK_INS, CHECK_INS, f"remove check-in {c.date} of "
                 f"{short(kr.title if kr else '', 30)}: its row is missing", p.step(
                     Phase.REMOVE_CHECK_INS, CHECK_INS, _remove_check_in(c)), removal=True)


def _check_in(new: CheckInData, old: CheckInData | None) -> Any:
    def run(s: Strategy) -> Undo:
        s.check_in(new.key_result, new.date, new.value, new.confidence, new.note)
        if old is None:
            return lambda s2: s2.remove_check_in(new.key_result, new.date)
        return lambda s2: s2.restore_check_in(old)
    return run


def _remove_check_in(c: CheckInData) -> Any:
    def run(s: Strategy) -> Undo:
        s.remove_check_in(c.key_result, c.date)
        return lambda s2: s2.restore_check_in(c)
    return run
