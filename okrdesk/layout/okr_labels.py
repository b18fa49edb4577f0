"""Text runs for the OKR pictures: one fitted line, or a wrapped block, always inside its rect.

A label shrinks to `MIN_FONT` before it is elided with "…", and is left out (None) when not
even "…" fits, so nothing an OKR picture draws can stick out of the box it was given.
"""

from __future__ import annotations

from okrdesk.layout.okr_format import INK
from okrdesk.layout.picture import Rect, TextRun
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.layout.text import LINE_HEIGHT, fit, wrap

MIN_FONT = 4.5


def label(
    text: str,
    rect: Rect,
    role: str,
    ids: tuple[str, ...],
    *,
    size: float,
    min_size: float = MIN_FONT,
    bold: bool = False,
    color: str = INK,
    right: bool = False,
    center: bool = False,
) -> TextRun | None:
    """One line of `text` in `rect`; the run is as wide as its text, against the rect's left
    edge, or its right edge (`right`), or in its middle (`center`)."""
    if rect.w <= 2 * TEXT_PAD or rect.h <= 0:
        return None
    got = fit(text, rect.w - 2 * TEXT_PAD, rect.h, size, min(size, min_size), bold, max_lines=1)
    if not got.lines:
        return None
    width = min(rect.w, got.width + 2 * TEXT_PAD)
    x = rect.x
    if right:
        x = rect.right - width
    elif center:
        x = rect.x + (rect.w - width) / 2
    return TextRun(
        Rect(x, rect.y, width, rect.h),
        got.lines,
        got.size,
        role,
        ids,
        bold=bold,
        color=color,
        truncated=got.truncated,
    )


def block(
    text: str,
    rect: Rect,
    role: str,
    ids: tuple[str, ...],
    *,
    size: float,
    min_size: float = MIN_FONT,
    bold: bool = False,
    color: str = INK,
    max_lines: int | None = None,
) -> TextRun | None:
    """`text` wrapped into `rect` at the largest size that fits, top-aligned: the run's rect
    is exactly the block of lines it holds."""
    if rect.w <= 2 * TEXT_PAD or rect.h <= 0:
        return None
    got = fit(
        text, rect.w - 2 * TEXT_PAD, rect.h, size, min(size, min_size), bold, max_lines=max_lines
    )
    if not got.lines:
        return None
    height = min(rect.h, len(got.lines) * LINE_HEIGHT * got.size)
    return TextRun(
        Rect(rect.x, rect.y, rect.w, height),
        got.lines,
        got.size,
        role,
        ids,
        bold=bold,
        color=color,
        truncated=got.truncated,
    )


def needed_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """How many lines `text` wraps to in `width` at `size` (0 for empty text)."""
    return len(wrap(text, max(1.0, width - 2 * TEXT_PAD), size, bold))
