"""Domain operations on an open strategy: each call is one committed transaction.

Every mutating call returns what an undo needs (the old value, or a Removal record that
`restore` puts back exactly), so undo commands never reach past this API.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Select, delete, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation, ReadOnlyError, StrategyFileError
from okrdesk.models.kinds import (
    SINGULAR_TITLES,
    ElementKind,
    LinkKind,
    PartyKind,
    Role,
    Strength,
    may_correlate,
)
from okrdesk.models.map_rows import restore_definitions, restore_placements
from okrdesk.models.maps import MapOperations
from okrdesk.models.okr_rows import detach_elements, reattach
from okrdesk.models.okrs import OkrOperations
from okrdesk.models.schema import (
    Element,
    Link,
    Meta,
    Objective,
    Ownership,
    Party,
    Placement,
    Sheet,
)
from okrdesk.models.sheets import SheetOperations
from okrdesk.models.snapshot import (
    ElementData,
    LinkData,
    OwnershipData,
    PartyData,
    PlacementData,
    Removal,
    Snapshot,
)
from okrdesk.models.snapshot_sql import read_settings, read_snapshot
from okrdesk.models.storage import READ_OPTION, StrategyFile

__all__ = ["Removal", "Strategy", "correlation_direction", "new_id"]

# A correlation is stored once per pair, pointing from the arm filled in later in Karl
# Scotland's order to the earlier one (tactic -> strategy/evidence -> aspiration).
_ARM_RANK = {
    ElementKind.TACTIC: 3,
    ElementKind.STRATEGY: 2,
    ElementKind.EVIDENCE: 2,
    ElementKind.ASPIRATION: 1,
}


def _sqlite(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under an Engine connection: snapshot_sql's plain-SQL readers,
    shared with the headless commands, run on it."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def new_id() -> str:
    return str(uuid.uuid4())


def correlation_direction(a: ElementData, b: ElementData) -> tuple[str, str]:
    """(source, target) of the stored correlation between a and b."""
    return (a.id, b.id) if _ARM_RANK[a.kind] >= _ARM_RANK[b.kind] else (b.id, a.id)


def _element(row: Element) -> ElementData:
    return ElementData(
        row.id, ElementKind(row.kind), row.title, row.notes, row.position, row.status
    )


def _link(row: Link) -> LinkData:
    return LinkData(
        row.id,
        row.source_id,
        row.target_id,
        row.kind,
        Strength(row.strength) if row.strength else None,
    )


class Strategy(OkrOperations, SheetOperations, MapOperations):
    """The strategy in one open file, edited through domain operations (the relationship,
    link kind, map and placement operations come from MapOperations, in maps.py; A3 sheets
    and their templates from SheetOperations, in sheets.py; objectives, key results and
    check-ins from OkrOperations, in okrs.py)."""

    def __init__(self, file: StrategyFile) -> None:
        self.file = file
        # Reads never take SQLite's write lock (see storage.make_engine).
        self._reader = file.engine.execution_options(**{READ_OPTION: True})

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    # -- reading ---------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Everything in one read transaction, as plain rows: snapshot_sql's reader on the
        connection under the Engine (the headless commands run the same reader without it)."""
        with self._reader.connect() as conn, conn.begin():
            return read_snapshot(_sqlite(conn))

    def element(self, element_id: str) -> ElementData:
        with Session(self._reader) as s:
            return _element(self._get(s, element_id))

    def setting(self, key: str, default: Any = None) -> Any:
        return self._settings().get(key, default)

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        if self.read_only:
            raise ReadOnlyError("This strategy is open read-only; the change was not made.")
        try:
            with Session(self.file.engine) as s, s.begin():
                yield s
        except OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise ReadOnlyError(
                    "The file became read-only; the change was not saved."
                ) from None
            if "locked" in str(exc) or "busy" in str(exc):  # another program is writing it
                raise StrategyFileError(
                    "Another program is using this strategy file right now; the change was "
                    "not saved. Try again in a moment."
                ) from None
            raise

    @staticmethod
    def _get(s: Session, element_id: str) -> Element:
        row = s.get(Element, element_id)
        if row is None:
            raise InvalidOperation(f"No element with id {element_id!r}")
        return row

    def set_title(self, title: str) -> str:
        with self._write() as s:
            row = s.get(Meta, "title")
            old = row.value if row else ""
            s.merge(Meta(key="title", value=title))
            return old

    def set_setting(self, key: str, value: Any) -> Any:
        settings = self._settings()
        old = settings.get(key)
        if value is None:
            settings.pop(key, None)
        else:
            settings[key] = value
        with self._write() as s:
            s.merge(Meta(key="settings", value=json.dumps(settings, sort_keys=True)))
        return old

    def _settings(self) -> dict[str, Any]:
        with self._reader.connect() as conn:
            return read_settings(_sqlite(conn))

    def add_element(
        self,
        kind: ElementKind,
        title: str,
        notes: str = "",
        *,
        position: int | None = None,
        element_id: str | None = None,
        status: str = "",
    ) -> ElementData:
        """Insert at `position` in its section (the end when None), shifting later items down."""
        kind = ElementKind(kind)
        with self._write() as s:
            count = (
                s.scalar(select(func.count()).select_from(Element).where(Element.kind == kind)) or 0
            )
            if kind == ElementKind.TRUE_NORTH and count:
                raise InvalidOperation("A strategy has one True North; edit the existing one.")
            if element_id is not None and s.get(Objective, element_id) is not None:
                # Objectives align to elements and objectives by id: the two never share one.
                raise InvalidOperation(f"The id {element_id!r} is an objective's already.")
            pos = count if position is None else max(0, min(position, count))
            s.execute(
                update(Element)
                .where(Element.kind == kind, Element.position >= pos)
                .values(position=Element.position + 1)
            )
            row = Element(
                id=element_id or new_id(),
                kind=kind,
                title=title,
                notes=notes,
                position=pos,
                status=status,
            )
            s.add(row)
            s.flush()
            return _element(row)

    def rename_element(self, element_id: str, title: str) -> str:
        with self._write() as s:
            row = self._get(s, element_id)
            old, row.title = row.title, title
            return old

    def set_notes(self, element_id: str, notes: str) -> str:
        with self._write() as s:
            row = self._get(s, element_id)
            old, row.notes = row.notes, notes
            return old

    def move_element(self, element_id: str, position: int) -> int:
        """Move within its section to `position` (clamped); returns the old position."""
        with self._write() as s:
            row = self._get(s, element_id)
            ids = list(
                s.scalars(
                    select(Element.id).where(Element.kind == row.kind).order_by(Element.position)
                )
            )
            old = ids.index(element_id)
            ids.pop(old)
            ids.insert(max(0, min(position, len(ids))), element_id)
            self._renumber(s, row.kind, ids)
            return old

    @staticmethod
    def _renumber(s: Session, kind: str, ordered_ids: list[str]) -> None:
        """Make positions of one section dense (0..n-1) in the given order."""
        rows = s.execute(select(Element.id, Element.position).where(Element.kind == kind))
        current = {eid: pos for eid, pos in rows}
        for pos, eid in enumerate(ordered_ids):
            if current.get(eid) != pos:
                s.execute(update(Element).where(Element.id == eid).values(position=pos))

    def delete_elements(self, element_ids: Iterable[str]) -> Removal:
        """Delete elements with their links, ownerships and placements on maps; close the
        gaps they leave. A3 sheets linked to them stay, unlinked; objectives aligned to them
        and key results measuring them stay, without that alignment or measure."""
        ids = list(dict.fromkeys(element_ids))
        with self._write() as s:
            rows = [self._get(s, eid) for eid in ids]
            elements = tuple(_element(r) for r in rows)
            touching = (Link.source_id.in_(ids)) | (Link.target_id.in_(ids))
            links = tuple(
                _link(r) for r in s.scalars(select(Link).where(touching).order_by(Link.id))
            )
            owners = tuple(
                OwnershipData(o.party_id, o.element_id, Role(o.role))
                for o in s.scalars(select(Ownership).where(Ownership.element_id.in_(ids)))
            )
            placed = Placement.element_id.in_(ids)
            placements = tuple(
                PlacementData(*row)
                for row in s.execute(
                    select(
                        Placement.map_id, Placement.element_id, Placement.x, Placement.y,
                        Placement.pinned, Placement.horizon,
                    ).where(placed).order_by(Placement.map_id, Placement.element_id)
                ).all()
            )
            linked = Sheet.element_id.in_(ids)
            sheet_links = tuple(
                (sid, eid)
                for sid, eid in s.execute(
                    select(Sheet.id, Sheet.element_id).where(linked).order_by(Sheet.id)
                ).all()
                if eid is not None
            )
            s.execute(update(Sheet).where(linked).values(element_id=None))
            alignments, measures = detach_elements(s, ids)
            s.execute(delete(Link).where(touching))
            s.execute(delete(Ownership).where(Ownership.element_id.in_(ids)))
            s.execute(delete(Placement).where(placed))
            s.execute(delete(Element).where(Element.id.in_(ids)))
            for kind in {e.kind for e in elements}:
                remaining = list(
                    s.scalars(
                        select(Element.id).where(Element.kind == kind).order_by(Element.position)
                    )
                )
                self._renumber(s, kind, remaining)
            return Removal(
                elements, links, owners, placements=placements, sheet_links=sheet_links,
                objective_alignments=alignments, key_result_measures=measures,
            )

    def restore(self, removal: Removal) -> None:
        """Put back exactly what a delete took away (positions, links, ownerships, link
        kinds, maps, placements, the links of A3 sheets to elements, the alignments of
        objectives to elements and the Evidence key results measure)."""
        with self._write() as s:
            restore_definitions(s, removal)
            for p in sorted(removal.parties, key=lambda p: p.position):
                s.execute(
                    update(Party)
                    .where(Party.position >= p.position)
                    .values(position=Party.position + 1)
                )
                s.add(Party(id=p.id, name=p.name, kind=p.kind, position=p.position))
                s.flush()  # ownerships below refer to it
            for e in sorted(removal.elements, key=lambda e: (e.kind, e.position)):
                s.execute(
                    update(Element)
                    .where(Element.kind == e.kind, Element.position >= e.position)
                    .values(position=Element.position + 1)
                )
                s.add(
                    Element(
                        id=e.id,
                        kind=e.kind,
                        title=e.title,
                        notes=e.notes,
                        position=e.position,
                        status=e.status,
                    )
                )
                s.flush()
            s.add_all(
                Link(
                    id=k.id,
                    source_id=k.source,
                    target_id=k.target,
                    kind=k.kind,
                    strength=k.strength.value if k.strength else None,
                )
                for k in removal.links
            )
            s.add_all(
                Ownership(party_id=o.party, element_id=o.element, role=o.role.value)
                for o in removal.ownerships
            )
            s.flush()
            restore_placements(s, removal.placements)
            for sheet_id, element_id in removal.sheet_links:
                s.execute(update(Sheet).where(Sheet.id == sheet_id).values(element_id=element_id))
            reattach(s, removal.objective_alignments, removal.key_result_measures)

    def restore_map(self, removal: Removal) -> None:
        """Undo delete_map: the map at its place in the list, with its placements."""
        self.restore(removal)

    def correlation(self, a: str, b: str) -> LinkData | None:
        """The stored correlation between a and b, either direction."""
        with Session(self._reader) as s:
            row = s.scalars(self._correlation_query(a, b)).first()
            return _link(row) if row else None

    @staticmethod
    def _correlation_query(a: str, b: str) -> Select[Any]:
        return select(Link).where(
            Link.kind == LinkKind.CORRELATION,
            ((Link.source_id == a) & (Link.target_id == b))
            | ((Link.source_id == b) & (Link.target_id == a)),
        )

    def set_correlation(
        self, a: str, b: str, strength: Strength | None, *, link_id: str | None = None
    ) -> Strength | None:
        """Set (or clear, with None) the correlation between a and b; returns the old strength.

        `link_id` names a newly created link (so undo/redo keep ids stable)."""
        with self._write() as s:
            ea, eb = _element(self._get(s, a)), _element(self._get(s, b))
            if not may_correlate(ea.kind, eb.kind):
                raise InvalidOperation(
                    f"{SINGULAR_TITLES[ea.kind]} and {SINGULAR_TITLES[eb.kind]} do not meet in an "
                    "X-Matrix corner, so they cannot correlate."
                )
            source, target = correlation_direction(ea, eb)
            row = s.scalars(self._correlation_query(a, b)).first()
            old = Strength(row.strength) if row and row.strength else None
            if strength is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(
                    Link(
                        id=link_id or new_id(),
                        source_id=source,
                        target_id=target,
                        kind=LinkKind.CORRELATION,
                        strength=Strength(strength).value,
                    )
                )
            else:
                row.strength = Strength(strength).value
            return old

    # -- people and teams ------------------------------------------------------------------

    def add_party(
        self, name: str, kind: PartyKind = PartyKind.PERSON, *, party_id: str | None = None
    ) -> PartyData:
        with self._write() as s:
            count = s.scalar(select(func.count()).select_from(Party)) or 0
            row = Party(
                id=party_id or new_id(), name=name, kind=PartyKind(kind).value, position=count
            )
            s.add(row)
            return PartyData(row.id, row.name, row.kind, row.position)

    def rename_party(self, party_id: str, name: str) -> str:
        with self._write() as s:
            row = s.get(Party, party_id)
            if row is None:
                raise InvalidOperation(f"No person or team with id {party_id!r}")
            old, row.name = row.name, name
            return old

    def delete_party(self, party_id: str) -> Removal:
        with self._write() as s:
            row = s.get(Party, party_id)
            if row is None:
                raise InvalidOperation(f"No person or team with id {party_id!r}")
            party = PartyData(row.id, row.name, row.kind, row.position)
            owners = tuple(
                OwnershipData(o.party_id, o.element_id, Role(o.role))
                for o in s.scalars(select(Ownership).where(Ownership.party_id == party_id))
            )
            s.execute(delete(Ownership).where(Ownership.party_id == party_id))
            s.delete(row)
            s.execute(
                update(Party)
                .where(Party.position > party.position)
                .values(position=Party.position - 1)
            )
            return Removal(ownerships=owners, parties=(party,))

    def set_ownership(self, party_id: str, element_id: str, role: Role | None) -> Role | None:
        with self._write() as s:
            self._get(s, element_id)
            if s.get(Party, party_id) is None:
                raise InvalidOperation(f"No person or team with id {party_id!r}")
            row = s.get(Ownership, (party_id, element_id))
            old = Role(row.role) if row else None
            if role is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(Ownership(party_id=party_id, element_id=element_id, role=Role(role).value))
            else:
                row.role = Role(role).value
            return old
