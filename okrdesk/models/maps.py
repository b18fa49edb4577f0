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
import json
import math
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.kinds import (
    DEFAULT_LINK_COLOR,
    MAP_DEFAULT_SETTINGS,
    MAP_ELEMENT_KINDS,
    MAP_TITLES,
    MAX_LINK_KIND_ID_LENGTH,
    PLAN_HORIZONS,
    SINGULAR_TITLES,
    SYMMETRIC_KINDS,
    ElementKind,
    LinkKind,
    MapKind,
    SettingValue,
    color_ok,
    custom_kind_id,
    dash_ok,
    relation_problem,
    setting_value_ok,
    with_article,
)
from okrdesk.models.schema import CustomLinkKind, Element, Link, Map, Placement
from okrdesk.models.snapshot import (
    ElementData,
    LinkData,
    LinkKindData,
    MapData,
    PlacementData,
    Removal,
)

_BUILT_IN = frozenset(k.value for k in LinkKind) - {LinkKind.CORRELATION.value}
_MAP_KINDS = {k.value: k for k in MapKind}
_CHUNK = 500  # ids per IN (...) list, well below SQLite's parameter limit
_T = TypeVar("_T")


def _new_id() -> str:
    return str(uuid.uuid4())


def _new_kind_id() -> str:
    """A fresh user-defined kind id, short enough for "custom:<id>" in link.kind."""
    return uuid.uuid4().hex[:16]


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _settings(text: str) -> dict[str, SettingValue]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def settings_text(settings: Mapping[str, SettingValue]) -> str:
    """A map's settings as stored in map.settings: JSON text, keys sorted."""
    return json.dumps(settings, sort_keys=True)


def _link_data(row: Link) -> LinkData:
    return LinkData(row.id, row.source_id, row.target_id, row.kind, None)


def _kind_data(row: CustomLinkKind) -> LinkKindData:
    return LinkKindData(row.id, row.label, row.dash, row.color, row.directed, row.position)


def _map_data(row: Map) -> MapData:
    return MapData(row.id, MapKind(row.kind), row.title, row.position, _settings(row.settings))


def _placement_data(row: Placement) -> PlacementData:
    return PlacementData(row.map_id, row.element_id, row.x, row.y, row.pinned, row.horizon)


