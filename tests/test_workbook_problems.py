"""Malformed workbooks: every problem reported with its cell, and nothing changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from okrdesk.cli import main
from tests.test_tables_helpers import (
    column_of,
    edit_workbook,
    row_of,
    sample_strategy,
    write_workbook,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_errors(capsys: pytest.CaptureFixture[str], book: Path, strategy: Path) -> list[str]:
    """Run `okrdesk import`; check it failed and left the file alone; return stderr lines."""
    before = digest(strategy)
    code = main(["import", str(book), str(strategy), "--prune"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert digest(strategy) == before
    lines = err.splitlines()
    assert lines[-1] == f"okrdesk: {book.name}: nothing was imported"
    return lines[:-1]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return sample_strategy(tmp_path)


@pytest.fixture
def book(sample: Path, tmp_path: Path) -> Path:
    return write_workbook(sample, tmp_path / "sample.xlsx")


def test_a_missing_sheet_is_named(capsys: pytest.CaptureFixture[str], sample: Path,
                                  book: Path) -> None:
    edit_workbook(book, lambda b: b.remove(b["Key results"]))
    assert import_errors(capsys, book, sample) == [
        "okrdesk: sample.xlsx: Key results: the sheet is missing (okrdesk writes 15)"]


def test_unknown_ids_are_reported_cell_by_cell(capsys: pytest.CaptureFixture[str],
                                               sample: Path, book: Path) -> None:
    def typo(b: Any) -> None:
        b["Strategies"]["A3"] = "s2x"
        b["Key results"]["B3"] = "okr9"
        corner = b["Tactics × Evidence"]
        corner.cell(1, column_of(corner, "e1")).value = "e99"

    edit_workbook(book, typo)
    lines = import_errors(capsys, book, sample)
    assert len(lines) == 3
    assert lines[0].startswith("okrdesk: sample.xlsx: Strategies!A3: unknown id 's2x' (leave")
    assert any(line.startswith("okrdesk: sample.xlsx: Key results!B3: unknown id 'okr9'")
               for line in lines)
    assert any("Tactics × Evidence!C1: unknown id 'e99'" in line for line in lines)


def test_bad_strengths_and_values_are_reported_cell_by_cell(
    capsys: pytest.CaptureFixture[str], sample: Path, book: Path
) -> None:
    def bad(b: Any) -> None:
        corner = b["Tactics × Strategies"]
        corner.cell(row_of(corner, "t1"), 3).value = "very strong"
        corner.cell(row_of(corner, "t2"), 4).value = 7
        b["Key results"]["E2"] = "twenty"
        b["Check-ins"]["C2"] = "4 Jan 2027"
        b["Check-ins"]["E3"] = 11
        b["Objectives"]["C2"] = "stretch"

    edit_workbook(book, bad)
    lines = [line.removeprefix("okrdesk: sample.xlsx: ") for line in
             import_errors(capsys, book, sample)]
    assert sorted(line.split(":")[0] for line in lines) == sorted([
        "Tactics × Strategies!C3", "Tactics × Strategies!D4", "Key results!E2",
        "Check-ins!C2", "Check-ins!E3", "Objectives!C2"])
    assert "Tactics × Strategies!C3: 'very strong' is not a strength: use ●, ○, △ (or strong, " \
           "medium, weak), or leave the cell empty" in lines
    assert "Check-ins!C2: '4 Jan 2027' is not a date written YYYY-MM-DD" in lines


def test_merged_cells_and_formulas_are_refused_where_they_are(
    capsys: pytest.CaptureFixture[str], sample: Path, book: Path
) -> None:
    def spreadsheet_habits(b: Any) -> None:
        b["Strategies"].merge_cells("B2:C2")
        b["Tactics"]["B3"] = "=UPPER(B2)"
        b["Check-ins"]["D2"] = "=20+1"

    edit_workbook(book, spreadsheet_habits)
    lines = import_errors(capsys, book, sample)
    assert lines == [
        "okrdesk: sample.xlsx: Strategies!B2:C2: merged cells: unmerge them so each cell has "
        "its own value",
        "okrdesk: sample.xlsx: Tactics!B3: a formula (=UPPER(B2)); okrdesk imports values "
        "only: type the value itself",
        "okrdesk: sample.xlsx: Check-ins!D2: a formula (=20+1); okrdesk imports values only: "
        "type the value itself",
    ]


def test_the_same_id_twice_and_a_second_true_north_are_refused(
    capsys: pytest.CaptureFixture[str], sample: Path, book: Path
) -> None:
    def twice(b: Any) -> None:
        b["Aspirations"].append(["a1", "Copy of the first aspiration", "", 9])
        b["True North"].append(["", "Another direction", "", 2])

    edit_workbook(book, twice)
    lines = import_errors(capsys, book, sample)
    assert any(line.endswith("Aspirations!A5: the id 'a1' is in Aspirations!A2 too")
               for line in lines)
    assert any(line.endswith("True North!A3: a strategy has one True North") for line in lines)


@pytest.mark.parametrize(("content", "words"), [
    (b"not a zip at all", "not an .xlsx workbook"),
    (b"PK\x03\x04broken zip", "not an .xlsx workbook"),
])
def test_a_file_that_is_no_workbook_is_one_line(
    capsys: pytest.CaptureFixture[str], sample: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(content)
    before = digest(sample)
    code = main(["import", str(fake), str(sample)])
    _out, err = capsys.readouterr()
    assert code == 2
    assert len(err.splitlines()) == 1 and words in err
    assert digest(sample) == before
