"""JSON interchange (format version 4; versions 1 to 3 still import): export a strategy as
JSON, import JSON as a new file; read and write A3 sheet template files.

`export_json` writes deterministic text (stable order, stable ids), so export → import →
export is byte-identical. `parse_json` checks everything before building anything and
reports every problem with its JSON path; `write_strategy` then creates the strategy file
atomically, so a bad document never leaves a file behind. The format is described in
docs/file-format.md and by the JSON Schema shipped as okrdesk/models/strategy.schema.json.
"""

from __future__ import annotations

import json
import stat
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from okrdesk.models.errors import ImportProblem, OkrdeskError
from okrdesk.models.interchange_sheets import sheet_rows, sheets_value
from okrdesk.models.interchange_validate import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_STATUS_LENGTH,
    StrategyDocument,
    validate_value,
)
from okrdesk.models.json_checks import MAX_ID_LENGTH
from okrdesk.models.kinds import KIND_ORDER
from okrdesk.models.map_rows import settings_text
from okrdesk.models.okr_json import okr_rows, okrs_value, write_balances
from okrdesk.models.schema import CustomLinkKind, Element, Link, Map, Ownership, Party, Placement
from okrdesk.models.sheet_data import SheetTemplateData
from okrdesk.models.sheet_templates import template_from_dict, template_value
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import write_new

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_ID_LENGTH",
    "MAX_INPUT_BYTES",
    "MAX_STATUS_LENGTH",
    "SCHEMA_RESOURCE",
    "StrategyDocument",
    "decode_json",
    "document_value",
    "export_json",
    "json_schema",
    "parse_json",
    "read_file_json",
    "read_template_file",
    "template_json",
    "write_strategy",
]

MAX_INPUT_BYTES = 50 * 1024 * 1024
SCHEMA_RESOURCE = "strategy.schema.json"  # inside the okrdesk.models package
_SECTION_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}


# -- export ------------------------------------------------------------------------------------


def document_value(content: Snapshot | StrategyDocument) -> dict[str, Any]:
    """The JSON value of a strategy, every list in its canonical order."""
    elements = sorted(
        content.elements, key=lambda e: (_SECTION_RANK.get(e.kind, len(_SECTION_RANK)), e.position)
    )
    parties = sorted(content.parties, key=lambda p: p.position)
    element_rank = {e.id: i for i, e in enumerate(elements)}
    party_rank = {p.id: i for i, p in enumerate(parties)}
    links = sorted(content.links, key=lambda k: (k.kind, k.source, k.target))
    owners = sorted(
        content.ownerships,
        key=lambda o: (element_rank.get(o.element, -1), o.element, party_rank.get(o.party, -1),
                       o.party),
    )

    def element(e: Any) -> dict[str, str]:
        value = {"id": e.id, "kind": str(e.kind), "title": e.title, "notes": e.notes}
        return value | {"status": e.status} if e.status else value

    def link(k: Any) -> dict[str, str]:
        value = {"id": k.id, "source": k.source, "target": k.target, "kind": k.kind}
        return value | {"strength": str(k.strength)} if k.strength is not None else value

    placements: dict[str, list[Any]] = {}
    for p in content.placements:
        placements.setdefault(p.map_id, []).append(p)

    def placement(p: Any) -> dict[str, Any]:
        value = {"element": p.element_id, "x": p.x, "y": p.y, "pinned": p.pinned}
        return value | {"horizon": p.horizon} if p.horizon is not None else value

    def map_(m: Any) -> dict[str, Any]:
        placed = sorted(
            placements.get(m.id, ()),
            key=lambda p: (element_rank.get(p.element_id, -1), p.element_id),
        )
        return {
            "id": m.id,
            "kind": str(m.kind),
            "title": m.title,
            "settings": dict(sorted(m.settings.items())),
            "placements": [placement(p) for p in placed],
        }

    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": content.title,
        "elements": [element(e) for e in elements],
        "link_kinds": [
            {"id": k.id, "label": k.label, "dash": k.dash, "color": k.color,
             "directed": k.directed}
            for k in sorted(content.link_kinds, key=lambda k: k.position)
        ],
        "links": [link(k) for k in links],
        "people": [{"id": p.id, "name": p.name, "kind": p.kind} for p in parties],
        "ownership": [
            {"person": o.party, "element": o.element, "role": str(o.role)} for o in owners
        ],
        "maps": [map_(m) for m in sorted(content.maps, key=lambda m: m.position)],
    } | sheets_value(content.sheets, content.sheet_templates) | okrs_value(
        content.objectives, content.key_results, content.check_ins)


def export_json(content: Snapshot | StrategyDocument) -> str:
    """Deterministic JSON text of a strategy (UTF-8 characters unescaped, a final newline)."""
    return json.dumps(document_value(content), ensure_ascii=False, indent=2) + "\n"


# -- import ------------------------------------------------------------------------------------


