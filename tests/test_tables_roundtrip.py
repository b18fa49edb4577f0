"""The spreadsheet round trip through the model: strategy → workbook → import → the same
strategy; edits made in the workbook become exactly those changes; undo takes them back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from okrdesk.models.errors import ImportProblem
from okrdesk.models.kinds import ElementKind, Strength
from okrdesk.models.table_changes import apply_plan, undo_applied
from okrdesk.models.table_import import plan_import, read_spreadsheet
from okrdesk.models.table_plan import plan_moves
from tests.test_tables_helpers import (
    column_of,
    copy_of,
    edit_workbook,
    json_of,
    opened,
    row_of,
    sample_strategy,
    write_workbook,
)


def import_into(path: Path, source: Path, *, prune: bool) -> list[str]:
    with opened(path) as strategy:
        plan = plan_import(strategy, read_spreadsheet(source), prune=prune)
        apply_plan(strategy, plan)
        return plan.lines()


def test_an_exported_workbook_imported_into_a_copy_changes_nothing(tmp_path: Path) -> None:
    original = sample_strategy(tmp_path)
    book = write_workbook(original, tmp_path / "sample.xlsx")
    copy = copy_of(original, "copy")

    lines = import_into(copy, book, prune=True)

    assert lines == []
    assert json_of(copy) == json_of(original)


def test_importing_the_workbook_of_the_original_undoes_edits_made_to_a_copy(
    tmp_path: Path,
) -> None:
    """Every kind of value goes through the workbook and back exactly."""
    original = sample_strategy(tmp_path)
    book = write_workbook(original, tmp_path / "sample.xlsx")
    copy = copy_of(original, "copy")
    with opened(copy) as s:
        snap = s.snapshot()
        s.rename_element("s1", "Renamed strategy")
        s.set_notes("t2", "Other notes")
        s.move_element("a3", 0)
        s.set_correlation("t1", "s1", Strength.WEAK)
        s.set_correlation("t7", "e1", Strength.MEDIUM)  # a new mark the original lacks
        o1, o2 = snap.objectives[0].id, snap.objectives[1].id
        s.update_objective(o1, title="Other objective", owner="", wig=False, aligns_to=())
        s.move_objective(o2, 0)
        kr = snap.key_results[0]
        s.update_key_result(kr.id, baseline=99.5, unit="pts", measures=(), indicator="leading")
        first = snap.check_ins[0]
        s.check_in(first.key_result, first.date, -3.25, 9, "=changed note")
        relation = snap.relations()[0]
        s.set_relation_kind(relation.id, "enables" if relation.kind != "enables" else "needs")
    assert json_of(copy) != json_of(original)

    lines = import_into(copy, book, prune=True)

    assert len(lines) >= 11
    assert json_of(copy) == json_of(original)


def edit_like_a_user(book: Any) -> None:
    """Rename a strategy, change a correlation cell, add a tactic, delete a tactic's row."""
    strategies = book["Strategies"]
    strategies.cell(row_of(strategies, "s1"), 2).value = "Work in the smallest batches"
    corner = book["Tactics × Strategies"]
    corner.cell(row_of(corner, "t1"), column_of(corner, "s2")).value = "strong"
    tactics = book["Tactics"]
    tactics.append(["", "Pair on every release check", "Two people, one checklist", None])
    tactics.delete_rows(row_of(tactics, "t7"))


def test_an_edited_workbook_applies_exactly_those_changes(tmp_path: Path) -> None:
    original = sample_strategy(tmp_path)
    book = edit_workbook(write_workbook(original, tmp_path / "s.xlsx"), edit_like_a_user)
    imported, expected = copy_of(original, "imported"), copy_of(original, "expected")

    lines = import_into(imported, book, prune=True)

    assert lines == [
        "Strategies!B2: title “Work in small batches” → “Work in the smallest batches”",
        "Tactics!A8: add tactic “Pair on every release check”",
        "Tactics: remove “Map the release value stream” (id t7): its row is missing",
        "Tactics × Strategies!D3: “Trunk-based development pilot” × “Build quality in”: △ → ●",
    ]
    with opened(imported) as s:
        tactics = s.snapshot().of_kind(ElementKind.TACTIC)
        new = next(e for e in tactics if e.title.startswith("Pair"))
    with opened(expected) as s:  # the same edits, made through the model by hand
        s.rename_element("s1", "Work in the smallest batches")
        s.set_correlation("t1", "s2", Strength.STRONG)
        s.add_element(ElementKind.TACTIC, new.title, "Two people, one checklist",
                      element_id=new.id)
        s.delete_elements(["t7"])
    assert json_of(imported) == json_of(expected)


@pytest.mark.parametrize(
    ("typed", "strength"),
    [
        ("●", Strength.STRONG), ("◎", Strength.STRONG), ("Strong", Strength.STRONG),
        ("s", Strength.STRONG), ("○", Strength.MEDIUM), ("◐", Strength.MEDIUM),
        ("medium", Strength.MEDIUM), ("M", Strength.MEDIUM), ("△", Strength.WEAK),
        ("weak", Strength.WEAK), ("w", Strength.WEAK), ("", None),
    ],
)
def test_a_correlation_cell_reads_marks_words_and_first_letters(
    tmp_path: Path, typed: str, strength: Strength | None
) -> None:
    original = sample_strategy(tmp_path)

    def type_into_a_cell(book: Any) -> None:
        corner = book["Tactics × Strategies"]
        corner.cell(row_of(corner, "t1"), column_of(corner, "s2")).value = typed or None

    book = edit_workbook(write_workbook(original, tmp_path / "s.xlsx"), type_into_a_cell)
    import_into(original, book, prune=False)
    with opened(original) as s:
        assert s.snapshot().strength_between("t1", "s2") == strength


