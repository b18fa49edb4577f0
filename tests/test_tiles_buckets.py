"""Tiling puts each primitive on exactly the pages a page-by-page test would, and the faster
export of a large map prints the same PDF, byte for byte, as the straightforward one.

The references here are the plain way: every item tested against every tile window, every
paper from the chosen one up built in full until the map fits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.assets import sample_json
from okrdesk.export.pages import Page, PageRequest, PageSet, build_pages, strategy_title
from okrdesk.export.pdf import render_page_set
from okrdesk.layout.fonts import measure
from okrdesk.layout.map_picture import map_picture
from okrdesk.layout.map_views import MapView, map_view_picture
from okrdesk.layout.paper import MM, Paper
from okrdesk.layout.picture import Box, Glyph, Line, Picture, Primitive, Rect, Shape, TextRun
from okrdesk.layout.tiles import (
    LABEL_BAND,
    LABEL_FONT,
    MARK_COLOR,
    OVERLAP,
    PLAN_CELL,
    _marks,
    content_area,
    tile_grid,
    tile_picture,
)
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import ElementKind
from okrdesk.models.snapshot import ElementData, PlacementData, Snapshot

SAMPLE = parse_json(sample_json()).snapshot()
DAY = dt.date(2026, 11, 21)


# -- the references ------------------------------------------------------------------------


def reference_shift(item: Primitive, dx: float, dy: float) -> Primitive:
    if isinstance(item, Box | TextRun):
        r = item.rect
        return dataclasses.replace(item, rect=Rect(r.x + dx, r.y + dy, r.w, r.h))
    if isinstance(item, Line):
        return dataclasses.replace(
            item, x1=item.x1 + dx, y1=item.y1 + dy, x2=item.x2 + dx, y2=item.y2 + dy
        )
    assert isinstance(item, Glyph)
    return dataclasses.replace(item, cx=item.cx + dx, cy=item.cy + dy)


def reference_extent(item: Primitive) -> Rect:
    if isinstance(item, Box | TextRun):
        return item.rect
    if isinstance(item, Line):
        x, y = min(item.x1, item.x2), min(item.y1, item.y2)
        return Rect(x, y, abs(item.x2 - item.x1), abs(item.y2 - item.y1))
    return Rect(item.cx - item.radius, item.cy - item.radius, 2 * item.radius, 2 * item.radius)


def reference_label(
    area: Rect, col: int, row: int, cols: int, rows: int, name: str
) -> list[Primitive]:
    """The page label with a plan of the grid, one fresh box per cell."""
    y = area.bottom + 4.0
    cell = min(PLAN_CELL, min(cols * PLAN_CELL, area.w / 3) / cols, (LABEL_BAND - 6.0) / rows)
    items: list[Primitive] = []
    if cell >= 2.0:  # every cell of the plan
        for r in range(rows):
            for c in range(cols):
                fill = MARK_COLOR if (c, r) == (col, row) else None
                rect = Rect(area.x + c * cell, y + r * cell, cell, cell)
                items.append(Box(rect, "tile-plan", (), fill, MARK_COLOR, 0.3))
    else:  # too small to tell apart: the outline, and this page's place at least 2 pt wide
        outline = Rect(area.x, y, cols * cell, rows * cell)
        side = max(cell, 2.0)
        x = min(area.x + col * cell, outline.right - side)
        top = min(y + row * cell, outline.bottom - side)
        items.append(Box(outline, "tile-plan", (), None, MARK_COLOR, 0.3))
        items.append(Box(Rect(x, top, side, side), "tile-plan", (), MARK_COLOR, None, 0.0))
    text = (
        f"Page {row * cols + col + 1} of {cols * rows} · row {row + 1} of {rows}, column "
        f"{col + 1} of {cols}{f' · {name}' if name else ''} · overlap {OVERLAP / MM:.0f} mm"
    )
    x = area.x + cols * cell + 6.0
    while text and measure(text, LABEL_FONT) > area.right - x:
        text = text[:-2] + "…"
    items.append(
        TextRun(Rect(x, y, area.right - x, LABEL_FONT * 1.2), (text,), LABEL_FONT, "tile-label")
    )
    return items


def reference_tiles(big: Picture, big_paper: Paper, paper: Paper, name: str = "") -> list[Picture]:
    """Every item tested against every tile's window, edges touching included."""
    source, area = big_paper.printable, content_area(paper)
    cols, rows = tile_grid(source, paper)
    pages = []
    for row in range(rows):
        for col in range(cols):
            window = Rect(
                source.x + col * (area.w - OVERLAP), source.y + row * (area.h - OVERLAP),
                area.w, area.h,
            )  # fmt: skip
            items = []
            for item in big.items:
                e = reference_extent(item)
                touches = (
                    e.x <= window.right and window.x <= e.right
                    and e.y <= window.bottom and window.y <= e.bottom
                )  # fmt: skip
                if item.role != "page" and touches:
                    items.append(reference_shift(item, area.x - window.x, area.y - window.y))
            overlay = [
                *_marks(area, col, row, cols, rows, OVERLAP),
                *reference_label(area, col, row, cols, rows, name),
            ]
            first = row == 0 and col == 0
            pages.append(
                Picture(
                    paper.width, paper.height, tuple(items), title=big.title,
                    warnings=big.warnings if first else (), clip=area, overlay=tuple(overlay),
                )
            )  # fmt: skip
    return pages


