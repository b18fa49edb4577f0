"""Immutable, Qt-free pictures of a strategy's content, read in one go from the file.

Graph projections, health rules, JSON export and layouts all work from a Snapshot, so none
of them holds a database session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from okrdesk.models.kinds import (
    CUSTOM_PREFIX,
    DEFAULT_LINK_COLOR,
    MAP_DEFAULT_SETTINGS,
    ElementKind,
    LinkKind,
    MapKind,
    Role,
    SettingValue,
    Strength,
    custom_kind_id,
)
from okrdesk.models.sheet_data import SheetData, SheetTemplateData
from okrdesk.models.sheet_templates import builtin_template


@dataclass(frozen=True)
class ElementData:
    id: str
    kind: ElementKind
    title: str
    notes: str = ""
    position: int = 0
    status: str = ""


@dataclass(frozen=True)
class LinkData:
    id: str
    source: str
    target: str
    kind: str
    strength: Strength | None = None


@dataclass(frozen=True)
class PartyData:
    id: str
    name: str
    kind: str = "person"
    position: int = 0


@dataclass(frozen=True)
class OwnershipData:
    party: str
    element: str
    role: Role


@dataclass(frozen=True)
class LinkKindData:
    """A link kind the user defined; its links carry the kind `custom:<id>` (see `.kind`)."""

    id: str
    label: str
    dash: str = ""  # "" a solid line, else lengths of dashes and gaps: "4 2"
    color: str = DEFAULT_LINK_COLOR  # "#rrggbb"
    directed: bool = True
    position: int = 0

    @property
    def kind(self) -> str:
        return CUSTOM_PREFIX + self.id


@dataclass(frozen=True)
class MapData:
    """An option map or a Plan on a Page. `settings` is a plain dict: do not change it in
    place, ask Strategy.set_map_settings (missing keys fall back to `setting`'s defaults)."""

    id: str
    kind: MapKind
    title: str
    position: int = 0
    settings: dict[str, SettingValue] = field(default_factory=dict, hash=False)

    def setting(self, key: str, default: Any = None) -> Any:
        """A setting, else the map kind's default for it (MAP_DEFAULT_SETTINGS), else default."""
        if key in self.settings:
            return self.settings[key]
        return MAP_DEFAULT_SETTINGS.get(self.kind, {}).get(key, default)


@dataclass(frozen=True)
class PlacementData:
    """Where an element sits on a map; `horizon` is the column (0..2) on a Plan on a Page."""

    map_id: str
    element_id: str
    x: float
    y: float
    pinned: bool = False
    horizon: int | None = None


@dataclass(frozen=True)
class Removal:
    """Everything a delete took away, so `Strategy.restore` can put it back exactly."""

    elements: tuple[ElementData, ...] = ()
    links: tuple[LinkData, ...] = ()
    ownerships: tuple[OwnershipData, ...] = ()
    parties: tuple[PartyData, ...] = ()
    placements: tuple[PlacementData, ...] = ()
    maps: tuple[MapData, ...] = ()
    link_kinds: tuple[LinkKindData, ...] = ()
    # (sheet id, element id): A3 sheets whose header link to a deleted element was cleared.
    sheet_links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Snapshot:
    title: str
    elements: tuple[ElementData, ...] = ()
    links: tuple[LinkData, ...] = ()
    parties: tuple[PartyData, ...] = ()
    ownerships: tuple[OwnershipData, ...] = ()
    maps: tuple[MapData, ...] = ()  # in their order
    placements: tuple[PlacementData, ...] = ()  # by map id, then element id
    link_kinds: tuple[LinkKindData, ...] = ()  # user-defined, in their order
    sheets: tuple[SheetData, ...] = ()  # A3 sheets, in their order
    sheet_templates: tuple[SheetTemplateData, ...] = ()  # the file's own, in their order
    # Caches built on first use. Not init fields, so dataclasses.replace gives a new snapshot
    # fresh caches instead of sharing (and polluting) the original's.
    _by_id: dict[str, ElementData] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _strengths: dict[frozenset[str], Strength | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _by_map: dict[str, dict[str, PlacementData]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({e.id: e for e in self.elements})

    def element(self, element_id: str) -> ElementData | None:
        return self._by_id.get(element_id)

    def sheet(self, sheet_id: str) -> SheetData | None:
        return next((x for x in self.sheets if x.id == sheet_id), None)

    def template(self, template_id: str) -> SheetTemplateData | None:
        """A sheet template: the file's own or a built-in (their ids never clash)."""
        own = next((t for t in self.sheet_templates if t.id == template_id), None)
        return own if own is not None else builtin_template(template_id)

    def map(self, map_id: str) -> MapData | None:
        return next((m for m in self.maps if m.id == map_id), None)

    def placements_on(self, map_id: str) -> dict[str, PlacementData]:
        """{element id: placement} of one map, built once per snapshot."""
        if not self._by_map:
            by_map: dict[str, dict[str, PlacementData]] = {m.id: {} for m in self.maps}
            for p in self.placements:
                by_map.setdefault(p.map_id, {})[p.element_id] = p
            self._by_map.update(by_map)
        return self._by_map.get(map_id, {})

    def link_kind(self, kind: str) -> LinkKindData | None:
        """The user-defined kind of a link kind "custom:<id>" (or of its bare id)."""
        wanted = custom_kind_id(kind) or kind
        return next((k for k in self.link_kinds if k.id == wanted), None)

    def relations(self) -> list[LinkData]:
        """Every link that is not a correlation: relationships and FOTO provenance."""
        return [link for link in self.links if link.kind != LinkKind.CORRELATION]

    def of_kind(self, kind: ElementKind) -> list[ElementData]:
        """Elements of one section in their order."""
        return sorted((e for e in self.elements if e.kind == kind), key=lambda e: e.position)

    def true_north(self) -> ElementData | None:
        found = self.of_kind(ElementKind.TRUE_NORTH)
        return found[0] if found else None

    def correlations(self) -> list[LinkData]:
        return [link for link in self.links if link.kind == "correlation"]

    def strength_between(self, a: str, b: str) -> Strength | None:
        return self.correlation_strengths().get(frozenset((a, b)))

    def correlation_strengths(self) -> dict[frozenset[str], Strength | None]:
        """Strength by unordered pair of element ids, built once per snapshot."""
        if not self._strengths:
            self._strengths.update(
                {frozenset((k.source, k.target)): k.strength for k in self.correlations()}
            )
        return self._strengths
