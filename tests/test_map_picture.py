"""Map pictures: cards hold their text, edges run border to border with arrowheads, axes and
legend are labelled, and the boards keep cards in their columns and corners."""

from __future__ import annotations

import math

import pytest

from okrdesk.layout.fonts import measure
from okrdesk.layout.map_layout import layout_map
from okrdesk.layout.map_picture import (
    DEFAULT_CORNERS,
    AxisLabels,
    EdgeStyle,
    approach_map_picture,
    map_picture,
    plan_on_a_page_picture,
)
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Line, Picture, Rect, TextRun
from okrdesk.models.options import OptionNode, Relation
from tests.test_map_layout import random_map

TITLES = [
    "Customers self-serve onboarding",
    "Faster release pipeline",
    "Fewer incidents at night",
    "Shared design system",
    "Data platform that teams trust",
    "Pricing experiments",
    "Partner API",
    "Security reviews take a day, not a month",
]
OPTIONS = [OptionNode(f"o{i}", t) for i, t in enumerate(TITLES)]
RELATIONS = [
    Relation("o0", "o3"),
    Relation("o0", "o4"),
    Relation("o1", "o2"),
    Relation("o2", "o1"),  # a pair both ways: drawn side by side
    Relation("o5", "o4", "enables"),
    Relation("o5", "o6", "conflicts"),
    Relation("o7", "o6", "informs"),
]
LABELS = AxisLabels("Brand new", "Well known", "Customers see it", "Under the hood")


def cards(picture: Picture) -> dict[str, Rect]:
    return {b.ids[0]: b.rect for b in picture.with_role("card") if isinstance(b, Box)}


def runs(picture: Picture, role: str) -> list[TextRun]:
    return [r for r in picture.with_role(role) if isinstance(r, TextRun)]


def lines(picture: Picture, role: str) -> list[Line]:
    return [item for item in picture.items if isinstance(item, Line) and item.role == role]


def on_border(x: float, y: float, rect: Rect, tol: float = 0.01) -> bool:
    inside = rect.x - tol <= x <= rect.right + tol and rect.y - tol <= y <= rect.bottom + tol
    edge = min(abs(x - rect.x), abs(x - rect.right), abs(y - rect.y), abs(y - rect.bottom))
    return inside and edge <= tol


@pytest.fixture(scope="module")
def picture() -> Picture:
    result = layout_map(OPTIONS, RELATIONS, "layered", width=900, height=600)
    return map_picture(
        OPTIONS,
        RELATIONS,
        result.positions,
        pinned={"o3"},
        axis_labels=LABELS,
        paper=Paper("A4"),
        title="Options",
        area=(result.width, result.height),
    )


def test_every_option_is_a_card_inside_the_printable_area(picture: Picture) -> None:
    drawn = cards(picture)
    assert set(drawn) == {o.id for o in OPTIONS}
    printable = Paper("A4").printable
    assert all(printable.contains(rect) for rect in drawn.values())
    for item in picture.items:
        if item.role != "page":
            rect = getattr(item, "rect", None)
            assert rect is None or printable.contains(rect), item
    listed = list(drawn.values())
    assert not any(a.overlaps(b) for i, a in enumerate(listed) for b in listed[i + 1 :])


def test_every_card_text_is_inside_its_card(picture: Picture) -> None:
    drawn = cards(picture)
    texts = runs(picture, "card-text")
    assert {t.ids[0] for t in texts} == set(drawn)
    for text in texts:
        card = drawn[text.ids[0]]
        assert card.contains(text.rect)
        assert text.size >= 6
        assert len(text.lines) * text.leading <= text.rect.h + 1e-6
        assert all(measure(line, text.size) <= text.rect.w for line in text.lines)
        assert " ".join(text.lines) == {o.id: o.title for o in OPTIONS}[text.ids[0]]
    assert picture.meta["fits"] is True
    assert not any("shortened" in w for w in picture.warnings)


