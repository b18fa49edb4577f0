"""Undo commands through the document facade: every command survives redo → undo → redo.

Each test edits a real temporary strategy file through `Document`, then checks three things
after every step: the document's own snapshot, the file as a second, read-only connection
sees it (so the change is committed to disk, not just cached), and the undo stack's size.
Refused edits push nothing, say why on `error_raised`, and leave the file as it was.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from okrdesk.models.kinds import ElementKind, PartyKind, Role, Strength
from okrdesk.models.snapshot import OwnershipData, Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.document import Document
from tests.undo_helpers import on_disk, undo_redo

K = ElementKind

# -- fixtures and helpers ------------------------------------------------------------------------


def fill(strategy: Strategy) -> dict[str, str]:
    """A small but complete strategy: every section, all four corners, people and owners.

    Returns the ids by short name; sections are in the order listed (positions 0, 1, 2...).
    """
    st = strategy
    ids: dict[str, str] = {}
    for name, kind, title in [
        ("tn", K.TRUE_NORTH, "Instantaneous delivery"),
        ("a1", K.ASPIRATION, "More releases"),
        ("a2", K.ASPIRATION, "Fewer defects"),
        ("a3", K.ASPIRATION, "Less waste"),
        ("s1", K.STRATEGY, "Small batches"),
        ("s2", K.STRATEGY, "Automate the pipeline"),
        ("s3", K.STRATEGY, "Build quality in"),
        ("e1", K.EVIDENCE, "Lead time under a day"),
        ("e2", K.EVIDENCE, "Escaped defects halve"),
        ("t1", K.TACTIC, "Trunk-based development"),
        ("t2", K.TACTIC, "Feature flags"),
        ("t3", K.TACTIC, "Pair programming"),
    ]:
        ids[name] = st.add_element(kind, title, f"notes of {name}").id
    for a, b, strength in [
        ("s1", "a1", Strength.STRONG),
        ("s2", "a1", Strength.MEDIUM),
        ("s3", "a2", Strength.STRONG),
        ("e1", "a1", Strength.STRONG),
        ("e2", "a2", Strength.WEAK),
        ("t1", "s1", Strength.STRONG),
        ("t2", "s1", Strength.MEDIUM),
        ("t2", "s2", Strength.WEAK),
        ("t3", "s3", Strength.STRONG),
        ("t1", "e1", Strength.STRONG),
        ("t3", "e2", Strength.MEDIUM),
    ]:
        st.set_correlation(ids[a], ids[b], strength)
    ids["p1"] = st.add_party("Ada", PartyKind.PERSON).id
    ids["p2"] = st.add_party("Platform team", PartyKind.TEAM).id
    ids["p3"] = st.add_party("Grace", PartyKind.PERSON).id
    st.set_ownership(ids["p1"], ids["s1"], Role.LEAD)
    st.set_ownership(ids["p1"], ids["t1"], Role.SUPPORT)
    st.set_ownership(ids["p2"], ids["t1"], Role.LEAD)
    st.set_ownership(ids["p3"], ids["s2"], Role.CONSULTED)
    st.set_title("Acme 2027")
    return ids


@pytest.fixture
def ids(strategy: Strategy) -> dict[str, str]:
    return fill(strategy)


@pytest.fixture
def doc(qapp: Any, strategy_file: StrategyFile, ids: dict[str, str]) -> Iterator[Document]:
    """A document over the filled strategy file (the file fixture closes it afterwards)."""
    document = Document(strategy_file)
    yield document
    document.undo_stack.clear()


def round_trip(doc: Document, action: Callable[[], object]) -> tuple[Snapshot, Snapshot]:
    """Do `action` (one command), then undo and redo it: the states before and after."""
    before, after, _result = undo_redo(doc, action)
    return before, after


def section(snap: Snapshot, kind: ElementKind) -> list[str]:
    """Titles of one section in order."""
    return [e.title for e in snap.of_kind(kind)]


def positions(snap: Snapshot, kind: ElementKind) -> list[int]:
    return [e.position for e in snap.of_kind(kind)]


class Recorder:
    """Every signal the document emits, in order, as (name, args)."""

    NAMES = (
        "elements_changed",
        "links_changed",
        "people_changed",
        "title_changed",
        "settings_changed",
        "changed",
        "error_raised",
    )

    def __init__(self, doc: Document) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        for name in self.NAMES:
            getattr(doc, name).connect(self._catcher(name))

    def _catcher(self, name: str) -> Callable[..., None]:
        def catch(*args: Any) -> None:
            self.events.append((name, args))

        return catch

    def args(self, name: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.events if n == name]

    def names(self) -> list[str]:
        return [n for n, _ in self.events]

    def clear(self) -> None:
        self.events.clear()


# -- AddElement ----------------------------------------------------------------------------------


def test_add_element_at_the_end_round_trips(doc: Document) -> None:
    new: list[str | None] = []
    before, after = round_trip(doc, lambda: new.append(doc.add_element(K.TACTIC, "Mob reviews")))

    new_id = new[0]
    assert new_id is not None
    element = after.element(new_id)
    assert element is not None
    assert (element.kind, element.title, element.position) == (K.TACTIC, "Mob reviews", 3)
    assert section(after, K.TACTIC) == [*section(before, K.TACTIC), "Mob reviews"]
    assert before.element(new_id) is None


def test_add_element_at_a_position_shifts_the_later_items_and_round_trips(doc: Document) -> None:
    new: list[str | None] = []
    before, after = round_trip(doc, lambda: new.append(doc.add_element(K.ASPIRATION, "Happier", 1)))

    assert section(after, K.ASPIRATION) == [
        "More releases",
        "Happier",
        "Fewer defects",
        "Less waste",
    ]
    assert positions(after, K.ASPIRATION) == [0, 1, 2, 3]
    assert section(before, K.ASPIRATION) == ["More releases", "Fewer defects", "Less waste"]
    # The id survives undo/redo: whatever refers to it (selection, later commands) stays valid.
    assert new[0] is not None and after.element(new[0]) is not None


def test_add_true_north_to_an_empty_strategy_round_trips(
    qapp: Any, strategy_file: StrategyFile
) -> None:
    doc = Document(strategy_file)
    _, after = round_trip(doc, lambda: doc.add_element(K.TRUE_NORTH, "Delight"))
    true_north = after.true_north()
    assert true_north is not None and true_north.title == "Delight"


# -- RenameElement, SetNotes ---------------------------------------------------------------------


def test_rename_round_trips(doc: Document, ids: dict[str, str]) -> None:
    before, after = round_trip(doc, lambda: doc.rename(ids["s2"], "Automate everything"))

    renamed, original = after.element(ids["s2"]), before.element(ids["s2"])
    assert renamed is not None and original is not None
    assert (original.title, renamed.title) == ("Automate the pipeline", "Automate everything")
    assert renamed.notes == original.notes and renamed.position == original.position


def test_set_notes_round_trips(doc: Document, ids: dict[str, str]) -> None:
    before, after = round_trip(doc, lambda: doc.set_notes(ids["e1"], "Measured weekly.\nBy CI."))

    changed, original = after.element(ids["e1"]), before.element(ids["e1"])
    assert changed is not None and original is not None
    assert (original.notes, changed.notes) == ("notes of e1", "Measured weekly.\nBy CI.")


def test_notes_typed_in_one_go_merge_into_one_undo_step(doc: Document, ids: dict[str, str]) -> None:
    stack = doc.undo_stack
    count = stack.count()

    for text in ("D", "Dr", "Dra", "Draft"):
        doc.set_notes(ids["a1"], text)

    assert stack.count() == count + 1
    element = on_disk(doc).element(ids["a1"])
    assert element is not None and element.notes == "Draft"

    stack.undo()
    element = on_disk(doc).element(ids["a1"])
    assert element is not None and element.notes == "notes of a1"

    stack.redo()
    element = on_disk(doc).element(ids["a1"])
    assert element is not None and element.notes == "Draft"


def test_notes_of_two_elements_are_two_undo_steps(doc: Document, ids: dict[str, str]) -> None:
    stack = doc.undo_stack
    count = stack.count()

    doc.set_notes(ids["a1"], "first")
    doc.set_notes(ids["a2"], "second")

    assert stack.count() == count + 2
    stack.undo()
    snap = on_disk(doc)
    a1, a2 = snap.element(ids["a1"]), snap.element(ids["a2"])
    assert a1 is not None and a2 is not None
    assert (a1.notes, a2.notes) == ("first", "notes of a2")

    stack.undo()
    snap = on_disk(doc)
    a1 = snap.element(ids["a1"])
    assert a1 is not None and a1.notes == "notes of a1"


def test_notes_do_not_merge_across_another_command(doc: Document, ids: dict[str, str]) -> None:
    stack = doc.undo_stack
    count = stack.count()

    doc.set_notes(ids["a1"], "one")
    doc.rename(ids["a1"], "Many more releases")
    doc.set_notes(ids["a1"], "two")

    assert stack.count() == count + 3
    stack.undo()
    a1 = on_disk(doc).element(ids["a1"])
    assert a1 is not None and (a1.title, a1.notes) == ("Many more releases", "one")


# -- MoveElement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "position", "order"),
    [
        ("t1", 2, ["Feature flags", "Pair programming", "Trunk-based development"]),
        ("t3", 0, ["Pair programming", "Trunk-based development", "Feature flags"]),
        ("t2", 0, ["Feature flags", "Trunk-based development", "Pair programming"]),
    ],
    ids=["first to last", "last to first", "one up"],
)
def test_move_round_trips(
    doc: Document, ids: dict[str, str], name: str, position: int, order: list[str]
) -> None:
    before, after = round_trip(doc, lambda: doc.move(ids[name], position))

    assert section(after, K.TACTIC) == order
    assert positions(after, K.TACTIC) == [0, 1, 2]
    assert section(before, K.TACTIC) == [
        "Trunk-based development",
        "Feature flags",
        "Pair programming",
    ]
    # Moving never touches correlations, ownerships or other sections.
    assert (after.links, after.ownerships) == (before.links, before.ownerships)
    assert section(after, K.STRATEGY) == section(before, K.STRATEGY)


# -- DeleteElements ------------------------------------------------------------------------------


def test_delete_several_elements_with_links_and_owners_round_trips(
    doc: Document, ids: dict[str, str]
) -> None:
    gone = [ids["s1"], ids["t1"], ids["a2"]]
    before, after = round_trip(doc, lambda: doc.delete(gone))

    for element_id in gone:
        assert after.element(element_id) is None
    # Their correlations and ownerships went with them...
    assert not [k for k in after.links if {k.source, k.target} & set(gone)]
    assert not [o for o in after.ownerships if o.element in gone]
    assert [k for k in before.links if {k.source, k.target} & set(gone)]
    assert OwnershipData(ids["p2"], ids["t1"], Role.LEAD) in before.ownerships
    # ...the sections closed their gaps...
    assert section(after, K.STRATEGY) == ["Automate the pipeline", "Build quality in"]
    assert positions(after, K.STRATEGY) == [0, 1]
    assert section(after, K.ASPIRATION) == ["More releases", "Less waste"]
    # ...and what was not deleted is untouched (round_trip proved undo restores all exactly).
    assert OwnershipData(ids["p3"], ids["s2"], Role.CONSULTED) in after.ownerships
    assert after.strength_between(ids["t3"], ids["s3"]) == Strength.STRONG


def test_delete_non_adjacent_items_of_one_section_restores_exact_positions(
    doc: Document, ids: dict[str, str]
) -> None:
    before, after = round_trip(doc, lambda: doc.delete([ids["a3"], ids["a1"]]))

    assert section(after, K.ASPIRATION) == ["Fewer defects"]
    assert positions(after, K.ASPIRATION) == [0]
    assert section(before, K.ASPIRATION) == ["More releases", "Fewer defects", "Less waste"]
    assert positions(before, K.ASPIRATION) == [0, 1, 2]


def test_delete_a_whole_section_round_trips(doc: Document, ids: dict[str, str]) -> None:
    _, after = round_trip(doc, lambda: doc.delete([ids["t1"], ids["t2"], ids["t3"]]))
    assert section(after, K.TACTIC) == []


# -- SetCorrelation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "old", "new"),
    [
        ("t2", "e1", None, Strength.WEAK),  # set where there was none (tactic–evidence)
        ("e2", "a3", None, Strength.STRONG),  # set, evidence–aspiration
        ("a3", "s3", None, Strength.MEDIUM),  # set, given from the aspiration's side
        ("s2", "a1", Strength.MEDIUM, Strength.STRONG),  # change
        ("t2", "s1", Strength.MEDIUM, Strength.WEAK),  # change, tactic–strategy
        ("t1", "e1", Strength.STRONG, None),  # clear
        ("a1", "s1", Strength.STRONG, None),  # clear, given from the other side
    ],
    ids=[
        "set tactic-evidence",
        "set evidence-aspiration",
        "set aspiration-strategy",
        "change strategy-aspiration",
        "change tactic-strategy",
        "clear tactic-evidence",
        "clear aspiration-strategy",
    ],
)
def test_set_correlation_round_trips(
    doc: Document, ids: dict[str, str], a: str, b: str, old: Strength | None, new: Strength | None
) -> None:
    before, after = round_trip(doc, lambda: doc.set_correlation(ids[a], ids[b], new))

    assert before.strength_between(ids[a], ids[b]) == old
    assert after.strength_between(ids[a], ids[b]) == new
    # Only that one pair changed.
    others = [k for k in after.links if {k.source, k.target} != {ids[a], ids[b]}]
    assert others == [k for k in before.links if {k.source, k.target} != {ids[a], ids[b]}]


def test_correlation_keeps_its_id_through_undo_and_redo(doc: Document, ids: dict[str, str]) -> None:
    """Stable ids are what makes export → import → export byte-identical; undo must keep them."""
    doc.set_correlation(ids["t3"], ids["e1"], Strength.WEAK)
    created = [k.id for k in on_disk(doc).links if {k.source, k.target} == {ids["t3"], ids["e1"]}]
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    again = [k.id for k in on_disk(doc).links if {k.source, k.target} == {ids["t3"], ids["e1"]}]
    assert again == created


# -- SetTitle ------------------------------------------------------------------------------------


def test_set_title_round_trips_and_announces_each_title(doc: Document) -> None:
    recorder = Recorder(doc)
    before, after = round_trip(doc, lambda: doc.set_title("Acme 2028"))

    assert (before.title, after.title) == ("Acme 2027", "Acme 2028")
    # do, undo, redo, undo, redo
    assert recorder.args("title_changed") == [
        ("Acme 2028",),
        ("Acme 2027",),
        ("Acme 2028",),
        ("Acme 2027",),
        ("Acme 2028",),
    ]


# -- people: AddParty, RenameParty, DeleteParty, SetOwnership ------------------------------------


@pytest.mark.parametrize("kind", [PartyKind.PERSON, PartyKind.TEAM])
def test_add_party_round_trips(doc: Document, kind: PartyKind) -> None:
    new: list[str | None] = []
    before, after = round_trip(doc, lambda: new.append(doc.add_party("Linus", kind)))

    assert new[0] is not None
    added = [p for p in after.parties if p.id == new[0]]
    assert [(p.name, p.kind, p.position) for p in added] == [("Linus", str(kind), 3)]
    assert after.parties[:3] == before.parties


def test_rename_party_round_trips(doc: Document, ids: dict[str, str]) -> None:
    before, after = round_trip(doc, lambda: doc.rename_party(ids["p2"], "Delivery team"))

    assert [p.name for p in before.parties] == ["Ada", "Platform team", "Grace"]
    assert [p.name for p in after.parties] == ["Ada", "Delivery team", "Grace"]


@pytest.mark.parametrize("name", ["p1", "p2", "p3"])
def test_delete_party_with_ownerships_round_trips(
    doc: Document, ids: dict[str, str], name: str
) -> None:
    before, after = round_trip(doc, lambda: doc.delete_party(ids[name]))

    assert ids[name] not in [p.id for p in after.parties]
    assert [p.position for p in after.parties] == [0, 1]
    assert not [o for o in after.ownerships if o.party == ids[name]]
    assert [o for o in before.ownerships if o.party == ids[name]]  # it had some to restore


@pytest.mark.parametrize(
    ("party", "element", "old", "new"),
    [
        ("p3", "t3", None, Role.LEAD),  # set
        ("p1", "t1", Role.SUPPORT, Role.CONSULTED),  # change
        ("p1", "s1", Role.LEAD, None),  # clear
    ],
    ids=["set", "change", "clear"],
)
def test_set_ownership_round_trips(
    doc: Document,
    ids: dict[str, str],
    party: str,
    element: str,
    old: Role | None,
    new: Role | None,
) -> None:
    def role(snap: Snapshot) -> Role | None:
        pair = (ids[party], ids[element])
        found = [o.role for o in snap.ownerships if (o.party, o.element) == pair]
        return found[0] if found else None

    before, after = round_trip(doc, lambda: doc.set_ownership(ids[party], ids[element], new))

    assert (role(before), role(after)) == (old, new)


# -- signals -------------------------------------------------------------------------------------


def test_rename_announces_the_element_after_the_file_has_it(
    doc: Document, ids: dict[str, str]
) -> None:
    seen_on_disk: list[str] = []

    def on_elements_changed(changed: list[str]) -> None:  # past tense: the file already has it
        element = on_disk(doc).element(ids["a2"])
        assert element is not None
        seen_on_disk.append(element.title)

    doc.elements_changed.connect(on_elements_changed)
    recorder = Recorder(doc)

    doc.rename(ids["a2"], "Zero escapes")

    assert recorder.args("elements_changed") == [([ids["a2"]],)]
    assert recorder.args("links_changed") == []
    assert recorder.names()[-1] == "changed"
    assert seen_on_disk == ["Zero escapes"]

    recorder.clear()
    doc.undo_stack.undo()
    assert recorder.args("elements_changed") == [([ids["a2"]],)]
    assert seen_on_disk == ["Zero escapes", "Fewer defects"]


def test_set_correlation_announces_both_ends(
    qtbot: Any, doc: Document, ids: dict[str, str]
) -> None:
    with qtbot.waitSignal(doc.links_changed, timeout=1000) as blocker:
        doc.set_correlation(ids["t3"], ids["e1"], Strength.MEDIUM)
    assert sorted(blocker.args[0]) == sorted([ids["t3"], ids["e1"]])

    with qtbot.waitSignal(doc.links_changed, timeout=1000) as blocker:
        doc.undo_stack.undo()
    assert sorted(blocker.args[0]) == sorted([ids["t3"], ids["e1"]])


def test_delete_announces_the_deleted_elements_and_their_partners(
    doc: Document, ids: dict[str, str]
) -> None:
    recorder = Recorder(doc)
    doc.delete([ids["t1"]])

    assert recorder.args("elements_changed") == [([ids["t1"]],)]
    (linked,) = recorder.args("links_changed")
    assert set(linked[0]) == {ids["t1"], ids["s1"], ids["e1"]}


@pytest.mark.parametrize(
    "edit",
    [
        lambda doc, ids: doc.add_party("Linus"),
        lambda doc, ids: doc.rename_party(ids["p1"], "Ada L."),
        lambda doc, ids: doc.delete_party(ids["p1"]),
        lambda doc, ids: doc.set_ownership(ids["p3"], ids["a1"], Role.LEAD),
    ],
    ids=["add party", "rename party", "delete party", "set ownership"],
)
def test_people_edits_announce_people_changed(
    doc: Document, ids: dict[str, str], edit: Callable[[Document, dict[str, str]], object]
) -> None:
    recorder = Recorder(doc)
    edit(doc, ids)
    assert recorder.names() == ["people_changed", "changed"]
    recorder.clear()
    doc.undo_stack.undo()
    assert recorder.names() == ["people_changed", "changed"]


# -- refused edits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """What a refused edit must leave exactly as it was."""

    snapshot: Snapshot
    count: int
    files: dict[str, bytes]


def file_bytes(doc: Document) -> dict[str, bytes]:
    """The strategy file's bytes and its write-ahead log's, where there is one."""
    path = doc.file.path
    wal = path.with_name(f"{path.name}-wal")
    return {p.name: p.read_bytes() for p in (path, wal) if p.exists()}


def baseline(doc: Document) -> Baseline:
    return Baseline(doc.snapshot(), doc.undo_stack.count(), file_bytes(doc))


def assert_refused(doc: Document, recorder: Recorder, base: Baseline) -> str:
    """Nothing pushed, nothing changed on disk, one readable message; returns the message."""
    assert doc.undo_stack.count() == base.count
    assert file_bytes(doc) == base.files
    assert on_disk(doc) == base.snapshot
    assert doc.snapshot() == base.snapshot
    errors = recorder.args("error_raised")
    assert len(errors) == 1, recorder.events
    message = errors[0][0]
    assert isinstance(message, str) and message.strip()
    assert "Traceback" not in message
    assert not [n for n in recorder.names() if n.endswith("_changed") or n == "changed"]
    return str(message)


def test_a_second_true_north_is_refused(doc: Document) -> None:
    base = baseline(doc)
    recorder = Recorder(doc)

    assert doc.add_element(K.TRUE_NORTH, "Another direction") is None

    assert "True North" in assert_refused(doc, recorder, base)


@pytest.mark.parametrize(
    ("a", "b"),
    [("t1", "a1"), ("a1", "t1"), ("s1", "e1"), ("a1", "a2"), ("tn", "a1"), ("t1", "t2")],
    ids=[
        "tactic-aspiration",
        "aspiration-tactic",
        "strategy-evidence",
        "same arm",
        "true north",
        "tactic-tactic",
    ],
)
def test_a_correlation_outside_the_four_corners_is_refused(
    doc: Document, ids: dict[str, str], a: str, b: str
) -> None:
    base = baseline(doc)
    recorder = Recorder(doc)

    doc.set_correlation(ids[a], ids[b], Strength.STRONG)

    message = assert_refused(doc, recorder, base)
    title_a, title_b = base.snapshot.element(ids[a]), base.snapshot.element(ids[b])
    assert title_a is not None and title_b is not None
    assert title_a.title in message and title_b.title in message


READ_ONLY_EDITS: dict[str, Callable[[Document, dict[str, str]], object]] = {
    "add element": lambda doc, ids: doc.add_element(K.TACTIC, "new"),
    "rename": lambda doc, ids: doc.rename(ids["a1"], "renamed"),
    "set notes": lambda doc, ids: doc.set_notes(ids["a1"], "new notes"),
    "move": lambda doc, ids: doc.move(ids["a1"], 2),
    "delete": lambda doc, ids: doc.delete([ids["a1"], ids["t1"]]),
    "set correlation": lambda doc, ids: doc.set_correlation(ids["t3"], ids["e1"], Strength.WEAK),
    "clear correlation": lambda doc, ids: doc.set_correlation(ids["s1"], ids["a1"], None),
    "set title": lambda doc, ids: doc.set_title("Other"),
    "add party": lambda doc, ids: doc.add_party("Linus"),
    "rename party": lambda doc, ids: doc.rename_party(ids["p1"], "Ada L."),
    "delete party": lambda doc, ids: doc.delete_party(ids["p1"]),
    "set ownership": lambda doc, ids: doc.set_ownership(ids["p3"], ids["a1"], Role.LEAD),
}


@pytest.fixture
def read_only_doc(
    qapp: Any, strategy_file: StrategyFile, ids: dict[str, str], strategy_path: Path
) -> Iterator[Document]:
    strategy_file.close()  # the fixture closes it again afterwards, harmlessly
    document = Document(StrategyFile.open(strategy_path, read_only=True))
    yield document
    document.close()


@pytest.mark.parametrize("edit", READ_ONLY_EDITS.values(), ids=READ_ONLY_EDITS.keys())
def test_every_edit_on_a_read_only_document_is_refused(
    read_only_doc: Document,
    ids: dict[str, str],
    edit: Callable[[Document, dict[str, str]], object],
) -> None:
    doc = read_only_doc
    assert doc.read_only
    base = baseline(doc)
    recorder = Recorder(doc)

    edit(doc, ids)

    assert "read-only" in assert_refused(doc, recorder, base)


def test_add_element_on_a_read_only_document_returns_no_id(read_only_doc: Document) -> None:
    assert read_only_doc.add_element(K.EVIDENCE, "x") is None
    assert read_only_doc.add_party("x") is None


MODEL_REFUSALS: dict[str, Callable[[Document, dict[str, str]], object]] = {
    "ownership for an unknown person": lambda doc, ids: doc.set_ownership(
        "no-such-person", ids["a1"], Role.LEAD
    ),
    "rename an unknown person": lambda doc, ids: doc.rename_party("no-such-person", "x"),
    "delete an unknown person": lambda doc, ids: doc.delete_party("no-such-person"),
}


@pytest.mark.parametrize("edit", MODEL_REFUSALS.values(), ids=MODEL_REFUSALS.keys())
def test_an_edit_the_model_refuses_pushes_nothing_and_says_why(
    doc: Document, ids: dict[str, str], edit: Callable[[Document, dict[str, str]], object]
) -> None:
    base = baseline(doc)
    recorder = Recorder(doc)

    edit(doc, ids)  # must not raise

    assert "no-such-person" in assert_refused(doc, recorder, base)


def test_editing_an_element_another_window_deleted_is_refused_cleanly(
    doc: Document, ids: dict[str, str], strategy_path: Path
) -> None:
    """Two windows on one file (the second is warned): one deletes, the other, still showing
    the element, renames it. The model refuses; the document must say so, not crash."""
    doc.snapshot()  # this window shows the element
    other_file = StrategyFile.open(strategy_path)
    other = Document(other_file)
    try:
        assert other_file.notices  # warned about the first window
        other.delete([ids["a3"]])
    finally:
        other.close()
    count = doc.undo_stack.count()
    recorder = Recorder(doc)

    doc.rename(ids["a3"], "Much less waste")  # must not raise

    assert doc.undo_stack.count() == count
    assert len(recorder.args("error_raised")) == 1
    assert on_disk(doc).element(ids["a3"]) is None


# -- a long editing session ------------------------------------------------------------------


def test_undo_and_redo_do_not_drain_reference_counts_of_none_true_false(
    doc: Document, ids: dict[str, str]
) -> None:
    """Every undo/redo goes through Qt's void methods and emits signals. A binding that hands
    back None, True or False without taking a reference (PySide6 6.12.0 on CPython 3.11 does,
    for every void method and every Signal.emit) drains their counts until the interpreter
    aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"): in a long session a crash,
    in a test run exit status 134 after all tests passed. On CPython >= 3.12 these objects
    are immortal and this is trivially true."""
    doc.rename(ids["a1"], "Many more releases")
    stack = doc.undo_stack
    rounds = 200
    singletons = {"None": None, "True": True, "False": False}
    before = {name: sys.getrefcount(obj) for name, obj in singletons.items()}
    for _ in range(rounds):
        stack.undo()
        stack.redo()
    drained = {name: before[name] - sys.getrefcount(obj) for name, obj in singletons.items()}
    assert all(lost < rounds for lost in drained.values()), (
        f"references lost in {rounds} undo/redo rounds: {drained}"
    )


def test_set_setting_round_trips(qtbot: object, strategy_path: Path) -> None:
    """View options (e.g. the X-Matrix's paper) are saved in the file and undoable."""
    StrategyFile.create(strategy_path, "Options").close()
    doc = Document(StrategyFile.open(strategy_path))
    try:
        doc.set_setting("xmatrix", {"paper": "A3"})
        doc.set_setting("xmatrix", {"paper": "A4"})
        assert Strategy(doc.file).setting("xmatrix") == {"paper": "A4"}
        doc.undo_stack.undo()
        assert Strategy(doc.file).setting("xmatrix") == {"paper": "A3"}
        doc.undo_stack.undo()
        assert Strategy(doc.file).setting("xmatrix") is None
        doc.undo_stack.redo()
        doc.undo_stack.redo()
        assert Strategy(doc.file).setting("xmatrix") == {"paper": "A4"}
    finally:
        doc.close()
