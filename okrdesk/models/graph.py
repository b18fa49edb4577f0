"""networkx projections of a strategy and the questions later views ask of them.

`strategy_graph` needs networkx, and it imports it when called: importing this module costs
nothing, so the app's start-up never pays for networkx before its window shows. The helpers
(`correlated`, `correlation_adjacency`, `reachable_from_true_north`, `orphans_by_section`)
accept either a Snapshot or a graph built by `strategy_graph`; given a Snapshot they work from
plain dict/set indexes and never import networkx.

Correlations are undirected in meaning (the file stores each one once, pointing from the arm
filled in later to the earlier one), so every helper here reads them in both directions.

The outcomes are the options of the option maps: `option_graph` projects them and their
relationships into an `okrdesk.models.options.OptionGraph` (upstream, downstream, stranding,
cycles...). `option_findings` is what the graph says that needs acting on (needs cycles,
unconnected outcomes); `rules.check` reports it, so the health panel and ``okrdesk check`` do.
`option_insights` is what it says that is no problem in itself (conflicts drawn, the options
most depended on), for the analysis panel. `option_findings` runs after every edit (through
`check`): it is linear and imports networkx only when "needs" has a cycle, to list the cycles.

`alignment_graph` is the OKR side: objectives and what they align to (strategies, aspirations,
other objectives). The operations and the JSON import refuse alignments in a circle, so it is
a DAG; `objectives_serving` reads it for the scoreboard ("which objectives serve this
strategy", directly or through other objectives).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from okrdesk.models.kinds import TASTE_SECTIONS, ElementKind, LinkKind, is_relationship
from okrdesk.models.options import (
    CONFLICT,
    MAX_CYCLES,
    MOST_DEPENDED_ON,
    NEEDS_CYCLE,
    NEEDS_CYCLES_CAPPED,
    TOP_DEPENDED_ON,
    UNCONNECTED,
    OptionGraph,
    OptionNode,
    Relation,
)
from okrdesk.models.rules import Finding, Severity
from okrdesk.models.snapshot import Snapshot

if TYPE_CHECKING:  # networkx ships no stubs: for mypy these names are Any
    import networkx as nx

    SnapshotOrGraph: TypeAlias = Snapshot | nx.MultiDiGraph
else:
    SnapshotOrGraph: TypeAlias = Any

CORRELATION = LinkKind.CORRELATION.value

# The four arms of the X-Matrix, in section order: the sections whose items can be orphans.
ARMS: tuple[ElementKind, ...] = tuple(k for k in TASTE_SECTIONS if k != ElementKind.TRUE_NORTH)


def strategy_graph(snapshot: Snapshot) -> nx.MultiDiGraph:
    """The strategy as a typed multi-digraph.

    Nodes are element ids with attributes ``kind`` (ElementKind), ``title`` and ``position``.
    Edges are links, source -> target as stored, keyed by the link kind (``"correlation"``...)
    with attributes ``id`` and ``strength`` (a Strength, or None). Links whose ends are not
    elements of the snapshot are left out, so every node carries its attributes.
    """
    import networkx as nx  # lazily: see the module docstring

    graph = nx.MultiDiGraph(title=snapshot.title)
    for element in snapshot.elements:
        graph.add_node(
            element.id, kind=element.kind, title=element.title, position=element.position
        )
    for link in snapshot.links:
        if link.source in graph and link.target in graph:
            graph.add_edge(
                link.source, link.target, key=link.kind, id=link.id, strength=link.strength
            )
    return graph


@dataclass(frozen=True)
class _Facts:
    """What the helpers need, read from either a Snapshot or a graph."""

    kinds: dict[str, ElementKind]
    positions: dict[str, int]
    adjacency: dict[str, set[str]]  # correlations, both directions


def _facts(source: SnapshotOrGraph) -> _Facts:
    if isinstance(source, Snapshot):
        kinds = {e.id: e.kind for e in source.elements}
        positions = {e.id: e.position for e in source.elements}
        ends: Iterable[tuple[str, str]] = (
            (link.source, link.target) for link in source.links if link.kind == CORRELATION
        )
    else:
        kinds = {n: data["kind"] for n, data in source.nodes(data=True)}
        positions = {n: data.get("position", 0) for n, data in source.nodes(data=True)}
        ends = ((u, v) for u, v, key in source.edges(keys=True) if key == CORRELATION)
    adjacency: dict[str, set[str]] = {element_id: set() for element_id in kinds}
    for a, b in ends:
        if a in adjacency and b in adjacency and a != b:
            adjacency[a].add(b)
            adjacency[b].add(a)
    return _Facts(kinds, positions, adjacency)


def correlation_adjacency(source: SnapshotOrGraph) -> dict[str, set[str]]:
    """{element id: ids it correlates with, either direction} for every element."""
    return _facts(source).adjacency


def correlated(source: SnapshotOrGraph, element_id: str) -> set[str]:
    """Ids of the elements correlated with `element_id`, either direction (empty if unknown)."""
    if isinstance(source, Snapshot):
        known = source.element(element_id) is not None
        found: set[str] = set()
        for link in source.links:
            if link.kind != CORRELATION:
                continue
            if link.source == element_id:
                found.add(link.target)
            elif link.target == element_id:
                found.add(link.source)
        return {n for n in found if source.element(n) is not None} if known else set()
    if element_id not in source:
        return set()
    out = {v for v, keys in source.succ[element_id].items() if CORRELATION in keys}
    into = {u for u, keys in source.pred[element_id].items() if CORRELATION in keys}
    return (out | into) - {element_id}


def reachable_from_true_north(source: SnapshotOrGraph) -> set[str]:
    """Ids of the elements connected to the True North, the True North included.

    The True North counts as joined to every aspiration; from there the walk follows
    correlations in either direction (aspiration -> strategy/evidence -> tactic, and back
    through any corner). Without a True North nothing is connected: the result is empty.
    """
    facts = _facts(source)
    roots = [n for n, kind in facts.kinds.items() if kind == ElementKind.TRUE_NORTH]
    if not roots:
        return set()
    roots += [n for n, kind in facts.kinds.items() if kind == ElementKind.ASPIRATION]
    seen = set(roots)
    queue = deque(roots)
    while queue:
        for neighbour in facts.adjacency[queue.popleft()]:
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen


def orphans_by_section(source: SnapshotOrGraph) -> dict[ElementKind, list[str]]:
    """Per X-Matrix arm, the ids of items with no correlation at all, in section order.

    These are the empty rows and columns of the X-Matrix. Every arm (aspiration, strategy,
    evidence, tactic, in that order) is a key, with an empty list when it has no orphan. The
    True North is never an orphan (it is joined to every aspiration by construction). An item
    may have correlations and still not reach the True North: `reachable_from_true_north`
    answers that question.
    """
    facts = _facts(source)
    found: dict[ElementKind, list[str]] = {kind: [] for kind in ARMS}
    for element_id, kind in facts.kinds.items():
        if kind in found and not facts.adjacency[element_id]:
            found[kind].append(element_id)
    for ids in found.values():
        ids.sort(key=lambda n: (facts.positions[n], n))
    return found


# -- the option graph -----------------------------------------------------------------------

# Option findings `check` reports: problems in the map a coach should act on.
OPTION_CHECK_CODES: tuple[str, ...] = (NEEDS_CYCLE, NEEDS_CYCLES_CAPPED, UNCONNECTED)
# What the graph says that is no problem in itself, for the analysis panel only: a conflict
# the group drew is a trade-off it recorded, and "most depended on" is a fact about any map.
OPTION_INSIGHT_CODES: tuple[str, ...] = (CONFLICT, MOST_DEPENDED_ON)


def option_graph(snapshot: Snapshot) -> OptionGraph:
    """The outcomes of `snapshot` as an option graph: one node per outcome (its title), one
    relation per link of kind needs, enables, conflicts or a user-defined kind between two
    outcomes. FOTO provenance (flipped_from, follows) and correlations are left out.
    Linear in the size of the snapshot; no networkx."""
    return OptionGraph(
        (OptionNode(e.id, e.title) for e in snapshot.elements if e.kind == ElementKind.OUTCOME),
        (
            Relation(link.source, link.target, link.kind)
            for link in snapshot.links
            if is_relationship(link.kind)
        ),
    )


def _needs_acyclic(graph: OptionGraph) -> bool:
    """True when "needs" has no cycle (a self-need counts as one): Kahn's algorithm, O(n+m)."""
    waiting = {n: len(graph.needed_by[n]) for n in graph.ids}
    ready = [n for n, count in waiting.items() if count == 0]
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for needed in graph.needs[node]:
            waiting[needed] -= 1
            if waiting[needed] == 0:
                ready.append(needed)
    return done == len(waiting)


