"""The bundled font's metrics: layout measures text with them, painters draw with the same file.

Widths come from DejaVu Sans (regular and bold) as ReportLab reads it: a string is as wide as
the sum of its characters' advance widths (no kerning, no shaping), and a character the font
lacks is as wide as the font's missing-glyph box, which is what the PDF then shows. Each font
file is parsed once, on first use; widths are cached per string at unit size.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache, lru_cache
from importlib.resources import as_file
from pathlib import Path
from types import MappingProxyType

from reportlab.pdfbase.ttfonts import TTFont

from okrdesk.assets import resource

FONT_NAMES: MappingProxyType[str, str] = MappingProxyType(
    {"regular": "DejaVuSans", "bold": "DejaVuSans-Bold"}
)
_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}

# Keeps extracted copies alive when resources live in a zip (a frozen app); a checkout or an
# installed wheel hands out the real file and extracts nothing.
_stack = ExitStack()
atexit.register(_stack.close)

FONT_FILES: MappingProxyType[str, Path] = MappingProxyType(
    {
        style: _stack.enter_context(as_file(resource("fonts", name)))
        for style, name in _FILES.items()
    }
)


def style_of(bold: bool) -> str:
    return "bold" if bold else "regular"


@cache
def ttfont(bold: bool = False) -> TTFont:
    """The ReportLab font object (loaded once); a PDF painter may register this very object."""
    style = style_of(bold)
    return TTFont(FONT_NAMES[style], str(FONT_FILES[style]))


@cache
def _table(bold: bool) -> tuple[dict[int, float], float]:
    face = ttfont(bold).face
    return dict(face.charWidths), float(face.defaultWidth)


@lru_cache(maxsize=1 << 16)
def unit_width(text: str, bold: bool = False) -> float:
    """Width of `text` at 1 pt."""
    widths, missing = _table(bold)
    get = widths.get
    return sum(get(ord(c), missing) for c in text) / 1000.0


def measure(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set in the bundled DejaVu Sans at `size`."""
    return unit_width(text, bold) * size


def covers(char: str, bold: bool = False) -> bool:
    """True when the bundled font has a glyph for `char` (for a longer string: for each of its
    characters), so what cannot print can be reported."""
    glyphs = ttfont(bold).face.charToGlyph
    return all(ord(c) in glyphs for c in char)
