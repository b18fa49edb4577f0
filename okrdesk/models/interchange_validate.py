"""Checking decoded okrdesk JSON (format versions 1 to 4) completely, then building a document.

Every problem is collected with the JSON path of the value at fault (`$.elements[3].kind`)
before anything is built, so a caller gets either a complete, consistent StrategyDocument
or one ImportProblem listing all that is wrong. Unknown keys are ignored. A document may only
use what its version defined: version 1 the TASTE kinds and correlations, version 2 also
obstacles, outcomes, relationships and maps, version 3 also A3 sheets (interchange_sheets),
version 4 also OKRs: objectives, key results and check-ins (interchange_okrs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from okrdesk.models.errors import ImportProblem
from okrdesk.models.interchange_okrs import read_okrs
from okrdesk.models.interchange_sheets import read_sheet_templates, read_sheets
from okrdesk.models.json_checks import MISSING, JsonChecker, describe, member
from okrdesk.models.kinds import (
    CUSTOM_PREFIX,
    DEFAULT_LINK_COLOR,
    MAP_ELEMENT_KINDS,
    MAX_LINK_KIND_ID_LENGTH,
    PLAN_HORIZONS,
    SINGULAR_TITLES,
    SYMMETRIC_KINDS,
    TASTE_SECTIONS,
    ElementKind,
    LinkKind,
    MapKind,
    PartyKind,
    Role,
    SettingValue,
    Strength,
    color_ok,
    custom_kind_id,
    dash_ok,
    may_correlate,
    relation_problem,
    with_article,
)
from okrdesk.models.okr_data import CheckInData, KeyResultData, ObjectiveData
from okrdesk.models.sheet_data import SheetData, SheetTemplateData
from okrdesk.models.snapshot import (
    ElementData,
    LinkData,
    LinkKindData,
    MapData,
    OwnershipData,
    PartyData,
    PlacementData,
    Snapshot,
)
from okrdesk.models.strategy import correlation_direction, new_id

FORMAT_NAME = "okrdesk"
FORMAT_VERSION = 4  # what export writes; import reads 1 to 4
MAX_STATUS_LENGTH = 32
_V1_ELEMENT_KINDS = tuple(k for k in ElementKind if k in TASTE_SECTIONS)


@dataclass(frozen=True)
class StrategyDocument:
    """A validated strategy read from JSON, in the order of the file; positions are per kind."""

    title: str
    elements: tuple[ElementData, ...] = ()
    links: tuple[LinkData, ...] = ()
    parties: tuple[PartyData, ...] = ()
    ownerships: tuple[OwnershipData, ...] = ()
    maps: tuple[MapData, ...] = ()
    placements: tuple[PlacementData, ...] = ()
    link_kinds: tuple[LinkKindData, ...] = ()
    sheets: tuple[SheetData, ...] = ()
    sheet_templates: tuple[SheetTemplateData, ...] = ()  # the document's own
    objectives: tuple[ObjectiveData, ...] = ()  # in their order
    key_results: tuple[KeyResultData, ...] = ()  # by objective, then position; current set
    check_ins: tuple[CheckInData, ...] = ()  # by key result, then date

    def snapshot(self) -> Snapshot:
        return Snapshot(
            self.title, self.elements, self.links, self.parties, self.ownerships, self.maps,
            self.placements, self.link_kinds, self.sheets, self.sheet_templates,
            self.objectives, self.key_results, self.check_ins,
        )


_an = with_article


_CORNERS = ", ".join(
    "–".join(SINGULAR_TITLES[k] for k in (b, a))
    for a, b in ((ElementKind.ASPIRATION, ElementKind.STRATEGY),
                 (ElementKind.ASPIRATION, ElementKind.EVIDENCE),
                 (ElementKind.STRATEGY, ElementKind.TACTIC),
                 (ElementKind.EVIDENCE, ElementKind.TACTIC))
)


def validate_value(value: Any) -> StrategyDocument:
    """Check a decoded JSON value completely and build the document it describes."""
    c = JsonChecker(FORMAT_VERSION)
    top = c.obj(value, "$", "an okrdesk strategy")
    if top is None:
        raise ImportProblem(c.problems)
    _check_header(c, top)
    if c.problems:  # another program's JSON, or a newer format: the rest would be noise
        raise ImportProblem(c.problems)
    version = top["version"]
    c.version = int(version)
    title = c.string(top, "title", "$", default="")
    known, elements = _elements(c, top)
    valid = {e.id: e for e in elements}
    link_kinds = _link_kinds(c, top)
    links = _links(c, top, known, valid, link_kinds)
    known_parties, parties = _parties(c, top)
    ownerships = _ownerships(c, top, known, known_parties)
    maps, placements = _maps(c, top, known, valid)
    templates = read_sheet_templates(c, top)
    sheets = read_sheets(c, top, known, templates)
    objectives, key_results, check_ins = read_okrs(c, top, known, valid)
    if c.problems or title is None:
        raise ImportProblem(c.problems)
    return StrategyDocument(
        title, elements, links, parties, ownerships, maps, placements,
        tuple(link_kinds[1].values()), sheets, tuple(templates[1].values()),
        objectives, key_results, check_ins,
    )


def _check_header(c: JsonChecker, top: dict[str, Any]) -> None:
    fmt = top.get("format", MISSING)
    if fmt != FORMAT_NAME:
        got = "missing" if fmt is MISSING else (
            f"is {fmt[:40]!r}" if isinstance(fmt, str) else f"is {describe(fmt)}")
        c.add("$.format", f'{got}; an okrdesk strategy has "format": "{FORMAT_NAME}"')
        return
    version = top.get("version", MISSING)
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # JSON has one number type: 1.0 is 1
    if version is MISSING:
        c.add("$.version", "missing (the format version, an integer)")
    elif isinstance(version, bool) or not isinstance(version, int):
        c.add("$.version", f"must be an integer, not {describe(version)}")
    elif version > FORMAT_VERSION:
        c.add("$.version", f"written by a newer okrdesk (format version {version}; this "
                           f"okrdesk reads versions 1 to {FORMAT_VERSION}); update okrdesk to "
                           "import it")
    elif version < 1:
        c.add("$.version", f"unknown format version {version}; versions start at 1")


def _elements(
    c: JsonChecker, top: dict[str, Any]
) -> tuple[set[str] | None, tuple[ElementData, ...]]:
    """(every well-formed element id, None when unknowable; the fully valid elements)."""
    seen: dict[Any, str] = {}
    true_north: dict[Any, str] = {}
    counts: dict[ElementKind, int] = {}
    elements: list[ElementData] = []
    for i, item in enumerate(c.array(top, "elements", required=True)):
        path = f"$.elements[{i}]"
        obj = c.obj(item, path, "an element")
        if obj is None:
            continue
        eid = c.ident(obj, "id", path)
        fresh = eid is None or c.unique(seen, eid, f"{path}.id", f"duplicate element id {eid!r}")
        kind = c.choice(obj, "kind", path, ElementKind, "element kind",
                        allowed=_V1_ELEMENT_KINDS if c.version == 1 else None)
        if kind is ElementKind.TRUE_NORTH:
            fresh &= c.unique(true_north, kind, f"{path}.kind", "a strategy has one True North")
        title = c.string(obj, "title", path)
        notes = c.string(obj, "notes", path, default="")
        status = c.string(obj, "status", path, default="", max_length=MAX_STATUS_LENGTH)
        if not fresh or eid is None or kind is None or title is None:
            continue
        if notes is not None and status is not None:
            counts[kind] = counts.get(kind, -1) + 1
            elements.append(ElementData(eid, kind, title, notes, counts[kind], status))
    return None if "elements" in c.broken else set(seen), tuple(elements)


def _link_kinds(
    c: JsonChecker, top: dict[str, Any]
) -> tuple[set[str] | None, dict[str, LinkKindData]]:
    """(every well-formed link kind id, None when unknowable; the valid link kinds by id)."""
    if "link_kinds" in top and c.version == 1:
        c.newer("$.link_kinds", "link kinds")
        return None, {}
    seen: dict[Any, str] = {}
    kinds: dict[str, LinkKindData] = {}
    for i, item in enumerate(c.array(top, "link_kinds", required=False)):
        path = f"$.link_kinds[{i}]"
        obj = c.obj(item, path, "a link kind")
        if obj is None:
            continue
        kid = c.ident(obj, "id", path, max_length=MAX_LINK_KIND_ID_LENGTH)
        fresh = kid is None or c.unique(seen, kid, f"{path}.id", f"duplicate link kind id {kid!r}")
        label = c.string(obj, "label", path)
        if label is not None and not label.strip():
            c.add(f"{path}.label", "must not be blank")
            label = None
        dash = c.string(obj, "dash", path, default="")
        if dash is not None and not dash_ok(dash):
            c.add(f"{path}.dash", f'{dash[:40]!r} is not a dash pattern: "" for a solid line, '
                                  "or lengths of dashes and gaps separated by single spaces, "
                                  'e.g. "4 2"')
            dash = None
        color = c.string(obj, "color", path, default=DEFAULT_LINK_COLOR)
        if color is not None and not color_ok(color):
            c.add(f"{path}.color", f"{color[:40]!r} is not a colour; write #rrggbb, e.g. #1f77b4")
            color = None
        directed = c.boolean(obj, "directed", path, True)
        if fresh and None not in (kid, label, dash, color, directed):
            assert kid is not None and label is not None and dash is not None
            assert color is not None and directed is not None
            kinds[kid] = LinkKindData(kid, label, dash, color.lower(), directed, len(kinds))
    return None if "link_kinds" in c.broken else set(seen), kinds


def _link_kind(
    c: JsonChecker, obj: dict[str, Any], path: str, known: set[str] | None
) -> str | None:
    """A link's kind: a built-in kind or "custom:<id>" of an entry in link_kinds."""
    text = c.string(obj, "kind", path)
    if text is None:
        return None
    builtin = {k.value for k in LinkKind}
    custom = custom_kind_id(text)
    if c.version == 1 and (text in builtin or custom) and text != LinkKind.CORRELATION:
        c.newer(f"{path}.kind", f"{text!r} links")
        return None
    if text in builtin:
        return text
    if custom is None:
        choices = ", ".join(k.value for k in LinkKind) if c.version > 1 else "correlation"
        more = f", or {CUSTOM_PREFIX}<id> of an entry in link_kinds" if c.version > 1 else ""
        c.add(f"{path}.kind", f"unknown link kind {text!r}; expected one of: {choices}{more}")
        return None
    if known is not None and custom not in known:
        c.add(f"{path}.kind", f"no link kind has the id {custom!r} (see $.link_kinds)")
    return text


