"""OKRs in the model: objectives, key results and check-ins, every operation of okrs.py.

Each operation is checked for its effect, for surviving a close and reopen of the file, and for
what it hands back: undoing with it restores the snapshot exactly, and redoing after that gives
the same result again. A refused edit names the problem and leaves the file as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from okrdesk.models.errors import InvalidOperation, ReadOnlyError
from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import (
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

K = ElementKind


@pytest.fixture
def filled(strategy: Strategy) -> Strategy:
    """The X-Matrix elements OKRs hang from, two objectives and three key results."""
    st = strategy
    st.add_element(K.ASPIRATION, "Fewer defects", element_id="a1")
    st.add_element(K.STRATEGY, "Build quality in", element_id="s1")
    st.add_element(K.EVIDENCE, "Change failure rate falling", element_id="e1")
    st.add_element(K.EVIDENCE, "Manual toil falling", element_id="e2")
    st.add_element(K.TACTIC, "Automated tests for checkout", element_id="t1")
    st.add_objective("Checkout releases stop hurting customers", objective_id="o1",
                     period_start="2027-01-01", period_end="2027-03-31", owner="Checkout team",
                     aligns_to=["s1", "a1"], wig=True)
    st.add_objective("Any engineer ships the same day", ObjectiveKind.ASPIRATIONAL,
                     objective_id="o2", aligns_to=["o1"])
    st.add_key_result("o1", "Checkout releases with a defect fall from 20% to 5%",
                      key_result_id="k1", baseline=20, target=5, unit="%",
                      direction=Direction.DECREASE, measures=["e1"])
    st.add_key_result("o1", "Regression hours per release fall from 16 to 2", key_result_id="k2",
                      baseline=16, target=2, unit="h", direction="decrease", indicator="leading",
                      measures=["e2", "e1"], balances="k1")
    st.add_key_result("o2", "Web deployments rise from 3 to 25 a week", key_result_id="k3",
                      baseline=3, target=25, unit="deploys/week")
    st.check_in("k1", "2027-01-04", 19.0, 5, "first week")
    st.check_in("k1", "2027-01-11", 17.5, 6)
    st.check_in("k2", "2027-01-04", 15.0, 4)
    return st


@pytest.fixture
def reopen(strategy_path: Path) -> Iterator[Callable[[Strategy], Strategy]]:
    """Close the strategy's file and open it again, as after quitting the app."""
    opened: list[StrategyFile] = []

    def _reopen(current: Strategy) -> Strategy:
        current.file.close()
        again = StrategyFile.open(strategy_path)
        opened.append(again)
        return Strategy(again)

    yield _reopen
    for sf in opened:
        sf.close()


def undo_redo(strategy: Strategy, do: Callable[[], Any], undo: Callable[[Any], Any]) -> Any:
    """do → undo → redo: undo gives back the snapshot before, redo the one after."""
    before = strategy.snapshot()
    result = do()
    after = strategy.snapshot()
    assert after != before
    undo(result)
    assert strategy.snapshot() == before
    do()
    assert strategy.snapshot() == after
    return result


def refused(strategy: Strategy, edit: Callable[[], Any], words: str) -> None:
    before = strategy.snapshot()
    with pytest.raises(InvalidOperation) as caught:
        edit()
    assert words in str(caught.value)
    assert strategy.snapshot() == before


# -- objectives ------------------------------------------------------------------------------


