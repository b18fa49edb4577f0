"""Bad files as the user meets them: on the command line one line on stderr and exit status 2,
in the window one message box; never a traceback, and the file left byte-identical.

Every case the reliability issue lists is here, on both faces (docs/reliability.md counts
them): zero-length, truncated, random bytes, a text file named .okrdesk, another application's
database, a newer schema, a missing table (and a missing column), a read-only file, a file in a
read-only folder, a file locked by another process, a path that does not exist, a directory.
The files themselves are made by the helpers of tests/test_storage.py, which proves the same
refusals at the model level.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.models import storage
from okrdesk.models.kinds import ElementKind
from okrdesk.views.main_window import MainWindow
from tests.gui_helpers import make_window
from tests.test_cli import one_error_line, run
from tests.test_storage import (
    empty_file,
    folder_state,
    make_real_file,
    missing_table,
    newer_version,
    other_application_db,
    random_bytes,
    sql,
    sqlite_header_then_garbage,
    text_file,
    truncated_half,
    truncated_inside_header,
)


def missing_column(folder: Path) -> Path:
    path = make_real_file(folder / "columnless.okrdesk")
    sql(path, "ALTER TABLE element DROP COLUMN status")
    return path


def missing_path(folder: Path) -> Path:
    return folder / "nowhere.okrdesk"


def directory(folder: Path) -> Path:
    path = folder / "folder.okrdesk"
    path.mkdir()
    (path / "inside.txt").write_text("keep me", encoding="utf-8")
    return path


BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    # case: (make it in a folder, words the message must contain)
    "zero-length": (empty_file, "the file is empty"),
    "truncated in the middle": (truncated_half, "damaged"),
    "truncated inside the header": (truncated_inside_header, "truncated"),
    "random bytes": (random_bytes, "not an okrdesk strategy"),
    "a SQLite header, then garbage": (sqlite_header_then_garbage, "damaged"),
    "a text file named .okrdesk": (text_file, "not an okrdesk strategy"),
    "another application's database": (other_application_db, "another application"),
    "a newer schema": (newer_version, "newer okrdesk"),
    "a missing table": (missing_table, "missing ownership"),
    "a missing column": (missing_column, "missing element.status"),
    "a path that does not exist": (missing_path, "no such file"),
    "a directory": (directory, "is a folder"),
}


def make_bad(tmp_path: Path, case: str) -> tuple[Path, Path, str]:
    """(folder, bad path, expected words): the bad file alone in a folder of its own."""
    folder = tmp_path / "files"
    folder.mkdir()
    make, words = BAD[case]
    return folder, make(folder), words


def tree_state(folder: Path) -> dict[str, object]:
    """folder_state, looking inside sub-folders too (a directory case must stay as it was)."""
    return {
        name: tree_state(folder / name) if digest == "<dir>" else digest
        for name, digest in folder_state(folder).items()
    }


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["check"], ["export", "json"], ["export", "pdf"]], ids=" ".join)
@pytest.mark.parametrize("case", list(BAD))
def test_the_command_line_refuses_a_bad_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, argv: list[str]
) -> None:
    folder, bad, words = make_bad(tmp_path, case)
    before = tree_state(folder)
    out = tmp_path / f"out.{argv[-1]}"
    args = [argv[0], bad] + ([out] if argv[0] == "export" else [])

    code, stdout, stderr = run(capsys, *args)

    assert (code, stdout) == (2, "")
    line = one_error_line(stderr)  # one line, "okrdesk: …", no traceback
    assert bad.name in line and words in line, line
    assert tree_state(folder) == before  # byte-identical, nothing created beside it
    assert not out.exists()


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Really read-only (chmod), for runs that are not root; root ignores the bits."""
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_the_command_line_reads_a_read_only_strategy_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = make_real_file(folder / "client.okrdesk")
    before = folder_state(folder)
    out = tmp_path / "client.json"

    with read_only(path if what == "file" else folder):
        checked = run(capsys, "check", path)
        exported = run(capsys, "export", path, out)

    assert checked[0] in (0, 1) and checked[2] == ""
    assert exported[0] == 0 and exported[2] == ""
    assert '"Acme 2027"' in out.read_text(encoding="utf-8")
    assert folder_state(folder) == before  # not even a -wal or a lock file appeared


# -- another process holds the file ---------------------------------------------------------------