def _links(
    c: JsonChecker,
    top: dict[str, Any],
    known: set[str] | None,
    valid: dict[str, ElementData],
    link_kinds: tuple[set[str] | None, dict[str, LinkKindData]],
) -> tuple[LinkData, ...]:
    ids: dict[Any, str] = {}
    pairs: dict[Any, str] = {}
    links: list[LinkData] = []
    for i, item in enumerate(c.array(top, "links", required=False)):
        path = f"$.links[{i}]"
        obj = c.obj(item, path, "a link")
        if obj is None:
            continue
        lid = c.ident(obj, "id", path) if "id" in obj else new_id()
        fresh = lid is None or "id" not in obj or c.unique(
            ids, lid, f"{path}.id", f"duplicate link id {lid!r}")
        kind = _link_kind(c, obj, path, link_kinds[0])
        strength: Strength | None = None
        if kind == LinkKind.CORRELATION or (kind is None and "strength" in obj):
            strength = c.choice(obj, "strength", path, Strength, "strength")
        elif "strength" in obj:
            c.add(f"{path}.strength", "only correlations have a strength")
        ends = [c.ident(obj, "source", path), c.ident(obj, "target", path)]
        for key, ref in zip(("source", "target"), ends, strict=True):
            if ref is not None and known is not None and ref not in known:
                c.add(f"{path}.{key}", f"no element has the id {ref!r}")
        a, b = valid.get(ends[0] or ""), valid.get(ends[1] or "")
        if a is None or b is None or kind is None or lid is None:
            continue
        if kind != LinkKind.CORRELATION:
            custom_id = custom_kind_id(kind)
            custom = link_kinds[1].get(custom_id or "")
            if custom_id is not None and custom is None:
                continue  # a kind that is undefined or broken: reported already
            if _relation_ok(c, path, kind, a, b, custom, pairs) and fresh:
                links.append(LinkData(lid, a.id, b.id, kind))
        elif a.id == b.id:
            c.add(path, "a correlation joins two different elements, not one with itself")
        elif not may_correlate(a.kind, b.kind):
            c.add(path, f"{_an(a.kind)} and {_an(b.kind)} do not meet in an X-Matrix corner, "
                        f"so they cannot correlate (allowed: {_CORNERS})")
        else:
            source, target = correlation_direction(a, b)
            msg = f"a second {kind} between {source!r} and {target!r}"
            fresh &= c.unique(pairs, (kind, source, target), path, msg)
            if fresh and strength is not None:
                links.append(LinkData(lid, source, target, kind, strength))
    return tuple(links)