def test_an_objective_keeps_every_field_through_a_reopen(
    filled: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    again = reopen(filled)
    assert again.objective("o1") == ObjectiveData(
        "o1", "Checkout releases stop hurting customers", ObjectiveKind.COMMITTED, "2027-01-01",
        "2027-03-31", "Checkout team", ("s1", "a1"), 0, True)
    assert again.snapshot().objectives == (again.objective("o1"), again.objective("o2"))
    assert again.objective("o2").kind is ObjectiveKind.ASPIRATIONAL


def test_a_new_objective_has_defaults_a_fresh_id_and_its_place(strategy: Strategy) -> None:
    first = strategy.add_objective("Delight customers")
    second = strategy.add_objective("Ship weekly", position=0)
    assert (first.kind, first.period_start, first.owner, first.aligns_to, first.wig) == (
        ObjectiveKind.COMMITTED, "", "", (), False)
    assert first.id != second.id and len(first.id) == 36
    assert [(o.title, o.position) for o in strategy.snapshot().objectives] == [
        ("Ship weekly", 0), ("Delight customers", 1)]


def test_adding_an_objective_undoes_and_redoes(filled: Strategy) -> None:
    undo_redo(filled, lambda: filled.add_objective("Third", objective_id="o3", position=1,
                                                    aligns_to=["o2", "s1"]),
              lambda added: filled.delete_objective(added.id))


def test_update_objective_returns_the_old_values_that_undo_it(filled: Strategy) -> None:
    changes = {"title": "Checkout never hurts", "kind": ObjectiveKind.ASPIRATIONAL,
               "period_start": dt.date(2027, 4, 1), "period_end": "2027-06-30", "owner": "Web",
               "aligns_to": ["a1"], "wig": False}
    old = undo_redo(filled, lambda: filled.update_objective("o1", **changes),
                    lambda old: filled.update_objective(
                        "o1", **{key: getattr(old, key) for key in changes}))
    assert old.title == "Checkout releases stop hurting customers"
    filled.update_objective("o1", **changes)
    now = filled.objective("o1")
    assert (now.period_start, now.aligns_to, now.kind) == (
        "2027-04-01", ("a1",), ObjectiveKind.ASPIRATIONAL)


def test_moving_an_objective_undoes_and_redoes(filled: Strategy) -> None:
    old = undo_redo(filled, lambda: filled.move_objective("o2", 0),
                    lambda old: filled.move_objective("o2", old))
    assert old == 1
    filled.move_objective("o2", 99)  # clamped to the end
    assert [o.id for o in filled.snapshot().objectives] == ["o1", "o2"]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"period_start": "2027-02-30"}, "date written YYYY-MM-DD"),
        ({"period_end": "31/03/2027"}, "date written YYYY-MM-DD"),
        ({"period_start": "2027-04-01"}, "The period ends (2027-03-31) before it starts"),
        ({"kind": "stretch"}, "committed, aspirational, not 'stretch'"),
        ({"aligns_to": ["t1"]}, "not to a Tactic (“Automated tests for checkout”)"),
        ({"aligns_to": ["e1"]}, "not to an Evidence"),
        ({"aligns_to": ["ghost"]}, "Nothing has the id 'ghost'"),
        ({"aligns_to": ["o1"]}, "cannot align to itself"),
        ({"aligns_to": ["o2"]}, "Objectives cannot align in a circle: “Checkout releases stop "
                                "hurting customers” → “Any engineer ships the same day” → "),
        ({"aligns_to": ["s1", "s1"]}, "names 's1' twice"),
        ({"aligns_to": "s1"}, "a list of ids"),
        ({"title": "x" * 501}, "501 characters long; at most 500"),
        ({"title": None}, "must be text"),
        ({"owner": "team \ud800"}, "lone surrogate"),
        ({"wig": "yes"}, "wig is True or False"),
        ({"colour": "red"}, "no field 'colour'"),
    ],
)
def test_bad_objective_changes_are_refused(
    filled: Strategy, changes: dict[str, Any], words: str
) -> None:
    refused(filled, lambda: filled.update_objective("o1", **changes), words)


def test_bad_new_objectives_are_refused(filled: Strategy) -> None:
    refused(filled, lambda: filled.add_objective("X", objective_id="o1"), "'o1' is taken")
    refused(filled, lambda: filled.add_objective("X", objective_id="s1"), "'s1' is taken")
    refused(filled, lambda: filled.add_objective("X", period_start="2027-02-01",
                                                 period_end="2027-01-01"), "ends (2027-01-01)")
    refused(filled, lambda: filled.update_objective("nope", title="x"), "No objective")


