"""Every option-map undo command: redo → undo → redo returns the file to each state exactly."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from okrdesk.models.kinds import ElementKind, MapKind
from okrdesk.models.snapshot import PlacementData
from okrdesk.views.document import Document
from tests.undo_helpers import blank_document, on_disk, round_trip


@pytest.fixture
def doc(qapp: object, tmp_path: Path) -> Iterator[Document]:
    document = blank_document(tmp_path, "Maps")
    yield document
    document.close()


@pytest.fixture
def outcomes(doc: Document) -> list[str]:
    obstacle = doc.add_element(ElementKind.OBSTACLE, "Releases wait for the test lab")
    assert obstacle is not None
    first = doc.chain_outcome(obstacle, "Tests run on every commit")
    assert first is not None
    second = doc.chain_outcome(first, "Releases go out daily")
    assert second is not None
    return [obstacle, first, second]


def test_chain_outcome_from_an_obstacle_and_from_an_outcome(doc: Document) -> None:
    obstacle = doc.add_element(ElementKind.OBSTACLE, "Manual deployments")
    assert obstacle is not None
    flipped = round_trip(doc, lambda: doc.chain_outcome(obstacle, "One-click deploys"))
    snap = on_disk(doc)
    assert [(k.source, k.target, k.kind) for k in snap.relations()] == [
        (flipped, obstacle, "flipped_from")
    ]
    following = round_trip(doc, lambda: doc.chain_outcome(str(flipped), "Deploys are boring"))
    kinds = {(k.source, k.target): k.kind for k in on_disk(doc).relations()}
    assert kinds[(str(following), str(flipped))] == "follows"


def test_add_remove_and_retype_a_relationship(doc: Document, outcomes: list[str]) -> None:
    _obstacle, first, second = outcomes
    link_id = round_trip(doc, lambda: doc.add_relation(second, first, "needs"))
    link = next(k for k in on_disk(doc).relations() if k.id == link_id)
    round_trip(doc, lambda: doc.set_relation_kind(link, "enables"))
    link = next(k for k in on_disk(doc).relations() if k.id == link_id)
    assert link.kind == "enables"
    round_trip(doc, lambda: doc.remove_relation(link))
    assert link_id not in {k.id for k in on_disk(doc).relations()}


def test_add_rename_relabel_and_delete_a_map_with_its_cards(
    doc: Document, outcomes: list[str]
) -> None:
    map_id = round_trip(doc, lambda: doc.add_map(MapKind.OPTION_RELATIONSHIP, "Options"))
    assert isinstance(map_id, str)
    round_trip(doc, lambda: doc.rename_map(map_id, "Options, March"))
    settings = dict(on_disk(doc).map(map_id).settings)  # type: ignore[union-attr]
    settings["x_axis"] = "How well we understand it"
    round_trip(doc, lambda: doc.set_map_settings(map_id, settings))
    card = PlacementData(map_id, outcomes[1], 120.0, 80.0)
    round_trip(doc, lambda: doc.set_placements(map_id, {outcomes[1]: card}, "Place card"))
    round_trip(doc, lambda: doc.delete_map(map_id))
    assert on_disk(doc).map(map_id) is None


def test_moving_and_pinning_many_cards_is_one_step(doc: Document, outcomes: list[str]) -> None:
    map_id = doc.add_map(MapKind.OPTION_RELATIONSHIP, None)
    assert map_id is not None
    cards = {eid: PlacementData(map_id, eid, 10.0 * i, 20.0) for i, eid in enumerate(outcomes[1:])}
    doc.set_placements(map_id, dict(cards), "Place cards")
    moved = {
        eid: PlacementData(map_id, eid, p.x + 50, p.y + 30, pinned=True) for eid, p in cards.items()
    }
    round_trip(doc, lambda: doc.set_placements(map_id, dict(moved), "Move 2 cards"))
    assert {(p.x, p.y, p.pinned) for p in on_disk(doc).placements_on(map_id).values()} == {
        (50.0, 50.0, True),
        (60.0, 50.0, True),
    }


def test_plan_on_a_page_column_change_round_trips(doc: Document, outcomes: list[str]) -> None:
    map_id = doc.add_map(MapKind.PLAN_ON_A_PAGE, None)
    assert map_id is not None
    doc.set_placements(
        map_id, {outcomes[1]: PlacementData(map_id, outcomes[1], 0, 0, horizon=0)}, "Place"
    )
    later = PlacementData(map_id, outcomes[1], 0, 0, horizon=2)
    round_trip(doc, lambda: doc.set_placements(map_id, {outcomes[1]: later}, "Move to Later"))
    assert on_disk(doc).placements_on(map_id)[outcomes[1]].horizon == 2


def test_signals_name_the_map_and_the_cards(doc: Document, outcomes: list[str], qtbot) -> None:  # type: ignore[no-untyped-def]
    map_id = doc.add_map(MapKind.OPTION_RELATIONSHIP, None)
    assert map_id is not None
    card = PlacementData(map_id, outcomes[1], 1.0, 2.0)
    with qtbot.waitSignal(doc.placements_changed, timeout=1000) as blocker:
        doc.set_placements(map_id, {outcomes[1]: card}, "Place")
    assert blocker.args == [map_id, [outcomes[1]]]
    with qtbot.waitSignal(doc.maps_changed, timeout=1000):
        doc.rename_map(map_id, "Renamed")


def test_add_link_kind_round_trips(doc: Document) -> None:
    kind = round_trip(doc, lambda: doc.add_link_kind("informs", "3 3"))
    assert kind == f"custom:{on_disk(doc).link_kinds[0].id}"