def reference_map_pages(snapshot: Snapshot, paper: Paper) -> PageSet:
    """The only map of `snapshot`, tiled: built on every paper from `paper` up until it fits,
    beyond A0 on a sheet that holds it at 100%, then cut page by page."""
    (map_data,) = snapshot.maps
    name = map_data.title.strip() or "Option Relationship Map"
    title = strategy_title(snapshot)

    def build(p: Paper) -> Picture:
        return map_view_picture(snapshot, map_data, p, title=f"{title} · {name}")

    tried: Paper | None = paper
    last = big_paper = paper
    while tried is not None:
        big, big_paper = build(tried), tried
        if big.meta["fits"]:
            break
        last, tried = tried, tried.larger()
    else:
        extent, region = big.meta["extent"], big.meta["region"]
        assert isinstance(extent, tuple) and isinstance(region, tuple)
        big_paper = Paper.custom(
            max(last.width - region[0] + extent[0], last.width),
            max(last.height - region[1] + extent[1], last.height),
        )
        big = build(big_paper)
    tiles = reference_tiles(big, big_paper, paper, f"The map '{name}'")
    pages: list[Page] = [(t, name if i == 0 else None) for i, t in enumerate(tiles)]
    return PageSet(f"{title}: {map_data.title}", "Option Relationship Map", pages)


# -- random pictures -----------------------------------------------------------------------

TARGETS = [Paper(n, land) for n in ("A5", "A4", "A3") for land in (True, False)]
ODD = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1e300]


def coordinate(data: st.DataObject, starts: list[float], width: float) -> float:
    """Often exactly on a tile's edge or its overlap band, sometimes anywhere, rarely odd."""
    kind = data.draw(st.integers(0, 9))
    if kind == 0:
        return data.draw(st.sampled_from(ODD))
    if kind <= 2:
        return data.draw(st.floats(-200.0, starts[-1] + width + 200.0))
    start = data.draw(st.sampled_from(starts))
    offset = data.draw(st.sampled_from([0.0, width, OVERLAP, width - OVERLAP, -1e-9, 1e-9, -0.5]))
    return start + offset


def size(data: st.DataObject) -> float:
    return data.draw(
        st.sampled_from([0.0, 1e-9, OVERLAP, 300.0, -5.0]) | st.floats(0.0, 1500.0), label="size"
    )