class _JsonObject(dict[str, Any]):
    """A decoded JSON object that remembers the keys it held more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        obj.duplicates = tuple(repeated)
    return obj


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _too_large(size: int) -> ImportProblem:
    limit = MAX_INPUT_BYTES // (1024 * 1024)
    return ImportProblem([("$", f"too large ({size:,} bytes); okrdesk reads up to {limit} MB")])


def decode_json(data: str | bytes) -> Any:
    """Decode UTF-8 JSON text (a leading byte-order mark is allowed) into Python values.

    Objects keep a `duplicates` attribute naming keys they held twice, for the checks.
    """
    if isinstance(data, bytes):
        size = len(data)
    else:  # a character is at most 4 bytes: encode only when it could matter
        size = len(data) if len(data) * 4 <= MAX_INPUT_BYTES else len(
            data.encode("utf-8", "surrogatepass"))
    if size > MAX_INPUT_BYTES:
        raise _too_large(size)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = f"not UTF-8 text (bad byte at offset {exc.start})"
            raise ImportProblem([("$", problem)]) from None
    try:
        return json.loads(data.removeprefix("\ufeff"), object_pairs_hook=_object,
                          parse_constant=_constant)
    except RecursionError:
        raise ImportProblem([("$", "nested too deeply to be an okrdesk strategy")]) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ImportProblem([("$", f"not valid JSON: {exc.msg} ({where})")]) from None
    except ValueError as exc:  # NaN/Infinity, numbers too long to convert
        raise ImportProblem([("$", f"not valid JSON: {exc}")]) from None


def parse_json(text: str | bytes) -> StrategyDocument:
    """Decode and check okrdesk JSON; raise ImportProblem listing every problem found."""
    return validate_value(decode_json(text))


def read_file_json(path: Path | str) -> StrategyDocument:
    """parse_json on a file's bytes; a file that cannot be read is an OkrdeskError."""
    return parse_json(_read_bytes(Path(path)))


def read_template_file(path: Path | str) -> SheetTemplateData:
    """A user's A3 sheet template from a JSON file (the shape of docs/file-format.md); raises
    ImportProblem listing every problem, or OkrdeskError when the file cannot be read."""
    return template_from_dict(decode_json(_read_bytes(Path(path))))


def template_json(template: SheetTemplateData) -> str:
    """A template as the text of a template file (read back by read_template_file)."""
    return json.dumps(template_value(template), ensure_ascii=False, indent=2) + "\n"


def _read_bytes(path: Path) -> bytes:
    """A JSON file's bytes, refused when it is not a regular file or too large."""
    try:
        facts = path.stat()
        if stat.S_ISDIR(facts.st_mode):
            raise OkrdeskError(f"{path.name}: is a folder, not a JSON file")
        if not stat.S_ISREG(facts.st_mode):
            raise OkrdeskError(f"{path.name}: is not a regular file")
        if facts.st_size > MAX_INPUT_BYTES:
            raise _too_large(facts.st_size)
        with path.open("rb") as fh:
            return fh.read(MAX_INPUT_BYTES + 1)  # a file growing meanwhile is still refused
    except FileNotFoundError:
        raise OkrdeskError(f"{path.name}: no such file") from None
    except PermissionError:
        raise OkrdeskError(f"{path.name}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise OkrdeskError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None


def write_strategy(path: Path | str, doc: StrategyDocument, *, overwrite: bool = False) -> None:
    """Create the strategy file `path` holding `doc`, atomically.

    The document is checked again first (so one built by hand gets the same checks, with
    paths into its export), and normalised: dense positions, correlations stored in their
    canonical direction. Raises ImportProblem or StrategyFileError; neither leaves a file,
    and an existing `path` is replaced only when `overwrite` is true.
    """
    checked = validate_value(document_value(doc))

    def populate(engine: Engine) -> None:
        with Session(engine) as session, session.begin():
            rows: list[tuple[Any, list[dict[str, Any]]]] = [
                (Element, [
                    {"id": e.id, "kind": str(e.kind), "title": e.title, "notes": e.notes,
                     "position": e.position, "status": e.status}
                    for e in checked.elements
                ]),
                (Party, [
                    {"id": p.id, "name": p.name, "kind": p.kind, "position": p.position}
                    for p in checked.parties
                ]),
                (Link, [
                    {"id": k.id, "source_id": k.source, "target_id": k.target, "kind": k.kind,
                     "strength": None if k.strength is None else str(k.strength)}
                    for k in checked.links
                ]),
                (Ownership, [
                    {"party_id": o.party, "element_id": o.element, "role": str(o.role)}
                    for o in checked.ownerships
                ]),
                (CustomLinkKind, [
                    {"id": k.id, "label": k.label, "dash": k.dash, "color": k.color,
                     "directed": k.directed, "position": k.position}
                    for k in checked.link_kinds
                ]),
                (Map, [
                    {"id": m.id, "kind": str(m.kind), "title": m.title, "position": m.position,
                     "settings": settings_text(m.settings)}
                    for m in checked.maps
                ]),
                (Placement, [
                    {"map_id": p.map_id, "element_id": p.element_id, "x": p.x, "y": p.y,
                     "pinned": p.pinned, "horizon": p.horizon}
                    for p in checked.placements
                ]),
                *sheet_rows(checked.sheets, checked.sheet_templates),
                *okr_rows(checked.objectives, checked.key_results, checked.check_ins),
            ]
            for table, values in rows:
                if values:
                    session.execute(insert(table), values)
            write_balances(session, checked.key_results)

    write_new(Path(path), checked.title, populate, overwrite=overwrite)


def json_schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) of format versions 1 to 4."""
    text = resources.files("okrdesk.models").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    value: dict[str, Any] = json.loads(text)
    return value
