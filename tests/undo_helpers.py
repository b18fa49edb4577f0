"""The undo round trip every command test uses: do, undo, redo, twice, checking the document
in memory and the file on disk (through a second, read-only connection) each time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.document import Document


def blank_document(folder: Path, title: str) -> Document:
    """A document over a new, empty strategy file in `folder` (close it when done)."""
    path = folder / f"{title.lower()}.okrdesk"
    StrategyFile.create(path, title).close()
    return Document(StrategyFile.open(path))


def on_disk(doc: Document) -> Snapshot:
    """The strategy as a second, read-only connection to the file sees it now."""
    reader = StrategyFile.open(doc.file.path, read_only=True)
    try:
        return Strategy(reader).snapshot()
    finally:
        reader.close()


def undo_redo(doc: Document, action: Callable[[], object]) -> tuple[Snapshot, Snapshot, object]:
    """Do `action` (exactly one undo step), then undo and redo it twice; returns the states
    before and after, and what the action returned."""
    stack = doc.undo_stack
    before = doc.snapshot()
    assert on_disk(doc) == before
    count = stack.count()

    result = action()

    assert stack.count() == count + 1, "the action must push exactly one undo step"
    after = doc.snapshot()
    assert after != before, "the action changed nothing"
    assert on_disk(doc) == after
    for _cycle in range(2):  # the second cycle works off what the first one remembered
        stack.undo()
        assert doc.snapshot() == before, "undo did not restore the document exactly"
        assert on_disk(doc) == before, "undo did not restore the file exactly"
        stack.redo()
        assert doc.snapshot() == after, "redo did not reproduce the edit exactly"
        assert on_disk(doc) == after, "redo did not reproduce the edit on disk exactly"
    assert stack.count() == count + 1
    return before, after, result


def round_trip(doc: Document, action: Callable[[], object]) -> object:
    """`undo_redo`, returning what the action returned (a new id, for example)."""
    return undo_redo(doc, action)[2]
