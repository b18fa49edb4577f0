"""Health findings on crafted snapshots: each rule fires exactly when it should."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Collection, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.models.kinds import ElementKind, Strength
from okrdesk.models.rules import (
    ASPIRATION_UNSERVED,
    CODES,
    DEFAULT_SOFT_LIMITS,
    EMPTY_TRUE_NORTH,
    EVIDENCE_UNLINKED,
    SECTION_OVER_LIMIT,
    STRATEGY_WITHOUT_TACTIC,
    TACTIC_WITHOUT_EVIDENCE,
    TACTICS_BEFORE_EVIDENCE,
    UNTITLED_ELEMENT,
    Finding,
    Severity,
    check,
    summary,
)
from okrdesk.models.snapshot import ElementData, LinkData, Snapshot

TN, ASP, STR, TAC, EVI = (
    ElementKind.TRUE_NORTH,
    ElementKind.ASPIRATION,
    ElementKind.STRATEGY,
    ElementKind.TACTIC,
    ElementKind.EVIDENCE,
)

KIND_OF_PREFIX = {"tn": TN, "a": ASP, "s": STR, "t": TAC, "e": EVI}


def el(element_id: str, title: str | None = None, position: int | None = None) -> ElementData:
    """An element whose kind comes from its id prefix: tn, a1, s2, t3, e4."""
    prefix = element_id.rstrip("0123456789")
    number = element_id[len(prefix) :]
    if position is None:
        position = int(number) - 1 if number else 0
    title = element_id.upper() if title is None else title
    return ElementData(element_id, KIND_OF_PREFIX[prefix], title, position=position)


def corr(a: str, b: str, strength: Strength = Strength.STRONG) -> LinkData:
    return LinkData(f"{a}-{b}", a, b, "correlation", strength)


def snap(elements: Iterable[ElementData], links: Iterable[LinkData] = ()) -> Snapshot:
    return Snapshot("Test", tuple(elements), tuple(links))


# A coherent strategy: every aspiration served by a strategy, every strategy carried out by
# a tactic, every tactic measured by evidence, every evidence tied to an aspiration.
COHERENT_ELEMENTS = [
    el("tn", "Instantaneous development and deployment"),
    el("a1", "More releases"),
    el("a2", "Fewer defects"),
    el("s1", "Small batches"),
    el("s2", "Build quality in"),
    el("e1", "More deploys per week"),
    el("e2", "Less rework"),
    el("t1", "Trunk-based development"),
    el("t2", "Pair programming"),
]
COHERENT_LINKS = [
    corr("s1", "a1"),
    corr("s2", "a2"),
    corr("e1", "a1"),
    corr("e2", "a2", Strength.WEAK),
    corr("t1", "s1"),
    corr("t2", "s2", Strength.MEDIUM),
    corr("t1", "e1"),
    corr("t2", "e2"),
]


def coherent(*, drop_elements: Collection[str] = (), drop_links: Collection[str] = ()) -> Snapshot:
    elements = [e for e in COHERENT_ELEMENTS if e.id not in drop_elements]
    ids = {e.id for e in elements}
    links = [
        link
        for link in COHERENT_LINKS
        if link.id not in drop_links and link.source in ids and link.target in ids
    ]
    return snap(elements, links)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


# -- the coherent case ----------------------------------------------------------------------


def test_coherent_strategy_has_no_findings() -> None:
    assert check(coherent()) == []


def test_correlation_direction_does_not_matter() -> None:
    flipped = [dataclasses.replace(x, source=x.target, target=x.source) for x in COHERENT_LINKS]
    assert check(snap(COHERENT_ELEMENTS, flipped)) == []


def test_strength_does_not_matter() -> None:
    weak = [dataclasses.replace(x, strength=Strength.WEAK) for x in COHERENT_LINKS]
    assert check(snap(COHERENT_ELEMENTS, weak)) == []


# -- empty-true-north -----------------------------------------------------------------------


def test_missing_true_north_is_an_error_with_no_ids() -> None:
    findings = check(coherent(drop_elements={"tn"}))
    assert findings == [Finding(EMPTY_TRUE_NORTH, Severity.ERROR, findings[0].message, ())]
    assert "True North" in findings[0].message


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_blank_true_north_is_an_error_naming_it(title: str) -> None:
    elements = [el("tn", title), *COHERENT_ELEMENTS[1:]]
    findings = check(snap(elements, COHERENT_LINKS))
    assert [(f.code, f.severity, f.element_ids) for f in findings] == [
        (EMPTY_TRUE_NORTH, Severity.ERROR, ("tn",))
    ]


def test_blank_true_north_is_not_also_untitled() -> None:
    findings = check(snap([el("tn", " ")]))
    assert codes(findings) == [EMPTY_TRUE_NORTH]


# -- the four coverage rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dropped", "code", "element_id", "title"),
    [
        ("s2-a2", ASPIRATION_UNSERVED, "a2", "Fewer defects"),
        ("t2-s2", STRATEGY_WITHOUT_TACTIC, "s2", "Build quality in"),
        ("e1-a1", EVIDENCE_UNLINKED, "e1", "More deploys per week"),
        ("t1-e1", TACTIC_WITHOUT_EVIDENCE, "t1", "Trunk-based development"),
    ],
)
def test_coverage_rule_fires_for_the_uncovered_item_only(
    dropped: str, code: str, element_id: str, title: str
) -> None:
    findings = check(coherent(drop_links={dropped}))
    assert len(findings) == 1
    (finding,) = findings
    assert finding.code == code
    assert finding.severity == Severity.WARNING
    assert finding.element_ids == (element_id,)
    assert f"“{title}”" in finding.message
    assert finding.message.endswith(".")


def test_aspiration_served_only_by_evidence_is_unserved() -> None:
    findings = check(coherent(drop_links={"s1-a1"}))
    assert [(f.code, f.element_ids) for f in findings] == [(ASPIRATION_UNSERVED, ("a1",))]


def test_each_item_gets_its_own_finding() -> None:
    findings = check(coherent(drop_links={"t1-s1", "t2-s2"}))
    assert [(f.code, f.element_ids) for f in findings] == [
        (STRATEGY_WITHOUT_TACTIC, ("s1",)),
        (STRATEGY_WITHOUT_TACTIC, ("s2",)),
    ]


def test_unrelated_correlations_do_not_cover() -> None:
    # a1 is linked to evidence and s2 is linked to a tactic: neither counts as a1's strategy.
    findings = check(coherent(drop_links={"s1-a1"}))
    assert only(findings, ASPIRATION_UNSERVED)[0].element_ids == ("a1",)


def test_links_of_other_kinds_do_not_cover() -> None:
    links = [
        *(x for x in COHERENT_LINKS if x.id != "s2-a2"),
        LinkData("n1", "s2", "a2", "needs"),
    ]
    findings = check(snap(COHERENT_ELEMENTS, links))
    assert [(f.code, f.element_ids) for f in findings] == [(ASPIRATION_UNSERVED, ("a2",))]


def test_dangling_links_are_ignored() -> None:
    links = [*COHERENT_LINKS, corr("ghost", "a1"), corr("t1", "ghost")]
    assert check(snap(COHERENT_ELEMENTS, links)) == []
    findings = check(snap(COHERENT_ELEMENTS, [*COHERENT_LINKS[1:], corr("s9", "a1")]))
    assert [(f.code, f.element_ids) for f in findings] == [(ASPIRATION_UNSERVED, ("a1",))]


@pytest.mark.parametrize(
    ("dropped_section", "code", "ids"),
    [
        ({"s1", "s2"}, ASPIRATION_UNSERVED, ("a1", "a2")),
        ({"a1", "a2"}, EVIDENCE_UNLINKED, ("e1", "e2")),
    ],
)
def test_coverage_is_info_while_the_partner_section_is_empty(
    dropped_section: set[str], code: str, ids: tuple[str, ...]
) -> None:
    findings = only(check(coherent(drop_elements=dropped_section)), code)
    assert [f.element_ids for f in findings] == [(i,) for i in ids]
    assert {f.severity for f in findings} == {Severity.INFO}
    assert all("yet" in f.message for f in findings)


def test_before_tactics_only_info_findings_remain() -> None:
    """Karl Scotland's steps 1-6 done (no tactics yet): nothing is a warning."""
    findings = check(coherent(drop_elements={"t1", "t2"}))
    assert [(f.code, f.severity, f.element_ids) for f in findings] == [
        (STRATEGY_WITHOUT_TACTIC, Severity.INFO, ("s1",)),
        (STRATEGY_WITHOUT_TACTIC, Severity.INFO, ("s2",)),
    ]