def _coordinate(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidOperation(f"A map position needs a finite number for {name}, not {value!r}.")
    return float(value) + 0.0  # -0.0 is 0.0, as SQLite stores it


def _check_settings(settings: Mapping[str, Any]) -> dict[str, SettingValue]:
    if not isinstance(settings, Mapping):
        raise InvalidOperation("Map settings are a mapping of names to values.")
    checked: dict[str, SettingValue] = {}
    for key, value in settings.items():
        if not isinstance(key, str) or not setting_value_ok(value):
            raise InvalidOperation(
                f"Map setting {key!r}: a value is a string, a finite number, a boolean or a "
                f"list of strings, not {value!r}."
            )
        checked[key] = list(value) if isinstance(value, list) else value
    return checked


def _check_label(label: str) -> None:
    if not isinstance(label, str) or not label.strip():
        raise InvalidOperation("A link kind needs a label.")


def _check_style(dash: str, color: str) -> None:
    if not isinstance(dash, str) or not dash_ok(dash):
        raise InvalidOperation(
            f'Dash pattern {dash!r}: "" for a solid line, or 1 to 8 positive lengths '
            'separated by single spaces, such as "4 2".'
        )
    if not isinstance(color, str) or not color_ok(color):
        raise InvalidOperation(f"Colour {color!r}: write it as #rrggbb, such as #1f77b4.")


def read_map_rows(
    conn: Connection,
) -> tuple[tuple[MapData, ...], tuple[PlacementData, ...], tuple[LinkKindData, ...]]:
    """Maps, placements and user-defined link kinds as plain rows (for Strategy.snapshot)."""
    m, p, k = Map, Placement, CustomLinkKind
    maps = tuple(
        MapData(i, _MAP_KINDS[kind], t, pos, _settings(settings))
        for i, kind, t, pos, settings in conn.execute(
            select(m.id, m.kind, m.title, m.position, m.settings).order_by(m.position)
        ).all()
    )
    placements = tuple(
        PlacementData(*row)
        for row in conn.execute(
            select(p.map_id, p.element_id, p.x, p.y, p.pinned, p.horizon).order_by(
                p.map_id, p.element_id
            )
        ).all()
    )
    kinds = tuple(
        LinkKindData(*row)
        for row in conn.execute(
            select(k.id, k.label, k.dash, k.color, k.directed, k.position).order_by(k.position)
        ).all()
    )
    return maps, placements, kinds


def restore_definitions(s: Session, removal: Removal) -> None:
    """Put back the link kinds and maps of a Removal at their positions (before its links)."""
    for k in sorted(removal.link_kinds, key=lambda k: k.position):
        s.execute(
            update(CustomLinkKind)
            .where(CustomLinkKind.position >= k.position)
            .values(position=CustomLinkKind.position + 1)
        )
        s.add(
            CustomLinkKind(
                id=k.id,
                label=k.label,
                dash=k.dash,
                color=k.color,
                directed=k.directed,
                position=k.position,
            )
        )
        s.flush()
    for m in sorted(removal.maps, key=lambda m: m.position):
        s.execute(update(Map).where(Map.position >= m.position).values(position=Map.position + 1))
        s.add(
            Map(
                id=m.id,
                kind=m.kind.value,
                title=m.title,
                position=m.position,
                settings=settings_text(m.settings),
            )
        )
        s.flush()


def restore_placements(s: Session, placements: Iterable[PlacementData]) -> None:
    """Insert placements (after their maps and elements exist)."""
    rows = [
        {
            "map_id": p.map_id,
            "element_id": p.element_id,
            "x": p.x,
            "y": p.y,
            "pinned": p.pinned,
            "horizon": p.horizon,
        }
        for p in placements
    ]
    if rows:
        s.execute(insert(Placement), rows)


class MapOperations:
    """Mixed into Strategy, which provides `_write` and `_get`."""

    def _write(self) -> AbstractContextManager[Session]:  # pragma: no cover - see Strategy
        raise NotImplementedError

    @staticmethod
    def _get(s: Session, element_id: str) -> Element:  # pragma: no cover - see Strategy
        raise NotImplementedError

    # -- relationships and FOTO provenance -------------------------------------------------

    def _check_relation(
        self, s: Session, source: str, target: str, kind: str, *, skip: str | None = None
    ) -> None:
        """Refuse a link of `kind` from source to target that would break a rule."""
        if kind == LinkKind.CORRELATION:
            raise InvalidOperation(
                "A correlation is set in the X-Matrix (set_correlation), not as a relationship."
            )
        label, directed = None, kind not in SYMMETRIC_KINDS
        custom = custom_kind_id(kind)
        if custom is not None:
            kind_row = s.get(CustomLinkKind, custom)
            if kind_row is None:
                raise InvalidOperation(f"No link kind with id {custom!r}")
            label, directed = kind_row.label, kind_row.directed
        elif kind not in _BUILT_IN:
            raise InvalidOperation(f"Unknown link kind {kind!r}")
        a, b = self._get(s, source), self._get(s, target)
        if source == target:
            raise InvalidOperation("A link joins two different elements, not one with itself.")
        problem = relation_problem(kind, ElementKind(a.kind), ElementKind(b.kind), label)
        if problem:
            raise InvalidOperation(problem[0].upper() + problem[1:] + ".")
        same = (Link.source_id == source) & (Link.target_id == target)
        if not directed:
            same |= (Link.source_id == target) & (Link.target_id == source)
        query = select(Link.id).where(Link.kind == kind, same)
        if skip is not None:
            query = query.where(Link.id != skip)
        if s.scalar(query) is not None:
            name = f"“{label}”" if label else kind
            raise InvalidOperation(f"“{a.title}” and “{b.title}” already have a {name} link.")

    @staticmethod
    def _relation_row(s: Session, link_id: str) -> Link:
        row = s.get(Link, link_id)
        if row is None:
            raise InvalidOperation(f"No link with id {link_id!r}")
        if row.kind == LinkKind.CORRELATION:
            raise InvalidOperation("A correlation is changed in the X-Matrix (set_correlation).")
        return row

    def add_relation(
        self, source: str, target: str, kind: str, *, link_id: str | None = None
    ) -> LinkData:
        """Link source -> target with `kind` (a LinkKind, or "custom:<id>"); `link_id` names
        the new link (so undo/redo keep ids stable). Undo: remove_relation(link.id)."""
        kind = str(kind)
        with self._write() as s:
            self._check_relation(s, source, target, kind)
            if link_id is not None and s.get(Link, link_id) is not None:
                raise InvalidOperation(f"A link with id {link_id!r} exists already")
            row = Link(id=link_id or _new_id(), source_id=source, target_id=target, kind=kind)
            s.add(row)
            return LinkData(row.id, source, target, kind)

    def remove_relation(self, link_id: str) -> LinkData:
        """Delete a relationship or provenance link; undo: restore_relation(the result)."""
        with self._write() as s:
            row = self._relation_row(s, link_id)
            data = _link_data(row)
            s.delete(row)
            return data

    def restore_relation(self, link: LinkData) -> LinkData:
        """Put back a link remove_relation took away, with its id."""
        return self.add_relation(link.source, link.target, link.kind, link_id=link.id)

    def set_relation_kind(self, link_id: str, kind: str) -> str:
        """Change a relationship's kind; returns the old kind."""
        kind = str(kind)
        with self._write() as s:
            row = self._relation_row(s, link_id)
            old = row.kind
            if kind != old:
                self._check_relation(s, row.source_id, row.target_id, kind, skip=link_id)
                row.kind = kind
            return old

    def chain_outcome(
        self,
        from_id: str,
        title: str,
        *,
        element_id: str | None = None,
        link_id: str | None = None,
    ) -> tuple[ElementData, LinkData]:
        """FOTO in one step: a new outcome flipped from the obstacle `from_id`, or following
        the outcome `from_id` ("and then what happens?"). Undo: delete_elements([new id])."""
        with self._write() as s:
            origin = ElementKind(self._get(s, from_id).kind)
            if origin not in (ElementKind.OBSTACLE, ElementKind.OUTCOME):
                raise InvalidOperation(
                    f"An outcome comes from an obstacle or an outcome, not from a "
                    f"{SINGULAR_TITLES[origin].lower()}."
                )
            count = s.scalar(
                select(func.count()).select_from(Element).where(Element.kind == ElementKind.OUTCOME)
            )
            row = Element(
                id=element_id or _new_id(),
                kind=ElementKind.OUTCOME.value,
                title=title,
                notes="",
                position=count or 0,
                status="",
            )
            s.add(row)
            s.flush()
            kind = LinkKind.FLIPPED_FROM if origin is ElementKind.OBSTACLE else LinkKind.FOLLOWS
            link = Link(
                id=link_id or _new_id(), source_id=row.id, target_id=from_id, kind=kind.value
            )
            s.add(link)
            element = ElementData(row.id, ElementKind.OUTCOME, title, "", row.position, "")
            return element, LinkData(link.id, row.id, from_id, kind.value)

    # -- user-defined link kinds -----------------------------------------------------------

    @staticmethod
    def _kind_row(s: Session, kind_id: str) -> CustomLinkKind:
        row = s.get(CustomLinkKind, custom_kind_id(kind_id) or kind_id)
        if row is None:
            raise InvalidOperation(f"No link kind with id {kind_id!r}")
        return row

    def add_link_kind(
        self,
        label: str,
        *,
        dash: str = "",
        color: str = DEFAULT_LINK_COLOR,
        directed: bool = True,
        kind_id: str | None = None,
    ) -> LinkKindData:
        """Define a link kind (appended to the list); its links have kind `result.kind`.
        Undo: delete_link_kind(result.id)."""
        _check_label(label)
        _check_style(dash, color)
        new = kind_id or _new_kind_id()
        if not 1 <= len(new) <= MAX_LINK_KIND_ID_LENGTH:
            raise InvalidOperation(f"A link kind id has 1 to {MAX_LINK_KIND_ID_LENGTH} characters")
        with self._write() as s:
            if s.get(CustomLinkKind, new) is not None:
                raise InvalidOperation(f"A link kind with id {new!r} exists already")
            count = s.scalar(select(func.count()).select_from(CustomLinkKind)) or 0
            row = CustomLinkKind(
                id=new,
                label=label,
                dash=dash,
                color=color.lower(),
                directed=bool(directed),
                position=count,
            )
            s.add(row)
            return _kind_data(row)

    def rename_link_kind(self, kind_id: str, label: str) -> str:
        """Relabel a user-defined kind; returns the old label."""
        _check_label(label)
        with self._write() as s:
            row = self._kind_row(s, kind_id)
            old, row.label = row.label, label
            return old

    def restyle_link_kind(
        self,
        kind_id: str,
        *,
        dash: str | None = None,
        color: str | None = None,
        directed: bool | None = None,
    ) -> LinkKindData:
        """Change how a user-defined kind's links are drawn (None keeps a value); returns the
        kind as it was, so undo passes its dash, color and directed back."""
        with self._write() as s:
            row = self._kind_row(s, kind_id)
            old = _kind_data(row)
            _check_style(old.dash if dash is None else dash, old.color if color is None else color)
            if directed is False and old.directed:
                a, b = aliased(Link), aliased(Link)
                both_ways = s.scalar(
                    select(a.id)
                    .join(b, (a.source_id == b.target_id) & (a.target_id == b.source_id))
                    .where(a.kind == old.kind, b.kind == old.kind)
                    .limit(1)
                )
                if both_ways is not None:
                    raise InvalidOperation(
                        f"Some “{old.label}” links join two outcomes both ways; remove one of "
                        "each pair before making the kind undirected."
                    )
            if dash is not None:
                row.dash = dash
            if color is not None:
                row.color = color.lower()
            if directed is not None:
                row.directed = bool(directed)
            return old

    def delete_link_kind(self, kind_id: str) -> Removal:
        """Delete a user-defined kind and every link of that kind; `restore` undoes both."""
        with self._write() as s:
            row = self._kind_row(s, kind_id)
            kind = _kind_data(row)
            links = tuple(
                _link_data(r)
                for r in s.scalars(select(Link).where(Link.kind == kind.kind).order_by(Link.id))
            )
            s.execute(delete(Link).where(Link.kind == kind.kind))
            s.delete(row)
            s.execute(
                update(CustomLinkKind)
                .where(CustomLinkKind.position > kind.position)
                .values(position=CustomLinkKind.position - 1)
            )
            return Removal(links=links, link_kinds=(kind,))

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
