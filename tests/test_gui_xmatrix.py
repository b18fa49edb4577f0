"""The X-Matrix canvas driven with the mouse and keyboard, checked against the file and
against what the scene draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.assets import write_sample_copy
from okrdesk.layout.picture import Rect, Shape, TextRun
from okrdesk.models.kinds import ElementKind, Strength
from okrdesk.models.strategy import Strategy
from okrdesk.views.main_window import MainWindow
from okrdesk.views.picture_items import GlyphItem
from okrdesk.views.xmatrix_tab import XMatrixTab
from tests.gui_helpers import make_window

K = ElementKind


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: pytest.fail(f"message: {_a[2]}"))
    path = write_sample_copy(tmp_path / "sample.okrdesk")
    win = make_window(qtbot, tmp_path)
    win.resize(1400, 950)
    assert win.open_path(path)
    return win


def tab(win: MainWindow) -> XMatrixTab:
    assert win.xmatrix is not None
    return win.xmatrix


def stored(win: MainWindow) -> Strategy:
    assert win.doc is not None
    return Strategy(win.doc.file)


def view_point(win: MainWindow, rect: Rect) -> QPoint:
    return tab(win).view.mapFromScene(rect.cx, rect.cy)


def first(win: MainWindow, kind: ElementKind) -> str:
    assert win.doc is not None
    return win.doc.snapshot().of_kind(kind)[0].id


def uncorrelated_pair(win: MainWindow) -> tuple[str, str]:
    """A tactic and an evidence item with no correlation yet."""
    assert win.doc is not None
    snap = win.doc.snapshot()
    for tactic in snap.of_kind(K.TACTIC):
        for evidence in snap.of_kind(K.EVIDENCE):
            if snap.strength_between(tactic.id, evidence.id) is None:
                return tactic.id, evidence.id
    raise AssertionError("the sample has every tactic-evidence pair correlated")


def drawn_glyphs(win: MainWindow, row: str, col: str) -> list[GlyphItem]:
    scene = tab(win).scene
    crossing = scene.layout.crossings[(row, col)]  # type: ignore[union-attr]
    rect = crossing.rect
    return [
        i
        for i in scene.items()
        if isinstance(i, GlyphItem)
        and rect.x <= i.glyph.cx <= rect.right
        and rect.y <= i.glyph.cy <= rect.bottom
    ]


def label_text(win: MainWindow, element_id: str) -> str:
    layout = tab(win).scene.layout
    assert layout is not None
    runs = [
        p
        for p in layout.picture.showing(element_id)
        if isinstance(p, TextRun) and p.role == "label"
    ]
    return " ".join(" ".join(run.lines) for run in runs)


def test_clicking_a_corner_cell_cycles_the_strength_and_undo_restores_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    tactic, evidence = uncorrelated_pair(window)
    layout = tab(window).scene.layout
    assert layout is not None and layout.crossings[(tactic, evidence)].corner == "ne"
    point = view_point(window, layout.crossings[(tactic, evidence)].rect)
    viewport = tab(window).view.viewport()

    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert stored(window).snapshot().strength_between(tactic, evidence) == Strength.WEAK
    assert [g.glyph.shape for g in drawn_glyphs(window, tactic, evidence)] == [Shape.CIRCLE]

    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert stored(window).snapshot().strength_between(tactic, evidence) == Strength.STRONG
    assert [g.glyph.shape for g in drawn_glyphs(window, tactic, evidence)] == [Shape.DISC]

    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert stored(window).snapshot().strength_between(tactic, evidence) is None
    assert drawn_glyphs(window, tactic, evidence) == []


def test_hoshin_mode_adds_medium_to_the_cycle_and_relabels_the_arms(
    qtbot: QtBot, window: MainWindow
) -> None:
    combo = tab(window).combos["labels"]
    combo.setCurrentIndex(combo.findData("hoshin"))
    assert stored(window).setting("xmatrix")["labels"] == "hoshin"
    texts = " ".join(
        " ".join(r.lines)
        for r in tab(window).scene.layout.picture.items  # type: ignore[union-attr]
        if isinstance(r, TextRun)
    )
    assert "Breakthrough" in texts
    tactic, evidence = uncorrelated_pair(window)
    rect = tab(window).scene.layout.crossings[(tactic, evidence)].rect  # type: ignore[union-attr]
    viewport = tab(window).view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, rect))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, rect))
    assert stored(window).snapshot().strength_between(tactic, evidence) == Strength.MEDIUM
    assert [g.glyph.shape for g in drawn_glyphs(window, tactic, evidence)] == [Shape.CIRCLE]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert combo.currentData() == "taste"


def test_double_click_edits_the_title_in_place(qtbot: QtBot, window: MainWindow) -> None:
    strategy = first(window, K.STRATEGY)
    cell = tab(window).scene.layout.item_cells[strategy]  # type: ignore[union-attr]
    viewport = tab(window).view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, cell))
    editor = tab(window).view.editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "Smaller batches")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(window).element(strategy).title == "Smaller batches"
    assert label_text(window, strategy) == "Smaller batches"
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert label_text(window, strategy) == "Work in small batches"


def test_delete_from_the_canvas_takes_the_marks_and_undo_brings_both_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    tactic = first(window, K.TACTIC)
    scene = tab(window).scene
    marks_before = len(
        [
            k
            for k in scene.layout.crossings
            if tactic in k  # type: ignore[union-attr]
            and drawn_glyphs(window, *k)
        ]
    )
    assert marks_before > 0
    cell = scene.layout.item_cells[tactic]  # type: ignore[union-attr]
    qtbot.mouseClick(
        tab(window).view.viewport(), Qt.MouseButton.LeftButton, pos=view_point(window, cell)
    )
    assert scene.selected == [tactic]
    qtbot.keyClick(tab(window).view, Qt.Key.Key_Delete)
    assert stored(window).snapshot().element(tactic) is None
    assert tactic not in scene.layout.item_cells  # type: ignore[union-attr]
    assert not [p for p in scene.layout.picture.items if tactic in getattr(p, "ids", ())]  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    marks_after = len(
        [
            k
            for k in scene.layout.crossings
            if tactic in k  # type: ignore[union-attr]
            and drawn_glyphs(window, *k)
        ]
    )
    assert marks_after == marks_before


def test_an_edit_in_the_outline_updates_the_canvas(qtbot: QtBot, window: MainWindow) -> None:
    aspiration = first(window, K.ASPIRATION)
    window.doc.rename(aspiration, "Many more releases")  # type: ignore[union-attr]
    assert label_text(window, aspiration) == "Many more releases"
    new = window.doc.add_element(K.EVIDENCE, "Rework falling")  # type: ignore[union-attr]
    assert new is not None and new in tab(window).scene.layout.item_cells  # type: ignore[union-attr]


def test_selection_follows_between_outline_and_canvas_and_walks_the_x(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.outline is not None and window.doc is not None
    strategy = first(window, K.STRATEGY)
    scene = tab(window).scene
    cell = scene.layout.item_cells[strategy]  # type: ignore[union-attr]
    qtbot.mouseClick(
        tab(window).view.viewport(), Qt.MouseButton.LeftButton, pos=view_point(window, cell)
    )
    assert window.outline.selected_ids() == [strategy]
    snap = window.doc.snapshot()
    partners = {
        link.target if link.source == strategy else link.source
        for link in snap.correlations()
        if strategy in (link.source, link.target)
    }
    assert scene.highlighted_ids() == partners

    evidence = first(window, K.EVIDENCE)
    window.outline.select_ids([evidence])
    assert scene.selected == [evidence]


def test_keyboard_moves_between_cells_and_space_cycles(qtbot: QtBot, window: MainWindow) -> None:
    view = tab(window).view
    scene = tab(window).scene
    view.setFocus()
    tactic, evidence = uncorrelated_pair(window)
    scene.set_focus(("crossing", (tactic, evidence)))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert stored(window).snapshot().strength_between(tactic, evidence) == Strength.WEAK
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert scene.focus is not None and scene.focus != ("crossing", (tactic, evidence))
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert scene.focus == ("crossing", (tactic, evidence))


def test_orphans_are_marked_and_the_page_is_the_chosen_paper(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.doc is not None
    lonely = window.doc.add_element(K.EVIDENCE, "Happier customers")
    assert lonely is not None
    scene = tab(window).scene
    qtbot.waitUntil(lambda: any(p.role == "orphan" for p in scene.layout.picture.showing(lonely)))  # type: ignore[union-attr]
    picture = scene.layout.picture  # type: ignore[union-attr]
    assert (round(picture.width, 2), round(picture.height, 2)) == (1190.55, 841.89)
    combo = tab(window).combos["paper"]
    combo.setCurrentIndex(combo.findData("A4"))
    picture = scene.layout.picture  # type: ignore[union-attr]
    assert (round(picture.width, 2), round(picture.height, 2)) == (841.89, 595.28)
    assert scene.sceneRect().contains(0, 0) and scene.sceneRect().width() > picture.width


def test_add_from_the_canvas_menu_and_type_its_title(qtbot: QtBot, window: MainWindow) -> None:
    view = tab(window).view
    menu = view.menu_for(None)
    action = next(a for a in menu.actions() if a.text() == "Add evidence")
    action.trigger()
    editor = view.editor
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Rework falling")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    snap = stored(window).snapshot()
    added = snap.of_kind(K.EVIDENCE)[-1]
    assert added.title == "Rework falling"
    assert label_text(window, added.id) == "Rework falling"
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert stored(window).snapshot().element(added.id) is None
    assert added.id not in tab(window).scene.layout.item_cells  # type: ignore[union-attr]


def test_owners_section_shows_who_leads_and_clicks_cycle_the_role(
    qtbot: QtBot, window: MainWindow
) -> None:
    tab(window).owners.setChecked(True)
    assert stored(window).setting("xmatrix")["owners"] is True
    layout = tab(window).scene.layout
    assert layout is not None
    snap = window.doc.snapshot()  # type: ignore[union-attr]
    lead = next(o for o in snap.ownerships if o.role.value == "lead")
    assert [g.glyph.shape for g in drawn_glyphs(window, lead.element, lead.party)] == [Shape.DISC]
    free = next(
        key
        for key, c in layout.crossings.items()
        if c.corner == "owners"
        and not any(o.element == key[0] and o.party == key[1] for o in snap.ownerships)
    )
    qtbot.mouseClick(
        tab(window).view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view_point(window, layout.crossings[free].rect),
    )
    roles = {(o.element, o.party): o.role.value for o in stored(window).snapshot().ownerships}
    assert roles[free] == "lead"
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert free not in {(o.element, o.party) for o in stored(window).snapshot().ownerships}
