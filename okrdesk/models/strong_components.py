"""Strongly connected components of a directed graph: Tarjan's algorithm without recursion.

Plain Python on the adjacency sets the option graph already keeps, so the Maps tab's analysis
needs no networkx (whose import cost more than the whole analysis of a real map), and an
explicit stack instead of recursion, so a chain of many thousand "needs" cannot overflow
Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TypeVar

_N = TypeVar("_N", bound=Hashable)


def strongly_connected_components(
    nodes: Iterable[_N], successors: Mapping[_N, Iterable[_N]]
) -> list[tuple[_N, ...]]:
    """The strongly connected components of the graph with these nodes and edges
    (node → each of `successors[node]`; a node missing from `successors` has none).

    Components come in reverse topological order: each after every component it reaches, so
    reading the list backwards visits a component before all it leads to. O(nodes + edges).
    """
    index: dict[_N, int] = {}  # the order nodes were first reached in
    low: dict[_N, int] = {}  # the smallest index reachable through the node's search subtree
    on_stack: set[_N] = set()
    stack: list[_N] = []  # reached nodes whose component is not complete yet
    found: list[tuple[_N, ...]] = []

    def reach(node: _N) -> tuple[_N, Iterator[_N]]:
        """Number a newly reached node and stack it; its edges are still to follow."""
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, iter(successors.get(node, ()))

    for root in nodes:
        if root in index:
            continue
        path = [reach(root)]  # the search path: each node with its edges not yet followed
        while path:
            node, edges = path[-1]
            for nxt in edges:
                if nxt not in index:
                    path.append(reach(nxt))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:  # every edge of `node` followed: it is done
                path.pop()
                if path:
                    parent = path[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:  # `node` is the first reached of its component
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(tuple(component))
    return found
