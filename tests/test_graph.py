"""The networkx projection of a strategy and the graph helpers, from snapshots and graphs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

import networkx as nx
import pytest

from okrdesk.models.graph import (
    ARMS,
    correlated,
    correlation_adjacency,
    orphans_by_section,
    reachable_from_true_north,
    strategy_graph,
)
from okrdesk.models.kinds import ElementKind, Strength
from okrdesk.models.snapshot import ElementData, LinkData, Snapshot

TN, ASP, STR, TAC, EVI = (
    ElementKind.TRUE_NORTH,
    ElementKind.ASPIRATION,
    ElementKind.STRATEGY,
    ElementKind.TACTIC,
    ElementKind.EVIDENCE,
)
KIND_OF_PREFIX = {"tn": TN, "a": ASP, "s": STR, "t": TAC, "e": EVI}


def el(element_id: str, position: int | None = None) -> ElementData:
    prefix = element_id.rstrip("0123456789")
    number = element_id[len(prefix) :]
    if position is None:
        position = int(number) - 1 if number else 0
    return ElementData(element_id, KIND_OF_PREFIX[prefix], f"Title {element_id}", position=position)


def corr(a: str, b: str, strength: Strength | None = Strength.STRONG) -> LinkData:
    return LinkData(f"{a}-{b}", a, b, "correlation", strength)


def snap(ids: Iterable[str], links: Iterable[LinkData] = ()) -> Snapshot:
    return Snapshot("Graph test", tuple(el(i) for i in ids), tuple(links))


# tn; a1 <- s1 <- t1 -> e1 -> a1 ; a2 served by s2 only; s3 and t3 joined only to each other;
# e2 alone; a3 alone.
SAMPLE = snap(
    ["tn", "a1", "a2", "a3", "s1", "s2", "s3", "e1", "e2", "t1", "t3"],
    [
        corr("s1", "a1"),
        corr("t1", "s1", Strength.WEAK),
        corr("t1", "e1", Strength.MEDIUM),
        corr("e1", "a1"),
        corr("s2", "a2"),
        corr("t3", "s3"),
        LinkData("n1", "e2", "a3", "needs"),  # not a correlation
    ],
)


@pytest.fixture(params=["snapshot", "graph"])
def source(request: pytest.FixtureRequest) -> Snapshot | nx.MultiDiGraph:
    return SAMPLE if request.param == "snapshot" else strategy_graph(SAMPLE)


# -- strategy_graph -------------------------------------------------------------------------


def test_graph_nodes_carry_kind_title_position() -> None:
    graph = strategy_graph(SAMPLE)
    assert isinstance(graph, nx.MultiDiGraph)
    assert set(graph.nodes) == {e.id for e in SAMPLE.elements}
    assert graph.nodes["s2"] == {"kind": STR, "title": "Title s2", "position": 1}
    assert graph.graph["title"] == "Graph test"


def test_graph_edges_are_links_keyed_by_kind() -> None:
    graph = strategy_graph(SAMPLE)
    assert graph.number_of_edges() == len(SAMPLE.links)
    assert graph.has_edge("t1", "e1", key="correlation")
    assert not graph.has_edge("e1", "t1")  # stored direction kept
    assert graph.edges["t1", "e1", "correlation"] == {"id": "t1-e1", "strength": Strength.MEDIUM}
    assert graph.edges["e2", "a3", "needs"] == {"id": "n1", "strength": None}


def test_graph_keeps_parallel_links_of_different_kinds() -> None:
    links = [corr("t1", "s1"), LinkData("x", "t1", "s1", "needs")]
    graph = strategy_graph(snap(["t1", "s1"], links))
    assert set(graph["t1"]["s1"]) == {"correlation", "needs"}


def test_graph_leaves_out_dangling_links() -> None:
    graph = strategy_graph(snap(["a1", "s1"], [corr("s1", "a1"), corr("ghost", "a1")]))
    assert set(graph.nodes) == {"a1", "s1"}
    assert graph.number_of_edges() == 1


def test_empty_graph() -> None:
    graph = strategy_graph(Snapshot("Empty"))
    assert graph.number_of_nodes() == 0
    assert reachable_from_true_north(graph) == set()
    assert orphans_by_section(graph) == {kind: [] for kind in ARMS}


def test_importing_the_model_does_not_import_networkx() -> None:
    code = (
        "import sys, okrdesk.models.graph, okrdesk.models.rules;"
        "from okrdesk.models.graph import correlated, reachable_from_true_north;"
        "from okrdesk.models.snapshot import Snapshot;"
        "from okrdesk.models.rules import check;"
        "s = Snapshot('x'); check(s); reachable_from_true_north(s); correlated(s, 'a');"
        "assert 'networkx' not in sys.modules, 'networkx imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- correlated -----------------------------------------------------------------------------


def test_correlated_reads_both_directions(source: Snapshot | nx.MultiDiGraph) -> None:
    assert correlated(source, "t1") == {"s1", "e1"}
    assert correlated(source, "a1") == {"s1", "e1"}
    assert correlated(source, "s1") == {"a1", "t1"}
    assert correlated(source, "e1") == {"t1", "a1"}


def test_correlated_ignores_other_link_kinds(source: Snapshot | nx.MultiDiGraph) -> None:
    assert correlated(source, "e2") == set()
    assert correlated(source, "a3") == set()


def test_correlated_with_unknown_id_is_empty(source: Snapshot | nx.MultiDiGraph) -> None:
    assert correlated(source, "nope") == set()


def test_correlated_skips_dangling_ends() -> None:
    dangling = snap(["a1", "s1"], [corr("s1", "a1"), corr("ghost", "a1")])
    assert correlated(dangling, "a1") == {"s1"}
    assert correlated(strategy_graph(dangling), "a1") == {"s1"}


def test_adjacency_agrees_with_correlated(source: Snapshot | nx.MultiDiGraph) -> None:
    adjacency = correlation_adjacency(source)
    assert set(adjacency) == {e.id for e in SAMPLE.elements}
    for element in SAMPLE.elements:
        assert adjacency[element.id] == correlated(source, element.id)


# -- reachable_from_true_north --------------------------------------------------------------


def test_reachable_from_true_north(source: Snapshot | nx.MultiDiGraph) -> None:
    # Every aspiration counts as joined to the True North, linked or not; s3/t3 and e2 are
    # islands (e2's only link is not a correlation).
    assert reachable_from_true_north(source) == {"tn", "a1", "a2", "a3", "s1", "s2", "e1", "t1"}


def test_reachable_walks_back_through_tactics() -> None:
    # s2 serves no aspiration, but its tactic t1 also carries s1, which does.
    snapshot = snap(
        ["tn", "a1", "s1", "s2", "t1"], [corr("s1", "a1"), corr("t1", "s1"), corr("t1", "s2")]
    )
    assert reachable_from_true_north(snapshot) == {"tn", "a1", "s1", "s2", "t1"}
    assert reachable_from_true_north(strategy_graph(snapshot)) == {"tn", "a1", "s1", "s2", "t1"}


def test_nothing_is_reachable_without_a_true_north() -> None:
    snapshot = snap(["a1", "s1"], [corr("s1", "a1")])
    assert reachable_from_true_north(snapshot) == set()
    assert reachable_from_true_north(strategy_graph(snapshot)) == set()


def test_true_north_alone() -> None:
    assert reachable_from_true_north(snap(["tn"])) == {"tn"}


# -- orphans_by_section ---------------------------------------------------------------------


def test_orphans_by_section(source: Snapshot | nx.MultiDiGraph) -> None:
    orphans = orphans_by_section(source)
    assert list(orphans) == [ASP, STR, EVI, TAC]
    assert orphans == {ASP: ["a3"], STR: [], EVI: ["e2"], TAC: []}


def test_orphans_follow_positions() -> None:
    elements = (
        ElementData("tn", TN, "North"),
        ElementData("x", STR, "Third", position=2),
        ElementData("y", STR, "First", position=0),
        ElementData("z", STR, "Second", position=1),
    )
    snapshot = Snapshot("Order", elements)
    assert orphans_by_section(snapshot)[STR] == ["y", "z", "x"]
    assert orphans_by_section(strategy_graph(snapshot))[STR] == ["y", "z", "x"]


def test_true_north_is_never_an_orphan() -> None:
    orphans = orphans_by_section(snap(["tn"]))
    assert TN not in orphans
    assert all(ids == [] for ids in orphans.values())


def test_helpers_scale_to_ten_thousand_elements() -> None:
    ids = ["tn"] + [f"{p}{i}" for i in range(1, 2501) for p in ("a", "s", "e", "t")]
    links = [corr(f"s{i}", f"a{i}") for i in range(1, 2501)]
    links += [corr(f"t{i}", f"s{i}") for i in range(1, 2501)]
    links += [corr(f"t{i}", f"e{i}") for i in range(1, 2501, 2)]
    snapshot = snap(ids, links)
    reachable = reachable_from_true_north(snapshot)
    assert len(reachable) == len(ids) - 1250  # the even-numbered evidence is unlinked
    orphans = orphans_by_section(snapshot)
    assert orphans[EVI] == [f"e{i}" for i in range(2, 2501, 2)]
    assert reachable_from_true_north(strategy_graph(snapshot)) == reachable
