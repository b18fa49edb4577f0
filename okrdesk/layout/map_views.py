"""A map of the strategy file as a picture: the outcomes placed on it, on its board.

The page shows the map as the canvas does: the whole map area (the screen's AREA), the cards
where the user put them, the relationships among them with the file's own relation kinds,
the board's labels from the map's settings. Outcomes not placed on the map are left off, as on
screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from okrdesk.layout.map_boards import approach_map_picture, plan_on_a_page_picture
from okrdesk.layout.map_cards import EdgeStyle
from okrdesk.layout.map_picture import map_fit, map_picture
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.models.kinds import ElementKind, LinkKind, MapKind
from okrdesk.models.options import OptionNode, Relation
from okrdesk.models.snapshot import MapData, Snapshot

# The map's area in map units (points at 100%), the same on screen and on paper.
MAP_AREA = (1100.0, 760.0)
CARD = (120.0, 60.0)
# The view names of `okrdesk export --view` for each kind of map.
VIEW_OF_KIND: dict[MapKind, str] = {
    MapKind.OPTION_RELATIONSHIP: "orm",
    MapKind.OPTION_APPROACH: "approach",
    MapKind.PLAN_ON_A_PAGE: "plan",
}
# Links a map does not draw: X-Matrix correlations and the capture's provenance.
NOT_DRAWN = (LinkKind.CORRELATION, "follows", "flipped_from")


def _dash(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split() if float(part) >= 0)
    except ValueError:
        return ()


def _strings(value: object, count: int, defaults: tuple[str, ...]) -> list[str]:
    given = [str(v) for v in value] if isinstance(value, list) else []
    return [given[i] if i < len(given) else defaults[i] for i in range(count)]


class _Board(NamedTuple):
    """What a map shows, from the strategy file, in the terms the map pictures take."""

    outcomes: list[OptionNode]
    positions: dict[str, tuple[float, float]]
    pinned: set[str]
    relations: list[Relation]
    styles: dict[str, EdgeStyle]


def _board(snapshot: Snapshot, map_data: MapData) -> _Board:
    """The outcomes placed on the map, where, and the relations among them that are drawn."""
    placements = snapshot.placements_on(map_data.id)
    outcomes = [
        OptionNode(e.id, e.title)
        for e in snapshot.of_kind(ElementKind.OUTCOME)
        if e.id in placements
    ]
    if map_data.kind == MapKind.PLAN_ON_A_PAGE:
        outcomes.sort(key=lambda o: (placements[o.id].y, placements[o.id].x, o.id))
    positions = {o.id: (placements[o.id].x, placements[o.id].y) for o in outcomes}
    pinned = {o.id for o in outcomes if placements[o.id].pinned}
    relations = [
        Relation(link.source, link.target, link.kind)
        for link in snapshot.links
        if link.kind not in NOT_DRAWN and link.source in positions and link.target in positions
    ]
    styles = {
        k.kind: EdgeStyle(k.label, _dash(k.dash), k.color, k.directed) for k in snapshot.link_kinds
    }
    return _Board(outcomes, positions, pinned, relations, styles)


class MapView:
    """One map of a strategy file, read from it once, drawn or measured on any paper: the
    PDF export tries papers in turn until the map fits, and a map of 2,000 outcomes took a
    tenth of a second to read and a third of a second to draw, for each paper tried."""

    def __init__(
        self, snapshot: Snapshot, map_data: MapData, *, title: str, min_font: float = 6.0
    ) -> None:
        self.map_data, self.title, self.min_font = map_data, title, min_font
        self._board = _board(snapshot, map_data)
        placements = snapshot.placements_on(map_data.id)
        self._horizons = (  # the Plan on a Page's columns
            {o.id: placements[o.id].horizon or 0 for o in self._board.outcomes}
            if map_data.kind == MapKind.PLAN_ON_A_PAGE
            else {}
        )

    def fit(self, paper: Paper) -> Mapping[str, object] | None:
        """What `picture(paper)` would say in its meta about fitting the paper ("fits",
        "extent", "region"…) without drawing the map; None for a board that only tells by
        being drawn (the Option Approach Map and the Plan on a Page)."""
        if self.map_data.kind != MapKind.OPTION_RELATIONSHIP:
            return None
        board = self._board
        return map_fit(
            board.outcomes,
            board.relations,
            board.positions,
            pinned=board.pinned,
            kinds_style=board.styles,
            paper=paper,
            title=self.title,
            card_w=CARD[0],
            card_h=CARD[1],
            area=MAP_AREA,
            min_font=self.min_font,
        )

    def picture(self, paper: Paper) -> Picture:
        """The map on one page of `paper` (its meta says whether it fits)."""
        board, map_data, title, min_font = self._board, self.map_data, self.title, self.min_font
        if map_data.kind == MapKind.PLAN_ON_A_PAGE:
            labels = _strings(map_data.setting("column_labels"), 3, ("Now", "Next", "Later"))
            return plan_on_a_page_picture(
                board.outcomes,
                self._horizons,
                labels=labels,
                paper=paper,
                title=title,
                min_font=min_font,
            )
        if map_data.kind == MapKind.OPTION_APPROACH:
            return approach_map_picture(
                board.outcomes,
                board.positions,
                corner_labels=_strings(map_data.setting("corner_labels"), 4, ("", "", "", "")),
                relations=board.relations,
                pinned=board.pinned,
                kinds_style=board.styles,
                paper=paper,
                title=title,
                card_w=CARD[0],
                card_h=CARD[1],
                area=MAP_AREA,
                min_font=min_font,
            )
        x_ends = _strings(map_data.setting("x_labels"), 2, ("", ""))
        y_ends = _strings(map_data.setting("y_labels"), 2, ("", ""))
        return map_picture(
            board.outcomes,
            board.relations,
            board.positions,
            pinned=board.pinned,
            kinds_style=board.styles,
            axis_labels=(x_ends[0], x_ends[-1], y_ends[0], y_ends[-1]),
            paper=paper,
            title=title,
            card_w=CARD[0],
            card_h=CARD[1],
            area=MAP_AREA,
            min_font=min_font,
        )


def map_view_picture(
    snapshot: Snapshot, map_data: MapData, paper: Paper, *, title: str, min_font: float = 6.0
) -> Picture:
    """`map_data` of `snapshot` on one page of `paper` (its meta says whether it fits)."""
    return MapView(snapshot, map_data, title=title, min_font=min_font).picture(paper)