def test_edges_run_from_border_to_border_with_arrowheads_for_directed_kinds(
    picture: Picture,
) -> None:
    drawn = cards(picture)
    arrows = lines(picture, "arrow")
    directed = 0
    for relation in RELATIONS:
        (edge,) = [
            e
            for e in lines(picture, f"edge:{relation.kind}")
            if e.ids == (relation.source, relation.target)
        ]
        assert on_border(edge.x1, edge.y1, drawn[relation.source])
        assert on_border(edge.x2, edge.y2, drawn[relation.target])
        heads = [a for a in arrows if a.ids == edge.ids]
        if relation.kind == "conflicts":
            assert heads == []
            assert edge.dash  # never told apart by colour alone
            continue
        directed += 1
        assert len(heads) == 2
        for head in heads:
            assert (head.x1, head.y1) == pytest.approx((edge.x2, edge.y2))
            length = math.hypot(head.x2 - head.x1, head.y2 - head.y1)
            assert 2 <= length <= 10
    assert len(arrows) == 2 * directed


def test_a_pair_related_both_ways_gets_two_separate_lines(picture: Picture) -> None:
    both = [e for e in lines(picture, "edge:needs") if set(e.ids) == {"o1", "o2"}]
    assert len(both) == 2
    assert (both[0].x1, both[0].y1) != pytest.approx((both[1].x2, both[1].y2))


def test_kinds_have_distinct_dash_patterns_and_a_legend(picture: Picture) -> None:
    dashes = {item.role: item.dash for item in picture.items if item.role.startswith("edge:")}
    assert len(set(dashes.values())) == len(dashes) == 4
    legend = {t.ids[0]: t.lines for t in runs(picture, "legend-label") if t.ids}
    assert legend == {
        "needs": ("needs",),
        "enables": ("enables",),
        "conflicts": ("conflicts with",),
        "informs": ("informs",),
    }
    assert any("pinned" in " ".join(t.lines) for t in runs(picture, "legend-label"))


def test_pinned_cards_carry_a_marker_inside_the_card(picture: Picture) -> None:
    pins = picture.with_role("pin")
    assert [p.ids for p in pins] == [("o3",)]
    pin = pins[0]
    assert isinstance(pin, Box) and pin.fill
    assert cards(picture)["o3"].contains(pin.rect)
    (text,) = [t for t in runs(picture, "card-text") if t.ids == ("o3",)]
    assert not text.rect.overlaps(pin.rect)


def test_axes_are_drawn_and_labelled_with_the_given_words(picture: Picture) -> None:
    labels = {t.ids[0]: " ".join(t.lines) for t in runs(picture, "axis-label")}
    assert labels == {
        "axis:left": "Brand new",
        "axis:right": "Well known",
        "axis:top": "Customers see it",
        "axis:bottom": "Under the hood",
    }
    axis = lines(picture, "axis")
    assert len(axis) == 2 + 4 * 2  # two lines, an arrowhead at each end
    assert not picture.with_role("quadrant")


def test_default_axis_labels_name_ambiguity_and_visibility() -> None:
    pic = map_picture(OPTIONS, [], {o.id: (i * 150.0, 80.0) for i, o in enumerate(OPTIONS)})
    words = " ".join(" ".join(t.lines) for t in runs(pic, "axis-label"))
    assert "Novel" in words and "Clear" in words and "Visible" in words and "Enabling" in words


def test_a_large_map_on_small_paper_says_it_does_not_fit_and_how_many_tiles() -> None:
    options, relations = random_map(500, 5)
    result = layout_map(options, relations, "layered")
    pic = map_picture(options, relations, result.positions, paper=Paper("A4"))
    assert pic.meta["fits"] is False
    cols, rows = pic.meta["tile_grid"]
    assert pic.meta["tiles"] == cols * rows > 4
    assert any("pages at 100%" in w for w in pic.warnings)
    small = map_picture(OPTIONS[:2], [], {"o0": (100.0, 100.0), "o1": (300.0, 100.0)})
    assert small.meta["fits"] is True and small.meta["tiles"] == 1


def test_text_elided_to_fit_is_reported() -> None:
    long = OptionNode("x", "word " * 200)
    pic = map_picture([long], [], {"x": (60.0, 30.0)}, card_w=60, card_h=20)
    (text,) = runs(pic, "card-text")
    assert text.truncated and text.lines[-1].endswith("…")
    assert any("shortened on 1 cards" in w for w in pic.warnings)


