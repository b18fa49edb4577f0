"""Every A3 sheet undo command: redo → undo → redo returns the file to each state exactly."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from okrdesk.models.kinds import ElementKind
from okrdesk.models.sheet_data import SheetSectionSpec, SheetTemplateData
from okrdesk.views.document import Document
from tests.undo_helpers import blank_document, on_disk, round_trip

RETRO = SheetTemplateData(
    "",
    "Team retro A3",
    "Aligned to",
    (
        SheetSectionSpec("went_well", "What went well", 0, 0, "Name three things."),
        SheetSectionSpec("change", "What we change", 1, 0, "One change, with an owner."),
    ),
)


@pytest.fixture
def doc(qapp: object, tmp_path: Path) -> Iterator[Document]:
    document = blank_document(tmp_path, "Sheets")
    yield document
    document.close()


def new_sheet(doc: Document, title: str = "Smart retries") -> str:
    sheet_id = doc.add_sheet("experiment", title)
    assert sheet_id is not None
    return sheet_id


def test_add_a_sheet_keeps_its_id_through_undo_and_redo(doc: Document) -> None:
    announced: list[list[str]] = []
    doc.sheets_changed.connect(announced.append)
    sheet_id = round_trip(doc, lambda: doc.add_sheet("experiment", "Smart retries"))
    assert [s.id for s in on_disk(doc).sheets] == [sheet_id]
    assert on_disk(doc).sheets[0].title == "Smart retries"
    assert announced == [[sheet_id]] * 5  # do, then undo and redo twice
    assert doc.undo_stack.undoText() == "Add Experiment A3 “Smart retries”"


def test_update_header_fields(doc: Document) -> None:
    sheet_id = new_sheet(doc)
    objective = doc.add_element(ElementKind.ASPIRATION, "Keep the customers we have")
    round_trip(doc, lambda: doc.update_sheet(sheet_id, title="Smart card retries"))
    round_trip(doc, lambda: doc.update_sheet(sheet_id, element_id=objective))
    round_trip(doc, lambda: doc.update_sheet(sheet_id, author="Priya", date="2026-06-02"))
    sheet = on_disk(doc).sheet(sheet_id)
    assert sheet is not None
    assert (sheet.title, sheet.element_id, sheet.author, sheet.date) == (
        "Smart card retries",
        objective,
        "Priya",
        "2026-06-02",
    )
    depth = doc.undo_stack.count()
    doc.update_sheet(sheet_id, author="Priya")  # no change: no undo step
    assert doc.undo_stack.count() == depth


def test_a_bad_date_is_refused_with_a_message_and_no_undo_step(doc: Document) -> None:
    sheet_id = new_sheet(doc)
    messages: list[str] = []
    doc.error_raised.connect(messages.append)
    depth = doc.undo_stack.count()
    doc.update_sheet(sheet_id, date="2nd of June")
    assert doc.undo_stack.count() == depth
    assert messages and "YYYY-MM-DD" in messages[0]
    assert on_disk(doc).sheets[0].date == ""


def test_set_section_text_and_one_typing_session_is_one_step(doc: Document) -> None:
    sheet_id = new_sheet(doc)
    round_trip(doc, lambda: doc.set_sheet_text(sheet_id, "hypotheses", "We believe"))
    assert doc.undo_stack.undoText() == "Edit “Hypotheses”"
    depth = doc.undo_stack.count()
    doc.set_sheet_text(sheet_id, "hypotheses", "We believe retries")
    doc.set_sheet_text(sheet_id, "hypotheses", "We believe retries work")
    assert doc.undo_stack.count() == depth  # merged into the step above
    doc.set_sheet_text(sheet_id, "design", "Four weeks")
    assert doc.undo_stack.count() == depth + 1  # another section: a step of its own
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    sheet = on_disk(doc).sheet(sheet_id)
    assert sheet is not None and sheet.texts == {}


def test_delete_a_sheet_and_undo_brings_back_its_texts_and_place(doc: Document) -> None:
    first = new_sheet(doc, "First")
    second = new_sheet(doc, "Second")
    doc.set_sheet_text(first, "context", "Tickets doubled since March.")
    round_trip(doc, lambda: doc.delete_sheet(first))
    assert [s.id for s in on_disk(doc).sheets] == [second]
    doc.undo_stack.undo()
    restored = on_disk(doc).sheets
    assert [s.id for s in restored] == [first, second]
    assert restored[0].texts == {"context": "Tickets doubled since March."}


def test_move_a_sheet(doc: Document) -> None:
    ids = [new_sheet(doc, t) for t in ("One", "Two", "Three")]
    round_trip(doc, lambda: doc.move_sheet(ids[2], 0))
    assert [s.title for s in on_disk(doc).sheets] == ["Three", "One", "Two"]
    depth = doc.undo_stack.count()
    doc.move_sheet(ids[1], 99)  # already last: clamped, nothing to do
    assert doc.undo_stack.count() == depth


def test_add_and_remove_a_template_of_the_files_own(doc: Document) -> None:
    announced: list[bool] = []
    doc.sheet_templates_changed.connect(lambda: announced.append(True))
    template_id = round_trip(doc, lambda: doc.add_sheet_template(RETRO))
    assert isinstance(template_id, str) and template_id
    stored = on_disk(doc).sheet_templates
    assert [(t.id, t.title) for t in stored] == [(template_id, "Team retro A3")]
    assert len(announced) == 5  # do, then undo and redo twice
    round_trip(doc, lambda: doc.remove_sheet_template(template_id))
    assert on_disk(doc).sheet_templates == ()


def test_a_sheet_from_a_users_template(doc: Document) -> None:
    template_id = doc.add_sheet_template(RETRO)
    assert template_id is not None
    sheet_id = round_trip(doc, lambda: doc.add_sheet(template_id, "Sprint 14"))
    round_trip(doc, lambda: doc.set_sheet_text(str(sheet_id), "change", "Pair on reviews"))
    messages: list[str] = []
    doc.error_raised.connect(messages.append)
    doc.remove_sheet_template(template_id)  # a sheet uses it: refused
    assert messages == ["The template “Team retro A3” cannot be removed: one sheet uses it."]
    assert [t.id for t in on_disk(doc).sheet_templates] == [template_id]


def test_a_template_of_a_builtins_id_is_refused(doc: Document) -> None:
    messages: list[str] = []
    doc.error_raised.connect(messages.append)
    depth = doc.undo_stack.count()
    bad = SheetTemplateData("experiment", "My experiment", "", RETRO.sections)
    assert doc.add_sheet_template(bad) is None
    assert doc.undo_stack.count() == depth and "built-in" in messages[0]
