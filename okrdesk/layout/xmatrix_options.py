"""X-Matrix options (saved per strategy as a plain dict) and the words and marks of each mode."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from types import MappingProxyType

from okrdesk.layout.paper import SIZES
from okrdesk.layout.picture import Shape
from okrdesk.models.kinds import ElementKind, Role, Strength

LABEL_MODES = ("taste", "hoshin")
STAGES = ("taste1", "taste2")
MIN_FONT_RANGE = (4.0, 10.0)

# The arms' names: TASTE words, or the classic Hoshin Kanri ones on the same grid.
ARM_WORDS: Mapping[str, Mapping[ElementKind, str]] = MappingProxyType(
    {
        "taste": MappingProxyType(
            {
                ElementKind.TACTIC: "Tactics",
                ElementKind.STRATEGY: "Strategies",
                ElementKind.ASPIRATION: "Aspirations",
                ElementKind.EVIDENCE: "Evidence",
            }
        ),
        "hoshin": MappingProxyType(
            {
                ElementKind.TACTIC: "Improvement priorities",
                ElementKind.STRATEGY: "Annual objectives",
                ElementKind.ASPIRATION: "Breakthrough objectives",
                ElementKind.EVIDENCE: "Targets to improve",
            }
        ),
    }
)
OWNERS_WORD = MappingProxyType({"taste": "Owners", "hoshin": "Resources"})

# Correlation marks: Karl Scotland's strong/weak (medium only when a file holds one), and the
# classic Hoshin three. Never colour alone: each strength has its own shape.
STRENGTH_SHAPES: Mapping[str, Mapping[Strength, Shape]] = MappingProxyType(
    {
        "taste": MappingProxyType(
            {Strength.STRONG: Shape.DISC, Strength.MEDIUM: Shape.HALF, Strength.WEAK: Shape.CIRCLE}
        ),
        "hoshin": MappingProxyType(
            {
                Strength.STRONG: Shape.DISC,
                Strength.MEDIUM: Shape.CIRCLE,
                Strength.WEAK: Shape.TRIANGLE,
            }
        ),
    }
)
ROLE_SHAPES: Mapping[Role, Shape] = MappingProxyType(
    {Role.LEAD: Shape.DISC, Role.SUPPORT: Shape.CIRCLE, Role.CONSULTED: Shape.TRIANGLE}
)


@dataclass(frozen=True)
class XMatrixOptions:
    """How to draw the X-Matrix. Invalid values raise ValueError; `from_dict` is lenient."""

    paper: str = "A3"
    landscape: bool = True
    labels: str = "taste"  # "taste" | "hoshin": Hoshin words on the arms, medium marks
    item_one_at_centre: bool = True  # item 1 next to the centre (else at the outer edge)
    rotated_text: bool = True  # False: numbered strategy/evidence columns and a key
    owners: bool = False  # people/teams columns right of the evidence, for tactic rows
    stage: str = "taste2"  # "taste1": tactics hidden; "taste2": everything
    min_font: float = 6.0

    def __post_init__(self) -> None:
        if self.paper not in SIZES:
            raise ValueError(f"unknown paper {self.paper!r}; choose from {', '.join(SIZES)}")
        if self.labels not in LABEL_MODES:
            raise ValueError(f"labels must be one of {', '.join(LABEL_MODES)}")
        if self.stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}")
        lo, hi = MIN_FONT_RANGE
        if not lo <= self.min_font <= hi:
            raise ValueError(f"min_font must lie between {lo:g} and {hi:g} pt")

    @property
    def hoshin(self) -> bool:
        return self.labels == "hoshin"

    @property
    def shows_tactics(self) -> bool:
        return self.stage == "taste2"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: object) -> XMatrixOptions:
        """Options from a saved dict; missing, unknown or bad values fall back to defaults."""
        if not isinstance(d, Mapping):
            return cls()
        default = cls()
        values: dict[str, object] = {}
        for f in fields(cls):
            value = d.get(f.name, getattr(default, f.name))
            values[f.name] = _checked(f.name, value, getattr(default, f.name))
        return cls(**values)  # type: ignore[arg-type]


def _checked(name: str, value: object, default: object) -> object:
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if name == "paper":
        if isinstance(value, str):
            for known in SIZES:
                if known.lower() == value.strip().lower():
                    return known
        return default
    if name == "labels":
        return value if value in LABEL_MODES else default
    if name == "stage":
        return value if value in STAGES else default
    if name == "min_font":
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            lo, hi = MIN_FONT_RANGE
            if math.isfinite(number) and lo <= number <= hi:
                return number
        return default
    return default
