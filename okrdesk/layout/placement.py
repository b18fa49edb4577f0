"""Where each line of a TextRun sits, shared by the screen and paper painters so that both
put every glyph in the same place.

Positions are in the run's own frame: origin at the top-left of its box as the text reads
(for a run rotated 90°, that box is the rect turned on its side: width = rect.h).
"""

from __future__ import annotations

from okrdesk.layout.fonts import measure
from okrdesk.layout.picture import Align, TextRun

# DejaVu Sans vertical metrics (hhea ascender 1901, descender -483 of 2048 units per em).
ASCENT = 1901 / 2048
DESCENT = 483 / 2048
TEXT_PAD = 1.5  # points kept clear inside a cell on the reading axis


def frame_size(run: TextRun) -> tuple[float, float]:
    """Width and height of the run's box in reading direction."""
    if run.rotation == 90:
        return run.rect.h, run.rect.w
    return run.rect.w, run.rect.h


def line_origins(run: TextRun) -> list[tuple[float, float, str]]:
    """(x, baseline y, text) of each line: the block is centred vertically in its box."""
    width, height = frame_size(run)
    block = len(run.lines) * run.leading
    top = (height - block) / 2
    inner = (run.leading - (ASCENT + DESCENT) * run.size) / 2 + ASCENT * run.size
    origins = []
    for index, line in enumerate(run.lines):
        if run.align == Align.CENTER:
            x = (width - measure(line, run.size, run.bold)) / 2
        else:
            x = TEXT_PAD
        origins.append((x, top + index * run.leading + inner, line))
    return origins
