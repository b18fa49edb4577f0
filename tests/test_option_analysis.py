"""What an option graph says: needs cycles, conflicts, stranding, dependence, unconnected."""

from __future__ import annotations

import random
import subprocess
import sys
import time

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.models.options import (
    CODES,
    CONFLICT,
    MOST_DEPENDED_ON,
    NEEDS_CYCLE,
    NEEDS_CYCLES_CAPPED,
    UNCONNECTED,
    OptionGraph,
    OptionNode,
    Relation,
    analyse,
)
from okrdesk.models.rules import Finding, Severity


def opts(*ids: str) -> list[OptionNode]:
    return [OptionNode(i, f"Title {i.upper()}") for i in ids]


def needs(*pairs: str) -> list[Relation]:
    """ "ab" → a needs b."""
    return [Relation(p[0], p[1], "needs") for p in pairs]


# A needs B needs C needs A (a cycle), D needs A, E and F conflict (stated twice), G alone,
# H needs C, I enables D.
OPTIONS = opts(*"abcdefghi")
RELATIONS = [
    *needs("ab", "bc", "ca", "da", "hc"),
    Relation("e", "f", "conflicts"),
    Relation("f", "e", "conflicts"),
    Relation("i", "d", "enables"),
]


def codes(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_a_needs_cycle_is_reported_once_naming_its_titles() -> None:
    cycles = codes(analyse(OPTIONS, RELATIONS), NEEDS_CYCLE)
    assert [c.element_ids for c in cycles] == [("a", "b", "c")]
    message = cycles[0].message
    assert '"Title A" needs "Title B" needs "Title C" needs "Title A"' in message
    assert cycles[0].severity == Severity.WARNING


def test_every_elementary_cycle_is_listed_once_starting_at_its_smallest_id() -> None:
    relations = needs("ab", "ba", "bc", "ca", "cd", "dc", "aa")
    cycles = OptionGraph(opts(*"abcd"), relations).cycles()
    assert cycles.complete
    assert list(cycles.listed) == [("a",), ("a", "b"), ("c", "d"), ("a", "b", "c")]
    assert cycles.involved == ("a", "b", "c", "d")


def test_a_dense_graph_lists_at_most_the_cap_and_says_so_quickly() -> None:
    ids = [f"n{i:02d}" for i in range(40)]
    relations = [Relation(a, b) for a in ids for b in ids if a != b]  # ~10^46 cycles
    started = time.perf_counter()
    found = analyse(opts(*ids), relations, limit=20)
    assert time.perf_counter() - started < 5
    cycles = codes(found, NEEDS_CYCLE)
    assert len(cycles) == 20
    keys = {c.element_ids for c in cycles}
    assert len(keys) == 20
    edges = {(r.source, r.target) for r in relations}
    for cycle in keys:
        assert len(set(cycle)) == len(cycle)  # elementary
        assert cycle[0] == min(cycle)
        assert all((a, b) in edges for a, b in zip(cycle, (*cycle[1:], cycle[0]), strict=True))
    (capped,) = codes(found, NEEDS_CYCLES_CAPPED)
    assert "More than 20" in capped.message
    assert capped.element_ids == tuple(ids)


def test_conflicting_pairs_are_reported_once_whichever_way_they_were_stated() -> None:
    conflicts = codes(analyse(OPTIONS, RELATIONS), CONFLICT)
    assert [c.element_ids for c in conflicts] == [("e", "f")]
    assert conflicts[0].message == '"Title E" conflicts with "Title F".'


def test_an_option_in_conflict_with_itself_is_ignored() -> None:
    assert OptionGraph(opts("a"), [Relation("a", "a", "conflicts")]).conflicts() == []


def test_stranded_if_dropped_is_everything_that_transitively_needs_it() -> None:
    graph = OptionGraph(OPTIONS, RELATIONS)
    assert graph.stranded_if_dropped("c") == {"a", "b", "d", "h"}
    assert graph.stranded_if_dropped("d") == set()
    assert graph.stranded_if_dropped("g") == set()


def test_upstream_and_downstream_follow_needs_and_optionally_enables() -> None:
    graph = OptionGraph(OPTIONS, RELATIONS)
    assert graph.upstream("d") == {"a", "b", "c"}
    assert graph.downstream("d") == set()
    assert graph.upstream("d", enables=True) == {"a", "b", "c", "i"}
    assert graph.downstream("i") == set()
    assert graph.downstream("i", enables=True) == {"d"}
    assert graph.upstream("h") == {"a", "b", "c"}
    assert graph.downstream("a") == {"b", "c", "d", "h"}  # the cycle, without itself


def test_unknown_option_ids_raise() -> None:
    with pytest.raises(KeyError):
        OptionGraph(OPTIONS, RELATIONS).upstream("zz")


def test_duplicate_option_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        OptionGraph([*opts("a"), *opts("a")], [])


def test_most_depended_on_ranks_by_transitive_needers_then_id() -> None:
    found = codes(analyse(OPTIONS, RELATIONS), MOST_DEPENDED_ON)
    # a, b and c each are needed by the other two and by d and h: a tie broken by id.
    assert [f.element_ids for f in found] == [("a",), ("b",), ("c",)]
    assert found[0].message == '"Title A": 4 options need it, directly or through others.'
    assert all(f.severity == Severity.INFO for f in found)


def test_most_depended_on_skips_options_nothing_needs() -> None:
    graph = OptionGraph(opts(*"abc"), needs("ab"))
    assert graph.most_depended_on() == [("b", 1)]


def test_unconnected_options_ignore_self_loops_and_dangling_relations() -> None:
    relations = [*needs("aa", "ab"), Relation("c", "zz", "needs"), Relation("d", "d", "x")]
    found = codes(analyse(opts(*"abcd"), relations), UNCONNECTED)
    assert [f.element_ids for f in found] == [("c",), ("d",)]
    assert found[0].message == '"Title C" is connected to no other option.'


def test_user_defined_kinds_connect_but_do_not_make_needs() -> None:
    graph = OptionGraph(opts(*"ab"), [Relation("a", "b", "informs")])
    assert graph.unconnected() == []
    assert graph.upstream("a") == set()


def test_findings_come_in_code_order_and_do_not_depend_on_input_order() -> None:
    found = analyse(OPTIONS, RELATIONS)
    order = [CODES.index(f.code) for f in found]
    assert order == sorted(order)
    rng = random.Random(4)
    for _ in range(5):
        options, relations = list(OPTIONS), list(RELATIONS)
        rng.shuffle(options)
        rng.shuffle(relations)
        assert analyse(options, relations) == found


def test_an_untitled_option_is_named_by_its_id() -> None:
    found = analyse([OptionNode("x1", "  "), OptionNode("x2", "B")], [])
    assert found[0].message == "x1 is connected to no other option."


def rotated(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def random_graph(n: int, seed: int) -> tuple[list[OptionNode], list[Relation]]:
    rng = random.Random(seed)
    ids = [f"o{i:03d}" for i in range(n)]
    relations = [Relation(rng.choice(ids), rng.choice(ids)) for _ in range(2 * n)]
    return opts(*ids), relations


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 40), st.integers(0, 10_000))
def test_reachability_and_counts_agree_with_networkx(n: int, seed: int) -> None:
    options, relations = random_graph(n, seed)
    graph = OptionGraph(options, relations)
    reference = nx.DiGraph()
    reference.add_nodes_from(o.id for o in options)
    reference.add_edges_from((r.source, r.target) for r in relations)
    for option in options:
        ancestors = nx.ancestors(reference, option.id)
        assert graph.stranded_if_dropped(option.id) == ancestors
        assert graph.downstream(option.id) == ancestors
        assert graph.upstream(option.id) == nx.descendants(reference, option.id)
        assert graph.dependant_counts[option.id] == len(ancestors)
    cycles = graph.cycles(limit=1000)
    if cycles.complete:
        expected = {rotated(c) for c in nx.simple_cycles(reference)}
        assert set(cycles.listed) == expected
        assert len(cycles.listed) == len(expected)


def test_two_thousand_options_are_analysed_in_well_under_a_second_or_two() -> None:
    options, relations = random_graph(2000, 7)
    started = time.perf_counter()
    found = analyse(options, relations)
    assert time.perf_counter() - started < 2
    assert codes(found, NEEDS_CYCLES_CAPPED)


def test_importing_the_module_does_not_import_networkx() -> None:
    code = "import sys, okrdesk.models.options; assert 'networkx' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
