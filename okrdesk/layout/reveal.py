"""The progressive reveal: the X-Matrix shown one part at a time, in Karl Scotland's order.

A full matrix makes eyes glaze over; presented step by step it tells its story (Meaning,
Measure, Method: Evidence comes before Tactics to avoid confirmation bias). Each step is the
whole page of the full layout with only what has been revealed so far: the grid, arm titles,
legend and footer always, an element's text once its section is shown, a mark once its corner
is, the owners with the tactics. What the step adds is tinted, and the footer names the step.
Same geometry on every page, so flipping through the pages reads like an animation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from okrdesk.layout.fonts import measure
from okrdesk.layout.picture import Box, Picture, Primitive, Rect, TextRun
from okrdesk.models.kinds import ElementKind
from okrdesk.models.snapshot import Snapshot

K = ElementKind
TINT = "#fff1b8"
CAPTION_FONT = 8.0


@dataclass(frozen=True)
class Step:
    title: str
    adds: frozenset[ElementKind]  # one section, or the two sections of a corner


STEPS: tuple[Step, ...] = (
    Step("True North", frozenset({K.TRUE_NORTH})),
    Step("Aspirations", frozenset({K.ASPIRATION})),
    Step("Strategies", frozenset({K.STRATEGY})),
    Step("Strategies × Aspirations", frozenset({K.STRATEGY, K.ASPIRATION})),
    Step("Evidence", frozenset({K.EVIDENCE})),
    Step("Evidence × Aspirations", frozenset({K.EVIDENCE, K.ASPIRATION})),
    Step("Tactics", frozenset({K.TACTIC})),
    Step("Tactics × Strategies", frozenset({K.TACTIC, K.STRATEGY})),
    Step("Tactics × Evidence", frozenset({K.TACTIC, K.EVIDENCE})),
)


def _shown(step: int) -> tuple[set[ElementKind], set[frozenset[ElementKind]]]:
    """Sections and corners revealed after `step` (0-based)."""
    sections: set[ElementKind] = set()
    corners: set[frozenset[ElementKind]] = set()
    for s in STEPS[: step + 1]:
        if len(s.adds) == 2:
            corners.add(s.adds)
        else:
            sections.update(s.adds)
    return sections, corners


def _kinds(item: Primitive, kind_of: dict[str, ElementKind]) -> frozenset[ElementKind] | None:
    """The sections an item shows; None for an item about no element (frame, legend, owners)."""
    ids = getattr(item, "ids", ())
    kinds = frozenset(kind_of[i] for i in ids if i in kind_of)
    return kinds or None


def _caption(picture: Picture, text: str) -> Primitive | None:
    footer = next((i for i in picture.items if i.role == "footer-area"), None)
    if not isinstance(footer, Box):
        return None
    r = footer.rect
    width = measure(text, CAPTION_FONT, bold=True) + 2.0
    rect = Rect(r.right - width, r.y + (r.h - CAPTION_FONT * 1.2) / 2, width, CAPTION_FONT * 1.2)
    return TextRun(rect, (text,), CAPTION_FONT, "reveal-step", bold=True)


def reveal_step(picture: Picture, snapshot: Snapshot, step: int) -> Picture:
    """The X-Matrix `picture` (of `snapshot`) as it looks at reveal step `step` (0-based)."""
    kind_of = {e.id: e.kind for e in snapshot.elements}
    sections, corners = _shown(step)
    adds = STEPS[step].adds
    items: list[Primitive] = []
    for item in picture.items:
        kinds = _kinds(item, kind_of)
        if isinstance(item, Box):  # the grid stays; what this step fills in is tinted
            items.append(replace(item, fill=TINT) if kinds == adds else item)
            continue
        if kinds is None:
            owners_too = bool(getattr(item, "ids", ())) and K.TACTIC not in sections
            if not owners_too:
                items.append(item)
            continue
        if not kinds <= sections:
            continue
        if len(kinds) == 2 and kinds not in corners:
            continue
        items.append(item)
    caption = _caption(picture, f"Step {step + 1} of {len(STEPS)} · {STEPS[step].title}")
    return replace(
        picture,
        items=tuple(items) + ((caption,) if caption else ()),
        warnings=(),
        meta={**picture.meta, "reveal_step": step + 1},
    )


def reveal_pictures(picture: Picture, snapshot: Snapshot) -> list[tuple[Picture, str]]:
    """Every step, with its bookmark title ("1. True North" …)."""
    return [(reveal_step(picture, snapshot, i), f"{i + 1}. {s.title}") for i, s in enumerate(STEPS)]