def test_without_prune_a_deleted_row_is_listed_and_kept(tmp_path: Path) -> None:
    original = sample_strategy(tmp_path)
    book = edit_workbook(write_workbook(original, tmp_path / "s.xlsx"), edit_like_a_user)
    copy = copy_of(original, "copy")

    lines = import_into(copy, book, prune=False)

    assert "Tactics: remove “Map the release value stream” (id t7): its row is missing — not " \
           "removed (use --prune)" in lines
    with opened(copy) as s:
        snap = s.snapshot()
    assert snap.element("t7") is not None
    assert snap.strength_between("t7", "s3") is not None  # its marks are left alone too
    assert [e.title for e in snap.of_kind(ElementKind.TACTIC)][-2:] == [
        "Map the release value stream", "Pair on every release check"]


def test_undo_takes_an_import_back_exactly_and_redo_gives_the_same_ids(tmp_path: Path) -> None:
    original = sample_strategy(tmp_path)
    book = edit_workbook(write_workbook(original, tmp_path / "s.xlsx"), edit_like_a_user)
    with opened(original) as s:
        before = s.snapshot()
        plan = plan_import(s, read_spreadsheet(book), prune=True)
        applied = apply_plan(s, plan)
        after = s.snapshot()
        for _cycle in range(2):
            undo_applied(s, applied)
            assert s.snapshot() == before
            applied = apply_plan(s, plan)
            assert s.snapshot() == after
    assert after != before


def test_new_rows_refer_to_each_other_by_their_new_labels(tmp_path: Path) -> None:
    original = sample_strategy(tmp_path)

    def add_rows(book: Any) -> None:
        book["Strategies"].append(["new-strategy", "Shorten the feedback loop", "", 1])
        book["Tactics"].append(["new-tactic", "Nightly release rehearsal", "", None])
        corner = book["Tactics × Strategies"]
        column = corner.max_column + 1
        corner.cell(1, column).value = "new-strategy"
        corner.cell(corner.max_row + 1, 1).value = "new-tactic"
        corner.cell(corner.max_row, column).value = "○"
        book["Objectives"].append(["new-o", "Releases are boring", "committed", None, None,
                                   "Platform", "new-strategy; s2", "no", None])
        book["Key results"].append(["new-kr", "new-o", "", "Rehearsals per week", 0, 5, "",
                                    "increase", "leading", "e1", "", None])
        book["Check-ins"].append(["new-kr", "", "2027-02-01", 2, 6, "first week"])

    book = edit_workbook(write_workbook(original, tmp_path / "s.xlsx"), add_rows)
    import_into(original, book, prune=False)

    with opened(original) as s:
        snap = s.snapshot()
    strategy = snap.of_kind(ElementKind.STRATEGY)[0]
    tactic = snap.of_kind(ElementKind.TACTIC)[-1]
    assert strategy.title == "Shorten the feedback loop"  # order 1: put first
    assert snap.strength_between(tactic.id, strategy.id) is Strength.MEDIUM
    objective = snap.objectives[-1]
    assert objective.aligns_to == (strategy.id, "s2")
    (kr,) = snap.key_results_of(objective.id)
    assert (kr.title, kr.measures, kr.target) == ("Rehearsals per week", ("e1",), 5.0)
    assert [(c.date, c.value, c.note) for c in snap.check_ins_of(kr.id)] == [
        ("2027-02-01", 2.0, "first week")]
    assert not any(i.startswith("new") for i in (strategy.id, tactic.id, objective.id, kr.id))


def test_a_refused_step_rolls_the_whole_import_back(tmp_path: Path) -> None:
    """Objectives may not align in a circle: the model refuses it while applying."""
    original = sample_strategy(tmp_path)
    with opened(original) as s:
        o1, o2 = (o.id for o in s.snapshot().objectives)

    def circle(book: Any) -> None:
        sheet = book["Objectives"]
        sheet.cell(row_of(sheet, o1), 1).offset(0, 6).value = o2
        sheet.cell(row_of(sheet, o2), 1).offset(0, 6).value = o1
        sheet.cell(row_of(sheet, o1), 2).value = "Renamed before the refusal"

    book = edit_workbook(write_workbook(original, tmp_path / "s.xlsx"), circle)
    before = json_of(original)
    with opened(original) as s, pytest.raises(ImportProblem) as refused:
        plan_import(s, read_spreadsheet(book), prune=False)
    ((where, what),) = refused.value.problems
    assert where.startswith("Objectives!G") and "circle" in what
    assert json_of(original) == before


@pytest.mark.parametrize(("current", "target"), [
    (["a", "b", "c", "d"], ["d", "a", "b", "c"]),
    (["a", "b", "c", "d"], ["b", "a", "d", "c"]),
    (["a", "b", "c"], ["a", "b", "c"]),
    (["a", "b", "c", "n"], ["n", "c", "b", "a"]),
])
def test_planned_moves_reach_the_sheet_order(current: list[str], target: list[str]) -> None:
    order = list(current)
    for item, old, new in plan_moves(current, target):
        assert order.index(item) == old
        order.remove(item)
        order.insert(new, item)
    assert order == target
    assert (plan_moves(current, target) == []) == (current == target)
