"""File > Export as Image, Export Map as DOT/Mermaid, Export X-Matrix as Markdown, and
Edit > Copy as Image, on the sample strategy in a real window."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from math import ceil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.assets import write_sample_copy
from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.models.kinds import ElementKind
from okrdesk.views.image_actions import MERMAID_FILTER, PNG_FILTER, SVG_FILTER
from okrdesk.views.main_window import MainWindow
from okrdesk.views.raster import pixel_size
from tests.gui_helpers import make_window
from tests.test_gui_paper import answer_paper_dialog, show_maps


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, messages: list[str]) -> MainWindow:
    win = make_window(qtbot, tmp_path)
    assert win.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    return win


def save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path, chosen: str) -> list[str]:
    """Answer QFileDialog.getSaveFileName with `path` and the filter `chosen`; returns the
    filters it offered."""
    offered: list[str] = []

    def answer(*args: object, **_kwargs: object) -> tuple[str, str]:
        offered.append(str(args[3]))
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return offered


def answer_dpi(monkeypatch: pytest.MonkeyPatch, dpi: int, ok: bool = True) -> list[tuple[int, ...]]:
    """Answer the resolution question; returns (suggested, minimum, maximum) as asked."""
    asked: list[tuple[int, ...]] = []

    def answer(
        _parent: object, _title: str, _label: str, value: int, lo: int, hi: int, *_a: object
    ) -> tuple[int, bool]:
        asked.append((value, lo, hi))
        return dpi, ok

    monkeypatch.setattr(QInputDialog, "getInt", answer)
    return asked


def ink(image: QImage) -> int:
    """How many of a sample of pixels are not white: a blank image has none."""
    step = max(1, min(image.width(), image.height()) // 200)
    return sum(
        image.pixelColor(x, y).lightness() < 200
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


def svg_words(path: Path) -> str:
    root = ET.fromstring(path.read_bytes())  # valid XML, or this raises
    return " ".join(" ".join(t for t in root.itertext()).split())


# -- Export as Image ---------------------------------------------------------------------------


def test_export_as_image_writes_a_png_of_the_xmatrix_at_the_chosen_resolution(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    assert window.xmatrix is not None and window.doc is not None
    window.tabs.setCurrentWidget(window.xmatrix)
    out = tmp_path / "matrix"
    offered = save_dialog(monkeypatch, out, PNG_FILTER)
    asked = answer_dpi(monkeypatch, 120)
    window.images.export_image_action.trigger()
    written = out.with_suffix(".png")
    image = QImage(str(written))
    saved = window.doc.model.setting("xmatrix", {})
    picture = build_pages(window.doc.snapshot(), PageRequest("xmatrix"), saved).pages[0][0]
    assert (image.width(), image.height()) == pixel_size(picture, 120)
    assert ink(image) > 500
    assert asked == [(150, 72, 600)]  # the first time: 150 dpi suggested, 72 to 600 allowed
    assert offered == [f"{PNG_FILTER};;{SVG_FILTER}"]
    assert "Exported matrix.png (1 page" in window.statusBar().currentMessage()
    assert messages == []
    written.unlink()
    asked = answer_dpi(monkeypatch, 300, ok=False)
    window.images.export_image_action.trigger()
    assert asked == [(120, 72, 600)]  # remembered
    assert not written.exists()  # cancelled: nothing written


def test_export_as_image_writes_the_map_in_front_as_svg_with_every_title(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_maps(window)
    assert window.doc is not None and window.maps is not None and window.maps.scene is not None
    out = tmp_path / "options.svg"
    save_dialog(monkeypatch, out, PNG_FILTER)  # the suffix typed wins over the filter
    monkeypatch.setattr(QInputDialog, "getInt", lambda *_a: pytest.fail("no dpi for SVG"))
    answer_paper_dialog(qtbot, "A3", "Landscape")
    window.images.export_image_action.trigger()
    words = svg_words(out)
    snapshot = window.doc.snapshot()
    placed = snapshot.placements_on(window.maps.scene.map_id)
    titles = [e.title for e in snapshot.of_kind(ElementKind.OUTCOME) if e.id in placed]
    assert len(titles) == 13
    for title in titles:
        assert " ".join(title.split()) in words, title
    assert "Delivery options" in words


# -- Export Map as DOT/Mermaid, Export X-Matrix as Markdown ----------------------------------


def test_export_map_writes_the_map_in_front_as_mermaid_or_dot(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    show_maps(window)
    assert window.maps is not None and window.maps.scene is not None
    titles = [card.title for card in window.maps.scene.cards.values()]
    save_dialog(monkeypatch, tmp_path / "options", MERMAID_FILTER)
    window.images.export_graph_action.trigger()
    text = (tmp_path / "options.mmd").read_text(encoding="utf-8")
    assert text.startswith("%% okrdesk: Option Relationship Map\nflowchart TB\n")
    assert all(f'["{t}"]' in text for t in titles)
    save_dialog(monkeypatch, tmp_path / "options.gv", MERMAID_FILTER)
    window.images.export_graph_action.trigger()
    dot = (tmp_path / "options.gv").read_text(encoding="utf-8")
    assert dot.startswith("// okrdesk: Option Relationship Map") and "digraph okrdesk {" in dot
    assert "Exported options.gv" in window.statusBar().currentMessage()
    assert messages == []


def test_export_markdown_writes_the_xmatrix_summary(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.doc is not None
    save_dialog(monkeypatch, tmp_path / "summary", "Markdown (*.md)")
    window.images.export_markdown_action.trigger()
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    for element in window.doc.snapshot().of_kind(ElementKind.TACTIC):
        assert element.title in text
    assert "## Correlations" in text


def test_an_export_named_like_the_open_strategy_gets_its_own_suffix(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    assert window.doc is not None
    path = window.doc.file.path
    before = path.read_bytes()
    save_dialog(monkeypatch, path, "Markdown (*.md)")
    window.images.export_markdown_action.trigger()
    assert path.read_bytes() == before
    assert path.with_name(path.name + ".md").read_text(encoding="utf-8").startswith("# Acme")
    assert messages == []


# -- Copy as Image -----------------------------------------------------------------------------


def clipboard_image() -> QImage:
    image = QApplication.clipboard().image()
    assert not image.isNull()
    return image


def test_copy_as_image_copies_the_selected_xmatrix_items_or_the_whole_matrix(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.xmatrix is not None and window.doc is not None
    window.tabs.setCurrentWidget(window.xmatrix)
    scene, view = window.xmatrix.scene, window.xmatrix.view
    assert scene.layout is not None
    window.images.copy_image_action.trigger()
    whole = clipboard_image()
    assert "Copied the whole X-Matrix" in window.statusBar().currentMessage()
    page = scene.layout.picture
    assert (whole.width(), whole.height()) == (ceil(page.width * 2), ceil(page.height * 2))

    strategies = [e.id for e in window.doc.snapshot().of_kind(ElementKind.STRATEGY)][:2]
    for n, element_id in enumerate(strategies):
        cell = scene.layout.item_cells[element_id]
        spot = view.mapFromScene(QPointF(cell.cx, cell.cy))
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, QPoint(spot))
    assert sorted(scene.selected) == sorted(strategies)
    window.images.copy_image_action.trigger()
    part = clipboard_image()
    assert part.width() < whole.width() / 4 and part.height() < whole.height()
    assert ink(part) > 20
    assert "Copied 2 selected items" in window.statusBar().currentMessage()
    assert sorted(scene.selected) == sorted(strategies)  # the selection is kept
    assert "image/svg+xml" in QApplication.clipboard().mimeData().formats()
    svg = bytes(QApplication.clipboard().mimeData().data("image/svg+xml").data())
    assert ET.fromstring(svg).tag.endswith("svg")


def test_copy_as_image_copies_the_selected_cards_of_the_map(
    qtbot: QtBot, window: MainWindow
) -> None:
    show_maps(window)
    assert window.maps is not None and window.maps.scene is not None
    scene, view = window.maps.scene, window.maps.view
    window.images.copy_image_action.trigger()
    whole = clipboard_image()
    assert "Copied the whole map" in window.statusBar().currentMessage()
    chosen = sorted(scene.cards)[:2]
    for n, element_id in enumerate(chosen):
        spot = view.mapFromScene(scene.cards[element_id].pos())
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, spot)
    assert scene.selected_ids() == chosen
    window.images.copy_image_action.trigger()
    part = clipboard_image()
    assert part.width() * part.height() < whole.width() * whole.height() / 2
    assert ink(part) > 50
    assert "Copied 2 selected items" in window.statusBar().currentMessage()
    assert scene.selected_ids() == chosen


def test_copy_as_image_says_when_the_tab_has_no_canvas(window: MainWindow) -> None:
    assert window.details is not None
    QApplication.clipboard().clear()
    window.tabs.setCurrentWidget(window.details)
    window.images.copy_image_action.trigger()
    assert "X-Matrix or a map" in window.statusBar().currentMessage()
    assert QApplication.clipboard().image().isNull()


def test_the_actions_sit_in_the_menus_and_wait_for_a_document(qtbot: QtBot, tmp_path: Path) -> None:
    win = make_window(qtbot, tmp_path)
    images = win.images
    assert images.copy_image_action.shortcut().toString() == "Ctrl+Shift+C"
    file_menu, edit_menu = (a.menu() for a in win.menuBar().actions()[:2])
    texts = [a.text() for a in file_menu.actions()]
    at = texts.index("Export as &Image…")
    assert texts[at - 1] == "Export OKR &Scoreboard…" and texts[at + 3] == "Print Pre&view…"
    assert images.copy_image_action in edit_menu.actions()
    assert not any(a.isEnabled() for a in images.actions)
    assert win.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    assert all(a.isEnabled() for a in images.actions)
