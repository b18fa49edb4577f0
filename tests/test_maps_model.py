"""Obstacles, outcomes, relationships, user-defined link kinds, maps and placements in the model.

Each operation is checked for its effect, for surviving a close and reopen of the file, and
for what it hands back: undoing with it restores the snapshot exactly. A refused edit leaves
the file as it was.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from okrdesk.models import graph, rules
from okrdesk.models.errors import InvalidOperation, ReadOnlyError
from okrdesk.models.kinds import (
    MAP_DEFAULT_SETTINGS,
    SECTION_TITLES,
    SINGULAR_TITLES,
    TASTE_SECTIONS,
    ElementKind,
    LinkKind,
    MapKind,
    Strength,
)
from okrdesk.models.snapshot import LinkData, PlacementData, Removal, Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

OBS, OUT = ElementKind.OBSTACLE, ElementKind.OUTCOME
ORM, OAM, POP = MapKind.OPTION_RELATIONSHIP, MapKind.OPTION_APPROACH, MapKind.PLAN_ON_A_PAGE
NEEDS, ENABLES, CONFLICTS = LinkKind.NEEDS, LinkKind.ENABLES, LinkKind.CONFLICTS
FLIPPED, FOLLOWS = LinkKind.FLIPPED_FROM, LinkKind.FOLLOWS


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def reopen(strategy_path: Path) -> Iterator[Callable[[Strategy], Strategy]]:
    """Close the strategy's file and open it again, as after quitting the app."""
    opened: list[StrategyFile] = []

    def _reopen(current: Strategy) -> Strategy:
        current.file.close()
        again = StrategyFile.open(strategy_path)
        opened.append(again)
        assert again.notices == []
        return Strategy(again)

    yield _reopen
    for sf in opened:
        sf.close()


def outcomes(strategy: Strategy, *titles: str) -> list[str]:
    return [strategy.add_element(OUT, t).id for t in titles]


def workshop(st: Strategy) -> dict[str, str]:
    """A FOTO session's result on two maps: obstacles, outcomes, every link kind, a custom one."""
    ids = {"tn": st.add_element(ElementKind.TRUE_NORTH, "Delight").id}
    ids["s1"] = st.add_element(ElementKind.STRATEGY, "Automate").id
    ids["x1"], ids["x2"] = (st.add_element(OBS, t).id for t in ("Slow builds", "No tests"))
    ids["o1"], ids["o2"], ids["o3"], ids["o4"] = outcomes(
        st, "Builds in minutes", "Tests on every commit", "Release weekly", "Happy users"
    )
    st.add_relation(ids["o1"], ids["x1"], FLIPPED)
    st.add_relation(ids["o2"], ids["x2"], FLIPPED)
    st.add_relation(ids["o3"], ids["o1"], FOLLOWS)
    st.add_relation(ids["o3"], ids["o1"], NEEDS)
    st.add_relation(ids["o3"], ids["o2"], NEEDS)
    st.add_relation(ids["o2"], ids["o3"], ENABLES)
    st.add_relation(ids["o4"], ids["o1"], CONFLICTS)
    ids["blocks"] = st.add_link_kind("blocks", dash="4 2", color="#AA0000").id
    st.add_relation(ids["o1"], ids["o4"], f"custom:{ids['blocks']}")
    ids["orm"] = st.add_map(ORM, "Options").id
    ids["pop"] = st.add_map(POP).id
    for n, key in enumerate(("o1", "o2", "o3", "o4")):
        st.place(ids["orm"], ids[key], 10.0 * n, 5.5 * n, pinned=n == 2)
    st.place(ids["pop"], ids["o1"], 0, 0, horizon=0)
    st.place(ids["pop"], ids["o3"], 1, 2, horizon=2)
    return ids


def unchanged(st: Strategy, refused: Callable[[], Any], words: str = "") -> None:
    """`refused` raises InvalidOperation (naming `words`) and changes nothing."""
    before = st.snapshot()
    with pytest.raises(InvalidOperation) as info:
        refused()
    assert words in str(info.value)
    assert st.snapshot() == before


# -- the new element kinds ---------------------------------------------------------------------