# -- tactics-before-evidence ----------------------------------------------------------------


def test_tactics_without_any_evidence_break_the_order() -> None:
    findings = check(coherent(drop_elements={"e1", "e2"}))
    assert [(f.code, f.severity, f.element_ids) for f in findings] == [
        (TACTICS_BEFORE_EVIDENCE, Severity.WARNING, ("t1", "t2")),
        (TACTIC_WITHOUT_EVIDENCE, Severity.INFO, ("t1",)),
        (TACTIC_WITHOUT_EVIDENCE, Severity.INFO, ("t2",)),
    ]


def test_no_order_finding_without_tactics_or_with_evidence() -> None:
    assert TACTICS_BEFORE_EVIDENCE not in codes(check(coherent(drop_elements={"t1", "t2"})))
    assert TACTICS_BEFORE_EVIDENCE not in codes(check(coherent(drop_elements={"e1"})))
    assert check(snap([el("tn")])) == []


# -- section-over-limit ---------------------------------------------------------------------


def _section(prefix: str, count: int) -> list[ElementData]:
    return [el(f"{prefix}{i}") for i in range(1, count + 1)]


def test_default_limits() -> None:
    assert dict(DEFAULT_SOFT_LIMITS) == {ASP: 5, STR: 5, EVI: 8, TAC: 10}
    with pytest.raises(TypeError):
        DEFAULT_SOFT_LIMITS[ASP] = 9  # type: ignore[index]


