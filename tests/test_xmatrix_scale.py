"""The X-Matrix at scale: 10,000 elements lay out in primitives linear in rows + columns +
marks, a click finds the right cell of every mark, and a matrix too large to print legibly is
refused, before anything is laid out, with its sizes named: on the command line and in the
window."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.layout import xmatrix as xmatrix_module
from okrdesk.layout.picture import Box, Glyph, Line, TextRun
from okrdesk.layout.xmatrix import XMatrixLayout, XMatrixOptions, layout_xmatrix
from okrdesk.layout.xmatrix_size import A0_AREA, MAX_A0_SHEETS
from okrdesk.models.interchange import export_json, parse_json, write_strategy
from okrdesk.models.kinds import ElementKind, Role, Strength
from okrdesk.models.snapshot import ElementData, LinkData, OwnershipData, PartyData, Snapshot
from okrdesk.views.picture_items import GlyphItem
from tests.gui_helpers import make_window
from tests.test_cli import folder_state, one_error_line, run

K = ElementKind
WORDS = ("improve", "customer", "delivery", "flow", "quality", "platform", "release", "test")
# The benchmark's proportions (bench/corpus.py): 180 : 40 : 20 : 10 per 250 elements.
TEN_THOUSAND = {K.TACTIC: 7_200, K.EVIDENCE: 1_600, K.STRATEGY: 800, K.ASPIRATION: 400}
MARKS_PER_ROW = 7  # a coach correlates a tactic with a handful of columns, not with all


def scale_model(counts: dict[ElementKind, int], parties: int = 0, seed: int = 10) -> Snapshot:
    """A strategy of `counts` elements, ids t0.. e0.. s0.. a0.. p0.., each row correlated
    with about MARKS_PER_ROW columns of each corner it crosses."""
    rng = random.Random(seed)
    prefix = {K.TACTIC: "t", K.EVIDENCE: "e", K.STRATEGY: "s", K.ASPIRATION: "a"}
    elements = [ElementData("tn", K.TRUE_NORTH, "Instantaneous development and deployment")]
    for kind, n in counts.items():
        elements += [
            ElementData(
                f"{prefix[kind]}{i}",
                kind,
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize(),
                position=i,
            )
            for i in range(n)
        ]
    links = []
    for row_kind in (K.TACTIC, K.ASPIRATION):
        for i in range(counts[row_kind]):
            for col_kind in (K.STRATEGY, K.EVIDENCE):
                share = counts[col_kind] / (counts[K.STRATEGY] + counts[K.EVIDENCE])
                picks = min(counts[col_kind], max(1, round(MARKS_PER_ROW * share)))
                for j in rng.sample(range(counts[col_kind]), picks):
                    a, b = f"{prefix[row_kind]}{i}", f"{prefix[col_kind]}{j}"
                    links.append(
                        LinkData(f"{a}-{b}", a, b, "correlation", rng.choice(list(Strength)))
                    )
    people = tuple(PartyData(f"p{i}", f"Team {i}", position=i) for i in range(parties))
    owners = tuple(
        OwnershipData(f"p{i % parties}", f"t{i}", rng.choice(list(Role)))
        for i in range(counts[K.TACTIC] if parties else 0)
    )
    return Snapshot("At scale", tuple(elements), tuple(links), people, owners)


@pytest.fixture(scope="module")
def ten_thousand() -> tuple[Snapshot, XMatrixLayout]:
    snapshot = scale_model(TEN_THOUSAND)
    return snapshot, layout_xmatrix(snapshot)  # asked for A3 landscape, the default


def test_ten_thousand_elements_lay_out_in_primitives_linear_in_rows_columns_and_marks(
    ten_thousand: tuple[Snapshot, XMatrixLayout],
) -> None:
    snapshot, lay = ten_thousand
    items = lay.picture.items
    rows, cols = 7_200 + 400, 1_600 + 800
    marks = [g for g in items if isinstance(g, Glyph) and g.role == "mark"]
    assert len(marks) == len(snapshot.correlations())  # every correlation is drawn
    assert len(lay.crossings) == (7_200 + 400) * (1_600 + 800)  # 18 million cells…
    assert len(items) < 5 * (rows + cols + len(marks))  # …but no primitive for each
    # Each corner's grid: a line between each two neighbouring rows and columns.
    grid = Counter(i.role for i in items if isinstance(i, Line) and i.role.startswith("grid:"))
    assert grid == {
        f"grid:{c.name}": len(c.rows.ids) - 1 + len(c.cols.ids) - 1 for c in lay.crossings.corners
    }
    boxes = [b for b in items if isinstance(b, Box)]  # items' cells, orphans' outlines, frame
    assert len(boxes) < 2 * (rows + cols) + 100
    # No paper holds it legibly, so it is laid out at the minimum font on a sheet of its own,
    # to be printed in tiles, with no title shortened for room.
    assert not lay.fits and lay.paper.custom_size is not None
    assert "tile it" in lay.proposal
    labels = [r for r in items if isinstance(r, TextRun) and r.role == "label"]
    assert len(labels) == 10_000
    assert min(r.size for r in labels) >= lay.options.min_font
    assert not [r for r in labels if r.truncated]
    assert lay.paper.width * lay.paper.height / A0_AREA < MAX_A0_SHEETS


def test_a_click_on_any_marks_cell_finds_its_row_and_column(
    ten_thousand: tuple[Snapshot, XMatrixLayout],
) -> None:
    _snapshot, lay = ten_thousand
    crossings = lay.crossings
    marks = [g for g in lay.picture.items if isinstance(g, Glyph) and g.role == "mark"]
    for g in marks:
        cell = crossings[(g.ids[0], g.ids[1])].rect
        assert (cell.cx, cell.cy) == (g.cx, g.cy)
        inside = [(g.cx, g.cy), (cell.x, cell.y), (cell.right - 0.01, cell.bottom - 0.01)]
        for x, y in inside:
            found = crossings.at(x, y)
            assert found is not None and (found.row_id, found.col_id) == g.ids
    # A label, the centre and the margin are no crossing.
    for element_id in ("t0", "s0", "a399", "e1599"):
        cell = lay.item_cells[element_id]
        assert crossings.at(cell.cx, cell.cy) is None
    assert crossings.at(1.0, 1.0) is None


def test_the_canvas_finds_the_cell_of_every_mark_it_draws(qtbot: QtBot, tmp_path: Path) -> None:
    snapshot = scale_model({K.TACTIC: 180, K.EVIDENCE: 40, K.STRATEGY: 20, K.ASPIRATION: 10}, 8)
    path = tmp_path / "big.okrdesk"
    write_strategy(path, parse_json(export_json(snapshot)))
    window = make_window(qtbot, tmp_path)
    assert window.open_path(path) and window.xmatrix is not None
    scene = window.xmatrix.scene
    scene.set_options(XMatrixOptions(owners=True))
    drawn = [i for i in scene.items() if isinstance(i, GlyphItem)]
    assert len(drawn) == len(snapshot.correlations()) + len(snapshot.ownerships)
    for item in drawn:
        g = item.glyph
        assert scene.hit(QPointF(g.cx, g.cy)) == ("crossing", g.ids)


def test_neighbouring_cells_share_an_edge_and_a_point_on_it_belongs_to_one() -> None:
    snapshot = scale_model({K.TACTIC: 30, K.EVIDENCE: 8, K.STRATEGY: 5, K.ASPIRATION: 4}, 3)
    for options in (XMatrixOptions(owners=True), XMatrixOptions(rotated_text=False)):
        lay = layout_xmatrix(snapshot, options)
        crossings = lay.crossings
        seen = 0
        for (row, col), crossing in crossings.items():
            r = crossing.rect
            assert crossings.at(r.cx, r.cy) == crossing
            # Its top-left corner is its own; its right and bottom edges are the next cell's.
            assert crossings.at(r.x, r.y) == crossing
            right, below = crossings.at(r.right, r.cy), crossings.at(r.cx, r.bottom)
            assert right is None or (right.row_id == row and right.col_id != col)
            assert below is None or (below.col_id == col and below.row_id != row)
            seen += 1
        assert seen == len(crossings) > 0
        assert ("t0", "nothing") not in crossings and crossings.get(("nothing", "s0")) is None


# -- a matrix too large even for tiles --------------------------------------------------------


@pytest.fixture(scope="module")
def too_large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12,000 tactics × 4,600 strategies: about 510 A0 sheets at 6 pt, past the limit."""
    folder = tmp_path_factory.mktemp("too-large")
    elements = [ElementData("tn", K.TRUE_NORTH, "North")]
    elements += [ElementData(f"t{i}", K.TACTIC, f"Tactic {i}", position=i) for i in range(12_000)]
    elements += [ElementData(f"s{i}", K.STRATEGY, f"Strat {i}", position=i) for i in range(4_600)]
    path = folder / "huge.okrdesk"
    write_strategy(path, parse_json(export_json(Snapshot("Huge", tuple(elements)))))
    return path


