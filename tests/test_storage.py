"""The strategy file on disk: create, reopen, refuse what is not ours, lock, copy.

Every refusal must name the file, raise a specific error class and leave the file exactly as
it was (same bytes, no sidecar files appearing beside it).
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from okrdesk.models import storage
from okrdesk.models.errors import (
    DamagedFileError,
    NewerVersionError,
    NotAStrategyFile,
    ReadOnlyError,
    StrategyFileError,
)
from okrdesk.models.kinds import ElementKind, PartyKind, Role, Strength
from okrdesk.models.schema import SCHEMA_VERSION
from okrdesk.models.storage import StrategyFile, inspect_file, write_new, write_text_atomic
from okrdesk.models.strategy import Strategy

# -- helpers ---------------------------------------------------------------------------------


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in `folder` (hidden ones too) with a digest of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
        for p in sorted(folder.iterdir())
    }


def fill(strategy: Strategy) -> dict[str, str]:
    """Put one of everything into a strategy; returns the ids by a short name."""
    st = strategy
    ids = {
        "tn": st.add_element(ElementKind.TRUE_NORTH, "Instantaneous delivery", "why we exist").id,
        "a1": st.add_element(ElementKind.ASPIRATION, "More releases").id,
        "a2": st.add_element(ElementKind.ASPIRATION, "Fewer defects", "per quarter").id,
        "s1": st.add_element(ElementKind.STRATEGY, "Automate the pipeline").id,
        "e1": st.add_element(ElementKind.EVIDENCE, "Lead time under a day").id,
        "t1": st.add_element(ElementKind.TACTIC, "Trunk-based development", status="trial").id,
    }
    st.set_correlation(ids["s1"], ids["a1"], Strength.STRONG)
    st.set_correlation(ids["e1"], ids["a2"], Strength.WEAK)
    st.set_correlation(ids["t1"], ids["s1"], Strength.MEDIUM)
    st.set_correlation(ids["t1"], ids["e1"], Strength.STRONG)
    ids["p1"] = st.add_party("Ada", PartyKind.PERSON).id
    ids["p2"] = st.add_party("Platform team", PartyKind.TEAM).id
    st.set_ownership(ids["p1"], ids["s1"], Role.LEAD)
    st.set_ownership(ids["p2"], ids["t1"], Role.SUPPORT)
    st.set_title("Acme 2027")
    st.set_setting("soft_limit", 5)
    return ids


def make_real_file(path: Path) -> Path:
    """A genuine, populated strategy file, closed."""
    sf = StrategyFile.create(path, "Real")
    try:
        fill(Strategy(sf))
    finally:
        sf.close()
    return path


def sql(path: Path, *statements: str) -> None:
    """Run raw SQL on a file with plain sqlite3, the way another program would."""
    con = sqlite3.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def read_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    """Read a file without any chance of changing it."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


# -- files okrdesk must refuse ---------------------------------------------------------------


def empty_file(folder: Path) -> Path:
    path = folder / "empty.okrdesk"
    path.write_bytes(b"")
    return path


