"""OKR health findings: each finding on the smallest strategy that shows it, the alignment graph,
and `okrdesk check` printing them."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from okrdesk.cli import main
from okrdesk.models.graph import OBJECTIVE, alignment_graph, objectives_serving
from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import (
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.okr_rules import (
    ACTIVITY_KEY_RESULT,
    KR_DIRECTION_MISMATCH,
    LAGGING_WITHOUT_LEADING,
    OBJECTIVE_UNALIGNED,
    OKR_CODES,
    STALE_KEY_RESULT,
    TOO_MANY_KEY_RESULTS,
    TOO_MANY_OBJECTIVES,
    activity_reason,
)
from okrdesk.models.rules import Finding, Severity, check
from okrdesk.models.snapshot import ElementData, Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

K = ElementKind
TODAY = dt.date(2027, 2, 15)
ELEMENTS = (
    ElementData("tn", K.TRUE_NORTH, "Instant delivery"),
    ElementData("a1", K.ASPIRATION, "Fewer defects"),
    ElementData("s1", K.STRATEGY, "Build quality in"),
    ElementData("e1", K.EVIDENCE, "Change failure rate falling"),
    ElementData("t1", K.TACTIC, "Checkout tests"),
)


def objective(
    oid: str = "o1", title: str = "Checkout stops hurting", **more: object
) -> ObjectiveData:
    values: dict[str, object] = {"period_start": "2027-01-01", "period_end": "2027-03-31",
                                 "aligns_to": ("s1",)} | more
    return ObjectiveData(oid, title, **values)  # type: ignore[arg-type]


def result(kid: str, title: str, indicator: Indicator = Indicator.LEADING, oid: str = "o1",
           **more: object) -> KeyResultData:
    values: dict[str, object] = {"baseline": 20.0, "target": 5.0, "unit": "%",
                                 "direction": Direction.DECREASE, "indicator": indicator} | more
    return KeyResultData(kid, oid, title, **values)  # type: ignore[arg-type]


def healthy() -> Snapshot:
    """A focused, aligned objective with a lead and a lag measure, checked in this week."""
    return Snapshot(
        "OKRs", ELEMENTS,
        objectives=(objective(),),
        key_results=(
            result("k1", "Checkout defects fall from 20% to 5%", Indicator.LAGGING),
            result("k2", "Checkout suite answers within 10 minutes", baseline=120.0,
                   target=10.0, unit="min"),
        ),
        check_ins=(CheckInData("k1", "2027-02-08", 12.0, 6), CheckInData("k2", "2027-02-08",
                                                                          30.0, 7)),
    )


def okr_findings_of(snapshot: Snapshot, today: dt.date = TODAY) -> list[Finding]:
    return [f for f in check(snapshot, today=today) if f.code in OKR_CODES]


def test_a_healthy_objective_has_no_findings() -> None:
    assert okr_findings_of(healthy()) == []
    assert check(healthy(), today=TODAY) == check(replace(healthy(), objectives=()),
                                                  today=TODAY)


def test_more_than_five_objectives_at_the_same_time_lose_focus() -> None:
    quarter = [objective(f"o{i}", f"Objective {i}") for i in range(1, 6)]
    later = objective("q2", "Next quarter", period_start="2027-04-01", period_end="2027-06-30")
    always = objective("bau", "No period", period_start="", period_end="")
    five = replace(healthy(), objectives=(*quarter, later))
    assert [f.code for f in okr_findings_of(five) if f.code == TOO_MANY_OBJECTIVES] == []
    six = replace(healthy(), objectives=(*quarter, later, always))
    [found] = [f for f in okr_findings_of(six) if f.code == TOO_MANY_OBJECTIVES]
    assert found.message == ("6 objectives run at the same time (from 2027-01-01); keep to 5 "
                             "or fewer so that the teams can focus on them.")
    assert found.element_ids == ("o1", "o2", "o3", "o4", "o5", "bau")
    assert found.severity is Severity.WARNING
    undated = replace(healthy(), objectives=tuple(
        objective(f"u{i}", f"U{i}", period_start="", period_end="") for i in range(6)))
    [found] = [f for f in okr_findings_of(undated) if f.code == TOO_MANY_OBJECTIVES]
    assert found.message.startswith("6 objectives run at the same time; keep to 5")


def test_an_objective_aligned_to_nothing_is_found() -> None:
    snap = replace(healthy(), objectives=(objective(aligns_to=()),))
    assert [(f.code, f.message, f.element_ids) for f in okr_findings_of(snap)] == [
        (OBJECTIVE_UNALIGNED, "Objective “Checkout stops hurting” is aligned to nothing: align "
                              "it to a strategy, an aspiration or another objective.", ("o1",))]


def test_more_than_five_key_results_on_one_objective_are_found() -> None:
    many = tuple(result(f"k{i}", f"Metric {i} falls from 20% to 5%", Indicator.LEADING)
                 for i in range(1, 7))
    snap = replace(healthy(), key_results=many, check_ins=tuple(
        CheckInData(k.id, "2027-02-08", 10.0, 5) for k in many))
    [found] = okr_findings_of(snap)
    assert found.code == TOO_MANY_KEY_RESULTS
    assert "has 6 key results; keep to 5 or fewer" in found.message
    assert found.element_ids == ("o1", "k1", "k2", "k3", "k4", "k5", "k6")
    assert okr_findings_of(replace(snap, key_results=many[:5])) == []


def test_only_lagging_key_results_ask_for_a_leading_one() -> None:
    snap = healthy()
    lagging = tuple(replace(k, indicator=Indicator.LAGGING) for k in snap.key_results)
    [found] = okr_findings_of(replace(snap, key_results=lagging))
    assert (found.code, found.element_ids) == (LAGGING_WITHOUT_LEADING, ("o1", "k1", "k2"))
    assert "only lagging key results: add a leading one" in found.message
    leading = tuple(replace(k, indicator=Indicator.LEADING) for k in snap.key_results)
    assert okr_findings_of(replace(snap, key_results=leading)) == []
    assert okr_findings_of(replace(snap, key_results=(), check_ins=())) == []  # none yet


@pytest.mark.parametrize(
    ("title", "unit", "reason"),
    [
        ("Launch the new checkout", "", "it starts with “Launch”"),
        ("Hire 2 testers for checkout", "people", "it starts with “Hire”"),
        ("implement feature flags", "", "it starts with “implement”"),
        ("Roll out the paved path to 30 teams", "teams", "it starts with “Roll out”"),
        ("Set up ephemeral environments", "", "it starts with “Set up”"),
        ("  Migrate: builds to the cloud", "", "it starts with “Migrate”"),
        ("Improve onboarding", "", "it has no number to move"),
        ("Checkout defects fall from 20% to 5%", "%", None),
        ("Engineers who deployed alone", "engineers", None),
        ("Running costs fall by a third", "EUR", None),  # "Running" is not "Run"
        ("Releases per week double", "", None),  # its numbers are not the 0 → 1 checkbox
        ("", "", None),
    ],
)
def test_key_results_that_read_like_activities(title: str, unit: str, reason: str | None) -> None:
    kr = result("k1", title, unit=unit)
    if title == "Improve onboarding":
        kr = replace(kr, baseline=0.0, target=1.0, direction=Direction.INCREASE)
    found = activity_reason(kr)
    if reason is None:
        assert found is None
    else:
        assert found is not None and found.startswith(reason)


def test_an_activity_key_result_is_a_finding() -> None:
    snap = healthy()
    snap = replace(snap, key_results=(replace(snap.key_results[0], title="Build a test suite"),
                                      snap.key_results[1]))
    [found] = okr_findings_of(snap)
    assert (found.code, found.element_ids) == (ACTIVITY_KEY_RESULT, ("k1",))
    assert found.message == ("Key result “Build a test suite” reads like an activity (it "
                             "starts with “Build”): track the outcome the work should bring.")


def test_numbers_that_contradict_the_direction_are_found() -> None:
    snap = healthy()
    wrong = replace(snap.key_results[0], direction=Direction.INCREASE)
    [found] = okr_findings_of(replace(snap, key_results=(wrong, snap.key_results[1])))
    assert found.code == KR_DIRECTION_MISMATCH
    assert found.message.endswith("is to increase, but its target (5) is below its baseline "
                                  "(20).")
    keep = replace(snap.key_results[0], direction=Direction.KEEP)
    assert okr_findings_of(replace(snap, key_results=(keep, snap.key_results[1]))) == []


def test_a_key_result_without_a_check_in_for_more_than_two_weeks_is_stale() -> None:
    snap = healthy()
    assert okr_findings_of(snap, dt.date(2027, 2, 22)) == []  # 14 days: still fresh
    found = okr_findings_of(snap, dt.date(2027, 2, 23))  # 15 days
    assert [(f.code, f.element_ids) for f in found] == [
        (STALE_KEY_RESULT, ("k1",)), (STALE_KEY_RESULT, ("k2",))]
    assert found[0].message == ("Key result “Checkout defects fall from 20% to 5%” has had no "
                                "check-in for 15 days (the last on 2027-02-08); check in weekly.")


def test_staleness_counts_only_while_the_period_runs() -> None:
    snap = replace(healthy(), check_ins=())
    assert okr_findings_of(snap, dt.date(2027, 1, 15)) == []  # 14 days into the period
    found = okr_findings_of(snap, dt.date(2027, 1, 16))
    assert [f.code for f in found] == [STALE_KEY_RESULT, STALE_KEY_RESULT]
    assert "has no check-in yet, 15 days into its period (which began on 2027-01-01)" in (
        found[0].message)
    assert okr_findings_of(snap, dt.date(2026, 12, 1)) == []  # not started
    assert okr_findings_of(snap, dt.date(2027, 4, 1)) == []  # over: history, not a nag
    undated = replace(snap, objectives=(objective(period_start="", period_end=""),))
    assert okr_findings_of(undated, dt.date(2030, 1, 1)) == []  # no clock to judge by
    old = replace(undated, check_ins=(CheckInData("k1", "2027-01-04", 1.0, 5),
                                      CheckInData("k2", "2029-12-30", 1.0, 5)))
    assert [f.element_ids for f in okr_findings_of(old, dt.date(2030, 1, 1))] == [("k1",)]


def test_okr_findings_come_after_the_taste_ones_objective_by_objective() -> None:
    snap = healthy()
    second = objective("o2", "Ship the same day", aligns_to=())
    launch = result("k3", "Launch one-click deploys", Indicator.LAGGING, oid="o2")
    snap = replace(snap, elements=snap.elements[:2], objectives=(*snap.objectives, second),
                   key_results=(*snap.key_results, launch))
    codes = [f.code for f in check(snap, today=TODAY)]
    assert codes[-4:] == [OBJECTIVE_UNALIGNED, LAGGING_WITHOUT_LEADING, ACTIVITY_KEY_RESULT,
                          STALE_KEY_RESULT]
    assert codes.index(OBJECTIVE_UNALIGNED) > max(
        i for i, c in enumerate(codes) if c not in OKR_CODES)


# -- the alignment graph ---------------------------------------------------------------------


def test_the_alignment_graph_and_the_objectives_serving_each_strategy() -> None:
    snap = replace(healthy(), objectives=(
        objective("o1", "Top", aligns_to=("s1", "a1")),
        objective("o2", "Team", aligns_to=("o1",)),
        objective("o3", "Side", aligns_to=("a1", "gone")),
        objective("o4", "Alone", aligns_to=()),
    ))
    graph = alignment_graph(snap)
    assert isinstance(graph, nx.DiGraph) and nx.is_directed_acyclic_graph(graph)
    assert set(graph.edges) == {("o1", "s1"), ("o1", "a1"), ("o2", "o1"), ("o3", "a1")}
    assert graph.nodes["o2"] == {"kind": OBJECTIVE, "title": "Team", "position": 0}
    assert graph.nodes["s1"]["kind"] is K.STRATEGY
    assert objectives_serving(snap) == {"a1": ["o1", "o2", "o3"], "s1": ["o1", "o2"]}


# -- okrdesk check ---------------------------------------------------------------------------


def test_okrdesk_check_prints_okr_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "okrs.okrdesk"
    file = StrategyFile.create(path, "OKRs")
    try:
        st = Strategy(file)
        st.add_element(K.TRUE_NORTH, "Instant delivery")
        st.add_objective("Ship the same day", ObjectiveKind.ASPIRATIONAL, objective_id="o1")
        st.add_key_result("o1", "Launch one-click deploys", key_result_id="k1")
        st.check_in("k1", "2020-01-06", 0.0, 5)
    finally:
        file.close()

    capsys.readouterr()
    code = main(["check", str(path)])
    lines = capsys.readouterr().out.splitlines()

    assert code == 1
    okr_lines = [line for line in lines if any(c in line for c in OKR_CODES)]
    assert [line.split()[:2] for line in okr_lines] == [
        ["warning", OBJECTIVE_UNALIGNED], ["warning", LAGGING_WITHOUT_LEADING],
        ["warning", ACTIVITY_KEY_RESULT], ["warning", STALE_KEY_RESULT]]
    assert "Objective “Ship the same day” is aligned to nothing" in okr_lines[0]
    assert "(the last on 2020-01-06); check in weekly." in okr_lines[3]
    assert lines[-1] == f"{len(lines) - 1} findings in okrs.okrdesk"


# -- the sample ------------------------------------------------------------------------------


def test_the_sample_shows_a_committed_and_an_aspirational_quarter_without_findings() -> None:
    from okrdesk.assets import sample_json
    from okrdesk.models import okr_scoring
    from okrdesk.models.interchange import parse_json

    snap = parse_json(sample_json()).snapshot()
    committed, aspirational = snap.objectives
    assert (committed.kind, aspirational.kind) == (ObjectiveKind.COMMITTED,
                                                   ObjectiveKind.ASPIRATIONAL)
    for objective in snap.objectives:
        kinds = {snap.element(p).kind for p in objective.aligns_to}  # type: ignore[union-attr]
        assert kinds == {K.STRATEGY, K.ASPIRATION}
        results = snap.key_results_of(objective.id)
        assert 2 <= len(results) <= 3
        assert {kr.indicator for kr in results} == {Indicator.LEADING, Indicator.LAGGING}
        for kr in results:
            dates = [dt.date.fromisoformat(c.date) for c in snap.check_ins_of(kr.id)]
            assert {(b - a).days for a, b in itertools.pairwise(dates)} == {7}  # weekly
    assert any(snap.element(e).kind is K.EVIDENCE  # type: ignore[union-attr]
               for kr in snap.key_results for e in kr.measures)
    # Committed objectives are expected at 1.0, aspirational ones at 0.7: the sample shows both.
    for objective in snap.objectives:
        score = okr_scoring.objective_score_of(snap, objective.id)
        assert okr_scoring.meets_expectation(objective.kind, score)
    # No OKR finding on any day, before, during or after the quarter.
    start = dt.date(2026, 12, 1)
    for offset in range(0, 150, 3):
        assert okr_findings_of(snap, start + dt.timedelta(days=offset)) == []