def option_findings(
    snapshot: Snapshot, *, graph: OptionGraph | None = None, limit: int = MAX_CYCLES
) -> list[Finding]:
    """The option-map problems `rules.check` reports, after the TASTE findings: needs cycles
    (warning; at most `limit` listed, then one needs-cycles-capped warning naming every option
    on a cycle) and outcomes related to no other outcome (info, in outcome order).

    Empty, at no cost, when the snapshot has no outcomes. Otherwise linear in outcomes and
    relations; only when "needs" has a cycle is networkx loaded to list the (capped) cycles.
    Messages are those of `options.analyse`. Pass `graph` (from `option_graph`) to reuse one.
    """
    outcomes = snapshot.of_kind(ElementKind.OUTCOME)
    if not outcomes:
        return []
    graph = option_graph(snapshot) if graph is None else graph
    cycles = [] if _needs_acyclic(graph) else graph.cycle_findings(limit)
    return [*cycles, *graph.unconnected_findings([o.id for o in outcomes])]


def option_insights(
    snapshot: Snapshot, *, graph: OptionGraph | None = None, top: int = TOP_DEPENDED_ON
) -> list[Finding]:
    """What the option graph says that `rules.check` leaves out, for the analysis panel, all
    info: each conflicting pair (smaller id first, pairs in id order), then the `top` options
    most others need, directly or through others (most first, ties by id). Messages are those
    of `options.analyse`. Empty when the snapshot has no outcomes."""
    if graph is None:
        if not any(e.kind == ElementKind.OUTCOME for e in snapshot.elements):
            return []
        graph = option_graph(snapshot)
    return [*graph.conflict_findings(Severity.INFO), *graph.depended_on_findings(top)]


