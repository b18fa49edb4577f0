"""The vocabulary of a strategy: element kinds, link kinds, strengths and ownership roles."""

from __future__ import annotations

from enum import StrEnum


class ElementKind(StrEnum):
    TRUE_NORTH = "true_north"
    ASPIRATION = "aspiration"
    STRATEGY = "strategy"
    TACTIC = "tactic"
    EVIDENCE = "evidence"


class LinkKind(StrEnum):
    CORRELATION = "correlation"


class Strength(StrEnum):
    WEAK = "weak"
    MEDIUM = "medium"
    STRONG = "strong"


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"
    CONSULTED = "consulted"


class PartyKind(StrEnum):
    PERSON = "person"
    TEAM = "team"


# The TASTE sections in Karl Scotland's order of filling in (True North, Aspirations,
# Strategies, Evidence before Tactics), which is also the outline's order.
TASTE_SECTIONS: tuple[ElementKind, ...] = (
    ElementKind.TRUE_NORTH,
    ElementKind.ASPIRATION,
    ElementKind.STRATEGY,
    ElementKind.EVIDENCE,
    ElementKind.TACTIC,
)

SECTION_TITLES: dict[ElementKind, str] = {
    ElementKind.TRUE_NORTH: "True North",
    ElementKind.ASPIRATION: "Aspirations",
    ElementKind.STRATEGY: "Strategies",
    ElementKind.TACTIC: "Tactics",
    ElementKind.EVIDENCE: "Evidence",
}

SINGULAR_TITLES: dict[ElementKind, str] = {
    ElementKind.TRUE_NORTH: "True North",
    ElementKind.ASPIRATION: "Aspiration",
    ElementKind.STRATEGY: "Strategy",
    ElementKind.TACTIC: "Tactic",
    ElementKind.EVIDENCE: "Evidence",
}

# The four corners of the X-Matrix: the only pairs a correlation may join.
CORRELATION_PAIRS: frozenset[frozenset[ElementKind]] = frozenset(
    {
        frozenset({ElementKind.STRATEGY, ElementKind.ASPIRATION}),
        frozenset({ElementKind.EVIDENCE, ElementKind.ASPIRATION}),
        frozenset({ElementKind.TACTIC, ElementKind.STRATEGY}),
        frozenset({ElementKind.TACTIC, ElementKind.EVIDENCE}),
    }
)


def may_correlate(a: ElementKind, b: ElementKind) -> bool:
    """True when a and b sit on two arms that meet in one X-Matrix corner."""
    return frozenset({a, b}) in CORRELATION_PAIRS


def correlation_partners(kind: ElementKind) -> tuple[ElementKind, ...]:
    """The kinds an element of `kind` may correlate with, in section order."""
    return tuple(k for k in TASTE_SECTIONS if may_correlate(kind, k))