def _relation_ok(
    c: JsonChecker,
    path: str,
    kind: str,
    a: ElementData,
    b: ElementData,
    custom: LinkKindData | None,
    pairs: dict[Any, str],
) -> bool:
    """Check a relationship or provenance link a -> b; report and return False if it is bad."""
    if a.id == b.id:
        c.add(path, f"a {kind} link joins two different elements, not one with itself")
        return False
    problem = relation_problem(kind, a.kind, b.kind, custom.label if custom else None)
    if problem:
        c.add(path, problem)
        return False
    if kind in SYMMETRIC_KINDS or (custom is not None and not custom.directed):
        key: tuple[str, Any] = (kind, frozenset((a.id, b.id)))
        msg = f"a second {kind} link between {a.id!r} and {b.id!r}"
    else:
        key = (kind, (a.id, b.id))
        msg = f"a second {kind} link from {a.id!r} to {b.id!r}"
    return c.unique(pairs, key, path, msg)


def _parties(c: JsonChecker, top: dict[str, Any]) -> tuple[set[str] | None, tuple[PartyData, ...]]:
    """(every well-formed person/team id, None when unknowable; the valid people and teams)."""
    seen: dict[Any, str] = {}
    parties: list[PartyData] = []
    for i, item in enumerate(c.array(top, "people", required=False)):
        path = f"$.people[{i}]"
        obj = c.obj(item, path, "a person or team")
        if obj is None:
            continue
        pid = c.ident(obj, "id", path)
        fresh = pid is None or c.unique(seen, pid, f"{path}.id", f"duplicate people id {pid!r}")
        name = c.string(obj, "name", path)
        kind = c.choice(obj, "kind", path, PartyKind, "kind", default=PartyKind.PERSON)
        if fresh and pid is not None and name is not None and kind is not None:
            parties.append(PartyData(pid, name, kind.value, len(parties)))
    return None if "people" in c.broken else set(seen), tuple(parties)