HOLD = {
    # A program that keeps the file to itself: nobody else may even read it.
    "exclusive": (
        "con.execute('PRAGMA locking_mode = EXCLUSIVE'); con.execute('BEGIN EXCLUSIVE');"
        "con.execute(\"UPDATE okrdesk_meta SET value = value WHERE key = 'title'\");"
        "con.execute('COMMIT')"
    ),
    # A program in the middle of writing: others read, nobody else writes.
    "writing": "con.execute('BEGIN IMMEDIATE')",
    # Another tool that put the file in rollback-journal mode, half-way through a write (its
    # -journal file beside it) and before it has written anything.
    "journal, writing": (
        "con.execute('PRAGMA journal_mode = DELETE'); con.execute('BEGIN EXCLUSIVE');"
        "con.execute(\"UPDATE okrdesk_meta SET value = 'half-written' WHERE key = 'title'\")"
    ),
    "journal, locked": (
        "con.execute('PRAGMA journal_mode = DELETE'); con.execute('BEGIN EXCLUSIVE')"
    ),
}


@contextmanager
def another_process_holds(path: Path, how: str) -> Iterator[None]:
    """A separate process takes SQLite's lock on `path` and keeps it until the block ends."""
    program = (
        "import sqlite3, sys\n"
        f"con = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        f"{HOLD[how]}\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", program], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.communicate(timeout=30)  # closing its input lets it end, which frees the lock


def test_the_command_line_says_when_another_program_holds_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_real_file(tmp_path / "busy.okrdesk")
    with another_process_holds(path, "exclusive"):
        before = folder_state(tmp_path)
        started = time.monotonic()
        code, stdout, stderr = run(capsys, "export", path, tmp_path / "out.json")
        waited = time.monotonic() - started
        assert folder_state(tmp_path) == before

    assert (code, stdout) == (2, "")
    assert one_error_line(stderr) == "okrdesk: busy.okrdesk: locked by another program; try again"
    assert waited < 10  # a short wait for the lock, never a hang


# -- the window ---------------------------------------------------------------------------------


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window said in warning boxes (instead of blocking on a modal box)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, messages: list[str]) -> MainWindow:
    return make_window(qtbot, tmp_path)


@pytest.mark.parametrize("case", list(BAD))
def test_the_window_refuses_a_bad_file_with_one_message(
    window: MainWindow, tmp_path: Path, messages: list[str], case: str
) -> None:
    folder, bad, words = make_bad(tmp_path, case)
    before = tree_state(folder)

    assert not window.open_path(bad)

    assert len(messages) == 1
    assert messages[0].startswith(bad.name) and words in messages[0], messages[0]
    assert "Traceback" not in messages[0]
    assert window.doc is None and window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "okrdesk"
    assert tree_state(folder) == before
    assert window.files.recent_files() == []  # a file that did not open is not "recent"