@pytest.mark.parametrize(("prefix", "kind"), [("a", ASP), ("s", STR), ("e", EVI), ("t", TAC)])
def test_section_at_limit_is_fine_one_more_is_info(prefix: str, kind: ElementKind) -> None:
    limit = DEFAULT_SOFT_LIMITS[kind]
    at_limit = check(snap([el("tn"), *_section(prefix, limit)]))
    assert SECTION_OVER_LIMIT not in codes(at_limit)
    over = only(check(snap([el("tn"), *_section(prefix, limit + 1)])), SECTION_OVER_LIMIT)
    assert len(over) == 1
    assert over[0].severity == Severity.INFO
    assert over[0].element_ids == tuple(f"{prefix}{i}" for i in range(1, limit + 2))
    assert f"{limit + 1} items" in over[0].message
    assert f"prefer {limit} or fewer" in over[0].message


def test_custom_limits_replace_the_defaults() -> None:
    elements = [el("tn"), *_section("a", 3), *_section("s", 7)]
    findings = only(check(snap(elements), soft_limits={ASP: 2}), SECTION_OVER_LIMIT)
    assert [f.element_ids for f in findings] == [("a1", "a2", "a3")]
    assert only(check(snap(elements), soft_limits={}), SECTION_OVER_LIMIT) == []
    tweaked = {**DEFAULT_SOFT_LIMITS, STR: 6}
    findings = only(check(snap(elements), soft_limits=tweaked), SECTION_OVER_LIMIT)
    assert [f.element_ids for f in findings] == [tuple(f"s{i}" for i in range(1, 8))]


