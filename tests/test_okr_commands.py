"""Every OKR undo command: redo → undo → redo returns the file to each state exactly, and the
OKR views hear which objectives and key results changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import CheckInData, Direction, Indicator, ObjectiveKind
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.document import Document


@pytest.fixture
def doc(qapp: object, tmp_path: Path) -> Iterator[Document]:
    path = tmp_path / "okrs.okrdesk"
    StrategyFile.create(path, "OKRs").close()
    document = Document(StrategyFile.open(path))
    yield document
    document.close()


def on_disk(doc: Document) -> Snapshot:
    return Strategy(doc.file).snapshot()


def round_trip(doc: Document, action: Callable[[], object]) -> object:
    """Do `action` (one undo step), then undo, redo: the file matches before/after each time."""
    before = on_disk(doc)
    depth = doc.undo_stack.count()
    result = action()
    after = on_disk(doc)
    assert after != before, "the action changed nothing"
    assert doc.undo_stack.count() == depth + 1
    doc.undo_stack.undo()
    assert on_disk(doc) == before
    doc.undo_stack.redo()
    assert on_disk(doc) == after
    return result


def objective(doc: Document, title: str = "Make failed payments rare", **fields: object) -> str:
    objective_id = doc.add_objective(title, **fields)  # type: ignore[arg-type]
    assert objective_id is not None
    return objective_id


def key_result(doc: Document, objective_id: str, title: str = "First-try success") -> str:
    kr_id = doc.add_key_result(objective_id, title, baseline=91.0, target=97.0, unit="%")
    assert kr_id is not None
    return kr_id


def test_add_an_objective_keeps_its_id_and_announces_it(doc: Document) -> None:
    heard: list[list[str]] = []
    doc.okrs_changed.connect(heard.append)
    objective_id = round_trip(
        doc,
        lambda: doc.add_objective(
            "Delight merchants", ObjectiveKind.ASPIRATIONAL, owner="Onboarding"
        ),
    )
    (stored,) = on_disk(doc).objectives
    assert (stored.id, stored.title, stored.kind, stored.owner) == (
        objective_id,
        "Delight merchants",
        ObjectiveKind.ASPIRATIONAL,
        "Onboarding",
    )
    assert heard == [[objective_id]] * 3
    assert doc.undo_stack.undoText() == "Add objective “Delight merchants”"


def test_update_every_objective_field(doc: Document) -> None:
    strategy = doc.add_element(ElementKind.STRATEGY, "Win mid-size merchants")
    parent = objective(doc, "Be the easiest to pay with")
    objective_id = objective(doc)
    round_trip(doc, lambda: doc.update_objective(objective_id, title="Failed payments are rare"))
    assert doc.undo_stack.undoText() == "Rename objective to “Failed payments are rare”"
    round_trip(doc, lambda: doc.update_objective(objective_id, kind=ObjectiveKind.ASPIRATIONAL))
    round_trip(
        doc,
        lambda: doc.update_objective(
            objective_id, period_start="2026-01-01", period_end="2026-03-31"
        ),
    )
    assert doc.undo_stack.undoText() == "Change objective period"
    round_trip(doc, lambda: doc.update_objective(objective_id, owner="Payments team"))
    round_trip(doc, lambda: doc.update_objective(objective_id, aligns_to=(strategy, parent)))
    round_trip(doc, lambda: doc.update_objective(objective_id, wig=True))
    stored = on_disk(doc).objective(objective_id)
    assert stored is not None
    assert stored.aligns_to == (strategy, parent) and stored.wig
    assert stored.period_end == "2026-03-31" and stored.owner == "Payments team"


def test_an_unchanged_value_is_no_undo_step(doc: Document) -> None:
    objective_id = objective(doc)
    depth = doc.undo_stack.count()
    doc.update_objective(objective_id, title="Make failed payments rare")
    assert doc.undo_stack.count() == depth


def test_a_refused_edit_leaves_no_undo_step_and_says_why(doc: Document) -> None:
    objective_id = objective(doc)
    said: list[str] = []
    doc.error_raised.connect(said.append)
    depth = doc.undo_stack.count()
    doc.update_objective(objective_id, period_start="2026-13-45")
    assert doc.undo_stack.count() == depth
    assert said and "2026-13-45" in said[0]


def test_move_and_delete_an_objective(doc: Document) -> None:
    first, second = objective(doc, "First"), objective(doc, "Second")
    kr = key_result(doc, second)
    child = objective(doc, "Child", aligns_to=(second,))
    doc.check_in([CheckInData(kr, "2026-01-05", 92.0, 6)])
    round_trip(doc, lambda: doc.move_objective(second, 0))
    assert [o.id for o in on_disk(doc).objectives] == [second, first, child]
    round_trip(doc, lambda: doc.delete_objective(second))
    gone = on_disk(doc)
    assert gone.objective(second) is None and gone.key_result(kr) is None
    assert gone.objective(child).aligns_to == ()  # type: ignore[union-attr]
    doc.undo_stack.undo()
    restored = on_disk(doc)
    assert [o.id for o in restored.objectives] == [second, first, child]
    assert restored.objective(child).aligns_to == (second,)  # type: ignore[union-attr]
    assert [c.value for c in restored.check_ins_of(kr)] == [92.0]


def test_add_update_move_and_delete_key_results(doc: Document) -> None:
    objective_id = objective(doc)
    evidence = doc.add_element(ElementKind.EVIDENCE, "Fewer tickets about failed payments")
    first = round_trip(doc, lambda: key_result(doc, objective_id, "First-try success"))
    second = key_result(doc, objective_id, "Retries on every network")
    assert isinstance(first, str)
    round_trip(
        doc,
        lambda: doc.update_key_result(
            second,
            baseline=0.0,
            target=6.0,
            unit="networks",
            indicator=Indicator.LEADING,
            direction=Direction.INCREASE,
        ),
    )
    round_trip(doc, lambda: doc.update_key_result(first, measures=(evidence,)))
    round_trip(doc, lambda: doc.update_key_result(second, balances=first))
    round_trip(doc, lambda: doc.move_key_result(second, 0))
    assert [k.id for k in on_disk(doc).key_results_of(objective_id)] == [second, first]
    doc.check_in([CheckInData(first, "2026-01-05", 92.0, 5, "after the retry fix")])
    round_trip(doc, lambda: doc.delete_key_result(first))
    stored = on_disk(doc)
    assert stored.key_result(first) is None
    doc.undo_stack.undo()
    back = on_disk(doc)
    assert back.key_result(first).measures == (evidence,)  # type: ignore[union-attr]
    assert back.key_result(second).balances == first  # type: ignore[union-attr]
    assert back.check_ins_of(first)[0].note == "after the retry fix"


def test_a_check_in_session_is_one_undo_step_and_keeps_history(doc: Document) -> None:
    objective_id = objective(doc)
    a, b = key_result(doc, objective_id, "A"), key_result(doc, objective_id, "B")
    week_one = [CheckInData(a, "2026-01-05", 92.0, 5), CheckInData(b, "2026-01-05", 10.0, 4)]
    round_trip(doc, lambda: doc.check_in(week_one))
    assert doc.undo_stack.undoText() == "Check in on 2 key results"
    week_two = [CheckInData(a, "2026-01-12", 93.5, 6, "retries live")]
    round_trip(doc, lambda: doc.check_in(week_two))
    snap = on_disk(doc)
    assert [(c.date, c.value) for c in snap.check_ins_of(a)] == [
        ("2026-01-05", 92.0),
        ("2026-01-12", 93.5),
    ]
    assert snap.key_result(a).current == 93.5  # type: ignore[union-attr]


def test_a_second_check_in_on_the_same_date_is_undone_to_the_first(doc: Document) -> None:
    objective_id = objective(doc)
    a = key_result(doc, objective_id)
    doc.check_in([CheckInData(a, "2026-01-05", 92.0, 5, "first")])
    round_trip(doc, lambda: doc.check_in([CheckInData(a, "2026-01-05", 94.0, 7, "fixed")]))
    doc.undo_stack.undo()
    (kept,) = on_disk(doc).check_ins_of(a)
    assert (kept.value, kept.confidence, kept.note) == (92.0, 5, "first")


def test_a_refused_check_in_records_nothing(doc: Document) -> None:
    objective_id = objective(doc)
    a = key_result(doc, objective_id)
    said: list[str] = []
    doc.error_raised.connect(said.append)
    depth = doc.undo_stack.count()
    ok = doc.check_in(
        [CheckInData(a, "2026-01-05", 92.0, 5), CheckInData(a, "2026-01-12", 1.0, 11)]
    )
    assert not ok and said
    assert doc.undo_stack.count() == depth
    assert on_disk(doc).check_ins_of(a) == ()  # the first one was taken back too


def test_remove_a_check_in(doc: Document) -> None:
    objective_id = objective(doc)
    a = key_result(doc, objective_id)
    doc.check_in([CheckInData(a, "2026-01-05", 92.0, 5, "first")])
    round_trip(doc, lambda: doc.remove_check_in(a, "2026-01-05"))
    assert on_disk(doc).check_ins_of(a) == ()
