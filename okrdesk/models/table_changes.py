"""A spreadsheet's changes to a strategy: what they are, and applying them all or nothing.

A ChangePlan (built by table_plan.build_plan) holds one Change per difference, each a line a
user reads in the preview, and the Steps that make them: each step calls one of Strategy's
own operations (rename_element, set_correlation, update_key_result …) and returns how to take
it back. `apply_plan` runs every step in ONE transaction: a step the model refuses rolls the
whole import back and is reported at its cell, so the file never holds half an import.
`undo_applied` takes everything back, again in one transaction, and `apply_plan` again
redoes it with the same new ids: this is what the GUI's single undo command calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum

from sqlalchemy.orm import Session

from okrdesk.models.errors import ImportProblem, InvalidOperation, ReadOnlyError
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

Undo = Callable[[Strategy], object]


class Phase(IntEnum):
    """When a step runs: what others refer to first, removals late, order last."""

    ADD_ELEMENTS = 0
    UPDATE_ELEMENTS = 1
    ADD_OBJECTIVES = 2
    NARROW_ALIGNMENTS = 3  # objectives keep only the parents they keep (no circle midway)
    ADD_KEY_RESULTS = 4
    UPDATE_OKRS = 5
    SET_ALIGNMENTS = 6
    RELATIONSHIPS = 7
    CORRELATIONS = 8
    CHECK_INS = 9
    REMOVE_CHECK_INS = 10
    REMOVE_KEY_RESULTS = 11
    REMOVE_OBJECTIVES = 12
    REMOVE_RELATIONSHIPS = 13
    REMOVE_ELEMENTS = 14
    MOVES = 15


@dataclass(frozen=True)
class Change:
    """One difference between the spreadsheet and the strategy, as the preview lists it."""

    table: str
    where: str  # "Objectives!C7", or the table's name for a row that is gone
    text: str
    removal: bool = False  # a row missing from the sheet: applied only when pruning

    def line(self, prune: bool) -> str:
        held = "" if prune or not self.removal else " — not removed (use --prune)"
        return f"{self.where}: {self.text}{held}"


@dataclass(frozen=True)
class Step:
    phase: Phase
    where: str
    run: Callable[[Strategy], Undo]  # does one operation, returns how to take it back


@dataclass
class ChangePlan:
    prune: bool
    changes: list[Change] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)  # the fresh ids of the new rows

    @property
    def removals(self) -> list[Change]:
        return [c for c in self.changes if c.removal]

    @property
    def empty(self) -> bool:
        """Nothing would be written (rows missing from the sheet count only when pruning)."""
        return not self.steps

    def lines(self) -> list[str]:
        return [c.line(self.prune) for c in self.changes]

    def ordered_steps(self) -> list[Step]:
        return sorted(self.steps, key=lambda s: s.phase)  # stable: sheet order within a phase


@dataclass(frozen=True)
class AppliedChanges:
    """What apply_plan did, to take back with undo_applied."""

    undos: tuple[Undo, ...]


class _OneTransaction(Strategy):
    """Strategy's operations, all inside one open session: each operation's own `_write`
    joins it instead of committing, so the caller commits or rolls back everything."""

    def __init__(self, file: StrategyFile, session: Session) -> None:
        super().__init__(file)
        self._session = session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        # Each operation starts from what the file holds now inside the transaction (the
        # bulk UPDATEs of positions bypass objects a previous operation loaded).
        self._session.flush()
        self._session.expire_all()
        yield self._session
        self._session.flush()


@contextmanager
def one_transaction(strategy: Strategy) -> Iterator[Strategy]:
    """A Strategy whose operations all commit together when the block ends without an
    exception, and roll back together when it raises."""
    with strategy._write() as session:
        yield _OneTransaction(strategy.file, session)


class _TrialDone(Exception):
    """Raised to roll a trial run back."""


def apply_plan(strategy: Strategy, plan: ChangePlan) -> AppliedChanges:
    """Make every change of the plan in one transaction. A refused step raises ImportProblem
    naming its cell, and nothing is written. ReadOnlyError when the file is read-only."""
    undos: list[Undo] = []
    with one_transaction(strategy) as batch:
        for step in plan.ordered_steps():
            try:
                undos.append(step.run(batch))
            except InvalidOperation as refused:
                raise ImportProblem([(step.where, str(refused))]) from None
    return AppliedChanges(tuple(undos))


def undo_applied(strategy: Strategy, applied: AppliedChanges) -> None:
    """Take back everything apply_plan did, in one transaction."""
    with one_transaction(strategy) as batch:
        for undo in reversed(applied.undos):
            undo(batch)


def check_plan(strategy: Strategy, plan: ChangePlan) -> None:
    """Run the plan and roll it back: raises ImportProblem where the model would refuse a
    step, so a preview never promises what applying cannot do. A read-only file cannot be
    tried; it is left to apply_plan to refuse."""
    if strategy.read_only:
        return
    try:
        with one_transaction(strategy) as batch:
            for step in plan.ordered_steps():
                try:
                    step.run(batch)
                except InvalidOperation as refused:
                    raise ImportProblem([(step.where, str(refused))]) from None
            raise _TrialDone
    except (_TrialDone, ReadOnlyError):
        pass
