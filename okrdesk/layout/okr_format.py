"""How OKR numbers and dates are written on screen and paper, and the colours they are drawn in.

Values are written short enough for a chart's axis: plain up to a million (thousands grouped,
at most two decimals, no trailing zeros), then with k/M/B/T, and in scientific notation
beyond. Dates come as ISO strings from the model; one that does not parse is shown as typed.
"""

from __future__ import annotations

import datetime as dt
import math

from okrdesk.models.okr_scoring import rounded

INK = "#1f1f1f"
MUTED = "#5a5a5a"
RULE = "#9aa3ad"
FAINT = "#e4e8ee"
VALUE_BLUE = "#1f4e79"
# Score bands (Google): red 0.0–0.3, yellow 0.4–0.6, green 0.7–1.0. Dark enough to print, and
# always drawn next to the number, never alone.
BAND_COLORS = {"red": "#c0392b", "yellow": "#d49b00", "green": "#2e7d32"}
NO_SCORE = "#b8bec6"
_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))


def number(value: float) -> str:
    """A value written for people: "1,250", "0.75", "-3", "2.5M", "1.2e+18"."""
    if not math.isfinite(value):
        return "—"
    size = abs(value)
    if size >= 1e15:
        return f"{value:.2g}"
    for scale, suffix in _SUFFIXES:
        if size >= scale:
            return f"{_trim(f'{value / scale:.2f}')}{suffix}"
    if size >= 1000:
        return f"{value:,.0f}" if size >= 100_000 else _trim(f"{value:,.1f}")
    return _trim(f"{value:.2f}")


def _trim(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(value: float | None, unit: str) -> str:
    """ "62 %", "1.2M €", "—" for no value; a unit is any text the user typed."""
    if value is None:
        return "—"
    unit = " ".join(unit.split())
    return f"{number(value)} {unit}" if unit else number(value)


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def day(text: str, year: bool = True) -> str:
    """ "3 Mar 2026" (or "3 Mar"); text that is not an ISO date as it is."""
    date = parse_date(text)
    if date is None:
        return text.strip()
    return f"{date.day} {date:%b %Y}" if year else f"{date.day} {date:%b}"


def period(start: str, end: str) -> str:
    """ "1 Jan – 31 Mar 2026", "from 1 Jan 2026", "until 31 Mar 2026", or ""."""
    first, last = parse_date(start), parse_date(end)
    if start.strip() and end.strip():
        same_year = first is not None and last is not None and first.year == last.year
        return f"{day(start, year=not same_year)} – {day(end)}"
    if start.strip():
        return f"from {day(start)}"
    if end.strip():
        return f"until {day(end)}"
    return ""


def band_color(band: str | None) -> str:
    return BAND_COLORS.get(band or "", NO_SCORE)


def score_text(score: float | None) -> str:
    """A score as Google writes it and as it is banded: one decimal, halves up ("0.7")."""
    if score is None:
        return "no score"
    return f"{rounded(score):.1f}"
