"""Domain operations on a strategy: what the outline, the notes and the X-Matrix do to it.

Each operation is checked for its effect, for what it hands back for undo, and for surviving
a close and reopen of the file.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.kinds import ElementKind, PartyKind, Role, Strength
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Removal, Strategy

TN, ASP, STR, TAC, EVI = (
    ElementKind.TRUE_NORTH,
    ElementKind.ASPIRATION,
    ElementKind.STRATEGY,
    ElementKind.TACTIC,
    ElementKind.EVIDENCE,
)

# The four X-Matrix corners, written out here rather than taken from okrdesk.models.kinds, as
# (kind stored as source, kind stored as target).
CORNERS = [(STR, ASP), (EVI, ASP), (TAC, STR), (TAC, EVI)]
ALL_KINDS = [TN, ASP, STR, TAC, EVI]
NOT_CORNERS = [
    (a, b)
    for a, b in itertools.combinations_with_replacement(ALL_KINDS, 2)
    if (a, b) not in CORNERS and (b, a) not in CORNERS
]


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


def titles(strategy: Strategy, kind: ElementKind) -> list[str]:
    return [e.title for e in strategy.snapshot().of_kind(kind)]


def positions(snapshot: Snapshot, kind: ElementKind) -> list[int]:
    return [e.position for e in snapshot.of_kind(kind)]


def assert_dense(snapshot: Snapshot) -> None:
    for kind in ALL_KINDS:
        assert positions(snapshot, kind) == list(range(len(snapshot.of_kind(kind)))), kind


def add_all(strategy: Strategy, kind: ElementKind, *names: str) -> list[str]:
    return [strategy.add_element(kind, name).id for name in names]


def build(strategy: Strategy) -> dict[str, str]:
    """A small complete strategy: two of each arm, one of each corner, owners."""
    st = strategy
    ids = {"tn": st.add_element(TN, "Instantaneous development and deployment").id}
    ids["a1"], ids["a2"] = add_all(st, ASP, "More releases", "Fewer defects")
    ids["s1"], ids["s2"] = add_all(st, STR, "Automate", "Small batches")
    ids["e1"], ids["e2"] = add_all(st, EVI, "Deploys per day", "Escaped defects")
    ids["t1"], ids["t2"] = add_all(st, TAC, "CI", "Feature toggles")
    st.set_correlation(ids["s1"], ids["a1"], Strength.STRONG)
    st.set_correlation(ids["s2"], ids["a2"], Strength.WEAK)
    st.set_correlation(ids["e1"], ids["a1"], Strength.MEDIUM)
    st.set_correlation(ids["e2"], ids["a2"], Strength.STRONG)
    st.set_correlation(ids["t1"], ids["s1"], Strength.STRONG)
    st.set_correlation(ids["t1"], ids["e1"], Strength.WEAK)
    st.set_correlation(ids["t2"], ids["s2"], Strength.MEDIUM)
    st.set_correlation(ids["t2"], ids["e2"], Strength.MEDIUM)
    ids["ada"] = st.add_party("Ada", PartyKind.PERSON).id
    ids["ops"] = st.add_party("Ops", PartyKind.TEAM).id
    st.set_ownership(ids["ada"], ids["s1"], Role.LEAD)
    st.set_ownership(ids["ops"], ids["s1"], Role.CONSULTED)
    st.set_ownership(ids["ops"], ids["t1"], Role.SUPPORT)
    return ids


# -- adding ----------------------------------------------------------------------------------


def test_add_appends_to_its_section(strategy: Strategy, reopen: Callable) -> None:
    first = strategy.add_element(ASP, "More releases", "per month")
    second = strategy.add_element(ASP, "Fewer defects")
    add_all(strategy, STR, "Automate")

    assert (first.kind, first.title, first.notes, first.position) == (
        ASP,
        "More releases",
        "per month",
        0,
    )
    assert second.position == 1
    assert first.id != second.id and len(first.id) >= 32

    again = reopen(strategy)
    assert again.element(first.id) == first
    assert again.element(second.id) == second
    assert titles(again, ASP) == ["More releases", "Fewer defects"]
    assert titles(again, STR) == ["Automate"]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (0, ["new", "t0", "t1", "t2"]),
        (1, ["t0", "new", "t1", "t2"]),
        (2, ["t0", "t1", "new", "t2"]),
        (3, ["t0", "t1", "t2", "new"]),
        (99, ["t0", "t1", "t2", "new"]),
        (-5, ["new", "t0", "t1", "t2"]),
    ],
)
def test_add_at_a_position_shifts_later_items(
    strategy: Strategy, reopen: Callable, position: int, expected: list[str]
) -> None:
    add_all(strategy, TAC, "t0", "t1", "t2")
    add_all(strategy, EVI, "e0", "e1")
    evidence_before = strategy.snapshot().of_kind(EVI)

    added = strategy.add_element(TAC, "new", position=position)

    assert added.position == expected.index("new")
    again = reopen(strategy)
    assert titles(again, TAC) == expected
    assert_dense(again.snapshot())
    assert again.snapshot().of_kind(EVI) == evidence_before


def test_add_with_given_id_and_status(strategy: Strategy, reopen: Callable) -> None:
    strategy.add_element(TAC, "Experiment", element_id="tactic-7", status="trial")

    again = reopen(strategy)
    element = again.element("tactic-7")
    assert (element.title, element.status, element.kind) == ("Experiment", "trial", TAC)


def test_only_one_true_north(strategy: Strategy, reopen: Callable) -> None:
    north = strategy.add_element(TN, "Instantaneous development and deployment")
    before = strategy.snapshot()

    with pytest.raises(InvalidOperation, match="one True North"):
        strategy.add_element(TN, "A second north")
    with pytest.raises(InvalidOperation):
        strategy.add_element(TN, "At the front", position=0)

    assert strategy.snapshot() == before
    again = reopen(strategy)
    assert again.snapshot().true_north() == north


# -- rename, notes ---------------------------------------------------------------------------


def test_rename_returns_the_old_title(strategy: Strategy, reopen: Callable) -> None:
    aspiration = strategy.add_element(ASP, "More releases")

    assert strategy.rename_element(aspiration.id, "Many more releases") == "More releases"
    assert strategy.rename_element(aspiration.id, "") == "Many more releases"
    assert strategy.rename_element(aspiration.id, "Ünïcode ✓ 'quotes' <b>") == ""

    again = reopen(strategy)
    assert again.element(aspiration.id).title == "Ünïcode ✓ 'quotes' <b>"
    assert again.element(aspiration.id).position == 0


def test_notes_return_the_old_notes(strategy: Strategy, reopen: Callable) -> None:
    tactic = strategy.add_element(TAC, "CI", "first")
    long_notes = "line one\nline two\n" * 200

    assert strategy.set_notes(tactic.id, long_notes) == "first"
    assert strategy.set_notes(tactic.id, long_notes + "!") == long_notes

    again = reopen(strategy)
    assert again.element(tactic.id).notes == long_notes + "!"
    assert again.element(tactic.id).title == "CI"


@pytest.mark.parametrize(
    "edit",
    [
        lambda st: st.rename_element("missing", "x"),
        lambda st: st.set_notes("missing", "x"),
        lambda st: st.move_element("missing", 0),
        lambda st: st.element("missing"),
    ],
    ids=["rename", "notes", "move", "read"],
)
def test_unknown_element_is_refused(strategy: Strategy, edit: Callable) -> None:
    add_all(strategy, ASP, "a")
    before = strategy.snapshot()

    with pytest.raises(InvalidOperation, match="missing"):
        edit(strategy)

    assert strategy.snapshot() == before


# -- moving ----------------------------------------------------------------------------------


def test_move_returns_the_old_position_and_persists(strategy: Strategy, reopen: Callable) -> None:
    ids = add_all(strategy, STR, "s0", "s1", "s2", "s3")
    add_all(strategy, ASP, "a0", "a1")
    aspirations = strategy.snapshot().of_kind(ASP)

    assert strategy.move_element(ids[3], 0) == 3
    assert strategy.move_element(ids[0], 99) == 1  # clamped to the end

    again = reopen(strategy)
    assert titles(again, STR) == ["s3", "s1", "s2", "s0"]
    assert_dense(again.snapshot())
    assert again.snapshot().of_kind(ASP) == aspirations


def test_every_move_keeps_positions_dense_and_undoes_exactly(strategy: Strategy) -> None:
    names = ["t0", "t1", "t2", "t3", "t4"]
    ids = dict(zip(names, add_all(strategy, TAC, *names), strict=True))
    add_all(strategy, EVI, "e0", "e1", "e2")
    start = strategy.snapshot()

    for name, target in itertools.product(names, range(-1, len(names) + 1)):
        expected = list(names)
        expected.remove(name)
        expected.insert(max(0, min(target, len(expected))), name)

        old = strategy.move_element(ids[name], target)

        snap = strategy.snapshot()
        assert [e.title for e in snap.of_kind(TAC)] == expected, (name, target)
        assert_dense(snap)
        assert snap.of_kind(EVI) == start.of_kind(EVI)
        assert old == names.index(name)
        strategy.move_element(ids[name], old)  # what undo does
        assert strategy.snapshot() == start, (name, target)


# -- deleting and restoring ------------------------------------------------------------------


def test_delete_several_takes_links_and_owners_and_closes_gaps(
    strategy: Strategy, reopen: Callable
) -> None:
    ids = build(strategy)
    extra = add_all(strategy, TAC, "t3", "t4")
    before = strategy.snapshot()
    gone = {ids["s1"], ids["t1"], ids["e1"]}

    removal = strategy.delete_elements([ids["s1"], ids["t1"], ids["e1"], ids["s1"]])

    # What was handed back is exactly what disappeared.
    assert {e.id for e in removal.elements} == gone
    assert set(removal.links) == {k for k in before.links if {k.source, k.target} & gone}
    assert set(removal.ownerships) == {o for o in before.ownerships if o.element in gone}
    assert len(removal.links) == 4 and len(removal.ownerships) == 3

    again = reopen(strategy)
    snap = again.snapshot()
    assert {e.id for e in snap.elements} == {e.id for e in before.elements} - gone
    assert all({k.source, k.target}.isdisjoint(gone) for k in snap.links)
    assert len(snap.links) == len(before.links) - 4
    assert [o.element for o in snap.ownerships] == []
    assert [e.title for e in snap.of_kind(TAC)] == ["Feature toggles", "t3", "t4"]
    assert [e.id for e in snap.of_kind(TAC)][1:] == extra
    assert [e.title for e in snap.of_kind(STR)] == ["Small batches"]
    assert_dense(snap)
    # Untouched sections and parties stay as they were.
    assert snap.of_kind(ASP) == before.of_kind(ASP)
    assert snap.parties == before.parties


def test_delete_with_an_unknown_id_deletes_nothing(strategy: Strategy) -> None:
    ids = build(strategy)
    before = strategy.snapshot()

    with pytest.raises(InvalidOperation):
        strategy.delete_elements([ids["a1"], "missing"])

    assert strategy.snapshot() == before


def test_restore_puts_back_exactly(strategy: Strategy, reopen: Callable) -> None:
    ids = build(strategy)
    add_all(strategy, TAC, "t3", "t4")
    before = strategy.snapshot()

    removal = strategy.delete_elements([ids["t1"], ids["s1"], ids["a2"], ids["tn"]])
    strategy.restore(removal)

    assert strategy.snapshot() == before
    assert reopen(strategy).snapshot() == before


def test_restore_persists_across_reopen_between_delete_and_restore(
    strategy: Strategy, reopen: Callable
) -> None:
    ids = build(strategy)
    before = strategy.snapshot()
    removal = strategy.delete_elements([ids["e2"], ids["t2"]])

    again = reopen(strategy)
    again.restore(removal)

    assert again.snapshot() == before


def test_every_delete_restores_exactly(strategy: Strategy) -> None:
    ids = build(strategy)
    add_all(strategy, ASP, "a3")
    start = strategy.snapshot()
    pool = [ids[n] for n in ("a1", "a2", "s1", "e1", "t1", "t2")]

    for size in range(1, len(pool) + 1):
        for chosen in itertools.combinations(pool, size):
            removal = strategy.delete_elements(chosen)
            snap = strategy.snapshot()
            assert_dense(snap)
            assert {e.id for e in snap.elements} == {e.id for e in start.elements} - set(chosen)
            strategy.restore(removal)
            assert strategy.snapshot() == start, chosen


def test_deleting_a_whole_section_and_restoring_it(strategy: Strategy) -> None:
    ids = build(strategy)
    start = strategy.snapshot()

    removal = strategy.delete_elements([ids["a2"], ids["a1"]])
    assert strategy.snapshot().of_kind(ASP) == []
    strategy.restore(removal)

    assert strategy.snapshot() == start


# -- correlations ----------------------------------------------------------------------------


@pytest.fixture
def two_of_each(strategy: Strategy) -> dict[ElementKind, list[str]]:
    found = {TN: [strategy.add_element(TN, "north").id]}
    for kind in (ASP, STR, TAC, EVI):
        found[kind] = add_all(strategy, kind, f"{kind.value} 1", f"{kind.value} 2")
    return found


@pytest.mark.parametrize(("source_kind", "target_kind"), CORNERS)
@pytest.mark.parametrize("given", ["source first", "target first"])
def test_correlation_in_each_corner_is_stored_once_in_one_direction(
    strategy: Strategy,
    two_of_each: dict[ElementKind, list[str]],
    reopen: Callable,
    source_kind: ElementKind,
    target_kind: ElementKind,
    given: str,
) -> None:
    src, dst = two_of_each[source_kind][0], two_of_each[target_kind][1]
    a, b = (src, dst) if given == "source first" else (dst, src)

    assert strategy.set_correlation(a, b, Strength.WEAK) is None
    assert strategy.set_correlation(b, a, Strength.STRONG) is Strength.WEAK

    again = reopen(strategy)
    [link] = again.snapshot().links
    assert (link.source, link.target, link.kind, link.strength) == (
        src,
        dst,
        "correlation",
        Strength.STRONG,
    )
    assert again.snapshot().strength_between(dst, src) is Strength.STRONG


def test_set_change_and_clear_return_the_old_strength(
    strategy: Strategy, two_of_each: dict[ElementKind, list[str]], reopen: Callable
) -> None:
    tactic, evidence = two_of_each[TAC][0], two_of_each[EVI][0]

    assert strategy.set_correlation(tactic, evidence, Strength.MEDIUM) is None
    assert strategy.set_correlation(tactic, evidence, Strength.MEDIUM) is Strength.MEDIUM
    assert strategy.set_correlation(evidence, tactic, Strength.WEAK) is Strength.MEDIUM
    strategy = reopen(strategy)
    assert strategy.snapshot().strength_between(tactic, evidence) is Strength.WEAK
    assert strategy.set_correlation(tactic, evidence, None) is Strength.WEAK
    assert strategy.set_correlation(tactic, evidence, None) is None

    again = reopen(strategy)
    assert again.snapshot().links == ()
    assert again.snapshot().strength_between(tactic, evidence) is None


def test_correlations_are_independent_per_pair(
    strategy: Strategy, two_of_each: dict[ElementKind, list[str]], reopen: Callable
) -> None:
    (t1, t2), (s1, s2) = two_of_each[TAC], two_of_each[STR]
    strategy.set_correlation(t1, s1, Strength.STRONG)
    strategy.set_correlation(t1, s2, Strength.WEAK)
    strategy.set_correlation(t2, s1, Strength.MEDIUM)

    assert strategy.set_correlation(t1, s2, None) is Strength.WEAK

    snap = reopen(strategy).snapshot()
    assert snap.strength_between(t1, s1) is Strength.STRONG
    assert snap.strength_between(t1, s2) is None
    assert snap.strength_between(t2, s1) is Strength.MEDIUM
    assert snap.strength_between(t2, s2) is None


@pytest.mark.parametrize(("kind_a", "kind_b"), NOT_CORNERS, ids=lambda k: k.value)
def test_correlation_outside_the_four_corners_is_refused(
    strategy: Strategy,
    two_of_each: dict[ElementKind, list[str]],
    kind_a: ElementKind,
    kind_b: ElementKind,
) -> None:
    a = two_of_each[kind_a][0]
    b = two_of_each[kind_b][-1]  # a different element when both kinds are the same
    before = strategy.snapshot()

    for first, second in ((a, b), (b, a)):
        for strength in (Strength.STRONG, None):
            with pytest.raises(InvalidOperation, match="cannot correlate"):
                strategy.set_correlation(first, second, strength)

    assert strategy.snapshot() == before


def test_correlation_with_itself_or_an_unknown_element_is_refused(
    strategy: Strategy, two_of_each: dict[ElementKind, list[str]]
) -> None:
    tactic = two_of_each[TAC][0]

    with pytest.raises(InvalidOperation):
        strategy.set_correlation(tactic, tactic, Strength.WEAK)
    with pytest.raises(InvalidOperation, match="missing"):
        strategy.set_correlation(tactic, "missing", Strength.WEAK)
    assert strategy.snapshot().links == ()


# -- people, teams and ownership -------------------------------------------------------------


def test_parties_are_added_in_order(strategy: Strategy, reopen: Callable) -> None:
    ada = strategy.add_party("Ada")
    ops = strategy.add_party("Ops", PartyKind.TEAM)
    given = strategy.add_party("Grace", party_id="grace")

    assert [(p.name, p.kind, p.position) for p in (ada, ops, given)] == [
        ("Ada", "person", 0),
        ("Ops", "team", 1),
        ("Grace", "person", 2),
    ]
    assert reopen(strategy).snapshot().parties == (ada, ops, given)


def test_rename_party_returns_the_old_name(strategy: Strategy, reopen: Callable) -> None:
    ada = strategy.add_party("Ada")

    assert strategy.rename_party(ada.id, "Ada Lovelace") == "Ada"

    assert [p.name for p in reopen(strategy).snapshot().parties] == ["Ada Lovelace"]


def test_delete_party_takes_its_ownerships_and_restore_puts_them_back(
    strategy: Strategy, reopen: Callable
) -> None:
    ids = build(strategy)
    grace = strategy.add_party("Grace").id
    strategy.set_ownership(grace, ids["t2"], Role.LEAD)
    before = strategy.snapshot()

    removal = strategy.delete_party(ids["ops"])

    assert isinstance(removal, Removal)
    assert [p.id for p in removal.parties] == [ids["ops"]]
    assert set(removal.ownerships) == {o for o in before.ownerships if o.party == ids["ops"]}
    assert len(removal.ownerships) == 2
    strategy = reopen(strategy)
    snap = strategy.snapshot()
    assert [(p.name, p.position) for p in snap.parties] == [("Ada", 0), ("Grace", 1)]
    assert {o.party for o in snap.ownerships} == {ids["ada"], grace}
    assert snap.elements == before.elements and snap.links == before.links

    strategy.restore(removal)

    assert strategy.snapshot() == before
    assert reopen(strategy).snapshot() == before


def test_delete_and_restore_a_party_who_owns_nothing(strategy: Strategy) -> None:
    first, middle, last = (strategy.add_party(n) for n in ("Ada", "Bob", "Cy"))
    before = strategy.snapshot()

    removal = strategy.delete_party(middle.id)
    assert [(p.name, p.position) for p in strategy.snapshot().parties] == [("Ada", 0), ("Cy", 1)]
    strategy.restore(removal)

    assert strategy.snapshot() == before
    assert strategy.snapshot().parties == (first, middle, last)


def test_unknown_party_is_refused(strategy: Strategy) -> None:
    aspiration = strategy.add_element(ASP, "a")

    with pytest.raises(InvalidOperation, match="missing"):
        strategy.rename_party("missing", "x")
    with pytest.raises(InvalidOperation, match="missing"):
        strategy.delete_party("missing")
    with pytest.raises(InvalidOperation, match="missing"):
        strategy.set_ownership("missing", aspiration.id, Role.LEAD)


def test_set_ownership_returns_the_old_role(strategy: Strategy, reopen: Callable) -> None:
    strategy_id = strategy.add_element(STR, "Automate").id
    ada, ops = strategy.add_party("Ada").id, strategy.add_party("Ops", PartyKind.TEAM).id

    assert strategy.set_ownership(ada, strategy_id, Role.LEAD) is None
    assert strategy.set_ownership(ops, strategy_id, Role.SUPPORT) is None
    assert strategy.set_ownership(ada, strategy_id, Role.CONSULTED) is Role.LEAD
    strategy = reopen(strategy)
    assert {(o.party, o.role) for o in strategy.snapshot().ownerships} == {
        (ada, Role.CONSULTED),
        (ops, Role.SUPPORT),
    }
    assert strategy.set_ownership(ops, strategy_id, None) is Role.SUPPORT
    assert strategy.set_ownership(ops, strategy_id, None) is None

    snap = reopen(strategy).snapshot()
    assert [(o.party, o.element, o.role) for o in snap.ownerships] == [
        (ada, strategy_id, Role.CONSULTED)
    ]


def test_ownership_of_an_unknown_element_is_refused(strategy: Strategy) -> None:
    ada = strategy.add_party("Ada").id

    with pytest.raises(InvalidOperation, match="missing"):
        strategy.set_ownership(ada, "missing", Role.LEAD)
    assert strategy.snapshot().ownerships == ()


# -- title and settings ----------------------------------------------------------------------


def test_title_returns_the_old_title(strategy: Strategy, reopen: Callable) -> None:
    assert strategy.snapshot().title == "Test strategy"

    assert strategy.set_title("Acme 2027") == "Test strategy"

    assert reopen(strategy).snapshot().title == "Acme 2027"


def test_settings_get_set_and_clear(strategy: Strategy, reopen: Callable) -> None:
    assert strategy.setting("soft_limit") is None
    assert strategy.setting("soft_limit", 7) == 7

    assert strategy.set_setting("soft_limit", 5) is None
    assert strategy.set_setting("paper", {"size": "A3", "landscape": True}) is None
    assert strategy.set_setting("soft_limit", 4) == 5
    strategy = reopen(strategy)
    assert strategy.setting("soft_limit") == 4
    assert strategy.setting("paper") == {"size": "A3", "landscape": True}

    assert strategy.set_setting("soft_limit", None) == 4

    again = reopen(strategy)
    assert again.setting("soft_limit", "default") == "default"
    assert again.setting("paper") == {"size": "A3", "landscape": True}
