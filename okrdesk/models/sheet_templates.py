"""A3 sheet templates as JSON data: the built-ins shipped in resources/templates/a3, and the
checks every template passes, whether it comes from there, from a user's template file, from
a JSON import or from the strategy file itself.

A template's JSON shape (documented in docs/file-format.md) is

    {"id": "experiment", "title": "Experiment A3", "header_label": "Aligned to objective",
     "sections": [{"key": "context", "title": "Context", "column": 0, "order": 0,
                   "prompt": "What is happening now?", "weight": 1.0}, ...]}

Section keys are how a sheet's texts are stored, so the keys of a built-in section are a
promise: a later okrdesk may reword, reorder or reweight the built-ins but never drops or
renames a key (tests pin them). That is why a sheet can follow a built-in by id alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from okrdesk.assets import resource
from okrdesk.models.errors import ImportProblem
from okrdesk.models.json_checks import MISSING, JsonChecker, describe
from okrdesk.models.sheet_data import (
    MAX_PROMPT_LENGTH,
    MAX_SECTION_KEY_LENGTH,
    MAX_SECTION_ORDER,
    MAX_SECTION_WEIGHT,
    MAX_SECTIONS,
    MAX_SHEET_LINE_LENGTH,
    SHEET_COLUMNS,
    SheetSectionSpec,
    SheetTemplateData,
)

# The built-in templates in the order okrdesk offers them (one file each in templates/a3).
BUILTIN_TEMPLATE_FILES = ("experiment.json", "backbriefing.json", "toyota.json")
_SECTION_KEY = re.compile(r"[A-Za-z0-9_-]+")


# -- to and from JSON values -------------------------------------------------------------------


def reading_order(sections: Iterable[SheetSectionSpec]) -> tuple[SheetSectionSpec, ...]:
    """Sections as a sheet is read: down the left column, then down the right one."""
    return tuple(sorted(sections, key=lambda s: (s.column, s.order, s.key)))


def section_value(s: SheetSectionSpec) -> dict[str, Any]:
    return {
        "key": s.key, "title": s.title, "column": s.column, "order": s.order,
        "prompt": s.prompt, "weight": float(s.weight),
    }


def template_value(t: SheetTemplateData) -> dict[str, Any]:
    """The JSON value of a template (a template file, an entry of "sheet_templates"); its
    sections in their reading order, left column first."""
    return {
        "id": t.id, "title": t.title, "header_label": t.header_label,
        "sections": [section_value(s) for s in reading_order(t.sections)],
    }


def sections_text(sections: tuple[SheetSectionSpec, ...]) -> str:
    """A template's sections as stored in the strategy file (sheet_template.sections)."""
    return json.dumps([section_value(s) for s in sections], ensure_ascii=False)


def sections_from_text(text: str) -> tuple[SheetSectionSpec, ...]:
    """The sections stored by sections_text (written by okrdesk, checked when written)."""
    return tuple(
        SheetSectionSpec(v["key"], v["title"], v["column"], v["order"], v["prompt"], v["weight"])
        for v in json.loads(text)
    )


def template_from_dict(
    value: Any, *, builtin: bool = False, position: int = 0
) -> SheetTemplateData:
    """Check a decoded template (e.g. a user's template file) and build it; ImportProblem
    lists every problem with its JSON path ($ is the template)."""
    c = JsonChecker()
    template = check_template(c, value, "$", builtin=builtin, position=position)
    if c.problems or template is None:
        raise ImportProblem(c.problems)
    return template


def template_problems(t: SheetTemplateData) -> list[tuple[str, str]]:
    """What is wrong with a template built in code (empty when it is fine); a section's path
    counts in the order of `t.sections`."""
    c = JsonChecker()
    check_template(c, template_value(t) | {"sections": [section_value(s) for s in t.sections]}, "$")
    return c.problems


# -- the built-ins -----------------------------------------------------------------------------


@cache
def builtin_templates() -> tuple[SheetTemplateData, ...]:
    """The templates okrdesk ships, read once. A broken one is a bug in okrdesk: it raises."""
    templates = []
    for position, name in enumerate(BUILTIN_TEMPLATE_FILES):
        text = resource("templates", "a3", name).read_text(encoding="utf-8")
        try:
            templates.append(template_from_dict(json.loads(text), builtin=True, position=position))
        except (ValueError, ImportProblem) as exc:
            raise RuntimeError(f"built-in A3 template {name} is broken: {exc}") from exc
    ids = [t.id for t in templates]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"built-in A3 templates share an id: {ids}")
    return tuple(templates)


def builtin_template(template_id: str) -> SheetTemplateData | None:
    return next((t for t in builtin_templates() if t.id == template_id), None)


# -- checks --------------------------------------------------------------------------------------


