"""The one snapshot reader on stdlib sqlite3 (snapshot_sql.py) and the headless commands' read
path without SQLAlchemy (snapshot_file.py): the same snapshot as the ORM rows say, the same
snapshot whichever way the file is opened, the same PDF, and no SQLAlchemy in the process."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from okrdesk.assets import write_sample_copy
from okrdesk.cli import main
from okrdesk.models import schema as orm
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import LinkKind, MapKind, Role
from okrdesk.models.map_rows import _kind_data, _map_data, _placement_data
from okrdesk.models.okr_rows import check_in_data, key_result_data, objective_data
from okrdesk.models.sheet_rows import template_data
from okrdesk.models.sheet_templates import builtin_templates
from okrdesk.models.snapshot import OwnershipData, PartyData, SheetData, Snapshot
from okrdesk.models.snapshot_file import read_snapshot_file
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy, _element, _link
from tests.test_storage import newer_version

# -- files ------------------------------------------------------------------------------------


def sample_file(folder: Path) -> Path:
    """The shipped sample: elements, correlations, people, two maps, a sheet, OKRs."""
    return write_sample_copy(folder / "sample.okrdesk")


def everything_file(folder: Path) -> Path:
    """The sample plus what it lacks: a user-defined link kind (undirected) used by a
    relationship, a pinned card, the file's own A3 template with a sheet on it, a WIG
    objective, settings, and a title with quotes and an emoji."""
    path = sample_file(folder)
    file = StrategyFile.open(path)
    try:
        strategy = Strategy(file)
        snap = strategy.snapshot()
        kind = strategy.add_link_kind("blocks", dash="4 2", color="#aa3300", directed=False)
        first, second = snap.placements[:2]
        strategy.add_relation(first.element_id, second.element_id, kind.kind)
        strategy.set_pinned(first.map_id, first.element_id, True)
        own = strategy.add_sheet_template(
            dataclasses.replace(builtin_templates()[0], id="", title="Our own A3")
        )
        sheet = strategy.add_sheet(own.id, "On our own template")
        strategy.set_sheet_text(sheet.id, own.sections[0].key, "Why: \"quoted\" and 🚀")
        strategy.update_objective(snap.objectives[0].id, wig=True)
        strategy.set_setting("xmatrix", {"paper": "A2", "landscape": False})
        strategy.set_title('Acme "2027" 🚀')
    finally:
        file.close()
    return path


def orm_snapshot(path: Path) -> Snapshot:
    """An independent reading of the file through the ORM's mapped rows and the model's
    own row converters: what the plain SQL reader must give back, value for value and type
    for type (SQLAlchemy hands Boolean columns back as bool)."""
    file = StrategyFile.open_for_reading(path)
    try:
        with Session(file.engine) as s:
            title = s.scalar(select(orm.Meta.value).where(orm.Meta.key == "title"))
            e, k = orm.Element, orm.Link
            elements = tuple(map(_element, s.scalars(select(e).order_by(e.kind, e.position))))
            links = tuple(map(_link, s.scalars(select(k).order_by(k.source_id, k.target_id))))
            parties = tuple(
                PartyData(p.id, p.name, p.kind, p.position)
                for p in s.scalars(select(orm.Party).order_by(orm.Party.position))
            )
            o = orm.Ownership
            owners = tuple(
                OwnershipData(row.party_id, row.element_id, Role(row.role))
                for row in s.scalars(select(o).order_by(o.element_id, o.party_id))
            )
            maps = tuple(map(_map_data, s.scalars(select(orm.Map).order_by(orm.Map.position))))
            pl = orm.Placement
            placements = tuple(
                map(_placement_data, s.scalars(select(pl).order_by(pl.map_id, pl.element_id)))
            )
            lk = orm.CustomLinkKind
            link_kinds = tuple(map(_kind_data, s.scalars(select(lk).order_by(lk.position))))
            sheets = tuple(_sheet(s, row) for row in
                           s.scalars(select(orm.Sheet).order_by(orm.Sheet.position)))
            st = orm.SheetTemplate
            templates = tuple(map(template_data, s.scalars(select(st).order_by(st.position))))
            objectives, key_results, check_ins = _okrs(s)
    finally:
        file.close()
    return Snapshot(
        title or "", elements, links, parties, owners, maps, placements, link_kinds, sheets,
        templates, objectives, key_results, check_ins,
    )


def _sheet(s: Session, row: orm.Sheet) -> SheetData:
    t = orm.SheetText
    rows = s.scalars(select(t).where(t.sheet_id == row.id).order_by(t.key))
    texts = {x.key: x.text for x in rows}
    return SheetData(
        row.id, row.template_id, row.title, row.element_id, row.author, row.date, texts,
        row.position,
    )


def _okrs(s: Session) -> tuple[tuple, tuple, tuple]:  # type: ignore[type-arg]
    a, m, c = orm.ObjectiveAlignment, orm.KeyResultMeasure, orm.CheckIn
    objectives = tuple(
        objective_data(
            row,
            tuple(s.scalars(select(a.parent_id).where(a.objective_id == row.id)
                            .order_by(a.position))),
        )
        for row in s.scalars(select(orm.Objective).order_by(orm.Objective.position))
    )
    rank = {x.id: x.position for x in objectives}
    rows = sorted(
        s.scalars(select(orm.KeyResult)),
        key=lambda r: (rank.get(r.objective_id, len(rank)), r.objective_id, r.position),
    )
    key_results, check_ins = [], []
    for row in rows:
        history = [check_in_data(x) for x in
                   s.scalars(select(c).where(c.key_result_id == row.id).order_by(c.date))]
        measures = tuple(s.scalars(select(m.element_id).where(m.key_result_id == row.id)
                                   .order_by(m.position)))
        key_results.append(key_result_data(row, measures, history[-1].value if history else None))
        check_ins += history
    return objectives, tuple(key_results), tuple(check_ins)


FILES = {"sample": sample_file, "everything": everything_file}


@pytest.fixture(params=sorted(FILES))
def strategy_on_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return FILES[request.param](tmp_path)


# -- the reader -------------------------------------------------------------------------------


def test_the_everything_file_holds_what_the_sample_lacks(tmp_path: Path) -> None:
    snap = read_snapshot_file(everything_file(tmp_path))
    assert snap is not None
    s = snap.snapshot
    assert [(k.label, k.directed) for k in s.link_kinds] == [("blocks", False)]
    assert any(link.kind == s.link_kinds[0].kind for link in s.links)
    assert any(p.pinned is True for p in s.placements)
    assert [t.title for t in s.sheet_templates] == ["Our own A3"]
    assert s.objectives[0].wig is True
    assert s.title == 'Acme "2027" 🚀'
    assert snap.setting("xmatrix") == {"paper": "A2", "landscape": False}
    assert {m.kind for m in s.maps} >= {MapKind.OPTION_RELATIONSHIP}
    assert s.sheets and s.key_results and s.check_ins and s.ownerships
    assert LinkKind.CORRELATION in {link.kind for link in s.links}


def test_the_fast_reader_gives_exactly_what_the_orm_rows_say(strategy_on_disk: Path) -> None:
    fast = read_snapshot_file(strategy_on_disk)
    assert fast is not None
    # repr compares types too: True == 1 would hide a pinned flag read back as an int.
    assert repr(fast.snapshot) == repr(orm_snapshot(strategy_on_disk))


def test_strategy_snapshot_and_the_fast_reader_agree(strategy_on_disk: Path) -> None:
    fast = read_snapshot_file(strategy_on_disk)
    file = StrategyFile.open_for_reading(strategy_on_disk)
    try:
        strategy = Strategy(file)
        assert fast is not None
        assert repr(fast.snapshot) == repr(strategy.snapshot())
        assert fast.setting("xmatrix") == strategy.setting("xmatrix")
    finally:
        file.close()


def test_an_older_file_is_left_to_the_path_that_upgrades_it(tmp_path: Path) -> None:
    path = sample_file(tmp_path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE okrdesk_meta SET value = '4' WHERE key = 'schema_version'")
        con.execute("DROP TABLE check_in")  # schema 4 had no OKR tables
    con.close()
    before = path.read_bytes()
    assert read_snapshot_file(path) is None
    assert path.read_bytes() == before  # looked at, not upgraded


def test_a_refused_file_is_left_to_the_path_that_explains_it(tmp_path: Path) -> None:
    assert read_snapshot_file(newer_version(tmp_path)) is None
    assert read_snapshot_file(tmp_path / "missing.okrdesk") is None


CURRENT_COLUMNS = [f"{t.name}.{c.name}" for t in orm.Base.metadata.sorted_tables for c in t.columns]


@pytest.mark.parametrize("where", CURRENT_COLUMNS)
def test_a_file_lacking_any_column_gets_the_full_paths_message(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fast path skips storage's column check: its queries name every column of the
    schema, so a missing one makes it give up, and `okrdesk export` says which one."""
    table, column = where.split(".")
    path = sample_file(tmp_path)
    with sqlite3.connect(path) as con:
        con.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{column}" TO "{column}_gone"')
    con.close()
    assert read_snapshot_file(path) is None
    with pytest.raises(OkrdeskError) as refused:
        StrategyFile.open_for_reading(path)
    assert main(["export", str(path), str(tmp_path / "out.pdf")]) == 2
    said = capsys.readouterr().err
    assert said == f"okrdesk: {refused.value}\n"
    assert column in said  # "missing element.status", "no such column: value"…
    assert not (tmp_path / "out.pdf").exists()


