"""What the X-Matrix shows, read from a snapshot: the arms in display order, the marks at the
crossings, the orphans. No geometry here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from okrdesk.layout.xmatrix_options import ARM_WORDS, XMatrixOptions
from okrdesk.models.kinds import SINGULAR_TITLES, ElementKind, Role, Strength
from okrdesk.models.rules import (
    ASPIRATION_UNSERVED,
    EVIDENCE_UNLINKED,
    STRATEGY_WITHOUT_TACTIC,
    TACTIC_WITHOUT_EVIDENCE,
    Finding,
    check,
)
from okrdesk.models.snapshot import ElementData, Snapshot

ORPHAN_CODES = frozenset(
    {ASPIRATION_UNSERVED, STRATEGY_WITHOUT_TACTIC, TACTIC_WITHOUT_EVIDENCE, EVIDENCE_UNLINKED}
)
OWNER = "owner"  # the kind of an owner column's slot
TAGS = {ElementKind.STRATEGY: "S", ElementKind.EVIDENCE: "E", OWNER: "P"}
OWNER_PLACEHOLDERS = {"taste": "No people or teams yet", "hoshin": "No resources yet"}


def placeholder(kind: ElementKind | str, labels: str) -> str:
    """What an empty arm says, in the words the arms are named with ("No tactics yet", or
    "No improvement priorities yet" in classic Hoshin words)."""
    if kind == OWNER:
        return OWNER_PLACEHOLDERS[labels]
    return f"No {ARM_WORDS[labels][ElementKind(kind)].lower()} yet"


@dataclass(frozen=True)
class Slot:
    """One row or column of an arm: an item, or the placeholder of an empty arm (id None)."""

    id: str | None
    kind: str  # an ElementKind value or OWNER
    title: str
    number: int = 0  # 1-based place in its section; 0 for a placeholder

    @property
    def tag(self) -> str:
        """The short name of a column in the horizontal-text variant, e.g. "S3"."""
        return f"{TAGS.get(self.kind, '')}{self.number}" if self.id else ""

    @property
    def described(self) -> str:
        noun = "Owner" if self.kind == OWNER else SINGULAR_TITLES[ElementKind(self.kind)]
        short = " ".join(self.title.split())
        if len(short) > 60:
            short = short[:59].rstrip() + "…"
        return f"{noun} {self.number} “{short}”"


@dataclass
class Content:
    title: str
    tn: ElementData | None
    tactic_rows: list[Slot]  # top to bottom
    aspiration_rows: list[Slot]
    strategy_cols: list[Slot]  # left to right
    evidence_cols: list[Slot]
    owner_cols: list[Slot]
    correlations: dict[tuple[str, str], Strength]  # (row id, column id)
    ownerships: dict[tuple[str, str], Role]  # (tactic id, party id)
    orphans: frozenset[str]
    warnings: list[str] = field(default_factory=list)
    stamp: str = ""  # footer text after the title (e.g. date and version on paper)

    @property
    def uses_medium(self) -> bool:
        return Strength.MEDIUM in self.correlations.values()


def _slots(
    items: Sequence[ElementData],
    kind: ElementKind,
    near_first: bool,
    labels: str,
    hidden: bool = False,
) -> list[Slot]:
    """Slots in display order: item 1 first when `near_first` (it is listed from the centre
    outwards); an empty arm gets one placeholder slot; a hidden arm none."""
    if hidden:
        return []
    if not items:
        return [Slot(None, kind.value, placeholder(kind, labels))]
    slots = [Slot(e.id, kind.value, e.title, n) for n, e in enumerate(items, start=1)]
    return slots if near_first else slots[::-1]


def build_content(
    snapshot: Snapshot, options: XMatrixOptions, findings: Sequence[Finding] | None
) -> Content:
    centre_first = options.item_one_at_centre
    show_tactics = options.shows_tactics
    words = options.labels
    tactics = snapshot.of_kind(ElementKind.TACTIC)
    aspirations = snapshot.of_kind(ElementKind.ASPIRATION)
    strategies = snapshot.of_kind(ElementKind.STRATEGY)
    evidence = snapshot.of_kind(ElementKind.EVIDENCE)
    # Tactic rows run upwards from the centre, strategy columns leftwards: item 1 next to the
    # centre means it comes last in top-to-bottom / left-to-right order.
    content = Content(
        title=snapshot.title,
        tn=snapshot.true_north(),
        tactic_rows=_slots(
            tactics, ElementKind.TACTIC, not centre_first, words, hidden=not show_tactics
        ),
        aspiration_rows=_slots(aspirations, ElementKind.ASPIRATION, centre_first, words),
        strategy_cols=_slots(strategies, ElementKind.STRATEGY, not centre_first, words),
        evidence_cols=_slots(evidence, ElementKind.EVIDENCE, centre_first, words),
        owner_cols=[],
        correlations={},
        ownerships={},
        orphans=frozenset(),
    )
    if options.owners and show_tactics:
        parties = sorted(snapshot.parties, key=lambda p: (p.position, p.id))
        content.owner_cols = [Slot(p.id, OWNER, p.name, n) for n, p in enumerate(parties, 1)]
        if not parties:
            content.owner_cols = [Slot(None, OWNER, placeholder(OWNER, words))]
    _marks(snapshot, content, show_tactics)
    if findings is None:
        findings = check(snapshot)
    visible = {s.id for s in _all_slots(content) if s.id}
    codes = ORPHAN_CODES if show_tactics else ORPHAN_CODES - {STRATEGY_WITHOUT_TACTIC}
    content.orphans = frozenset(
        element_id
        for f in findings
        if f.code in codes
        for element_id in f.element_ids
        if element_id in visible
    )
    return content


def _all_slots(c: Content) -> list[Slot]:
    return [*c.tactic_rows, *c.aspiration_rows, *c.strategy_cols, *c.evidence_cols, *c.owner_cols]


def _marks(snapshot: Snapshot, c: Content, show_tactics: bool) -> None:
    rows = {s.id: s.kind for s in (*c.tactic_rows, *c.aspiration_rows) if s.id}
    cols = {s.id: s.kind for s in (*c.strategy_cols, *c.evidence_cols) if s.id}
    for link in snapshot.correlations():
        if link.source in rows and link.target in cols:
            key = (link.source, link.target)
        elif link.target in rows and link.source in cols:
            key = (link.target, link.source)
        else:
            continue  # a hidden arm, a dangling link, or a pair the X-Matrix has no corner for
        if key in c.correlations:
            c.warnings.append(f"Two correlations join {key[0]} and {key[1]}: the first is shown.")
            continue
        # A stored correlation always has a strength; one without shows as the weakest mark.
        c.correlations[key] = link.strength or Strength.WEAK
    if not c.owner_cols:
        return
    parties = {s.id for s in c.owner_cols if s.id}
    tactic_ids = {s.id for s in c.tactic_rows if s.id}
    for own in snapshot.ownerships:
        if own.element in tactic_ids and own.party in parties and show_tactics:
            c.ownerships.setdefault((own.element, own.party), own.role)
