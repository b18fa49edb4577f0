"""Comparing checked tables (table_read) with a strategy: the ChangePlan an import makes.

Rows are matched by id. A row whose id is empty, or an id okrdesk does not know that starts
with "new" (new1, new-tactic …), is a new row; okrdesk gives it a fresh id, and other rows
of the same spreadsheet may refer to it by that label. Any other unknown id is refused:
it is a typing slip or another strategy's row. What is in the strategy and missing from the
sheet is listed as a removal, made only when pruning. Every problem is collected with its
cell before any plan is returned (ImportProblem). See docs/spreadsheets.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from okrdesk.models.errors import ImportProblem
from okrdesk.models.kinds import SINGULAR_TITLES, ElementKind
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.strategy import Strategy, new_id
from okrdesk.models.table_changes import Change, ChangePlan, Phase, Step, Undo
from okrdesk.models.table_read import Row, SheetTables
from okrdesk.models.tables import (
    CORNERS,
    ELEMENT_TABLES,
    RELATIONSHIPS,
)

NEW_PREFIX = "new"
# Where a row asks its item to go: (order number, 0 when it asks for a new place, row, id).
Placed = tuple[float, int, int, str]


def placed(row: Row, item_id: str, position: int | None) -> Placed:
    """By the order number; on a tie, a new row or one whose number changed goes first (so
    typing 1 puts an item first), then the rows higher up. No number: at the end."""
    order = row.values["order"]
    if order is None:
        return (float("inf"), 1, row.number, item_id)
    moved = position is None or order != position + 1
    return (order, 0 if moved else 1, row.number, item_id)


def same(sheet: Any, stored: Any) -> bool:
    """A cell holds what is stored. A workbook keeps a line break as LF only (XML turns a
    carriage return into one), so text differing only in CR LF / CR / LF is the same."""
    if isinstance(sheet, str) and isinstance(stored, str) and "\r" in stored:
        return sheet.replace("\r\n", "\n").replace("\r", "\n") == stored.replace(
            "\r\n", "\n").replace("\r", "\n")
    return bool(sheet == stored)


def stored(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def shown(value: Any) -> str:
    value = stored(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return "; ".join(value) or "none"
    return short(value, 30) if isinstance(value, str) else repr(value)


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


@dataclass
class Planner:
    """The state of one comparison: the snapshot, the new rows' ids, the problems so far."""

    snapshot: Snapshot
    plan: ChangePlan
    problems: list[tuple[str, str]] = field(default_factory=list)
    new_ids: dict[str, str] = field(default_factory=dict)  # label → fresh id
    new_kinds: dict[str, str] = field(default_factory=dict)  # fresh id → what it is
    new_titles: dict[str, str] = field(default_factory=dict)  # fresh id → its row's title
    listed: set[str] = field(default_factory=set)  # elements in their section's sheet

    def change(self, table: str, where: str, text: str, step: Step | None,
               removal: bool = False) -> None:
        self.plan.changes.append(Change(table, where, text, removal))
        if step is not None and (self.plan.prune or not removal):
            self.plan.steps.append(step)

    def step(self, phase: Phase, where: str, run: Any) -> Step:
        return Step(phase, where, run)

    def is_new(self, row_id: str, known: bool) -> bool:
        return not row_id or (not known and row_id.casefold().startswith(NEW_PREFIX))

    def claim(self, row: Row, what: str) -> str:
        """A fresh id for a new row, remembered under its label (when it has one)."""
        fresh = new_id()
        self.new_titles[fresh] = row.values.get("title", "")
        label = row.values["id"]
        if label:
            if label in self.new_ids:
                self.problems.append((row.where(), f"the new-row label {label!r} is used twice"))
            self.new_ids[label] = fresh
        self.new_kinds[fresh] = what
        return fresh

    def unknown(self, where: str, value: str, hint: str = "") -> None:
        hint = hint or f"leave the id empty for a new row, or start it with “{NEW_PREFIX}”"
        self.problems.append((where, f"unknown id {value!r} ({hint})"))

    def element_ref(self, value: str, where: str, kinds: tuple[ElementKind, ...],
                    hint: str = "") -> str | None:
        """The element an id or a new row's label names, when it is of one of `kinds`."""
        target = self.new_ids.get(value, value)
        element = self.snapshot.element(target)
        kind = element.kind if element else self.new_kinds.get(target)
        if kind is None:
            self.unknown(where, value, hint)
            return None
        if kind not in kinds:
            names = " or ".join(SINGULAR_TITLES[k] for k in kinds)
            self.problems.append((where, f"{value!r} is not {names} but "
                                         f"{SINGULAR_TITLES.get(ElementKind(kind), kind)}"))
            return None
        return target

    def okr(self, value: str, where: str, what: str) -> str | None:
        """An existing or new objective ("objective") or key result ("key result") that an id
        or a new row's label names."""
        target = self.new_ids.get(value, value)
        known = (self.snapshot.objective(target) if what == "objective"
                 else self.snapshot.key_result(target))
        if known is not None or self.new_kinds.get(target) == what:
            return target
        self.unknown(where, value)
        return None

    def title(self, element_id: str) -> str:
        element = self.snapshot.element(element_id)
        return element.title if element else self.new_titles.get(element_id, "")


