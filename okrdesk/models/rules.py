"""Health checks of a strategy: findings as data, pure functions of a Snapshot.

The health panel, the ``okrdesk check`` command and later canvases all read the same
`Finding` records. `check` never touches the file or Qt: it indexes the snapshot once (dicts
and sets) and runs in linear time. networkx is loaded only when the outcomes' "needs"
relation has a cycle, to list the cycles (their number capped).

Order of the findings: by TASTE section (True North, Aspirations, Strategies, Evidence,
Tactics), a section's own findings first (over its limit, tactics before evidence), then its
items by position, each item's findings in the order of `CODES`. Then, when the strategy has
outcomes, the option-map findings of `okrdesk.models.graph.option_findings` (codes
`graph.OPTION_CHECK_CODES`: needs cycles, then unconnected outcomes by position). Then, when
the strategy has objectives, the OKR findings of `okrdesk.models.okr_rules.okr_findings`
(codes `okr_rules.OKR_CODES`: focus, alignment, leading measures, activities, weekly
check-ins; the check-ins are dated against `today`). Facts about
the option graph that are no problem (conflicts drawn, the options most depended on) are not
health findings: `okrdesk.models.graph.option_insights` gives them to the analysis panel, so a
clean map keeps ``okrdesk check`` at exit status 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from okrdesk.models.kinds import (
    SECTION_TITLES,
    SINGULAR_TITLES,
    TASTE_SECTIONS,
    ElementKind,
    LinkKind,
)
from okrdesk.models.snapshot import ElementData, Snapshot


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    element_ids: tuple[str, ...] = ()


EMPTY_TRUE_NORTH = "empty-true-north"
SECTION_OVER_LIMIT = "section-over-limit"
TACTICS_BEFORE_EVIDENCE = "tactics-before-evidence"
UNTITLED_ELEMENT = "untitled-element"
ASPIRATION_UNSERVED = "aspiration-unserved"
STRATEGY_WITHOUT_TACTIC = "strategy-without-tactic"
EVIDENCE_UNLINKED = "evidence-unlinked"
TACTIC_WITHOUT_EVIDENCE = "tactic-without-evidence"

# Every TASTE code `check` can report, in the order a section's findings come out (the
# option-map codes it adds after them are `okrdesk.models.graph.OPTION_CHECK_CODES`).
CODES: tuple[str, ...] = (
    EMPTY_TRUE_NORTH,
    SECTION_OVER_LIMIT,
    TACTICS_BEFORE_EVIDENCE,
    UNTITLED_ELEMENT,
    ASPIRATION_UNSERVED,
    STRATEGY_WITHOUT_TACTIC,
    EVIDENCE_UNLINKED,
    TACTIC_WITHOUT_EVIDENCE,
)

# "Prefer fewer items than the template allows": a nudge, never a block.
DEFAULT_SOFT_LIMITS: Mapping[ElementKind, int] = MappingProxyType(
    {
        ElementKind.ASPIRATION: 5,
        ElementKind.STRATEGY: 5,
        ElementKind.EVIDENCE: 8,
        ElementKind.TACTIC: 10,
    }
)


@dataclass(frozen=True)
class _Coverage:
    """An arm whose every item should correlate with at least one item of `partner`."""

    code: str
    partner: ElementKind
    gap: str  # message when the partner section has items, none correlated with this one
    not_yet: str  # message when the partner section is still empty


_COVERAGE: dict[ElementKind, _Coverage] = {
    ElementKind.ASPIRATION: _Coverage(
        ASPIRATION_UNSERVED,
        ElementKind.STRATEGY,
        "No strategy serves aspiration {title}.",
        "No strategy serves aspiration {title} yet: the Strategies section is empty.",
    ),
    ElementKind.STRATEGY: _Coverage(
        STRATEGY_WITHOUT_TACTIC,
        ElementKind.TACTIC,
        "Strategy {title} has no tactic to carry it out.",
        "Strategy {title} has no tactic yet: the Tactics section is empty.",
    ),
    ElementKind.EVIDENCE: _Coverage(
        EVIDENCE_UNLINKED,
        ElementKind.ASPIRATION,
        "Evidence {title} is tied to no aspiration.",
        "Evidence {title} is tied to no aspiration yet: the Aspirations section is empty.",
    ),
    ElementKind.TACTIC: _Coverage(
        TACTIC_WITHOUT_EVIDENCE,
        ElementKind.EVIDENCE,
        "Tactic {title} has no evidence to show whether it works.",
        "Tactic {title} has no evidence yet: the Evidence section is empty.",
    ),
}

_MAX_TITLE = 60


def _label(element: ElementData, number: int) -> str:
    """The element's title in quotes, shortened; "<number> (untitled)" when it has none."""
    title = " ".join(element.title.split())
    if not title:
        return f"{number} (untitled)"
    if len(title) > _MAX_TITLE:
        title = title[: _MAX_TITLE - 1].rstrip() + "…"
    return f"“{title}”"


