"""Which pages a view prints: the one place the PDF export, the print preview, the CLI and the
client pack ask for pictures, so paper and printer always show the same thing.

A view is "xmatrix"; "orm", "approach" or "plan" (every map of that kind) or "orm:ID" (one map);
"a3" (every A3 sheet) or "a3:ID" (one); "okr" (every objective's one-pager) or "okr:ID" (one);
"scoreboard"; or "pack" (the client pack). A picture that does not
fit the paper at a legible size raises OkrdeskError naming the paper it fits and how many pages
tiling would take, unless tiling was asked for: then it is laid out on that paper and split
across pages of the chosen one (`okrdesk.layout.tiles`). In the pack, which must come out in
one action, such a picture is always tiled, with a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from okrdesk import __version__
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.layout.tiles import tile_count, tile_grid, tile_picture
from okrdesk.layout.xmatrix_options import XMatrixOptions
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.snapshot import MapData, Snapshot

if TYPE_CHECKING:
    from okrdesk.models.kinds import MapKind

VIEWS = ("xmatrix", "orm", "approach", "plan", "a3", "okr", "scoreboard", "pack")
KIND_NAMES = {
    "orm": "Option Relationship Map",
    "approach": "Option Approach Map",
    "plan": "Plan on a Page",
}
# A bookmark title, a path of titles (nested bookmarks), or None for no bookmark.
Bookmark = str | tuple[str, ...] | None
Page = tuple[Picture, Bookmark]


@dataclass(frozen=True)
class PageRequest:
    view: str = "xmatrix"
    paper: Paper | None = None  # None: the X-Matrix's saved paper; A3 landscape for the rest
    tile: bool = False  # split a picture too large for the paper across several pages
    today: dt.date | None = None  # the footer's date (tests pin it)


@dataclass
class PageSet:
    """Pages in print order, each with its bookmark (None: no bookmark)."""

    title: str
    subject: str
    pages: list[Page] = field(default_factory=list)
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


class PaperTooSmall(OkrdeskError):
    """A picture does not fit the paper at a legible size. The message names the paper it
    fits and the pages tiling would take; `fits_on` is None when no paper is that large."""

    def __init__(self, what: str, paper: Paper, fits_on: Paper, tiles: int) -> None:
        self.paper, self.tiles = paper, tiles
        self.fits_on = fits_on if fits_on.custom_size is None else None
        where = f"it fits on {fits_on.label}" if self.fits_on else "no paper holds it"
        super().__init__(
            f"{what} is too large for {paper.label} at a legible size: {where}, "
            f"or it can be tiled across {tiles} pages of {paper.label}."
        )


def xmatrix_pages(
    snapshot: Snapshot, options: XMatrixOptions, today: dt.date, *, tile: bool = False
) -> list[Page]:
    from okrdesk.layout.xmatrix import layout_xmatrix  # not loaded for the other views

    layout = layout_xmatrix(snapshot, options, stamp=f"{stamp(today)}")
    if layout.fits:
        return [(layout.picture, "X-Matrix")]
    tiles = tile_count(layout.picture, layout.paper, layout.requested)
    if not tile:
        raise PaperTooSmall("The X-Matrix", layout.requested, layout.paper, tiles)
    pictures = tile_picture(layout.picture, layout.paper, layout.requested, "X-Matrix")
    return [(p, "X-Matrix" if i == 0 else None) for i, p in enumerate(pictures)]


# What a build would say in its meta about fitting a paper ("fits", "extent", "region"),
# found without drawing; None when only a build can tell.
Probe = Callable[[Paper], Mapping[str, object] | None]


class _Sizes:
    """One view's picture on papers of several sizes, each built at most once; `probe`
    answers "does it fit?" without building where it can (a map of 2,000 outcomes took a
    third of a second to draw, for each paper tried)."""

    def __init__(self, build: Callable[[Paper], Picture], probe: Probe | None) -> None:
        self._build, self._probe = build, probe
        self._built: dict[Paper, Picture] = {}
        self._probed: dict[Paper, Mapping[str, object] | None] = {}

    def picture(self, paper: Paper) -> Picture:
        if paper not in self._built:
            self._built[paper] = self._build(paper)
        return self._built[paper]

    def meta(self, paper: Paper) -> Mapping[str, object]:
        if paper not in self._probed:
            self._probed[paper] = self._probe(paper) if self._probe is not None else None
        known = self._probed[paper]
        return self.picture(paper).meta if known is None else known


def _fitting_paper(sizes: _Sizes, paper: Paper) -> Paper:
    """The smallest paper, from `paper` up, on which the picture fits; beyond A0 a custom
    sheet that holds the map at 100%."""
    tried: Paper | None = paper
    last = paper
    while tried is not None:
        if sizes.meta(tried).get("fits", True):
            return tried
        last, tried = tried, tried.larger()
    meta = sizes.meta(last)
    extent = meta.get("extent")
    region = meta.get("region")
    if isinstance(extent, tuple) and isinstance(region, tuple):
        width = last.width - region[0] + extent[0]
        height = last.height - region[1] + extent[1]
        return Paper.custom(max(width, last.width), max(height, last.height))
    return last


def fitted_or_tiled(
    build: Callable[[Paper], Picture],
    paper: Paper,
    what: str,
    bookmark: Bookmark,
    tile: bool,
    probe: Probe | None = None,
) -> list[Page]:
    """One page of `paper` when the picture fits it, else tiles (or an error, see above).
    `probe`, when given, tells whether a paper fits without building the picture."""
    sizes = _Sizes(build, probe)
    if sizes.meta(paper).get("fits", True):
        return [(sizes.picture(paper), bookmark)]
    big_paper = _fitting_paper(sizes, paper)
    if not tile:
        cols, rows = tile_grid(big_paper.printable, paper)
        raise PaperTooSmall(what, paper, big_paper, cols * rows)
    pictures = tile_picture(sizes.picture(big_paper), big_paper, paper, what)
    return [(p, bookmark if i == 0 else None) for i, p in enumerate(pictures)]


def _view_of_kind(kind: MapKind) -> str:
    """The view name of a kind of map ("orm"…). The map layouts are imported here, when a map
    is printed: at module level they cost `okrdesk export` of the X-Matrix a tenth of its
    run time."""
    from okrdesk.layout.map_views import VIEW_OF_KIND

    return VIEW_OF_KIND[kind]


def maps_of_view(snapshot: Snapshot, view: str) -> list[MapData]:
    """The maps a map view names: every map of its kind ("orm", "approach", "plan"), or one
    ("orm:ID"). Raises OkrdeskError when there are none."""
    kind, _, map_id = view.partition(":")
    found = [m for m in snapshot.maps if _view_of_kind(m.kind) == kind]
    if map_id:
        found = [m for m in found if m.id == map_id]
        if not found:
            raise OkrdeskError(f"no {KIND_NAMES[kind]} with id {map_id!r} in this strategy")
    elif not found:
        raise OkrdeskError(f"this strategy has no {KIND_NAMES[kind]}")
    return found


def map_pages(
    snapshot: Snapshot, maps: list[MapData], paper: Paper, *, tile: bool, parent: str = ""
) -> list[Page]:
    from okrdesk.layout.map_views import MapView  # see _view_of_kind

    pages: list[Page] = []
    title = strategy_title(snapshot)
    for map_data in maps:
        name = map_data.title.strip() or KIND_NAMES[_view_of_kind(map_data.kind)]
        view = MapView(snapshot, map_data, title=f"{title} · {name}")
        bookmark: Bookmark = (parent, name) if parent else name
        pages += fitted_or_tiled(view.picture, paper, f"The map '{name}'", bookmark, tile, view.fit)
    return pages


def build_pages(
    snapshot: Snapshot,
    request: PageRequest,
    xmatrix_settings: Mapping[str, object] | None = None,
) -> PageSet:
    """The pages of `request.view` (see the module docstring)."""
    today = request.today or dt.date.today()
    title = strategy_title(snapshot)
    view = request.view
    kind = view.partition(":")[0]
    paper = request.paper or Paper("A3", True)
    if view == "xmatrix":
        options = xmatrix_options(xmatrix_settings, request.paper)
        pages = xmatrix_pages(snapshot, options, today, tile=request.tile)
        return PageSet(f"{title}: X-Matrix", "X-Matrix (TASTE)", pages)
    if kind in KIND_NAMES:
        maps = maps_of_view(snapshot, view)
        subject = KIND_NAMES[kind]
        name = maps[0].title if len(maps) == 1 else subject
        return PageSet(
            f"{title}: {name}", subject, map_pages(snapshot, maps, paper, tile=request.tile)
        )
    if kind == "a3":
        from okrdesk.export.sheet_pages import sheet_pages

        found = sheet_pages(snapshot, view.partition(":")[2], paper, stamp(today))
        return PageSet(f"{title}: A3 sheets", "A3 sheets", found.pages, found.warnings)
    if view == "pack":
        from okrdesk.export.pack import pack_pages

        return pack_pages(snapshot, paper, xmatrix_settings, today)
    if kind in ("okr", "scoreboard"):
        from okrdesk.export.okr_views import okr_view_pages

        okrs = okr_view_pages(snapshot, view, paper, stamp(today))
        return PageSet(f"{title}: {okrs.name}", okrs.name, okrs.pages, okrs.warnings)
    raise OkrdeskError(
        f"unknown view {view!r}; choose from {', '.join(VIEWS)}, or orm:ID, a3:ID, okr:ID"
    )
