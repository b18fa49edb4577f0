"""The File menu's paper actions on the sample strategy: Export PDF of the tab in front, the
paper chooser, too-large maps, the client pack, printing, and files that must not be written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.assets import write_sample_copy
from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.layout.paper import Paper
from okrdesk.models.kinds import ElementKind
from okrdesk.models.storage import StrategyFile
from okrdesk.views.a3_editor import SectionText
from okrdesk.views.main_window import MainWindow
from okrdesk.views.paper_actions import PaperChoice, PaperDialog, load_choice
from tests.gui_helpers import make_window


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window said in warning and information boxes."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, messages: list[str]) -> MainWindow:
    win = make_window(qtbot, tmp_path)
    assert win.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    return win


def save_as(monkeypatch: pytest.MonkeyPatch, win: MainWindow, answer: Path) -> list[str]:
    """Answer the save dialog with `answer`; returns the names it suggested."""
    suggested: list[str] = []

    def ask(_caption: str, _filter: str, name: str = "") -> str:
        suggested.append(name)
        return str(answer)

    monkeypatch.setattr(win.files, "ask_save_path", ask)
    return suggested


def choose(qtbot: QtBot, combo: QComboBox, label: str) -> None:
    """Pick an item the way a keyboard user does: focus the list, type its first letters."""
    combo.setFocus()
    qtbot.keyClicks(combo, label)
    assert combo.currentText().startswith(label), combo.currentText()


def answer_paper_dialog(
    qtbot: QtBot, size: str, orientation: str, *, tile: bool = False, ok: bool = True
) -> list[PaperChoice]:
    """Fill in the paper chooser when it opens (it is modal); returns what it showed first."""
    shown: list[PaperChoice] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PaperDialog):
            QTimer.singleShot(10, fill)  # not open yet
            return
        try:
            shown.append(dialog.choice())
            choose(qtbot, dialog.size_box, size)
            choose(qtbot, dialog.orientation, orientation)
            if dialog.tile.isChecked() != tile:
                qtbot.mouseClick(dialog.tile, Qt.MouseButton.LeftButton)
            buttons = QDialogButtonBox.StandardButton
            button = dialog.buttons.button(buttons.Ok if ok else buttons.Cancel)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():  # a failed step must not leave the test waiting forever
                dialog.reject()

    QTimer.singleShot(0, fill)
    return shown


def answer_tile_question(monkeypatch: pytest.MonkeyPatch, yes: bool) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


def text_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def is_paper(size: tuple[float, float], paper: Paper) -> bool:
    return abs(size[0] - paper.width) < 0.5 and abs(size[1] - paper.height) < 0.5


def show_maps(win: MainWindow) -> None:
    assert win.maps is not None
    win.tabs.setCurrentWidget(win.maps)
    assert win.maps.maps.currentText().startswith("Delivery options")


def never(what: str) -> Callable[..., object]:
    def fail(*_a: object, **_k: object) -> object:
        pytest.fail(f"unexpected {what}")

    return fail


# -- the X-Matrix ------------------------------------------------------------------------


def test_export_pdf_prints_the_xmatrix_on_the_paper_chosen_in_its_tab(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    assert window.xmatrix is not None
    window.tabs.setCurrentWidget(window.xmatrix)
    choose(qtbot, window.xmatrix.combos["paper"], "A4")
    choose(qtbot, window.xmatrix.combos["landscape"], "Portrait")
    out = tmp_path / "out" / "matrix"
    out.parent.mkdir()
    suggested = save_as(monkeypatch, window, out)
    monkeypatch.setattr(window.paper, "ask_paper", never("paper dialog"))
    window.paper.export_pdf_action.trigger()
    written = out.with_suffix(".pdf")
    assert suggested == ["Acme X-Matrix.pdf"]
    assert [is_paper(s, Paper("A4", False)) for s in page_sizes(written)] == [True]
    assert "Ephemeral test environments" in text_of(written)
    assert "Exported matrix.pdf" in window.statusBar().currentMessage()
    assert messages == []


def test_export_scoreboard_prints_every_objective_on_the_paper_chosen(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    assert window.doc is not None
    objectives = window.doc.snapshot().objectives
    assert objectives  # the sample has OKRs
    out = tmp_path / "board"
    suggested = save_as(monkeypatch, window, out)
    answer_paper_dialog(qtbot, "A4", "Landscape")
    window.paper.export_scoreboard_action.trigger()
    written = out.with_suffix(".pdf")
    assert suggested == ["Acme scoreboard.pdf"]
    assert [is_paper(s, Paper("A4", True)) for s in page_sizes(written)] == [True]
    printed = text_of(written)
    for objective in objectives:
        assert objective.title in printed
    assert messages == []


def test_paper_actions_are_off_without_a_document(
    qtbot: QtBot, tmp_path: Path, messages: list[str]
) -> None:
    win = make_window(qtbot, tmp_path)
    actions = win.paper.actions
    assert len(actions) == 5 and win.paper.export_scoreboard_action in actions
    assert [a.isEnabled() for a in actions] == [False] * len(actions)
    assert win.paper.export_pdf_action.shortcut().toString() == "Ctrl+E"
    assert win.paper.print_action.shortcut().toString() == "Ctrl+P"
    file_menu = win.menuBar().actions()[0].menu()
    assert all(a in file_menu.actions() for a in actions)
    assert win.open_path(write_sample_copy(tmp_path / "Acme.okrdesk"))
    assert [a.isEnabled() for a in actions] == [True] * len(actions)
    win.close_document()
    assert len(actions) == 5 and win.paper.export_scoreboard_action in actions
    assert [a.isEnabled() for a in actions] == [False] * len(actions)


# -- maps and the paper chooser ----------------------------------------------------------


def test_a_map_asks_for_paper_and_the_choice_is_remembered(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    show_maps(window)
    out = tmp_path / "map.pdf"
    suggested = save_as(monkeypatch, window, out)
    first = answer_paper_dialog(qtbot, "A3", "Portrait")
    window.paper.export_pdf_action.trigger()
    assert first == [PaperChoice(Paper("A3", True))]  # the default the first time
    assert suggested == ["Acme Delivery options.pdf"]
    assert [is_paper(s, Paper("A3", False)) for s in page_sizes(out)] == [True]
    assert "Delivery options" in text_of(out)
    assert load_choice(window.settings) == PaperChoice(Paper("A3", False))
    out.unlink()
    again = answer_paper_dialog(qtbot, "A3", "Portrait", ok=False)
    window.paper.export_pdf_action.trigger()
    assert again == [PaperChoice(Paper("A3", False))]  # remembered
    assert not out.exists()  # cancelled: nothing written
    assert messages == []


def test_a_map_too_large_for_the_paper_is_explained_with_an_offer_to_tile(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    show_maps(window)
    out = tmp_path / "map.pdf"
    save_as(monkeypatch, window, out)
    asked = answer_tile_question(monkeypatch, yes=False)
    answer_paper_dialog(qtbot, "A5", "Portrait")
    window.paper.export_pdf_action.trigger()
    assert len(asked) == 1
    assert "too large for A5 portrait" in asked[0] and "Tile it" in asked[0]
    assert "--tile" not in asked[0]  # a command-line hint means nothing here
    assert not out.exists()

    asked = answer_tile_question(monkeypatch, yes=True)
    answer_paper_dialog(qtbot, "A5", "Portrait")
    window.paper.export_pdf_action.trigger()
    sizes = page_sizes(out)
    assert len(sizes) > 1 and all(is_paper(s, Paper("A5", False)) for s in sizes)
    assert messages == []


def test_tiling_chosen_in_the_paper_dialog_needs_no_question(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_maps(window)
    out = tmp_path / "tiles.pdf"
    save_as(monkeypatch, window, out)
    monkeypatch.setattr(QMessageBox, "question", never("tile question"))
    answer_paper_dialog(qtbot, "A4", "Portrait", tile=True)
    window.paper.export_pdf_action.trigger()
    assert len(page_sizes(out)) > 1
    assert load_choice(window.settings).tile


def test_the_a3_sheet_in_front_exports_with_the_text_still_being_typed(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    sheets = window.sheets
    assert sheets is not None
    window.tabs.setCurrentWidget(sheets)
    out = tmp_path / "sheet.pdf"
    save_as(monkeypatch, window, out)
    monkeypatch.setattr(window.paper, "ask_paper", lambda _what: PaperChoice(Paper("A3", True)))
    qtbot.mouseClick(sheets.buttons["New A3 sheet"], Qt.MouseButton.LeftButton)
    section = sheets.editor.findChildren(SectionText)[0]
    section.setFocus()
    qtbot.keyClicks(section, "Ship weekly by June")  # still typing: not saved yet
    window.paper.export_pdf_action.trigger()
    assert [is_paper(s, Paper("A3", True)) for s in page_sizes(out)] == [True]
    assert "Ship weekly by June" in text_of(out)
    assert messages == []


def test_an_a3_tab_without_sheets_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    win = make_window(qtbot, tmp_path)
    empty = tmp_path / "Empty.okrdesk"
    StrategyFile.create(empty, "Empty").close()
    assert win.open_path(empty) and win.sheets is not None
    win.tabs.setCurrentWidget(win.sheets)
    monkeypatch.setattr(win.files, "ask_save_path", never("save dialog"))
    monkeypatch.setattr(win.paper, "ask_paper", never("paper dialog"))
    win.paper.export_pdf_action.trigger()
    assert messages == ["There is no A3 sheet to print yet: add one first."]


def test_export_client_pack_writes_every_page(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    out = tmp_path / "pack.pdf"
    suggested = save_as(monkeypatch, window, out)
    monkeypatch.setattr(window.paper, "ask_paper", lambda _what: PaperChoice(Paper("A3", True)))
    window.paper.export_pack_action.trigger()
    assert window.doc is not None
    want = build_pages(window.doc.snapshot(), PageRequest("pack", Paper("A3", True)))
    assert len(page_sizes(out)) == len(want.pages) > 3
    assert suggested == ["Acme client pack.pdf"]
    assert PdfReader(out).outline  # bookmarks to find the parts
    assert messages == []


# -- printing ----------------------------------------------------------------------------


def test_print_sends_the_xmatrix_to_the_chosen_printer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(window.paper, "ask_printer", lambda _pages: printer)
    window.paper.print_action.trigger()
    sizes = page_sizes(tmp_path / "printed.pdf")
    assert [is_paper(s, Paper("A3", True)) for s in sizes] == [True]
    assert "Map the release value stream" in text_of(tmp_path / "printed.pdf")
    assert window.statusBar().currentMessage().startswith("Printed 1 page")


def test_print_preview_shows_the_current_map(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    show_maps(window)
    monkeypatch.setattr(window.paper, "ask_paper", lambda _what: PaperChoice(Paper("A3", True)))
    window.paper.preview_action.trigger()
    dialog = window.paper.preview
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() == 1, timeout=5000)
    dialog.reject()


# -- files that must not be written ------------------------------------------------------


def test_the_open_strategy_file_is_never_overwritten(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    win = make_window(qtbot, tmp_path)
    strategy = write_sample_copy(tmp_path / "odd name.pdf")  # a strategy file called .pdf
    assert win.open_path(strategy)
    before = strategy.read_bytes()
    save_as(monkeypatch, win, strategy)
    win.paper.export_pdf_action.trigger()
    assert messages == ["odd name.pdf is the strategy open now; choose another name."]
    assert strategy.read_bytes() == before


def test_a_read_only_folder_is_a_clear_message_and_no_file(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    out = tmp_path / "locked" / "matrix.pdf"
    out.parent.mkdir()
    save_as(monkeypatch, window, out)

    def refuse(*_a: object, **_k: object) -> object:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, who can write anywhere: the folder refuses the way a
    # read-only one does, when the export creates its temporary file there.
    monkeypatch.setattr("okrdesk.models.atomic.tempfile.mkstemp", refuse)
    window.paper.export_pdf_action.trigger()
    assert len(messages) == 1 and "read-only" in messages[0]
    assert list(out.parent.iterdir()) == []


def test_characters_that_cannot_print_are_reported_after_export(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[str],
) -> None:
    assert window.doc is not None
    strategy = window.doc.snapshot().of_kind(ElementKind.STRATEGY)[0]
    window.doc.rename(strategy.id, "Build quality in \U0010fffd")
    out = tmp_path / "matrix.pdf"
    save_as(monkeypatch, window, out)
    window.paper.export_pdf_action.trigger()
    assert out.exists()
    assert len(messages) == 1
    assert "Exported matrix.pdf" in messages[0] and "\U0010fffd" in messages[0]


def test_today_is_in_the_footer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "matrix.pdf"
    save_as(monkeypatch, window, out)
    window.paper.export_pdf_action.trigger()
    today = dt.date.today()
    assert f"{today.day} {today:%b %Y}" in text_of(out)
