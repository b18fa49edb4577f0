"""Option maps as a Mermaid flowchart, for wikis and Markdown files that render ```mermaid.

The same graph as the DOT export (`okrdesk.export.map_graph`): one subgraph per map, titled
with the strategy and map, holding the cards (and, on a Plan on a Page, one nested subgraph per
column); relationships from source to target with their legend label, an arrow for directed
kinds and none for "conflicts with", solid or dotted links (`-->`, `-.->`) and a `linkStyle`
per kind with its colour and dash pattern.

User text always sits in a quoted label. Mermaid turns "#name;" and "#123;" into characters
and reads some characters as markup, so those are written as such entity codes: `"` `#` `<`
`>` `&` backtick and `|`, plus ":" on a line that says "style" or "classDef" (before parsing,
Mermaid drops the last ";" of such a line when a ":" comes before a "#"). A line break
becomes <br>.
"""

from __future__ import annotations

import re

from okrdesk.export.map_graph import MapGraph, MapGraphs, map_graphs
from okrdesk.export.svg import num
from okrdesk.layout.map_cards import CARD_FILL, CARD_STROKE
from okrdesk.models.options import CONFLICTS
from okrdesk.models.snapshot import Snapshot

_CODES = {
    '"': "#quot;",
    "#": "#35;",
    "<": "#60;",
    ">": "#62;",
    "&": "#38;",
    "`": "#96;",
    "|": "#124;",
}
_SPECIAL = re.compile('["#<>&`|]')
_STYLE_WORDS = re.compile("style|classdef", re.IGNORECASE)


def label(text: str, line: str = "") -> str:
    """`text` as a quoted Mermaid label that shows exactly `text`; `line` is the rest of the
    line it goes on (the ids there may say "style")."""
    escaped = _SPECIAL.sub(lambda m: _CODES[m.group(0)], text)
    if _STYLE_WORDS.search(text + " " + line):
        escaped = escaped.replace(":", "#58;")
    lines = [" ".join(line.split()) for line in escaped.split("\n")]
    return '"' + "<br>".join(lines) + '"'


def _link(directed: bool, dashed: bool) -> str:
    if dashed:
        return "-.->" if directed else "-.-"
    return "-->" if directed else "---"


def _map_lines(graph: MapGraph, graphs: MapGraphs, indent: str) -> list[str]:
    lines: list[str] = []
    for group in graph.groups:
        if not group.title:
            lines += [f"{indent}{n.key}[{label(n.title, n.key)}]" for n in group.nodes]
            continue
        lines.append(f"{indent}subgraph {group.key}[{label(group.title, group.key)}]")
        lines.append(f"{indent}  direction TB")
        lines += [f"{indent}  {n.key}[{label(n.title, n.key)}]" for n in group.nodes]
        lines.append(f"{indent}end")
    return lines


def render_mermaid(graphs: MapGraphs) -> str:
    """The Mermaid text of `graphs` (see the module docstring)."""
    several = len(graphs.maps) > 1
    lines = [f"%% okrdesk: {graphs.subject}", "flowchart TB"]
    for graph in graphs.maps:
        title = f"{graphs.strategy} · {graph.title}" if several else graphs.title
        lines.append(f"  subgraph {graph.key}[{label(title, graph.key)}]")
        if graph.grouped:
            lines.append("    direction LR")  # columns side by side, as on the board
        lines += _map_lines(graph, graphs, "    ")
        lines.append("  end")
    by_kind: dict[str, list[int]] = {}
    number = 0
    for graph in graphs.maps:
        for edge in graph.edges:
            style = graphs.styles[edge.kind]
            directed = style.directed and edge.kind != CONFLICTS
            arrow = _link(directed, bool(style.dash))
            text = label(style.label, f"{edge.source} {edge.target}")
            lines.append(f"  {edge.source} {arrow}|{text}| {edge.target}")
            by_kind.setdefault(edge.kind, []).append(number)
            number += 1
    for kind, numbers in sorted(by_kind.items()):
        style = graphs.styles[kind]
        dash = f",stroke-dasharray:{' '.join(num(d) for d in style.dash)}" if style.dash else ""
        listed = ",".join(str(n) for n in numbers)
        lines.append(f"  linkStyle {listed} stroke:{style.color},color:{style.color}{dash}")
    cards = [n.key for graph in graphs.maps for n in graph.nodes()]
    lines.append(f"  classDef card fill:{CARD_FILL},stroke:{CARD_STROKE},color:#000000")
    if cards:
        lines.append(f"  class {','.join(cards)} card")
    return "\n".join(lines) + "\n"


def mermaid_text(snapshot: Snapshot, view: str = "orm") -> str:
    """The maps `view` names (orm, approach, plan or KIND:ID) as a Mermaid flowchart;
    OkrdeskError (one line) when there is no such map."""
    return render_mermaid(map_graphs(snapshot, view))
