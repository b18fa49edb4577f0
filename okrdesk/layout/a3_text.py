"""Section text on an A3 sheet: paragraphs and lists kept, fitted to a box with the bundled font.

`okrdesk.layout.text.fit` collapses a text to one paragraph, which suits a card title but not an
A3 section, where people write several paragraphs and lists. Here every line break the user
typed starts a new line (runs of blank lines count as one), and a paragraph that opens with a
list marker ("- ", "• ", "* ", "– ") wraps with its continuation lines indented under the text,
so lists stay readable. Everything else (cleaning, wrapping, eliding) is `text`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from okrdesk.layout.fonts import unit_width
from okrdesk.layout.text import LINE_HEIGHT, clean, elide, sizes_between, wrap

MARKERS = ("- ", "• ", "* ", "– ")
_EPS = 1e-6


@dataclass(frozen=True)
class Block:
    """Lines to draw at `size`; `hidden` counts the characters (spaces aside) left out."""

    lines: tuple[str, ...]
    size: float
    truncated: bool = False
    hidden: int = 0

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT * self.size


def paragraphs(text: str) -> list[str]:
    """The paragraphs as displayed: each cleaned, one blank between blocks, none at the ends."""
    out: list[str] = []
    for raw in text.splitlines():
        para = clean(raw)
        if para or (out and out[-1]):
            out.append(para)
    while out and not out[-1]:
        out.pop()
    return out


def _visible(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _wrap_paragraph(para: str, width: float, size: float) -> list[str]:
    if not para:
        return [""]
    marker = next((m for m in MARKERS if para.startswith(m) and len(para) > len(m)), None)
    if marker is None:
        return wrap(para, width, size)
    spaces = math.ceil(unit_width(marker) / unit_width(" ") - _EPS)
    indent = " " * spaces
    body = wrap(para[len(marker) :], width - unit_width(indent) * size, size)
    return [marker + body[0], *(indent + line for line in body[1:])]


def block_lines(paras: list[str], width: float, size: float) -> list[str]:
    """Every paragraph wrapped to `width` at `size`, in order."""
    return [line for para in paras for line in _wrap_paragraph(para, width, size)]


def _fits(lines: list[str], width: float, height: float, size: float) -> bool:
    if len(lines) * LINE_HEIGHT * size > height + _EPS:
        return False
    return all(unit_width(line) * size <= width + _EPS for line in lines)


def lines_needed(text: str, width: float, size: float) -> int:
    """How many lines `text` takes in `width` at `size`."""
    return len(block_lines(paragraphs(text), width, size))


def fit_block(text: str, width: float, height: float, max_size: float, min_size: float) -> Block:
    """The largest size (half-point steps from max_size down to min_size) at which `text` fits
    `width` × `height`; if none does, the lines that fit at min_size, the last one ending in
    "…", with `truncated` set and the characters left out counted."""
    paras = paragraphs(text)
    if not paras:
        return Block((), max_size)
    sizes = sizes_between(max_size, min_size)
    lo, hi = 0, len(sizes)
    found: Block | None = None
    while lo < hi:  # the first (largest) size that fits; fitting only gets easier smaller
        mid = (lo + hi) // 2
        lines = block_lines(paras, width, sizes[mid])
        if _fits(lines, width, height, sizes[mid]):
            found, hi = Block(tuple(lines), sizes[mid]), mid
        else:
            lo = mid + 1
    if found is not None:
        return found
    size = min_size
    lines = block_lines(paras, width, size)
    room = max(0, math.floor((height + _EPS) / (LINE_HEIGHT * size)))
    kept = lines[:room]
    while kept and not kept[-1].strip():
        kept.pop()
    kept = [line for line in kept if unit_width(line) * size <= width + _EPS]
    if kept:
        kept[-1] = elide(kept[-1], width, size)
    ellipses = 1 if kept and kept[-1] else 0  # the "…" is not the user's
    shown = _visible("".join(kept)) - ellipses
    hidden = _visible("".join(paras)) - shown
    return Block(tuple(line for line in kept if line), size, True, max(hidden, 1))
