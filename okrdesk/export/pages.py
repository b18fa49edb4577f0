"""Which pages a view prints: the one place the PDF export, the print preview, the CLI and the
client pack ask for pictures, so paper and printer always show the same thing.

A view is "xmatrix", "orm", "approach", "plan" (every map of that kind, or "orm:ID" for one
map), "a3:ID" (one A3 sheet), "a3" (every sheet) or "pack" (the client pack). `build_pages`
raises OkrdeskError with one clear line when a picture does not fit the paper at a legible
size and tiling was not asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from okrdesk import __version__
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.layout.xmatrix import XMatrixOptions, layout_xmatrix
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.snapshot import Snapshot

VIEWS = ("xmatrix", "orm", "approach", "plan", "a3", "pack")


@dataclass(frozen=True)
class PageRequest:
    view: str = "xmatrix"
    paper: Paper | None = None  # None: the X-Matrix's saved paper; A3 landscape for the rest
    tile: bool = False  # split a picture too large for the paper across several pages
    today: dt.date | None = None  # the footer's date (tests pin it)


@dataclass
class PageSet:
    """Pages in print order, each with its bookmark title (None: no bookmark)."""

    title: str
    subject: str
    pages: list[tuple[Picture, str | None]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def stamp(today: dt.date) -> str:
    """The footer's date and version, e.g. "21 Nov 2026 · okrdesk 0.1.0"."""
    return f"{today.day} {today:%b %Y} · okrdesk {__version__}"


def strategy_title(snapshot: Snapshot) -> str:
    return snapshot.title.strip() or "Untitled strategy"


def xmatrix_options(saved: Mapping[str, object] | None, paper: Paper | None) -> XMatrixOptions:
    """The saved X-Matrix options, with the paper replaced when one was asked for."""
    options = XMatrixOptions.from_dict(dict(saved or {}))
    if paper is None:
        return options
    chosen = {**options.to_dict(), "paper": paper.name, "landscape": paper.landscape}
    return XMatrixOptions.from_dict(chosen)


def xmatrix_pages(
    snapshot: Snapshot, options: XMatrixOptions, today: dt.date
) -> list[tuple[Picture, str | None]]:
    layout = layout_xmatrix(snapshot, options, stamp=stamp(today))
    if not layout.fits:
        raise OkrdeskError(f"{layout.proposal} Choose it with --page {layout.paper.name}.")
    return [(layout.picture, "X-Matrix")]


def build_pages(
    snapshot: Snapshot,
    request: PageRequest,
    xmatrix_settings: Mapping[str, object] | None = None,
) -> PageSet:
    """The pages of `request.view` (see the module docstring)."""
    today = request.today or dt.date.today()
    title = strategy_title(snapshot)
    view = request.view
    if view == "xmatrix":
        options = xmatrix_options(xmatrix_settings, request.paper)
        return PageSet(f"{title}: X-Matrix", "X-Matrix (TASTE)",
                       xmatrix_pages(snapshot, options, today))
    raise OkrdeskError(f"unknown view {view!r}; choose from {', '.join(VIEWS)} or a3:ID")
