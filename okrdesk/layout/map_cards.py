"""Cards and relationship edges of an option map, drawn into a region of a page.

Shared by the Option Relationship Map, the Option Approach Map and the Plan on a Page. Map
positions are card centres in map units (see `okrdesk.layout.map_layout`); a drawing scales
them uniformly into its region, so what is on the canvas is what prints, only smaller.

Marks never rely on colour alone: each relation kind has its own dash pattern; directed kinds
end in an arrowhead (two short lines, role "arrow") at the target card's border, "conflicts"
has none; a pinned card carries a small filled square (role "pin") and a heavier border.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from okrdesk.layout.picture import Align, Box, Line, Primitive, Rect, TextRun
from okrdesk.layout.text import fit
from okrdesk.models.options import CONFLICTS, ENABLES, NEEDS, OptionNode, Relation

NOMINAL_FONT = 10.0  # card text size at 100%: a map is legible when scaled to >= min/nominal
MAX_FONT = 14.0
CARD_FILL = "#ffffff"
CARD_STROKE = "#333333"
Point = tuple[float, float]


@dataclass(frozen=True)
class EdgeStyle:
    """How one relation kind is drawn and named in the legend."""

    label: str
    dash: tuple[float, ...] = ()  # at 100%; () is solid
    color: str = "#000000"
    directed: bool = True  # "conflicts" is never directed, whatever its style says


DEFAULT_STYLES: dict[str, EdgeStyle] = {
    NEEDS: EdgeStyle("needs", (), "#222222"),
    ENABLES: EdgeStyle("enables", (6.0, 3.0), "#1f5fa8"),
    CONFLICTS: EdgeStyle("conflicts with", (1.0, 2.5), "#b3261e", directed=False),
}
# Dash patterns for user-defined kinds without a style, handed out in kind order.
SPARE_DASHES: tuple[tuple[float, ...], ...] = (
    (8.0, 2.0, 2.0, 2.0),
    (3.0, 3.0),
    (10.0, 3.0),
    (8.0, 2.0, 2.0, 2.0, 2.0, 2.0),
    (2.0, 4.0),
    (12.0, 2.0, 4.0, 2.0),
)


def resolve_styles(
    kinds: Iterable[str], given: Mapping[str, EdgeStyle]
) -> tuple[dict[str, EdgeStyle], list[str]]:
    """A style for each kind (given, else default, else a spare dash pattern), and warnings
    for kinds that would differ by colour alone."""
    styles: dict[str, EdgeStyle] = {}
    spare = 0
    for kind in sorted(set(kinds)):
        style = given.get(kind) or DEFAULT_STYLES.get(kind)
        if style is None:
            dash = SPARE_DASHES[spare % len(SPARE_DASHES)]
            style = EdgeStyle(kind, dash, "#555555")
            spare += 1
        if kind == CONFLICTS and style.directed:
            style = EdgeStyle(style.label, style.dash, style.color, directed=False)
        styles[kind] = style
    warnings = []
    seen: dict[tuple[tuple[float, ...], bool], str] = {}
    for kind, style in styles.items():
        other = seen.setdefault((style.dash, style.directed), kind)
        if other != kind:
            warnings.append(
                f'Relations "{styles[other].label}" and "{style.label}" look alike '
                "but for their colour: give one of them another dash pattern."
            )
    return styles, warnings


def arrowhead(
    tip: Point,
    towards: Point,
    length: float,
    role: str,
    ids: tuple[str, ...],
    color: str,
    width: float,
) -> list[Line]:
    """An open arrowhead: two short lines from `tip` back towards `towards`, 25° either side
    of the line they end."""
    dx, dy = tip[0] - towards[0], tip[1] - towards[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    out = []
    for sign in (1.0, -1.0):
        angle = sign * math.radians(25)
        bx = ux * math.cos(angle) - uy * math.sin(angle)
        by = ux * math.sin(angle) + uy * math.cos(angle)
        end = (tip[0] - bx * length, tip[1] - by * length)
        out.append(Line(*tip, *end, role, color, width, ids=ids))
    return out


def clip(p: Point, q: Point, a: Rect, b: Rect) -> tuple[Point, Point] | None:
    """The part of segment p → q between leaving rect `a` (which holds p) and entering rect `b`
    (which holds q), or None when the rects overlap along it."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    leave, enter = math.inf, -math.inf
    for d, start, lo_a, hi_a, lo_b, hi_b in (
        (dx, p[0], a.x, a.right, b.x, b.right),
        (dy, p[1], a.y, a.bottom, b.y, b.bottom),
    ):
        if abs(d) < 1e-12:
            continue
        leave = min(leave, max((lo_a - start) / d, (hi_a - start) / d))
        enter = max(enter, min((lo_b - start) / d, (hi_b - start) / d))
    if not (0.0 <= leave < enter <= 1.0):
        return None
    return (p[0] + leave * dx, p[1] + leave * dy), (p[0] + enter * dx, p[1] + enter * dy)


