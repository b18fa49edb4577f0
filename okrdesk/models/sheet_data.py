"""A3 sheets as plain data: the templates they follow and what a user wrote in them.

A template is data, so a coach can adjust it: a title, the label of its header link (the
Experiment A3's "Aligned to objective"), and sections, each with a title, a column (0 the left
half of the A3 page, 1 the right), an order within its column and a prompt shown while the
section is empty. A sheet follows one template by id; its texts are keyed by section key, so a
text outlives a change of the section's title, order or column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Limits shared by the domain operations, template files and JSON import (okrdesk refuses
# anything beyond them with a message, so the A3 page and the editor can count on them).
SHEET_COLUMNS = 2  # a section's column is 0 (left half) or 1 (right half)
MAX_SHEET_LINE_LENGTH = 500  # one-line texts: sheet title and author, template and section titles
MAX_SHEET_TEXT_LENGTH = 20_000  # what a section of a sheet holds
MAX_PROMPT_LENGTH = 1_000  # a section's prompt
MAX_SECTIONS = 24  # sections of one template
MAX_SECTION_KEY_LENGTH = 64
MAX_SECTION_ORDER = 999
MAX_SECTION_WEIGHT = 10.0  # weights are above 0 and at most this
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def sheet_date_ok(text: str) -> bool:
    """A sheet's date is "" or a calendar date written YYYY-MM-DD."""
    if text == "":
        return True
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:  # 2027-02-30
        return False
    return True


@dataclass(frozen=True)
class SheetSectionSpec:
    key: str  # stable within its template, e.g. "hypotheses"
    title: str  # "Hypotheses"
    column: int = 0  # 0: left half of the page, 1: right half
    order: int = 0  # top to bottom within its column
    prompt: str = ""  # the question the section answers, shown while it is empty
    weight: float = 1.0  # share of its column's height relative to its neighbours


@dataclass(frozen=True)
class SheetTemplateData:
    id: str  # "experiment", "backbriefing", "toyota" for the built-ins
    title: str  # "Experiment A3"
    header_label: str = ""  # label of the sheet's link to an element, "" for none
    sections: tuple[SheetSectionSpec, ...] = ()
    builtin: bool = False
    position: int = 0

    def ordered(self, column: int) -> list[SheetSectionSpec]:
        """The sections of one column, top to bottom."""
        return sorted(
            (s for s in self.sections if s.column == column), key=lambda s: (s.order, s.key)
        )

    def section(self, key: str) -> SheetSectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class SheetData:
    id: str
    template_id: str
    title: str = ""
    element_id: str | None = None  # what the header links to ("Aligned to objective")
    author: str = ""
    date: str = ""  # ISO date or ""
    texts: dict[str, str] = field(default_factory=dict, hash=False)  # section key → text
    position: int = 0

    def text(self, key: str) -> str:
        return self.texts.get(key, "")
