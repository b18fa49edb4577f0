"""`okrdesk export FILE OUT.xlsx` and `okrdesk import BOOK.xlsx STRATEGY [--prune] [--dry-run]`."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from okrdesk.cli import main
from tests.test_tables_helpers import (
    column_of,
    edit_workbook,
    json_of,
    opened,
    row_of,
    sample_strategy,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def edits(book: Any) -> None:
    objectives = book["Objectives"]
    objectives.cell(2, column_of(objectives, "owner")).value = "Payments team"
    corner = book["Aspirations × Strategies"]
    corner.cell(row_of(corner, "a1"), column_of(corner, "s4")).value = "w"
    book["Check-ins"].delete_rows(2)


def test_export_then_preview_then_apply_without_and_with_prune(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    strategy = sample_strategy(tmp_path)
    book = tmp_path / "plan.xlsx"
    assert run(capsys, "export", strategy, book) == (0, f"wrote {book}\n", "")
    edit_workbook(book, edits)
    before = digest(strategy)

    code, out, err = run(capsys, "import", book, strategy, "--dry-run")
    assert (code, err) == (0, "")
    assert digest(strategy) == before
    lines = out.splitlines()
    assert lines[0] == "Objectives!F2: “Checkout releases stop hurtin…” owner: " \
                       "“Checkout team” → “Payments team”"
    assert lines[1].startswith("Check-ins: remove check-in 2027-01-04 of ")
    assert lines[1].endswith(": its row is missing — not removed (use --prune)")
    assert lines[2].startswith("Aspirations × Strategies!F")
    assert lines[2] == "Aspirations × Strategies!F3: “More releases” × “Self-service delivery " \
                       "platform”: ● → △"
    assert lines[3] == "dry run: nothing written (2 changes; 1 row missing from the " \
                       "spreadsheet not removed (use --prune))"

    code, out, _ = run(capsys, "import", book, strategy)
    assert code == 0 and out.splitlines()[-1].startswith("applied 2 changes to sample.okrdesk;")
    with opened(strategy) as s:
        assert len(s.snapshot().check_ins) == 78  # the missing check-in is kept

    code, out, _ = run(capsys, "import", book, strategy, "--prune")
    assert (code, out.splitlines()[-1]) == (0, "applied 1 change to sample.okrdesk")
    with opened(strategy) as s:
        snap = s.snapshot()
    assert len(snap.check_ins) == 77
    assert snap.objectives[0].owner == "Payments team"


def test_json_import_still_creates_a_file_and_spreadsheet_options_need_a_spreadsheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    strategy = sample_strategy(tmp_path)
    exported = tmp_path / "s.json"
    assert run(capsys, "export", strategy, exported)[0] == 0
    code, out, _ = run(capsys, "import", exported, tmp_path / "new.okrdesk")
    assert code == 0 and out.startswith("created ")
    assert json_of(tmp_path / "new.okrdesk") == json_of(strategy)

    code, out, err = run(capsys, "import", exported, tmp_path / "new.okrdesk", "--prune")
    assert (code, out) == (2, "")
    assert err == "okrdesk: s.json: --prune and --dry-run are for spreadsheet imports (an .xlsx " \
                  "workbook or a folder of CSV files)\n"


def test_a_spreadsheet_needs_an_existing_writable_strategy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    strategy = sample_strategy(tmp_path)
    book = tmp_path / "s.xlsx"
    run(capsys, "export", strategy, book)
    code, _, err = run(capsys, "import", book, tmp_path / "missing.okrdesk")
    assert code == 2
    assert err == "okrdesk: s.xlsx: a spreadsheet is applied to an existing strategy, and " \
                  "missing.okrdesk does not exist (export one first)\n"
    assert not (tmp_path / "missing.okrdesk").exists()


def test_export_to_a_name_without_suffix_writes_a_csv_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    strategy = sample_strategy(tmp_path)
    code, out, _ = run(capsys, "export", strategy, tmp_path / "tables")
    assert (code, out) == (0, f"wrote 15 CSV files in {tmp_path / 'tables'}\n")
    assert (tmp_path / "tables" / "Key results.csv").is_file()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_again_by_libreoffice_imports_with_no_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.test_workbook_cells import hostile_strategy

    strategy = hostile_strategy(tmp_path / "h.okrdesk")
    book = tmp_path / "h.xlsx"
    run(capsys, "export", strategy, book)
    again = tmp_path / "again"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(again), str(book)],
        check=True, capture_output=True, timeout=180,
    )
    resaved = again / "h.xlsx"
    assert digest(resaved) != digest(book)
    before = json_of(strategy)

    code, out, err = run(capsys, "import", resaved, strategy, "--prune")

    assert (code, err) == (0, ""), err
    assert out == "nothing to change (0 changes)\n"
    assert json_of(strategy) == before
    assert sys.platform  # (the profile folder keeps this run apart from a user's LibreOffice)
