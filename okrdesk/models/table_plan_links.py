"""The links half of an import plan (table_plan): correlations from the corner matrices and
relationships from their sheet. Same rules as table_plan; a relationship keeps its two ends
(a new pair is a new row), only its kind changes in place."""

from __future__ import annotations

from typing import Any

from okrdesk.models.kinds import CUSTOM_PREFIX, ElementKind
from okrdesk.models.snapshot import LinkData
from okrdesk.models.strategy import Strategy, new_id
from okrdesk.models.table_changes import Phase, Undo
from okrdesk.models.table_plan import Planner, short
from okrdesk.models.table_read import Row, SheetTables
from okrdesk.models.tables import MARKS, RELATIONSHIPS, relation_kind_names

# -- correlations --------------------------------------------------------------------------


def plan_correlations(p: Planner, tables: SheetTables, name: str) -> None:
    """The cells that differ. A row or column whose element is missing from its section's
    sheet is skipped: the section sheets say what the strategy holds."""
    matrix = tables.matrices[name]
    hint = "no element has it: delete this row or column, or add the element to its sheet"
    rows = {i: p.element_ref(i, w, (matrix.corner.rows,), hint) for i, w in matrix.row_ids}
    columns = {i: p.element_ref(i, w, (matrix.corner.columns,), hint)
               for i, w in matrix.column_ids}
    links = {frozenset((k.source, k.target)): k for k in p.snapshot.correlations()}
    for (row_label, column_label), (strength, where) in matrix.cells.items():
        a, b = rows.get(row_label), columns.get(column_label)
        if a is None or b is None or not {a, b} <= p.listed:
            continue
        old = links.get(frozenset((a, b)))
        if (old.strength if old else None) == strength:
            continue
        before = MARKS[old.strength] if old and old.strength else "none"
        after = MARKS[strength] if strength else "none"
        text = f"{short(p.title(a) or 'new row', 30)} × {short(p.title(b) or 'new row', 30)}: " \
               f"{before} → {after}"
        p.change(name, where, text, p.step(Phase.CORRELATIONS, where,
                                           _set_correlation(a, b, strength, old)))


def _set_correlation(a: str, b: str, strength: Any, old: LinkData | None) -> Any:
    link_id = old.id if old else new_id()  # the same id on every redo: exports stay identical

    def run(s: Strategy) -> Undo:
        s.set_correlation(a, b, strength, link_id=link_id)
        return lambda s2: s2.set_correlation(
            a, b, old.strength if old else None, link_id=old.id if old else None)
    return run


# -- relationships -------------------------------------------------------------------------


def plan_relationships(p: Planner, rows: list[Row], pruned: set[str]) -> None:
    names = relation_kind_names(p.snapshot)
    kinds = {name.casefold(): kind for kind, name in names.items()}
    kinds |= {CUSTOM_PREFIX + k.id: k.kind for k in p.snapshot.link_kinds}
    current = {k.id: k for k in p.snapshot.relations()}
    present: set[str] = set()
    any_kind = tuple(ElementKind)
    for row in rows:
        row_id, v = row.values["id"], row.values
        kind = kinds.get(v["kind"].casefold()) or kinds.get(v["kind"])
        if kind is None:
            p.problems.append((row.where("kind"), f"{v['kind']!r} is not a relationship kind: "
                               f"use {', '.join(sorted(names.values()))}"))
        source = p.element_ref(v["source"], row.where("source"), any_kind)
        target = p.element_ref(v["target"], row.where("target"), any_kind)
        if kind is None or source is None or target is None:
            continue
        old = current.get(row_id)
        label = f"{short(p.title(source) or 'new row', 30)} {names.get(kind, kind)} " \
                f"{short(p.title(target) or 'new row', 30)}"
        if p.is_new(row_id, old is not None):
            link_id = new_id()
            p.change(RELATIONSHIPS, row.where(), f"add {label}", p.step(
                Phase.RELATIONSHIPS, row.where(), _add_relation(source, target, kind, link_id)))
        elif old is None:
            p.unknown(row.where(), row_id)
        elif (old.source, old.target) != (source, target):
            p.problems.append((row.where("source"), "a relationship keeps its two ends: add a "
                               "new row for the new ones and delete this one"))
        else:
            present.add(row_id)
            if old.kind != kind:
                p.change(RELATIONSHIPS, row.where("kind"), f"{label} (was "
                         f"{names.get(old.kind, old.kind)})", p.step(
                             Phase.RELATIONSHIPS, row.where("kind"), _rekind(row_id, kind)))
    for link in current.values():
        if link.id in present or (p.plan.prune and {link.source, link.target} & pruned):
            continue
        label = f"{short(p.title(link.source), 30)} {names.get(link.kind, link.kind)} " \
                f"{short(p.title(link.target), 30)}"
        p.change(RELATIONSHIPS, RELATIONSHIPS, f"remove {label}: its row is missing",
                 p.step(Phase.REMOVE_RELATIONSHIPS, RELATIONSHIPS, _remove_relation(link.id)),
                 removal=True)


def _add_relation(source: str, target: str, kind: str, link_id: str) -> Any:
    def run(s: Strategy) -> Undo:
        s.add_relation(source, target, kind, link_id=link_id)
        return lambda s2: s2.remove_relation(link_id)
    return run


def _rekind(link_id: str, kind: str) -> Any:
    def run(s: Strategy) -> Undo:
        old = s.set_relation_kind(link_id, kind)
        return lambda s2: s2.set_relation_kind(link_id, old)
    return run


def _remove_relation(link_id: str) -> Any:
    def run(s: Strategy) -> Undo:
        removed = s.remove_relation(link_id)
        return lambda s2: s2.restore_relation(removed)
    return run
