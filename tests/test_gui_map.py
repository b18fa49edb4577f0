"""The option map canvas with the mouse: drag several cards, connect two, lay out, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.models.kinds import ElementKind, MapKind
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.main_window import MainWindow
from okrdesk.views.map_items import CardItem, EdgeItem
from okrdesk.views.map_tab import MapTab
from tests.gui_helpers import make_window

TITLES = ["Tests on every commit", "Daily releases", "Feature flags", "Self-service envs"]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"message: {a[2]}"))
    path = tmp_path / "workshop.okrdesk"
    StrategyFile.create(path, "Workshop").close()
    win = make_window(qtbot, tmp_path)
    win.resize(1500, 950)
    assert win.open_path(path)
    assert win.doc is not None and win.maps is not None
    for title in TITLES:
        win.doc.add_element(ElementKind.OUTCOME, title)
    win.tabs.setCurrentWidget(win.maps)
    assert win.maps.add_map(MapKind.OPTION_RELATIONSHIP) is not None
    return win


def tab(win: MainWindow) -> MapTab:
    assert win.maps is not None
    return win.maps


def stored(win: MainWindow) -> Strategy:
    assert win.doc is not None
    return Strategy(win.doc.file)


def card(win: MainWindow, title: str) -> CardItem:
    scene = tab(win).scene
    assert scene is not None
    return next(c for c in scene.cards.values() if c.title == title)


def at(win: MainWindow, item: CardItem) -> QPoint:
    return tab(win).view.mapFromScene(item.pos())


def positions(win: MainWindow) -> dict[str, tuple[float, float]]:
    scene = tab(win).scene
    assert scene is not None
    return {i: (p.x, p.y) for i, p in stored(win).snapshot().placements_on(scene.map_id).items()}


def test_new_map_places_every_outcome_without_overlap(window: MainWindow) -> None:
    scene = tab(window).scene
    assert scene is not None and sorted(c.title for c in scene.cards.values()) == sorted(TITLES)
    rects = [c.card_rect() for c in scene.cards.values()]
    assert not any(a.overlaps(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    assert len(positions(window)) == len(TITLES)


def test_drag_two_selected_cards_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    viewport = tab(window).view.viewport()
    first, second = card(window, TITLES[0]), card(window, TITLES[1])
    before = positions(window)
    first.setSelected(True)
    second.setSelected(True)
    start = at(window, first)
    qtbot.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, start
    )
    qtbot.mouseMove(viewport, start + QPoint(30, 20))
    qtbot.mouseMove(viewport, start + QPoint(60, 40))
    qtbot.mouseRelease(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        start + QPoint(60, 40),
    )
    after = positions(window)
    moved = {i for i in after if after[i] != before[i]}
    assert moved == {first.element_id, second.element_id}
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert positions(window) == before
    assert (card(window, TITLES[0]).x(), card(window, TITLES[0]).y()) == before[first.element_id]


def test_shift_drag_from_card_to_card_draws_a_relationship(
    qtbot: QtBot, window: MainWindow
) -> None:
    viewport = tab(window).view.viewport()
    source, target = card(window, TITLES[1]), card(window, TITLES[0])
    start, end = at(window, source), at(window, target)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, shift, start)
    qtbot.mouseMove(viewport, (start + end) / 2)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, shift, end)
    relations = [(k.source, k.target, k.kind) for k in stored(window).snapshot().relations()]
    assert relations == [(source.element_id, target.element_id, "needs")]
    scene = tab(window).scene
    assert scene is not None
    assert [(e.source.element_id, e.target.element_id) for e in scene.edges] == [
        (source.element_id, target.element_id)
    ]
    assert isinstance(scene.edges[0], EdgeItem) and not scene.edges[0].path().isEmpty()
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert stored(window).snapshot().relations() == []


def test_layout_moves_only_unpinned_cards_and_undoes_as_one_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.doc
    assert doc is not None
    ids = {c.title: c.element_id for c in tab(window).scene.cards.values()}  # type: ignore[union-attr]
    doc.add_relation(ids[TITLES[1]], ids[TITLES[0]], "needs")
    doc.add_relation(ids[TITLES[0]], ids[TITLES[3]], "needs")
    pinned = card(window, TITLES[2])
    pinned.setSelected(True)
    qtbot.mouseClick(tab(window).buttons["Pin"], Qt.MouseButton.LeftButton)
    before = positions(window)
    combo = tab(window).algorithm
    combo.setCurrentIndex(combo.findData("layered"))
    qtbot.mouseClick(tab(window).layout_button, Qt.MouseButton.LeftButton)
    after = positions(window)
    assert after[pinned.element_id] == before[pinned.element_id]
    # "Daily releases" needs "Tests on every commit", which needs "Self-service envs":
    # needers sit above what they need (y grows downwards).
    assert after[ids[TITLES[1]]][1] < after[ids[TITLES[0]]][1] < after[ids[TITLES[3]]][1]
    doc.undo_stack.undo()
    assert positions(window) == before


def test_selecting_a_card_highlights_up_and_downstream_and_reports_stranding(
    window: MainWindow,
) -> None:
    doc = window.doc
    assert doc is not None
    ids = {c.title: c.element_id for c in tab(window).scene.cards.values()}  # type: ignore[union-attr]
    doc.add_relation(ids[TITLES[1]], ids[TITLES[0]], "needs")
    scene = tab(window).scene
    assert scene is not None
    scene.select([ids[TITLES[0]]])
    assert card(window, TITLES[1]).highlight == "downstream"
    texts = [tab(window).analysis.item(i).text() for i in range(tab(window).analysis.count())]
    assert any("stranded" in t and TITLES[1] in t for t in texts)


def test_context_menu_retypes_and_removes_a_relationship(window: MainWindow) -> None:
    doc = window.doc
    assert doc is not None
    first, second = card(window, TITLES[0]), card(window, TITLES[1])
    doc.add_relation(second.element_id, first.element_id, "needs")
    middle = (first.pos() + second.pos()) / 2
    menu = tab(window).menu_at(middle)
    kinds = next(a.menu() for a in menu.actions() if a.text() == "Relationship kind")
    next(a for a in kinds.actions() if a.text() == "enables").trigger()
    assert [k.kind for k in stored(window).snapshot().relations()] == ["enables"]
    menu = tab(window).menu_at(middle)
    next(a for a in menu.actions() if a.text() == "Remove relationship").trigger()
    assert stored(window).snapshot().relations() == []
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert [k.kind for k in stored(window).snapshot().relations()] == ["needs"]


def test_edit_axis_labels_and_take_a_card_off_the_map(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    answer = "Certainty | Unknown ; Well known | Closeness | Customer-facing ; Plumbing"
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (answer, True))
    tab(window).edit_labels()
    scene = tab(window).scene
    assert scene is not None
    settings = stored(window).snapshot().map(scene.map_id).settings  # type: ignore[union-attr]
    assert settings["x_axis"] == "Certainty"
    assert settings["x_labels"] == ["Unknown", "Well known"]
    assert settings["y_labels"] == ["Customer-facing", "Plumbing"]
    qtbot.waitUntil(lambda: tab(window).scene is not None and bool(tab(window).scene.cards))
    target = card(window, TITLES[3])
    menu = tab(window).menu_at(target.pos())
    next(a for a in menu.actions() if a.text() == "Take off this map").trigger()
    assert target.element_id not in positions(window)
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert target.element_id in positions(window)


def test_define_a_kind_of_ones_own_and_draw_with_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("informs", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("short dashes", True))
    kind = tab(window).new_kind()
    assert kind is not None and kind.startswith("custom:")
    snap = stored(window).snapshot()
    assert [(k.label, k.dash) for k in snap.link_kinds] == [("informs", "3 3")]
    assert tab(window).kind.currentData() == kind
    source, target = card(window, TITLES[2]), card(window, TITLES[3])
    viewport = tab(window).view.viewport()
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, shift, at(window, source))
    qtbot.mouseMove(viewport, at(window, target))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, shift, at(window, target))
    assert [k.kind for k in stored(window).snapshot().relations()] == [kind]
    scene = tab(window).scene
    assert scene is not None and scene.edges[0].style.label == "informs"
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert stored(window).snapshot().link_kinds == ()


def test_plan_on_a_page_drag_to_another_column_changes_the_horizon(
    qtbot: QtBot, window: MainWindow
) -> None:
    from okrdesk.views.map_scene import AREA_W

    plan = tab(window).add_map(MapKind.PLAN_ON_A_PAGE)
    assert plan is not None
    qtbot.waitUntil(lambda: tab(window).scene is not None and len(tab(window).scene.cards) == 4)
    moving = card(window, TITLES[0])
    horizons = stored(window).snapshot().placements_on(plan)
    assert horizons[moving.element_id].horizon == 0
    viewport = tab(window).view.viewport()
    start = at(window, moving)
    end = tab(window).view.mapFromScene(AREA_W * 5 / 6, moving.y())
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, (start + end) / 2)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert stored(window).snapshot().placements_on(plan)[moving.element_id].horizon == 2
    window.doc.undo_stack.undo()  # type: ignore[union-attr]
    assert stored(window).snapshot().placements_on(plan)[moving.element_id].horizon == 0