# -- the headless commands --------------------------------------------------------------------

# Runs okrdesk's command line like the `okrdesk` script, then says whether SQLAlchemy was
# loaded; FULL_PATH first makes the fast reader give up, as it does for an older file.
WRAPPER = """
import json, sys
if sys.argv[1] == "FULL_PATH":
    import okrdesk.models.snapshot_file as fast
    fast.read_snapshot_file = lambda path: None
from okrdesk.cli import main
code = main(sys.argv[2:])
print(json.dumps({"code": code, "sqlalchemy": "sqlalchemy" in sys.modules}))
"""


def _okrdesk(*args: str, full_path: bool = False) -> subprocess.CompletedProcess[str]:
    mode = "FULL_PATH" if full_path else "FAST"
    return subprocess.run(
        [sys.executable, "-c", WRAPPER, mode, *args],
        capture_output=True, text=True, timeout=120,
    )


def _outcome(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    return {"said": lines[:-1], **json.loads(lines[-1])}


@pytest.mark.parametrize(
    "how", [["--view", "orm", "--tile"], ["--view", "pack"], []], ids=["map", "pack", "xmatrix"]
)
def test_a_headless_export_loads_no_sqlalchemy_and_writes_the_same_pdf(
    tmp_path: Path, how: list[str]
) -> None:
    path = everything_file(tmp_path)
    fast, full = tmp_path / "fast.pdf", tmp_path / "full.pdf"

    quick = _outcome(_okrdesk("export", str(path), str(fast), *how))
    slow = _outcome(_okrdesk("export", str(path), str(full), *how, full_path=True))

    assert quick["code"] == slow["code"] == 0
    assert quick["sqlalchemy"] is False and slow["sqlalchemy"] is True
    assert fast.read_bytes() == full.read_bytes()
    assert quick["said"] == [line.replace("full.pdf", "fast.pdf") for line in slow["said"]]


def test_the_xmatrix_export_uses_the_paper_saved_in_the_file(tmp_path: Path) -> None:
    path = everything_file(tmp_path)  # the X-Matrix's saved paper: A2 portrait
    said = _outcome(_okrdesk("export", str(path), str(tmp_path / "x.pdf")))
    assert said["sqlalchemy"] is False
    assert said["said"] == [f"wrote {tmp_path / 'x.pdf'}: 1 page"]
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "x.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "1190.55 x 1683.78 pts (A2)" in info


def test_check_reads_without_sqlalchemy_and_finds_the_same(tmp_path: Path) -> None:
    path = everything_file(tmp_path)
    quick = _okrdesk("check", str(path))
    slow = _okrdesk("check", str(path), full_path=True)
    assert json.loads(quick.stdout.splitlines()[-1])["sqlalchemy"] is False
    assert quick.stdout.splitlines()[:-1] == slow.stdout.splitlines()[:-1]
    assert quick.stdout.splitlines()[-2].endswith("in sample.okrdesk")


def test_json_export_is_identical_either_way(tmp_path: Path) -> None:
    path = everything_file(tmp_path)
    _outcome(_okrdesk("export", str(path), str(tmp_path / "fast.json")))
    _outcome(_okrdesk("export", str(path), str(tmp_path / "full.json"), full_path=True))
    assert (tmp_path / "fast.json").read_bytes() == (tmp_path / "full.json").read_bytes()
