"""An option map as a plain graph, for the text exports (Graphviz DOT, Mermaid).

The graph says what okrdesk's own map says: the outcomes placed on the map (others are left
off, as on screen and paper), the relationships among them drawn from source to target ("A
needs B" is A → B, arrowhead at B; "conflicts with" has no direction), each kind with the
style and legend label the printed map gives it (`okrdesk.layout.map_cards.resolve_styles`).
FOTO provenance (follows, flipped from) and correlations are not drawn on maps, so not here.

A Plan on a Page groups its outcomes in its columns (time horizons); the Option Relationship
and Option Approach Maps impose no groups. Node keys are safe identifiers made from the
element ids, so they stay the same from one export to the next (small diffs in git).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from okrdesk.export.pages import KIND_NAMES, maps_of_view
from okrdesk.layout.map_cards import EdgeStyle, resolve_styles
from okrdesk.layout.map_views import MAP_AREA, NOT_DRAWN, VIEW_OF_KIND
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import PLAN_HORIZONS, ElementKind, MapKind
from okrdesk.models.snapshot import MapData, Snapshot

MAP_VIEWS = ("orm", "approach", "plan")
DEFAULT_COLUMNS = ("Now", "Next", "Later")
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
# Characters no text format here should carry: controls (but newline and tab), surrogates
# and the two non-characters. A title holding them came from a hostile or broken file.
_KEEP = frozenset("\n\t")


@dataclass(frozen=True)
class GraphNode:
    key: str  # a safe identifier: letters, digits and "_", never starting with a digit
    title: str
    position: tuple[float, float]  # the card's centre on the map, in map points


@dataclass(frozen=True)
class NodeGroup:
    """A Plan on a Page column; the one untitled group (key "") of a map without groups."""

    key: str
    title: str
    nodes: tuple[GraphNode, ...]


@dataclass(frozen=True)
class GraphEdge:
    source: str  # node keys
    target: str
    kind: str


@dataclass(frozen=True)
class MapGraph:
    key: str  # a safe identifier for the map's cluster or subgraph
    title: str
    kind: MapKind
    groups: tuple[NodeGroup, ...]
    edges: tuple[GraphEdge, ...]

    @property
    def grouped(self) -> bool:
        return any(g.title for g in self.groups)

    def nodes(self) -> list[GraphNode]:
        return [n for g in self.groups for n in g.nodes]


@dataclass(frozen=True)
class MapGraphs:
    """The maps of one view: `title` names the whole ("strategy · map", or "strategy ·
    kind of map" for several), `styles` each relation kind drawn."""

    strategy: str
    title: str
    subject: str
    maps: tuple[MapGraph, ...]
    styles: dict[str, EdgeStyle]


def clean_text(text: str) -> str:
    """`text` without characters no export can hold; "\\r\\n" and "\\r" become "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c
        for c in text
        if c in _KEEP or (unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff")
    )


def safe_key(text: str, prefix: str, taken: set[str]) -> str:
    """`prefix` + `text` with every character but ASCII letters, digits and "_" made "_",
    numbered when that key is already `taken` (which it is added to)."""
    base = prefix + _UNSAFE.sub("_", text)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def maps_for_view(snapshot: Snapshot, view: str) -> list[MapData]:
    """The maps `view` names ("orm", "approach", "plan" or KIND:ID), as the PDF export picks
    them; "xmatrix" (the command line's default view) means "orm". Raises OkrdeskError."""
    chosen = "orm" if view == "xmatrix" else view
    if chosen.partition(":")[0] not in MAP_VIEWS:
        raise OkrdeskError(
            f"--view {view}: a map export shows a map; choose orm, approach, plan or KIND:ID"
        )
    return maps_of_view(snapshot, chosen)


def _columns(map_data: MapData) -> list[str]:
    value = map_data.setting("column_labels")
    given = [str(v) for v in value] if isinstance(value, list) else []
    return [given[i] if i < len(given) else DEFAULT_COLUMNS[i] for i in range(PLAN_HORIZONS)]


def map_graph(snapshot: Snapshot, map_data: MapData, key: str, taken: set[str]) -> MapGraph:
    """One map as a graph; node keys start with `key` + "_" and are added to `taken`."""
    placements = snapshot.placements_on(map_data.id)
    outcomes = [e for e in snapshot.of_kind(ElementKind.OUTCOME) if e.id in placements]
    keys = {e.id: safe_key(e.id, f"{key}_", taken) for e in outcomes}
    nodes = {
        e.id: GraphNode(keys[e.id], clean_text(e.title), (placements[e.id].x, placements[e.id].y))
        for e in outcomes
    }
    if map_data.kind == MapKind.PLAN_ON_A_PAGE:
        column: dict[int, list[str]] = {h: [] for h in range(PLAN_HORIZONS)}
        ordered = sorted(outcomes, key=lambda e: (placements[e.id].y, placements[e.id].x, e.id))
        for e in ordered:
            horizon = placements[e.id].horizon or 0
            column[min(max(horizon, 0), PLAN_HORIZONS - 1)].append(e.id)
        groups = tuple(
            NodeGroup(
                safe_key(f"col{h}", f"{key}_", taken),
                clean_text(label),
                tuple(nodes[i] for i in column[h]),
            )
            for h, label in enumerate(_columns(map_data))
        )
    else:
        groups = (NodeGroup("", "", tuple(nodes[e.id] for e in outcomes)),)
    order = {e.id: n for n, e in enumerate(outcomes)}
    found = {
        (link.source, link.target, link.kind)
        for link in snapshot.links
        if link.kind not in NOT_DRAWN
        and link.source in nodes
        and link.target in nodes
        and link.source != link.target
    }
    edges = tuple(
        GraphEdge(keys[s], keys[t], kind)
        for s, t, kind in sorted(found, key=lambda e: (order[e[0]], order[e[1]], e[2]))
    )
    name = map_data.title.strip() or KIND_NAMES[VIEW_OF_KIND[map_data.kind]]
    own_key = safe_key("map", f"{key}_", taken)
    return MapGraph(own_key, clean_text(name), map_data.kind, groups, edges)


def map_graphs(snapshot: Snapshot, view: str = "orm") -> MapGraphs:
    """The maps of `view` as graphs (see `maps_for_view`), with one style per relation kind
    drawn: the file's own kinds as it defines them, the built-in ones as on paper."""
    chosen = maps_for_view(snapshot, view)
    taken: set[str] = set()
    several = len(chosen) > 1
    graphs = tuple(
        map_graph(snapshot, m, f"m{n}" if several else "o", taken)
        for n, m in enumerate(chosen, start=1)
    )
    given = {
        k.kind: EdgeStyle(clean_text(k.label), _dash(k.dash), k.color, k.directed)
        for k in snapshot.link_kinds
    }
    styles, _warnings = resolve_styles((e.kind for g in graphs for e in g.edges), given)
    subject = KIND_NAMES[VIEW_OF_KIND[chosen[0].kind]]
    strategy = clean_text(snapshot.title.strip()) or "Untitled strategy"
    title = f"{strategy} · {graphs[0].title if not several else subject}"
    return MapGraphs(strategy, title, subject, graphs, styles)


def _dash(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split() if float(part) > 0)
    except ValueError:
        return ()


def flipped_y(y: float) -> float:
    """A map y (downwards) as a Graphviz y (upwards), within the map's area."""
    return MAP_AREA[1] - y
