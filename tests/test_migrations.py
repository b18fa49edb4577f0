"""The schema ladder: genuine schema-1 to schema-4 files climb to the current schema, with a
backup.

The old files are built from the historical DDL kept in migrations.SCHEMA_1_DDL to SCHEMA_4_DDL,
with plain sqlite3, the way earlier okrdesk versions wrote them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from okrdesk.models import migrations
from okrdesk.models.errors import NotAStrategyFile, StrategyFileError
from okrdesk.models.kinds import ElementKind, LinkKind, MapKind, PartyKind, Role, Strength
from okrdesk.models.migrations import (
    SCHEMA_1_DDL,
    SCHEMA_2_DDL,
    SCHEMA_3_DDL,
    SCHEMA_4_DDL,
    STEPS,
)
from okrdesk.models.okr_data import CheckInData, Direction, Indicator, ObjectiveKind
from okrdesk.models.schema import SCHEMA_VERSION, TABLES_BY_VERSION
from okrdesk.models.storage import StrategyFile, inspect_file
from okrdesk.models.strategy import Strategy

# (id, kind, title, notes, position) as schema 1 stored them
V1_ELEMENTS = [
    ("tn", "true_north", "Instantaneous development and deployment", "Why we exist", 0),
    ("a1", "aspiration", "More releases", "", 0),
    ("a2", "aspiration", "Fewer defects", "Escaped defects per quarter", 1),
    ("s1", "strategy", "Automate the path to production", "", 0),
    ("e1", "evidence", "Deploys per day", "", 0),
    ("t1", "tactic", "Continuous integration", "Every commit builds", 0),
    ("t2", "tactic", "Feature toggles", "", 1),
]
# (id, source, target, kind, strength)
V1_LINKS = [
    ("l1", "s1", "a1", "correlation", "strong"),
    ("l2", "e1", "a2", "correlation", "weak"),
    ("l3", "t1", "s1", "correlation", "medium"),
    ("l4", "t2", "e1", "correlation", "strong"),
]


def make_schema1_file(path: Path, journal_mode: str = "delete") -> Path:
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA journal_mode = {journal_mode}")
        for ddl in SCHEMA_1_DDL:
            con.execute(ddl)
        con.executemany(
            "INSERT INTO okrdesk_meta (key, value) VALUES (?, ?)",
            [("schema_version", "1"), ("title", "Made by okrdesk 0.0")],
        )
        con.executemany("INSERT INTO element VALUES (?, ?, ?, ?, ?)", V1_ELEMENTS)
        con.executemany("INSERT INTO link VALUES (?, ?, ?, ?, ?)", V1_LINKS)
        con.commit()
    finally:
        con.close()
    return path


def read_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def backups_of(path: Path, version: int = 1) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.schema{version}-backup-*.okrdesk"))


def columns(path: Path, table: str) -> list[str]:
    return [row[1] for row in read_rows(path, f"PRAGMA table_info({table})")]  # type: ignore[misc]


@pytest.fixture
def old_path(tmp_path: Path) -> Path:
    return tmp_path / "old.okrdesk"


JOURNAL_MODES = pytest.mark.parametrize("journal_mode", ["delete", "wal"])


# -- the ladder ------------------------------------------------------------------------------


def test_ladder_has_one_step_for_every_older_version() -> None:
    assert set(STEPS) == set(range(1, SCHEMA_VERSION))


def test_genuine_schema1_file_is_recognised_as_schema1(old_path: Path) -> None:
    make_schema1_file(old_path)

    facts = inspect_file(old_path)

    assert facts.schema_version == 1
    assert facts.tables == TABLES_BY_VERSION[1]


@JOURNAL_MODES
def test_upgrade_keeps_every_element_and_link(old_path: Path, journal_mode: str) -> None:
    make_schema1_file(old_path, journal_mode)

    opened = StrategyFile.open(old_path)
    try:
        snap = Strategy(opened).snapshot()
    finally:
        opened.close()

    assert snap.title == "Made by okrdesk 0.0"
    assert sorted((e.id, e.kind.value, e.title, e.notes, e.position) for e in snap.elements) == (
        sorted(V1_ELEMENTS)
    )
    assert {e.status for e in snap.elements} == {""}
    assert sorted(
        (k.id, k.source, k.target, k.kind, k.strength.value if k.strength else None)
        for k in snap.links
    ) == sorted(V1_LINKS)
    assert snap.parties == () and snap.ownerships == ()


@JOURNAL_MODES
def test_upgrade_reaches_the_current_schema_and_says_so(old_path: Path, journal_mode: str) -> None:
    make_schema1_file(old_path, journal_mode)

    opened = StrategyFile.open(old_path)
    opened.close()

    assert inspect_file(old_path).schema_version == SCHEMA_VERSION
    assert read_rows(old_path, "SELECT value FROM okrdesk_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]
    assert "status" in columns(old_path, "element")
    [backup] = backups_of(old_path)
    assert len(opened.notices) == 1
    assert "older okrdesk" in opened.notices[0]
    assert backup.name in opened.notices[0]


def test_upgraded_file_has_the_same_structure_as_a_new_one(tmp_path: Path) -> None:
    old = make_schema1_file(tmp_path / "old.okrdesk")
    StrategyFile.open(old).close()
    new = tmp_path / "new.okrdesk"
    StrategyFile.create(new).close()

    def structure(path: Path) -> dict[str, object]:
        tables = [
            r[0]
            for r in read_rows(
                path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        shape: dict[str, object] = {
            str(t): [r[1:4] + r[5:] for r in read_rows(path, f"PRAGMA table_info({t})")]
            for t in tables
        }
        shape["indexes"] = read_rows(
            path, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name"
        )
        return shape

    assert structure(old) == structure(new)


def test_upgraded_file_stores_status_people_and_ownership(old_path: Path) -> None:
    make_schema1_file(old_path)

    first = StrategyFile.open(old_path)
    try:
        strategy = Strategy(first)
        trial = strategy.add_element(ElementKind.TACTIC, "Blue-green deploys", status="trial")
        ada = strategy.add_party("Ada", PartyKind.PERSON)
        team = strategy.add_party("Platform", PartyKind.TEAM)
        strategy.set_ownership(ada.id, "s1", Role.LEAD)
        strategy.set_ownership(team.id, "t1", Role.SUPPORT)
        old_strength = strategy.set_correlation("a1", "s1", Strength.WEAK)
    finally:
        first.close()

    assert old_strength is Strength.STRONG
    again = StrategyFile.open(old_path)
    try:
        assert again.notices == []  # upgraded once, not again
        snap = Strategy(again).snapshot()
    finally:
        again.close()
    assert len(backups_of(old_path)) == 1
    assert snap.element(trial.id) is not None
    assert snap.element(trial.id).status == "trial"  # type: ignore[union-attr]
    assert [(p.name, p.kind) for p in snap.parties] == [("Ada", "person"), ("Platform", "team")]
    assert {(o.party, o.element, o.role) for o in snap.ownerships} == {
        (ada.id, "s1", Role.LEAD),
        (team.id, "t1", Role.SUPPORT),
    }
    assert snap.strength_between("s1", "a1") is Strength.WEAK


# -- the backup ------------------------------------------------------------------------------


@JOURNAL_MODES
def test_backup_is_byte_identical_to_the_original(old_path: Path, journal_mode: str) -> None:
    make_schema1_file(old_path, journal_mode)
    original = old_path.read_bytes()

    StrategyFile.open(old_path).close()

    [backup] = backups_of(old_path)
    assert backup.read_bytes() == original


def test_backup_holds_the_schema1_data(old_path: Path) -> None:
    make_schema1_file(old_path)

    StrategyFile.open(old_path).close()

    [backup] = backups_of(old_path)
    assert inspect_file(backup).schema_version == 1
    assert "status" not in columns(backup, "element")
    assert sorted(read_rows(backup, "SELECT * FROM element")) == sorted(V1_ELEMENTS)
    assert sorted(read_rows(backup, "SELECT * FROM link")) == sorted(V1_LINKS)


# -- failures --------------------------------------------------------------------------------


def fail_after_first_ddl(conn: Connection) -> None:
    """The real step's first statement, then a failure before the rest."""
    conn.execute(text("ALTER TABLE element ADD COLUMN status VARCHAR(32) NOT NULL DEFAULT ''"))
    raise RuntimeError("the disk filled up halfway through the upgrade")


