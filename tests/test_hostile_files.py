"""A strategy file is data, not code. Every connection okrdesk opens on a user's file runs with
SQLite's trusted_schema OFF (and defensive mode where this Python has it), and a file carrying
triggers or views okrdesk did not create is refused before anything writes to it: a planted
trigger never fires, whichever event it waits for, wherever in the file it hides.

tests/test_storage.py proves the refusal at the model level (and that an INSERT trigger is
live), tests/test_migrations.py that a trigger in an older file never fires during an upgrade.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from okrdesk.models import storage
from okrdesk.models.errors import NotAStrategyFile
from okrdesk.models.kinds import ElementKind
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from tests.gui_helpers import make_window
from tests.test_cli import one_error_line, run
from tests.test_storage import make_real_file, read_rows, sql

FIRED = "CREATE TABLE fired (what TEXT)"
TRIGGERS = {
    # name: (the trigger, an edit okrdesk would make that fires it when the trigger is live)
    "on_insert": (
        "CREATE TRIGGER on_insert AFTER INSERT ON element "
        "BEGIN INSERT INTO fired VALUES ('insert ' || new.title); END",
        "INSERT INTO element (id, kind, title, notes, position, status) "
        "VALUES ('x', 'tactic', 'planted', '', 9, '')",
    ),
    "on_update": (
        "CREATE TRIGGER on_update AFTER UPDATE OF title ON element "
        "BEGIN UPDATE okrdesk_meta SET value = 'taken over' WHERE key = 'title';"
        " INSERT INTO fired VALUES ('update'); END",
        "UPDATE element SET title = 'renamed'",
    ),
    "on_delete": (
        "CREATE TRIGGER on_delete BEFORE DELETE ON element "
        "BEGIN DELETE FROM link; INSERT INTO fired VALUES ('delete'); END",
        "DELETE FROM element WHERE kind = 'tactic'",
    ),
    "on_title": (
        "CREATE TRIGGER on_title AFTER UPDATE ON okrdesk_meta "
        "BEGIN INSERT INTO fired VALUES ('meta ' || new.key); END",
        "UPDATE okrdesk_meta SET value = 'new title' WHERE key = 'title'",
    ),
}


def planted(folder: Path, name: str) -> Path:
    path = make_real_file(folder / f"{name}.okrdesk")
    sql(path, FIRED, TRIGGERS[name][0])
    return path


def fired(path: Path) -> list[tuple[object, ...]]:
    return read_rows(path, "SELECT what FROM fired")


# -- the connection settings ----------------------------------------------------------------------


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every sqlite3 connection okrdesk opens, with the statements its own code runs on it
    (SQLAlchemy's queries go through cursors, and only after okrdesk's connect has returned)."""
    opened: list[Any] = []
    real_connect = sqlite3.connect

    class Recording(sqlite3.Connection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.database = str(args[0] if args else kwargs["database"])
            self.statements: list[str] = []
            opened.append(self)

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            self.statements.append(sql)
            return super().execute(sql, *args)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real_connect(*args, factory=Recording, **kwargs)

    monkeypatch.setattr(storage.sqlite3, "connect", connect)
    return opened


def test_every_connection_on_the_users_file_is_hardened_before_it_reads(
    tmp_path: Path, connections: list[Any]
) -> None:
    path = make_real_file(tmp_path / "client.okrdesk")

    for read_only in (False, True):
        file = StrategyFile.open(path, read_only=read_only)
        strategy = Strategy(file)
        strategy.snapshot()
        if not read_only:
            strategy.add_element(ElementKind.TACTIC, "One more")
        file.save_copy(tmp_path / f"copy-{read_only}.okrdesk")
        file.close()

    on_the_file = [c for c in connections if Path(c.database.split("?")[0]).name == path.name]
    assert len(on_the_file) >= 4  # inspecting and editing, twice
    for con in on_the_file:
        assert con.statements[0] == "PRAGMA trusted_schema = OFF", (con.database, con.statements)


def test_okrdesk_connections_report_trusted_schema_off(tmp_path: Path) -> None:
    path = make_real_file(tmp_path / "client.okrdesk")
    for read_only in (False, True):
        file = StrategyFile.open(path, read_only=read_only)
        try:
            with file.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
        finally:
            file.close()


@pytest.mark.skipif(
    not hasattr(sqlite3.Connection, "setconfig"),
    reason="this Python's sqlite3 cannot set SQLITE_DBCONFIG_DEFENSIVE (Python 3.12+ can)",
)
def test_okrdesk_connections_run_in_defensive_mode(tmp_path: Path) -> None:
    path = make_real_file(tmp_path / "client.okrdesk")
    file = StrategyFile.open(path)
    try:
        with file.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)  # type: ignore[attr-defined]
    finally:
        file.close()