def check_template(
    c: JsonChecker, value: Any, path: str, *, builtin: bool = False, position: int = 0
) -> SheetTemplateData | None:
    """Check one template at `path`, adding every problem to `c`; None when it is not usable.
    The template's sections come in reading order, whatever their order in `value`."""
    obj = c.obj(value, path, "an A3 sheet template")
    if obj is None:
        return None
    before = len(c.problems)
    tid = c.ident(obj, "id", path)
    title = _line(c, obj, "title", path, required=True)
    label = _line(c, obj, "header_label", path, required=False)
    sections = _sections(c, obj, path)
    if len(c.problems) > before or None in (tid, title, label, sections):
        return None
    assert tid is not None and title is not None and label is not None
    assert sections is not None
    return SheetTemplateData(tid, title, label, reading_order(sections), builtin, position)


def _line(
    c: JsonChecker, obj: dict[str, Any], key: str, path: str, *, required: bool
) -> str | None:
    """A one-line text; a required one must not be blank."""
    text = c.string(obj, key, path, default=None if required else "",
                    max_length=MAX_SHEET_LINE_LENGTH)
    if text is not None and required and not text.strip():
        c.add(f"{path}.{key}", "must not be blank")
        return None
    return text


def _sections(
    c: JsonChecker, obj: dict[str, Any], path: str
) -> tuple[SheetSectionSpec, ...] | None:
    where = f"{path}.sections"
    items = obj.get("sections", MISSING)
    if items is MISSING:
        c.add(where, "missing (an array of sections)")
        return None
    if not isinstance(items, list):
        c.add(where, f"must be an array, not {describe(items)}")
        return None
    if not 1 <= len(items) <= MAX_SECTIONS:
        c.add(where, f"has {len(items)} sections; a template has 1 to {MAX_SECTIONS}")
        return None
    keys: dict[Any, str] = {}
    per_column: dict[int, int] = {}
    sections: list[SheetSectionSpec] = []
    for i, item in enumerate(items):
        section = _section(c, item, f"{where}[{i}]", keys, per_column)
        if section is not None:
            sections.append(section)
    return tuple(sections) if len(sections) == len(items) else None


def _section(
    c: JsonChecker, item: Any, path: str, keys: dict[Any, str], per_column: dict[int, int]
) -> SheetSectionSpec | None:
    obj = c.obj(item, path, "a section")
    if obj is None:
        return None
    key = c.string(obj, "key", path, min_length=1, max_length=MAX_SECTION_KEY_LENGTH)
    if key is not None and not _SECTION_KEY.fullmatch(key):
        c.add(f"{path}.key", f"{key!r} is not a section key: use letters, digits, _ and -")
        key = None
    if key is not None and not c.unique(keys, key, f"{path}.key", f"duplicate section key {key!r}"):
        key = None
    title = _line(c, obj, "title", path, required=True)
    column = _integer(c, obj, "column", path, 0, SHEET_COLUMNS - 1, None)
    # Without an order, sections keep the order in which they are listed in their column.
    order = _integer(c, obj, "order", path, 0, MAX_SECTION_ORDER,
                     per_column.get(column if column is not None else -1, 0))
    if column is not None:
        per_column[column] = per_column.get(column, 0) + 1
    prompt = c.string(obj, "prompt", path, default="", max_length=MAX_PROMPT_LENGTH)
    weight = _weight(c, obj, path)
    if None in (key, title, column, order, prompt, weight):
        return None
    assert key is not None and title is not None and column is not None
    assert order is not None and prompt is not None and weight is not None
    return SheetSectionSpec(key, title, column, order, prompt, weight)


def _integer(
    c: JsonChecker, obj: dict[str, Any], key: str, path: str, low: int, high: int,
    default: int | None,
) -> int | None:
    """An integer from low to high (1.0 counts as 1); `default` when absent (None: required)."""
    value = obj.get(key, MISSING)
    if value is MISSING:
        if default is None:
            c.add(f"{path}.{key}", "missing")
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        shown = value if isinstance(value, int | float) and not isinstance(value, bool) else (
            describe(value))
        c.add(f"{path}.{key}", f"must be a whole number from {low} to {high}, not {shown}")
        return None
    return value


def _weight(c: JsonChecker, obj: dict[str, Any], path: str) -> float | None:
    value = obj.get("weight", 1.0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        c.add(f"{path}.weight", f"must be a number, not {describe(value)}")
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        number = math.inf
    if not 0 < number <= MAX_SECTION_WEIGHT:
        shown = value if math.isfinite(number) else "a number that large"
        c.add(f"{path}.weight", f"must be above 0 and at most {MAX_SECTION_WEIGHT:g} (a share "
                                f"of the column's height), not {shown}")
        return None
    return number