def test_failing_step_rolls_the_whole_upgrade_back(
    old_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_schema1_file(old_path)
    monkeypatch.setitem(migrations.STEPS, 1, fail_after_first_ddl)

    with pytest.raises((RuntimeError, StrategyFileError)):
        StrategyFile.open(old_path)

    assert inspect_file(old_path).schema_version == 1
    assert "status" not in columns(old_path, "element")
    tables = {
        r[0] for r in read_rows(old_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert tables == TABLES_BY_VERSION[1]
    assert sorted(read_rows(old_path, "SELECT * FROM element")) == sorted(V1_ELEMENTS)
    assert sorted(read_rows(old_path, "SELECT * FROM link")) == sorted(V1_LINKS)
    assert not (old_path.parent / f".{old_path.name}.lock").exists()

    # Once the step works again, the same file upgrades normally.
    monkeypatch.undo()
    opened = StrategyFile.open(old_path)
    try:
        assert len(Strategy(opened).snapshot().elements) == len(V1_ELEMENTS)
    finally:
        opened.close()
    assert inspect_file(old_path).schema_version == SCHEMA_VERSION


def test_failing_step_is_reported_as_a_strategy_file_error(
    old_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed upgrade reaches the user as one clear okrdesk message naming the file."""
    make_schema1_file(old_path)
    monkeypatch.setitem(migrations.STEPS, 1, fail_after_first_ddl)

    with pytest.raises(StrategyFileError) as info:
        StrategyFile.open(old_path)

    assert str(info.value).startswith(f"{old_path.name}: ")


def test_read_only_schema1_file_is_refused_and_left_alone(old_path: Path) -> None:
    make_schema1_file(old_path)
    before = folder_state(old_path.parent)

    with pytest.raises(StrategyFileError) as info:
        StrategyFile.open(old_path, read_only=True)

    assert "older okrdesk" in str(info.value)
    assert folder_state(old_path.parent) == before


def test_trigger_planted_in_an_old_file_never_fires_during_upgrade(old_path: Path) -> None:
    """The upgrade rewrites okrdesk_meta; a trigger on it must be refused before that."""
    make_schema1_file(old_path)
    con = sqlite3.connect(old_path)
    con.execute("CREATE TABLE fired (what TEXT)")
    con.execute(
        "CREATE TRIGGER on_upgrade AFTER UPDATE ON okrdesk_meta BEGIN "
        "INSERT INTO fired VALUES (new.value); END"
    )
    con.commit()
    con.close()
    before = folder_state(old_path.parent)

    with pytest.raises(NotAStrategyFile) as info:
        StrategyFile.open(old_path)

    assert "trigger on_upgrade" in str(info.value)
    assert folder_state(old_path.parent) == before  # no backup, no upgrade, same bytes
    assert read_rows(old_path, "SELECT * FROM fired") == []


# -- from schema 2 ---------------------------------------------------------------------------

# (id, kind, title, notes, position, status) as schema 2 stored them
V2_ELEMENTS = [
    ("tn", "true_north", "Instantaneous development and deployment", "", 0, ""),
    ("a1", "aspiration", "More releases", "from 4 to 40", 0, ""),
    ("s1", "strategy", "Automate the path to production", "", 0, ""),
    ("e1", "evidence", "Deploys per day", "", 0, "measuring"),
    ("t1", "tactic", "Continuous integration", "", 0, "Validate adoption"),
]
V2_LINKS = [
    ("l1", "s1", "a1", "correlation", "strong"),
    ("l2", "t1", "e1", "correlation", "weak"),
]
V2_PARTIES = [("p1", "Ada", "person", 0), ("p2", "Platform", "team", 1)]
V2_OWNERSHIPS = [("p1", "s1", "lead"), ("p2", "t1", "support")]


def make_schema2_file(path: Path, journal_mode: str = "delete") -> Path:
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA journal_mode = {journal_mode}")
        for ddl in SCHEMA_2_DDL:
            con.execute(ddl)
        con.executemany(
            "INSERT INTO okrdesk_meta (key, value) VALUES (?, ?)",
            [("schema_version", "2"), ("title", "Made by okrdesk 0.1"),
             ("settings", '{"xmatrix.owners": true}')],
        )
        con.executemany("INSERT INTO element VALUES (?, ?, ?, ?, ?, ?)", V2_ELEMENTS)
        con.executemany("INSERT INTO party VALUES (?, ?, ?, ?)", V2_PARTIES)
        con.executemany("INSERT INTO link VALUES (?, ?, ?, ?, ?)", V2_LINKS)
        con.executemany("INSERT INTO ownership VALUES (?, ?, ?)", V2_OWNERSHIPS)
        con.commit()
    finally:
        con.close()
    return path


def test_genuine_schema2_file_is_recognised_as_schema2(old_path: Path) -> None:
    make_schema2_file(old_path)

    facts = inspect_file(old_path)

    assert facts.schema_version == 2
    assert facts.tables == TABLES_BY_VERSION[2]
    assert TABLES_BY_VERSION[3] - TABLES_BY_VERSION[2] == {"link_kind", "map", "placement"}


@JOURNAL_MODES
def test_schema2_upgrade_keeps_everything_and_backs_up_the_exact_bytes(
    old_path: Path, journal_mode: str
) -> None:
    make_schema2_file(old_path, journal_mode)
    original = old_path.read_bytes()

    opened = StrategyFile.open(old_path)
    try:
        strategy = Strategy(opened)
        snap = strategy.snapshot()
        setting = strategy.setting("xmatrix.owners")
    finally:
        opened.close()

    [backup] = backups_of(old_path, 2)
    assert backup.read_bytes() == original
    assert backup.name in opened.notices[0]
    assert inspect_file(old_path).schema_version == SCHEMA_VERSION
    assert read_rows(old_path, "SELECT value FROM okrdesk_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]
    assert snap.title == "Made by okrdesk 0.1" and setting is True
    assert sorted(
        (e.id, e.kind.value, e.title, e.notes, e.position, e.status) for e in snap.elements
    ) == sorted(V2_ELEMENTS)
    assert sorted(
        (k.id, k.source, k.target, k.kind, k.strength.value if k.strength else None)
        for k in snap.links
    ) == sorted(V2_LINKS)
    assert [(p.id, p.name, p.kind, p.position) for p in snap.parties] == V2_PARTIES
    assert sorted((o.party, o.element, o.role.value) for o in snap.ownerships) == V2_OWNERSHIPS
    assert (snap.maps, snap.placements, snap.link_kinds) == ((), (), ())
    assert inspect_file(backup).schema_version == 2


def test_upgraded_schema2_file_has_the_structure_of_a_new_one_and_stores_maps(
    tmp_path: Path,
) -> None:
    old = make_schema2_file(tmp_path / "old.okrdesk")
    new = tmp_path / "new.okrdesk"
    StrategyFile.create(new).close()

    opened = StrategyFile.open(old)
    try:
        strategy = Strategy(opened)
        outcome = strategy.add_element(ElementKind.OUTCOME, "Weekly releases")
        obstacle = strategy.add_element(ElementKind.OBSTACLE, "Manual tests")
        strategy.add_relation(outcome.id, obstacle.id, LinkKind.FLIPPED_FROM)
        kind = strategy.add_link_kind("blocks")
        plan = strategy.add_map(MapKind.PLAN_ON_A_PAGE)
        strategy.place(plan.id, outcome.id, 1.0, 2.0, horizon=1)
    finally:
        opened.close()

    assert structure(old) == structure(new)
    again = StrategyFile.open(old)
    try:
        snap = Strategy(again).snapshot()
    finally:
        again.close()
    assert snap.link_kinds == (kind,)
    assert snap.placements_on(plan.id)[outcome.id].horizon == 1
    assert len(snap.elements) == len(V2_ELEMENTS) + 2


def structure(path: Path) -> dict[str, object]:
    """Tables, their columns (without defaults) and indexes, as SQLite reports them."""
    query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    tables = [r[0] for r in read_rows(path, query)]
    shape: dict[str, object] = {
        str(t): [r[1:4] + r[5:] for r in read_rows(path, f"PRAGMA table_info({t})")]
        for t in tables
    }
    shape["indexes"] = read_rows(
        path, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name"
    )
    shape["foreign keys"] = {
        str(t): read_rows(path, f"PRAGMA foreign_key_list({t})") for t in tables
    }
    return shape


def test_schema1_climbs_every_step_to_the_current_schema(old_path: Path) -> None:
    make_schema1_file(old_path)

    StrategyFile.open(old_path).close()

    assert inspect_file(old_path).schema_version == SCHEMA_VERSION == 5
    assert {"link_kind", "map", "placement", "sheet_template", "sheet", "sheet_text", "objective",
            "objective_alignment", "key_result", "key_result_measure", "check_in"} <= {
        r[0] for r in read_rows(old_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert "status" in columns(old_path, "element")
    assert columns(old_path, "placement") == [
        "map_id", "element_id", "x", "y", "pinned", "horizon"]
    assert [b.name for b in backups_of(old_path, 2)] == []  # one backup, of the file as it was
    assert len(backups_of(old_path, 1)) == 1


def fail_after_the_first_new_table(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE link_kind (id VARCHAR(25) NOT NULL PRIMARY KEY)"))
    raise RuntimeError("the disk filled up halfway through the upgrade")


def test_failing_step_2_leaves_a_schema2_file_as_it_was(
    old_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_schema2_file(old_path)
    monkeypatch.setitem(migrations.STEPS, 2, fail_after_the_first_new_table)

    with pytest.raises(StrategyFileError, match="could not be upgraded from schema 2"):
        StrategyFile.open(old_path)

    assert inspect_file(old_path).schema_version == 2
    tables = {
        r[0] for r in read_rows(old_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert tables == TABLES_BY_VERSION[2]
    assert sorted(read_rows(old_path, "SELECT * FROM element")) == sorted(V2_ELEMENTS)


# -- from schema 3 ---------------------------------------------------------------------------

V3_ELEMENTS = [
    ("tn", "true_north", "Instantaneous development and deployment", "", 0, ""),
    ("a1", "aspiration", "More releases", "", 0, ""),
    ("t1", "tactic", "Continuous integration", "", 0, "trial"),
    ("x1", "obstacle", "Builds take an hour", "", 0, ""),
    ("o1", "outcome", "Builds in minutes", "", 0, ""),
    ("o2", "outcome", "Weekly releases", "", 1, ""),
]
V3_LINKS = [
    ("l1", "o1", "x1", "flipped_from", None),
    ("l2", "o2", "o1", "custom:blocks", None),
]
V3_LINK_KINDS = [("blocks", "blocks", "4 2", "#aa0000", 1, 0)]
V3_MAPS = [("m1", "plan_on_a_page", "Plan", 0, '{"column_labels": ["Now", "Next", "Later"]}')]
V3_PLACEMENTS = [("m1", "o1", 10.0, 20.0, 1, 2)]


def make_schema3_file(path: Path, journal_mode: str = "delete") -> Path:
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA journal_mode = {journal_mode}")
        for ddl in SCHEMA_3_DDL:
            con.execute(ddl)
        con.executemany(
            "INSERT INTO okrdesk_meta (key, value) VALUES (?, ?)",
            [("schema_version", "3"), ("title", "Made by okrdesk 0.2")],
        )
        con.executemany("INSERT INTO element VALUES (?, ?, ?, ?, ?, ?)", V3_ELEMENTS)
        con.executemany("INSERT INTO link VALUES (?, ?, ?, ?, ?)", V3_LINKS)
        con.executemany("INSERT INTO link_kind VALUES (?, ?, ?, ?, ?, ?)", V3_LINK_KINDS)
        con.executemany("INSERT INTO map VALUES (?, ?, ?, ?, ?)", V3_MAPS)
        con.executemany("INSERT INTO placement VALUES (?, ?, ?, ?, ?, ?)", V3_PLACEMENTS)
        con.commit()
    finally:
        con.close()
    return path


def test_genuine_schema3_file_is_recognised_as_schema3(old_path: Path) -> None:
    make_schema3_file(old_path)

    facts = inspect_file(old_path)

    assert facts.schema_version == 3
    assert facts.tables == TABLES_BY_VERSION[3]
    assert TABLES_BY_VERSION[4] - TABLES_BY_VERSION[3] == {"sheet_template", "sheet", "sheet_text"}


@JOURNAL_MODES
def test_schema3_upgrade_keeps_everything_and_backs_up_the_exact_bytes(
    old_path: Path, journal_mode: str
) -> None:
    make_schema3_file(old_path, journal_mode)
    original = old_path.read_bytes()

    opened = StrategyFile.open(old_path)
    try:
        snap = Strategy(opened).snapshot()
    finally:
        opened.close()

    [backup] = backups_of(old_path, 3)
    assert backup.read_bytes() == original
    assert backup.name in opened.notices[0]
    assert inspect_file(old_path).schema_version == SCHEMA_VERSION
    assert inspect_file(backup).schema_version == 3
    assert snap.title == "Made by okrdesk 0.2"
    assert sorted(
        (e.id, e.kind.value, e.title, e.notes, e.position, e.status) for e in snap.elements
    ) == sorted(V3_ELEMENTS)
    assert sorted((k.id, k.source, k.target, k.kind, None) for k in snap.links) == sorted(V3_LINKS)
    assert [(k.id, k.label, k.dash, k.color, k.directed) for k in snap.link_kinds] == [
        ("blocks", "blocks", "4 2", "#aa0000", True)]
    assert [(m.id, m.kind.value, m.title, m.settings) for m in snap.maps] == [
        ("m1", "plan_on_a_page", "Plan", {"column_labels": ["Now", "Next", "Later"]})]
    assert snap.placements_on("m1")["o1"].horizon == 2
    assert (snap.sheets, snap.sheet_templates) == ((), ())


def test_upgraded_schema3_file_has_the_structure_of_a_new_one_and_stores_sheets(
    tmp_path: Path,
) -> None:
    old = make_schema3_file(tmp_path / "old.okrdesk")
    new = tmp_path / "new.okrdesk"
    StrategyFile.create(new).close()

    opened = StrategyFile.open(old)
    try:
        strategy = Strategy(opened)
        sheet = strategy.add_sheet("experiment", "Trunk-based trial", "t1")
        strategy.set_sheet_text(sheet.id, "hypotheses", "We believe trunk-based work helps")
        removal = strategy.delete_elements(["t1"])
        strategy.restore(removal)
    finally:
        opened.close()

    assert structure(old) == structure(new)
    again = StrategyFile.open(old)
    try:
        snap = Strategy(again).snapshot()
    finally:
        again.close()
    [kept] = snap.sheets
    assert (kept.id, kept.title, kept.element_id) == (sheet.id, "Trunk-based trial", "t1")
    assert kept.texts == {"hypotheses": "We believe trunk-based work helps"}


def fail_after_the_first_sheet_table(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE sheet_template (id VARCHAR(64) NOT NULL PRIMARY KEY)"))
    raise RuntimeError("the disk filled up halfway through the upgrade")


def test_failing_step_3_leaves_a_schema3_file_as_it_was(
    old_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_schema3_file(old_path)
    monkeypatch.setitem(migrations.STEPS, 3, fail_after_the_first_sheet_table)

    with pytest.raises(StrategyFileError, match="could not be upgraded from schema 3"):
        StrategyFile.open(old_path)

    assert inspect_file(old_path).schema_version == 3
    tables = {
        r[0] for r in read_rows(old_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert tables == TABLES_BY_VERSION[3]
    assert sorted(read_rows(old_path, "SELECT * FROM element")) == sorted(V3_ELEMENTS)
    assert read_rows(old_path, "SELECT * FROM placement") == V3_PLACEMENTS


# -- from schema 4 ---------------------------------------------------------------------------

V4_ELEMENTS = [
    ("tn", "true_north", "Instantaneous development and deployment", "", 0, ""),
    ("a1", "aspiration", "Fewer defects", "", 0, ""),
    ("s1", "strategy", "Build quality in", "", 0, ""),
    ("e1", "evidence", "Change failure rate falling", "", 0, ""),
    ("t1", "tactic", "Automated tests for checkout", "", 0, "trial"),
]
V4_LINKS = [("l1", "s1", "a1", "correlation", "strong"), ("l2", "t1", "e1", "correlation", "weak")]
V4_SHEETS = [("sh1", "experiment", "Checkout tests", "t1", "Mei Lin", "2027-02-01", 0)]
V4_TEXTS = [("sh1", "hypotheses", "We believe automated checkout tests cut defects")]
V4_TEMPLATES = [("retro", "Retrospective A3", "Looks back on",
                 '[{"key": "went_well", "title": "What went well", "column": 0, "order": 0, '
                 '"prompt": "", "weight": 1.0}]', 0)]


def make_schema4_file(path: Path, journal_mode: str = "delete") -> Path:
    con = sqlite3.connect(path)
    try:
        con.execute(f"PRAGMA journal_mode = {journal_mode}")
        for ddl in SCHEMA_4_DDL:
            con.execute(ddl)
        con.executemany(
            "INSERT INTO okrdesk_meta (key, value) VALUES (?, ?)",
            [("schema_version", "4"), ("title", "Made by okrdesk 0.3")],
        )
        con.executemany("INSERT INTO element VALUES (?, ?, ?, ?, ?, ?)", V4_ELEMENTS)
        con.executemany("INSERT INTO link VALUES (?, ?, ?, ?, ?)", V4_LINKS)
        con.executemany("INSERT INTO sheet_template VALUES (?, ?, ?, ?, ?)", V4_TEMPLATES)
        con.executemany("INSERT INTO sheet VALUES (?, ?, ?, ?, ?, ?, ?)", V4_SHEETS)
        con.executemany("INSERT INTO sheet_text VALUES (?, ?, ?)", V4_TEXTS)
        con.commit()
    finally:
        con.close()
    return path


def test_genuine_schema4_file_is_recognised_as_schema4(old_path: Path) -> None:
    make_schema4_file(old_path)

    facts = inspect_file(old_path)

    assert facts.schema_version == 4
    assert facts.tables == TABLES_BY_VERSION[4]
    assert TABLES_BY_VERSION[5] - TABLES_BY_VERSION[4] == {
        "objective", "objective_alignment", "key_result", "key_result_measure", "check_in"}


@JOURNAL_MODES
def test_schema4_upgrade_keeps_everything_and_backs_up_the_exact_bytes(
    old_path: Path, journal_mode: str
) -> None:
    make_schema4_file(old_path, journal_mode)
    original = old_path.read_bytes()

    opened = StrategyFile.open(old_path)
    try:
        snap = Strategy(opened).snapshot()
    finally:
        opened.close()

    [backup] = backups_of(old_path, 4)
    assert backup.read_bytes() == original
    assert backup.name in opened.notices[0]
    assert inspect_file(old_path).schema_version == SCHEMA_VERSION == 5
    assert inspect_file(backup).schema_version == 4
    assert snap.title == "Made by okrdesk 0.3"
    assert sorted(
        (e.id, e.kind.value, e.title, e.notes, e.position, e.status) for e in snap.elements
    ) == sorted(V4_ELEMENTS)
    assert sorted(
        (k.id, k.source, k.target, k.kind, k.strength.value if k.strength else None)
        for k in snap.links
    ) == sorted(V4_LINKS)
    [sheet] = snap.sheets
    assert (sheet.id, sheet.title, sheet.element_id, sheet.author, sheet.date) == (
        "sh1", "Checkout tests", "t1", "Mei Lin", "2027-02-01")
    assert sheet.texts == {"hypotheses": "We believe automated checkout tests cut defects"}
    assert [t.id for t in snap.sheet_templates] == ["retro"]
    assert (snap.objectives, snap.key_results, snap.check_ins) == ((), (), ())


def test_upgraded_schema4_file_has_the_structure_of_a_new_one_and_keeps_okrs(
    tmp_path: Path,
) -> None:
    old = make_schema4_file(tmp_path / "old.okrdesk")
    new = tmp_path / "new.okrdesk"
    StrategyFile.create(new).close()

    opened = StrategyFile.open(old)
    try:
        strategy = Strategy(opened)
        objective = strategy.add_objective(
            "Checkout releases stop hurting customers", ObjectiveKind.COMMITTED,
            period_start="2027-01-01", period_end="2027-03-31", owner="Checkout team",
            aligns_to=["s1", "a1"],
        )
        kr = strategy.add_key_result(
            objective.id, "Checkout releases with a defect fall from 20% to 5%", baseline=20,
            target=5, unit="%", direction=Direction.DECREASE, measures=["e1"])
        strategy.check_in(kr.id, "2027-01-04", 19.0, 5, "first week")
        strategy.check_in(kr.id, "2027-01-11", 17.5, 6)
    finally:
        opened.close()

    assert structure(old) == structure(new)
    again = StrategyFile.open(old)
    try:
        snap = Strategy(again).snapshot()
    finally:
        again.close()
    [kept] = snap.objectives
    assert (kept.title, kept.aligns_to, kept.owner) == (
        "Checkout releases stop hurting customers", ("s1", "a1"), "Checkout team")
    [result] = snap.key_results
    assert (result.measures, result.current, result.indicator) == (("e1",), 17.5,
                                                                   Indicator.LAGGING)
    assert snap.check_ins_of(kr.id) == (
        CheckInData(kr.id, "2027-01-04", 19.0, 5, "first week"),
        CheckInData(kr.id, "2027-01-11", 17.5, 6, ""),
    )


def fail_after_the_first_okr_table(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE objective (id VARCHAR(64) NOT NULL PRIMARY KEY)"))
    raise RuntimeError("the disk filled up halfway through the upgrade")


def test_failing_step_4_leaves_a_schema4_file_as_it_was(
    old_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_schema4_file(old_path)
    monkeypatch.setitem(migrations.STEPS, 4, fail_after_the_first_okr_table)

    with pytest.raises(StrategyFileError, match="could not be upgraded from schema 4"):
        StrategyFile.open(old_path)

    assert inspect_file(old_path).schema_version == 4
    tables = {
        r[0] for r in read_rows(old_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert tables == TABLES_BY_VERSION[4]
    assert sorted(read_rows(old_path, "SELECT * FROM element")) == sorted(V4_ELEMENTS)
    assert read_rows(old_path, "SELECT * FROM sheet") == V4_SHEETS
