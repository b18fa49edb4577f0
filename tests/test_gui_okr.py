"""The OKRs tab with keyboard and mouse: objectives and key results added and edited, the
weekly check-in driven by the keyboard only, the chart following it, and the printouts."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Glyph
from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import ObjectiveKind
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.checkin_dialog import CheckInDialog
from okrdesk.views.main_window import MainWindow
from okrdesk.views.okr_tab import OkrTab
from okrdesk.views.paper_actions import PaperChoice
from tests.gui_helpers import make_window
from tests.test_cli import run
from tests.test_okr_layout import build_okrs

CLICK = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
MONDAY = dt.date(2026, 1, 5)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"message: {a[2]}"))
    path = tmp_path / "payments.okrdesk"
    StrategyFile.create(path, "Acme Payments").close()
    win = make_window(qtbot, tmp_path)
    win.resize(1500, 950)
    assert win.open_path(path)
    assert win.okrs is not None
    win.tabs.setCurrentWidget(win.okrs)
    win.okrs.today = MONDAY
    return win


def tab(win: MainWindow) -> OkrTab:
    assert win.okrs is not None
    return win.okrs


def stored(win: MainWindow) -> Snapshot:
    assert win.doc is not None
    return Strategy(win.doc.file).snapshot()


def type_in_place(qtbot: QtBot, win: MainWindow, text: str) -> None:
    """Type into the tree's open in-place editor and press Enter."""
    tree = tab(win).tree
    editors = [e for e in tree.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no in-place editor is open"
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], text)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not any(e.isVisible() for e in tree.findChildren(QLineEdit)))


def tree_titles(win: MainWindow) -> list[str]:
    return [item.text(0) for item in tab(win).tree.rows()]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_add_objectives_and_key_results_by_keyboard_and_clicking(
    qtbot: QtBot, window: MainWindow
) -> None:
    t = tab(window)
    t.tree.setFocus()
    qtbot.keyClick(t.tree, Qt.Key.Key_Insert, CTRL)
    type_in_place(qtbot, window, "Make failed payments rare")
    qtbot.keyClick(t.tree, Qt.Key.Key_Insert)
    type_in_place(qtbot, window, "First-try success from 91 to 97 %")
    qtbot.mouseClick(t.buttons["New objective"], CLICK)
    type_in_place(qtbot, window, "Delight merchants at onboarding")
    qtbot.mouseClick(t.buttons["New key result"], CLICK)
    type_in_place(qtbot, window, "Live within a day")
    snap = stored(window)
    assert [o.title for o in snap.objectives] == [
        "Make failed payments rare",
        "Delight merchants at onboarding",
    ]
    first, second = snap.objectives
    assert [k.title for k in snap.key_results_of(first.id)] == ["First-try success from 91 to 97 %"]
    assert [k.title for k in snap.key_results_of(second.id)] == ["Live within a day"]
    assert tree_titles(window) == [
        "Make failed payments rare",
        "First-try success from 91 to 97 %",
        "Delight merchants at onboarding",
        "Live within a day",
    ]
    # The key result just named is the current one: its editor takes numbers by keyboard.
    editor = t.kr_editor
    assert t.editors.currentWidget() is editor
    editor.baseline.setFocus()
    editor.baseline.selectAll()
    qtbot.keyClicks(editor.baseline, "20")
    qtbot.keyClick(editor.baseline, Qt.Key.Key_Tab)
    editor.target.selectAll()
    qtbot.keyClicks(editor.target, "80")
    qtbot.keyClick(editor.target, Qt.Key.Key_Tab)
    editor.unit.selectAll()
    qtbot.keyClicks(editor.unit, "%")
    qtbot.keyClick(editor.unit, Qt.Key.Key_Return)
    (kr,) = stored(window).key_results_of(second.id)
    assert (kr.baseline, kr.target, kr.unit) == (20.0, 80.0, "%")
    # A baseline that is not a number is not saved, and the editor says why.
    editor.baseline.selectAll()
    qtbot.keyClicks(editor.baseline, "twenty")
    qtbot.keyClick(editor.baseline, Qt.Key.Key_Return)
    assert stored(window).key_result(kr.id).baseline == 20.0  # type: ignore[union-attr]
    assert "not a number" in editor.problem.text() and editor.problem.isVisible()
    assert editor.baseline.text() == "20"