SIZES_NAMED = "12,001 rows × 4,601 columns need a sheet of at least 14.0 × 36.4 m at 6 pt"


@pytest.fixture
def no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the X-Matrix gets laid out at all."""

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the X-Matrix was laid out before being refused")

    monkeypatch.setattr(xmatrix_module, "build_content", never)


@pytest.mark.parametrize("tile", [True, False])
def test_the_command_line_refuses_it_in_one_line_naming_the_sizes(
    too_large: Path, capsys: pytest.CaptureFixture[str], no_layout: None, tile: bool
) -> None:
    before = folder_state(too_large.parent)
    out = too_large.parent / "huge.pdf"
    code, stdout, err = run(capsys, "export", too_large, out, *(["--tile"] if tile else []))
    line = one_error_line(err)
    assert code == 2 and stdout == ""
    assert SIZES_NAMED in line
    assert "about 510 A0 sheets; okrdesk prints at most 500, even in tiles" in line
    assert folder_state(too_large.parent) == before  # no PDF, not even half of one


def test_the_window_says_why_on_the_tab_and_in_a_dialog_on_export(
    qtbot: QtBot, tmp_path: Path, too_large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    window = make_window(qtbot, tmp_path)
    assert window.open_path(too_large)
    tab = window.xmatrix
    assert tab is not None
    assert tab.scene.layout is None and not tab.scene.items()  # nothing half drawn
    assert tab.status.isVisibleTo(tab) and SIZES_NAMED in tab.status.text()

    def no_save_dialog(*_args: object) -> str:
        raise AssertionError("asked where to save a PDF that cannot be made")

    monkeypatch.setattr(window.files, "ask_save_path", no_save_dialog)
    window.tabs.setCurrentWidget(tab)
    window.paper.export_pdf_action.trigger()
    assert len(shown) == 1 and SIZES_NAMED in shown[0] and "\n" not in shown[0]
    assert "Traceback" not in shown[0]
    assert not list(too_large.parent.glob("*.pdf"))
