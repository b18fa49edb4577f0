"""The fonts text is measured and drawn with: layout measures with them, painters draw with them.

Widths come from DejaVu Sans (regular and bold) as ReportLab reads it: a string is as wide as
the sum of its characters' advance widths (no kerning). Two things change which glyph a
character gets, and the width follows it, so what the layout reserves is what the PDF draws:
- Arabic letters are measured in their joined presentation forms (okrdesk.layout.shaping), the
  form the PDF draws;
- a character DejaVu Sans lacks is measured in the first fallback font on this computer that
  has it (okrdesk.layout.fallback_fonts); when no font has it, as DejaVu's missing-glyph box,
  which is what the PDF then shows (and reports).
Each font file is parsed once, on first use; widths are cached per string at unit size.
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
from okrdesk.layout import fallback_fonts
from okrdesk.layout.shaping import BIDI_CONTROLS, has_arabic, join_arabic

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


def font_for(char: str, bold: bool = False) -> TTFont | None:
    """The font that draws `char`: the bundled one of that weight when it has the glyph, then
    the bundled regular (fallbacks have no bold either), then the first fallback font that
    has it; None when no font does (it prints as the bundled font's missing-glyph box)."""
    code = ord(char)
    font = ttfont(bold)
    if code in font.face.charToGlyph:
        return font
    if bold and code in ttfont(False).face.charToGlyph:
        return ttfont(False)
    return fallback_fonts.font_for(char)


def covers(char: str, bold: bool = False) -> bool:
    """True when the bundled font itself has a glyph for `char` (for a longer string: for each
    of its characters). Whether a character prints at all, a fallback font included: `prints`."""
    glyphs = ttfont(bold).face.charToGlyph
    return all(ord(c) in glyphs for c in char)


def prints(text: str, bold: bool = False) -> bool:
    """True when some font (bundled or fallback) draws every character of `text`."""
    return all(font_for(c, bold) is not None for c in text)


def shaped(text: str, bold: bool = False) -> str:
    """`text` in the form that is measured and drawn: each word's Arabic letters joined,
    unless a joined form would not print where the plain letter does."""
    if not has_arabic(text):
        return text
    return _shaped(text, bold, fallback_fonts.search())


@lru_cache(maxsize=1 << 14)
def _shaped(text: str, bold: bool, _search: fallback_fonts.Search) -> str:
    words = []
    for word in text.split(" "):
        joined = join_arabic(word)
        added = set(joined) - set(word)
        words.append(joined if all(font_for(c, bold) for c in added) else word)
    return " ".join(words)


def font_runs(text: str, bold: bool = False) -> list[tuple[TTFont, str]]:
    """`text` (already shaped and in visual order) cut into runs drawn with one font each;
    characters no font has go with the bundled font, which draws its missing-glyph box."""
    runs: list[tuple[TTFont, str]] = []
    for char in text:
        font = font_for(char, bold) or ttfont(bold)
        if runs and runs[-1][0] is font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


@cache
def _table(bold: bool) -> tuple[dict[int, float], float]:
    face = ttfont(bold).face
    return dict(face.charWidths), float(face.defaultWidth)


def unit_width(text: str, bold: bool = False) -> float:
    """Width of `text` at 1 pt, as drawn (see the module docstring)."""
    return _unit_width(text, bold, fallback_fonts.search())


@lru_cache(maxsize=1 << 16)
def _unit_width(text: str, bold: bool, _search: fallback_fonts.Search) -> float:
    widths, missing = _table(bold)
    total = 0.0
    for char in shaped(text, bold):
        if char in BIDI_CONTROLS:  # invisible and never drawn
            continue
        width = widths.get(ord(char))
        if width is None:
            font = font_for(char, bold)
            width = font.face.charWidths.get(ord(char), missing) if font else missing
        total += width
    return total / 1000.0


def measure(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` at `size`, as the painters draw it."""
    return unit_width(text, bold) * size
