"""Wrapping and fitting text into boxes with the bundled font's metrics.

User text is data: whitespace (newlines included) collapses to single spaces and control
characters are dropped before anything is measured. Lines break greedily at spaces; a word too
long for a line is broken between characters, never inside a character and its combining marks.
A line is LINE_HEIGHT × size tall.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from okrdesk.layout.fonts import unit_width

LINE_HEIGHT = 1.2
ELLIPSIS = "…"
STEP = 0.5
_EPS = 1e-6
_DROPPED = frozenset({"Cc", "Cs"})  # control characters; lone surrogates cannot be printed
_ZWJ = "\u200d"


@dataclass(frozen=True)
class FitResult:
    lines: tuple[str, ...]
    size: float
    truncated: bool
    width: float = 0.0  # the widest line at `size`, in points

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT * self.size


@lru_cache(maxsize=1 << 14)
def clean(text: str) -> str:
    """The text as displayed: whitespace runs → one space, control characters dropped."""
    if text.isprintable() and "  " not in text and text == text.strip():
        return text
    kept = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or unicodedata.category(c) not in _DROPPED
    )
    return " ".join(kept.split())


def _joins(c: str) -> bool:
    """True when `c` belongs to the character before it (a mark, a selector, a modifier)."""
    o = ord(c)
    return (
        unicodedata.combining(c) != 0
        or unicodedata.category(c) in ("Mn", "Me", "Mc")
        or 0xFE00 <= o <= 0xFE0F
        or 0x1F3FB <= o <= 0x1F3FF
        or 0xE0100 <= o <= 0xE01EF
        or c == _ZWJ
    )


def clusters(text: str) -> list[str]:
    """`text` cut into user-perceived characters (a base with its marks; ZWJ sequences whole)."""
    out: list[str] = []
    glue = False
    for c in text:
        if out and (glue or _joins(c)):
            out[-1] += c
        else:
            out.append(c)
        glue = c == _ZWJ
    return out


def _break_word(word: str, limit: float, bold: bool) -> list[str]:
    """Pieces of `word` each at most `limit` wide at unit size (a lone wider cluster overflows)."""
    pieces: list[str] = []
    cur = ""
    cur_w = 0.0
    for cl in clusters(word):
        w = unit_width(cl, bold)
        if cur and cur_w + w > limit + _EPS:
            pieces.append(cur)
            cur, cur_w = "", 0.0
        cur += cl
        cur_w += w
    if cur:
        pieces.append(cur)
    return pieces


def _wrap_units(
    words: Sequence[str],
    widths: Sequence[float],
    space: float,
    limit: float,
    bold: bool,
    break_words: bool = True,
) -> list[str] | None:
    """Greedy lines at unit size; None when a word is too long and may not be broken."""
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for word, ww in zip(words, widths, strict=True):
        if cur:
            if cur_w + space + ww <= limit + _EPS:
                cur.append(word)
                cur_w += space + ww
                continue
            lines.append(" ".join(cur))
            cur, cur_w = [], 0.0
        if ww <= limit + _EPS:
            cur, cur_w = [word], ww
        elif not break_words:
            return None
        else:
            pieces = _break_word(word, limit, bold)
            lines.extend(pieces[:-1])
            cur, cur_w = [pieces[-1]], unit_width(pieces[-1], bold)
    if cur:
        lines.append(" ".join(cur))
    return lines


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy lines of `text` no wider than `width` at `size` (a single character wider than
    `width` still gets a line of its own)."""
    shown = clean(text)
    if not shown or size <= 0:
        return []
    words = shown.split(" ")
    widths = [unit_width(w, bold) for w in words]
    return _wrap_units(words, widths, unit_width(" ", bold), width / size, bold) or []


def elide(line: str, width: float, size: float, bold: bool = False) -> str:
    """`line` shortened with a trailing "…" to fit `width` ("" when not even "…" fits)."""
    limit = width / size + _EPS
    if unit_width(ELLIPSIS, bold) > limit:
        return ""
    parts = clusters(line)
    while parts and unit_width("".join(parts) + ELLIPSIS, bold) > limit:
        parts.pop()
    return "".join(parts).rstrip() + ELLIPSIS


def sizes_between(max_size: float, min_size: float) -> list[float]:
    """Candidate sizes, largest first, in STEP steps from max_size, ending at min_size."""
    if max_size <= min_size:
        return [min_size]
    n = math.floor((max_size - min_size) / STEP + _EPS)
    out = [max_size - k * STEP for k in range(n + 1)]
    if out[-1] > min_size + _EPS:
        out.append(min_size)
    return out


def fit(
    text: str,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    bold: bool = False,
    max_lines: int | None = None,
    break_words: bool = True,
) -> FitResult:
    """The largest size (STEP steps from max_size, never below min_size) at which `text` wraps
    into `width` × `height`, breaking no word if any size allows, else (if `break_words`)
    breaking long words between characters. If no size fits: the lines that fit at min_size,
    the last one elided by "…", and `truncated` set."""
    shown = clean(text)
    if not shown:
        return FitResult((), max_size, False)
    cap = max_lines if max_lines is not None else 1 << 30
    words = shown.split(" ")
    widths = [unit_width(w, bold) for w in words]
    space = unit_width(" ", bold)
    total = sum(widths) + space * (len(words) - 1)

    def attempt(size: float, break_words: bool) -> tuple[list[str], float] | None:
        lines = _wrap_units(words, widths, space, width / size, bold, break_words)
        if lines is None:
            return None
        widest = max(unit_width(line, bold) for line in lines) * size
        if (
            len(lines) <= cap
            and len(lines) * LINE_HEIGHT * size <= height + _EPS
            and widest <= width + _EPS
        ):
            return lines, widest
        return None

    sizes = sizes_between(max_size, min_size)
    if total * sizes[0] <= width + _EPS and LINE_HEIGHT * sizes[0] <= height + _EPS and cap >= 1:
        return FitResult((shown,), sizes[0], False, total * sizes[0])
    # Fitting is monotone in the size: search for the first size that fits.
    for breaking in (False, True) if break_words else (False,):
        lo, hi = 0, len(sizes)
        found: tuple[list[str], float] | None = None
        found_size = sizes[-1]
        while lo < hi:
            mid = (lo + hi) // 2
            got = attempt(sizes[mid], breaking)
            if got is not None:
                found, found_size = got, sizes[mid]
                hi = mid
            else:
                lo = mid + 1
        if found is not None:
            return FitResult(tuple(found[0]), found_size, False, found[1])
    return _truncated(words, widths, space, width, height, min_size, bold, cap)


def _truncated(
    words: Sequence[str],
    widths: Sequence[float],
    space: float,
    width: float,
    height: float,
    size: float,
    bold: bool,
    cap: int,
) -> FitResult:
    room = min(cap, math.floor((height + _EPS) / (LINE_HEIGHT * size)))
    if room <= 0:
        return FitResult((), size, True)
    lines = _wrap_units(words, widths, space, width / size, bold) or []
    kept = lines[:room]
    limit = width / size + _EPS
    out: list[str] = []
    for i, line in enumerate(kept):
        last = i == len(kept) - 1
        if unit_width(line, bold) > limit or (last and len(lines) > room):
            line = elide(line, width, size, bold)
        if line:  # a line too narrow for even "…" is left out
            out.append(line)
    widest = max((unit_width(line, bold) for line in out), default=0.0) * size
    return FitResult(tuple(out), size, True, widest)
