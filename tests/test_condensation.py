"""The plain-Python strongly connected components (strong_components.py) that let the Maps tab
analyse a map without importing networkx: the same components as networkx on random graphs,
in an order that respects the graph, and the same "most depended on" counts."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.models.options import OptionGraph, OptionNode, Relation
from okrdesk.models.strong_components import strongly_connected_components

Edges = list[tuple[int, int]]


@st.composite
def digraphs(draw: st.DrawFn) -> tuple[int, Edges]:
    """A directed graph on nodes 0..n-1: sparse or dense, with cycles and self-loops."""
    n = draw(st.integers(min_value=0, max_value=25))
    if n == 0:
        return 0, []
    node = st.integers(min_value=0, max_value=n - 1)
    return n, draw(st.lists(st.tuples(node, node), max_size=n * 4))


def _successors(n: int, edges: Edges) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {i: set() for i in range(n)}
    for a, b in edges:
        out[a].add(b)
    return out


@settings(max_examples=300, deadline=None)
@given(digraphs())
def test_components_are_networkx_components_in_reverse_topological_order(
    graph: tuple[int, Edges],
) -> None:
    n, edges = graph
    found = strongly_connected_components(range(n), _successors(n, edges))
    reference = nx.DiGraph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from(edges)

    assert sorted(map(sorted, found)) == sorted(
        map(sorted, nx.strongly_connected_components(reference))
    )
    place = {node: i for i, component in enumerate(found) for node in component}
    for a, b in edges:  # a component comes after every component it reaches
        assert place[a] >= place[b]


@settings(max_examples=300, deadline=None)
@given(digraphs(), st.lists(st.sampled_from(["needs", "enables", "conflicts"]), max_size=100))
def test_dependant_counts_are_how_many_options_reach_each_one_through_needs(
    graph: tuple[int, Edges], kinds: list[str]
) -> None:
    n, edges = graph
    options = [OptionNode(f"o{i:02d}", f"Option {i}") for i in range(n)]
    relations = [
        Relation(f"o{a:02d}", f"o{b:02d}", kinds[k] if k < len(kinds) else "needs")
        for k, (a, b) in enumerate(edges)
    ]
    option_graph = OptionGraph(options, relations)
    needs = option_graph.needs_digraph()

    assert option_graph.dependant_counts == {
        option.id: len(nx.ancestors(needs, option.id)) for option in options
    }


def test_a_chain_of_thousands_of_needs_is_analysed_without_hitting_the_recursion_limit() -> None:
    length = sys.getrecursionlimit() * 3
    options = [OptionNode(f"o{i:05d}") for i in range(length)]
    chain = [Relation(f"o{i:05d}", f"o{i + 1:05d}") for i in range(length - 1)]
    loop = [*chain, Relation(options[-1].id, options[0].id)]  # and then one big cycle

    assert OptionGraph(options, chain).most_depended_on(1) == [(options[-1].id, length - 1)]
    assert OptionGraph(options, loop).dependant_counts[options[0].id] == length - 1


def test_the_maps_analysis_of_a_map_with_a_cycle_no_longer_imports_networkx() -> None:
    code = (
        "import sys\n"
        "from okrdesk.models.options import OptionGraph, OptionNode, Relation\n"
        "g = OptionGraph([OptionNode(i) for i in 'abc'],"
        " [Relation('a', 'b'), Relation('b', 'a'), Relation('c', 'a')])\n"
        "print(g.most_depended_on(), 'networkx' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[('a', 2), ('b', 2)] False"
