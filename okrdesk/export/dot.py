"""Option maps as Graphviz DOT: one digraph, for `dot -Tsvg` in a wiki or a diff in git.

What the graph says is `okrdesk.export.map_graph`'s: cards are boxes labelled with the outcome
titles, relationships run from source to target ("A needs B": A -> B) with their legend label
and a line style per kind (solid, dashed or dotted, in the kind's colour); "conflicts with" and
the user's undirected kinds carry no arrowhead (dir=none). A Plan on a Page is drawn as one
cluster per column, its cards stacked in column order. Several maps make one digraph with a
cluster per map; a single Option Relationship or Approach Map gives each node its place on
the map as `pos` (points, y upwards), so `neato -n2` keeps okrdesk's own placement.

All user text goes into double-quoted strings with backslashes, quotes and "&" escaped (so
Graphviz shows "&amp;" as typed, not as "&") and line breaks as "\\n"; identifiers are safe.
The same strategy always gives the same text.
"""

from __future__ import annotations

import textwrap

from okrdesk.export.map_graph import GraphNode, MapGraph, MapGraphs, flipped_y, map_graphs
from okrdesk.export.svg import num
from okrdesk.layout.map_cards import CARD_FILL, CARD_STROKE, EdgeStyle
from okrdesk.models.kinds import MapKind
from okrdesk.models.options import CONFLICTS
from okrdesk.models.snapshot import Snapshot

FONT = "DejaVu Sans"
WRAP = 30  # characters per label line: a card, not a banner


def quoted(text: str) -> str:
    """`text` as a DOT double-quoted string whose label shows exactly `text`."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;").replace("\n", "\\n")
    )
    return f'"{escaped}"'


def wrapped(title: str, width: int = WRAP) -> str:
    """A title broken into lines of about `width` characters at spaces (its own line breaks
    kept, long words left whole)."""
    lines: list[str] = []
    for line in title.split("\n"):
        lines += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def line_style(style: EdgeStyle) -> str:
    """The nearest Graphviz line style to a dash pattern: solid, dotted (short first dash) or
    dashed."""
    if not style.dash:
        return "solid"
    return "dotted" if style.dash[0] <= 2.0 else "dashed"


def _attributes(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{name}={value}" for name, value in pairs)


def _node(node: GraphNode, indent: str, placed: bool) -> str:
    pairs = [("label", quoted(wrapped(node.title)))]
    if placed:
        x, y = node.position
        pairs.append(("pos", quoted(f"{num(x)},{num(flipped_y(y))}")))
    return f"{indent}{node.key} [{_attributes(pairs)}];"


def _map_body(graph: MapGraph, graphs: MapGraphs, indent: str, placed: bool) -> list[str]:
    lines: list[str] = []
    plan = graph.kind == MapKind.PLAN_ON_A_PAGE
    for group in graph.groups:
        if not group.title:
            lines += [_node(n, indent, placed) for n in group.nodes]
            continue
        inner = indent + "  "
        lines.append(f"{indent}subgraph cluster_{group.key} {{")
        lines.append(f"{inner}label={quoted(group.title)};")
        lines += [_node(n, inner, placed) for n in group.nodes]
        # Invisible links stack a column's cards top to bottom, in the column's order.
        lines += [
            f"{inner}{a.key} -> {b.key} [style=invis];"
            for a, b in zip(group.nodes, group.nodes[1:], strict=False)
        ]
        lines.append(f"{indent}}}")
    for edge in graph.edges:
        style = graphs.styles[edge.kind]
        pairs = [
            ("label", quoted(style.label)),
            ("style", line_style(style)),
            ("color", quoted(style.color)),
            ("fontcolor", quoted(style.color)),
        ]
        if not style.directed or edge.kind == CONFLICTS:
            pairs.append(("dir", "none"))
        if plan:  # the columns place the cards; relationships must not reorder them
            pairs.append(("constraint", "false"))
        lines.append(f"{indent}{edge.source} -> {edge.target} [{_attributes(pairs)}];")
    return lines


def render_dot(graphs: MapGraphs) -> str:
    """The DOT text of `graphs` (see the module docstring)."""
    several = len(graphs.maps) > 1
    only = graphs.maps[0]
    placed = not several and only.kind != MapKind.PLAN_ON_A_PAGE
    graph_attributes = [
        ("label", quoted(graphs.title)),
        ("labelloc", "t"),
        ("fontname", quoted(FONT)),
        ("fontsize", "14"),
        ("rankdir", "TB"),
    ]
    node_attributes = [
        ("shape", "box"),
        ("style", "filled"),
        ("fillcolor", quoted(CARD_FILL)),
        ("color", quoted(CARD_STROKE)),
        ("fontname", quoted(FONT)),
        ("fontsize", "10"),
    ]
    lines = [
        f"// okrdesk: {graphs.subject}. Render with `dot -Tsvg`"
        + ("; `neato -n2 -Tsvg` keeps okrdesk's placement." if placed else "."),
        "digraph okrdesk {",
        f"  graph [{_attributes(graph_attributes)}];",
        f"  node [{_attributes(node_attributes)}];",
        f"  edge [{_attributes([('fontname', quoted(FONT)), ('fontsize', '8')])}];",
    ]
    if not several:
        lines += _map_body(only, graphs, "  ", placed)
    for graph in graphs.maps if several else ():
        lines.append(f"  subgraph cluster_{graph.key} {{")
        lines.append(f"    label={quoted(graph.title)};")
        lines += _map_body(graph, graphs, "    ", placed)
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dot_text(snapshot: Snapshot, view: str = "orm") -> str:
    """The maps `view` names (orm, approach, plan or KIND:ID) as DOT; OkrdeskError (one line)
    when there is no such map."""
    return render_dot(map_graphs(snapshot, view))
