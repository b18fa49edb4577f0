"""The vocabulary of a strategy: element kinds, link kinds, strengths, ownership roles, maps.

Besides the five TASTE kinds, a strategy holds the obstacles and outcomes of an IdOO or
15-minute FOTO session. Outcomes are the options of the option maps: relationships
(needs, enables, conflicts, and kinds the user defines) join outcomes only, and the FOTO
provenance links record where an outcome came from (`flipped_from` an obstacle, `follows`
another outcome).
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import TypeAlias


class ElementKind(StrEnum):
    TRUE_NORTH = "true_north"
    ASPIRATION = "aspiration"
    STRATEGY = "strategy"
    TACTIC = "tactic"
    EVIDENCE = "evidence"
    OBSTACLE = "obstacle"
    OUTCOME = "outcome"


class LinkKind(StrEnum):
    """The built-in link kinds; a user-defined kind is stored as "custom:<link kind id>"."""

    CORRELATION = "correlation"
    NEEDS = "needs"
    ENABLES = "enables"
    CONFLICTS = "conflicts"
    FLIPPED_FROM = "flipped_from"  # outcome -> the obstacle it was flipped from
    FOLLOWS = "follows"  # outcome -> the outcome it follows from ("and then what happens?")


class MapKind(StrEnum):
    OPTION_RELATIONSHIP = "option_relationship"
    OPTION_APPROACH = "option_approach"
    PLAN_ON_A_PAGE = "plan_on_a_page"


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
    ElementKind.OBSTACLE: "Obstacles",
    ElementKind.OUTCOME: "Outcomes",
}

# Every kind in the order okrdesk lists and exports them: TASTE first, then the IdOO/FOTO kinds.
KIND_ORDER: tuple[ElementKind, ...] = (*TASTE_SECTIONS, ElementKind.OBSTACLE, ElementKind.OUTCOME)

SINGULAR_TITLES: dict[ElementKind, str] = {
    ElementKind.TRUE_NORTH: "True North",
    ElementKind.ASPIRATION: "Aspiration",
    ElementKind.STRATEGY: "Strategy",
    ElementKind.TACTIC: "Tactic",
    ElementKind.EVIDENCE: "Evidence",
    ElementKind.OBSTACLE: "Obstacle",
    ElementKind.OUTCOME: "Outcome",
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


def with_article(kind: ElementKind) -> str:
    """The kind's singular title with its indefinite article: "a Strategy", "an Outcome"."""
    title = SINGULAR_TITLES[kind]
    return f"an {title}" if title[0] in "AEIOU" else f"a {title}"


# -- relationships between outcomes ---------------------------------------------------------

# Drawn between options on the maps; a user-defined kind joins outcomes too.
RELATIONSHIP_KINDS: tuple[LinkKind, ...] = (LinkKind.NEEDS, LinkKind.ENABLES, LinkKind.CONFLICTS)
# Where an outcome came from in a FOTO session.
PROVENANCE_KINDS: tuple[LinkKind, ...] = (LinkKind.FLIPPED_FROM, LinkKind.FOLLOWS)
# Kinds whose meaning has no direction: stored once per pair of elements.
SYMMETRIC_KINDS: frozenset[str] = frozenset({LinkKind.CONFLICTS.value})

RELATION_LABELS: dict[LinkKind, str] = {
    LinkKind.NEEDS: "needs",
    LinkKind.ENABLES: "enables",
    LinkKind.CONFLICTS: "conflicts with",
    LinkKind.FLIPPED_FROM: "flipped from",
    LinkKind.FOLLOWS: "follows from",
}

CUSTOM_PREFIX = "custom:"
# A user-defined kind's id is at most this long, so "custom:<id>" fits link.kind (32).
MAX_LINK_KIND_ID_LENGTH = 25
DEFAULT_LINK_COLOR = "#555555"
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_DASH = re.compile(r"\d{1,3}(\.\d{1,2})?( \d{1,3}(\.\d{1,2})?){0,7}")