def build_plan(snapshot: Snapshot, tables: SheetTables, *, prune: bool) -> ChangePlan:
    """Every change the tables make to the strategy; ImportProblem lists what is wrong."""
    from okrdesk.models.table_plan_links import plan_correlations, plan_relationships
    from okrdesk.models.table_plan_okrs import plan_okrs

    planner = Planner(snapshot, ChangePlan(prune))
    pruned: set[str] = set()
    for name, kind in ELEMENT_TABLES.items():
        pruned |= _elements(planner, name, kind, tables.lists[name])
    plan_okrs(planner, tables)
    plan_relationships(planner, tables.lists[RELATIONSHIPS], pruned)
    for matrix_name in (c.name for c in CORNERS):
        plan_correlations(planner, tables, matrix_name)
    if planner.problems:
        raise ImportProblem(planner.problems)
    planner.plan.new_ids = list(planner.new_kinds)
    return planner.plan


# -- elements ------------------------------------------------------------------------------


def _elements(p: Planner, table: str, kind: ElementKind, rows: list[Row]) -> set[str]:
    """Plan one section; returns the ids of its elements missing from the sheet."""
    current = p.snapshot.of_kind(kind)
    present: set[str] = set()
    ordered: list[Placed] = []
    places: dict[str, str] = {}  # element id → its order cell
    titles: dict[str, str] = {}
    for row in rows:
        row_id = row.values["id"]
        known = p.snapshot.element(row_id)
        if p.is_new(row_id, known is not None or p.snapshot.objective(row_id) is not None):
            eid = p.claim(row, kind)
            _add_element(p, table, row, kind, eid)
        elif known is None:
            p.unknown(row.where(), row_id)
            continue
        elif known.kind != kind:
            p.problems.append((row.where(), f"“{known.title}” is {SINGULAR_TITLES[known.kind]}"
                               f" in this strategy, not {SINGULAR_TITLES[kind]}: elements do not "
                               f"move between sections (add a new row instead)"))
            continue
        else:
            eid = known.id
            present.add(eid)
            _update_element(p, table, row, eid)
        p.listed.add(eid)
        ordered.append(placed(row, eid, known.position if known else None))
        places[eid] = row.where("order")
        titles[eid] = row.values["title"]
    missing = [e for e in current if e.id not in present]
    for e in missing:
        p.change(table, table, f"remove {short(e.title)} (id {e.id}): its row is missing",
                 p.step(Phase.REMOVE_ELEMENTS, table, _delete_element(e.id)), removal=True)
    plan_order(p, table, [e.id for e in current], ordered, places, titles, _move_element)
    return {e.id for e in missing}


def plan_order(
    p: Planner, table: str, current: list[str], ordered: list[Placed],
    places: dict[str, str], titles: dict[str, str], mover: Any,
) -> None:
    """Moves that put one list (a section, the objectives, one objective's key results) in
    the sheet's order: by the order column, then by row; empty order cells go last. Rows
    missing from the sheet but kept (not pruning) stay at their place."""
    present = {eid for *_rank, eid in ordered}
    target = [eid for *_rank, eid in sorted(ordered)]
    kept = [eid for eid in current if eid not in present] if not p.plan.prune else []
    for eid in kept:
        target.insert(min(current.index(eid), len(target)), eid)
    simulated = [eid for eid in current if eid in present or eid in kept]
    simulated += [eid for eid in target if eid not in simulated]  # new rows: at the end
    for eid, old, new in plan_moves(simulated, target):
        where = places.get(eid, table)
        title = titles.get(eid) or "new row"
        p.change(table, where, f"{short(title)}: order {old + 1} → {new + 1}",
                 p.step(Phase.MOVES, where, mover(eid, new)))


def plan_moves(current: list[str], target: list[str]) -> list[tuple[str, int, int]]:
    """(id, old place, new place) moves that turn `current` into `target` one at a time, as
    Strategy's move operations do them (take out, put in at the place)."""
    order = list(current)
    moves: list[tuple[str, int, int]] = []
    for place, item in enumerate(target):
        if (place < len(order) and order[place] == item) or item not in order:
            continue
        old = order.index(item)
        order.pop(old)
        order.insert(place, item)
        moves.append((item, old, place))
    return moves


def _add_element(p: Planner, table: str, row: Row, kind: ElementKind, eid: str) -> None:
    title, notes = row.values["title"], row.values["notes"]

    def run(s: Strategy) -> Undo:
        s.add_element(kind, title, notes, element_id=eid)
        return lambda s2: s2.delete_elements([eid])

    p.change(table, row.where(), f"add {SINGULAR_TITLES[kind].lower()} {short(title)}",
             p.step(Phase.ADD_ELEMENTS, row.where(), run))


def _update_element(p: Planner, table: str, row: Row, eid: str) -> None:
    element = p.snapshot.element(eid)
    assert element is not None
    title, notes = row.values["title"], row.values["notes"]
    if not same(title, element.title):
        def rename(s: Strategy) -> Undo:
            old = s.rename_element(eid, title)
            return lambda s2: s2.rename_element(eid, old)

        p.change(table, row.where("title"), f"title {short(element.title)} → {short(title)}",
                 p.step(Phase.UPDATE_ELEMENTS, row.where("title"), rename))
    if not same(notes, element.notes):
        def renote(s: Strategy) -> Undo:
            old = s.set_notes(eid, notes)
            return lambda s2: s2.set_notes(eid, old)

        p.change(table, row.where("notes"), f"notes of {short(element.title)}: "
                 f"{short(element.notes, 24)} → {short(notes, 24)}",
                 p.step(Phase.UPDATE_ELEMENTS, row.where("notes"), renote))


def _delete_element(eid: str) -> Any:
    def run(s: Strategy) -> Undo:
        removal = s.delete_elements([eid])
        return lambda s2: s2.restore(removal)
    return run


def _move_element(eid: str, place: int) -> Any:
    def run(s: Strategy) -> Undo:
        old = s.move_element(eid, place)
        return lambda s2: s2.move_element(eid, old)
    return run