# -- key results -----------------------------------------------------------------------------


def test_a_key_result_keeps_every_field_and_its_current_value_is_the_latest_check_in(
    filled: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    again = reopen(filled)
    assert again.key_result("k2") == KeyResultData(
        "k2", "o1", "Regression hours per release fall from 16 to 2", 16.0, 2.0, 15.0, "h",
        Direction.DECREASE, Indicator.LEADING, ("e2", "e1"), "k1", 1)
    assert again.key_result("k1").current == 17.5
    assert again.key_result("k3").current is None  # no check-in yet
    # A check-in dated earlier than the latest does not change the current value.
    again.check_in("k1", "2027-01-01", 30.0, 3)
    assert again.snapshot().key_result("k1").current == 17.5  # type: ignore[union-attr]


def test_a_new_key_result_has_defaults_and_its_place(filled: Strategy) -> None:
    added = filled.add_key_result("o2", "Engineers who deployed alone", position=0)
    assert (added.baseline, added.target, added.unit, added.direction, added.indicator,
            added.measures, added.balances, added.position, added.current) == (
        0.0, 1.0, "", Direction.INCREASE, Indicator.LAGGING, (), None, 0, None)
    assert [k.id for k in filled.snapshot().key_results_of("o2")] == [added.id, "k3"]


def test_adding_a_key_result_undoes_and_redoes(filled: Strategy) -> None:
    undo_redo(filled, lambda: filled.add_key_result("o1", "Suite answers in 10 minutes",
                                                    key_result_id="k4", position=0, baseline=120,
                                                    target=10, balances="k2"),
              lambda added: filled.delete_key_result(added.id))


def test_update_key_result_returns_the_old_values_that_undo_it(filled: Strategy) -> None:
    changes = {"title": "Defects fall to 2%", "baseline": -1.5, "target": 2, "unit": "pct",
               "direction": Direction.KEEP, "indicator": Indicator.LEADING,
               "measures": ["e2"], "balances": "k3"}
    old = undo_redo(filled, lambda: filled.update_key_result("k1", **changes),
                    lambda old: filled.update_key_result(
                        "k1", **{key: getattr(old, key) for key in changes}))
    assert (old.baseline, old.measures, old.balances) == (20.0, ("e1",), None)


def test_moving_a_key_result_stays_within_its_objective(filled: Strategy) -> None:
    old = undo_redo(filled, lambda: filled.move_key_result("k2", 0),
                    lambda old: filled.move_key_result("k2", old))
    assert old == 1
    filled.move_key_result("k2", 0)
    assert [k.id for k in filled.snapshot().key_results] == ["k2", "k1", "k3"]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"target": float("nan")}, "must be a finite number"),
        ({"baseline": float("inf")}, "must be a finite number"),
        ({"baseline": 10**400}, "must be a finite number"),
        ({"target": True}, "must be a number"),
        ({"target": "5"}, "must be a number"),
        ({"direction": "up"}, "increase, decrease, keep, not 'up'"),
        ({"indicator": "trailing"}, "leading, lagging, not 'trailing'"),
        ({"measures": ["s1"]}, "measures Evidence, not a Strategy (“Build quality in”)"),
        ({"measures": ["gone"]}, "No element has the id 'gone'"),
        ({"measures": ["e1", "e1"]}, "names 'e1' twice"),
        ({"balances": "k1"}, "cannot balance itself"),
        ({"balances": "kx"}, "No key result has the id 'kx'"),
        ({"balances": 3}, "a key result id or None"),
        ({"unit": "u" * 33}, "at most 32"),
        ({"current": 4.0}, "latest check-in's value; check in instead"),
        ({"objective": "o2"}, "no field 'objective'"),
    ],
)
def test_bad_key_result_changes_are_refused(
    filled: Strategy, changes: dict[str, Any], words: str
) -> None:
    refused(filled, lambda: filled.update_key_result("k1", **changes), words)


