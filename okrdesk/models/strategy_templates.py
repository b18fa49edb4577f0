"""Strategy templates: a strategy's frames, or the whole strategy, kept to start new ones from.

A template is okrdesk JSON (format 4, docs/file-format.md) with one more top-level object,
"template", which the JSON import (and so `okrdesk import`) ignores:

    {"format": "okrdesk", "version": 4, "title": "Classic Hoshin X-Matrix",
     "template": {"version": 1, "name": "Classic Hoshin X-Matrix", "description": "...",
                  "content": false, "settings": {"xmatrix": {"labels": "hoshin"}}},
     "elements": [], ...}

"settings" carries the strategy-level settings that a JSON export leaves out: the X-Matrix's
label mode (TASTE or classic Hoshin words and marks), paper and drawing options. Whether a
template is built in depends on where it was found, never on what the file says.

Structure and content. A template without content keeps the empty frames a coach reuses from
one client to the next and drops everything the client said:
  kept     the X-Matrix settings, the file's own A3 templates, its own link kinds, the maps
           (kind, title and settings such as axis, corner and column labels) and the A3 sheets
           (their template and title);
  dropped  the elements (True North too), correlations and relationships, people and
           ownership, where options sit on the maps, the sheets' texts, author, date and
           header link, objectives, key results and check-ins.
A template with content is the whole strategy. Reading, listing and saving template files is
strategy_template_files.py.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrdesk.models.atomic import fsync_and_replace, temp_beside
from okrdesk.models.errors import ImportProblem, OkrdeskError, StrategyFileError
from okrdesk.models.interchange import document_value, write_strategy
from okrdesk.models.interchange_validate import StrategyDocument, validate_value
from okrdesk.models.kinds import KIND_ORDER, MAP_TITLES, SECTION_TITLES, SINGULAR_TITLES
from okrdesk.models.sheet_templates import builtin_template
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

TEMPLATE_KEY = "template"  # the header's key in a template file
TEMPLATE_VERSION = 1  # of the header; a newer one is refused with a message
MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 4_000
# The strategy-level settings okrdesk keeps (Strategy.setting); a template carries them all.
STRATEGY_SETTING_KEYS = ("xmatrix",)
# What a template without content keeps of a JSON export; any other array is emptied, so
# what a later format adds counts as content until someone decides otherwise here.
_STRUCTURE_KEYS = frozenset({"link_kinds", "maps", "sheet_templates", "sheets"})


class TemplateProblem(OkrdeskError):
    """A template cannot be used or made; str() says why in one line."""


@dataclass(frozen=True)
class StrategyTemplate:
    name: str
    description: str
    document: StrategyDocument  # what a new strategy gets (its title is replaced)
    settings: dict[str, Any] = field(default_factory=dict, hash=False)  # strategy-level
    with_content: bool = False
    builtin: bool = False


def strategy_settings(strategy: Strategy) -> dict[str, Any]:
    """The strategy-level settings a template of `strategy` carries."""
    found = {key: strategy.setting(key) for key in STRATEGY_SETTING_KEYS}
    return {key: value for key, value in found.items() if value is not None}


def structure_value(snapshot: Snapshot | StrategyDocument) -> dict[str, Any]:
    """The JSON value of a strategy's frames: its export with the content taken out."""
    value = document_value(snapshot)
    for key, item in value.items():
        if isinstance(item, list) and key not in _STRUCTURE_KEYS:
            value[key] = []
    for map_ in value["maps"]:
        map_["placements"] = []
    for sheet in value["sheets"]:
        sheet.update(element=None, author="", date="", texts={})
    return value


def template_from_snapshot(
    snapshot: Snapshot | StrategyDocument,
    settings: Mapping[str, Any],
    name: str,
    description: str,
    with_content: bool,
) -> StrategyTemplate:
    """A template of a strategy: its frames only, or (`with_content`) all of it."""
    name = " ".join(name.split())
    if not name:
        raise TemplateProblem("A template needs a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise TemplateProblem(f"A template's name is at most {MAX_NAME_LENGTH} characters.")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise TemplateProblem(
            f"A template's description is at most {MAX_DESCRIPTION_LENGTH:,} characters."
        )
    value = document_value(snapshot) if with_content else structure_value(snapshot)
    try:
        kept = json.loads(json.dumps(dict(settings)))  # a deep copy, and proof it is JSON
    except (TypeError, ValueError) as exc:
        raise TemplateProblem(f"The strategy's settings cannot be saved: {exc}") from None
    return StrategyTemplate(name, description, validate_value(value), kept, with_content)


