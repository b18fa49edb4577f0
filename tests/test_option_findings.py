"""The option-map findings of a strategy: what `rules.check` reports about the outcomes, what
`graph.option_insights` gives the analysis panel, the `option_graph` projection, the sample."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
import time
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.assets import sample_json
from okrdesk.models.graph import (
    OPTION_CHECK_CODES,
    OPTION_INSIGHT_CODES,
    option_findings,
    option_graph,
    option_insights,
)
from okrdesk.models.interchange import export_json, parse_json
from okrdesk.models.kinds import ElementKind, LinkKind, MapKind
from okrdesk.models.options import (
    CODES as ANALYSIS_CODES,
)
from okrdesk.models.options import (
    CONFLICT,
    MAX_CYCLES,
    MOST_DEPENDED_ON,
    NEEDS_CYCLE,
    NEEDS_CYCLES_CAPPED,
    UNCONNECTED,
    OptionNode,
    Relation,
    analyse,
)
from okrdesk.models.rules import CODES, Finding, Severity, check
from okrdesk.models.snapshot import ElementData, LinkData, Snapshot

OUT, OBS = ElementKind.OUTCOME, ElementKind.OBSTACLE

# A coherent TASTE strategy (no TASTE findings), to which the tests add outcomes.
TASTE = (
    ElementData("tn", ElementKind.TRUE_NORTH, "Instant delivery"),
    ElementData("a1", ElementKind.ASPIRATION, "More releases"),
    ElementData("s1", ElementKind.STRATEGY, "Small batches"),
    ElementData("e1", ElementKind.EVIDENCE, "Lead time falling"),
    ElementData("t1", ElementKind.TACTIC, "Trunk-based development"),
)
CORRELATIONS = tuple(
    LinkData(f"c-{a}-{b}", a, b, "correlation", None)
    for a, b in (("s1", "a1"), ("e1", "a1"), ("t1", "s1"), ("t1", "e1"))
)


def outcome(element_id: str, position: int = 0, title: str | None = None) -> ElementData:
    return ElementData(
        element_id, OUT, element_id.upper() if title is None else title, "", position
    )


def rel(source: str, target: str, kind: str = "needs") -> LinkData:
    return LinkData(f"{source}-{target}-{kind}", source, target, kind)


def strategy(
    outcome_ids: Iterable[str], relations: Iterable[LinkData] = (), *, taste: bool = True
) -> Snapshot:
    elements = [*(TASTE if taste else ()), *(outcome(o, i) for i, o in enumerate(outcome_ids))]
    links = [*(CORRELATIONS if taste else ()), *relations]
    return Snapshot("Test", tuple(elements), tuple(links))


def shown(findings: Iterable[Finding]) -> list[tuple[str, Severity, tuple[str, ...]]]:
    return [(f.code, f.severity, f.element_ids) for f in findings]


def test_the_taste_part_is_clean() -> None:
    assert check(strategy([])) == []


# -- what check reports ---------------------------------------------------------------------


def test_a_needs_cycle_is_a_warning_naming_its_outcomes_in_order() -> None:
    snap = strategy(
        ["a", "b", "c", "d"], [rel("b", "c"), rel("c", "a"), rel("a", "b"), rel("d", "a")]
    )
    findings = check(snap)
    assert shown(findings) == [(NEEDS_CYCLE, Severity.WARNING, ("a", "b", "c"))]
    assert findings[0].message == """Needs cycle: "A" needs "B" needs "C" needs "A"."""


def test_two_cycles_and_a_self_need_are_each_reported_once() -> None:
    links = [
        rel("a", "b"),
        rel("b", "a"),
        rel("c", "d"),
        rel("d", "e"),
        rel("e", "c"),
        rel("f", "f"),
    ]
    findings = check(strategy(["a", "b", "c", "d", "e", "f"], links))
    assert shown(findings) == [
        (NEEDS_CYCLE, Severity.WARNING, ("f",)),
        (NEEDS_CYCLE, Severity.WARNING, ("a", "b")),
        (NEEDS_CYCLE, Severity.WARNING, ("c", "d", "e")),
        (UNCONNECTED, Severity.INFO, ("f",)),  # needing itself relates it to no other option
    ]


def test_enables_and_user_kinds_never_make_a_needs_cycle() -> None:
    links = [rel("a", "b"), rel("b", "a", "enables"), rel("b", "a", "custom:blocks")]
    assert check(strategy(["a", "b"], links)) == []


def test_an_outcome_related_to_nothing_is_info_in_outcome_order() -> None:
    # Ids deliberately out of capture order: the health panel lists outcomes as captured.
    snap = strategy(["z", "m", "a", "b"], [rel("a", "b")])
    findings = check(snap)
    assert shown(findings) == [
        (UNCONNECTED, Severity.INFO, ("z",)),
        (UNCONNECTED, Severity.INFO, ("m",)),
    ]
    assert findings[0].message == '"Z" is connected to no other option.'


@pytest.mark.parametrize("kind", ["needs", "enables", "conflicts", "custom:blocks"])
def test_any_relationship_connects_an_outcome(kind: str) -> None:
    assert check(strategy(["a", "b"], [rel("a", "b", kind)])) == []


def test_foto_provenance_does_not_connect_outcomes_on_the_map() -> None:
    findings = check(strategy(["a", "b"], [rel("b", "a", "follows")]))
    assert shown(findings) == [
        (UNCONNECTED, Severity.INFO, ("a",)),
        (UNCONNECTED, Severity.INFO, ("b",)),
    ]


def test_a_conflict_is_no_health_finding_but_an_insight() -> None:
    snap = strategy(["a", "b", "c"], [rel("b", "a", "conflicts"), rel("c", "a")])
    assert check(snap) == []
    conflicts = [f for f in option_insights(snap) if f.code == CONFLICT]
    assert shown(conflicts) == [(CONFLICT, Severity.INFO, ("a", "b"))]
    assert conflicts[0].message == '"A" conflicts with "B".'


def test_most_depended_on_is_never_a_health_finding() -> None:
    snap = strategy(["a", "b", "c", "d"], [rel("a", "d"), rel("b", "d"), rel("c", "a")])
    assert check(snap) == []
    assert shown(option_insights(snap)) == [
        (MOST_DEPENDED_ON, Severity.INFO, ("d",)),
        (MOST_DEPENDED_ON, Severity.INFO, ("a",)),
    ]
    assert option_insights(snap)[0].message == '"D": 3 options need it, directly or through others.'
    assert option_insights(snap, top=1) == option_insights(snap)[:1]


def test_option_findings_come_after_the_taste_findings() -> None:
    elements = [e for e in TASTE if e.id != "t1"]
    links = [c for c in CORRELATIONS if "t1" not in c.id]
    snap = Snapshot(
        "Test",
        (outcome("a", 0), *elements, outcome("b", 1)),
        (*links, rel("a", "b"), rel("b", "a")),
    )
    findings = check(snap)
    assert [f.code for f in findings] == ["strategy-without-tactic", NEEDS_CYCLE]


def test_no_option_findings_without_outcomes() -> None:
    obstacles = [ElementData(f"x{i}", OBS, "", position=i) for i in range(30)]
    snap = Snapshot("Test", (*TASTE, *obstacles), CORRELATIONS)
    assert check(snap) == []
    assert option_findings(snap) == []
    assert option_insights(snap) == []


def test_obstacles_are_not_options() -> None:
    snap = strategy(["a"], [LinkData("f", "a", "x", "flipped_from")])
    snap = dataclasses.replace(snap, elements=(*snap.elements, ElementData("x", OBS, "Slow")))
    assert shown(check(snap)) == [(UNCONNECTED, Severity.INFO, ("a",))]
    assert option_graph(snap).ids == ("a",)


def test_untitled_outcomes_are_named_by_id() -> None:
    snap = Snapshot("Test", (*TASTE, outcome("o-7", title="  ")), CORRELATIONS)
    assert check(snap)[0].message == "o-7 is connected to no other option."


def test_option_codes_are_the_analysis_codes_split_in_two() -> None:
    assert set(OPTION_CHECK_CODES) | set(OPTION_INSIGHT_CODES) == set(ANALYSIS_CODES)
    assert not set(OPTION_CHECK_CODES) & set(OPTION_INSIGHT_CODES)
    assert not set(OPTION_CHECK_CODES) & set(CODES)  # the TASTE codes stay the TASTE codes


# -- capped cycles and speed ----------------------------------------------------------------


def test_a_dense_cyclic_map_lists_capped_cycles_and_one_capped_finding() -> None:
    ids = [f"o{i:02d}" for i in range(12)]
    links = [rel(a, b) for a in ids for b in ids if a != b]  # every outcome needs every other
    start = time.perf_counter()
    findings = check(strategy(ids, links))
    assert time.perf_counter() - start < 2.0
    cycles = [f for f in findings if f.code == NEEDS_CYCLE]
    assert 0 < len(cycles) <= MAX_CYCLES
    assert shown(findings[-1:]) == [(NEEDS_CYCLES_CAPPED, Severity.WARNING, tuple(ids))]
    assert [f.code for f in findings] == [NEEDS_CYCLE] * len(cycles) + [NEEDS_CYCLES_CAPPED]


def big_map(n: int, seed: int = 4) -> Snapshot:
    """n outcomes, about 3n relations, "needs" only downhill (acyclic), the last one alone."""
    rng = random.Random(seed)
    ids = [f"o{i}" for i in range(n)]
    links = {(i, i + 1, "enables"): rel(ids[i], ids[i + 1], "enables") for i in range(n - 2)}
    for _ in range(2 * n):
        a, b = sorted(rng.sample(range(n - 1), 2))
        kind = rng.choice(["needs", "needs", "enables", "conflicts"])
        links[(a, b, kind)] = rel(ids[a], ids[b], kind)
    return strategy(ids, links.values())


def test_check_stays_fast_on_a_large_map() -> None:
    snap = big_map(5000)
    check(snap)  # warm up
    start = time.perf_counter()
    findings = check(snap)
    elapsed = time.perf_counter() - start
    assert shown(findings) == [(UNCONNECTED, Severity.INFO, ("o4999",))]
    assert elapsed < 0.5, f"check took {elapsed:.3f} s on 5,000 outcomes"


def test_check_of_an_acyclic_map_does_not_load_networkx() -> None:
    code = (
        "import sys\n"
        "from okrdesk.models.rules import check\n"
        "from okrdesk.models.snapshot import ElementData, LinkData, Snapshot\n"
        "from okrdesk.models.kinds import ElementKind\n"
        "o = [ElementData(i, ElementKind.OUTCOME, i) for i in 'abc']\n"
        "links = (LinkData('1', 'a', 'b', 'needs'), LinkData('2', 'b', 'a', 'enables'))\n"
        "assert [f.code for f in check(Snapshot('x', tuple(o), links))][1:] == ['unconnected']\n"
        "assert 'networkx' not in sys.modules, 'networkx imported'\n"
        "check(Snapshot('x', tuple(o), (*links, LinkData('3', 'b', 'a', 'needs'))))\n"
        "assert 'networkx' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the same words as the analysis ---------------------------------------------------------


@st.composite
def option_snapshots(draw: st.DrawFn) -> Snapshot:
    n = draw(st.integers(1, 9))
    ids = [f"o{i}" for i in range(n)]
    kinds = st.sampled_from(["needs", "needs", "enables", "conflicts", "custom:k", "follows"])
    ends = st.tuples(st.sampled_from(ids), st.sampled_from(ids), kinds)
    links = {(a, b, k): rel(a, b, k) for a, b, k in draw(st.lists(ends, max_size=20))}
    order = draw(st.permutations(ids))
    return strategy(order, links.values(), taste=draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(option_snapshots())
def test_findings_and_insights_are_the_analysis_split_in_two(snap: Snapshot) -> None:
    options = [OptionNode(e.id, e.title) for e in snap.elements if e.kind == OUT]
    relations = [
        Relation(link.source, link.target, link.kind)
        for link in snap.links
        if link.kind not in ("correlation", "follows")
    ]
    analysis = analyse(options, relations)
    found, insights = option_findings(snap), option_insights(snap)
    # Check's part: the analysis's cycles in its order, unconnected outcomes in outcome order.
    positions = {e.id: e.position for e in snap.elements}
    expected = [f for f in analysis if f.code in (NEEDS_CYCLE, NEEDS_CYCLES_CAPPED)] + sorted(
        (f for f in analysis if f.code == UNCONNECTED), key=lambda f: positions[f.element_ids[0]]
    )
    assert found == expected
    # The insights: the analysis's conflicts and most depended on, all info.
    assert insights == [
        dataclasses.replace(f, severity=Severity.INFO)
        for f in analysis
        if f.code in OPTION_INSIGHT_CODES
    ]
    taste = [f for f in check(snap) if f.code in CODES]
    assert check(snap) == taste + found
    graph = option_graph(snap)
    assert option_findings(snap, graph=graph) == found
    assert option_insights(snap, graph=graph) == insights


# -- the projection -------------------------------------------------------------------------


def test_option_graph_holds_outcomes_and_relationships_only() -> None:
    links = [
        rel("a", "b"),
        rel("b", "c", "enables"),
        rel("c", "a", "conflicts"),
        rel("a", "c", "custom:blocks"),
        rel("c", "b", "follows"),
        LinkData("fl", "a", "x", "flipped_from"),
        LinkData("cor", "t1", "s1", "correlation"),
    ]
    snap = strategy(["a", "b", "c"], links)
    snap = dataclasses.replace(snap, elements=(*snap.elements, ElementData("x", OBS, "Slow")))
    graph = option_graph(snap)
    assert graph.ids == ("a", "b", "c")
    assert graph.titles == {"a": "A", "b": "B", "c": "C"}
    assert {(r.source, r.target, r.kind) for r in graph.relations} == {
        ("a", "b", "needs"),
        ("b", "c", "enables"),
        ("c", "a", "conflicts"),
        ("a", "c", "custom:blocks"),
    }
    assert graph.upstream("a") == {"b"}
    assert graph.downstream("c", enables=True) == set()
    assert graph.upstream("c", enables=True) == {"b"}


# -- the sample -----------------------------------------------------------------------------

SAMPLE_TEXT = sample_json()
SAMPLE = parse_json(SAMPLE_TEXT).snapshot()


def test_the_sample_is_canonical_json() -> None:
    assert export_json(parse_json(SAMPLE_TEXT)) == SAMPLE_TEXT
    assert json.loads(SAMPLE_TEXT)["version"] == 4


def test_the_sample_holds_a_workshop_of_obstacles_and_outcomes() -> None:
    obstacles, outcomes = SAMPLE.of_kind(OBS), SAMPLE.of_kind(OUT)
    assert 3 <= len(obstacles) <= 4 and 10 <= len(outcomes) <= 14
    kinds = [link.kind for link in SAMPLE.relations()]
    flipped = {link.source for link in SAMPLE.relations() if link.kind == LinkKind.FLIPPED_FROM}
    assert len(flipped) >= 3
    assert kinds.count(LinkKind.FOLLOWS) >= 3
    assert kinds.count(LinkKind.NEEDS) >= 8 and LinkKind.ENABLES in kinds
    assert kinds.count(LinkKind.CONFLICTS) == 1
    # A "follows" chain at least three outcomes long, starting from a flipped obstacle.
    follows = {link.source: link.target for link in SAMPLE.links if link.kind == LinkKind.FOLLOWS}
    longest = 0
    for start in follows:
        length, node = 1, start
        while node in follows:
            node, length = follows[node], length + 1
        longest = max(longest, length if node in flipped else 0)
    assert longest >= 3


def test_the_sample_places_every_outcome_on_its_relationship_map_without_overlap() -> None:
    (orm,) = [m for m in SAMPLE.maps if m.kind == MapKind.OPTION_RELATIONSHIP]
    placed = SAMPLE.placements_on(orm.id)
    assert set(placed) == {e.id for e in SAMPLE.of_kind(OUT)}
    cards = [(p.x, p.y) for p in placed.values()]
    for x, y in cards:  # a 120 x 60 card centred here lies inside 1100 x 760
        assert 60 <= x <= 1040 and 30 <= y <= 730
    for i, (ax, ay) in enumerate(cards):
        for bx, by in cards[i + 1 :]:
            assert abs(ax - bx) >= 120 or abs(ay - by) >= 60
    assert all(p.horizon is None for p in placed.values())


def test_the_sample_reads_sensibly_on_the_axes() -> None:
    (orm,) = [m for m in SAMPLE.maps if m.kind == MapKind.OPTION_RELATIONSHIP]
    placed = SAMPLE.placements_on(orm.id)
    needs = [link for link in SAMPLE.links if link.kind == LinkKind.NEEDS]
    # What an option needs sits lower (more enabling) than the option itself.
    assert all(placed[n.source].y < placed[n.target].y for n in needs)


def test_the_sample_has_a_plan_on_a_page_with_every_horizon() -> None:
    (plan,) = [m for m in SAMPLE.maps if m.kind == MapKind.PLAN_ON_A_PAGE]
    placed = SAMPLE.placements_on(plan.id)
    assert len(placed) >= 6
    assert {p.horizon for p in placed.values()} == {0, 1, 2}


def test_the_sample_is_healthy_and_its_analysis_says_something() -> None:
    assert check(SAMPLE) == []
    insights = option_insights(SAMPLE)
    assert [f.code for f in insights].count(CONFLICT) == 1
    top = [f for f in insights if f.code == MOST_DEPENDED_ON]
    assert top and SAMPLE.element(top[0].element_ids[0]) is not None
    assert option_graph(SAMPLE).cycles().listed == ()
