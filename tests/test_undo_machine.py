"""Undo is exact: random sequences of user commands through the document facade (the object
every view edits through), with undo and redo mixed in, starting from the sample strategy.
Undoing everything gives back the first state exactly, and redoing everything the last one
(compared as the full JSON export, the per-strategy settings and the complete snapshot).

After every step the document's cached snapshot must equal the file's, no command may raise
(a refusal is a message), and the undo stack never holds an edit that did not happen.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from PySide6.QtWidgets import QApplication

from okrdesk.assets import write_sample_copy
from okrdesk.models.interchange import export_json
from okrdesk.models.kinds import (
    CORRELATION_PAIRS,
    ElementKind,
    LinkKind,
    MapKind,
    PartyKind,
    Role,
    Strength,
)
from okrdesk.models.okr_data import CheckInData, Direction, Indicator, ObjectiveKind
from okrdesk.models.sheet_templates import builtin_template, builtin_templates
from okrdesk.models.snapshot import PlacementData, Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.views.document import Document

K = ElementKind
ODD = "Aé\u0301ש戦🚀\u200b<&>\"' \t\n"
text = st.text(
    st.one_of(st.sampled_from(ODD), st.characters(exclude_categories=["Cs"])), max_size=12
)
ADDABLE = [K.TRUE_NORTH, K.ASPIRATION, K.STRATEGY, K.EVIDENCE, K.TACTIC, K.OUTCOME, K.OBSTACLE]
State = tuple[str, str, Snapshot]


def file_state(doc: Document) -> State:
    """What the file holds, read afresh (never the document's cache)."""
    strategy = Strategy(doc.file)
    snapshot = strategy.snapshot()
    return export_json(snapshot), json.dumps(strategy._settings(), sort_keys=True), snapshot


class UndoMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        QApplication.instance() or QApplication([])
        self.folder = Path(tempfile.mkdtemp(prefix="okrdesk-undo-"))
        path = write_sample_copy(self.folder / "sample.okrdesk")
        self.doc = Document(StrategyFile.open(path))
        self.stack = self.doc.undo_stack
        self.initial = file_state(self.doc)
        self.messages: list[str] = []
        self.seen: tuple[int, int, int, Snapshot] | None = None
        self.doc.error_raised.connect(self.messages.append)
        self.raised: list[BaseException] = []
        self._hook = sys.excepthook
        sys.excepthook = self._record  # errors inside Qt's calls to redo()/undo() land here

    def _record(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        self.raised.append(error)

    # -- what there is to pick from --------------------------------------------------------

    def snap(self) -> Snapshot:
        return self.doc.snapshot()

    def pick(self, data: st.DataObject, items: list[Any] | tuple[Any, ...]) -> Any:
        return data.draw(st.sampled_from(list(items)))

    def ids(self, *kinds: ElementKind) -> list[str]:
        return [e.id for e in self.snap().elements if not kinds or e.kind in kinds]

    def has(self, *kinds: ElementKind) -> bool:
        return bool(self.ids(*kinds))

    # -- elements ----------------------------------------------------------------------------

    @rule(kind=st.sampled_from(ADDABLE), title=text, data=st.data())
    def add_element(self, kind: ElementKind, title: str, data: st.DataObject) -> None:
        position = data.draw(st.none() | st.integers(0, 8))
        self.doc.add_element(kind, title, position)

    @precondition(lambda self: self.has())
    @rule(title=text, data=st.data())
    def rename(self, title: str, data: st.DataObject) -> None:
        self.doc.rename(self.pick(data, self.ids()), title)

    @precondition(lambda self: self.has())
    @rule(notes=text, data=st.data())
    def set_notes(self, notes: str, data: st.DataObject) -> None:
        self.doc.set_notes(self.pick(data, self.ids()), notes)

    @precondition(lambda self: self.has())
    @rule(position=st.integers(0, 10), data=st.data())
    def move(self, position: int, data: st.DataObject) -> None:
        self.doc.move(self.pick(data, self.ids()), position)

    @precondition(lambda self: self.has())
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        ids = self.ids()
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        self.doc.delete(chosen)

    @precondition(lambda self: self.has(K.TACTIC, K.STRATEGY))
    @rule(data=st.data(), strength=st.none() | st.sampled_from(list(Strength)))
    def correlate(self, data: st.DataObject, strength: Strength | None) -> None:
        pair = self.pick(data, sorted(CORRELATION_PAIRS, key=sorted))
        a_kind, b_kind = sorted(pair)
        if self.has(a_kind) and self.has(b_kind):
            a, b = self.pick(data, self.ids(a_kind)), self.pick(data, self.ids(b_kind))
            self.doc.set_correlation(a, b, strength)

    # -- the strategy, people ------------------------------------------------------------------

    @rule(title=text)
    def set_title(self, title: str) -> None:
        self.doc.set_title(title)

    @rule(value=st.none() | st.integers(1, 9))
    def set_setting(self, value: int | None) -> None:
        self.doc.set_setting("soft_limit", value)

    @rule(name=text, kind=st.sampled_from(list(PartyKind)))
    def add_party(self, name: str, kind: PartyKind) -> None:
        self.doc.add_party(name, kind)

    @precondition(lambda self: bool(self.snap().parties))
    @rule(data=st.data(), name=text)
    def rename_or_delete_party(self, data: st.DataObject, name: str) -> None:
        party = self.pick(data, self.snap().parties)
        if data.draw(st.booleans()):
            self.doc.rename_party(party.id, name)
        else:
            self.doc.delete_party(party.id)

    @precondition(lambda self: bool(self.snap().parties) and self.has())
    @rule(data=st.data(), role=st.none() | st.sampled_from(list(Role)))
    def own(self, data: st.DataObject, role: Role | None) -> None:
        party = self.pick(data, self.snap().parties)
        self.doc.set_ownership(party.id, self.pick(data, self.ids()), role)

    # -- option maps ---------------------------------------------------------------------------

    @precondition(lambda self: self.has(K.OUTCOME, K.OBSTACLE))
    @rule(data=st.data(), title=text)
    def chain_outcome(self, data: st.DataObject, title: str) -> None:
        self.doc.chain_outcome(self.pick(data, self.ids(K.OUTCOME, K.OBSTACLE)), title)

    @precondition(lambda self: len(self.ids(K.OUTCOME)) > 1)
    @rule(
        data=st.data(), kind=st.sampled_from([LinkKind.NEEDS, LinkKind.ENABLES, LinkKind.CONFLICTS])
    )
    def relate(self, data: st.DataObject, kind: LinkKind) -> None:
        kinds = [kind.value, *(k.kind for k in self.snap().link_kinds)]
        a, b = data.draw(
            st.lists(st.sampled_from(self.ids(K.OUTCOME)), min_size=2, max_size=2, unique=True)
        )
        self.doc.add_relation(a, b, self.pick(data, kinds))

    @precondition(lambda self: any(k.kind != LinkKind.CORRELATION for k in self.snap().links))
    @rule(data=st.data())
    def change_relation(self, data: st.DataObject) -> None:
        link = self.pick(data, [k for k in self.snap().links if k.kind != LinkKind.CORRELATION])
        if data.draw(st.booleans()) or link.kind in (LinkKind.FLIPPED_FROM, LinkKind.FOLLOWS):
            self.doc.remove_relation(link)
        else:
            self.doc.set_relation_kind(link, self.pick(data, [LinkKind.NEEDS, LinkKind.ENABLES]))

    @rule(label=text.filter(str.strip), directed=st.booleans())
    def add_link_kind(self, label: str, directed: bool) -> None:
        self.doc.add_link_kind(label, "4 2", directed)

    @rule(kind=st.sampled_from(list(MapKind)), title=st.none() | text)
    def add_map(self, kind: MapKind, title: str | None) -> None:
        self.doc.add_map(kind, title)

    @precondition(lambda self: bool(self.snap().maps))
    @rule(data=st.data(), title=text)
    def rename_or_delete_map(self, data: st.DataObject, title: str) -> None:
        chosen = self.pick(data, self.snap().maps)
        if data.draw(st.booleans()):
            self.doc.rename_map(chosen.id, title)
        else:
            self.doc.delete_map(chosen.id)

    @precondition(lambda self: bool(self.snap().maps) and self.has(K.OUTCOME))
    @rule(data=st.data())
    def place(self, data: st.DataObject) -> None:
        chosen = self.pick(data, self.snap().maps)
        outcomes = data.draw(
            st.lists(st.sampled_from(self.ids(K.OUTCOME)), min_size=1, max_size=3, unique=True)
        )
        plan = chosen.kind == MapKind.PLAN_ON_A_PAGE
        placements = {
            o: None
            if data.draw(st.integers(0, 3)) == 0
            else PlacementData(
                chosen.id,
                o,
                data.draw(st.floats(0, 2000)),
                data.draw(st.floats(0, 2000)),
                data.draw(st.booleans()),
                data.draw(st.integers(0, 2)) if plan else None,
            )
            for o in outcomes
        }
        self.doc.set_placements(chosen.id, placements, "Place cards")

    @precondition(lambda self: bool(self.snap().maps))
    @rule(data=st.data(), label=text)
    def relabel_map(self, data: st.DataObject, label: str) -> None:
        chosen = self.pick(data, self.snap().maps)
        self.doc.set_map_settings(chosen.id, {**chosen.settings, "x_axis": label})

    # -- A3 sheets -----------------------------------------------------------------------------

    @rule(data=st.data(), title=text)
    def add_sheet(self, data: st.DataObject, title: str) -> None:
        template = self.pick(data, self.snap().sheet_templates or builtin_templates())
        linked = data.draw(st.none() | st.sampled_from(self.ids() or [None]))
        self.doc.add_sheet(template.id, title.replace("\n", " "), linked)

    @precondition(lambda self: bool(self.snap().sheets))
    @rule(data=st.data(), words=text)
    def edit_sheet(self, data: st.DataObject, words: str) -> None:
        sheet = self.pick(data, self.snap().sheets)
        template = self.snap().template(sheet.template_id)
        assert template is not None
        what = data.draw(st.sampled_from(["text", "text", "title", "date", "move", "delete"]))
        if what == "text":
            self.doc.set_sheet_text(sheet.id, self.pick(data, template.sections).key, words)
        elif what == "title":
            self.doc.update_sheet(sheet.id, title=words.replace("\n", " "), author=words[:5])
        elif what == "date":
            self.doc.update_sheet(sheet.id, date=data.draw(st.sampled_from(["", "2027-03-01"])))
        elif what == "move":
            self.doc.move_sheet(sheet.id, data.draw(st.integers(0, 5)))
        else:
            self.doc.delete_sheet(sheet.id)

    @rule(title=text.filter(str.strip))
    def add_template(self, title: str) -> None:
        toyota = builtin_template("toyota")
        assert toyota is not None
        self.doc.add_sheet_template(dataclasses.replace(toyota, id="", title=title, builtin=False))

    @precondition(lambda self: any(not t.builtin for t in self.snap().sheet_templates))
    @rule(data=st.data())
    def remove_template(self, data: st.DataObject) -> None:
        own = [t for t in self.snap().sheet_templates if not t.builtin]
        self.doc.remove_sheet_template(self.pick(data, own).id)

    # -- OKRs ----------------------------------------------------------------------------------

    def okr_ids(self) -> tuple[list[str], list[str]]:
        snap = self.snap()
        return [o.id for o in snap.objectives], [k.id for k in snap.key_results]

    @rule(title=text, kind=st.sampled_from(list(ObjectiveKind)))
    def add_objective(self, title: str, kind: ObjectiveKind) -> None:
        self.doc.add_objective(title, kind)

    @precondition(lambda self: bool(self.snap().objectives))
    @rule(data=st.data(), words=text)
    def edit_objective(self, data: st.DataObject, words: str) -> None:
        objective = self.pick(data, self.okr_ids()[0])
        parents = self.ids(K.STRATEGY, K.ASPIRATION) + self.okr_ids()[0]
        what = data.draw(st.sampled_from(["title", "period", "owner", "align", "move", "delete"]))
        if what == "title":
            self.doc.update_objective(objective, title=words, wig=data.draw(st.booleans()))
        elif what == "period":
            period = data.draw(st.sampled_from([("", ""), ("2027-01-01", "2027-03-31")]))
            self.doc.update_objective(objective, period_start=period[0], period_end=period[1])
        elif what == "owner":
            self.doc.update_objective(objective, owner=words)
        elif what == "align":
            chosen = data.draw(st.lists(st.sampled_from(parents), max_size=2, unique=True))
            self.doc.update_objective(objective, aligns_to=tuple(chosen))
        elif what == "move":
            self.doc.move_objective(objective, data.draw(st.integers(0, 4)))
        else:
            self.doc.delete_objective(objective)

    @precondition(lambda self: bool(self.snap().objectives))
    @rule(data=st.data(), title=text)
    def add_key_result(self, data: st.DataObject, title: str) -> None:
        self.doc.add_key_result(self.pick(data, self.okr_ids()[0]), title)

    @precondition(lambda self: bool(self.snap().key_results))
    @rule(data=st.data(), words=text, number=st.floats(-1e6, 1e6, allow_nan=False))
    def edit_key_result(self, data: st.DataObject, words: str, number: float) -> None:
        kr = self.pick(data, self.okr_ids()[1])
        what = data.draw(
            st.sampled_from(["title", "numbers", "kind", "measures", "move", "delete"])
        )
        if what == "title":
            self.doc.update_key_result(kr, title=words, unit=words[:8])
        elif what == "numbers":
            self.doc.update_key_result(kr, baseline=number, target=number + 10)
        elif what == "kind":
            self.doc.update_key_result(
                kr,
                direction=self.pick(data, list(Direction)),
                indicator=self.pick(data, list(Indicator)),
            )
        elif what == "measures":
            evidence = data.draw(st.lists(st.sampled_from(self.ids(K.EVIDENCE) or [""])))
            self.doc.update_key_result(kr, measures=tuple(e for e in evidence if e))
        elif what == "move":
            self.doc.move_key_result(kr, data.draw(st.integers(0, 4)))
        else:
            self.doc.delete_key_result(kr)

    @precondition(lambda self: bool(self.snap().key_results))
    @rule(data=st.data(), note=text)
    def check_in(self, data: st.DataObject, note: str) -> None:
        chosen = data.draw(
            st.lists(st.sampled_from(self.okr_ids()[1]), min_size=1, max_size=3, unique=True)
        )
        day = data.draw(st.sampled_from(["2027-01-04", "2027-01-11", "2027-01-18"]))
        if data.draw(st.integers(0, 4)) == 0:
            history = self.snap().check_ins_of(chosen[0])
            if history:
                self.doc.remove_check_in(chosen[0], self.pick(data, history).date)
            return
        value, confidence = data.draw(st.floats(-1e3, 1e3)), data.draw(st.integers(0, 10))
        self.doc.check_in([CheckInData(kr, day, value, confidence, note) for kr in chosen])

    # -- undo and redo in between ------------------------------------------------------------

    @precondition(lambda self: self.stack.canUndo())
    @rule(steps=st.integers(1, 4))
    def undo(self, steps: int) -> None:
        for _ in range(steps):
            self.stack.undo()

    @precondition(lambda self: self.stack.canRedo())
    @rule(steps=st.integers(1, 4))
    def redo(self, steps: int) -> None:
        for _ in range(steps):
            self.stack.redo()

    # -- always --------------------------------------------------------------------------------

    @invariant()
    def the_window_shows_what_the_file_holds(self) -> None:
        assert self.raised == []
        snapshot = Strategy(self.doc.file).snapshot()
        assert self.doc.snapshot() == snapshot
        now = (len(self.messages), self.stack.index(), self.stack.count(), snapshot)
        if self.seen is not None and now[0] > self.seen[0]:  # refused: nothing happened
            assert now[1:] == self.seen[1:], self.messages[-1]
        self.seen = now

    def teardown(self) -> None:
        try:
            assert self.raised == []
            where = self.stack.index()
            last = file_state(self.doc)
            self.stack.setIndex(self.stack.count())  # anything undone is redone first
            top = file_state(self.doc)

            self.stack.setIndex(0)  # undo everything
            assert file_state(self.doc) == self.initial
            self.stack.setIndex(where)
            assert file_state(self.doc) == last
            self.stack.setIndex(self.stack.count())  # redo everything
            assert file_state(self.doc) == top
            assert self.raised == []
        finally:
            sys.excepthook = self._hook
            self.doc.close()
            self.doc.deleteLater()
            shutil.rmtree(self.folder, ignore_errors=True)


UndoMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("OKRDESK_UNDO_EXAMPLES", "25")),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestUndoIsExact = UndoMachine.TestCase
