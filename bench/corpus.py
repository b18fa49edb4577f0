"""The benchmark's strategies, written to real strategy files: X-Matrices of 10 to 10,000
elements and option maps of 60 to 2,000 outcomes placed by the layered layout.

The X-Matrix strategies come from bench.xmatrix_layout.big_snapshot, split in its proportions
(180 tactics : 40 evidence : 20 strategies : 10 aspirations). Realistic density means a tactic
row carries about as many marks at 10,000 elements as at 180 tactics (7 or so): a coach does
not correlate a tactic with a thousand strategies, so the density falls as the arms grow.
The maps come from bench.map_layout.option_graph, the graphs Graphviz's dot is given too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.map_layout import option_graph
from bench.xmatrix_layout import big_snapshot
from okrdesk.layout.map_layout import layout_map
from okrdesk.models.interchange import export_json, parse_json, write_strategy
from okrdesk.models.kinds import ElementKind, MapKind
from okrdesk.models.options import OptionNode, Relation
from okrdesk.models.snapshot import ElementData, LinkData, MapData, PlacementData, Snapshot

XMATRIX_SIZES = (10, 100, 1_000, 10_000)
MAP_SIZES = (60, 200, 500, 2_000)
SHARES = {"tactics": 180, "evidence": 40, "strategies": 20, "aspirations": 10}
MARKS_PER_ROW = 7.2  # what 12% of 60 columns gives at 180 tactics
BUILT_IN_KINDS = {"needs", "enables", "conflicts"}


@dataclass(frozen=True)
class StrategyCase:
    size: int  # elements (X-Matrix) or outcomes (map)
    path: Path
    snapshot: Snapshot
    correlations: int  # marks (X-Matrix) or relations (map)


def xmatrix_snapshot(elements: int) -> Snapshot:
    """A strategy of about `elements` X-Matrix elements (True North included)."""
    whole = sum(SHARES.values())
    counts = {arm: max(1, round(elements * share / whole)) for arm, share in SHARES.items()}
    columns = counts["strategies"] + counts["evidence"]
    density = min(0.12, MARKS_PER_ROW / columns)
    return big_snapshot(**counts, people=8, density=density, seed=2027 + elements)


def map_snapshot(outcomes: int) -> Snapshot:
    """One Option Relationship Map of `outcomes` outcomes, its cards where the layered layout
    puts them (what a user gets after pressing "Lay out")."""
    options, relations = map_relations(outcomes)
    positions = layout_map(options, relations, "layered").positions
    elements = tuple(
        ElementData(o.id, ElementKind.OUTCOME, o.title, position=i) for i, o in enumerate(options)
    )
    links = tuple(
        LinkData(f"l{i}", r.source, r.target, r.kind) for i, r in enumerate(relations)
    )
    the_map = MapData("m1", MapKind.OPTION_RELATIONSHIP, f"{outcomes} outcomes")
    placements = tuple(
        PlacementData("m1", option_id, x, y) for option_id, (x, y) in sorted(positions.items())
    )
    return Snapshot(f"Map of {outcomes} outcomes", elements, links, maps=(the_map,),
                    placements=placements)


def map_relations(outcomes: int) -> tuple[list[OptionNode], list[Relation]]:
    """bench.map_layout's graph with what a strategy file holds: the built-in kinds only (its
    few user-kind relations become "enables"), each pair and kind once."""
    options, relations = option_graph(outcomes)
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for relation in relations:
        kind = relation.kind if relation.kind in BUILT_IN_KINDS else "enables"
        ends = sorted((relation.source, relation.target)) if kind == "conflicts" else (
            relation.source, relation.target)
        key = (ends[0], ends[1], kind)
        if key not in seen:
            seen.add(key)
            kept.append(Relation(relation.source, relation.target, kind))
    return options, kept


def write(snapshot: Snapshot, path: Path) -> Path:
    write_strategy(path, parse_json(export_json(snapshot)), overwrite=True)
    return path


def xmatrix_cases(folder: Path, sizes: tuple[int, ...]) -> list[StrategyCase]:
    cases = []
    for size in sizes:
        snapshot = xmatrix_snapshot(size)
        path = write(snapshot, folder / f"xmatrix-{size}.okrdesk")
        cases.append(StrategyCase(size, path, snapshot, len(snapshot.correlations())))
    return cases


def map_cases(folder: Path, sizes: tuple[int, ...]) -> list[StrategyCase]:
    cases = []
    for size in sizes:
        snapshot = map_snapshot(size)
        path = write(snapshot, folder / f"map-{size}.okrdesk")
        cases.append(StrategyCase(size, path, snapshot, len(snapshot.links)))
    return cases