# -- planted triggers and views -------------------------------------------------------------------


@pytest.fixture(params=sorted(TRIGGERS))
def trigger(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_a_planted_trigger_is_live_for_other_programs(tmp_path: Path, trigger: str) -> None:
    """The proof the traps below are real: the same change by another program fires them."""
    path = planted(tmp_path, trigger)
    sql(path, TRIGGERS[trigger][1])
    assert fired(path) != []


def test_okrdesk_refuses_a_file_with_a_planted_trigger_and_it_never_fires(
    tmp_path: Path, trigger: str
) -> None:
    path = planted(tmp_path, trigger)
    before = path.read_bytes()

    for read_only in (False, True):
        with pytest.raises(NotAStrategyFile) as info:
            StrategyFile.open(path, read_only=read_only)
        assert f"trigger {trigger}" in str(info.value)
        assert "did not create" in str(info.value)
    with pytest.raises(NotAStrategyFile):
        StrategyFile.open_for_reading(path)

    assert path.read_bytes() == before
    assert fired(path) == []


@pytest.mark.parametrize("command", ["check", "export"])
def test_the_command_line_refuses_a_trap_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = planted(tmp_path, "on_title")
    sql(path, "CREATE VIEW everything AS SELECT * FROM element")
    before = path.read_bytes()
    out_pdf = [tmp_path / "out.pdf"] if command == "export" else []
    argv: list[str | Path] = [command, path, *out_pdf]

    code, out, err = run(capsys, *argv)

    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert "trigger on_title" in line and "view everything" in line
    assert path.read_bytes() == before and fired(path) == []


def test_the_window_refuses_a_trap_with_a_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    path = planted(tmp_path, "on_update")
    before = path.read_bytes()
    window = make_window(qtbot, tmp_path)

    assert not window.open_path(path)

    assert len(shown) == 1 and "trigger on_update" in shown[0]
    assert window.doc is None
    assert path.read_bytes() == before and fired(path) == []


def hide_in_the_wal(path: Path, *statements: str) -> None:
    """Another program adds `statements` and dies before SQLite folds its WAL into the file,
    so they live only in the -wal file beside it."""
    program = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA journal_mode = WAL'); con.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "for statement in sys.argv[2:]: con.execute(statement)\n"
        "os._exit(0)\n"  # no close: no checkpoint
    )
    subprocess.run([sys.executable, "-c", program, str(path), *statements], check=True)


def test_a_trigger_hidden_in_the_wal_is_refused_too(tmp_path: Path) -> None:
    path = make_real_file(tmp_path / "hidden.okrdesk")
    hide_in_the_wal(path, FIRED, TRIGGERS["on_insert"][0])
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    assert "on_insert" not in path.read_bytes().decode("latin-1")  # only the WAL has it
    before = (path.read_bytes(), wal.read_bytes())

    with pytest.raises(NotAStrategyFile, match="trigger on_insert"):
        StrategyFile.open(path)

    assert (path.read_bytes(), wal.read_bytes()) == before
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)  # reads the WAL
    try:
        assert con.execute("SELECT what FROM fired").fetchall() == []
    finally:
        con.close()


def test_a_view_is_refused_and_nothing_reads_through_it(tmp_path: Path) -> None:
    path = make_real_file(tmp_path / "viewed.okrdesk")
    # A view that would hand okrdesk other rows in place of its own, if it ever read from it.
    sql(path, "CREATE VIEW element_view AS SELECT 'x' AS id")
    before = path.read_bytes()

    with pytest.raises(NotAStrategyFile, match="view element_view"):
        StrategyFile.open(path, read_only=True)

    assert path.read_bytes() == before