@dataclass
class MapDrawing:
    """Cards (and the edges between them) drawn at `scale`, map point `origin` at page point
    `anchor`; edges are listed first so that cards cover their ends."""

    scale: float
    origin: Point  # the map point drawn at `anchor`
    anchor: Point
    card: tuple[float, float]  # card size in map units
    min_font: float = 6.0
    edge_items: list[Primitive] = field(default_factory=list)
    card_items: list[Primitive] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rects: dict[str, Rect] = field(default_factory=dict)
    elided: int = 0

    @property
    def items(self) -> list[Primitive]:
        """Edges first, so cards are drawn over their ends."""
        return [*self.edge_items, *self.card_items]

    def to_page(self, p: Point) -> Point:
        return (
            self.anchor[0] + (p[0] - self.origin[0]) * self.scale,
            self.anchor[1] + (p[1] - self.origin[1]) * self.scale,
        )

    def card_rect(self, centre: Point) -> Rect:
        x, y = self.to_page(centre)
        w, h = self.card[0] * self.scale, self.card[1] * self.scale
        return Rect(x - w / 2, y - h / 2, w, h)

    def add_card(self, option: OptionNode, rect: Rect, pinned: bool) -> None:
        self.rects[option.id] = rect
        thick = 1.2 if pinned else 0.6
        self.card_items.append(
            Box(rect, "card", (option.id,), CARD_FILL, CARD_STROKE, thick * min(1.0, self.scale))
        )
        pad = max(1.0, min(4.0, 0.06 * min(rect.w, rect.h)))
        text = rect.inset(pad)
        if pinned:
            mark = max(2.0, min(6.0, 0.14 * rect.h))
            self.card_items.append(
                Box(
                    Rect(rect.right - pad - mark, rect.y + pad, mark, mark),
                    "pin",
                    (option.id,),
                    CARD_STROKE,
                    None,
                )
            )
            text = Rect(text.x, text.y, max(0.0, text.w - mark - pad), text.h)
        size = max(self.min_font, min(MAX_FONT, NOMINAL_FONT * self.scale))
        got = fit(option.title, max(0.1, text.w - 3.0), text.h, size, self.min_font)
        if got.truncated:
            self.elided += 1
        self.card_items.append(
            TextRun(
                text,
                got.lines,
                got.size,
                "card-text",
                (option.id,),
                align=Align.CENTER,
                truncated=got.truncated,
            )
        )

    def add_edges(self, relations: Sequence[Relation], styles: Mapping[str, EdgeStyle]) -> None:
        """Edges between drawn cards, parallel ones side by side, each once per kind."""
        pairs: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        for r in dict.fromkeys(relations):
            if r.source != r.target and r.source in self.rects and r.target in self.rects:
                pairs[(min(r.source, r.target), max(r.source, r.target))].append(r)
        skipped = 0
        width = max(0.4, min(1.5, self.scale))
        head = max(3.0, min(9.0, 7.0 * self.scale))
        for (low, high), group in sorted(pairs.items()):
            a, b = self.rects[low], self.rects[high]
            dx, dy = b.cx - a.cx, b.cy - a.cy
            norm = math.hypot(dx, dy) or 1.0
            nx_, ny_ = -dy / norm, dx / norm
            spread = min(4.0 * self.scale, 0.4 * min(a.w, a.h, b.w, b.h) / max(1, len(group)))
            group.sort(key=lambda r: (r.kind, r.source))
            for i, r in enumerate(group):
                off = (i - (len(group) - 1) / 2) * spread
                src, dst = self.rects[r.source], self.rects[r.target]
                p = (src.cx + nx_ * off, src.cy + ny_ * off)
                q = (dst.cx + nx_ * off, dst.cy + ny_ * off)
                ends = clip(p, q, src, dst)
                if ends is None:
                    skipped += 1
                    continue
                style = styles[r.kind]
                ids = (r.source, r.target)
                dash = tuple(d * max(0.5, min(1.0, self.scale)) for d in style.dash)
                (x1, y1), (x2, y2) = ends
                self.edge_items.append(
                    Line(x1, y1, x2, y2, f"edge:{r.kind}", style.color, width, dash, ids)
                )
                if style.directed and r.kind != CONFLICTS:
                    self.edge_items += arrowhead(
                        ends[1], ends[0], head, "arrow", ids, style.color, width
                    )
        if skipped:
            self.warnings.append(f"{skipped} relations join overlapping cards and are not drawn.")


