"""Exports are safe: a file name suggested from a title is a plain name in the folder the user
picks (no folder separators, no "..", no control or invisible characters, not too long for
a file system), and no export, from the window or the command line, ever writes over the
strategy file itself.

Already proven elsewhere: the command line's JSON and PDF export onto the strategy
(tests/test_cli.py::test_export_onto_the_strategy_file_itself_is_refused and
…_named_json_is_refused), the window's PDF export onto it
(tests/test_gui_paper.py::test_the_open_strategy_file_is_never_overwritten), Save a Copy As
onto it (tests/test_storage.py::test_save_copy_refuses_the_open_file_itself).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.assets import write_sample_copy
from okrdesk.models.kinds import ElementKind
from okrdesk.views.main_window import MainWindow
from okrdesk.views.paper_actions import load_choice
from tests.gui_helpers import make_window
from tests.test_cli import one_error_line, run

HOSTILE_TITLES = {
    "folders": "../../../etc/passwd",
    "backslashes": "..\\..\\Windows\\System32\\evil",
    "drive and colons": "C:\\temp: notes",
    "reserved characters": 'a*b?c"d<e>f|g',
    "control characters": "tab\there\nnew line\x00nul\x1bescape\x7fdel\x85next",
    "a disguised suffix": "invoice\u202efdp.exe",  # a right-to-left override reverses "fdp"
    "only dots": "..",
    "very long": "Ünïcödé strategy for the next decade " * 20,
    "emoji and CJK": "战略 🚀 目标",
}


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


def answer_save_dialog(
    monkeypatch: pytest.MonkeyPatch, win: MainWindow, answer: Path | None
) -> list[str]:
    """Answer the save dialog with `answer` (None: cancel); returns the names it suggested."""
    suggested: list[str] = []

    def ask(_caption: str, _filter: str, name: str = "") -> str:
        suggested.append(name)
        return "" if answer is None else str(answer)

    monkeypatch.setattr(win.files, "ask_save_path", ask)
    return suggested


def suggested_pdf_name(win: MainWindow, monkeypatch: pytest.MonkeyPatch, map_title: str) -> str:
    """The name Export PDF suggests for the map in front, after the user renamed it."""
    doc, maps = win.doc, win.maps
    assert doc is not None and maps is not None
    map_id = doc.snapshot().maps[0].id
    doc.rename_map(map_id, map_title)
    win.tabs.setCurrentWidget(maps)
    monkeypatch.setattr(win.paper, "ask_paper", lambda _what: load_choice(win.settings))
    suggested = answer_save_dialog(monkeypatch, win, None)
    win.paper.export_pdf_action.trigger()
    assert len(suggested) == 1
    return suggested[0]


@pytest.mark.parametrize("title", HOSTILE_TITLES.values(), ids=HOSTILE_TITLES.keys())
def test_a_name_suggested_from_a_title_is_a_plain_file_name(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[str], title: str
) -> None:
    name = suggested_pdf_name(window, monkeypatch, title)

    assert name.endswith(".pdf") and name.startswith("Acme")
    assert Path(name).name == name and "/" not in name and "\\" not in name
    assert name.removesuffix(".pdf").strip(".") != ""  # never "." or ".."
    assert not any(c in name for c in ':*?"<>|')
    assert all(unicodedata.category(c) not in ("Cc", "Cf") for c in name)
    assert len(name.encode("utf-8")) <= 255  # the longest name file systems take
    assert messages == []


def test_the_suggested_name_can_be_written_as_it_is(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, messages: list[str]
) -> None:
    name = suggested_pdf_name(window, monkeypatch, HOSTILE_TITLES["very long"] + "/../x")
    target = tmp_path / "exports" / name
    target.parent.mkdir()
    answer_save_dialog(monkeypatch, window, target)

    window.paper.export_pdf_action.trigger()

    assert messages == [], messages
    assert [p.name for p in target.parent.iterdir()] == [name]
    assert target.read_bytes().startswith(b"%PDF")


# -- never over the strategy file itself ----------------------------------------------------


def test_the_window_never_exports_json_over_the_open_strategy(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    """A strategy file named .json (opened through "All files"): Export JSON suggests that very
    name, and accepting it must not replace the strategy with its own export."""
    win = make_window(qtbot, tmp_path)
    strategy = write_sample_copy(tmp_path / "Acme.json")
    assert win.open_path(strategy)
    before = strategy.read_bytes()
    suggested = answer_save_dialog(monkeypatch, win, strategy)

    win.files.export_json()

    assert suggested == ["Acme.json"]
    assert messages == ["Acme.json is the strategy open now; choose another name."]
    assert strategy.read_bytes() == before
    assert win.doc is not None
    win.doc.add_element(ElementKind.TACTIC, "Still editable")  # the file is still a strategy


def test_the_window_never_saves_a_copy_over_the_open_strategy(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[str]
) -> None:
    assert window.doc is not None
    strategy = window.doc.file.path
    before = strategy.read_bytes()
    answer_save_dialog(monkeypatch, window, strategy)

    window.files.save_copy()

    assert len(messages) == 1 and "itself" in messages[0]
    assert strategy.read_bytes() == before


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_the_command_line_never_writes_a_page_over_the_strategy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """A tiled map is written page by page as OUT-1, OUT-2 …: one of them may be the
    strategy's own name even when OUT is not."""
    strategy = write_sample_copy(tmp_path / f"map-1{suffix}")
    before = strategy.read_bytes()

    code, out, err = run(
        capsys,
        "export",
        strategy,
        tmp_path / f"map{suffix}",
        "--view",
        "orm",
        "--page",
        "A5",
        "--tile",
    )

    assert (code, out) == (2, "")
    assert "refusing to overwrite the strategy file itself" in one_error_line(err)
    assert strategy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [strategy.name]