def template_value(template: StrategyTemplate) -> dict[str, Any]:
    """The JSON value of a template file: the document with the header after its title."""
    doc = document_value(template.document)
    header = {
        "version": TEMPLATE_VERSION,
        "name": template.name,
        "description": template.description,
        "content": template.with_content,
        "settings": template.settings,
    }
    head = {key: doc.pop(key) for key in ("format", "version", "title")}
    return head | {TEMPLATE_KEY: header} | doc


def template_text(template: StrategyTemplate) -> str:
    """A template as the text of a template file (read back by strategy_template_files)."""
    return json.dumps(template_value(template), ensure_ascii=False, indent=2) + "\n"


# -- a new strategy ----------------------------------------------------------------------------


def new_strategy_from_template(
    template: StrategyTemplate, path: Path | str, title: str, *, overwrite: bool = False
) -> None:
    """Create the strategy file `path` from `template`, titled `title`, atomically.

    The document goes through the JSON import's writer; the settings are written into that
    file before it is renamed into place, so a failure leaves no file (and any old one intact).
    Raises TemplateProblem or StrategyFileError with a message for the user.
    """
    target = Path(path)
    document = dataclasses.replace(template.document, title=title)
    try:
        if not template.settings:
            write_strategy(target, document, overwrite=overwrite)
            return
        if target.exists() and not overwrite:
            raise StrategyFileError(f"{target.name}: already exists")
        if not target.parent.is_dir():
            raise StrategyFileError(f"{target.parent}: no such folder")
        _write_with_settings(target, document, template.settings)
    except ImportProblem as problem:  # a template built in code that breaks a rule
        raise TemplateProblem(f"The template “{template.name}” is not usable: {problem}") from None


def _write_with_settings(
    target: Path, document: StrategyDocument, settings: dict[str, Any]
) -> None:
    """The strategy with its settings, built beside `target` and renamed into place."""
    try:
        with temp_beside(target) as tmp:
            write_strategy(tmp, document, overwrite=True)
            file = StrategyFile.open(tmp)
            try:
                strategy = Strategy(file)
                for key, value in sorted(settings.items()):
                    strategy.set_setting(key, value)
            finally:
                file.close()  # folds the WAL into the file before it moves
            fsync_and_replace(tmp, target)
    except PermissionError:
        raise StrategyFileError(f"{target.parent}: folder is read-only, cannot write") from None
    except OSError as exc:
        raise StrategyFileError(f"{target.name}: cannot be written ({exc.strerror})") from None


# -- what a template holds -------------------------------------------------------------------


def describe_template(template: StrategyTemplate) -> list[str]:
    """What a template holds, one line each, for a preview ("  • " marks a line's items)."""
    doc = template.document
    xmatrix = template.settings.get("xmatrix")
    options = xmatrix if isinstance(xmatrix, dict) else {}
    words = ("classic Hoshin Kanri words and marks (● ○ △)" if options.get("labels") == "hoshin"
             else "TASTE words (True North, Aspirations, Strategies, Tactics, Evidence)")
    lines = [f"X-Matrix: {words}"]
    if options.get("stage") == "taste1":
        lines.append("  • starts at TASTE (I): tactics are hidden until TASTE (II)")
    if options.get("owners"):
        lines.append("  • with columns for the people and teams responsible")
    counts = [(kind, sum(e.kind == kind for e in doc.elements)) for kind in KIND_ORDER]
    items = [_count(n, SINGULAR_TITLES[kind], SECTION_TITLES[kind]) for kind, n in counts if n]
    lines.append("Items: " + (", ".join(items) if items else "none (empty sections to fill in)"))
    if doc.links:
        lines.append(_count(len(doc.links), "correlation or relationship",
                            "correlations and relationships"))
    lines += _listed("Map", [f"{m.title} ({MAP_TITLES[m.kind]})" for m in doc.maps])
    own = {t.id: t for t in doc.sheet_templates}
    followed = {s.id: own.get(s.template_id) or builtin_template(s.template_id) for s in doc.sheets}
    lines += _listed("A3 sheet", [
        f"{s.title} ({t.title if (t := followed[s.id]) else s.template_id})" for s in doc.sheets
    ])
    lines += _listed("A3 template of its own", [t.title for t in doc.sheet_templates],
                     plural="A3 templates of its own")
    if doc.link_kinds:
        lines.append("Link kinds of its own: " + ", ".join(k.label for k in doc.link_kinds))
    if doc.parties:
        lines.append(_count(len(doc.parties), "person or team", "people and teams"))
    if doc.objectives:
        lines.append(
            f"OKRs: {_count(len(doc.objectives), 'objective')}, "
            f"{_count(len(doc.key_results), 'key result')}, "
            f"{_count(len(doc.check_ins), 'check-in')}"
        )
    return lines


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _listed(what: str, titles: list[str], plural: str = "") -> list[str]:
    if not titles:
        return []
    return [f"{_count(len(titles), what, plural)}:", *(f"  • {t}" for t in titles)]