def draw_cards(
    drawing: MapDrawing,
    options: Sequence[OptionNode],
    positions: Mapping[str, Point],
    pinned: Set[str],
) -> None:
    """Every option that has a position, as a card; the others are reported."""
    missing = 0
    for option in options:
        if option.id in positions:
            drawing.add_card(option, drawing.card_rect(positions[option.id]), option.id in pinned)
        else:
            missing += 1
    if missing:
        drawing.warnings.append(f"{missing} options have no position on this map.")


@dataclass(frozen=True)
class Fitted:
    """How a map's extent goes into a region: scale, which map point lands where, and how
    large the map is at 100% (in map units = points)."""

    scale: float
    origin: Point
    anchor: Point
    extent: tuple[float, float]


def fit_map(
    region: Rect,
    centres: Iterable[Point],
    card: tuple[float, float],
    area: tuple[float, float] | None = None,
    max_scale: float = 2.0,
) -> Fitted:
    """The largest uniform scale (at most `max_scale`) at which every card, and the map's
    `area` when given, fits `region`, centred in it."""
    points = list(centres)
    half_w, half_h = card[0] / 2, card[1] / 2
    lo_x = min((x - half_w for x, _ in points), default=-half_w)
    hi_x = max((x + half_w for x, _ in points), default=half_w)
    lo_y = min((y - half_h for _, y in points), default=-half_h)
    hi_y = max((y + half_h for _, y in points), default=half_h)
    if area is not None:
        lo_x, lo_y = min(lo_x, 0.0), min(lo_y, 0.0)
        hi_x, hi_y = max(hi_x, area[0]), max(hi_y, area[1])
    ext_w, ext_h = hi_x - lo_x, hi_y - lo_y
    scale = min(region.w / ext_w, region.h / ext_h, max_scale)
    return Fitted(
        scale, ((lo_x + hi_x) / 2, (lo_y + hi_y) / 2), (region.cx, region.cy), (ext_w, ext_h)
    )


def page_box(width: float, height: float) -> Box:
    return Box(Rect(0.0, 0.0, width, height), "page", (), fill="#ffffff", stroke=None)


def title_run(title: str, printable: Rect) -> tuple[list[Primitive], float]:
    """The title across the top of the printable area, and the y below it."""
    if not title.strip():
        return [], printable.y
    rect = Rect(printable.x, printable.y, printable.w, 20.0)
    got = fit(title, rect.w - 3.0, rect.h, 14.0, 8.0, bold=True, max_lines=1)
    return [TextRun(rect, got.lines, got.size, "title", bold=True, truncated=got.truncated)], (
        rect.bottom + 6.0
    )
