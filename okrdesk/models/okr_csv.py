"""Check-ins as CSV for spreadsheets: one row per check-in, the whole history.

Columns: Objective id, Objective, Key result id, Key result, Unit, Date, Value, Confidence,
Note, Score (the key result's score at that value, see okr_scoring). Rows come in the order
of the strategy: objectives in order, their key results in order, check-ins oldest first.
RFC 4180 CSV: comma separated, CRLF line ends, fields with commas, quotes or line breaks
quoted. `check_ins_csv_bytes` adds a UTF-8 byte-order mark so that Excel reads accents right.

**Formula injection.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (``=HYPERLINK(...)`` in a note could phone home when clicked), and some treat a
leading tab or carriage return the same way. Every *text* cell (ids, titles, unit, note) that
starts with one of those characters is written with a ``'`` in front, which spreadsheets show
as a plain-text marker. A text cell that already starts with ``'`` gets one too, so that
reading back (`parse_check_ins_csv`) removes exactly one ``'`` from any text cell starting
with it and gives the original text.

The *number* cells (value, confidence, score) and the date are never escaped: okrdesk writes
them itself from numbers (``-2.5``, ``1e+20``) and ISO dates, never from typed text, so a
negative value stays a number the spreadsheet can sum, and no formula can reach them.
"""

from __future__ import annotations

import csv
import io

from okrdesk.models.okr_scoring import score_value
from okrdesk.models.snapshot import Snapshot

HEADER = (
    "Objective id", "Objective", "Key result id", "Key result", "Unit", "Date", "Value",
    "Confidence", "Note", "Score",
)
TEXT_COLUMNS = frozenset({"Objective id", "Objective", "Key result id", "Key result", "Unit",
                          "Note"})
# What makes a spreadsheet read a cell as a formula (OWASP's list), and the escape itself.
_RISKY_START = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_text(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(_RISKY_START) else text


def unescape_text(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def number_text(value: float) -> str:
    """A number as a spreadsheet reads it: whole numbers without ".0", others exactly."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def check_ins_csv(snapshot: Snapshot) -> str:
    """Every check-in of the strategy as CSV text (see the module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for objective in snapshot.objectives:
        for kr in snapshot.key_results_of(objective.id):
            for c in snapshot.check_ins_of(kr.id):
                texts = [objective.id, objective.title, kr.id, kr.title, kr.unit]
                writer.writerow([
                    *(escape_text(t) for t in texts), c.date, number_text(c.value),
                    str(c.confidence), escape_text(c.note), f"{score_value(kr, c.value):.2f}",
                ])
    return out.getvalue()


def check_ins_csv_bytes(snapshot: Snapshot) -> bytes:
    """check_ins_csv as UTF-8 with a byte-order mark, as written to a .csv file."""
    return ("\ufeff" + check_ins_csv(snapshot)).encode("utf-8")


def parse_check_ins_csv(text: str) -> list[dict[str, str]]:
    """Read CSV written by check_ins_csv back: one {column: text} per check-in, text cells
    unescaped. Raises ValueError when the header is not okrdesk's."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    if not rows or tuple(rows[0]) != HEADER:
        raise ValueError("not a check-in export of okrdesk: the first row is not its header")
    return [
        {name: unescape_text(cell) if name in TEXT_COLUMNS else cell
         for name, cell in zip(HEADER, row, strict=True)}
        for row in rows[1:]
    ]