def truncated_half(folder: Path) -> Path:
    real = make_real_file(folder / "source.okrdesk").read_bytes()
    (folder / "source.okrdesk").unlink()
    path = folder / "half.okrdesk"
    path.write_bytes(real[: len(real) // 2])
    return path


def truncated_inside_header(folder: Path) -> Path:
    real = make_real_file(folder / "source.okrdesk").read_bytes()
    (folder / "source.okrdesk").unlink()
    path = folder / "stub.okrdesk"
    path.write_bytes(real[:60])
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "noise.okrdesk"
    path.write_bytes(random.Random(1234).randbytes(8192))
    return path


def sqlite_header_then_garbage(folder: Path) -> Path:
    path = folder / "garbage.okrdesk"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(99).randbytes(8192 - 16))
    return path


def text_file(folder: Path) -> Path:
    path = folder / "x.okrdesk"
    path.write_text("True North: ship faster\nAspirations:\n- more releases\n", encoding="utf-8")
    return path


def other_application_db(folder: Path) -> Path:
    path = folder / "addresses.okrdesk"
    sql(
        path,
        "CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT, email TEXT)",
        "INSERT INTO contact (name, email) VALUES ('Ada', 'ada@example.org')",
    )
    return path


def newer_version(folder: Path) -> Path:
    path = make_real_file(folder / "future.okrdesk")
    sql(path, "UPDATE okrdesk_meta SET value = '99' WHERE key = 'schema_version'")
    return path


def missing_table(folder: Path) -> Path:
    path = make_real_file(folder / "holed.okrdesk")
    sql(path, "DROP TABLE ownership")
    return path


def garbled_version(folder: Path) -> Path:
    path = make_real_file(folder / "garbled.okrdesk")
    sql(path, "UPDATE okrdesk_meta SET value = 'two' WHERE key = 'schema_version'")
    return path


def planted_trigger(folder: Path) -> Path:
    path = make_real_file(folder / "trojan.okrdesk")
    sql(
        path,
        "CREATE TABLE fired (at TEXT)",
        "CREATE TRIGGER spy AFTER INSERT ON element BEGIN INSERT INTO fired VALUES ('insert'); END",
    )
    return path


def planted_view(folder: Path) -> Path:
    path = make_real_file(folder / "viewed.okrdesk")
    sql(path, "CREATE VIEW everything AS SELECT * FROM element")
    return path


REFUSED: dict[str, tuple[Callable[[Path], Path], type[StrategyFileError], str]] = {
    # case: (make the file, error class, words the message must contain)
    "zero-length": (empty_file, NotAStrategyFile, "empty"),
    "cut in half": (truncated_half, DamagedFileError, "damaged"),
    "cut inside the header": (truncated_inside_header, DamagedFileError, "truncated"),
    "random bytes": (random_bytes, NotAStrategyFile, "not an okrdesk strategy"),
    "SQLite header then garbage": (sqlite_header_then_garbage, DamagedFileError, "damaged"),
    "text file": (text_file, NotAStrategyFile, "not an okrdesk strategy"),
    "another application's database": (other_application_db, NotAStrategyFile, "another"),
    "newer okrdesk": (newer_version, NewerVersionError, "newer okrdesk"),
    "missing table": (missing_table, DamagedFileError, "ownership"),
    "garbled schema version": (garbled_version, DamagedFileError, "schema version"),
    "planted trigger": (planted_trigger, NotAStrategyFile, "trigger spy"),
    "planted view": (planted_view, NotAStrategyFile, "view everything"),
}


@pytest.fixture(params=sorted(REFUSED), ids=str)
def refused(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, type, str]:
    make, error, words = REFUSED[request.param]
    return make(tmp_path), error, words


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_refused_file_raises_a_clear_specific_error_and_is_left_byte_identical(
    refused: tuple[Path, type, str], read_only: bool
) -> None:
    path, error, words = refused
    before = path.read_bytes()

    with pytest.raises(error) as info:
        StrategyFile.open(path, read_only=read_only)

    message = str(info.value)
    assert isinstance(info.value, StrategyFileError)  # the one class a window needs to catch
    assert message.startswith(f"{path.name}: ")
    assert words in message
    assert "\n" not in message and "Traceback" not in message
    assert path.read_bytes() == before


def test_refused_file_leaves_no_sidecar_files(refused: tuple[Path, type, str]) -> None:
    """Refusing must not leave -wal, -shm, -journal or lock files beside the user's file."""
    path, error, _ = refused
    before = folder_state(path.parent)

    with pytest.raises(error):
        StrategyFile.open(path)

    assert folder_state(path.parent) == before


def test_newer_file_message_says_both_versions_and_that_nothing_changed(tmp_path: Path) -> None:
    path = newer_version(tmp_path)

    with pytest.raises(NewerVersionError) as info:
        inspect_file(path)

    message = str(info.value)
    assert "99" in message
    assert str(SCHEMA_VERSION) in message
    assert "not changed" in message


def test_planted_trigger_is_live_but_never_fires(tmp_path: Path) -> None:
    path = planted_trigger(tmp_path)
    before = path.read_bytes()

    for read_only in (False, True):
        with pytest.raises(NotAStrategyFile):
            StrategyFile.open(path, read_only=read_only)

    assert path.read_bytes() == before
    assert read_rows(path, "SELECT at FROM fired") == []
    # The trigger is real: the same insert by another program makes it fire.
    armed = tmp_path / "armed.okrdesk"
    armed.write_bytes(before)
    sql(
        armed,
        "INSERT INTO element (id, kind, title, notes, position, status) "
        "VALUES ('x', 'tactic', 'x', '', 9, '')",
    )
    assert read_rows(armed, "SELECT at FROM fired") == [("insert",)]


def test_missing_path_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.okrdesk"

    with pytest.raises(StrategyFileError) as info:
        StrategyFile.open(path)

    assert str(info.value) == "nowhere.okrdesk: no such file"
    assert list(tmp_path.iterdir()) == []


def test_directory_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.okrdesk"
    folder.mkdir()

    with pytest.raises(StrategyFileError) as info:
        StrategyFile.open(folder)

    assert "folder" in str(info.value)
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["looks-like.okrdesk"]


# -- create and reopen -----------------------------------------------------------------------


def test_create_then_reopen_keeps_everything(strategy_path: Path) -> None:
    created = StrategyFile.create(strategy_path, "First title")
    strategy = Strategy(created)
    fill(strategy)
    before = strategy.snapshot()
    created.close()

    reopened = StrategyFile.open(strategy_path)
    try:
        again = Strategy(reopened)
        assert reopened.notices == []
        assert reopened.read_only is False
        assert again.snapshot() == before
        assert again.snapshot().title == "Acme 2027"
        assert again.setting("soft_limit") == 5
        assert len(before.elements) == 6 and len(before.links) == 4
        assert len(before.parties) == 2 and len(before.ownerships) == 2
    finally:
        reopened.close()


def test_created_file_is_a_recognisable_current_strategy(strategy_path: Path) -> None:
    StrategyFile.create(strategy_path, "Named").close()

    facts = inspect_file(strategy_path)

    assert facts.schema_version == SCHEMA_VERSION
    assert {"okrdesk_meta", "element", "link", "party", "ownership"} <= facts.tables
    assert strategy_path.read_bytes()[68:72] == b"OKRD"  # SQLite application_id
    assert read_rows(strategy_path, "SELECT value FROM okrdesk_meta WHERE key = 'title'") == [
        ("Named",)
    ]


def test_create_refuses_an_existing_file(strategy_path: Path) -> None:
    make_real_file(strategy_path)
    before = strategy_path.read_bytes()

    with pytest.raises(StrategyFileError) as info:
        StrategyFile.create(strategy_path, "Again")

    assert "already exists" in str(info.value)
    assert strategy_path.read_bytes() == before


def test_edits_are_on_disk_before_close(strategy: Strategy, strategy_path: Path) -> None:
    """Every edit commits as it is made: another reader sees it while the file is open."""
    tactic = strategy.add_element(ElementKind.TACTIC, "Pair on every change")

    con = sqlite3.connect(f"{strategy_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT title FROM element WHERE id = ?", (tactic.id,)).fetchall()
    finally:
        con.close()
    assert rows == [("Pair on every change",)]


def test_closing_leaves_only_the_strategy_file(strategy: Strategy, strategy_path: Path) -> None:
    strategy.add_element(ElementKind.ASPIRATION, "Less waste")
    strategy.file.close()

    assert [p.name for p in strategy_path.parent.iterdir()] == [strategy_path.name]


def test_opening_and_closing_without_edits_leaves_only_the_strategy_file(
    strategy_path: Path,
) -> None:
    make_real_file(strategy_path)
    before = folder_state(strategy_path.parent)

    StrategyFile.open(strategy_path).close()

    assert folder_state(strategy_path.parent) == before


# -- read-only -------------------------------------------------------------------------------


def try_every_edit(strategy: Strategy, ids: dict[str, str]) -> list[Callable[[], object]]:
    return [
        lambda: strategy.add_element(ElementKind.TACTIC, "new"),
        lambda: strategy.rename_element(ids["a1"], "renamed"),
        lambda: strategy.set_notes(ids["a1"], "notes"),
        lambda: strategy.move_element(ids["a1"], 1),
        lambda: strategy.delete_elements([ids["a1"]]),
        lambda: strategy.set_correlation(ids["s1"], ids["a1"], None),
        lambda: strategy.add_party("Bob"),
        lambda: strategy.rename_party(ids["p1"], "Bobby"),
        lambda: strategy.delete_party(ids["p1"]),
        lambda: strategy.set_ownership(ids["p1"], ids["s1"], None),
        lambda: strategy.set_title("other"),
        lambda: strategy.set_setting("soft_limit", 9),
    ]


def test_read_only_open_shows_everything_and_refuses_every_edit(strategy_path: Path) -> None:
    sf = StrategyFile.create(strategy_path, "x")
    ids = fill(Strategy(sf))
    expected = Strategy(sf).snapshot()
    sf.close()
    before = strategy_path.read_bytes()

    ro = StrategyFile.open(strategy_path, read_only=True)
    try:
        strategy = Strategy(ro)
        assert ro.read_only and strategy.read_only
        assert strategy.snapshot() == expected
        for edit in try_every_edit(strategy, ids):
            with pytest.raises(ReadOnlyError):
                edit()
        assert strategy.snapshot() == expected
    finally:
        ro.close()
    assert strategy_path.read_bytes() == before


def test_read_only_opener_does_not_take_the_lock(strategy_path: Path) -> None:
    make_real_file(strategy_path)

    ro = StrategyFile.open(strategy_path, read_only=True)
    try:
        assert not (strategy_path.parent / f".{strategy_path.name}.lock").exists()
    finally:
        ro.close()


def test_unwritable_file_opens_read_only_with_a_notice(
    strategy_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission check as the user meets it (simulated: tests may run as root)."""
    sf = StrategyFile.create(strategy_path, "x")
    ids = fill(Strategy(sf))
    sf.close()
    before = strategy_path.read_bytes()
    real_access = os.access

    def no_write(path: object, mode: int, **kwargs: object) -> bool:
        return False if mode & os.W_OK else real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(storage.os, "access", no_write)

    opened = StrategyFile.open(strategy_path)
    try:
        strategy = Strategy(opened)
        assert opened.read_only
        assert any("read-only" in notice for notice in opened.notices)
        assert strategy.element(ids["a1"]).title == "More releases"
        with pytest.raises(ReadOnlyError):
            strategy.rename_element(ids["a1"], "changed")
    finally:
        opened.close()
    assert strategy_path.read_bytes() == before


# -- a second opener -------------------------------------------------------------------------


def test_second_opener_is_warned_and_both_edits_are_saved(strategy_path: Path) -> None:
    first = StrategyFile.create(strategy_path, "x")
    second = StrategyFile.open(strategy_path)
    try:
        assert first.notices == []
        assert len(second.notices) == 1
        assert "already open" in second.notices[0]
        a = Strategy(first).add_element(ElementKind.ASPIRATION, "from the first window")
        b = Strategy(second).add_element(ElementKind.ASPIRATION, "from the second window")
    finally:
        second.close()
        first.close()

    assert not (strategy_path.parent / f".{strategy_path.name}.lock").exists()
    third = StrategyFile.open(strategy_path)
    try:
        assert third.notices == []
        titles = {e.id: e.title for e in Strategy(third).snapshot().elements}
        assert titles == {a.id: "from the first window", b.id: "from the second window"}
    finally:
        third.close()


def test_opener_is_warned_while_any_earlier_window_is_still_open(strategy_path: Path) -> None:
    """Window 1 opens, window 2 opens (warned), window 1 closes: window 2 still has the file,
    so window 3 must be warned too."""
    first = StrategyFile.create(strategy_path, "x")
    second = StrategyFile.open(strategy_path)
    first.close()
    try:
        third = StrategyFile.open(strategy_path)
        try:
            assert any("already open" in notice for notice in third.notices)
        finally:
            third.close()
    finally:
        second.close()


def test_second_process_is_warned(strategy_file: StrategyFile, strategy_path: Path) -> None:
    program = textwrap.dedent(
        """
        import sys
        from okrdesk.models.storage import StrategyFile
        opened = StrategyFile.open(sys.argv[1])
        print(len(opened.notices))
        print("\\n".join(opened.notices))
        opened.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(strategy_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    count, *notices = done.stdout.splitlines()
    assert count == "1"
    assert "already open" in notices[0]
    # The first window keeps its lock: a later opener is still warned.
    later = StrategyFile.open(strategy_path)
    try:
        assert any("already open" in notice for notice in later.notices)
    finally:
        later.close()


# -- save a copy -----------------------------------------------------------------------------


def test_save_copy_makes_an_independent_openable_copy(
    strategy: Strategy, strategy_path: Path
) -> None:
    ids = fill(strategy)
    expected = strategy.snapshot()
    target = strategy_path.parent / "copy.okrdesk"

    strategy.file.save_copy(target)

    copy = StrategyFile.open(target)
    try:
        assert copy.notices == []
        copied = Strategy(copy)
        assert copied.snapshot() == expected
        copied.rename_element(ids["a1"], "only in the copy")
    finally:
        copy.close()
    assert strategy.element(ids["a1"]).title == "More releases"
    assert strategy.snapshot() == expected


def test_save_copy_holds_the_latest_edit(strategy: Strategy, strategy_path: Path) -> None:
    last = strategy.add_element(ElementKind.EVIDENCE, "written just before the copy")
    target = strategy_path.parent / "copy.okrdesk"

    strategy.file.save_copy(target)

    # The copy is one self-contained file: readable with no -wal beside it.
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith("copy")) == [
        "copy.okrdesk"
    ]
    assert read_rows(target, "SELECT title FROM element") == [(last.title,)]


@pytest.mark.parametrize("spelling", ["same", "relative", "symlink"])
def test_save_copy_refuses_the_open_file_itself(
    strategy: Strategy, strategy_path: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(strategy)
    expected = strategy.snapshot()
    if spelling == "same":
        target = strategy_path
    elif spelling == "relative":
        monkeypatch.chdir(strategy_path.parent)
        target = Path("sub/..") / strategy_path.name
        (strategy_path.parent / "sub").mkdir()
    else:
        target = strategy_path.parent / "alias.okrdesk"
        target.symlink_to(strategy_path)

    with pytest.raises(StrategyFileError) as info:
        strategy.file.save_copy(target)

    assert "itself" in str(info.value)
    assert strategy.snapshot() == expected
    strategy.file.close()
    assert inspect_file(strategy_path).schema_version == SCHEMA_VERSION


def test_save_copy_replaces_an_existing_target_atomically(
    strategy: Strategy, strategy_path: Path
) -> None:
    fill(strategy)
    target = strategy_path.parent / "old.okrdesk"
    make_real_file(target)
    old = StrategyFile.open(target)
    Strategy(old).rename_element(
        Strategy(old).snapshot().of_kind(ElementKind.ASPIRATION)[0].id, "the old target"
    )
    old.close()
    old_inode = target.stat().st_ino

    strategy.file.save_copy(target)

    # Replaced by rename (a new inode), never rewritten in place, and no temporary left over.
    assert target.stat().st_ino != old_inode
    # The open strategy's own WAL files may be there; nothing else may.
    assert sorted(
        p.name for p in strategy_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
    ) == [".strategy.okrdesk.lock", "old.okrdesk", "strategy.okrdesk"]
    copy = StrategyFile.open(target)
    try:
        assert Strategy(copy).snapshot() == strategy.snapshot()
    finally:
        copy.close()


def test_failed_save_copy_leaves_the_old_target_intact(
    strategy: Strategy, strategy_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(strategy)
    target = strategy_path.parent / "old.okrdesk"
    target.write_bytes(b"the previous copy, whatever it was")
    before = folder_state(strategy_path.parent)

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", disk_full)

    with pytest.raises(StrategyFileError) as info:
        strategy.file.save_copy(target)

    assert "old.okrdesk" in str(info.value)
    assert "No space left on device" in str(info.value)
    # Everything but the open strategy's shared-memory index is byte-identical.
    after = folder_state(strategy_path.parent)
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == {
        k: v for k, v in before.items() if not k.endswith("-shm")
    }


# -- write_new -------------------------------------------------------------------------------


def add_one_aspiration(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO element (id, kind, title, notes, position, status) "
                "VALUES ('a', 'aspiration', 'Populated', '', 0, '')"
            )
        )


def test_write_new_creates_a_populated_file(tmp_path: Path) -> None:
    target = tmp_path / "new.okrdesk"

    write_new(target, "From import", add_one_aspiration)

    assert [p.name for p in tmp_path.iterdir()] == ["new.okrdesk"]
    opened = StrategyFile.open(target)
    try:
        snap = Strategy(opened).snapshot()
        assert snap.title == "From import"
        assert [(e.id, e.title) for e in snap.elements] == [("a", "Populated")]
    finally:
        opened.close()


def test_write_new_refuses_an_existing_target(tmp_path: Path) -> None:
    target = make_real_file(tmp_path / "kept.okrdesk")
    before = target.read_bytes()

    with pytest.raises(StrategyFileError) as info:
        write_new(target, "Other", add_one_aspiration)

    assert "already exists" in str(info.value)
    assert target.read_bytes() == before


def test_write_new_with_overwrite_replaces_the_target(tmp_path: Path) -> None:
    target = make_real_file(tmp_path / "replaced.okrdesk")

    write_new(target, "Replacement", add_one_aspiration, overwrite=True)

    opened = StrategyFile.open(target)
    try:
        snap = Strategy(opened).snapshot()
        assert snap.title == "Replacement"
        assert [e.title for e in snap.elements] == ["Populated"]
        assert snap.parties == ()
    finally:
        opened.close()


def failing_populate(engine: Engine) -> None:
    add_one_aspiration(engine)
    raise ValueError("bad input halfway")


def test_failing_populate_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "never.okrdesk"

    with pytest.raises(ValueError, match="bad input halfway"):
        write_new(target, "Never", failing_populate)

    assert list(tmp_path.iterdir()) == []


def test_failing_populate_leaves_the_old_target_intact(tmp_path: Path) -> None:
    target = make_real_file(tmp_path / "precious.okrdesk")
    before = folder_state(tmp_path)

    with pytest.raises(ValueError, match="bad input halfway"):
        write_new(target, "Never", failing_populate, overwrite=True)

    assert folder_state(tmp_path) == before
    assert inspect_file(target).schema_version == SCHEMA_VERSION


def test_write_new_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StrategyFileError) as info:
        write_new(tmp_path / "no-such-folder" / "x.okrdesk", "x")

    assert "no such folder" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_write_new_refuses_a_folder_as_target(tmp_path: Path) -> None:
    folder = tmp_path / "folder.okrdesk"
    folder.mkdir()

    with pytest.raises(StrategyFileError):
        write_new(folder, "x", overwrite=True)

    assert folder.is_dir() and list(folder.iterdir()) == []


# -- opening for export and checks, text exports ---------------------------------------------


def test_open_for_reading_a_current_file_is_read_only_and_changes_nothing(
    strategy_path: Path,
) -> None:
    make_real_file(strategy_path)
    before = strategy_path.read_bytes()

    opened = StrategyFile.open_for_reading(strategy_path)
    try:
        assert opened.read_only
        assert Strategy(opened).snapshot().title == "Acme 2027"
    finally:
        opened.close()
    assert strategy_path.read_bytes() == before


def test_open_for_reading_refuses_what_open_refuses(tmp_path: Path) -> None:
    path = newer_version(tmp_path)
    before = path.read_bytes()

    with pytest.raises(NewerVersionError):
        StrategyFile.open_for_reading(path)

    assert path.read_bytes() == before


def test_write_text_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")

    write_text_atomic(target, '{"title": "Ünïcode"}\n')

    assert target.read_bytes() == '{"title": "Ünïcode"}\n'.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_failed_text_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", disk_full)

    with pytest.raises(StrategyFileError, match="No space left on device"):
        write_text_atomic(target, "new content")

    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_text_atomic_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StrategyFileError, match="no such folder"):
        write_text_atomic(tmp_path / "nowhere" / "out.json", "x")
