"""What an objective or key result may hold: the checks add_/update_objective and
add_/update_key_result run before they write (see okrs.py).

Checks that need no file come first (`objective_fields`, `key_result_fields`); the ones that
look up what ids name (`check_parents`, `check_measures`, `check_balances`) take the session
of the edit, so they see the file as the edit will change it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.kinds import ElementKind, with_article
from okrdesk.models.okr_data import (
    KEY_RESULT_FIELDS,
    MAX_OKR_TITLE_LENGTH,
    MAX_OWNER_LENGTH,
    MAX_UNIT_LENGTH,
    OBJECTIVE_FIELDS,
    Direction,
    Indicator,
    ObjectiveKind,
)
from okrdesk.models.okr_rows import (
    check_choice,
    check_date,
    check_ids,
    check_number,
    check_text,
)
from okrdesk.models.schema import Element, KeyResult, Objective, ObjectiveAlignment

# Elements an objective may align to: the X-Matrix's strategies frame objectives, and an
# objective may serve an aspiration directly (DOMAIN.md, "Bridge to TASTE").
PARENT_KINDS = (ElementKind.STRATEGY, ElementKind.ASPIRATION)


def _unknown(changes: dict[str, Any], allowed: tuple[str, ...], what: str, call: str) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if "current" in unknown and allowed is KEY_RESULT_FIELDS:
        raise InvalidOperation(
            "A key result's current value is its latest check-in's value; check in instead."
        )
    if unknown:
        raise InvalidOperation(
            f"{what} has no field {unknown[0]!r}; {call} changes {', '.join(allowed)}."
        )


def objective_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields of an objective, checked and converted to what is stored."""
    _unknown(changes, OBJECTIVE_FIELDS, "An objective", "update_objective")
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "title":
            clean[key] = check_text(value, "An objective's title", MAX_OKR_TITLE_LENGTH)
        elif key == "kind":
            clean[key] = check_choice(value, ObjectiveKind, "An objective's kind")
        elif key in ("period_start", "period_end"):
            what = "The period's start" if key == "period_start" else "The period's end"
            clean[key] = check_date(value, what, empty_ok=True)
        elif key == "owner":
            clean[key] = check_text(value, "An objective's owner", MAX_OWNER_LENGTH)
        elif key == "aligns_to":
            clean[key] = check_ids(value, "What an objective aligns to")
        elif not isinstance(value, bool):  # wig
            raise InvalidOperation(f"An objective's wig is True or False, not {value!r}.")
        else:
            clean[key] = value
    return clean


def key_result_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields of a key result, checked and converted to what is stored."""
    _unknown(changes, KEY_RESULT_FIELDS, "A key result", "update_key_result")
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "title":
            clean[key] = check_text(value, "A key result's title", MAX_OKR_TITLE_LENGTH)
        elif key in ("baseline", "target"):
            clean[key] = check_number(value, f"A key result's {key}")
        elif key == "unit":
            clean[key] = check_text(value, "A key result's unit", MAX_UNIT_LENGTH)
        elif key == "direction":
            clean[key] = check_choice(value, Direction, "A key result's direction")
        elif key == "indicator":
            clean[key] = check_choice(value, Indicator, "A key result's indicator")
        elif key == "measures":
            clean[key] = check_ids(value, "The evidence a key result measures")
        elif value is not None and (not isinstance(value, str) or not value):  # balances
            raise InvalidOperation(f"A key result balances a key result id or None, not {value!r}.")
        else:
            clean[key] = value
    return clean


def _title(text: str) -> str:
    return f"“{text}”" if text.strip() else "(untitled)"


def check_parents(s: Session, objective_id: str, parents: tuple[str, ...]) -> None:
    """Each parent is a strategy, an aspiration or another objective, and the objectives do
    not align in a circle."""
    objective_parents: list[str] = []
    for parent in parents:
        if parent == objective_id:
            raise InvalidOperation("An objective cannot align to itself.")
        element = s.get(Element, parent)
        if element is not None:
            if element.kind not in PARENT_KINDS:
                kind = ElementKind(element.kind)
                raise InvalidOperation(
                    f"An objective aligns to a strategy, an aspiration or another objective, "
                    f"not to {with_article(kind)} ({_title(element.title)})."
                )
        elif s.get(Objective, parent) is not None:
            objective_parents.append(parent)
        else:
            raise InvalidOperation(f"Nothing has the id {parent!r} to align an objective to.")
    circle = _circle(s, objective_id, objective_parents)
    if circle:
        titles = dict(s.execute(select(Objective.id, Objective.title)).all())
        path = " → ".join(_title(titles.get(o, "")) for o in circle)
        raise InvalidOperation(f"Objectives cannot align in a circle: {path}.")


def _circle(s: Session, objective_id: str, parents: list[str]) -> list[str]:
    """The path objective → … → objective the new parents would close, or []."""
    a = ObjectiveAlignment
    up: dict[str, list[str]] = {}
    query = select(a.objective_id, a.parent_id).where(a.parent_id.in_(select(Objective.id)))
    for child, parent in s.execute(query.order_by(a.objective_id, a.position)).all():
        up.setdefault(child, []).append(parent)
    up[objective_id] = parents
    trail: list[str] = [objective_id]
    seen: set[str] = set()

    def walk(node: str) -> bool:
        for parent in up.get(node, ()):
            trail.append(parent)
            if parent == objective_id:
                return True
            if parent not in seen:
                seen.add(parent)
                if walk(parent):
                    return True
            trail.pop()
        return False

    return trail if walk(objective_id) else []


def check_measures(s: Session, measures: tuple[str, ...]) -> None:
    for element_id in measures:
        element = s.get(Element, element_id)
        if element is None:
            raise InvalidOperation(f"No element has the id {element_id!r} to measure.")
        if element.kind != ElementKind.EVIDENCE:
            kind = ElementKind(element.kind)
            raise InvalidOperation(
                f"A key result measures Evidence, not {with_article(kind)} "
                f"({_title(element.title)})."
            )


def check_balances(s: Session, key_result_id: str | None, balances: str | None) -> None:
    if balances is None:
        return
    if balances == key_result_id:
        raise InvalidOperation("A key result cannot balance itself; pick another key result.")
    if s.get(KeyResult, balances) is None:
        raise InvalidOperation(f"No key result has the id {balances!r} to balance.")