def test_kinds_told_apart_by_colour_alone_are_reported() -> None:
    styles = {"a": EdgeStyle("a", (2.0, 2.0), "#ff0000"), "b": EdgeStyle("b", (2.0, 2.0), "#00f")}
    relations = [Relation("o0", "o1", "a"), Relation("o1", "o2", "b")]
    positions = {o.id: (i * 200.0, 0.0) for i, o in enumerate(OPTIONS[:3])}
    pic = map_picture(OPTIONS[:3], relations, positions, kinds_style=styles)
    assert any("look alike" in w for w in pic.warnings)


def test_a_conflicts_style_never_gets_an_arrowhead() -> None:
    styles = {"conflicts": EdgeStyle("clashes", (3.0, 1.0), "#f00", directed=True)}
    positions = {"o0": (0.0, 0.0), "o1": (300.0, 0.0)}
    pic = map_picture(
        OPTIONS[:2], [Relation("o0", "o1", "conflicts")], positions, kinds_style=styles
    )
    assert lines(pic, "edge:conflicts") and not lines(pic, "arrow")


def test_options_without_a_position_are_reported_not_drawn() -> None:
    pic = map_picture(OPTIONS[:3], RELATIONS, {"o0": (0.0, 0.0)})
    assert set(cards(pic)) == {"o0"}
    assert any("no position" in w for w in pic.warnings)


def test_plan_on_a_page_keeps_each_card_in_its_labelled_column() -> None:
    columns = {o.id: i % 3 for i, o in enumerate(OPTIONS)}
    pic = plan_on_a_page_picture(OPTIONS, columns, labels=("Q1", "Q2", "Later on"), title="Plan")
    boxes = [b.rect for b in pic.with_role("column") if isinstance(b, Box)]
    assert [" ".join(t.lines) for t in runs(pic, "column-label")] == ["Q1", "Q2", "Later on"]
    drawn = cards(pic)
    assert set(drawn) == set(columns)
    for option_id, index in columns.items():
        assert boxes[index].contains(drawn[option_id])
    stacked = [drawn[o.id] for o in OPTIONS if columns[o.id] == 0]
    assert [r.y for r in stacked] == sorted(r.y for r in stacked)  # in the order given
    for text in runs(pic, "card-text"):
        assert drawn[text.ids[0]].contains(text.rect)


def test_plan_on_a_page_stacks_side_by_side_when_a_column_is_full() -> None:
    options = [OptionNode(f"p{i}", f"Outcome number {i}") for i in range(60)]
    pic = plan_on_a_page_picture(options, {o.id: 1 for o in options}, paper=Paper("A4"))
    assert pic.meta["stacks"] > 1
    boxes = [b.rect for b in pic.with_role("column") if isinstance(b, Box)]
    drawn = list(cards(pic).values())
    assert all(boxes[1].contains(r) for r in drawn)
    assert not any(a.overlaps(b) for i, a in enumerate(drawn) for b in drawn[i + 1 :])


def test_plan_on_a_page_reports_options_in_no_column() -> None:
    pic = plan_on_a_page_picture(OPTIONS, {"o0": 0, "o1": 7})
    assert set(cards(pic)) == {"o0"}
    assert "7 options are in no column and are not shown." in pic.warnings


def test_approach_map_labels_four_corners_and_keeps_cards_in_its_frame() -> None:
    positions = {o.id: (i * 90.0, (i % 3) * 120.0) for i, o in enumerate(OPTIONS)}
    pic = approach_map_picture(OPTIONS, positions, relations=RELATIONS, title="Approach")
    corners = runs(pic, "corner-label")
    assert [" ".join(c.lines) for c in corners] == list(DEFAULT_CORNERS)
    (frame,) = [b.rect for b in pic.with_role("frame") if isinstance(b, Box)]
    top_left, top_right, bottom_left, bottom_right = (c.rect for c in corners)
    assert top_left.x < top_right.x and top_left.y < bottom_left.y
    assert bottom_right.x > bottom_left.x and bottom_right.y > top_right.y
    assert all(frame.contains(r) for r in cards(pic).values())
    assert all(frame.contains(c.rect) for c in corners)
    assert lines(pic, "arrow")
    renamed = approach_map_picture(OPTIONS, positions, corner_labels=("1", "2", "3", "4"))
    assert [" ".join(c.lines) for c in runs(renamed, "corner-label")] == ["1", "2", "3", "4"]
    with pytest.raises(ValueError):
        approach_map_picture(OPTIONS, positions, corner_labels=("a", "b"))