def _ownerships(
    c: JsonChecker, top: dict[str, Any], elements: set[str] | None, parties: set[str] | None
) -> tuple[OwnershipData, ...]:
    seen: dict[Any, str] = {}
    owners: list[OwnershipData] = []
    for i, item in enumerate(c.array(top, "ownership", required=False)):
        path = f"$.ownership[{i}]"
        obj = c.obj(item, path, "an ownership")
        if obj is None:
            continue
        person = c.ident(obj, "person", path)
        element = c.ident(obj, "element", path)
        role = c.choice(obj, "role", path, Role, "role")
        if person is not None and parties is not None and person not in parties:
            c.add(f"{path}.person", f"no person or team has the id {person!r}")
        if element is not None and elements is not None and element not in elements:
            c.add(f"{path}.element", f"no element has the id {element!r}")
        if person is None or element is None or role is None:
            continue
        msg = f"{person!r} is given a role on {element!r} twice"
        if c.unique(seen, (person, element), path, msg):
            owners.append(OwnershipData(person, element, role))
    return tuple(owners)


# -- maps ------------------------------------------------------------------------------------


def _maps(
    c: JsonChecker, top: dict[str, Any], known: set[str] | None, valid: dict[str, ElementData]
) -> tuple[tuple[MapData, ...], tuple[PlacementData, ...]]:
    if "maps" in top and c.version == 1:
        c.newer("$.maps", "maps")
        return (), ()
    seen: dict[Any, str] = {}
    maps: list[MapData] = []
    placements: list[PlacementData] = []
    for i, item in enumerate(c.array(top, "maps", required=False)):
        path = f"$.maps[{i}]"
        obj = c.obj(item, path, "a map")
        if obj is None:
            continue
        mid = c.ident(obj, "id", path)
        fresh = mid is None or c.unique(seen, mid, f"{path}.id", f"duplicate map id {mid!r}")
        kind = c.choice(obj, "kind", path, MapKind, "map kind")
        title = c.string(obj, "title", path)
        settings = _settings(c, obj, path)
        placed = _placements(c, obj, path, mid or "", kind, known, valid)
        complete = None not in (mid, kind, title, settings, placed)
        if fresh and complete:
            assert mid is not None and kind is not None and title is not None
            assert settings is not None and placed is not None
            maps.append(MapData(mid, kind, title, len(maps), settings))
            placements += placed
    return tuple(maps), tuple(placements)


