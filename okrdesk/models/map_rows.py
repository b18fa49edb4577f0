"""Row conversions, checks and bulk restores shared by the relationship and map operations."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.kinds import (
    LinkKind,
    MapKind,
    SettingValue,
    color_ok,
    dash_ok,
    setting_value_ok,
)
from okrdesk.models.schema import CustomLinkKind, Link, Map, Placement
from okrdesk.models.snapshot import (
    LinkData,
    LinkKindData,
    MapData,
    PlacementData,
    Removal,
)
from okrdesk.models.snapshot_sql import map_settings

_BUILT_IN = frozenset(k.value for k in LinkKind) - {LinkKind.CORRELATION.value}
_MAP_KINDS = {k.value: k for k in MapKind}
_CHUNK = 500  # ids per IN (...) list, well below SQLite's parameter limit
_T = TypeVar("_T")
_settings = map_settings  # maps.py reads a map's settings text with it


def _new_id() -> str:
    return str(uuid.uuid4())


def _new_kind_id() -> str:
    """A fresh user-defined kind id, short enough for "custom:<id>" in link.kind."""
    return uuid.uuid4().hex[:16]


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


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