def test_a_bad_file_leaves_the_strategy_already_open_as_it_was(
    window: MainWindow, tmp_path: Path, messages: list[str]
) -> None:
    good = make_real_file(tmp_path / "good.okrdesk")
    assert window.open_path(good)
    assert window.doc is not None
    shown = window.doc.snapshot()
    _folder, bad, _words = make_bad(tmp_path, "truncated in the middle")

    assert not window.open_path(bad)

    assert len(messages) == 1
    assert window.doc is not None and window.doc.file.path == good
    assert window.doc.snapshot() == shown
    assert window.windowTitle().startswith("good.okrdesk")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_strategy_opens_with_a_banner_and_refuses_edits(
    window: MainWindow,
    tmp_path: Path,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    what: str,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = make_real_file(folder / "client.okrdesk")
    locked = path if what == "file" else folder
    before = folder_state(folder)
    real_access = os.access

    def access(p: object, mode: int, **kwargs: object) -> bool:
        """What os.access says for a user without write permission (tests may run as root)."""
        if mode & os.W_OK and Path(str(p)).resolve() == locked.resolve():
            return False
        return real_access(p, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(storage.os, "access", access)
    with read_only(locked):
        assert window.open_path(path)
        doc = window.doc
        assert doc is not None and doc.read_only
        assert window.banner.isVisible() and "read-only" in window.banner.text()
        assert "[read-only]" in window.windowTitle()
        shown = doc.snapshot()
        aspiration = shown.of_kind(ElementKind.ASPIRATION)[0]

        assert doc.add_element(ElementKind.TACTIC, "Try this") is None
        doc.rename(aspiration.id, "Changed")

        assert len(messages) == 2 and all("read-only" in m for m in messages)
        assert doc.snapshot() == shown and doc.undo_stack.count() == 0
        window.close_document()
    assert folder_state(folder) == before


@pytest.mark.parametrize("how", ["exclusive", "journal, writing", "journal, locked"])
def test_the_window_says_when_another_program_keeps_the_file_to_itself(
    window: MainWindow, tmp_path: Path, messages: list[str], how: str
) -> None:
    path = make_real_file(tmp_path / "busy.okrdesk")
    with another_process_holds(path, how):
        before = folder_state(tmp_path)
        assert not window.open_path(path)
        assert folder_state(tmp_path) == before  # no lock file or -wal left behind

    assert messages == ["busy.okrdesk: locked by another program; try again"]
    assert window.doc is None
    assert window.open_path(path)  # once the other program lets go, it opens


def test_an_edit_while_another_program_writes_is_refused_with_a_message(
    window: MainWindow, tmp_path: Path, messages: list[str]
) -> None:
    path = make_real_file(tmp_path / "busy.okrdesk")
    assert window.open_path(path)
    doc = window.doc
    assert doc is not None
    shown = doc.snapshot()

    with another_process_holds(path, "writing"):
        started = time.monotonic()
        assert doc.add_element(ElementKind.TACTIC, "Typed while the file was busy") is None
        waited = time.monotonic() - started

    assert waited < 10  # SQLite's short wait for the lock, then a message: never a hang
    assert len(messages) == 1 and "Another program is using this strategy file" in messages[0]
    assert doc.snapshot() == shown and doc.undo_stack.count() == 0
    # Once the other program is done, the same edit goes in, and undoes.
    new = doc.add_element(ElementKind.TACTIC, "Typed while the file was busy")
    assert new is not None and doc.snapshot().element(new) is not None
    doc.undo_stack.undo()
    assert doc.snapshot() == shown


# -- bad JSON to import, in the window ----------------------------------------------------------

BROKEN = {
    "format": "okrdesk",
    "version": 1,
    "title": 2027,  # wrong type
    "elements": [
        {"id": "tn", "kind": "true_north", "title": "Delight"},
        {"id": "a1", "kind": "aspiration", "title": "More releases"},
        {"id": "a1", "kind": "aspiration", "title": "Twice"},  # duplicate id
        {"id": "s1", "kind": "goal", "title": "Automate"},  # unknown kind
    ],
    "links": [{"source": "a1", "target": "gone", "kind": "correlation"}],  # dangling
}


def sparse_file(path: Path) -> None:
    """60 MB that take no room on disk."""
    with path.open("wb") as fh:
        fh.truncate(60 * 1024 * 1024)


BAD_JSON: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    # case: (write the file, words the message must contain: every problem)
    "several problems": (
        lambda p: p.write_text(json.dumps(BROKEN), encoding="utf-8"),
        [
            "$.title: must be a string",
            "$.elements[2].id: duplicate element id 'a1'",
            "$.elements[3].kind: unknown element kind 'goal'",
            "$.links[0].target",
        ],
    ),
    "a newer format": (
        lambda p: p.write_text('{"format": "okrdesk", "version": 99}', encoding="utf-8"),
        ["$.version: written by a newer okrdesk"],
    ),
    "deep nesting": (
        lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
        ["nested too deeply"],
    ),
    "oversized": (sparse_file, ["too large", "okrdesk reads up to 50 MB"]),
    "not text": (lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), ["not UTF-8 text"]),
}


@pytest.mark.parametrize("case", list(BAD_JSON))
def test_the_window_refuses_bad_json_listing_every_problem_and_creates_nothing(
    window: MainWindow,
    tmp_path: Path,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    good = make_real_file(tmp_path / "good.okrdesk")
    assert window.open_path(good)
    source = tmp_path / "incoming" / "from-a-colleague.json"
    source.parent.mkdir()
    write, words = BAD_JSON[case]
    write(source)
    before = tree_state(tmp_path)
    monkeypatch.setattr(window.files, "ask_open_path", lambda *_a: str(source))

    def never_asked(*_a: object) -> str:
        pytest.fail("asked where to save what cannot be imported")

    monkeypatch.setattr(window.files, "ask_save_path", never_asked)

    window.files.import_json()

    assert len(messages) == 1
    assert messages[0].startswith("from-a-colleague.json")
    for word in words:
        assert word in messages[0], (word, messages[0])
    assert tree_state(tmp_path) == before  # nothing half-imported, nothing created
    assert window.doc is not None and window.doc.file.path == good