def _settings(c: JsonChecker, obj: dict[str, Any], path: str) -> dict[str, SettingValue] | None:
    """A map's settings: an object of strings, finite numbers, booleans, arrays of strings."""
    path = f"{path}.settings"
    value = c.obj(obj.get("settings", {}), path, "map settings")
    if value is None:
        return None
    settings: dict[str, SettingValue] = {}
    ok = True
    for key, item in value.items():
        where = member(path, key)
        if not c.text_ok(key, where):
            ok = False
        elif isinstance(item, str | bool | int | float):
            good = c.text_ok(item, where) if isinstance(item, str) else True
            if isinstance(item, float) and not math.isfinite(item):
                c.add(where, "must be a finite number (this one is too large)")
                good = False
            ok &= good
            settings[key] = item
        elif isinstance(item, list):
            for j, text in enumerate(item):
                if not isinstance(text, str):
                    c.add(f"{where}[{j}]", f"must be a string, not {describe(text)}")
                    ok = False
                else:
                    ok &= c.text_ok(text, f"{where}[{j}]")
            settings[key] = list(item)
        else:
            c.add(where, "must be a string, a number, a boolean or an array of strings, not "
                         f"{describe(item)}")
            ok = False
    return settings if ok else None


def _placements(
    c: JsonChecker,
    obj: dict[str, Any],
    path: str,
    map_id: str,
    kind: MapKind | None,
    known: set[str] | None,
    valid: dict[str, ElementData],
) -> list[PlacementData] | None:
    """The placements of one map; None when any of them is bad."""
    value = obj.get("placements", [])
    if not isinstance(value, list):
        c.add(f"{path}.placements", f"must be an array, not {describe(value)}")
        return None
    before = len(c.problems)
    seen: dict[Any, str] = {}
    placed: list[PlacementData] = []
    for j, item in enumerate(value):
        where = f"{path}.placements[{j}]"
        p = c.obj(item, where, "a placement")
        if p is None:
            continue
        element = c.ident(p, "element", where)
        if element is not None and known is not None and element not in known:
            c.add(f"{where}.element", f"no element has the id {element!r}")
        elif element in valid and valid[element].kind not in MAP_ELEMENT_KINDS:
            c.add(f"{where}.element", f"only Outcomes are placed on maps, not "
                                      f"{_an(valid[element].kind)} ({element!r})")
        x, y = c.number(p, "x", where), c.number(p, "y", where)
        pinned = c.boolean(p, "pinned", where, False)
        horizon = _horizon(c, p, where, kind)
        if element is not None:
            c.unique(seen, element, where, f"{element!r} is placed twice on this map")
        if element is not None and x is not None and y is not None and pinned is not None:
            placed.append(PlacementData(map_id, element, x, y, pinned, horizon))
    return None if len(c.problems) > before else placed


def _horizon(c: JsonChecker, p: dict[str, Any], where: str, kind: MapKind | None) -> int | None:
    """A Plan on a Page column (0 when absent or null); other maps have none."""
    value = p.get("horizon")
    if kind is not MapKind.PLAN_ON_A_PAGE:
        if value is not None and kind is not None:
            c.add(f"{where}.horizon", "only placements on a Plan on a Page have a horizon")
        return None
    if value is None:
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < PLAN_HORIZONS:
        c.add(f"{where}.horizon", f"must be 0, 1 or 2 (a column of the Plan on a Page), not "
                                  f"{value if isinstance(value, int) else describe(value)}")
        return None
    return value
