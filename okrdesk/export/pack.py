"""The client pack: one PDF a coach hands out, built from the live strategy in one action.

Order: a cover with the contents; the X-Matrix; the progressive reveal, one page per step of
Karl Scotland's order; every map; every A3 sheet; the OKR scoreboard and one-pager (when the
strategy has objectives); the health summary. Every part has a PDF
bookmark (the reveal steps, maps and sheets nested under theirs). Everything is on the pack's
paper; a part too large for it at a legible size is tiled, and the pack says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from okrdesk.export.pages import (
    Page,
    PageSet,
    map_pages,
    stamp,
    strategy_title,
    xmatrix_options,
)
from okrdesk.layout.pack_pages import cover_picture, health_pictures
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.layout.reveal import reveal_pictures
from okrdesk.layout.tiles import tile_picture
from okrdesk.layout.xmatrix import layout_xmatrix
from okrdesk.models.rules import check
from okrdesk.models.snapshot import Snapshot

REVEAL = "Progressive reveal"


def _xmatrix_part(
    snapshot: Snapshot, paper: Paper, settings: Mapping[str, object] | None, today: dt.date
) -> tuple[list[Page], list[str]]:
    options = xmatrix_options(settings, paper)
    layout = layout_xmatrix(snapshot, options, stamp=stamp(today))
    steps = reveal_pictures(layout.picture, snapshot)
    parts: list[tuple[Picture, tuple[str, ...]]] = [(layout.picture, ("X-Matrix",))]
    parts += [(picture, (REVEAL, title)) for picture, title in steps]
    if layout.fits:
        return [(picture, path) for picture, path in parts], []
    pages: list[Page] = []
    for picture, path in parts:
        tiles = tile_picture(picture, layout.paper, paper, path[-1])
        pages += [(t, path if i == 0 else None) for i, t in enumerate(tiles)]
    warning = (
        f"The X-Matrix does not fit {paper.label} at a legible size: it and its reveal steps "
        f"are tiled across {len(tiles)} pages each (it fits on {layout.paper.label})."
    )
    return pages, [warning]


def _tiling_warnings(pages: list[Page]) -> list[str]:
    out = []
    for picture, bookmark in pages:
        grid = picture.meta.get("tile_grid") if "tile" in picture.meta else None
        if bookmark and isinstance(grid, tuple):
            name = bookmark[-1] if isinstance(bookmark, tuple) else bookmark
            out.append(f"'{name}' is too large for one page: tiled across {grid[0] * grid[1]}.")
    return out


def _contents(pages: list[Page], first_page: int) -> list[tuple[str, int, int]]:
    """Contents entries: each part, and each map and sheet by name (not each reveal step)."""
    entries: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for number, (_picture, bookmark) in enumerate(pages, start=first_page):
        if not bookmark:
            continue
        path = (bookmark,) if isinstance(bookmark, str) else bookmark
        if path[0] not in seen:
            seen.add(path[0])
            entries.append((path[0], number, 0))
        if len(path) > 1 and path[0] != REVEAL:
            entries.append((path[-1], number, 1))
    return entries


def pack_pages(
    snapshot: Snapshot,
    paper: Paper,
    xmatrix_settings: Mapping[str, object] | None,
    today: dt.date,
) -> PageSet:
    title = strategy_title(snapshot)
    footer = f"{title} · {stamp(today)}"
    body, warnings = _xmatrix_part(snapshot, paper, xmatrix_settings, today)
    if snapshot.maps:
        maps = map_pages(snapshot, list(snapshot.maps), paper, tile=True, parent="Maps")
        warnings += _tiling_warnings(maps)
        body += maps
    if getattr(snapshot, "sheets", ()):
        from okrdesk.export.sheet_pages import sheet_pages

        sheets = sheet_pages(snapshot, "", paper.oriented(True), stamp(today), parent="A3 sheets")
        body += sheets.pages
        warnings += sheets.warnings
    if snapshot.objectives:
        from okrdesk.export.okr_views import okr_view_pages

        for view in ("scoreboard", "okr"):
            okrs = okr_view_pages(snapshot, view, paper, stamp(today))
            body += [(p, ("OKRs", okrs.name) if b else None) for p, b in okrs.pages]
            warnings += okrs.warnings
    health = health_pictures(check(snapshot), paper=paper, stamp=footer, title=title)
    body += [(p, "Health summary" if i == 0 else None) for i, p in enumerate(health)]
    true_north = snapshot.true_north()
    cover = cover_picture(
        title,
        true_north.title if true_north else "",
        _contents(body, first_page=2),
        paper=paper,
        stamp=footer,
    )
    return PageSet(
        f"{title}: client pack",
        "Client pack: X-Matrix, progressive reveal, maps, A3 sheets, OKRs, health",
        [(cover, "Cover"), *body],
        warnings,
    )
