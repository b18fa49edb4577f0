"""Option map layouts: deterministic, pinned cards never move, no overlaps, needers on top."""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.layout.map_layered import break_cycles, generations
from okrdesk.layout.map_layout import ALGORITHMS, Algorithm, MapLayoutResult, layout_map
from okrdesk.layout.map_overlap import legalise
from okrdesk.models.options import OptionNode, Relation

CARD_W, CARD_H = 120.0, 60.0
KINDS = ("needs", "needs", "needs", "enables", "conflicts", "informs")


def random_map(n: int, seed: int, ratio: float = 2.0) -> tuple[list[OptionNode], list[Relation]]:
    """n options with about ratio × n relations of mixed kinds (cycles in "needs" included)."""
    rng = random.Random(seed)
    options = [OptionNode(f"o{i:04d}", f"Option {i}") for i in range(n)]
    relations = []
    for _ in range(int(n * ratio)):
        a, b = rng.randrange(n), rng.randrange(n)
        relations.append(Relation(options[a].id, options[b].id, rng.choice(KINDS)))
    return options, relations


def overlapping(
    positions: Mapping[str, tuple[float, float]], w: float = CARD_W, h: float = CARD_H
) -> list[tuple[str, str]]:
    """Pairs of w × h cards whose interiors intersect (a sweep over x, not all pairs)."""
    cards = sorted(positions.items(), key=lambda item: (item[1][0], item[0]))
    found = []
    for i, (a, (ax, ay)) in enumerate(cards):
        for b, (bx, by) in cards[i + 1 :]:
            if bx - ax >= w - 0.01:
                break
            if abs(by - ay) < h - 0.01:
                found.append((a, b))
    return found


def run(
    options: list[OptionNode],
    relations: list[Relation],
    algorithm: Algorithm,
    **kwargs: Any,
) -> MapLayoutResult:
    return layout_map(options, relations, algorithm, card_w=CARD_W, card_h=CARD_H, **kwargs)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_the_same_input_gives_the_same_output(algorithm: Algorithm) -> None:
    options, relations = random_map(60, 3)
    first = run(options, relations, algorithm, seed=5)
    again = run(list(reversed(options)), list(reversed(relations)), algorithm, seed=5)
    assert first == again
    assert set(first.positions) == {o.id for o in options}


@pytest.mark.parametrize("n", [10, 60, 500])
@pytest.mark.parametrize("algorithm", ["layered", "grid"])
def test_no_two_cards_overlap(algorithm: Algorithm, n: int) -> None:
    options, relations = random_map(n, n)
    result = run(options, relations, algorithm)
    assert overlapping(result.positions) == []
    for x, y in result.positions.values():
        assert CARD_W / 2 - 0.01 <= x <= result.width - CARD_W / 2 + 0.01
        assert CARD_H / 2 - 0.01 <= y <= result.height - CARD_H / 2 + 0.01


@pytest.mark.parametrize("n", [10, 60])
@pytest.mark.parametrize("algorithm", ["force", "circular"])
def test_no_two_cards_overlap_in_the_other_layouts_either(algorithm: Algorithm, n: int) -> None:
    options, relations = random_map(n, n + 1)
    assert overlapping(run(options, relations, algorithm).positions) == []


@settings(max_examples=25, deadline=None)
@given(
    algorithm=st.sampled_from(ALGORITHMS),
    n=st.integers(1, 40),
    seed=st.integers(0, 1000),
    share=st.floats(0.0, 1.0),
)
def test_pinned_cards_never_move_and_the_others_avoid_them(
    algorithm: Algorithm, n: int, seed: int, share: float
) -> None:
    options, relations = random_map(n, seed)
    rng = random.Random(seed)
    # Anywhere, even off the area or on top of each other: pinned means pinned.
    current = {o.id: (rng.uniform(-100, 1400), rng.uniform(-100, 900)) for o in options}
    pinned = {o.id for o in options if rng.random() < share}
    result = run(options, relations, algorithm, current=current, pinned=pinned, seed=seed)
    for p in pinned:
        assert result.positions[p] == current[p]
    loose = {k: v for k, v in result.positions.items() if k not in pinned}
    assert overlapping(loose) == []
    for p in pinned:
        assert overlapping({**loose, p: current[p]}) == []


def test_a_pinned_option_without_a_position_is_laid_out_and_reported() -> None:
    options, relations = random_map(5, 1)
    result = run(options, relations, "grid", pinned={"o0001"})
    assert "o0001" in result.positions
    assert any("pinned" in w for w in result.warnings)


