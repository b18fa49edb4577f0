"""Fonts on this computer that draw the characters the bundled DejaVu Sans lacks (CJK, ...).

Where fonts are looked for:
- the environment variable OKRDESK_FONT_DIRS, when set: only the fonts under those folders
  (os.pathsep-separated); set but empty, no fallback fonts at all;
- otherwise fontconfig (`fc-list`) when it is installed, which also says which characters
  each font has, so no font is opened just to learn that it lacks one;
- otherwise the standard font folders of Linux, macOS and Windows and the user's own.
`use_font_dirs()` overrides all of that from code (tests, an embedding application).

Only fonts ReportLab can embed qualify: TrueType outlines ('glyf'; .ttc collections by
subfont index), not CFF-flavoured .otf and not colour (bitmap, layered or SVG) emoji fonts,
and any file that fails to load is skipped. Fonts are tried plain faces first (no bold,
italic, condensed ... in the file name), then in path order, so the same fonts give the same
choice every time; each is opened only when a character the bundled font lacks is asked for,
and only once. Fallback fonts have no bold: bold text uses the same face.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

ENV_VAR = "OKRDESK_FONT_DIRS"
_SUFFIXES = (".ttf", ".ttc", ".otf")
# Tables that mean the glyphs are colour pictures or PostScript outlines ReportLab can't embed.
_UNUSABLE_TABLES = frozenset({b"CBDT", b"sbix", b"COLR", b"SVG ", b"CFF ", b"CFF2"})
_MAX_SUBFONTS = 64
_STYLED = re.compile(
    r"bold|italic|oblique|light|thin|black|heavy|medium|semi|demi|condensed|narrow", re.I
)

Search = tuple[str, ...] | None  # None: the system's fonts; a tuple: only under those folders
_override: list[Search] = []


@dataclass(frozen=True, order=True)
class FontSource:
    """One font face in a file; `name` is what it is registered as with ReportLab."""

    path: str
    index: int = 0
    name: str = field(default="", compare=False)
    # Inclusive code point ranges fontconfig says the face has; None when unknown.
    charset: tuple[tuple[int, int], ...] | None = field(default=None, compare=False, repr=False)

    def may_have(self, code: int) -> bool:
        if self.charset is None:
            return True
        at = bisect.bisect_right(self.charset, (code, sys.maxunicode + 1)) - 1
        return at >= 0 and self.charset[at][0] <= code <= self.charset[at][1]


def use_font_dirs(dirs: Iterable[str | os.PathLike[str]] | None) -> None:
    """Look for fallback fonts only under `dirs` ([] turns fallback fonts off); None goes back
    to the default (OKRDESK_FONT_DIRS, else the system's fonts)."""
    _override.clear()
    if dirs is not None:
        _override.append(tuple(str(d) for d in dirs))


def search() -> Search:
    """The search in force; part of every cache key that depends on fallback fonts."""
    if _override:
        return _override[0]
    raw = os.environ.get(ENV_VAR)
    if raw is None:
        return None
    return tuple(part for part in raw.split(os.pathsep) if part)


def font_for(char: str) -> TTFont | None:
    """The first fallback font (in path order) that has a glyph for `char`, loaded once."""
    return _font_for(char, search())


def sources() -> tuple[FontSource, ...]:
    """The candidate faces of the search in force, in the order they are tried."""
    return _candidates(search())


@lru_cache(maxsize=1 << 12)
def _font_for(char: str, where: Search) -> TTFont | None:
    code = ord(char)
    for source in _candidates(where):
        if not source.may_have(code):
            continue
        font = _load(source)
        if font is not None and font.face.charToGlyph.get(code):
            return font
    return None


@lru_cache(maxsize=8)
def _candidates(where: Search) -> tuple[FontSource, ...]:
    if where is None:
        found = _from_fontconfig()
        if found is None:
            found = _scan(_system_dirs())
    else:
        found = _scan(Path(d) for d in where)
    return _named(sorted(set(found), key=_preference))


def _preference(source: FontSource) -> tuple[int, str, int]:
    """Upright regular faces first (a missing character should not turn up bold, italic or
    condensed when a plain face has it), then path order: stable on a given computer."""
    return (1 if _STYLED.search(Path(source.path).stem) else 0, source.path, source.index)


def _named(found: list[FontSource]) -> tuple[FontSource, ...]:
    """Give each face a stable ReportLab name (from its file name; numbered if repeated)."""
    out: list[FontSource] = []
    seen: set[str] = set()
    for source in found:
        stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(source.path).stem).strip("-") or "font"
        base = f"Fallback-{stem}" + (f"-{source.index}" if source.index else "")
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name)
        out.append(FontSource(source.path, source.index, name, source.charset))
    return tuple(out)


@cache
def _load(source: FontSource) -> TTFont | None:
    """The face as a ReportLab font, or None when it cannot be embedded or read."""
    if not _has_embeddable_outlines(source.path, source.index):
        return None
    try:
        return TTFont(source.name, source.path, subfontIndex=source.index)
    except Exception:  # a broken or unsupported font file only means "not this one"
        return None


def _has_embeddable_outlines(path: str, index: int) -> bool:
    """Read the face's table directory: TrueType outlines present, no colour/CFF tables."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                f.seek(12 + 4 * index)
                (offset,) = struct.unpack(">I", f.read(4))
                f.seek(offset)
                head = f.read(12)
            (count,) = struct.unpack(">H", head[4:6])
            directory = f.read(16 * count)
    except (OSError, struct.error):
        return False
    tags = {directory[i : i + 4] for i in range(0, len(directory), 16)}
    return b"glyf" in tags and not tags & _UNUSABLE_TABLES


def _subfont_count(path: Path) -> int:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return 0
    if head[:4] != b"ttcf" or len(head) < 12:
        return 1
    (count,) = struct.unpack(">I", head[8:12])
    return min(int(count), _MAX_SUBFONTS)


def _scan(dirs: Iterable[Path]) -> list[FontSource]:
    found = []
    for folder in dirs:
        for root, subdirs, files in os.walk(folder):
            subdirs.sort()
            for file in sorted(files):
                if file.lower().endswith(_SUFFIXES):
                    path = Path(root, file)
                    found += [FontSource(str(path), i) for i in range(_subfont_count(path))]
    return found


def _system_dirs() -> list[Path]:
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/System/Library/Fonts"),
        Path("/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if windir := os.environ.get("WINDIR"):
        dirs.append(Path(windir, "Fonts"))
    if local := os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(local, "Microsoft/Windows/Fonts"))
    return [d for d in dirs if d.is_dir()]


def _from_fontconfig() -> list[FontSource] | None:
    """Every TrueType/OpenType face fontconfig knows, with its character set; None when
    fontconfig is not installed or fails."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        listing = subprocess.run(
            [exe, "--format", "%{file}\t%{index}\t%{charset}\n"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = []
    for row in listing.splitlines():
        parts = row.split("\t")
        if len(parts) != 3 or not parts[0].lower().endswith(_SUFFIXES):
            continue
        path, index, charset = parts
        try:
            # The high bits number a variable font's named instances: the same outlines.
            found.append(FontSource(path, int(index) & 0xFFFF, charset=_ranges(charset)))
        except ValueError:
            continue
    return found


def _ranges(charset: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's "20-7e a0 ..." as sorted inclusive ranges."""
    out = []
    for item in charset.split():
        lo, _, hi = item.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return tuple(sorted(out))
