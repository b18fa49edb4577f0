"""What each view prints: maps on paper, tiling, the progressive reveal and the client pack."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from okrdesk.assets import sample_json
from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.export.pdf import render_page_set
from okrdesk.layout.fonts import measure
from okrdesk.layout.map_views import VIEW_OF_KIND
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Glyph, Picture, TextRun
from okrdesk.layout.reveal import STEPS, reveal_step
from okrdesk.layout.tiles import OVERLAP, content_area
from okrdesk.layout.xmatrix import layout_xmatrix
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import ElementKind, MapKind
from okrdesk.models.snapshot import ElementData, MapData, PlacementData, Snapshot

SAMPLE = parse_json(sample_json()).snapshot()
DAY = dt.date(2026, 11, 21)


def pdf(request: PageRequest, snapshot: Snapshot = SAMPLE) -> PdfReader:
    content, _report = render_page_set(build_pages(snapshot, request))
    return PdfReader(io.BytesIO(content))


def size(page: object) -> tuple[float, float]:
    box = page.mediabox  # type: ignore[attr-defined]
    return round(float(box.width), 2), round(float(box.height), 2)


def text_of(picture: Picture) -> str:
    return " ".join(" ".join(r.lines) for r in picture.items if isinstance(r, TextRun))


def outline_titles(reader: PdfReader) -> list[object]:
    def walk(entries: list) -> list[object]:  # type: ignore[type-arg]
        out: list[object] = []
        for entry in entries:
            out.append(walk(entry) if isinstance(entry, list) else entry.title)
        return out

    return walk(reader.outline)


# -- maps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["orm", "plan"])
@pytest.mark.parametrize("paper", [Paper("A3", True), Paper("A2", False), Paper("tabloid", True)])
def test_a_map_prints_on_exactly_the_chosen_paper_with_every_placed_outcome(
    view: str, paper: Paper
) -> None:
    pages = build_pages(SAMPLE, PageRequest(view, paper, today=DAY))
    assert len(pages.pages) == 1
    picture = pages.pages[0][0]
    assert (picture.width, picture.height) == paper.size
    map_data = next(m for m in SAMPLE.maps if VIEW_OF_KIND[m.kind] == view)
    placed = SAMPLE.placements_on(map_data.id)
    assert placed
    for element_id in placed:
        assert any(isinstance(i, TextRun) for i in picture.showing(element_id)), element_id
    reader = pdf(PageRequest(view, paper, today=DAY))
    assert size(reader.pages[0]) == (round(paper.width, 2), round(paper.height, 2))


def test_the_map_page_shows_the_axis_words_saved_with_the_map() -> None:
    words = ["Brand new", "Routine", "Customer sees it", "Behind the scenes"]
    m = SAMPLE.maps[0]
    assert m.kind == MapKind.OPTION_RELATIONSHIP
    renamed = dataclasses.replace(
        m, settings={**m.settings, "x_labels": words[:2], "y_labels": words[2:]}
    )
    snapshot = dataclasses.replace(SAMPLE, maps=(renamed, *SAMPLE.maps[1:]))
    picture = build_pages(snapshot, PageRequest(f"orm:{m.id}", today=DAY)).pages[0][0]
    for word in words:
        assert word in text_of(picture)


def test_a_plan_on_a_page_puts_each_outcome_under_its_column_label() -> None:
    plan = next(m for m in SAMPLE.maps if m.kind == MapKind.PLAN_ON_A_PAGE)
    picture = build_pages(SAMPLE, PageRequest(f"plan:{plan.id}", today=DAY)).pages[0][0]
    heads = {r.ids[0]: r.rect for r in picture.with_role("column-label") if r.ids}
    for element_id, placement in SAMPLE.placements_on(plan.id).items():
        card = next(i for i in picture.showing(element_id) if isinstance(i, Box))
        column = heads[f"column:{placement.horizon or 0}"]
        assert column.x <= card.rect.cx <= column.right


def test_a_map_view_names_what_is_missing() -> None:
    with pytest.raises(OkrdeskError, match="no Option Approach Map"):
        build_pages(SAMPLE, PageRequest("approach", today=DAY))
    with pytest.raises(OkrdeskError, match="no Option Relationship Map with id 'nope'"):
        build_pages(SAMPLE, PageRequest("orm:nope", today=DAY))
    with pytest.raises(OkrdeskError, match="unknown view"):
        build_pages(SAMPLE, PageRequest("everything", today=DAY))


# -- tiling --------------------------------------------------------------------------------


def test_a_map_too_large_for_the_paper_names_the_paper_it_fits_and_the_tile_count() -> None:
    with pytest.raises(OkrdeskError) as caught:
        build_pages(SAMPLE, PageRequest("orm", Paper("A5", True), today=DAY))
    message = str(caught.value)
    assert "it fits on A4 landscape" in message
    tiles = int(message.split("tiled across ")[1].split()[0])
    pages = build_pages(SAMPLE, PageRequest("orm", Paper("A5", True), tile=True, today=DAY))
    assert len(pages.pages) == tiles == 4  # the announced number of pages


def test_tiles_cover_the_whole_map_with_overlap_marks_and_page_labels() -> None:
    paper = Paper("A5", True)
    pages = [p for p, _b in build_pages(SAMPLE, PageRequest("orm", paper, True, DAY)).pages]
    area = content_area(paper)
    for index, page in enumerate(pages, start=1):
        assert (page.width, page.height) == paper.size
        assert page.clip == area
        label = " ".join(" ".join(r.lines) for r in page.overlay if isinstance(r, TextRun))
        assert f"Page {index} of {len(pages)}" in label
        marks = [i for i in page.overlay if i.role == "tile-overlap"]
        assert len(marks) == 2  # a 2 × 2 grid: every page has one neighbour across, one down
        for mark in marks:
            if mark.x1 == mark.x2:  # a vertical mark: the overlap with the page left or right
                edge = min(abs(mark.x1 - area.x), abs(mark.x1 - area.right))
            else:
                edge = min(abs(mark.y1 - area.y), abs(mark.y1 - area.bottom))
            assert edge == pytest.approx(OVERLAP)
    # Every card is drawn on at least one tile, at 100 %: its size is that of the A4 page.
    cards = {
        i.ids[0]
        for page in pages
        for i in page.items
        if isinstance(i, Box) and i.ids and i.role == "card"
    }
    assert cards == set(SAMPLE.placements_on(SAMPLE.maps[0].id))


def test_a_map_larger_than_a0_is_tiled_from_a_custom_sheet() -> None:
    m = SAMPLE.maps[0]
    outcomes = [e for e in SAMPLE.elements if e.kind == ElementKind.OUTCOME]
    spread = tuple(
        PlacementData(m.id, e.id, 1100.0 * (i % 12) * 4, 760.0 * (i // 12) * 4)
        for i, e in enumerate(outcomes)
    )
    snapshot = dataclasses.replace(SAMPLE, maps=(m,), placements=spread)
    with pytest.raises(OkrdeskError, match="no paper holds it"):
        build_pages(snapshot, PageRequest("orm", Paper("A3", True), today=DAY))
    pages = build_pages(snapshot, PageRequest("orm", Paper("A3", True), True, DAY)).pages
    assert len(pages) > 4
    assert all((p.width, p.height) == Paper("A3", True).size for p, _b in pages)


def test_the_x_matrix_tiles_when_asked_and_refuses_otherwise() -> None:
    tactics = tuple(
        ElementData(f"tx{i}", ElementKind.TACTIC, f"Experiment number {i}", "", 20 + i)
        for i in range(60)
    )
    big = dataclasses.replace(SAMPLE, elements=(*SAMPLE.elements, *tactics))
    small = {"paper": "A5", "landscape": True}
    with pytest.raises(OkrdeskError, match="X-Matrix is too large for A5 landscape"):
        build_pages(big, PageRequest("xmatrix", today=DAY), small)
    pages = build_pages(big, PageRequest("xmatrix", tile=True, today=DAY), small).pages
    assert len(pages) > 1
    assert [b for _p, b in pages].count("X-Matrix") == 1


def test_tiled_pages_render_as_pdf_pages_of_the_chosen_size(tmp_path: Path) -> None:
    reader = pdf(PageRequest("orm", Paper("A5", True), True, DAY))
    assert len(reader.pages) == 4
    assert {size(p) for p in reader.pages} == {(595.28, 419.53)}


# -- progressive reveal and the pack ---------------------------------------------------------


def titles_of(snapshot: Snapshot, kind: ElementKind) -> list[str]:
    return [e.title for e in snapshot.of_kind(kind)]


def test_each_reveal_step_adds_one_section_or_corner_in_karl_scotlands_order() -> None:
    full = layout_xmatrix(SAMPLE).picture
    assert [s.title for s in STEPS] == [
        "True North", "Aspirations", "Strategies", "Strategies × Aspirations", "Evidence",
        "Evidence × Aspirations", "Tactics", "Tactics × Strategies", "Tactics × Evidence",
    ]  # fmt: skip
    marks_seen = 0
    for step in range(len(STEPS)):
        picture = reveal_step(full, SAMPLE, step)
        assert (picture.width, picture.height) == (full.width, full.height)
        text = text_of(picture)
        assert f"Step {step + 1} of 9" in text
        shown = {
            ElementKind.ASPIRATION: step >= 1,
            ElementKind.STRATEGY: step >= 2,
            ElementKind.EVIDENCE: step >= 4,
            ElementKind.TACTIC: step >= 6,
        }
        for kind, visible in shown.items():
            for title in titles_of(SAMPLE, kind):
                assert (title in text) == visible, (step, title)
        marks = len([i for i in picture.items if isinstance(i, Glyph) and i.role == "mark"])
        assert marks >= marks_seen  # corners only ever appear
        marks_seen = marks
        if step in (0, 1, 2):
            assert marks == 0
    assert marks_seen == len([i for i in full.items if isinstance(i, Glyph) and i.role == "mark"])


def test_the_client_pack_has_its_parts_in_order_with_bookmarks() -> None:
    reader = pdf(PageRequest("pack", today=DAY))
    outline = outline_titles(reader)
    assert outline == [
        "Cover",
        "X-Matrix",
        "Progressive reveal",
        [f"{i + 1}. {s.title}" for i, s in enumerate(STEPS)],
        "Maps",
        [m.title for m in SAMPLE.maps],
        "A3 sheets",
        [s.title for s in SAMPLE.sheets],
        "OKRs",
        ["Scoreboard", "Objectives and key results"],
        "Health summary",
    ]
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    okr_pages = 2  # the sample's scoreboard and its one-pager each fit one page
    assert len(pages) == 1 + 1 + 9 + len(SAMPLE.maps) + len(SAMPLE.sheets) + okr_pages + 1
    assert SAMPLE.sheets and SAMPLE.objectives  # so the pack shows an A3 sheet and OKRs
    assert "Aligned to objective" in pages[-2 - okr_pages]
    for objective in SAMPLE.objectives:
        assert objective.title in pages[-2]
    assert "Client pack" in pages[0] and "Contents" in pages[0]
    assert "Step 1 of 9 · True North" in pages[2]
    assert "Step 9 of 9 · Tactics × Evidence" in pages[10]
    assert "Health summary" in pages[-1]
    destinations = [
        reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)
    ]
    assert destinations == sorted(destinations)  # bookmarks in page order


def test_the_cover_lists_each_part_with_its_page_number() -> None:
    pages = build_pages(SAMPLE, PageRequest("pack", today=DAY)).pages
    cover = pages[0][0]
    entries = [" ".join(r.lines) for r in cover.with_role("contents-entry")]
    numbers = [int(r.lines[0]) for r in cover.with_role("contents-page")]
    for entry, number in zip(entries, numbers, strict=True):
        bookmark = pages[number - 1][1]
        path = (bookmark,) if isinstance(bookmark, str) else bookmark
        assert path is not None and entry in path
    for run in cover.items:
        if isinstance(run, TextRun) and not run.rotation:
            widest = max((measure(line, run.size, run.bold) for line in run.lines), default=0)
            assert widest <= run.rect.w + 0.01, run.lines


def test_the_health_summary_lists_every_finding_and_flows_onto_more_pages() -> None:
    many = tuple(
        ElementData(
            f"x{i}", ElementKind.STRATEGY, f"Strategy {i} with nothing under it", "", 10 + i
        )
        for i in range(90)
    )
    snapshot = dataclasses.replace(SAMPLE, elements=(*SAMPLE.elements, *many))
    from okrdesk.models.rules import check

    findings = check(snapshot)
    pages = build_pages(snapshot, PageRequest("pack", Paper("A4", False), tile=True, today=DAY))
    health = [p for p, _b in pages.pages if p.meta.get("kind") == "health"]
    assert len(health) > 1
    shown = [" ".join(r.lines) for p in health for r in p.with_role("health-finding")]
    assert len(shown) == len(findings)
    for page in health:
        for run in page.with_role("health-finding"):
            assert run.rect.bottom <= Paper("A4", False).printable.bottom


def test_the_pack_renders_pages_that_are_not_blank(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed: scripts/bootstrap test installs it")
    content, _ = render_page_set(build_pages(SAMPLE, PageRequest("pack", today=DAY)))
    (tmp_path / "pack.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "20", str(tmp_path / "pack.pdf"), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.pgm"))
    assert len(images) == len(PdfReader(io.BytesIO(content)).pages)
    for image in images:
        pixels = image.read_bytes().split(b"\n", 3)[3]
        assert min(pixels) < 128, image.name  # something dark is printed on every page


def test_two_pack_exports_are_byte_identical() -> None:
    first, _ = render_page_set(build_pages(SAMPLE, PageRequest("pack", today=DAY)))
    second, _ = render_page_set(build_pages(SAMPLE, PageRequest("pack", today=DAY)))
    assert first == second


def test_map_titles_and_outcomes_with_markup_print_literally() -> None:
    m = MapData("m-x", MapKind.OPTION_RELATIONSHIP, "<b>Options</b> & </para>")
    outcome = ElementData("o-x", ElementKind.OUTCOME, "Fast &amp; <i>safe</i>", "", 99)
    snapshot = dataclasses.replace(
        SAMPLE,
        elements=(*SAMPLE.elements, outcome),
        maps=(m,),
        placements=(PlacementData("m-x", "o-x", 300.0, 200.0),),
    )
    reader = pdf(PageRequest("orm", today=DAY), snapshot)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "<b>Options</b> & </para>" in text
    assert "Fast &amp; <i>safe</i>" in text