def primitive(data: st.DataObject, xs: list[float], ys: list[float], area: Rect) -> Primitive:
    def x() -> float:
        return coordinate(data, xs, area.w)

    def y() -> float:
        return coordinate(data, ys, area.h)

    shape = data.draw(st.sampled_from(["box", "text", "line", "glyph", "page"]))
    ids = (f"e{data.draw(st.integers(0, 999))}",)
    if shape in ("box", "page"):
        role = "page" if shape == "page" else "card"
        return Box(Rect(x(), y(), size(data), size(data)), role, ids, "#ffffff", "#000000", 0.6)
    if shape == "text":
        return TextRun(Rect(x(), y(), size(data), size(data)), ("Outcome",), 10.0, "card-text", ids)
    if shape == "line":
        return Line(x(), y(), x(), y(), "edge:needs", "#222222", 0.5, (6.0, 3.0), ids)
    return Glyph(x(), y(), abs(size(data)), Shape.DISC, "mark", ids)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_tile_holds_exactly_the_items_a_tile_by_tile_test_finds(data: st.DataObject) -> None:
    paper = data.draw(st.sampled_from(TARGETS), label="paper")
    if data.draw(st.booleans(), label="named big paper"):
        big_paper = data.draw(st.sampled_from([Paper(n, True) for n in ("A3", "A2", "A0")]))
    else:
        w, h = data.draw(st.floats(100.0, 4000.0)), data.draw(st.floats(100.0, 4000.0))
        big_paper = Paper.custom(w, h)
    source, area = big_paper.printable, content_area(paper)
    cols, rows = tile_grid(source, paper)
    xs = [source.x + c * (area.w - OVERLAP) for c in range(-1, cols + 2)]
    ys = [source.y + r * (area.h - OVERLAP) for r in range(-1, rows + 2)]
    items = [primitive(data, xs, ys, area) for _ in range(data.draw(st.integers(0, 40)))]
    big = Picture(big_paper.width, big_paper.height, tuple(items), title="Big", warnings=("w",))

    got = tile_picture(big, big_paper, paper, "Map")
    want = reference_tiles(big, big_paper, paper, "Map")

    assert len(got) == len(want) == cols * rows
    for page, expected in zip(got, want, strict=True):
        assert page.items == expected.items  # same primitives, same order, same place
        assert page.overlay == expected.overlay
        assert page == expected


def test_an_item_on_the_shared_edge_of_four_tiles_is_on_all_four_and_no_other() -> None:
    paper, big_paper = Paper("A5", True), Paper("A3", True)
    source, area = big_paper.printable, content_area(paper)
    cols, rows = tile_grid(source, paper)
    assert cols >= 3 and rows >= 3
    # Where tile (row 1, column 1) begins lies in the overlap bands of the tiles before it:
    # a point-sized card there is on four pages.
    x, y = source.x + (area.w - OVERLAP), source.y + (area.h - OVERLAP)
    card = Box(Rect(x, y, 0.0, 0.0), "card", ("corner",))
    pages = tile_picture(Picture(1.0, 1.0, (card,)), big_paper, paper)
    holding = [divmod(i, cols) for i, p in enumerate(pages) if p.showing("corner")]
    assert holding == [(0, 0), (0, 1), (1, 0), (1, 1)]  # (row, column)


def test_each_page_fills_in_its_own_cell_of_the_grid_plan_whatever_was_tiled_before() -> None:
    a0, a4, a5 = Paper("A0", True), Paper("A4", False), Paper("A5", True)
    for big_paper, paper in [(a0, a5), (Paper("A4", True), a5), (a0, a4), (a0, a5)]:
        pages = tile_picture(Picture(1.0, 1.0, ()), big_paper, paper)
        cols, rows = tile_grid(big_paper.printable, paper)
        assert len(pages) == cols * rows > 1
        places = []
        for index, page in enumerate(pages):
            plan = [i for i in page.overlay if i.role == "tile-plan"]
            filled = [n for n, cell in enumerate(plan) if isinstance(cell, Box) and cell.fill]
            if len(plan) == cols * rows:  # every cell drawn: this page's own is filled in
                assert filled == [index]
            else:  # too dense: the outline and a mark
                assert len(plan) == 2 and filled == [1]
            mark = plan[filled[0]]
            assert isinstance(mark, Box)
            places.append((mark.rect.y, mark.rect.x))
        assert places == sorted(places) and len(set(places)) == len(places)


