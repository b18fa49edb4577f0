"""Relationships, user-defined link kinds, maps and placements: the option-map half of the
domain operations, mixed into Strategy.

The rules are Strategy's: every mutating call is one committed transaction, returns what an
undo needs (an old value, or a Removal that `Strategy.restore` puts back exactly), refuses bad
input with InvalidOperation and any edit of a read-only file with ReadOnlyError.

* A relationship (needs, enables, conflicts, a user-defined kind) joins two outcomes; FOTO
  provenance links point from an outcome to the obstacle it was `flipped_from`, or to the
  outcome it `follows`. One link per (source, target, kind); a kind without direction
  (conflicts, an undirected user kind) once per pair. Correlations stay with
  `Strategy.set_correlation`.
* Deleting a user-defined link kind deletes its links too; the Removal brings both back.
* Only outcomes are placed on maps. A placement on a Plan on a Page has a horizon (column
  0, 1 or 2); on other maps it has none.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.kinds import (
    MAP_DEFAULT_SETTINGS,
    MAP_ELEMENT_KINDS,
    MAP_TITLES,
    PLAN_HORIZONS,
    ElementKind,
    MapKind,
    SettingValue,
    with_article,
)
from okrdesk.models.map_rows import (
    _MAP_KINDS,
    _check_settings,
    _chunks,
    _coordinate,
    _map_data,
    _new_id,
    _placement_data,
    _settings,
    restore_placements,
    settings_text,
)
from okrdesk.models.relations import RelationOperations
from okrdesk.models.schema import Element, Map, Placement
from okrdesk.models.snapshot import (
    MapData,
    PlacementData,
    Removal,
)


class MapOperations(RelationOperations):
    """Maps and the placements of outcomes on them."""

    # -- maps ------------------------------------------------------------------------------

    @staticmethod
    def _map_row(s: Session, map_id: str) -> Map:
        row = s.get(Map, map_id)
        if row is None:
            raise InvalidOperation(f"No map with id {map_id!r}")
        return row

    def add_map(
        self,
        kind: MapKind,
        title: str | None = None,
        *,
        map_id: str | None = None,
        settings: Mapping[str, SettingValue] | None = None,
    ) -> MapData:
        """A new, empty map after the others; `title` defaults to the kind's name, `settings`
        to MAP_DEFAULT_SETTINGS of the kind. Undo: delete_map(result.id)."""
        if kind not in _MAP_KINDS:
            raise InvalidOperation(f"Unknown map kind {kind!r}")
        kind = _MAP_KINDS[kind]
        checked = _check_settings(
            copy.deepcopy(MAP_DEFAULT_SETTINGS[kind]) if settings is None else settings
        )
        with self._write() as s:
            if map_id is not None and s.get(Map, map_id) is not None:
                raise InvalidOperation(f"A map with id {map_id!r} exists already")
            count = s.scalar(select(func.count()).select_from(Map)) or 0
            row = Map(
                id=map_id or _new_id(),
                kind=kind.value,
                title=MAP_TITLES[kind] if title is None else title,
                position=count,
                settings=settings_text(checked),
            )
            s.add(row)
            return MapData(row.id, kind, row.title, count, checked)

    def rename_map(self, map_id: str, title: str) -> str:
        with self._write() as s:
            row = self._map_row(s, map_id)
            old, row.title = row.title, title
            return old

    def delete_map(self, map_id: str) -> Removal:
        """Delete a map with its placements (never the elements); `restore_map` undoes it."""
        with self._write() as s:
            row = self._map_row(s, map_id)
            data = _map_data(row)
            placements = tuple(
                _placement_data(p)
                for p in s.scalars(
                    select(Placement)
                    .where(Placement.map_id == map_id)
                    .order_by(Placement.element_id)
                )
            )
            s.execute(delete(Placement).where(Placement.map_id == map_id))
            s.delete(row)
            s.execute(
                update(Map).where(Map.position > data.position).values(position=Map.position - 1)
            )
            return Removal(placements=placements, maps=(data,))

    def set_map_settings(
        self, map_id: str, settings: Mapping[str, SettingValue]
    ) -> dict[str, SettingValue]:
        """Replace a map's settings as a whole; returns the old ones."""
        checked = _check_settings(settings)
        with self._write() as s:
            row = self._map_row(s, map_id)
            old = _settings(row.settings)
            row.settings = settings_text(checked)
            return old

    # -- placements ------------------------------------------------------------------------

    @staticmethod
    def _placeable(s: Session, element_ids: Iterable[str]) -> None:
        """Refuse ids that are not elements placeable on a map."""
        wanted = sorted(set(element_ids))
        found: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(wanted):
            found.update(
                (eid, (kind, title))
                for eid, kind, title in s.execute(
                    select(Element.id, Element.kind, Element.title).where(Element.id.in_(chunk))
                ).all()
            )
        for element_id in wanted:
            if element_id not in found:
                raise InvalidOperation(f"No element with id {element_id!r}")
            kind, title = found[element_id]
            if kind not in MAP_ELEMENT_KINDS:
                raise InvalidOperation(
                    f"Only outcomes are placed on maps, and “{title}” is "
                    f"{with_article(ElementKind(kind)).lower()}."
                )

    @staticmethod
    def _horizon(kind: MapKind, given: int | None, current: int | None) -> int | None:
        if kind is not MapKind.PLAN_ON_A_PAGE:
            if given is not None:
                raise InvalidOperation("Only a Plan on a Page has time horizons.")
            return None
        horizon = given if given is not None else current if current is not None else 0
        if isinstance(horizon, bool) or not isinstance(horizon, int):
            raise InvalidOperation(f"A horizon is a column number, not {horizon!r}.")
        if not 0 <= horizon < PLAN_HORIZONS:
            raise InvalidOperation(f"A Plan on a Page has columns 0 to {PLAN_HORIZONS - 1}.")
        return horizon

    def place(
        self,
        map_id: str,
        element_id: str,
        x: float,
        y: float,
        *,
        pinned: bool | None = None,
        horizon: int | None = None,
    ) -> PlacementData | None:
        """Put an outcome on a map at (x, y), or move it there. `pinned`/`horizon` None keep
        the current value (a new placement: not pinned, horizon 0 on a Plan on a Page).
        Returns the old placement (None when it was not on the map); undo with
        set_placements(map_id, {element_id: old})."""
        x, y = _coordinate(x, "x"), _coordinate(y, "y")
        with self._write() as s:
            kind = MapKind(self._map_row(s, map_id).kind)
            self._placeable(s, [element_id])
            row = s.get(Placement, (map_id, element_id))
            old = _placement_data(row) if row is not None else None
            new_horizon = self._horizon(kind, horizon, old.horizon if old else None)
            if row is None:
                s.add(
                    Placement(
                        map_id=map_id,
                        element_id=element_id,
                        x=x,
                        y=y,
                        pinned=bool(pinned),
                        horizon=new_horizon,
                    )
                )
            else:
                row.x, row.y, row.horizon = x, y, new_horizon
                if pinned is not None:
                    row.pinned = bool(pinned)
            return old

    def move_many(
        self, map_id: str, positions: Mapping[str, tuple[float, float]]
    ) -> dict[str, tuple[float, float]]:
        """Move placed elements to new (x, y) in one transaction (a multi-drag, a layout);
        returns their old (x, y), which move_many takes back for undo."""
        moves = {
            eid: (_coordinate(x, "x"), _coordinate(y, "y")) for eid, (x, y) in positions.items()
        }
        with self._write() as s:
            self._map_row(s, map_id)
            current = {
                eid: (x, y)
                for eid, x, y in s.execute(
                    select(Placement.element_id, Placement.x, Placement.y).where(
                        Placement.map_id == map_id
                    )
                ).all()
            }
            missing = [eid for eid in moves if eid not in current]
            if missing:
                raise InvalidOperation(f"Not on this map: {', '.join(map(repr, missing[:3]))}")
            if moves:
                s.execute(
                    update(Placement),
                    [
                        {"map_id": map_id, "element_id": eid, "x": x, "y": y}
                        for eid, (x, y) in moves.items()
                    ],
                )
            return {eid: current[eid] for eid in moves}

    def set_pinned(self, map_id: str, element_id: str, pinned: bool) -> bool:
        """Pin (layouts leave it where it is) or unpin a placed element; returns the old."""
        with self._write() as s:
            self._map_row(s, map_id)
            row = s.get(Placement, (map_id, element_id))
            if row is None:
                raise InvalidOperation(f"{element_id!r} is not on this map")
            old, row.pinned = row.pinned, bool(pinned)
            return old

    def unplace(self, map_id: str, element_id: str) -> PlacementData:
        """Take an element off a map (it stays in the strategy); returns the placement, which
        set_placements(map_id, {element_id: old}) puts back."""
        with self._write() as s:
            self._map_row(s, map_id)
            row = s.get(Placement, (map_id, element_id))
            if row is None:
                raise InvalidOperation(f"{element_id!r} is not on this map")
            old = _placement_data(row)
            s.delete(row)
            return old

    def set_placements(
        self, map_id: str, placements: Mapping[str, PlacementData | None]
    ) -> dict[str, PlacementData | None]:
        """Set several elements' placements on one map in one transaction: each value is the
        whole placement, or None to take the element off the map. Returns the old values in
        the same form, so the same call with them undoes it (place, unplace, paste, undo)."""
        wanted: dict[str, PlacementData | None] = dict(placements)
        with self._write() as s:
            kind = MapKind(self._map_row(s, map_id).kind)
            placed = [eid for eid, p in wanted.items() if p is not None]
            self._placeable(s, placed)
            new: list[PlacementData] = []
            for eid, p in wanted.items():
                if p is None:
                    continue
                if (p.map_id, p.element_id) != (map_id, eid):
                    raise InvalidOperation(f"The placement given for {eid!r} is another's")
                x, y = _coordinate(p.x, "x"), _coordinate(p.y, "y")
                horizon = self._horizon(kind, p.horizon, None)
                new.append(PlacementData(map_id, eid, x, y, bool(p.pinned), horizon))
            old: dict[str, PlacementData | None] = dict.fromkeys(wanted)
            rows = s.execute(
                select(
                    Placement.map_id,
                    Placement.element_id,
                    Placement.x,
                    Placement.y,
                    Placement.pinned,
                    Placement.horizon,
                ).where(Placement.map_id == map_id)
            ).all()
            for row in rows:
                if row.element_id in old:
                    old[row.element_id] = PlacementData(*row)
            changed = list(wanted)
            for chunk in _chunks(changed):
                s.execute(
                    delete(Placement).where(
                        Placement.map_id == map_id, Placement.element_id.in_(chunk)
                    )
                )
            restore_placements(s, new)
            return old
