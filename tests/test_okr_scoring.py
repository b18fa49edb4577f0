"""Scoring OKRs: key result scores on every edge, objective means, bands at their boundaries,
expectations and pace, and the confidence a check-in starts at."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.models.okr_data import (
    CheckInData,
    Direction,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.okr_scoring import (
    Band,
    band,
    default_confidence,
    elapsed_share,
    key_result_score,
    meets_expectation,
    objective_score,
    objective_score_of,
    on_track,
    rounded,
    score_history,
    score_value,
)
from okrdesk.models.snapshot import Snapshot

COMMITTED, ASPIRATIONAL = ObjectiveKind.COMMITTED, ObjectiveKind.ASPIRATIONAL


def kr(baseline: float, target: float, direction: Direction = Direction.INCREASE,
       current: float | None = None, kid: str = "k", objective: str = "o") -> KeyResultData:
    return KeyResultData(kid, objective, "KR", baseline, target, current, direction=direction)


# -- key results -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "value", "expected"),
    [
        (3, 25, 3, 0.0),  # at the baseline
        (3, 25, 14, 0.5),  # half-way up
        (3, 25, 25, 1.0),  # target reached
        (3, 25, 40, 1.0),  # target exceeded: clamped
        (3, 25, 1, 0.0),  # fell below the baseline: clamped
        (0, 1, 0.7, 0.7),  # a 0..1 key result scores its own value
        (-10, 10, 0, 0.5),  # negative numbers
    ],
)
def test_an_increase_scores_linearly_from_baseline_to_target(
    baseline: float, target: float, value: float, expected: float
) -> None:
    assert score_value(kr(baseline, target), value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(20, 0.0), (12.5, 0.5), (5, 1.0), (2, 1.0), (25, 0.0), (8, 0.8)],
)
def test_a_decrease_with_the_target_below_the_baseline_scores_as_it_falls(
    value: float, expected: float
) -> None:
    assert score_value(kr(20, 5, Direction.DECREASE), value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 1.0), (15, 1.0), (20, 0.5), (25, 0.0), (30, 0.0)],
)
def test_keep_holds_one_while_at_or_beyond_the_target_and_falls_to_zero_at_the_baseline(
    value: float, expected: float
) -> None:
    # "Keep the change failure rate at or below 15 %; 25 % means holding has failed."
    assert score_value(kr(25, 15, Direction.KEEP), value) == pytest.approx(expected)
    # "Keep uptime at 99.9 % or better; 99.0 % means it has failed."
    assert score_value(kr(99.0, 99.9, Direction.KEEP), 99.95) == 1.0
    assert score_value(kr(99.0, 99.9, Direction.KEEP), 99.45) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        (Direction.INCREASE, 10, 1.0), (Direction.INCREASE, 11, 1.0), (Direction.INCREASE, 9, 0.0),
        (Direction.DECREASE, 10, 1.0), (Direction.DECREASE, 9, 1.0), (Direction.DECREASE, 11, 0.0),
        (Direction.KEEP, 10, 1.0), (Direction.KEEP, 10.5, 0.0), (Direction.KEEP, 9.5, 0.0),
    ],
)
def test_target_equal_to_baseline_lets_the_direction_decide(
    direction: Direction, value: float, expected: float
) -> None:
    assert score_value(kr(10, 10, direction), value) == expected


def test_the_numbers_win_when_the_direction_contradicts_them() -> None:
    # An "increase" from 20 to 5 is scored like the decrease its numbers describe.
    assert score_value(kr(20, 5, Direction.INCREASE), 12.5) == pytest.approx(0.5)


def test_no_check_in_means_no_score_not_zero() -> None:
    assert key_result_score(kr(0, 10)) is None
    assert key_result_score(kr(0, 10, current=0.0)) == 0.0
    assert key_result_score(kr(0, 10, current=7.0)) == pytest.approx(0.7)


# -- objectives ------------------------------------------------------------------------------


def test_an_objective_scores_the_mean_of_the_key_results_that_have_a_score() -> None:
    assert objective_score([1.0, 0.4, None]) == pytest.approx(0.7)
    assert objective_score([0.2]) == pytest.approx(0.2)
    assert objective_score([None, None]) is None
    assert objective_score([]) is None


def test_objective_score_of_reads_the_latest_values_in_a_snapshot() -> None:
    snap = Snapshot(
        "OKRs",
        objectives=(ObjectiveData("o", "Ship"), ObjectiveData("empty", "Nothing yet")),
        key_results=(kr(0, 10, current=5.0, kid="a"), kr(20, 5, Direction.DECREASE, 5.0, "b"),
                     kr(0, 1, kid="c")),
    )
    assert objective_score_of(snap, "o") == pytest.approx(0.75)
    assert objective_score_of(snap, "empty") is None


# -- bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, Band.RED), (0.3, Band.RED), (0.34, Band.RED), (0.349, Band.RED),
        (0.35, Band.YELLOW), (0.4, Band.YELLOW), (0.6, Band.YELLOW), (0.64, Band.YELLOW),
        (0.65, Band.GREEN), (0.7, Band.GREEN), (1.0, Band.GREEN), (None, None),
    ],
)
def test_bands_are_given_on_the_score_rounded_to_one_decimal(
    score: float | None, expected: Band | None
) -> None:
    assert band(score) is expected


@pytest.mark.parametrize(
    ("score", "shown"),
    [(0.05, 0.1), (0.15, 0.2), (0.25, 0.3), (0.35, 0.4), (0.45, 0.5), (0.65, 0.7), (0.95, 1.0),
     (0.349, 0.3), (0.0, 0.0), (1.0, 1.0)],
)
def test_scores_round_halves_up_although_floats_store_them_a_hair_below(
    score: float, shown: float
) -> None:
    assert rounded(score) == shown


def test_the_colour_of_a_score_matches_the_number_shown_for_every_hundredth() -> None:
    for hundredths in range(101):
        shown = rounded(hundredths / 100)
        expected = Band.RED if shown <= 0.3 else Band.YELLOW if shown <= 0.6 else Band.GREEN
        assert band(hundredths / 100) is expected, hundredths


# -- expectations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "score", "expected"),
    [
        (COMMITTED, 1.0, True), (COMMITTED, 0.95, True), (COMMITTED, 0.9, False),
        (ASPIRATIONAL, 0.7, True), (ASPIRATIONAL, 0.65, True), (ASPIRATIONAL, 0.6, False),
        (ASPIRATIONAL, 1.0, True), (COMMITTED, None, None),
    ],
)
def test_committed_is_expected_at_one_aspirational_at_seven_tenths(
    kind: ObjectiveKind, score: float | None, expected: bool | None
) -> None:
    assert meets_expectation(kind, score) is expected


def test_on_track_scales_the_expectation_by_the_share_of_the_period_gone_by() -> None:
    quarter = ObjectiveData("o", "Q1", period_start="2027-01-01", period_end="2027-03-31")
    half_way = elapsed_share(quarter, dt.date(2027, 2, 14))
    assert half_way == pytest.approx(44 / 89)
    assert on_track(COMMITTED, 0.5, half_way) is True
    assert on_track(COMMITTED, 0.4, half_way) is False
    assert on_track(ASPIRATIONAL, 0.35, half_way) is True  # 0.35 shown as 0.4, pace 0.35 as 0.3
    assert on_track(ASPIRATIONAL, 0.2, half_way) is False
    assert on_track(COMMITTED, 0.9) is False and on_track(COMMITTED, 1.0) is True
    assert on_track(COMMITTED, None, half_way) is None
    assert elapsed_share(quarter, dt.date(2026, 12, 1)) == 0.0
    assert elapsed_share(quarter, dt.date(2027, 6, 1)) == 1.0
    assert elapsed_share(ObjectiveData("o", "No period")) == 1.0
    one_day = ObjectiveData("o", "Day", period_start="2027-01-01", period_end="2027-01-01")
    assert elapsed_share(one_day, dt.date(2026, 12, 31)) == 0.0
    assert elapsed_share(one_day, dt.date(2027, 1, 1)) == 1.0


# -- confidence and history ------------------------------------------------------------------


def test_the_first_check_in_starts_at_five_later_ones_at_the_last_confidence() -> None:
    first = Snapshot("OKRs", key_results=(kr(0, 10),))
    assert default_confidence("k", first) == 5
    later = Snapshot("OKRs", key_results=(kr(0, 10),), check_ins=(
        CheckInData("k", "2027-01-04", 1.0, 3), CheckInData("k", "2027-01-11", 2.0, 8)))
    assert default_confidence("k", later) == 8
    assert default_confidence("unknown", later) == 5


def test_score_history_gives_each_check_in_its_score_oldest_first() -> None:
    result = kr(20, 5, Direction.DECREASE)
    history = score_history(result, [CheckInData("k", "2027-01-11", 12.5, 6),
                                     CheckInData("k", "2027-01-04", 20.0, 5)])
    assert history == (("2027-01-04", 0.0), ("2027-01-11", 0.5))
