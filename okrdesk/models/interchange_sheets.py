"""A3 sheets and the file's own sheet templates in okrdesk JSON (format version 3): how they
are written, and how they are checked on import.

    "sheet_templates": [{"id": "retro", "title": "Retrospective A3", "header_label": "",
                         "sections": [{"key": "went_well", "title": "What went well", ...}]}],
    "sheets": [{"id": "s1", "template": "experiment", "title": "Trunk-based trial",
                "element": "t1", "author": "Ada", "date": "2027-03-01",
                "texts": {"hypotheses": "We believe ..."}}]

A template entry has the shape of a template file (sheet_templates.check_template does both).
A sheet names a built-in template or an entry of "sheet_templates"; its texts are keyed by the
sections of that template. Problems go to the same JsonChecker as the rest of the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from okrdesk.models.json_checks import MISSING, JsonChecker, describe, member
from okrdesk.models.schema import Sheet, SheetTemplate, SheetText
from okrdesk.models.sheet_data import (
    MAX_SHEET_LINE_LENGTH,
    MAX_SHEET_TEXT_LENGTH,
    SheetData,
    SheetTemplateData,
    sheet_date_ok,
)
from okrdesk.models.sheet_templates import (
    builtin_template,
    builtin_templates,
    check_template,
    reading_order,
    sections_text,
    template_value,
)

SHEETS_SINCE = 3  # the format version that brought sheets and sheet templates

# (the ids of every template entry with a usable id, None when the array is unusable;
#  the fully valid templates by id)
Templates = tuple[set[str] | None, dict[str, SheetTemplateData]]


# -- export ------------------------------------------------------------------------------------


def sheets_value(
    sheets: Iterable[SheetData], own: Iterable[SheetTemplateData]
) -> dict[str, list[Any]]:
    """"sheet_templates" (the file's own, in order) and "sheets" (in order) of an export."""
    templates = sorted(own, key=lambda t: t.position)
    by_id = {t.id: t for t in templates}

    def sheet(x: SheetData) -> dict[str, Any]:
        template = by_id.get(x.template_id) or builtin_template(x.template_id)
        sections = reading_order(template.sections) if template is not None else ()
        order = {s.key: i for i, s in enumerate(sections)}
        keys = sorted((k for k, v in x.texts.items() if v), key=lambda k: (order.get(k, 999), k))
        return {
            "id": x.id, "template": x.template_id, "title": x.title, "element": x.element_id,
            "author": x.author, "date": x.date, "texts": {k: x.texts[k] for k in keys},
        }

    return {
        "sheet_templates": [template_value(t) for t in templates],
        "sheets": [sheet(x) for x in sorted(sheets, key=lambda x: x.position)],
    }


def sheet_rows(
    sheets: Iterable[SheetData], own: Iterable[SheetTemplateData]
) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows a new strategy file gets for checked sheets and templates (in insert order)."""
    sheets = tuple(sheets)
    return [
        (SheetTemplate, [
            {"id": t.id, "title": t.title, "header_label": t.header_label,
             "sections": sections_text(t.sections), "position": t.position}
            for t in own
        ]),
        (Sheet, [
            {"id": x.id, "template_id": x.template_id, "title": x.title,
             "element_id": x.element_id, "author": x.author, "date": x.date,
             "position": x.position}
            for x in sheets
        ]),
        (SheetText, [
            {"sheet_id": x.id, "key": key, "text": text}
            for x in sheets for key, text in x.texts.items() if text
        ]),
    ]


# -- import ------------------------------------------------------------------------------------


def read_sheet_templates(c: JsonChecker, top: dict[str, Any]) -> Templates:
    """The file's own templates of a document."""
    if "sheet_templates" in top and c.version < SHEETS_SINCE:
        c.newer("$.sheet_templates", "A3 sheet templates", SHEETS_SINCE)
        return None, {}
    builtin_ids = {t.id for t in builtin_templates()}
    seen: dict[Any, str] = {}
    valid: dict[str, SheetTemplateData] = {}
    for i, item in enumerate(c.array(top, "sheet_templates", required=False)):
        path = f"$.sheet_templates[{i}]"
        template = check_template(c, item, path, position=len(valid))
        tid = item.get("id") if isinstance(item, dict) else None
        if not isinstance(tid, str) or not tid:
            continue  # reported by check_template
        if tid in builtin_ids:
            c.add(f"{path}.id", f"{tid!r} is the id of a built-in template; give this one "
                                "another id")
            continue
        fresh = c.unique(seen, tid, f"{path}.id", f"duplicate sheet template id {tid!r}")
        if fresh and template is not None:
            valid[tid] = template
    return (None if "sheet_templates" in c.broken else set(seen)), valid


def read_sheets(
    c: JsonChecker, top: dict[str, Any], elements: set[str] | None, templates: Templates
) -> tuple[SheetData, ...]:
    """The sheets of a document; `elements` are the element ids (None when unknowable)."""
    if "sheets" in top and c.version < SHEETS_SINCE:
        c.newer("$.sheets", "A3 sheets", SHEETS_SINCE)
        return ()
    seen: dict[Any, str] = {}
    sheets: list[SheetData] = []
    for i, item in enumerate(c.array(top, "sheets", required=False)):
        path = f"$.sheets[{i}]"
        obj = c.obj(item, path, "an A3 sheet")
        if obj is None:
            continue
        before = len(c.problems)
        sid = c.ident(obj, "id", path)
        if sid is not None:
            c.unique(seen, sid, f"{path}.id", f"duplicate sheet id {sid!r}")
        template_id = c.ident(obj, "template", path)
        template = _template(c, path, template_id, templates)
        title = c.string(obj, "title", path, default="", max_length=MAX_SHEET_LINE_LENGTH)
        element = _element(c, obj, path, elements)
        author = c.string(obj, "author", path, default="", max_length=MAX_SHEET_LINE_LENGTH)
        date = c.string(obj, "date", path, default="")
        if date is not None and not sheet_date_ok(date):
            c.add(f"{path}.date", f"{date[:40]!r} is not a date; write YYYY-MM-DD, or \"\" for "
                                  "none")
        texts = _texts(c, obj, path, template)
        if len(c.problems) == before:
            assert sid is not None and template_id is not None and title is not None
            assert author is not None and date is not None and texts is not None
            sheets.append(
                SheetData(sid, template_id, title, element, author, date, texts, len(sheets))
            )
    return tuple(sheets)


def _template(
    c: JsonChecker, path: str, template_id: str | None, templates: Templates
) -> SheetTemplateData | None:
    """The sheet's template; None when it is unknown or broken (a broken one is reported at
    its own entry, an unknown one here)."""
    if template_id is None:
        return None
    found = builtin_template(template_id) or templates[1].get(template_id)
    known = templates[0]
    if found is None and known is not None and template_id not in known:
        builtin = ", ".join(t.id for t in builtin_templates())
        c.add(f"{path}.template", f"no A3 sheet template has the id {template_id!r} (built-in: "
                                  f"{builtin}; others must be in $.sheet_templates)")
    return found


def _element(
    c: JsonChecker, obj: dict[str, Any], path: str, elements: set[str] | None
) -> str | None:
    """The element a sheet's header links to: null (or absent) for none."""
    if obj.get("element") is None:
        return None
    element = c.ident(obj, "element", path)
    if element is not None and elements is not None and element not in elements:
        c.add(f"{path}.element", f"no element has the id {element!r}")
    return element


def _texts(
    c: JsonChecker, obj: dict[str, Any], path: str, template: SheetTemplateData | None
) -> dict[str, str] | None:
    """The texts of a sheet by section key; empty texts are dropped."""
    where = f"{path}.texts"
    value = obj.get("texts", MISSING)
    if value is MISSING:
        return {}
    texts = c.obj(value, where, "the sheet's texts by section key")
    if texts is None:
        return None
    kept: dict[str, str] = {}
    for key, text in texts.items():
        at = member(where, key)
        if not c.text_ok(key, at):
            continue
        if template is not None and template.section(key) is None:
            sections = ", ".join(s.key for s in reading_order(template.sections))
            c.add(at, f"the template {template.id!r} has no section {key!r} (its sections: "
                      f"{sections})")
        elif not isinstance(text, str):
            c.add(at, f"must be a string, not {describe(text)}")
        elif len(text) > MAX_SHEET_TEXT_LENGTH:
            c.add(at, f"is {len(text):,} characters long; at most {MAX_SHEET_TEXT_LENGTH:,} are "
                      "allowed")
        elif c.text_ok(text, at) and text:
            kept[key] = text
    return kept
