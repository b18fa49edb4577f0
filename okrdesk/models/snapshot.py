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
from okrdesk.models.okr_data import CheckInData, KeyResultData, ObjectiveData
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
    # (objective id, element id, place in its aligns_to): alignments to a deleted element.
    objective_alignments: tuple[tuple[str, str, int], ...] = ()
    # (key result id, element id, place in its measures): measures of a deleted Evidence.
    key_result_measures: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class _OkrIndex:
    """What Snapshot's OKR helpers look up, built once per snapshot."""

    objectives: dict[str, ObjectiveData]
    key_results: dict[str, KeyResultData]
    by_objective: dict[str, tuple[KeyResultData, ...]]  # key results of each objective
    by_kr: dict[str, tuple[CheckInData, ...]]  # check-ins of each key result, oldest first


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
    objectives: tuple[ObjectiveData, ...] = ()  # in their order
    key_results: tuple[KeyResultData, ...] = ()  # by objective (in order), then position
    check_ins: tuple[CheckInData, ...] = ()  # by key result (in order), then date
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
    _okr_index: list[_OkrIndex] = field(
        default_factory=list, init=False, compare=False, repr=False
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

    # -- OKRs --------------------------------------------------------------------------------

    def _okrs(self) -> _OkrIndex:
        """The OKR indexes, built on first use."""
        if not self._okr_index:
            by_objective: dict[str, list[KeyResultData]] = {o.id: [] for o in self.objectives}
            for kr in self.key_results:
                by_objective.setdefault(kr.objective, []).append(kr)
            by_kr: dict[str, list[CheckInData]] = {kr.id: [] for kr in self.key_results}
            for c in self.check_ins:
                by_kr.setdefault(c.key_result, []).append(c)
            self._okr_index.append(_OkrIndex(
                {o.id: o for o in self.objectives},
                {kr.id: kr for kr in self.key_results},
                {k: tuple(v) for k, v in by_objective.items()},
                {k: tuple(v) for k, v in by_kr.items()},
            ))
        return self._okr_index[0]

    def objective(self, objective_id: str) -> ObjectiveData | None:
        return self._okrs().objectives.get(objective_id)

    def key_result(self, key_result_id: str) -> KeyResultData | None:
        return self._okrs().key_results.get(key_result_id)

    def key_results_of(self, objective_id: str) -> tuple[KeyResultData, ...]:
        """An objective's key results in their order (empty for an unknown id)."""
        return self._okrs().by_objective.get(objective_id, ())

    def check_ins_of(self, key_result_id: str) -> tuple[CheckInData, ...]:
        """A key result's check-ins, oldest first (empty for an unknown id)."""
        return self._okrs().by_kr.get(key_result_id, ())

    def latest_check_in(self, key_result_id: str) -> CheckInData | None:
        history = self.check_ins_of(key_result_id)
        return history[-1] if history else None

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