def test_the_objective_editor_sets_kind_period_owner_alignment_and_wig(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.doc is not None
    strategy_id = window.doc.add_element(ElementKind.STRATEGY, "Win mid-size merchants")
    objective_id = window.doc.add_objective("Make failed payments rare")
    assert objective_id is not None and strategy_id is not None
    t = tab(window)
    t.tree.select_id(objective_id)
    editor = t.objective_editor
    assert t.editors.currentWidget() is editor
    editor.kind.setFocus()
    qtbot.keyClick(editor.kind, Qt.Key.Key_Down)  # Committed → Aspirational
    for field, text in (
        (editor.start, "2026-01-01"),
        (editor.end, "2026-03-31"),
        (editor.owner, "Payments team"),
    ):
        field.setFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    item = editor.aligns.item_for(strategy_id)
    assert item is not None
    rect = editor.aligns.visualItemRect(item)
    box = rect.topLeft() + QPoint(rect.height() // 2 + 2, rect.height() // 2)  # its check box
    qtbot.mouseClick(editor.aligns.viewport(), CLICK, pos=box)
    qtbot.mouseClick(editor.wig, CLICK)
    objective = stored(window).objective(objective_id)
    assert objective is not None
    assert objective.kind == ObjectiveKind.ASPIRATIONAL
    assert (objective.period_start, objective.period_end) == ("2026-01-01", "2026-03-31")
    assert objective.owner == "Payments team"
    assert objective.aligns_to == (strategy_id,)
    assert objective.wig


@pytest.fixture
def with_okrs(window: MainWindow) -> dict[str, str]:
    assert window.doc is not None
    ids = build_okrs(window.doc.model)
    window.doc.undo_stack.clear()
    window.doc.apply(lambda: None, okrs=list(ids.values()))  # the tab reads the new content
    return ids


def chart_points(win: MainWindow) -> int:
    picture = tab(win).picture_view.picture
    assert picture is not None
    return sum(
        1 for item in picture.items if isinstance(item, Glyph) and item.role == "chart-point"
    )


def open_check_in(qtbot: QtBot, win: MainWindow) -> CheckInDialog:
    t = tab(win)
    win.activateWindow()  # back from an earlier dialog
    qtbot.waitUntil(win.isActiveWindow)
    t.tree.setFocus()
    before = t.checkin_dialog
    qtbot.keyClick(t.tree, Qt.Key.Key_K, CTRL)
    dialog = t.checkin_dialog
    assert dialog is not None and dialog is not before and dialog.isVisible()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    return dialog


def type_here(qtbot: QtBot, text: str, then: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Type into whatever has the focus, then press `then`."""
    widget = focused()
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, then)


def test_the_weekly_check_in_by_keyboard_only(
    qtbot: QtBot, window: MainWindow, with_okrs: dict[str, str]
) -> None:
    ids = with_okrs
    t = tab(window)
    t.tree.select_id(ids["k5"])
    assert chart_points(window) == 0
    assert window.doc is not None
    depth = window.doc.undo_stack.count()
    t.today = dt.date(2026, 2, 16)
    dialog = open_check_in(qtbot, window)
    assert [r.kr.id for r in dialog.rows] == [ids[k] for k in ("k1", "k2", "k3", "k4", "k5")]
    assert [r.confidence.value() for r in dialog.rows] == [7, 7, 5, 6, 5]  # last, or 5
    assert focused() is dialog.rows[0].value
    type_here(qtbot, "95.5")  # value, Tab
    type_here(qtbot, "8")  # confidence, Tab
    type_here(qtbot, "retries on Visa live", Qt.Key.Key_Return)  # note, Enter: next KR
    assert focused() is dialog.rows[1].value
    type_here(qtbot, "6", Qt.Key.Key_Return)  # value only, Enter: next KR
    assert focused() is dialog.rows[2].value
    type_here(qtbot, "", Qt.Key.Key_Return)  # skipped: nothing typed
    type_here(qtbot, "", Qt.Key.Key_Return)
    type_here(qtbot, "4")  # the last KR: value, Tab, Tab past confidence 5, a note
    type_here(qtbot, "")
    type_here(qtbot, "two calls booked", Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    snap = stored(window)
    latest = {k: snap.latest_check_in(ids[k]) for k in ("k1", "k2", "k3", "k4", "k5")}
    assert latest["k1"] is not None and latest["k5"] is not None and latest["k2"] is not None
    assert (latest["k1"].date, latest["k1"].value, latest["k1"].confidence, latest["k1"].note) == (
        "2026-02-16",
        95.5,
        8,
        "retries on Visa live",
    )
    assert (latest["k2"].value, latest["k2"].confidence) == (6.0, 7)
    assert (latest["k5"].value, latest["k5"].confidence, latest["k5"].note) == (
        4.0,
        5,
        "two calls booked",
    )
    assert latest["k3"] is not None and latest["k3"].date == "2026-02-09"  # left alone
    assert window.doc.undo_stack.count() == depth + 1
    assert chart_points(window) == 1  # the chart of the key result shown has its point
    # One undo takes back the whole session; redo brings it back.
    window.doc.undo_stack.undo()
    assert stored(window).latest_check_in(ids["k5"]) is None
    assert stored(window).latest_check_in(ids["k1"]).date == "2026-02-09"  # type: ignore[union-attr]
    assert chart_points(window) == 0
    window.doc.undo_stack.redo()
    assert chart_points(window) == 1
    # A week later: confidence starts where it was left, the history is kept.
    t.today = dt.date(2026, 2, 23)
    dialog = open_check_in(qtbot, window)
    assert dialog.rows[0].confidence.value() == 8
    assert dialog.rows[4].confidence.value() == 5
    for _ in range(4):
        type_here(qtbot, "", Qt.Key.Key_Return)
    type_here(qtbot, "6", Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    history = stored(window).check_ins_of(ids["k5"])
    assert [(c.date, c.value) for c in history] == [("2026-02-16", 4.0), ("2026-02-23", 6.0)]
    assert chart_points(window) == 2


def test_escape_cancels_and_a_bad_value_is_named_not_saved(
    qtbot: QtBot, window: MainWindow, with_okrs: dict[str, str]
) -> None:
    before = stored(window)
    dialog = open_check_in(qtbot, window)
    type_here(qtbot, "97", Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored(window) == before
    dialog = open_check_in(qtbot, window)
    type_here(qtbot, "ninety", Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert "Raise first-attempt success rate" in dialog.status.text()
    assert "not a number" in dialog.status.text()
    assert focused() is dialog.rows[0].value
    assert stored(window) == before
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)


def test_the_tab_draws_the_key_results_chart_and_scores_with_numbers(
    window: MainWindow, with_okrs: dict[str, str]
) -> None:
    t = tab(window)
    t.tree.select_id(with_okrs["k1"])
    assert chart_points(window) == 6
    item = t.tree.item_for(with_okrs["k1"])
    assert item is not None and item.text(1) == "0.7"
    assert t.kr_editor.score.text().startswith("0.7 (green)")
    objective = t.tree.item_for(with_okrs["o2"])
    assert objective is not None and objective.text(1) == "0.5"
    t.tree.select_id(with_okrs["o1"])
    picture = t.picture_view.picture
    assert picture is not None and picture.meta["kind"] == "okr-objective"
    drawn = " ".join(" ".join(getattr(i, "lines", ())) for i in picture.items)
    assert "Make failed payments a thing of the past" in drawn
    assert "Cut time to resolve a failed payment" in drawn


def test_delete_and_move_from_the_tree_with_undo(
    qtbot: QtBot, window: MainWindow, with_okrs: dict[str, str]
) -> None:
    ids = with_okrs
    t = tab(window)
    t.tree.select_id(ids["k3"])
    t.tree.setFocus()
    qtbot.keyClick(t.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    order = [k.id for k in stored(window).key_results_of(ids["o1"])]
    assert order == [ids["k1"], ids["k3"], ids["k2"]]
    qtbot.keyClick(t.tree, Qt.Key.Key_Delete)
    assert stored(window).key_result(ids["k3"]) is None
    assert ids["k3"] not in [i.data(0, Qt.ItemDataRole.UserRole) for i in t.tree.rows()]
    assert window.doc is not None
    window.doc.undo_stack.undo()
    assert [c.value for c in stored(window).check_ins_of(ids["k3"])][-1] == 15.0
    assert t.tree.item_for(ids["k3"]) is not None


def test_printing_the_okrs_tab_prints_the_one_pager(
    window: MainWindow, with_okrs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.paper.current_view() == "okr"
    monkeypatch.setattr(window.paper, "ask_paper", lambda _what: PaperChoice(Paper("A4", False)))
    pages = window.paper.pages_for("okr")
    assert pages is not None and pages.title == "Acme Payments: Objectives and key results"
    (page,) = [picture for picture, _bookmark in pages.pages]
    assert (page.width, page.height) == Paper("A4", False).size
    assert page.showing(with_okrs["o3"]) and page.showing(with_okrs["k5"])


@pytest.mark.parametrize("view", ["okr", "scoreboard"])
def test_the_cli_export_has_every_title(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, view: str
) -> None:
    path = tmp_path / "okrs.okrdesk"
    file = StrategyFile.create(path, "Acme Payments")
    build_okrs(Strategy(file))
    snapshot = Strategy(file).snapshot()
    file.close()
    out = tmp_path / f"{view}.pdf"
    code, stdout, err = run(capsys, "export", path, out, "--view", view, "--page", "A4")
    assert (code, err) == (0, "")
    assert "1 page" in stdout
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    titles = [o.title for o in snapshot.objectives] + [k.title for k in snapshot.key_results]
    assert len(titles) == 8
    for title in titles:
        assert title in text, title


def test_typing_not_yet_finished_is_saved_on_close_and_before_printing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.doc is not None
    objective_id = window.doc.add_objective("Make failed payments rare")
    assert objective_id is not None
    kr_id = window.doc.add_key_result(objective_id, "Failed payments per 1,000")
    assert kr_id is not None
    t = tab(window)
    t.tree.select_id(kr_id)
    editor = t.kr_editor
    editor.target.setFocus()
    editor.target.selectAll()
    qtbot.keyClicks(editor.target, "12.5")  # no Enter, no Tab: still being typed
    monkeypatch.setattr(window.paper, "ask_paper", lambda _what: PaperChoice(Paper("A4", False)))
    assert window.paper.pages_for("okr") is not None
    kr = stored(window).key_result(kr_id)
    assert kr is not None and kr.target == 12.5

    t.tree.select_id(objective_id)
    t.objective_editor.title.setFocus()
    qtbot.keyClicks(t.objective_editor.title, " by March")
    path = window.doc.file.path
    window.close()
    file = StrategyFile.open_for_reading(path)
    try:
        objective = Strategy(file).snapshot().objective(objective_id)
    finally:
        file.close()
    assert objective is not None and objective.title == "Make failed payments rare by March"


def test_clicking_an_okr_health_finding_shows_the_key_result_in_the_okrs_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.doc is not None and window.health is not None and window.xmatrix is not None
    objective_id = window.doc.add_objective("Make failed payments rare")
    assert objective_id is not None
    window.doc.add_key_result(objective_id, "Failed payments below 2 per 1,000")
    activity = window.doc.add_key_result(objective_id, "Launch the retry service")
    window.tabs.setCurrentWidget(window.xmatrix)
    health = window.health
    row = health.codes().index("activity-key-result")
    rect = health.visualItemRect(health.item(row))
    qtbot.mouseClick(health.viewport(), CLICK, pos=rect.center())
    assert window.tabs.currentWidget() is window.okrs
    assert tab(window).tree.current() == ("key_result", activity)
    assert tab(window).editors.currentWidget() is tab(window).kr_editor
    assert tab(window).kr_editor.title.text() == "Launch the retry service"
