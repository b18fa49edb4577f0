"""The same round trip with a folder of CSV files: one UTF-8 file per table."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest

from okrdesk.cli import main
from okrdesk.models.kinds import ElementKind
from okrdesk.models.tables import TABLE_NAMES
from tests.test_tables_helpers import copy_of, json_of, opened, sample_strategy
from tests.test_workbook_cells import RISKY, hostile_strategy

NUMBER = re.compile(r"-?\d+(\.\d+)?(e[+-]\d+)?")


def export_folder(capsys: pytest.CaptureFixture[str], strategy: Path, folder: Path) -> None:
    assert main(["export", str(strategy), str(folder)]) == 0
    assert capsys.readouterr().out == f"wrote {len(TABLE_NAMES)} CSV files in {folder}\n"


def rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for accents
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def write_rows(path: Path, table: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_folder_of_tables_round_trips_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    original = sample_strategy(tmp_path)
    folder = tmp_path / "tables"
    export_folder(capsys, original, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)
    assert b"\r\n" in (folder / "Strategies.csv").read_bytes()
    copy = copy_of(original, "copy")

    assert main(["import", str(folder), str(copy), "--prune"]) == 0

    assert capsys.readouterr().out == "nothing to change (0 changes)\n"
    assert json_of(copy) == json_of(original)


def test_no_csv_field_can_run_as_a_formula_and_hostile_text_round_trips(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    original = hostile_strategy(tmp_path / "h.okrdesk")
    folder = tmp_path / "tables"
    export_folder(capsys, original, folder)
    risky_numbers = 0
    for name in TABLE_NAMES:
        for line in rows(folder / f"{name}.csv"):
            for field in line:
                if field.startswith(RISKY):  # only a number okrdesk wrote may start so
                    assert NUMBER.fullmatch(field), f"{name}.csv: {field!r}"
                    risky_numbers += 1
    assert risky_numbers == 2  # -2.5 (a baseline) and -0.1 (a check-in's value)
    copy = copy_of(original, "copy")
    assert main(["import", str(folder), str(copy)]) == 0
    assert capsys.readouterr().out.startswith("nothing to change")
    assert json_of(copy) == json_of(original)


def test_edits_in_csv_files_are_previewed_then_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    original = sample_strategy(tmp_path)
    folder = tmp_path / "tables"
    export_folder(capsys, original, folder)
    strategies = rows(folder / "Strategies.csv")
    strategies[1][1] = "Work in the smallest batches"
    write_rows(folder / "Strategies.csv", strategies)
    corner = rows(folder / "Aspirations × Evidence.csv")
    corner[2][2] = "m" if corner[2][2] != "○" else ""
    write_rows(folder / "Aspirations × Evidence.csv", corner)
    outcomes = rows(folder / "Outcomes.csv")
    write_rows(folder / "Outcomes.csv", [*outcomes[:-1], ["", "-5% rework", "", ""]])
    before = digest(original)

    assert main(["import", str(folder), str(original), "--dry-run"]) == 0
    preview = capsys.readouterr().out.splitlines()
    assert digest(original) == before
    assert preview[0] == ("Strategies.csv!B2: title “Work in small batches” → "
                          "“Work in the smallest batches”")
    assert preview[1] == "Outcomes.csv!A14: add outcome “-5% rework”"
    assert preview[2].startswith("Outcomes: remove ") and preview[2].endswith(
        "— not removed (use --prune)")
    assert preview[3].startswith("Aspirations × Evidence.csv!C3: ")
    assert preview[4] == "dry run: nothing written (3 changes; 1 row missing from the " \
                         "spreadsheet not removed (use --prune))"

    assert main(["import", str(folder), str(original), "--prune"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "applied 4 changes to sample.okrdesk"
    with opened(original) as s:
        outcomes = s.snapshot().of_kind(ElementKind.OUTCOME)
    assert outcomes[-1].title == "-5% rework"
    assert "o13" not in {o.id for o in outcomes}
    again = tmp_path / "again"
    export_folder(capsys, original, again)
    assert main(["import", str(again), str(original)]) == 0
    assert capsys.readouterr().out.startswith("nothing to change")


def test_a_formula_or_another_encoding_in_a_csv_file_is_refused_with_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    original = sample_strategy(tmp_path)
    folder = tmp_path / "tables"
    export_folder(capsys, original, folder)
    tactics = rows(folder / "Tactics.csv")
    tactics[2][1] = "=1+2"
    write_rows(folder / "Tactics.csv", tactics)
    (folder / "Evidence.csv").write_bytes("id,title\ne1,Caf\xe9".encode("latin-1"))
    before = digest(original)

    assert main(["import", str(folder), str(original)]) == 2

    err = capsys.readouterr().err.splitlines()
    assert err[0] == "okrdesk: tables: Evidence.csv: not UTF-8 text (bad byte at offset 15); " \
                     "save it as “CSV UTF-8”"
    assert err[1].startswith("okrdesk: tables: Tactics.csv!B3: a formula (=1+2)")
    assert digest(original) == before