def test_limit_on_true_north_is_allowed() -> None:
    elements = [el("tn1", "One"), el("tn2", "Two")]
    findings = check(snap(elements), soft_limits={TN: 1})
    assert [(f.code, f.element_ids) for f in findings] == [(SECTION_OVER_LIMIT, ("tn1", "tn2"))]


# -- untitled-element -----------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", " ", "\u00a0\t"])
def test_untitled_element(title: str) -> None:
    elements = [
        e if e.id != "s2" else dataclasses.replace(e, title=title) for e in COHERENT_ELEMENTS
    ]
    findings = check(snap(elements, COHERENT_LINKS))
    assert [(f.code, f.severity, f.element_ids) for f in findings] == [
        (UNTITLED_ELEMENT, Severity.WARNING, ("s2",))
    ]
    assert findings[0].message == "Strategy 2 has no title."


def test_untitled_element_is_named_by_number_in_other_findings() -> None:
    elements = [el("tn"), el("a1", "Sole aspiration"), el("s1", "")]
    findings = check(snap(elements))
    assert [(f.code, f.element_ids) for f in findings] == [
        (ASPIRATION_UNSERVED, ("a1",)),
        (UNTITLED_ELEMENT, ("s1",)),
        (STRATEGY_WITHOUT_TACTIC, ("s1",)),
    ]
    assert "“Sole aspiration”" in findings[0].message
    assert "Strategy 1 (untitled)" in findings[2].message


def test_long_titles_are_shortened_in_messages() -> None:
    long_title = "word " * 40
    findings = check(snap([el("tn"), el("a1", long_title)]))
    (finding,) = findings
    assert "…”" in finding.message
    assert len(finding.message) < len(long_title)


# -- order and shape ------------------------------------------------------------------------


def _messy() -> Snapshot:
    """Findings in every section, elements given out of order."""
    elements = [
        el("t2", "Tactic two"),
        el("a2", ""),
        el("s1", "Strategy one"),
        el("t1", "Tactic one"),
        el("a1", "Aspiration one"),
        el("tn", ""),
        el("e1", "Evidence one"),
    ]
    links = [corr("s1", "a2"), corr("t2", "e1"), corr("t1", "s1")]
    return snap(elements, links)


def test_order_is_section_order_then_position() -> None:
    findings = check(_messy())
    assert [(f.code, f.element_ids) for f in findings] == [
        (EMPTY_TRUE_NORTH, ("tn",)),
        (ASPIRATION_UNSERVED, ("a1",)),
        (UNTITLED_ELEMENT, ("a2",)),
        (EVIDENCE_UNLINKED, ("e1",)),
        (TACTIC_WITHOUT_EVIDENCE, ("t1",)),
    ]


def test_order_follows_positions_not_ids_or_input_order() -> None:
    elements = [el("tn"), el("a1", "Late", position=5), el("a2", "Early", position=0)]
    findings = check(snap(elements))
    assert [f.element_ids for f in findings] == [("a2",), ("a1",)]


def test_order_is_independent_of_the_order_of_elements_and_links() -> None:
    base = _messy()
    expected = check(base)
    rng = random.Random(7)
    for _ in range(20):
        elements, links = list(base.elements), list(base.links)
        rng.shuffle(elements)
        rng.shuffle(links)
        assert check(snap(elements, links)) == expected