def test_layered_puts_each_needer_above_what_it_needs_without_cycles() -> None:
    rng = random.Random(11)
    ids = [f"n{i:03d}" for i in range(60)]
    rank = list(ids)
    rng.shuffle(rank)  # needs only point forward in this order: no cycle
    relations = []
    for _ in range(120):
        a, b = sorted(rng.sample(range(60), 2))
        relations.append(Relation(rank[a], rank[b], "needs"))
    options = [OptionNode(i, i) for i in ids]
    result = run(options, relations, "layered")
    assert result.broken_cycle_edges == []
    for r in relations:
        assert result.positions[r.source][1] < result.positions[r.target][1]


def test_layered_breaks_cycles_deterministically_and_reports_the_broken_edges() -> None:
    options = [OptionNode(i, i) for i in "abcd"]
    relations = [Relation(*p) for p in ("ab", "bc", "ca", "cd")]
    result = run(options, relations, "layered")
    assert result.broken_cycle_edges == [("c", "a")]
    assert any("cycles" in w for w in result.warnings)
    y = {k: v[1] for k, v in result.positions.items()}
    assert y["a"] < y["b"] < y["c"] < y["d"]


def test_broken_edges_leave_no_cycle_and_are_needs_relations() -> None:
    options, relations = random_map(300, 9)
    result = run(options, relations, "layered")
    needs = {(r.source, r.target) for r in relations if r.kind == "needs"}
    assert result.broken_cycle_edges
    assert set(result.broken_cycle_edges) <= needs
    kept = needs - set(result.broken_cycle_edges)
    for a, b in kept:
        assert result.positions[a][1] < result.positions[b][1]


def test_break_cycles_follows_ids_in_order() -> None:
    needs = {"a": ["b"], "b": ["a", "c"], "c": ["b", "c"]}
    assert break_cycles(["a", "b", "c"], needs) == [("b", "a"), ("c", "b"), ("c", "c")]
    layers = generations(["a", "b", "c"], {"a": ["b"], "b": ["c"], "c": []})
    assert layers == {"a": 0, "b": 1, "c": 2}


def test_a_small_area_grows_and_says_so() -> None:
    options, relations = random_map(60, 2)
    result = run(options, relations, "layered", width=300.0, height=200.0)
    assert result.width > 300 and result.height > 200
    assert any("enlarged" in w for w in result.warnings)
    assert overlapping(result.positions) == []


def test_layered_keeps_a_user_left_to_right_order_in_a_layer() -> None:
    options = [OptionNode(i, i) for i in "abc"]
    current = {"a": (900.0, 0.0), "b": (100.0, 0.0), "c": (500.0, 0.0)}
    result = run(options, [], "layered", current=current)
    xs = {k: v[0] for k, v in result.positions.items()}
    assert xs["b"] < xs["c"] < xs["a"]


def test_unknown_algorithms_and_duplicate_ids_are_refused() -> None:
    options, relations = random_map(3, 1)
    with pytest.raises(ValueError, match="unknown layout"):
        run(options, relations, "spiral")
    with pytest.raises(ValueError, match="duplicate"):
        run([*options, options[0]], relations, "grid")


def test_empty_maps_lay_out() -> None:
    for algorithm in ALGORITHMS:
        assert run([], [], algorithm).positions == {}


def test_legalise_moves_only_what_overlaps() -> None:
    wanted = {"a": (100.0, 100.0), "b": (100.0, 100.0), "c": (600.0, 400.0)}
    placed, _, warnings = legalise(wanted, "abc", {}, (1000.0, 800.0), (CARD_W, CARD_H), 9.0)
    assert placed["a"] == wanted["a"] and placed["c"] == wanted["c"]
    assert overlapping(placed) == [] and warnings == []


def test_legalise_overflows_below_a_full_area() -> None:
    wanted = {f"n{i}": (50.0, 50.0) for i in range(10)}
    placed, height, warnings = legalise(wanted, sorted(wanted), {}, (260.0, 140.0), (100, 50), 10)
    assert overlapping(placed, 100, 50) == []
    assert height > 140 and warnings


def test_two_thousand_options_are_laid_out_in_a_few_seconds() -> None:
    options, relations = random_map(2000, 1)
    started = time.perf_counter()
    result = run(options, relations, "layered")
    assert time.perf_counter() - started < 5
    assert overlapping(result.positions) == []


def test_force_on_a_large_map_holds_pinned_cards_too() -> None:
    options, relations = random_map(600, 3)  # past networkx's dense solver: okrdesk's own
    current = {o.id: (float(i % 40) * 150, float(i // 40) * 90) for i, o in enumerate(options)}
    pinned = {o.id for o in options[::7]}
    result = run(options, relations, "force", current=current, pinned=pinned)
    assert all(result.positions[p] == current[p] for p in pinned)
    assert overlapping(result.positions) == []
    assert result == run(options, relations, "force", current=current, pinned=pinned)
