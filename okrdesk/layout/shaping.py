"""Right-to-left text made drawable by a painter that only places glyphs left to right.

ReportLab's drawString neither shapes nor reorders. So Arabic letters are first replaced by
their joined presentation forms (initial, medial, final, lam-alef ligatures; `arabic_reshaper`),
which is also the form the layout measures, and each line is then put in visual order (the
Unicode bidi algorithm, `python-bidi`) just before it is drawn. Qt does both itself on screen.
Combining marks stay in front of their right-to-left letter, as the bidi algorithm leaves them:
DejaVu Sans draws its Hebrew and Arabic marks to the right of the pen (no mark positioning in a
PDF text string), which is then over the letter that follows.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache, lru_cache

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.reshaper_config import default_config
from bidi import get_display
from bidi.mirror import MIRRORED

# Arabic, Arabic Supplement, Arabic Extended-A/B: the letters that join.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff]")
# Hebrew, Arabic and the other right-to-left blocks, presentation forms included, and the
# controls that make text right to left (RLE, RLO, RLI).
_STRONG_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\u202b\u202e\u2067]"
)
# Explicit direction marks, embeddings and isolates: they steer the bidi algorithm and are
# never seen (DejaVu Sans lacks some of them), so they measure 0 and are not drawn.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_LEVELS = re.compile(r"levels:\s*\[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+)")
_TRAILING = frozenset({"WS", "BN", "S", "LRI", "RLI", "FSI", "PDI"})


@cache
def _reshaper() -> ArabicReshaper:
    settings = dict(default_config)
    # Diacritics (harakat) are the user's text: keep them. The Allah ligature is a stylistic
    # form the joined letters spell as well; lam-alef stays, Arabic requires it.
    settings.update({"delete_harakat": False, "ARABIC LIGATURE ALLAH": False})
    # Every setting is given here, so a PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE in the
    # environment cannot change what a PDF looks like; the empty file stops it being read.
    empty = os.devnull if os.path.exists(os.devnull) else None
    return ArabicReshaper(configuration=settings, configuration_file=empty)


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


@lru_cache(maxsize=1 << 14)
def join_arabic(word: str) -> str:
    """`word` with its Arabic letters in their joined presentation forms (other text as is)."""
    if not has_arabic(word):
        return word
    return str(_reshaper().reshape(word))


def is_rtl(text: str) -> bool:
    """True when `text` holds a right-to-left character (Hebrew, Arabic, ...) or control."""
    return _STRONG_RTL.search(text) is not None


def paragraph_direction(text: str) -> str:
    """'R' when the first strong character of `text` reads right to left, else 'L'."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "L"


def visual_order(line: str, direction: str | None = None) -> str:
    """`line` as it is seen, left to right, in a paragraph of `direction` ('L'/'R'; None:
    from the line itself), brackets mirrored where they read right to left, bidi controls
    left out. Lines without right-to-left characters only lose their bidi controls."""
    if is_rtl(line):
        base = direction or paragraph_direction(line)
        levels = embedding_levels(line, base)
        # None: python-bidi's report was not understood; its order then, unmirrored.
        line = str(get_display(line, base_dir=base)) if levels is None else _reorder(line, levels)
    if BIDI_CONTROLS.isdisjoint(line):
        return line
    return "".join(c for c in line if c not in BIDI_CONTROLS)


def embedding_levels(line: str, direction: str) -> list[int] | None:
    """The resolved bidi level of each character of `line` (odd: right to left), after
    rule L1; None if python-bidi's report cannot be read.

    python-bidi reorders with the Rust unicode-bidi crate, which resolves bracket pairs but
    does not mirror them (rule L4 is left to the renderer) and hands out the levels only in
    its debug report, one per UTF-8 byte."""
    report = str(get_display(line, base_dir=direction, debug=True))
    found = _LEVELS.search(report)
    if found is None:
        return None
    per_byte = [int(level) for level in _LEVEL.findall(found.group(1))]
    if len(per_byte) != len(line.encode("utf-8")):
        return None
    levels, at = [], 0
    for char in line:
        levels.append(per_byte[at])
        at += len(char.encode("utf-8"))
    # L1: whitespace at the end of the line takes the paragraph's level.
    end = len(line)
    while end and unicodedata.bidirectional(line[end - 1]) in _TRAILING:
        end -= 1
        levels[end] = 1 if direction == "R" else 0
    return levels


def _reorder(line: str, levels: list[int]) -> str:
    """Rules L2 (reverse every run at or above each odd level, highest first) and L4 (a
    right-to-left bracket shows its mirror image)."""
    chars = [MIRRORED.get(c, c) if level % 2 else c for c, level in zip(line, levels, strict=True)]
    order = list(range(len(chars)))
    odd = [level for level in levels if level % 2]
    for floor in range(max(levels), min(odd, default=max(levels) + 1) - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < floor:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= floor:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return "".join(chars[i] for i in order)