def custom_kind(link_kind_id: str) -> str:
    """The link kind stored for links of the user-defined kind `link_kind_id`."""
    return CUSTOM_PREFIX + link_kind_id


def custom_kind_id(kind: str) -> str | None:
    """The user-defined kind's id in a link kind "custom:<id>"; None for a built-in kind."""
    return kind[len(CUSTOM_PREFIX) :] if kind.startswith(CUSTOM_PREFIX) else None


def is_relationship(kind: str) -> bool:
    """True for needs, enables, conflicts and every user-defined kind."""
    return kind in {k.value for k in RELATIONSHIP_KINDS} or bool(custom_kind_id(kind))


def relation_problem(
    kind: str, source: ElementKind, target: ElementKind, label: str | None = None
) -> str | None:
    """Why a link of `kind` may not point from a `source` element to a `target` one, or None.

    Relationships and `follows` join two outcomes; `flipped_from` points from an outcome to
    an obstacle. Correlations are not relations (see `may_correlate`). `label` names the
    kind in the message (a user-defined kind's label).
    """
    if kind == LinkKind.FLIPPED_FROM:
        if (source, target) == (ElementKind.OUTCOME, ElementKind.OBSTACLE):
            return None
        return (
            "a flipped_from link points from an Outcome to the Obstacle it was flipped from, "
            f"not from {with_article(source)} to {with_article(target)}"
        )
    if kind == LinkKind.FOLLOWS or is_relationship(kind):
        if source == target == ElementKind.OUTCOME:
            return None
        name = f"“{label}”" if label else kind
        return (
            f"a {name} link joins two Outcomes, not {with_article(source)} and "
            f"{with_article(target)}"
        )
    return f"{kind!r} is not a relationship kind"


def color_ok(color: str) -> bool:
    """A colour is "#rrggbb" (hexadecimal digits, either case)."""
    return _COLOR.fullmatch(color) is not None


def dash_ok(dash: str) -> bool:
    """A dash pattern is "" (a solid line) or 1-8 positive lengths separated by single spaces,
    e.g. "4 2" (dash 4, gap 2, in line widths)."""
    if dash == "":
        return True
    return _DASH.fullmatch(dash) is not None and all(float(n) > 0 for n in dash.split())


# -- maps -----------------------------------------------------------------------------------

MAP_TITLES: dict[MapKind, str] = {
    MapKind.OPTION_RELATIONSHIP: "Option Relationship Map",
    MapKind.OPTION_APPROACH: "Option Approach Map",
    MapKind.PLAN_ON_A_PAGE: "Plan on a Page",
}

# Only outcomes (the options) are placed on maps.
MAP_ELEMENT_KINDS: frozenset[ElementKind] = frozenset({ElementKind.OUTCOME})
# A Plan on a Page has three columns, time horizons 0, 1, 2.
PLAN_HORIZONS = 3

SettingValue: TypeAlias = str | int | float | bool | list[str]

# Settings every new map starts with (all editable). Keys okrdesk reads:
#   x_axis, y_axis: axis titles; x_labels: [left end, right end]; y_labels: [top, bottom]
#   column_labels: the Plan on a Page's three columns, left to right
#   corner_labels: [top left, top right, bottom left, bottom right]
#   layout: the last layout applied (so "lay out again" repeats it)
MAP_DEFAULT_SETTINGS: dict[MapKind, dict[str, SettingValue]] = {
    MapKind.OPTION_RELATIONSHIP: {
        "x_axis": "Ambiguity",
        "x_labels": ["Novel, ambiguous", "Clear"],
        "y_axis": "Visibility",
        "y_labels": ["Visible: close to the customer need", "Enabling"],
    },
    MapKind.OPTION_APPROACH: {
        "corner_labels": [
            "Must experiment",
            "Experts can find it",
            "Must act now",
            "Obvious answer",
        ],
    },
    MapKind.PLAN_ON_A_PAGE: {"column_labels": ["Now", "Next", "Later"]},
}


def setting_value_ok(value: object) -> bool:
    """A map setting is a string, a finite number, a boolean or a list of strings."""
    if isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
