"""A picture: page geometry in points, drawn identically by the Qt canvas and the PDF painter.

Coordinates: origin at the page's top-left corner, x to the right, y downwards, in PostScript
points (1/72 inch). Every primitive carries the role it plays and the model ids it shows,
so a painter can hit-test it and a test can find it by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def contains(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Rect, tolerance: float = 0.01) -> bool:
        """True when the interiors intersect (touching edges do not count)."""
        return (
            self.x < other.right - tolerance
            and other.x < self.right - tolerance
            and self.y < other.bottom - tolerance
            and other.y < self.bottom - tolerance
        )

    def inset(self, d: float) -> Rect:
        return Rect(self.x + d, self.y + d, max(0.0, self.w - 2 * d), max(0.0, self.h - 2 * d))


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class Box:
    """A filled and/or stroked rectangle: a cell, a band, a page frame."""

    rect: Rect
    role: str
    ids: tuple[str, ...] = ()
    fill: str | None = None  # "#rrggbb" or None
    stroke: str | None = "#000000"
    stroke_width: float = 0.5
    dash: tuple[float, ...] = ()  # stroke dash pattern in points; () is a solid stroke


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    role: str
    color: str = "#000000"
    width: float = 0.5
    dash: tuple[float, ...] = ()
    ids: tuple[str, ...] = ()  # e.g. (source, target) of the relation an edge shows


@dataclass(frozen=True)
class TextRun:
    """Lines of text already wrapped to fit `rect` at `size` with the bundled font.

    With rotation 90 the text reads bottom-to-top: its lines run along the rect's height
    and stack across its width. `baseline` offsets are relative to the rect's (rotated)
    top-left corner, so painters need no font metrics of their own. The X-Matrix layout
    makes the rect the block its lines fill, inside their cell (okrdesk.layout.placement
    says where each line sits in it).
    """

    rect: Rect
    lines: tuple[str, ...]
    size: float
    role: str
    ids: tuple[str, ...] = ()
    bold: bool = False
    rotation: int = 0  # 0 or 90
    align: Align = Align.LEFT
    color: str = "#000000"
    line_height: float = 0.0  # 0: 1.2 × size
    truncated: bool = False  # the text was elided to fit at the minimum size

    @property
    def leading(self) -> float:
        return self.line_height or self.size * 1.2


class Shape(StrEnum):
    DISC = "disc"  # ● strong (both modes), lead
    CIRCLE = "circle"  # ○ weak (TASTE), medium (Hoshin), support
    HALF = "half"  # ◐ medium in TASTE mode (only when a file holds one)
    TRIANGLE = "triangle"  # △ weak (Hoshin), consulted


@dataclass(frozen=True)
class Glyph:
    """A correlation or ownership mark centred in its cell; shapes never rely on colour."""

    cx: float
    cy: float
    radius: float
    shape: Shape
    role: str
    ids: tuple[str, ...] = ()
    color: str = "#000000"


Primitive = Box | Line | TextRun | Glyph


def extent(item: Primitive, *, ink: bool = False) -> Rect:
    """The rectangle a primitive's geometry spans; with `ink`, generously where it may leave
    ink (stroke widths, text ascenders and descenders, a glyph's outline)."""
    if isinstance(item, Box | TextRun):
        if not ink:
            return item.rect
        return item.rect.inset(-(item.stroke_width if isinstance(item, Box) else item.size))
    if isinstance(item, Line):
        x, y = min(item.x1, item.x2), min(item.y1, item.y2)
        rect = Rect(x, y, abs(item.x2 - item.x1), abs(item.y2 - item.y1))
        return rect.inset(-item.width) if ink else rect
    r = item.radius * (1.5 if ink else 1.0)
    return Rect(item.cx - r, item.cy - r, 2 * r, 2 * r)


@dataclass(frozen=True)
class Picture:
    """One page: its size, what is on it, and what the layout could not do.

    When `clip` is set, painters draw `items` only inside that rectangle (a tile of a larger
    picture shows just its part) and then draw `overlay` unclipped on top (a tile's overlap
    marks and page label). Painters draw `overlay` last in every case.
    """

    width: float
    height: float
    items: tuple[Primitive, ...]
    title: str = ""
    warnings: tuple[str, ...] = ()
    meta: dict[str, object] = field(default_factory=dict, compare=False)
    clip: Rect | None = None
    overlay: tuple[Primitive, ...] = ()

    def with_role(self, role: str) -> list[Primitive]:
        return [item for item in self.items if item.role == role]

    def showing(self, element_id: str) -> list[Primitive]:
        """Every primitive that shows this model id."""
        return [item for item in self.items if element_id in getattr(item, "ids", ())]