def _sections(snapshot: Snapshot) -> dict[ElementKind, list[ElementData]]:
    sections: dict[ElementKind, list[ElementData]] = {kind: [] for kind in TASTE_SECTIONS}
    for element in snapshot.elements:
        if element.kind in sections:
            sections[element.kind].append(element)
    for items in sections.values():
        items.sort(key=lambda e: (e.position, e.id))
    return sections


def _partner_kinds(snapshot: Snapshot) -> dict[str, set[ElementKind]]:
    """{element id: the kinds of the elements it correlates with, either direction}."""
    kinds = {e.id: e.kind for e in snapshot.elements}
    partners: dict[str, set[ElementKind]] = {element_id: set() for element_id in kinds}
    for link in snapshot.links:
        if link.kind != LinkKind.CORRELATION:
            continue
        a, b = kinds.get(link.source), kinds.get(link.target)
        if a is None or b is None:
            continue  # a dangling link correlates nothing
        partners[link.source].add(b)
        partners[link.target].add(a)
    return partners


def check(
    snapshot: Snapshot,
    *,
    soft_limits: Mapping[ElementKind, int] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Every health finding of `snapshot`, in a stable order (see the module docstring).

    `soft_limits` maps a section to the most items it should hold; sections it leaves out
    have no limit. None means DEFAULT_SOFT_LIMITS (to change one limit, pass
    ``{**DEFAULT_SOFT_LIMITS, kind: n}``). `today` (default: the date today) is the day
    against which key results without a recent check-in are found. For OKR findings,
    `Finding.element_ids` holds objective and key result ids.
    """
    limits = DEFAULT_SOFT_LIMITS if soft_limits is None else soft_limits
    sections = _sections(snapshot)
    partners = _partner_kinds(snapshot)
    findings: list[Finding] = []

    for kind in TASTE_SECTIONS:
        items = sections[kind]
        if kind == ElementKind.TRUE_NORTH:
            findings.extend(_true_north(items))
        limit = limits.get(kind)
        if limit is not None and len(items) > limit:
            findings.append(
                Finding(
                    SECTION_OVER_LIMIT,
                    Severity.INFO,
                    f"The {SECTION_TITLES[kind]} section holds {len(items)} items; "
                    f"prefer {limit} or fewer.",
                    tuple(e.id for e in items),
                )
            )
        if kind == ElementKind.TACTIC and items and not sections[ElementKind.EVIDENCE]:
            findings.append(
                Finding(
                    TACTICS_BEFORE_EVIDENCE,
                    Severity.WARNING,
                    "Tactics are entered while there is no evidence yet: decide how progress "
                    "will show (Measure) before choosing what to do (Method).",
                    tuple(e.id for e in items),
                )
            )
        coverage = _COVERAGE.get(kind)
        for number, element in enumerate(items, start=1):
            label = _label(element, number)
            if kind != ElementKind.TRUE_NORTH and not element.title.strip():
                findings.append(
                    Finding(
                        UNTITLED_ELEMENT,
                        Severity.WARNING,
                        f"{SINGULAR_TITLES[kind]} {number} has no title.",
                        (element.id,),
                    )
                )
            if coverage is not None and coverage.partner not in partners[element.id]:
                partner_exists = bool(sections[coverage.partner])
                findings.append(
                    Finding(
                        coverage.code,
                        Severity.WARNING if partner_exists else Severity.INFO,
                        (coverage.gap if partner_exists else coverage.not_yet).format(title=label),
                        (element.id,),
                    )
                )
    if any(e.kind == ElementKind.OUTCOME for e in snapshot.elements):
        from okrdesk.models.graph import option_findings  # graph imports this module

        findings.extend(option_findings(snapshot))
    if snapshot.objectives:
        from okrdesk.models.okr_rules import okr_findings  # okr_rules imports this module

        findings.extend(okr_findings(snapshot, today))
    return findings


def _true_north(items: list[ElementData]) -> list[Finding]:
    if not items:
        return [
            Finding(
                EMPTY_TRUE_NORTH,
                Severity.ERROR,
                "The strategy has no True North: state the direction everything else serves.",
            )
        ]
    return [
        Finding(
            EMPTY_TRUE_NORTH,
            Severity.ERROR,
            "The True North is empty: state the direction everything else serves.",
            (element.id,),
        )
        for element in items
        if not element.title.strip()
    ]


def summary(findings: Iterable[Finding]) -> str:
    """One line: "No findings." or e.g. "3 findings: 1 error, 2 warnings"."""
    counts = Counter(f.severity for f in findings)
    total = sum(counts.values())
    if not total:
        return "No findings."
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = counts[severity]
        if n:
            noun = severity.value if n == 1 or severity == Severity.INFO else f"{severity}s"
            parts.append(f"{n} {noun}")
    return f"{total} finding{'s' if total != 1 else ''}: {', '.join(parts)}"
