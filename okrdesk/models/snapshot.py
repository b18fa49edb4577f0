"""Immutable, Qt-free pictures of a strategy's content, read in one go from the file.

Graph projections, health rules, JSON export and layouts all work from a Snapshot, so none
of them holds a database session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrdesk.models.kinds import ElementKind, Role, Strength


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
class Snapshot:
    title: str
    elements: tuple[ElementData, ...] = ()
    links: tuple[LinkData, ...] = ()
    parties: tuple[PartyData, ...] = ()
    ownerships: tuple[OwnershipData, ...] = ()
    _by_id: dict[str, ElementData] = field(default_factory=dict, compare=False, repr=False)
    _strengths: dict[frozenset[str], Strength | None] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({e.id: e for e in self.elements})

    def element(self, element_id: str) -> ElementData | None:
        return self._by_id.get(element_id)

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
