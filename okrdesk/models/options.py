"""Option graphs (Option Relationship Mapping) and what they say: findings as data.

An option graph is plain data: `OptionNode`s (id, title) and `Relation`s (source id, target id,
kind). "A needs B" is the directed edge A → B; "enables" reads the same way ("A enables B");
"conflicts" is symmetrical; any other kind string is a user-defined kind. Relations whose ends
are not options, and relations of an option to itself other than "needs", are ignored.

`OptionGraph` indexes the data once and answers the questions the analysis panel asks:
`upstream` (what an option needs, transitively), `downstream` (what needs it, transitively),
`stranded_if_dropped` (the same set: each of those options loses a need), the needs cycles,
conflicting pairs, how many options depend on each option, and the unconnected options.
`analyse` turns those answers into `Finding`s (the records the health panel and ``okrdesk
check`` already read), in a stable order: codes in `CODES` order, then by ids.

networkx is imported only inside the functions that use it (listing needs cycles), so
importing this module costs nothing at start-up; the dependant counts the Maps tab shows on
opening a file use the plain-Python strongly connected components of strong_components.py.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING

from okrdesk.models.rules import Finding, Severity
from okrdesk.models.strong_components import strongly_connected_components

if TYPE_CHECKING:  # networkx ships no stubs: for mypy its names are Any
    import networkx as nx

NEEDS = "needs"
ENABLES = "enables"
CONFLICTS = "conflicts"

NEEDS_CYCLE = "needs-cycle"
NEEDS_CYCLES_CAPPED = "needs-cycles-capped"
CONFLICT = "conflict"
MOST_DEPENDED_ON = "most-depended-on"
UNCONNECTED = "unconnected"
CODES: tuple[str, ...] = (NEEDS_CYCLE, NEEDS_CYCLES_CAPPED, CONFLICT, MOST_DEPENDED_ON, UNCONNECTED)

MAX_CYCLES = 20  # needs cycles listed at most (a dense graph has exponentially many)
TOP_DEPENDED_ON = 3  # options reported as most depended on
_SHORTEST_SEARCHES = 10  # BFS attempts per listed cycle when there are too many to list all


@dataclass(frozen=True)
class OptionNode:
    id: str
    title: str = ""


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    kind: str = NEEDS


@dataclass(frozen=True)
class Cycles:
    """Needs cycles, each an elementary cycle starting at its smallest id, listed once.

    `complete` is False when there were more than the cap: then `listed` holds short cycles
    (a shortest cycle through each option, in id order, until the cap) and `involved` every
    option that lies on some cycle."""

    listed: tuple[tuple[str, ...], ...]
    complete: bool
    involved: tuple[str, ...]


def _rotate(cycle: Sequence[str]) -> tuple[str, ...]:
    start = min(range(len(cycle)), key=lambda i: cycle[i])
    return tuple(cycle[start:]) + tuple(cycle[:start])


class OptionGraph:
    """An option graph indexed once; every answer is a fresh set or list of ids."""

    def __init__(self, options: Iterable[OptionNode], relations: Iterable[Relation]) -> None:
        self.titles: dict[str, str] = {}
        for option in options:
            if option.id in self.titles:
                raise ValueError(f"duplicate option id {option.id!r}")
            self.titles[option.id] = option.title
        self.ids: tuple[str, ...] = tuple(sorted(self.titles))
        self.relations: tuple[Relation, ...] = tuple(
            r
            for r in relations
            if r.source in self.titles
            and r.target in self.titles
            and (r.source != r.target or r.kind == NEEDS)
        )
        self.needs: dict[str, set[str]] = {i: set() for i in self.ids}  # A → what A needs
        self.needed_by: dict[str, set[str]] = {i: set() for i in self.ids}
        self.enables: dict[str, set[str]] = {i: set() for i in self.ids}
        self.enabled_by: dict[str, set[str]] = {i: set() for i in self.ids}
        for r in self.relations:
            if r.kind == NEEDS:
                self.needs[r.source].add(r.target)
                self.needed_by[r.target].add(r.source)
            elif r.kind == ENABLES:
                self.enables[r.source].add(r.target)
                self.enabled_by[r.target].add(r.source)

    def name(self, option_id: str) -> str:
        """The option's title in quotes, for messages (its id when it has no title)."""
        title = " ".join(self.titles.get(option_id, "").split())
        return f'"{title}"' if title else option_id

    def _reach(self, start: str, *steps: dict[str, set[str]]) -> set[str]:
        if start not in self.titles:
            raise KeyError(start)
        seen: set[str] = set()
        todo = deque([start])
        while todo:
            node = todo.popleft()
            for step in steps:
                for nxt in step[node]:
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
        seen.discard(start)
        return seen

    def upstream(self, option_id: str, *, enables: bool = False) -> set[str]:
        """What the option needs, transitively (with `enables`, also what enables it)."""
        if enables:
            return self._reach(option_id, self.needs, self.enabled_by)
        return self._reach(option_id, self.needs)

    def downstream(self, option_id: str, *, enables: bool = False) -> set[str]:
        """What needs the option, transitively (with `enables`, also what it enables)."""
        if enables:
            return self._reach(option_id, self.needed_by, self.enables)
        return self._reach(option_id, self.needed_by)

    def stranded_if_dropped(self, option_id: str) -> set[str]:
        """Every option that transitively needs this one: dropping it, each loses a need."""
        return self._reach(option_id, self.needed_by)

    def needs_digraph(self) -> nx.DiGraph:
        """The "needs" relation as a networkx DiGraph (nodes and edges inserted in id order)."""
        import networkx as nx  # lazily: see the module docstring

        graph = nx.DiGraph()
        graph.add_nodes_from(self.ids)
        graph.add_edges_from((a, b) for a in self.ids for b in sorted(self.needs[a]))
        return graph

    def cycles(self, limit: int = MAX_CYCLES) -> Cycles:
        """The needs cycles: all of them when there are at most `limit`, else `limit` short
        ones (see `Cycles`). Bounded in time however dense the graph."""
        import networkx as nx

        graph = self.needs_digraph()
        found = [_rotate(c) for c in islice(nx.simple_cycles(graph), limit + 1)]
        if len(found) <= limit:
            listed = sorted(found, key=lambda c: (len(c), c))
            involved = sorted({n for c in listed for n in c})
            return Cycles(tuple(listed), True, tuple(involved))
        on_cycle = sorted(
            n
            for component in strongly_connected_components(self.ids, self.needs)
            for n in component
            if len(component) > 1 or n in self.needs[n]
        )
        short: set[tuple[str, ...]] = set()
        for node in on_cycle[: limit * _SHORTEST_SEARCHES]:
            short.add(self._shortest_cycle(node))
            if len(short) >= limit:
                break
        listed = sorted(short, key=lambda c: (len(c), c))
        return Cycles(tuple(listed), False, tuple(on_cycle))

    def _shortest_cycle(self, start: str) -> tuple[str, ...]:
        """A shortest needs cycle through `start` (which lies on one), by BFS in id order."""
        parent: dict[str, str] = {}
        todo = deque([start])
        while todo:
            node = todo.popleft()
            for nxt in sorted(self.needs[node]):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return _rotate(path[::-1])
                if nxt not in parent:
                    parent[nxt] = node
                    todo.append(nxt)
        raise ValueError(f"{start!r} is on no needs cycle")

    def conflicts(self) -> list[tuple[str, str]]:
        """Conflicting pairs, each once as (smaller id, larger id), sorted."""
        pairs = {
            (min(r.source, r.target), max(r.source, r.target))
            for r in self.relations
            if r.kind == CONFLICTS
        }
        return sorted(pairs)

    @cached_property
    def dependant_counts(self) -> dict[str, int]:
        """For each option, how many other options transitively need it.

        Computed once over the strongly connected components (cycles collapsed), with one
        bitset per component of the options that reach it, so it stays fast for thousands of
        options."""
        components = strongly_connected_components(self.ids, self.needs)
        component_of = {n: c for c, group in enumerate(components) for n in group}
        bit = {n: 1 << i for i, n in enumerate(self.ids)}
        members = [sum(bit[n] for n in group) for group in components]
        reached_from = [0] * len(components)  # options outside the component that reach it
        counts: dict[str, int] = {}
        # Backwards: every component before the components it needs, so what reaches a
        # component is known before the components it reaches ask for it.
        for c in reversed(range(len(components))):
            group = components[c]
            mask = 0
            for n in group:
                for needer in self.needed_by[n]:
                    other = component_of[needer]
                    if other != c:
                        mask |= reached_from[other] | members[other]
            reached_from[c] = mask
            cyclic = len(group) > 1 or group[0] in self.needs[group[0]]
            count = (mask | members[c]).bit_count() - 1 if cyclic else mask.bit_count()
            for n in group:
                counts[n] = count
        return counts

    def most_depended_on(self, top: int = TOP_DEPENDED_ON) -> list[tuple[str, int]]:
        """The `top` options most others need (transitively), with their counts; ties by id.
        Options nothing needs are never listed."""
        ranked = sorted(
            ((n, k) for n, k in self.dependant_counts.items() if k > 0),
            key=lambda item: (-item[1], item[0]),
        )
        return ranked[:top]

    def unconnected(self) -> list[str]:
        """Options with no relation of any kind to another option, in id order."""
        touched = {
            end for r in self.relations if r.source != r.target for end in (r.source, r.target)
        }
        return [n for n in self.ids if n not in touched]

    def cycle_findings(self, limit: int = MAX_CYCLES) -> list[Finding]:
        """Each needs cycle (warning), at most `limit`, then one capped-warning if more."""
        out: list[Finding] = []
        cycles = self.cycles(limit)
        for cycle in cycles.listed:
            path = " needs ".join(self.name(n) for n in (*cycle, cycle[0]))
            out.append(Finding(NEEDS_CYCLE, Severity.WARNING, f"Needs cycle: {path}.", cycle))
        if not cycles.complete:
            out.append(
                Finding(
                    NEEDS_CYCLES_CAPPED,
                    Severity.WARNING,
                    f"More than {limit} needs cycles: only {len(cycles.listed)} short ones are "
                    f"listed; {len(cycles.involved)} options lie on a cycle.",
                    cycles.involved,
                )
            )
        return out

    def conflict_findings(self, severity: Severity = Severity.WARNING) -> list[Finding]:
        return [
            Finding(CONFLICT, severity, f"{self.name(a)} conflicts with {self.name(b)}.", (a, b))
            for a, b in self.conflicts()
        ]

    def depended_on_findings(self, top: int = TOP_DEPENDED_ON) -> list[Finding]:
        out: list[Finding] = []
        for n, count in self.most_depended_on(top):
            others = "option needs" if count == 1 else "options need"
            message = f"{self.name(n)}: {count} {others} it, directly or through others."
            out.append(Finding(MOST_DEPENDED_ON, Severity.INFO, message, (n,)))
        return out

    def unconnected_findings(self, order: Sequence[str] | None = None) -> list[Finding]:
        """Options related to nothing (info), in `order` (default: id order)."""
        alone = set(self.unconnected())
        return [
            Finding(
                UNCONNECTED, Severity.INFO, f"{self.name(n)} is connected to no other option.", (n,)
            )
            for n in (order if order is not None else self.ids)
            if n in alone
        ]

    def findings(self, limit: int = MAX_CYCLES, top: int = TOP_DEPENDED_ON) -> list[Finding]:
        return [
            *self.cycle_findings(limit),
            *self.conflict_findings(),
            *self.depended_on_findings(top),
            *self.unconnected_findings(),
        ]


def analyse(
    options: Sequence[OptionNode],
    relations: Sequence[Relation],
    *,
    limit: int = MAX_CYCLES,
    top: int = TOP_DEPENDED_ON,
) -> list[Finding]:
    """Everything the option graph says, as findings in a stable order (see the docstring)."""
    return OptionGraph(options, relations).findings(limit, top)