def test_a_plan_too_dense_to_read_is_its_outline_with_the_page_marked_where_it_sits() -> None:
    """A map beyond A0 cut into A5 pages: 24 × 24 cells would each be under half a point and
    print as a grey square; the plan is the outline, and a visible mark where the page is."""
    big_paper, paper = Paper.custom(6000.0, 6000.0), Paper("A5", True)
    pages = tile_picture(Picture(1.0, 1.0, ()), big_paper, paper)
    cols, rows = tile_grid(big_paper.printable, paper)
    assert cols * rows > 200
    marks = []
    for page in pages:
        outline, mark = [i for i in page.overlay if i.role == "tile-plan"]
        assert isinstance(outline, Box) and isinstance(mark, Box)
        assert outline.fill is None and mark.fill == MARK_COLOR
        assert mark.rect.w >= 2.0 and mark.rect.h >= 2.0
        inside = outline.rect
        assert inside.x <= mark.rect.x and mark.rect.right <= inside.right + 1e-9
        assert inside.y <= mark.rect.y and mark.rect.bottom <= inside.bottom + 1e-9
        marks.append((mark.rect.x, mark.rect.y))
    first, last = marks[0], marks[-1]
    assert first < last and marks[cols - 1][0] > first[0] and marks[cols][1] > first[1]


# -- real pictures -------------------------------------------------------------------------


def spread_map() -> Snapshot:
    """The sample's map with its cards far apart: larger than A0 at a legible size."""
    m = SAMPLE.maps[0]
    outcomes = [e for e in SAMPLE.elements if e.kind == ElementKind.OUTCOME]
    spread = tuple(
        PlacementData(m.id, e.id, 1100.0 * (i % 12) * 4, 760.0 * (i // 12) * 4)
        for i, e in enumerate(outcomes)
    )
    return dataclasses.replace(SAMPLE, maps=(m,), placements=spread)


def sample_map() -> Snapshot:
    return dataclasses.replace(SAMPLE, maps=(SAMPLE.maps[0],))


@pytest.mark.parametrize(
    ("snapshot", "paper"),
    [(sample_map(), Paper("A5", True)), (spread_map(), Paper("A3", True))],
    ids=["sample on A5 (fits A4)", "spread on A3 (beyond A0)"],
)
def test_a_tiled_map_pdf_is_byte_identical_to_the_straightforward_export(
    snapshot: Snapshot, paper: Paper
) -> None:
    fast = build_pages(snapshot, PageRequest("orm", paper, tile=True, today=DAY))
    plain = reference_map_pages(snapshot, paper)
    assert len(fast.pages) == len(plain.pages) > 1
    assert [p for p, _b in fast.pages] == [p for p, _b in plain.pages]
    assert render_page_set(fast)[0] == render_page_set(plain)[0]


@pytest.mark.parametrize("snapshot", [sample_map(), spread_map()], ids=["sample", "spread"])
def test_a_map_says_whether_it_fits_a_paper_as_its_picture_would(snapshot: Snapshot) -> None:
    (map_data,) = snapshot.maps
    view = MapView(snapshot, map_data, title="Strategy · Map")
    for name in ("A5", "A4", "A3", "A2", "A1", "A0", "letter", "tabloid"):
        for paper in (Paper(name, True), Paper(name, False)):
            meta = view.picture(paper).meta
            fit = view.fit(paper)
            assert fit is not None
            assert fit == {key: meta[key] for key in fit}
            assert {"fits", "extent", "region"} <= set(fit)


def test_finding_the_paper_for_a_large_map_draws_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []

    def counting(*args: object, **kwargs: object) -> Picture:
        drawn.append(str(kwargs["paper"]))
        return map_picture(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("okrdesk.layout.map_views.map_picture", counting)
    pages = build_pages(spread_map(), PageRequest("orm", Paper("A3", True), True, DAY)).pages
    assert len(pages) > 4
    assert len(drawn) == 1 and "custom" in drawn[0]  # tried A3 to A0 without drawing


def test_the_x_matrix_tiles_keep_every_item_a_tile_by_tile_test_finds() -> None:
    from okrdesk.layout.xmatrix import XMatrixOptions, layout_xmatrix

    tactics = tuple(
        ElementData(f"tx{i}", ElementKind.TACTIC, f"Experiment number {i}", "", 20 + i)
        for i in range(60)
    )
    big = dataclasses.replace(SAMPLE, elements=(*SAMPLE.elements, *tactics))
    layout = layout_xmatrix(big, XMatrixOptions.from_dict({"paper": "A5", "landscape": True}))
    assert not layout.fits
    got = tile_picture(layout.picture, layout.paper, layout.requested, "X-Matrix")
    want = reference_tiles(layout.picture, layout.paper, layout.requested, "X-Matrix")
    assert len(got) > 1
    assert got == want