def test_obstacles_and_outcomes_are_sections_of_their_own(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    strategy.add_element(ElementKind.TACTIC, "CI")
    a, b = (strategy.add_element(OBS, t).id for t in ("Slow", "Flaky"))
    c = strategy.add_element(OBS, "First", position=0).id
    (o,) = outcomes(strategy, "Fast")
    strategy.rename_element(o, "Fast builds")

    snap = reopen(strategy).snapshot()

    assert [e.id for e in snap.of_kind(OBS)] == [c, a, b]
    assert [(e.title, e.position) for e in snap.of_kind(OUT)] == [("Fast builds", 0)]
    assert [e.position for e in snap.of_kind(ElementKind.TACTIC)] == [0]
    assert TASTE_SECTIONS == (
        ElementKind.TRUE_NORTH, ElementKind.ASPIRATION, ElementKind.STRATEGY,
        ElementKind.EVIDENCE, ElementKind.TACTIC,
    )  # the outline shows only these
    assert (SECTION_TITLES[OBS], SINGULAR_TITLES[OUT]) == ("Obstacles", "Outcome")


def test_health_rules_ignore_obstacles_outcomes_and_maps(strategy: Strategy) -> None:
    strategy.add_element(ElementKind.TRUE_NORTH, "Delight")
    strategy.add_element(ElementKind.STRATEGY, "Automate")
    before = rules.check(strategy.snapshot())
    workshop_ids = {"": ""}
    for n in range(30):  # far over any section's soft limit, untitled too
        strategy.add_element(OBS, "")
        workshop_ids[str(n)] = strategy.add_element(OUT, "").id
    m = strategy.add_map(ORM).id
    strategy.place(m, workshop_ids["0"], 1, 2)
    strategy.add_relation(workshop_ids["0"], workshop_ids["1"], NEEDS)

    findings = rules.check(strategy.snapshot())
    assert [f for f in findings if f.code in rules.CODES] == before  # the TASTE rules
    assert {f.code for f in findings if f.code not in rules.CODES} == {"unconnected"}
    orphans = graph.orphans_by_section(strategy.snapshot())
    assert OUT not in orphans and OBS not in orphans


# -- relationships and provenance ------------------------------------------------------------


def test_relations_of_every_kind_persist_with_their_ids(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    x = strategy.add_element(OBS, "Slow builds").id
    o1, o2 = outcomes(strategy, "Fast builds", "Weekly releases")
    made = [
        strategy.add_relation(o1, x, FLIPPED, link_id="flip"),
        strategy.add_relation(o2, o1, FOLLOWS),
        strategy.add_relation(o2, o1, NEEDS),
        strategy.add_relation(o1, o2, ENABLES),
        strategy.add_relation(o1, o2, CONFLICTS),
    ]

    snap = reopen(strategy).snapshot()

    assert made[0] == LinkData("flip", o1, x, "flipped_from", None)
    assert set(snap.links) == set(made)
    assert set(snap.relations()) == set(made)
    assert snap.correlations() == []
    g = graph.strategy_graph(snap)
    assert g.has_edge(o2, o1, key="needs") and g.has_edge(o1, x, key="flipped_from")


def test_remove_and_restore_a_relation_exactly(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    before = strategy.snapshot()
    needs = next(k for k in before.links if k.kind == "needs")

    removed = strategy.remove_relation(needs.id)
    strategy = reopen(strategy)
    assert needs.id not in {k.id for k in strategy.snapshot().links}
    assert removed == needs
    strategy.restore_relation(removed)
    assert strategy.snapshot() == before
    strategy.remove_relation(needs.id)
    strategy.restore(Removal(links=(removed,)))  # a Removal brings it back too
    assert reopen(strategy).snapshot() == before
    assert ids


@pytest.mark.parametrize(
    ("ends", "kind", "words"),
    [
        (("o1", "s1"), NEEDS, "A needs link joins two Outcomes, not an Outcome and a Strategy."),
        (("x1", "o1"), ENABLES, "not an Obstacle and an Outcome"),
        (("o1", "o2"), FLIPPED, "points from an Outcome to the Obstacle it was flipped from"),
        (("x1", "o1"), FLIPPED, "not from an Obstacle to an Outcome"),
        (("o1", "x1"), FOLLOWS, "A follows link joins two Outcomes"),
        (("o1", "o1"), NEEDS, "not one with itself"),
        (("o1", "nowhere"), NEEDS, "No element with id 'nowhere'"),
        (("o1", "o2"), "correlation", "set in the X-Matrix"),
        (("o1", "o2"), "aligns_to", "Unknown link kind 'aligns_to'"),
        (("o1", "o2"), "custom:nope", "No link kind with id 'nope'"),
        (("o3", "o1"), NEEDS, "already have a needs link"),
        (("o1", "o4"), CONFLICTS, "already have a conflicts link"),  # given o4 -> o1
    ],
)
def test_relations_breaking_a_rule_are_refused(
    strategy: Strategy, ends: tuple[str, str], kind: str, words: str
) -> None:
    ids = workshop(strategy)
    source, target = (ids.get(e, e) for e in ends)
    unchanged(strategy, lambda: strategy.add_relation(source, target, kind), words)


def test_user_defined_kinds_join_outcomes_once_per_pair_when_undirected(
    strategy: Strategy,
) -> None:
    ids = workshop(strategy)
    blocks = f"custom:{ids['blocks']}"
    strategy.add_link_kind("informs", directed=False, kind_id="und")
    strategy.add_relation(ids["o1"], ids["o2"], "custom:und")

    unchanged(strategy, lambda: strategy.add_relation(ids["o2"], ids["o1"], "custom:und"),
              "already have a “informs” link")
    unchanged(strategy, lambda: strategy.add_relation(ids["o1"], ids["s1"], blocks),
              "A “blocks” link joins two Outcomes, not an Outcome and a Strategy.")
    strategy.add_relation(ids["o4"], ids["o1"], blocks)  # directed: the other way is fine


def test_directed_kinds_may_go_both_ways_and_ids_are_never_reused(strategy: Strategy) -> None:
    o1, o2 = outcomes(strategy, "A", "B")
    strategy.add_relation(o1, o2, NEEDS, link_id="L")
    strategy.add_relation(o2, o1, NEEDS)  # a cycle in "needs" is the analysis' business
    unchanged(strategy, lambda: strategy.add_relation(o1, o2, ENABLES, link_id="L"), "exists")


def test_set_relation_kind_returns_the_old_kind(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    link = strategy.add_relation(ids["o4"], ids["o2"], NEEDS)
    before = strategy.snapshot()

    old = strategy.set_relation_kind(link.id, ENABLES)
    strategy = reopen(strategy)
    assert old == "needs"
    assert {k.kind for k in strategy.snapshot().links if k.id == link.id} == {"enables"}
    assert strategy.set_relation_kind(link.id, f"custom:{ids['blocks']}") == "enables"
    strategy.set_relation_kind(link.id, old)
    assert strategy.snapshot() == before
    assert strategy.set_relation_kind(link.id, NEEDS) == "needs"  # no change, still fine

    flip = next(k for k in before.links if k.kind == "flipped_from")
    unchanged(strategy, lambda: strategy.set_relation_kind(flip.id, NEEDS), "not an Outcome and")
    follows = next(k for k in before.links if k.kind == "follows")  # o3 -> o1 needs exists
    unchanged(strategy, lambda: strategy.set_relation_kind(follows.id, NEEDS), "already")
    unchanged(strategy, lambda: strategy.set_relation_kind("nope", NEEDS), "No link")


def test_correlations_are_not_relations(strategy: Strategy) -> None:
    a = strategy.add_element(ElementKind.ASPIRATION, "A").id
    s = strategy.add_element(ElementKind.STRATEGY, "S").id
    (o,) = outcomes(strategy, "O")
    strategy.set_correlation(a, s, Strength.STRONG)
    corr = strategy.snapshot().links[0]
    unchanged(strategy, lambda: strategy.remove_relation(corr.id), "X-Matrix")
    unchanged(strategy, lambda: strategy.set_relation_kind(corr.id, NEEDS), "X-Matrix")
    unchanged(strategy, lambda: strategy.set_correlation(o, s, Strength.WEAK), "X-Matrix corner")


def test_chain_outcome_flips_an_obstacle_and_follows_an_outcome(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    x = strategy.add_element(OBS, "Slow builds").id
    (first,) = outcomes(strategy, "Existing")
    before = strategy.snapshot()

    o1, flip = strategy.chain_outcome(x, "Builds in minutes", element_id="o1", link_id="f")
    o2, follows = strategy.chain_outcome(o1.id, "Release weekly")

    strategy = reopen(strategy)
    snap = strategy.snapshot()
    assert [e.title for e in snap.of_kind(OUT)] == ["Existing", "Builds in minutes",
                                                    "Release weekly"]
    assert snap.element("o1") == o1 and snap.element(o2.id) == o2
    assert flip == LinkData("f", "o1", x, "flipped_from")
    assert follows == LinkData(follows.id, o2.id, "o1", "follows")
    assert set(snap.links) == {flip, follows}
    strategy.delete_elements([o2.id, o1.id])  # the undo of both chain steps
    assert strategy.snapshot() == before
    tactic = strategy.add_element(ElementKind.TACTIC, "CI").id
    unchanged(strategy, lambda: strategy.chain_outcome(tactic, "x"), "not from a tactic")
    assert first


# -- user-defined link kinds -----------------------------------------------------------------


def test_link_kinds_add_rename_restyle_and_undo(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    blocks = strategy.add_link_kind("blocks", dash="4 2", color="#AA00ff")
    informs = strategy.add_link_kind("informs", directed=False, kind_id="informs")
    assert blocks.kind == f"custom:{blocks.id}" and len(blocks.kind) <= 32
    assert (blocks.color, blocks.position, informs.position) == ("#aa00ff", 0, 1)
    assert (informs.dash, informs.color, informs.directed) == ("", "#555555", False)
    before = strategy.snapshot()

    assert strategy.rename_link_kind(blocks.id, "stands in the way of") == "blocks"
    old = strategy.restyle_link_kind(blocks.kind, dash="", color="#00AA00", directed=False)
    strategy = reopen(strategy)
    snap = strategy.snapshot()

    assert old == replace(blocks, label="stands in the way of")
    assert snap.link_kind(blocks.kind) == replace(
        blocks, label="stands in the way of", dash="", color="#00aa00", directed=False
    )
    assert snap.link_kind("informs") == informs
    strategy.rename_link_kind(blocks.id, "blocks")
    strategy.restyle_link_kind(blocks.id, dash=old.dash, color=old.color, directed=old.directed)
    assert strategy.snapshot() == before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda st: st.add_link_kind("  "), "needs a label"),
        (lambda st: st.add_link_kind("x", dash="4,2"), "Dash pattern '4,2'"),
        (lambda st: st.add_link_kind("x", dash="0 2"), "Dash pattern"),
        (lambda st: st.add_link_kind("x", dash=" 4"), "Dash pattern"),
        (lambda st: st.add_link_kind("x", color="red"), "Colour 'red'"),
        (lambda st: st.add_link_kind("x", kind_id="k" * 26), "1 to 25 characters"),
        (lambda st: st.add_link_kind("x", kind_id="k"), "exists already"),
        (lambda st: st.rename_link_kind("k", ""), "needs a label"),
        (lambda st: st.rename_link_kind("nope", "x"), "No link kind with id 'nope'"),
        (lambda st: st.restyle_link_kind("k", color="#12345"), "Colour"),
        (lambda st: st.delete_link_kind("nope"), "No link kind"),
    ],
)
def test_bad_link_kinds_are_refused(
    strategy: Strategy, change: Callable[[Strategy], Any], words: str
) -> None:
    strategy.add_link_kind("kind", kind_id="k")
    unchanged(strategy, lambda: change(strategy), words)


def test_a_kind_with_links_both_ways_cannot_become_undirected(strategy: Strategy) -> None:
    o1, o2 = outcomes(strategy, "A", "B")
    k = strategy.add_link_kind("feeds")
    strategy.add_relation(o1, o2, k.kind)
    strategy.add_relation(o2, o1, k.kind)
    unchanged(strategy, lambda: strategy.restyle_link_kind(k.id, directed=False), "both ways")
    strategy.remove_relation(strategy.snapshot().links[0].id)
    assert strategy.restyle_link_kind(k.id, directed=False).directed is True


def test_deleting_a_link_kind_takes_its_links_and_restore_brings_both_back(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    first = strategy.add_link_kind("first", kind_id="first")
    strategy.add_link_kind("last", kind_id="last")
    strategy.add_relation(ids["o2"], ids["o4"], f"custom:{ids['blocks']}")
    before = strategy.snapshot()

    removal = strategy.delete_link_kind(ids["blocks"])
    strategy = reopen(strategy)
    after = strategy.snapshot()
    assert [k.id for k in removal.link_kinds] == [ids["blocks"]]
    assert len(removal.links) == 2
    assert not any(k.kind.startswith("custom:") for k in after.links)
    assert [(k.id, k.position) for k in after.link_kinds] == [("first", 0), ("last", 1)]
    strategy.restore(removal)
    assert reopen(strategy).snapshot() == before
    assert first.position == 1


# -- maps ------------------------------------------------------------------------------------


def test_maps_are_added_in_order_with_their_default_settings(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    orm = strategy.add_map(ORM)
    oam = strategy.add_map(OAM, "Approaches", map_id="oam")
    pop = strategy.add_map("plan_on_a_page", settings={"column_labels": ["Q1", "Q2", "Q3"]})

    snap = reopen(strategy).snapshot()

    assert snap.maps == (orm, oam, pop)
    assert [(m.kind, m.title, m.position) for m in snap.maps] == [
        (ORM, "Option Relationship Map", 0), (OAM, "Approaches", 1), (POP, "Plan on a Page", 2)]
    assert orm.settings == MAP_DEFAULT_SETTINGS[ORM]
    assert orm.settings is not MAP_DEFAULT_SETTINGS[ORM]
    assert pop.setting("column_labels") == ["Q1", "Q2", "Q3"]
    assert oam.setting("corner_labels")[3] == "Obvious answer"
    assert oam.setting("layout", "none") == "none"
    assert snap.map("oam") == oam and snap.map("nope") is None


def test_rename_and_settings_return_the_old_values(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    m = strategy.add_map(ORM)
    before = strategy.snapshot()
    new: dict[str, Any] = {"x_axis": "Ambiguïté", "layout": "layered", "size": 1.5, "n": 3,
                           "grid": True, "x_labels": ["Nouveau", "Clair"]}

    assert strategy.rename_map(m.id, "Options 2027") == "Option Relationship Map"
    assert strategy.set_map_settings(m.id, new) == m.settings
    strategy = reopen(strategy)
    snap = strategy.snapshot()
    assert snap.maps[0].title == "Options 2027"
    assert snap.maps[0].settings == new
    strategy.rename_map(m.id, m.title)
    strategy.set_map_settings(m.id, m.settings)
    assert strategy.snapshot() == before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda st, m: st.add_map("kanban"), "Unknown map kind 'kanban'"),
        (lambda st, m: st.add_map(ORM, map_id=m), "exists already"),
        (lambda st, m: st.add_map(ORM, settings={"a": {"b": 1}}), "Map setting 'a'"),
        (lambda st, m: st.set_map_settings(m, {"a": [1]}), "list of strings"),
        (lambda st, m: st.set_map_settings(m, {"a": math.nan}), "finite number"),
        (lambda st, m: st.set_map_settings(m, {"a": None}), "Map setting"),
        (lambda st, m: st.set_map_settings("nope", {}), "No map with id 'nope'"),
        (lambda st, m: st.rename_map("nope", "x"), "No map"),
        (lambda st, m: st.delete_map("nope"), "No map"),
    ],
)
def test_bad_map_edits_are_refused(
    strategy: Strategy, change: Callable[[Strategy, str], Any], words: str
) -> None:
    m = strategy.add_map(ORM).id
    unchanged(strategy, lambda: change(strategy, m), words)


def test_delete_map_takes_its_placements_and_restore_map_puts_all_back(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    strategy.add_map(OAM, "Last")
    before = strategy.snapshot()

    removal = strategy.delete_map(ids["orm"])
    strategy = reopen(strategy)
    snap = strategy.snapshot()
    assert [(m.title, m.position) for m in snap.maps] == [("Plan on a Page", 0), ("Last", 1)]
    assert len(removal.placements) == 4 and snap.placements_on(ids["orm"]) == {}
    assert len(snap.of_kind(OUT)) == 4  # the outcomes stay in the strategy
    strategy.restore_map(removal)
    assert reopen(strategy).snapshot() == before


# -- placements ------------------------------------------------------------------------------


def test_place_moves_and_returns_the_old_placement(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    m = strategy.add_map(ORM).id
    o1, o2 = outcomes(strategy, "A", "B")

    assert strategy.place(m, o1, 10, -20.25) is None
    assert strategy.place(m, o2, 1.5, 2.5, pinned=True) is None
    old = strategy.place(m, o1, 30.0, 40.0)
    kept = strategy.place(m, o2, 7, 8)  # pinned=None keeps the pin

    snap = reopen(strategy).snapshot()
    assert old == PlacementData(m, o1, 10.0, -20.25, False, None)
    assert kept == PlacementData(m, o2, 1.5, 2.5, True, None)
    assert snap.placements_on(m) == {
        o1: PlacementData(m, o1, 30.0, 40.0, False, None),
        o2: PlacementData(m, o2, 7.0, 8.0, True, None),
    }
    assert isinstance(snap.placements_on(m)[o1].x, float)


def test_undo_of_place_and_unplace_with_set_placements(strategy: Strategy) -> None:
    ids = workshop(strategy)
    before = strategy.snapshot()
    m = ids["orm"]

    old_new = strategy.place(m, ids["o1"], 99, 99, pinned=True)
    undo = strategy.set_placements(m, {ids["o1"]: old_new})
    assert strategy.snapshot() == before
    redo = strategy.set_placements(m, undo)  # the same call with its result redoes
    assert strategy.snapshot().placements_on(m)[ids["o1"]].pinned is True
    strategy.set_placements(m, redo)
    assert strategy.snapshot() == before

    gone = strategy.unplace(m, ids["o2"])
    assert ids["o2"] not in strategy.snapshot().placements_on(m)
    strategy.set_placements(m, {ids["o2"]: gone})
    assert strategy.snapshot() == before


def test_set_placements_places_moves_and_removes_in_one_go(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    (o5,) = outcomes(strategy, "New")
    m = ids["pop"]
    before = strategy.snapshot()

    old = strategy.set_placements(m, {
        o5: PlacementData(m, o5, 1, 1, True, 1),
        ids["o1"]: PlacementData(m, ids["o1"], 5, 5, False, 2),
        ids["o3"]: None,
        ids["o4"]: None,  # not on the map: stays off
    })
    strategy = reopen(strategy)
    on = strategy.snapshot().placements_on(m)
    assert old[o5] is None and old[ids["o4"]] is None
    assert old[ids["o3"]] == before.placements_on(m)[ids["o3"]]
    assert set(on) == {o5, ids["o1"]}
    assert (on[o5].horizon, on[ids["o1"]].horizon) == (1, 2)
    strategy.set_placements(m, old)
    assert strategy.snapshot() == before


def test_plan_on_a_page_horizons(strategy: Strategy) -> None:
    pop = strategy.add_map(POP).id
    orm = strategy.add_map(ORM).id
    (o,) = outcomes(strategy, "A")

    strategy.place(pop, o, 0, 0)
    assert strategy.snapshot().placements_on(pop)[o].horizon == 0  # a new card: "Now"
    strategy.place(pop, o, 0, 0, horizon=2)
    assert strategy.place(pop, o, 5, 5).horizon == 2  # type: ignore[union-attr]
    assert strategy.snapshot().placements_on(pop)[o].horizon == 2  # None keeps it
    unchanged(strategy, lambda: strategy.place(pop, o, 0, 0, horizon=3), "columns 0 to 2")
    unchanged(strategy, lambda: strategy.place(pop, o, 0, 0, horizon=-1), "columns 0 to 2")
    unchanged(strategy, lambda: strategy.place(orm, o, 0, 0, horizon=0), "Only a Plan on a Page")
    bad = PlacementData(orm, o, 0, 0, False, 1)
    unchanged(strategy, lambda: strategy.set_placements(orm, {o: bad}), "Only a Plan on a Page")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda st, m, o, t: st.place(m, t, 0, 0), "Only outcomes are placed on maps"),
        (lambda st, m, o, t: st.place(m, "nope", 0, 0), "No element with id 'nope'"),
        (lambda st, m, o, t: st.place("nope", o, 0, 0), "No map"),
        (lambda st, m, o, t: st.place(m, o, math.inf, 0), "finite number for x"),
        (lambda st, m, o, t: st.place(m, o, 0, math.nan), "finite number for y"),
        (lambda st, m, o, t: st.place(m, o, "1", 0), "finite number"),
        (lambda st, m, o, t: st.set_pinned(m, t, True), "not on this map"),
        (lambda st, m, o, t: st.unplace(m, t), "not on this map"),
        (lambda st, m, o, t: st.move_many(m, {o: (1, 1), t: (2, 2)}), "Not on this map"),
        (lambda st, m, o, t: st.move_many(m, {o: (math.inf, 1)}), "finite"),
        (lambda st, m, o, t: st.set_placements(m, {o: PlacementData("x", o, 0, 0)}), "another's"),
        (lambda st, m, o, t: st.set_placements(m, {t: PlacementData(m, t, 0, 0)}), "outcomes"),
    ],
)
def test_bad_placements_are_refused(
    strategy: Strategy, change: Callable[[Strategy, str, str, str], Any], words: str
) -> None:
    m = strategy.add_map(ORM).id
    (o,) = outcomes(strategy, "A")
    tactic = strategy.add_element(ElementKind.TACTIC, "T").id
    strategy.place(m, o, 1, 2)
    unchanged(strategy, lambda: change(strategy, m, o, tactic), words)


def test_set_pinned_returns_the_old_pin(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    m = strategy.add_map(ORM).id
    (o,) = outcomes(strategy, "A")
    strategy.place(m, o, 1, 2)

    assert strategy.set_pinned(m, o, True) is False
    assert reopen(strategy).snapshot().placements_on(m)[o].pinned is True


def test_move_many_moves_in_one_transaction_and_undoes(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    m = ids["orm"]
    before = strategy.snapshot()

    old = strategy.move_many(m, {ids["o1"]: (100, 200), ids["o3"]: (-1.25, 0)})
    strategy = reopen(strategy)
    on = strategy.snapshot().placements_on(m)
    assert (on[ids["o1"]].x, on[ids["o1"]].y, on[ids["o3"]].x) == (100.0, 200.0, -1.25)
    assert on[ids["o3"]].pinned is True  # moving keeps the pin
    assert old == {ids["o1"]: (0.0, 0.0), ids["o3"]: (20.0, 11.0)}
    assert strategy.move_many(m, old) == {ids["o1"]: (100.0, 200.0), ids["o3"]: (-1.25, 0.0)}
    assert strategy.snapshot() == before
    assert strategy.move_many(m, {}) == {}


def test_move_many_of_2000_cards_is_fast(strategy: Strategy) -> None:
    m = strategy.add_map(ORM).id
    ids = [f"o{n}" for n in range(2000)]
    for eid in ids:
        strategy.add_element(OUT, eid, element_id=eid)
    strategy.set_placements(m, {eid: PlacementData(m, eid, n, n) for n, eid in enumerate(ids)})

    started = time.perf_counter()
    old = strategy.move_many(m, {eid: (n * 2.0, -n) for n, eid in enumerate(ids)})
    moved = time.perf_counter() - started
    started = time.perf_counter()
    snap = strategy.snapshot()
    read = time.perf_counter() - started
    print(f"move_many of 2,000 cards: {moved * 1000:.0f} ms; snapshot {read * 1000:.0f} ms")

    assert len(old) == 2000 and old["o7"] == (7.0, 7.0)
    assert snap.placements_on(m)["o7"] == PlacementData(m, "o7", 14.0, -7.0)
    assert moved < 1.0


def test_deleting_outcomes_takes_links_and_placements_and_restore_puts_them_back(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    ids = workshop(strategy)
    before = strategy.snapshot()

    removal = strategy.delete_elements([ids["o1"], ids["x2"]])
    strategy = reopen(strategy)
    snap = strategy.snapshot()
    assert {p.element_id for p in removal.placements} == {ids["o1"]}
    assert len(removal.placements) == 2  # on both maps
    assert not any(ids["o1"] in (k.source, k.target) for k in snap.links)
    assert all(p.element_id != ids["o1"] for p in snap.placements)
    assert [e.position for e in snap.of_kind(OUT)] == [0, 1, 2]
    strategy.restore(removal)
    assert reopen(strategy).snapshot() == before


# -- read-only -------------------------------------------------------------------------------

READ_ONLY_EDITS: dict[str, Callable[[Strategy, dict[str, str]], Any]] = {
    "add_relation": lambda st, i: st.add_relation(i["o4"], i["o2"], NEEDS),
    "remove_relation": lambda st, i: st.remove_relation(st.snapshot().relations()[0].id),
    "restore_relation": lambda st, i: st.restore_relation(LinkData("n", i["o4"], i["o2"], "needs")),
    "set_relation_kind": lambda st, i: st.set_relation_kind(st.snapshot().relations()[0].id, "x"),
    "chain_outcome": lambda st, i: st.chain_outcome(i["x1"], "x"),
    "add_link_kind": lambda st, i: st.add_link_kind("x"),
    "rename_link_kind": lambda st, i: st.rename_link_kind(i["blocks"], "x"),
    "restyle_link_kind": lambda st, i: st.restyle_link_kind(i["blocks"], dash="1 1"),
    "delete_link_kind": lambda st, i: st.delete_link_kind(i["blocks"]),
    "add_map": lambda st, i: st.add_map(ORM),
    "rename_map": lambda st, i: st.rename_map(i["orm"], "x"),
    "delete_map": lambda st, i: st.delete_map(i["orm"]),
    "restore_map": lambda st, i: st.restore_map(Removal()),
    "set_map_settings": lambda st, i: st.set_map_settings(i["orm"], {}),
    "place": lambda st, i: st.place(i["orm"], i["o1"], 0, 0),
    "move_many": lambda st, i: st.move_many(i["orm"], {i["o1"]: (0, 0)}),
    "set_pinned": lambda st, i: st.set_pinned(i["orm"], i["o1"], True),
    "unplace": lambda st, i: st.unplace(i["orm"], i["o1"]),
    "set_placements": lambda st, i: st.set_placements(i["orm"], {i["o1"]: None}),
}


@pytest.fixture
def read_only_workshop(strategy_path: Path) -> Iterator[tuple[Strategy, dict[str, str]]]:
    writable = StrategyFile.create(strategy_path)
    ids = workshop(Strategy(writable))
    writable.close()
    opened = StrategyFile.open(strategy_path, read_only=True)
    yield Strategy(opened), ids
    opened.close()


@pytest.mark.parametrize("edit", list(READ_ONLY_EDITS))
def test_every_edit_of_a_read_only_file_is_refused(
    read_only_workshop: tuple[Strategy, dict[str, str]], edit: str
) -> None:
    strategy, ids = read_only_workshop
    before = strategy.snapshot()
    with pytest.raises(ReadOnlyError):
        READ_ONLY_EDITS[edit](strategy, ids)
    assert strategy.snapshot() == before


# -- the snapshot ----------------------------------------------------------------------------


def test_snapshot_reads_maps_placements_and_kinds_in_order(strategy: Strategy) -> None:
    ids = workshop(strategy)
    snap = strategy.snapshot()

    assert [m.id for m in snap.maps] == [ids["orm"], ids["pop"]]
    assert [(p.map_id, p.element_id) for p in snap.placements] == sorted(
        (p.map_id, p.element_id) for p in snap.placements)
    assert set(snap.placements_on(ids["pop"])) == {ids["o1"], ids["o3"]}
    assert snap.placements_on("nope") == {}
    assert snap.link_kind(f"custom:{ids['blocks']}") == snap.link_kinds[0]
    assert snap.link_kind("needs") is None
    assert len(snap.relations()) == 8
    assert Snapshot("t").maps == () and Snapshot("t").placements_on("m") == {}