def test_a_key_result_needs_an_existing_objective(filled: Strategy) -> None:
    refused(filled, lambda: filled.add_key_result("nope", "X"), "No objective with id 'nope'")
    refused(filled, lambda: filled.add_key_result("o1", "X", key_result_id="k1"), "'k1' is taken")


# -- check-ins -------------------------------------------------------------------------------


def test_check_ins_keep_the_whole_history_in_date_order(
    filled: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    filled.check_in("k1", dt.date(2027, 1, 18), 16.0, 7, "suite green")
    again = reopen(filled)
    assert again.snapshot().check_ins_of("k1") == (
        CheckInData("k1", "2027-01-04", 19.0, 5, "first week"),
        CheckInData("k1", "2027-01-11", 17.5, 6, ""),
        CheckInData("k1", "2027-01-18", 16.0, 7, "suite green"),
    )


def test_a_new_check_in_undoes_by_removing_it(filled: Strategy) -> None:
    replaced = undo_redo(filled, lambda: filled.check_in("k3", "2027-01-04", 4, 5, "slow start"),
                         lambda replaced: filled.remove_check_in("k3", "2027-01-04"))
    assert replaced is None


def test_a_second_check_in_on_a_date_replaces_the_first_and_undo_brings_it_back(
    filled: Strategy,
) -> None:
    replaced = undo_redo(filled, lambda: filled.check_in("k1", "2027-01-11", 17.0, 8, "fixed"),
                         filled.restore_check_in)
    assert replaced == CheckInData("k1", "2027-01-11", 17.5, 6, "")
    assert filled.snapshot().latest_check_in("k1") == CheckInData(
        "k1", "2027-01-11", 17.0, 8, "fixed")
    assert len(filled.snapshot().check_ins_of("k1")) == 2


def test_removing_a_check_in_undoes_and_redoes(filled: Strategy) -> None:
    removed = undo_redo(filled, lambda: filled.remove_check_in("k1", "2027-01-11"),
                        filled.restore_check_in)
    assert removed == CheckInData("k1", "2027-01-11", 17.5, 6, "")
    assert filled.key_result("k1").current == 19.0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("k1", "2027-13-01", 1.0, 5), "date written YYYY-MM-DD, not '2027-13-01'"),
        (("k1", "", 1.0, 5), "date written YYYY-MM-DD, not ''"),
        (("k1", "2027-01-18", float("nan"), 5), "value must be a finite number"),
        (("k1", "2027-01-18", 1.0, 11), "Confidence is a whole number from 0 to 10, not 11"),
        (("k1", "2027-01-18", 1.0, -1), "from 0 to 10, not -1"),
        (("k1", "2027-01-18", 1.0, 7.5), "from 0 to 10, not 7.5"),
        (("k1", "2027-01-18", 1.0, True), "from 0 to 10, not True"),
        (("k1", "2027-01-18", 1.0, 5, "n" * 5001), "at most 5,000"),
        (("kx", "2027-01-18", 1.0, 5), "No key result with id 'kx'"),
    ],
)
def test_bad_check_ins_are_refused(filled: Strategy, args: tuple[Any, ...], words: str) -> None:
    refused(filled, lambda: filled.check_in(*args), words)


def test_removing_a_check_in_that_is_not_there_is_refused(filled: Strategy) -> None:
    refused(filled, lambda: filled.remove_check_in("k1", "2027-02-01"),
            "no check-in on 2027-02-01")


# -- deleting and restoring ------------------------------------------------------------------