def test_findings_are_hashable_values() -> None:
    findings = check(_messy())
    assert len(set(findings)) == len(findings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        findings[0].code = "x"  # type: ignore[misc]
    assert all(f.code in CODES for f in findings)
    assert all(isinstance(f.severity, Severity) for f in findings)


def test_empty_snapshot() -> None:
    findings = check(Snapshot("Blank"))
    assert codes(findings) == [EMPTY_TRUE_NORTH]


def test_every_code_can_fire() -> None:
    elements = [el("a1", ""), *_section("t", 11)]
    fired = set(codes(check(snap(elements)))) | set(codes(check(coherent(drop_links={"t1-s1"}))))
    fired |= set(codes(check(coherent(drop_links={"t1-e1", "s1-a1", "e1-a1"}))))
    assert fired == set(CODES)


# -- summary --------------------------------------------------------------------------------


def test_summary() -> None:
    def f(severity: Severity) -> Finding:
        return Finding("x", severity, "m", ())

    assert summary([]) == "No findings."
    assert summary([f(Severity.WARNING)]) == "1 finding: 1 warning"
    assert (
        summary([f(Severity.INFO), f(Severity.WARNING), f(Severity.ERROR), f(Severity.WARNING)])
        == "4 findings: 1 error, 2 warnings, 1 info"
    )
    assert summary(iter([f(Severity.ERROR), f(Severity.ERROR)])) == "2 findings: 2 errors"
    assert summary(check(_messy())) == "5 findings: 1 error, 4 warnings"


# -- scale and properties -------------------------------------------------------------------


def big_snapshot(n: int = 10_000, links_per_element: int = 3, seed: int = 1) -> Snapshot:
    rng = random.Random(seed)
    kinds = [ASP, STR, EVI, TAC]
    elements = [ElementData("tn", TN, "North")]
    by_kind: dict[ElementKind, list[str]] = {k: [] for k in kinds}
    for i in range(n - 1):
        kind = kinds[i % 4]
        element_id = f"{kind.value}-{i}"
        by_kind[kind].append(element_id)
        elements.append(
            ElementData(element_id, kind, "" if i % 97 == 0 else f"Item {i}", position=i // 4)
        )
    pairs = [(STR, ASP), (EVI, ASP), (TAC, STR), (TAC, EVI)]
    links = []
    for i in range(n * links_per_element // 2):
        a_kind, b_kind = pairs[i % 4]
        a, b = rng.choice(by_kind[a_kind]), rng.choice(by_kind[b_kind])
        links.append(LinkData(f"l{i}", a, b, "correlation", Strength.MEDIUM))
    return Snapshot("Big", tuple(elements), tuple(links))


def test_ten_thousand_elements() -> None:
    big = big_snapshot()
    findings = check(big)
    ids = {e.id for e in big.elements}
    assert all(set(f.element_ids) <= ids for f in findings)
    assert {f.code for f in findings} >= {UNTITLED_ELEMENT, SECTION_OVER_LIMIT}
    assert findings == check(big)


NAIVE_COVERAGE = {
    (ASP, STR): ASPIRATION_UNSERVED,
    (STR, TAC): STRATEGY_WITHOUT_TACTIC,
    (EVI, ASP): EVIDENCE_UNLINKED,
    (TAC, EVI): TACTIC_WITHOUT_EVIDENCE,
}


def naive_coverage(snapshot: Snapshot) -> set[tuple[str, str]]:
    """(code, id) of every item lacking its partner, by scanning all links for each item."""
    expected = set()
    for element in snapshot.elements:
        for (kind, partner), code in NAIVE_COVERAGE.items():
            if element.kind != kind:
                continue
            covered = any(
                link.kind == "correlation"
                and element.id in (link.source, link.target)
                and (
                    other := snapshot.element(
                        link.target if link.source == element.id else link.source
                    )
                )
                is not None
                and other.kind == partner
                for link in snapshot.links
            )
            if not covered:
                expected.add((code, element.id))
    return expected


_kinds = st.sampled_from([TN, ASP, STR, EVI, TAC])


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    kinds = draw(st.lists(_kinds, max_size=25))
    titles = st.sampled_from(["", " ", "Alpha", "Beta", "Gamma delta"])
    elements = [
        ElementData(f"x{i}", kind, draw(titles), position=draw(st.integers(0, 30)))
        for i, kind in enumerate(kinds)
    ]
    ids = [e.id for e in elements] + ["ghost"]
    link_ends = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=40))
    links = [
        LinkData(f"l{i}", a, b, draw(st.sampled_from(["correlation", "needs"])), Strength.WEAK)
        for i, (a, b) in enumerate(link_ends)
    ]
    return Snapshot("Drawn", tuple(elements), tuple(links))


@settings(max_examples=150, deadline=None)
@given(snapshots(), st.randoms())
def test_properties(snapshot: Snapshot, rng: random.Random) -> None:
    findings = check(snapshot)
    ids = {e.id for e in snapshot.elements}
    assert all(set(f.element_ids) <= ids for f in findings)
    assert all(f.code in CODES and f.message.strip() for f in findings)
    # Each element gets at most one finding per code.
    per_element = [(f.code, f.element_ids) for f in findings if len(f.element_ids) == 1]
    assert len(per_element) == len(set(per_element))
    # The coverage findings are exactly the ones a naive scan of the links predicts.
    assert {
        (f.code, f.element_ids[0]) for f in findings if f.code in NAIVE_COVERAGE.values()
    } == naive_coverage(snapshot)
    # Shuffling the input changes nothing.
    elements, links = list(snapshot.elements), list(snapshot.links)
    rng.shuffle(elements)
    rng.shuffle(links)
    assert check(Snapshot("Drawn", tuple(elements), tuple(links))) == findings
    # No True North with a title <=> exactly one empty-true-north finding.
    titled_north = any(e.kind == TN and e.title.strip() for e in snapshot.elements)
    has_blank_north = any(e.kind == TN and not e.title.strip() for e in snapshot.elements)
    empty_north = [f for f in findings if f.code == EMPTY_TRUE_NORTH]
    assert bool(empty_north) == (has_blank_north or not titled_north)


# -- the option map -------------------------------------------------------------------------


def outcome(element_id: str, position: int) -> ElementData:
    return ElementData(element_id, ElementKind.OUTCOME, element_id.upper(), position=position)


def test_related_outcomes_keep_a_coherent_strategy_clean() -> None:
    elements = [*COHERENT_ELEMENTS, outcome("o1", 0), outcome("o2", 1), outcome("o3", 2)]
    links = [
        *COHERENT_LINKS,
        LinkData("n1", "o1", "o2", "needs"),
        LinkData("n2", "o2", "o3", "enables"),
        LinkData("c1", "o3", "o1", "conflicts"),  # a recorded trade-off, not a health problem
    ]
    assert check(snap(elements, links)) == []


def test_option_findings_follow_the_taste_findings_with_their_ids() -> None:
    elements = [outcome("o2", 1), *COHERENT_ELEMENTS, outcome("o1", 0), outcome("o3", 2)]
    links = [
        *(x for x in COHERENT_LINKS if x.id != "t1-s1"),
        LinkData("n1", "o1", "o2", "needs"),
        LinkData("n2", "o2", "o1", "needs"),
    ]
    findings = check(snap(elements, links))
    assert [(f.code, f.severity, f.element_ids) for f in findings] == [
        (STRATEGY_WITHOUT_TACTIC, Severity.WARNING, ("s1",)),
        ("needs-cycle", Severity.WARNING, ("o1", "o2")),
        ("unconnected", Severity.INFO, ("o3",)),
    ]
    assert findings[1].message == 'Needs cycle: "O1" needs "O2" needs "O1".'
    assert summary(findings) == "3 findings: 2 warnings, 1 info"


def test_no_outcomes_no_option_findings() -> None:
    obstacle = ElementData("x1", ElementKind.OBSTACLE, "")
    links = [*COHERENT_LINKS, LinkData("n1", "t1", "t2", "needs")]  # needs between non-outcomes
    assert check(snap([*COHERENT_ELEMENTS, obstacle], links)) == []
