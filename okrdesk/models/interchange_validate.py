"""Checking decoded okrdesk JSON (format version 1) completely, then building a document.

Every problem is collected with the JSON path of the value at fault (`$.elements[3].kind`)
before anything is built, so a caller gets either a complete, consistent StrategyDocument
or one ImportProblem listing all that is wrong. Unknown keys are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from okrdesk.models.errors import ImportProblem
from okrdesk.models.kinds import (
    SINGULAR_TITLES,
    ElementKind,
    LinkKind,
    PartyKind,
    Role,
    Strength,
    may_correlate,
)
from okrdesk.models.snapshot import ElementData, LinkData, OwnershipData, PartyData, Snapshot
from okrdesk.models.strategy import correlation_direction, new_id

FORMAT_NAME = "okrdesk"
FORMAT_VERSION = 1
MAX_ID_LENGTH = 64
MAX_STATUS_LENGTH = 32

_SURROGATE = re.compile("[\ud800-\udfff]")
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True)
class StrategyDocument:
    """A validated strategy read from JSON, in the order of the file; positions are per kind."""

    title: str
    elements: tuple[ElementData, ...] = ()
    links: tuple[LinkData, ...] = ()
    parties: tuple[PartyData, ...] = ()
    ownerships: tuple[OwnershipData, ...] = ()

    def snapshot(self) -> Snapshot:
        return Snapshot(self.title, self.elements, self.links, self.parties, self.ownerships)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _an(kind: ElementKind) -> str:
    title = SINGULAR_TITLES[kind]
    return f"an {title}" if title[0] in "AEIOU" else f"a {title}"


_CORNERS = ", ".join(
    "–".join(SINGULAR_TITLES[k] for k in (b, a))
    for a, b in ((ElementKind.ASPIRATION, ElementKind.STRATEGY),
                 (ElementKind.ASPIRATION, ElementKind.EVIDENCE),
                 (ElementKind.STRATEGY, ElementKind.TACTIC),
                 (ElementKind.EVIDENCE, ElementKind.TACTIC))
)
_MISSING = object()


class _Checker:
    """Collects (path, message) problems while reading typed values out of decoded JSON."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.broken: set[str] = set()  # top-level arrays that are missing or not arrays

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def obj(self, value: Any, path: str, what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"must be an object ({what}), not {_describe(value)}")
            return None
        for key in getattr(value, "duplicates", ()):
            self.add(f"{path}.{key}", "given more than once in the same object")
        return value

    def array(self, top: dict[str, Any], key: str, *, required: bool) -> list[Any]:
        value = top.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.add(f"$.{key}", "missing (an array, possibly empty)")
                self.broken.add(key)
            return []
        if not isinstance(value, list):
            self.add(f"$.{key}", f"must be an array, not {_describe(value)}")
            self.broken.add(key)
            return []
        return value

    def string(
        self, obj: dict[str, Any], key: str, path: str, *, default: str | None = None,
        min_length: int = 0, max_length: int | None = None,
    ) -> str | None:
        """The string at obj[key]; `default` when absent (absent is a problem when None)."""
        path = f"{path}.{key}"
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            if default is None:
                self.add(path, "missing")
            return default
        if not isinstance(value, str):
            self.add(path, f"must be a string, not {_describe(value)}")
            return None
        bad = _SURROGATE.search(value)
        if bad:
            self.add(path, f"contains a lone surrogate (\\u{ord(bad.group()):04x}) at character "
                           f"{bad.start()}, which is not valid Unicode text")
            return None
        if len(value) < min_length:
            self.add(path, "must not be empty")
            return None
        if max_length is not None and len(value) > max_length:
            self.add(path, f"is {len(value)} characters long; at most {max_length} are allowed")
            return None
        return value

    def ident(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        return self.string(obj, key, path, min_length=1, max_length=MAX_ID_LENGTH)

    def choice(
        self, obj: dict[str, Any], key: str, path: str, enum: type[_E], what: str,
        default: _E | None = None,
    ) -> _E | None:
        text = self.string(obj, key, path, default=None if default is None else default.value)
        if text is None:
            return None
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.add(f"{path}.{key}", f"unknown {what} {text!r}; expected one of: {allowed}")
            return None

    def unique(self, seen: dict[Any, str], key: Any, path: str, message: str) -> bool:
        """Record key at path; report (and return False) when it was already seen."""
        if key in seen:
            self.add(path, f"{message} (first at {seen[key]})")
            return False
        seen[key] = path
        return True


def validate_value(value: Any) -> StrategyDocument:
    """Check a decoded JSON value completely and build the document it describes."""
    c = _Checker()
    top = c.obj(value, "$", "an okrdesk strategy")
    if top is None:
        raise ImportProblem(c.problems)
    _check_header(c, top)
    if c.problems:  # another program's JSON, or a newer format: the rest would be noise
        raise ImportProblem(c.problems)
    title = c.string(top, "title", "$", default="")
    known, elements = _elements(c, top)
    links = _links(c, top, known, {e.id: e for e in elements})
    known_parties, parties = _parties(c, top)
    ownerships = _ownerships(c, top, known, known_parties)
    if c.problems or title is None:
        raise ImportProblem(c.problems)
    return StrategyDocument(title, elements, links, parties, ownerships)


def _check_header(c: _Checker, top: dict[str, Any]) -> None:
    fmt = top.get("format", _MISSING)
    if fmt != FORMAT_NAME:
        got = "missing" if fmt is _MISSING else (
            f"is {fmt[:40]!r}" if isinstance(fmt, str) else f"is {_describe(fmt)}")
        c.add("$.format", f'{got}; an okrdesk strategy has "format": "{FORMAT_NAME}"')
        return
    version = top.get("version", _MISSING)
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # JSON has one number type: 1.0 is 1
    if version is _MISSING:
        c.add("$.version", "missing (the format version, an integer)")
    elif isinstance(version, bool) or not isinstance(version, int):
        c.add("$.version", f"must be an integer, not {_describe(version)}")
    elif version > FORMAT_VERSION:
        c.add("$.version", f"written by a newer okrdesk (format version {version}; this "
                           f"okrdesk reads version {FORMAT_VERSION}); update okrdesk to import it")
    elif version < 1:
        c.add("$.version", f"unknown format version {version}; versions start at 1")


def _elements(
    c: _Checker, top: dict[str, Any]
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
        kind = c.choice(obj, "kind", path, ElementKind, "element kind")
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


def _links(
    c: _Checker, top: dict[str, Any], known: set[str] | None, valid: dict[str, ElementData]
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
        kind = c.choice(obj, "kind", path, LinkKind, "link kind")
        if kind is not None and kind is not LinkKind.CORRELATION:  # later versions add kinds
            c.add(f"{path}.kind", f"{kind.value!r} links are not in format {FORMAT_VERSION}")
            kind = None
        strength = c.choice(obj, "strength", path, Strength, "strength")
        ends = [c.ident(obj, "source", path), c.ident(obj, "target", path)]
        for key, ref in zip(("source", "target"), ends, strict=True):
            if ref is not None and known is not None and ref not in known:
                c.add(f"{path}.{key}", f"no element has the id {ref!r}")
        a, b = valid.get(ends[0] or ""), valid.get(ends[1] or "")
        if a is None or b is None or kind is None:
            continue
        if a.id == b.id:
            c.add(path, "a correlation joins two different elements, not one with itself")
        elif not may_correlate(a.kind, b.kind):
            c.add(path, f"{_an(a.kind)} and {_an(b.kind)} do not meet in an X-Matrix corner, "
                        f"so they cannot correlate (allowed: {_CORNERS})")
        else:
            source, target = correlation_direction(a, b)
            msg = f"a second {kind.value} between {source!r} and {target!r}"
            fresh &= c.unique(pairs, (kind, source, target), path, msg)
            if fresh and lid is not None and strength is not None:
                links.append(LinkData(lid, source, target, kind.value, strength))
    return tuple(links)


def _parties(c: _Checker, top: dict[str, Any]) -> tuple[set[str] | None, tuple[PartyData, ...]]:
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
    c: _Checker, top: dict[str, Any], elements: set[str] | None, parties: set[str] | None
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