def test_deleting_an_objective_takes_its_key_results_check_ins_and_alignments_to_it(
    filled: Strategy,
) -> None:
    filled.add_key_result("o2", "Checkout pages stay fast", key_result_id="k4", balances="k1")
    removal = undo_redo(filled, lambda: filled.delete_objective("o1"), filled.restore_okrs)
    snap = filled.snapshot()
    assert [o.id for o in snap.objectives] == ["o2"] and snap.objective("o2").position == 0
    assert snap.objective("o2").aligns_to == ()  # type: ignore[union-attr]
    assert [k.id for k in snap.key_results] == ["k3", "k4"]
    assert snap.key_result("k4").balances is None  # type: ignore[union-attr]
    assert snap.check_ins == ()
    assert [k.id for k in removal.key_results] == ["k1", "k2"]
    assert len(removal.check_ins) == 3
    assert removal.alignments == (("o2", "o1", 0),)
    assert removal.balances == (("k4", "k1"),)


def test_deleting_a_key_result_clears_what_balances_it_and_restore_puts_it_back(
    filled: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    before = filled.snapshot()
    removal = undo_redo(filled, lambda: filled.delete_key_result("k1"), filled.restore_okrs)
    assert filled.snapshot().key_result("k2").position == 0  # type: ignore[union-attr]
    assert filled.snapshot().key_result("k2").balances is None  # type: ignore[union-attr]
    assert removal.balances == (("k2", "k1"),)
    filled.restore_okrs(removal)
    assert reopen(filled).snapshot() == before


def test_deleting_an_element_clears_alignments_and_measures_and_restore_puts_them_back(
    filled: Strategy,
) -> None:
    removal = undo_redo(filled, lambda: filled.delete_elements(["s1", "e1"]), filled.restore)
    snap = filled.snapshot()
    assert snap.objective("o1").aligns_to == ("a1",)  # type: ignore[union-attr]
    assert snap.key_result("k1").measures == ()  # type: ignore[union-attr]
    assert snap.key_result("k2").measures == ("e2",)  # type: ignore[union-attr]
    assert removal.objective_alignments == (("o1", "s1", 0),)
    assert removal.key_result_measures == (("k1", "e1", 0), ("k2", "e1", 1))
    filled.restore(removal)
    assert filled.snapshot().key_result("k2").measures == ("e2", "e1")  # type: ignore[union-attr]


def test_a_read_only_file_refuses_okr_edits(filled: Strategy, strategy_path: Path) -> None:
    filled.file.close()
    opened = StrategyFile.open(strategy_path, read_only=True)
    try:
        model = Strategy(opened)
        for edit in (lambda: model.add_objective("X"), lambda: model.check_in("k1", "2027-02-01",
                                                                               1.0, 5),
                     lambda: model.delete_key_result("k1")):
            with pytest.raises(ReadOnlyError):
                edit()
        assert len(model.snapshot().check_ins) == 3
    finally:
        opened.close()


# -- snapshot helpers ------------------------------------------------------------------------


def test_snapshot_orders_and_indexes_okrs(filled: Strategy) -> None:
    filled.move_objective("o2", 0)
    filled.check_in("k3", "2027-01-04", 4.0, 5)
    snap = filled.snapshot()
    assert [o.id for o in snap.objectives] == ["o2", "o1"]
    assert [k.id for k in snap.key_results] == ["k3", "k1", "k2"]  # by objective order
    assert [(c.key_result, c.date) for c in snap.check_ins] == [
        ("k3", "2027-01-04"), ("k1", "2027-01-04"), ("k1", "2027-01-11"), ("k2", "2027-01-04")]
    assert [k.id for k in snap.key_results_of("o1")] == ["k1", "k2"]
    assert snap.key_results_of("nope") == () and snap.check_ins_of("nope") == ()
    assert snap.latest_check_in("k1") == CheckInData("k1", "2027-01-11", 17.5, 6, "")
    assert snap.latest_check_in("k3") == CheckInData("k3", "2027-01-04", 4.0, 5, "")
    assert snap.objective("nope") is None and snap.key_result("nope") is None


def test_an_element_cannot_take_an_objectives_id(filled: Strategy) -> None:
    refused(filled, lambda: filled.add_element(K.STRATEGY, "Clash", element_id="o1"),
            "'o1' is an objective's already")