# -- the alignment graph --------------------------------------------------------------------

OBJECTIVE = "objective"  # the `kind` of an objective's node in the alignment graph


def alignment_graph(snapshot: Snapshot) -> nx.DiGraph:
    """Objectives and what they align to, as a DiGraph: an edge objective → parent for every
    alignment. Nodes are objectives (``kind`` "objective") and the strategies and aspirations
    some objective aligns to (``kind`` their ElementKind), each with ``title`` and
    ``position``. Alignments to ids the snapshot does not hold are left out."""
    import networkx as nx  # lazily: see the module docstring

    graph = nx.DiGraph(title=snapshot.title)
    for objective in snapshot.objectives:
        graph.add_node(objective.id, kind=OBJECTIVE, title=objective.title,
                       position=objective.position)
    for objective in snapshot.objectives:
        for parent in objective.aligns_to:
            element = snapshot.element(parent)
            if element is not None:
                graph.add_node(parent, kind=element.kind, title=element.title,
                               position=element.position)
            if parent in graph:
                graph.add_edge(objective.id, parent)
    return graph


def objectives_serving(snapshot: Snapshot) -> dict[str, list[str]]:
    """{strategy or aspiration id: ids of the objectives that serve it, directly or through
    other objectives, in objective order} for every strategy and aspiration of the snapshot
    (an empty list for those no objective serves)."""
    import networkx as nx

    graph = alignment_graph(snapshot)
    order = {o.id: o.position for o in snapshot.objectives}
    served: dict[str, list[str]] = {}
    for kind in (ElementKind.ASPIRATION, ElementKind.STRATEGY):
        for element in snapshot.of_kind(kind):
            found = nx.ancestors(graph, element.id) if element.id in graph else set()
            served[element.id] = sorted(found, key=lambda o: (order.get(o, 0), o))
    return served
