"""X-Matrix layout geometry (no Qt): cells, labels, marks and paper, checked by model ids."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.assets import sample_json
from okrdesk.layout.fonts import measure
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Glyph, Line, Primitive, Rect, Shape, TextRun
from okrdesk.layout.placement import frame_size, line_origins
from okrdesk.layout.xmatrix import XMatrixLayout, XMatrixOptions, layout_xmatrix
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import TASTE_SECTIONS, ElementKind, Role, Strength
from okrdesk.models.rules import check
from okrdesk.models.snapshot import ElementData, LinkData, OwnershipData, PartyData, Snapshot

EPS = 0.01
TN, ASP, STR, TAC, EVI = (
    ElementKind.TRUE_NORTH,
    ElementKind.ASPIRATION,
    ElementKind.STRATEGY,
    ElementKind.TACTIC,
    ElementKind.EVIDENCE,
)
KIND_OF = {"t": TAC, "a": ASP, "s": STR, "e": EVI}
ROW_KINDS = {TAC, ASP}
CELL_ROLES = ("cell:", "item:", "empty:", "key-entry")
WORDS = [
    *("improve", "reduce", "customer", "delivery", "flow", "quality", "platform", "team"),
    *("release", "pipeline", "test", "automate", "measure", "feedback", "value", "stream"),
    *("onboarding", "latency", "incident", "review", "experiment"),
]

# -- models ----------------------------------------------------------------------------------


def plain_titles(rng: random.Random) -> Callable[[str, int], str]:
    return lambda _kind, _n: " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7)))


TITLE_SETS: dict[str, Callable[[random.Random], Callable[[str, int], str]]] = {
    "plain": plain_titles,
    "long": lambda rng: (
        lambda _k, n: (
            " ".join(rng.choice(WORDS) for _ in range(40))
            + " Pneumonoultramicroscopicsilicovolcanoconiosis" * (n % 2)
        )
    ),
    "short": lambda rng: lambda _k, n: rng.choice(["A", "Go", "x", "OK", "Q"]),
    "unicode": lambda rng: (
        lambda _k, n: rng.choice(
            [
                "שיפור זרימת הערך",
                "تحسين التدفق المستمر",
                "改善客户交付流程",
                "cafe\u0301 de\u0301ja\u0300 vu",
                "Ship it 🚀 👩\u200d💻 faster",
                "Ünïcödé Łódź Ørsted",
            ]
        )
    ),
    "markup": lambda rng: (
        lambda _k, n: rng.choice(
            ["<b>bold</b> claims", "Fish &amp; chips", "</para> end", "<br/>&lt;tag&gt;", "a\nb\tc"]
        )
    ),
}


def model(
    tactics: int,
    evidence: int,
    strategies: int,
    aspirations: int,
    *,
    parties: int = 0,
    seed: int = 7,
    titles: str = "plain",
    density: float = 0.12,
) -> Snapshot:
    """A seeded strategy: ids t0.., e0.., s0.., a0.., p0..; random correlations and owners."""
    rng = random.Random(seed)
    title = TITLE_SETS[titles](rng)
    elements = [ElementData("tn", TN, "Instantaneous development and deployment")]
    for prefix, count in (("t", tactics), ("e", evidence), ("s", strategies), ("a", aspirations)):
        kind = KIND_OF[prefix]
        elements += [
            ElementData(f"{prefix}{i}", kind, title(prefix, i), position=i) for i in range(count)
        ]
    links = []
    counts = {"t": tactics, "e": evidence, "s": strategies, "a": aspirations}
    for rows, cols in (("t", "s"), ("t", "e"), ("a", "s"), ("a", "e")):
        for i in range(counts[rows]):
            for j in range(counts[cols]):
                if rng.random() < density:
                    # Stored either way round: the layout must not care.
                    a, b = (f"{rows}{i}", f"{cols}{j}")
                    a, b = (a, b) if rng.random() < 0.5 else (b, a)
                    links.append(
                        LinkData(f"l-{a}-{b}", a, b, "correlation", rng.choice(list(Strength)))
                    )
    people = tuple(
        PartyData(f"p{i}", f"Person {i} {title('p', i)}", position=i) for i in range(parties)
    )
    owners = tuple(
        OwnershipData(f"p{j}", f"t{i}", rng.choice(list(Role)))
        for i in range(tactics)
        for j in range(parties)
        if rng.random() < 0.2
    )
    return Snapshot(f"Strategy {title('x', 0)}", tuple(elements), tuple(links), people, owners)


def sample() -> Snapshot:
    return parse_json(sample_json()).snapshot()


# -- invariants ------------------------------------------------------------------------------


def bounds(item: Primitive) -> Rect:
    if isinstance(item, Box | TextRun):
        return item.rect
    if isinstance(item, Glyph):
        return Rect(item.cx - item.radius, item.cy - item.radius, 2 * item.radius, 2 * item.radius)
    assert isinstance(item, Line)
    return Rect(
        min(item.x1, item.x2), min(item.y1, item.y2), abs(item.x2 - item.x1), abs(item.y2 - item.y1)
    )


def overlapping_pairs(rects: Sequence[tuple[Rect, object]]) -> list[tuple[object, object]]:
    """Pairs whose interiors intersect, found through a coarse bucket grid."""
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    size = 40.0
    for index, (r, _) in enumerate(rects):
        for bx in range(int(r.x // size), int((r.right - EPS) // size) + 1):
            for by in range(int(r.y // size), int((r.bottom - EPS) // size) + 1):
                buckets[(bx, by)].append(index)
    found = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if rects[a][0].overlaps(rects[b][0]):
                    found.add((min(a, b), max(a, b)))
    return [(rects[a][1], rects[b][1]) for a, b in sorted(found)]


def row_and_col(snapshot: Snapshot, a: str, b: str) -> tuple[str, str]:
    ea, eb = snapshot.element(a), snapshot.element(b)
    assert ea is not None and eb is not None
    return (a, b) if ea.kind in ROW_KINDS else (b, a)


def check_layout(lay: XMatrixLayout, snapshot: Snapshot, opts: XMatrixOptions) -> None:
    """Every invariant the issue asks for, on one layout."""
    pic, paper = lay.picture, lay.paper
    assert (pic.width, pic.height) == pytest.approx(paper.size)
    page = paper.printable
    boxes = [i for i in pic.items if isinstance(i, Box)]
    runs = [i for i in pic.items if isinstance(i, TextRun)]
    glyphs = [i for i in pic.items if isinstance(i, Glyph)]

    # The picture fits the page.
    assert [b.role for b in boxes].count("page") == 1
    for item in pic.items:
        if item.role != "page":
            assert page.contains(bounds(item)), (item.role, item)

    # No two cells overlap (corner crossings, item labels, placeholders, key entries).
    cells = [(b.rect, (b.role, b.ids)) for b in boxes if b.role.startswith(CELL_ROLES)]
    assert overlapping_pairs(cells) == []

    # Every text run lies inside its cell, and its lines fit its rect by the font's metrics.
    containers: dict[str, list[Box]] = defaultdict(list)
    for b in boxes:
        containers[b.role].append(b)
    holders = {
        "title": ["title-area"],
        "footer": ["footer-area"],
        "legend": ["legend"],
        "true-north": ["true-north"],
        "true-north-heading": ["true-north"],
        "arm:owner": ["owners-caption"],
        "key": ["key-entry"],
    }
    centre = containers["centre"][0].rect
    for run in runs:
        if run.role in ("label", "orphan"):
            cell = lay.item_cells[run.ids[0]]
        elif run.role.startswith("arm:") and run.role != "arm:owner":
            cell = centre
            assert_in_triangle(run.rect, centre, run.role)
        elif run.role == "placeholder":
            cell = next(
                b.rect for b in boxes if b.role.startswith("empty:") and b.rect.contains(run.rect)
            )
        else:
            cell = next(
                b.rect
                for role in holders[run.role]
                for b in containers[role]
                if b.ids == run.ids and b.rect.contains(run.rect)
            )
        assert cell.contains(run.rect), (run.role, run.ids, run.rect, cell)
        width, height = frame_size(run)
        assert len(run.lines) * run.leading <= height + EPS, run
        for x, _y, line in line_origins(run):
            assert x >= -EPS and x + measure(line, run.size, run.bold) <= width + EPS, (run, line)
        assert run.lines, run  # nothing empty is emitted
        if lay.fits:
            assert run.size >= opts.min_font - EPS, run
        if run.truncated and run.role == "label":
            assert any("shortened" in w for w in pic.warnings)

    # The True North box sits inside the centre, clear of the arms' names.
    tn_box = containers["true-north"][0].rect
    assert centre.contains(tn_box)
    for run in runs:
        if run.role.startswith("arm:") and run.role != "arm:owner":
            assert not run.rect.overlaps(tn_box)

    # Frame parts stay off the grid.
    grid = union(r for r, (role, _) in cells if not str(role).startswith("key"))
    for role in ("title-area", "legend", "footer-area", "key"):
        for b in containers[role]:
            assert not b.rect.overlaps(grid), role

    # Every mark sits at the crossing of its row element's row and its column's column.
    for g in glyphs:
        if g.role not in ("mark", "owner-mark"):
            assert g.role == "legend"
            continue
        row, col = g.ids
        crossing = lay.crossings[(row, col)]
        assert crossing.rect.contains(bounds(g))
        assert (g.role == "owner-mark") == (crossing.corner == "owners")
        row_cell, col_cell = lay.item_cells[row], lay.item_cells[col]
        assert (crossing.rect.y, crossing.rect.bottom) == pytest.approx(
            (row_cell.y, row_cell.bottom)
        )
        assert (crossing.rect.x, crossing.rect.right) == pytest.approx((col_cell.x, col_cell.right))
        assert lay.glyph(row, col, strength_or_role(snapshot, row, col, g.role)) == g

    # Every (visible) correlation has exactly one glyph, and vice versa.
    hidden = set() if opts.shows_tactics else {e.id for e in snapshot.of_kind(TAC)}
    expected = Counter(
        row_and_col(snapshot, link.source, link.target)
        for link in snapshot.correlations()
        if not {link.source, link.target} & hidden
    )
    drawn = Counter(g.ids for g in glyphs if g.role == "mark")
    assert drawn == expected
    shapes = SHAPES[opts.labels]
    for g in glyphs:
        if g.role == "mark":
            link_strength = snapshot.strength_between(*g.ids)
            assert link_strength is not None
            assert g.shape == shapes[link_strength]

    # Owners: one mark per ownership of a shown tactic, by role.
    owned = (
        Counter((o.element, o.party) for o in snapshot.ownerships)
        if (opts.owners and opts.shows_tactics)
        else Counter()
    )
    assert Counter(g.ids for g in glyphs if g.role == "owner-mark") == owned

    # A crossing for every named row and column of each corner.
    n = {k: len(snapshot.of_kind(k)) for k in (TAC, ASP, STR, EVI)}
    t = n[TAC] if opts.shows_tactics else 0
    people = len(snapshot.parties) if opts.owners and opts.shows_tactics else 0
    assert Counter(c.corner for c in lay.crossings.values()) == Counter(
        {
            k: v
            for k, v in {
                "nw": t * n[STR],
                "ne": t * n[EVI],
                "sw": n[ASP] * n[STR],
                "se": n[ASP] * n[EVI],
                "owners": t * people,
            }.items()
            if v
        }
    )
    for key, crossing in lay.crossings.items():
        assert (crossing.row_id, crossing.col_id) == key
    # Each corner's grid is lines on its cells' edges, one between each two neighbouring rows
    # and columns (its outer edges are the dividers), not a box per crossing.
    for corner in lay.crossings.corners:
        area = corner.rect
        grid = [i for i in pic.items if isinstance(i, Line) and i.role == f"grid:{corner.name}"]
        across = sorted(g.y1 for g in grid if g.y1 == g.y2 and (g.x1, g.x2) == (area.x, area.right))
        down = sorted(g.x1 for g in grid if g.x1 == g.x2 and (g.y1, g.y2) == (area.y, area.bottom))
        assert len(across) + len(down) == len(grid)
        cells = [lay.crossings[(r, c)].rect for r in corner.rows.ids for c in corner.cols.ids]
        assert across == sorted({r.y for r in cells} - {area.y})
        assert down == sorted({r.x for r in cells} - {area.x})
    assert not [b for b in boxes if b.role.startswith("cell:")]


SHAPES = {
    "taste": {
        Strength.STRONG: Shape.DISC,
        Strength.WEAK: Shape.CIRCLE,
        Strength.MEDIUM: Shape.HALF,
    },
    "hoshin": {
        Strength.STRONG: Shape.DISC,
        Strength.MEDIUM: Shape.CIRCLE,
        Strength.WEAK: Shape.TRIANGLE,
    },
}
ROLE_SHAPES = {Role.LEAD: Shape.DISC, Role.SUPPORT: Shape.CIRCLE, Role.CONSULTED: Shape.TRIANGLE}


def strength_or_role(snapshot: Snapshot, row: str, col: str, role: str) -> str | None:
    if role == "owner-mark":
        return next(o.role for o in snapshot.ownerships if (o.element, o.party) == (row, col))
    return snapshot.strength_between(row, col)


def union(rects: Iterable[Rect]) -> Rect:
    rs = list(rects)
    x, y = min(r.x for r in rs), min(r.y for r in rs)
    return Rect(x, y, max(r.right for r in rs) - x, max(r.bottom for r in rs) - y)


def assert_in_triangle(r: Rect, c: Rect, role: str) -> None:
    """The arm's name lies in its triangle of the X: it crosses no diagonal."""
    for x, y in ((r.x, r.y), (r.right, r.y), (r.x, r.bottom), (r.right, r.bottom)):
        u, v = (x - c.x) / c.w, (y - c.y) / c.h  # 0..1 across the centre cell
        tol = 1e-6
        inside = {
            "arm:tactic": v <= u + tol and v <= 1 - u + tol,
            "arm:aspiration": v >= u - tol and v >= 1 - u - tol,
            "arm:strategy": u <= v + tol and u <= 1 - v + tol,
            "arm:evidence": u >= v - tol and u >= 1 - v - tol,
        }[role]
        assert inside, (role, r, c)


# -- the sizes and titles the issue names ----------------------------------------------------

SIZES = {5: (5, 5, 4, 3), 20: (20, 10, 8, 5), 60: (60, 20, 10, 6), 180: (180, 40, 20, 10)}
VARIANTS = {
    "taste": XMatrixOptions(),
    "hoshin-owners": XMatrixOptions(labels="hoshin", owners=True),
    "horizontal": XMatrixOptions(rotated_text=False, owners=True),
    "taste1-edge-first": XMatrixOptions(stage="taste1", item_one_at_centre=False),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("tactics", list(SIZES))
def test_invariants_for_model_sizes(tactics: int, variant: str) -> None:
    snapshot = model(*SIZES[tactics], parties=min(8, tactics), seed=tactics)
    opts = VARIANTS[variant]
    lay = layout_xmatrix(snapshot, opts)
    check_layout(lay, snapshot, opts)
    if tactics <= 20:
        assert lay.fits and lay.paper == lay.requested and lay.proposal == ""


@pytest.mark.parametrize("titles", ["long", "short", "unicode", "markup"])
@pytest.mark.parametrize("tactics", [5, 60])
def test_invariants_for_kinds_of_title(titles: str, tactics: int) -> None:
    snapshot = model(*SIZES[tactics], parties=4, titles=titles)
    for opts in (XMatrixOptions(owners=True), XMatrixOptions(rotated_text=False)):
        lay = layout_xmatrix(snapshot, opts)
        check_layout(lay, snapshot, opts)
    if titles == "long":
        assert any(r.truncated for r in lay.picture.items if isinstance(r, TextRun))
        assert any("shortened" in w for w in lay.picture.warnings)


def test_markup_is_kept_as_text() -> None:
    snapshot = model(2, 1, 1, 1, titles="markup", seed=3)
    labels = [
        r
        for r in layout_xmatrix(snapshot).picture.items
        if isinstance(r, TextRun) and r.role == "label"
    ]
    joined = " ".join(" ".join(r.lines) for r in labels)
    assert "<" in joined or "&" in joined
    assert "\n" not in joined and "\t" not in joined


title_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(list("<>&/; \n中עב🚀\u0301")),
    ),
    max_size=120,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(title_text, min_size=13, max_size=13), rotated=st.booleans())
def test_invariants_for_any_titles(titles: list[str], rotated: bool) -> None:
    ids = ["tn", "t0", "t1", "t2", "t3", "s0", "s1", "s2", "e0", "e1", "e2", "a0", "a1"]
    kinds = {"tn": TN, **KIND_OF}
    elements = tuple(
        ElementData(i, kinds[i.rstrip("0123456789")], t, position=int(i[1:] if i != "tn" else 0))
        for i, t in zip(ids, titles, strict=True)
    )
    links = tuple(
        LinkData(f"l{r}{c}", r, c, "correlation", Strength.STRONG)
        for r, c in (("t0", "s0"), ("t1", "e2"), ("a0", "s2"), ("a1", "e0"))
    )
    snapshot = Snapshot(titles[0], elements, links)
    opts = XMatrixOptions(rotated_text=rotated)
    check_layout(layout_xmatrix(snapshot, opts), snapshot, opts)


def test_the_sample_fits_a3_landscape_cleanly() -> None:
    snapshot = sample()
    lay = layout_xmatrix(snapshot)
    check_layout(lay, snapshot, XMatrixOptions())
    assert lay.fits and lay.paper == Paper("A3", True)
    assert lay.picture.warnings == ()
    assert lay.item_cells.keys() >= {
        e.id for e in snapshot.elements if e.kind in TASTE_SECTIONS and e.kind != TN
    }


# -- paper -----------------------------------------------------------------------------------


def test_too_small_paper_reports_and_proposes_the_next_size_that_fits() -> None:
    snapshot = model(*SIZES[180], seed=180)
    opts = XMatrixOptions(paper="A4", landscape=False)
    lay = layout_xmatrix(snapshot, opts)
    assert not lay.fits
    assert lay.requested == Paper("A4", False)
    assert lay.paper != lay.requested and not lay.paper.landscape
    assert lay.proposal.startswith("Does not fit on A4 portrait at 6 pt: use ")
    assert lay.paper.label in lay.proposal
    assert lay.proposal in lay.picture.warnings
    check_layout(lay, snapshot, opts)
    # The proposal is the smallest paper that holds it: the one below it does not.
    chain = [Paper("A4", False)]
    while chain[-1] != lay.paper:
        bigger = chain[-1].larger()
        assert bigger is not None
        chain.append(bigger)
    below = chain[-2]
    assert not layout_xmatrix(snapshot, XMatrixOptions(paper=below.name, landscape=False)).fits
    on_it = layout_xmatrix(snapshot, XMatrixOptions(paper=lay.paper.name, landscape=False))
    assert on_it.fits and on_it.picture.items == lay.picture.items


def test_beyond_a0_proposes_tiling_on_a_sheet_of_its_own_at_a_legible_size() -> None:
    snapshot = model(400, 10, 5, 3, seed=4, density=0.02)
    opts = XMatrixOptions(paper="A3")
    lay = layout_xmatrix(snapshot, opts)
    assert not lay.fits and lay.paper.custom_size is not None
    assert lay.paper.height > Paper("A0", False).height  # 413 rows: taller than any A0
    assert "not even on A0 landscape: tile it" in lay.proposal
    runs = [r for r in lay.picture.items if isinstance(r, TextRun)]
    assert min(r.size for r in runs) >= opts.min_font  # tiled at 100%, so legible
    check_layout(lay, snapshot, opts)


def test_a_larger_minimum_font_needs_larger_paper() -> None:
    snapshot = model(*SIZES[60], seed=60)
    small = layout_xmatrix(snapshot, XMatrixOptions(min_font=4.0))
    large = layout_xmatrix(snapshot, XMatrixOptions(min_font=9.0))
    assert small.fits and not large.fits
    assert "at 9 pt" in large.proposal


# -- options ---------------------------------------------------------------------------------


def marks_by_shape(lay: XMatrixLayout) -> dict[tuple[str, ...], Shape]:
    return {g.ids: g.shape for g in lay.picture.items if isinstance(g, Glyph) and g.role == "mark"}


def legend_shapes(lay: XMatrixLayout) -> list[Shape]:
    return [g.shape for g in lay.picture.items if isinstance(g, Glyph) and g.role == "legend"]


def small_model(strengths: Iterable[Strength]) -> Snapshot:
    elements = (
        ElementData("tn", TN, "North"),
        ElementData("t0", TAC, "Tactic"),
        ElementData("s0", STR, "Strategy"),
        ElementData("e0", EVI, "Evidence"),
        ElementData("a0", ASP, "Aspiration"),
    )
    pairs = [("t0", "s0"), ("e0", "t0"), ("a0", "s0"), ("a0", "e0")]
    links = tuple(
        LinkData(f"l{i}", a, b, "correlation", s)
        for i, ((a, b), s) in enumerate(zip(pairs, strengths, strict=False))
    )
    return Snapshot("Small", elements, links)


def test_taste_and_hoshin_glyph_shapes() -> None:
    snapshot = small_model([Strength.STRONG, Strength.WEAK, Strength.MEDIUM])
    taste = marks_by_shape(layout_xmatrix(snapshot))
    hoshin = marks_by_shape(layout_xmatrix(snapshot, XMatrixOptions(labels="hoshin")))
    assert taste == {("t0", "s0"): Shape.DISC, ("t0", "e0"): Shape.CIRCLE, ("a0", "s0"): Shape.HALF}
    assert hoshin == {
        ("t0", "s0"): Shape.DISC,
        ("t0", "e0"): Shape.TRIANGLE,
        ("a0", "s0"): Shape.CIRCLE,
    }


def test_legend_shows_only_the_marks_in_use() -> None:
    without_medium = small_model([Strength.STRONG, Strength.WEAK])
    assert legend_shapes(layout_xmatrix(without_medium)) == [Shape.DISC, Shape.CIRCLE]
    with_medium = small_model([Strength.STRONG, Strength.MEDIUM])
    assert legend_shapes(layout_xmatrix(with_medium)) == [Shape.DISC, Shape.HALF, Shape.CIRCLE]
    hoshin = layout_xmatrix(without_medium, XMatrixOptions(labels="hoshin"))
    assert legend_shapes(hoshin) == [Shape.DISC, Shape.CIRCLE, Shape.TRIANGLE]
    words = {
        w for r in hoshin.picture.with_role("legend") if isinstance(r, TextRun) for w in r.lines
    }
    assert {"strong", "medium", "weak"} <= words


def test_hoshin_relabels_the_arms() -> None:
    def arms(opts: XMatrixOptions) -> dict[str, str]:
        return {
            r.role: " ".join(r.lines)
            for r in layout_xmatrix(sample(), opts).picture.items
            if isinstance(r, TextRun) and r.role.startswith("arm:")
        }

    assert arms(XMatrixOptions()) == {
        "arm:tactic": "Tactics",
        "arm:strategy": "Strategies",
        "arm:aspiration": "Aspirations",
        "arm:evidence": "Evidence",
    }
    assert arms(XMatrixOptions(labels="hoshin")) == {
        "arm:tactic": "Improvement priorities",
        "arm:strategy": "Annual objectives",
        "arm:aspiration": "Breakthrough objectives",
        "arm:evidence": "Targets to improve",
    }


def test_empty_arms_say_so_in_the_words_the_arms_are_named_with() -> None:
    def words(opts: XMatrixOptions) -> set[str]:
        lay = layout_xmatrix(model(0, 0, 0, 0), opts)
        return {" ".join(r.lines) for r in lay.picture.items if isinstance(r, TextRun)}

    taste = words(XMatrixOptions(owners=True))
    assert {"No tactics yet", "No strategies yet", "No aspirations yet"} <= taste
    assert {"No evidence yet", "No people or teams yet"} <= taste
    hoshin = words(XMatrixOptions(labels="hoshin", owners=True))
    assert {"No improvement priorities yet", "No annual objectives yet"} <= hoshin
    assert {"No breakthrough objectives yet", "No targets to improve yet"} <= hoshin
    assert "No resources yet" in hoshin
    assert not any("tactics" in w.lower() or "strategies" in w.lower() for w in hoshin)


def test_item_one_next_to_the_centre_or_at_the_edge() -> None:
    snapshot = model(4, 3, 3, 2)
    near = layout_xmatrix(snapshot).item_cells
    far = layout_xmatrix(snapshot, XMatrixOptions(item_one_at_centre=False)).item_cells
    for cells, first_near in ((near, True), (far, False)):
        tactic_ys = [cells[f"t{i}"].y for i in range(4)]
        aspiration_ys = [cells[f"a{i}"].y for i in range(2)]
        strategy_xs = [cells[f"s{i}"].x for i in range(3)]
        evidence_xs = [cells[f"e{i}"].x for i in range(3)]
        # Next to the centre means: lowest tactic row, top aspiration row, rightmost strategy
        # column, leftmost evidence column.
        assert (tactic_ys == sorted(tactic_ys, reverse=True)) == first_near
        assert (aspiration_ys == sorted(aspiration_ys)) == first_near
        assert (strategy_xs == sorted(strategy_xs, reverse=True)) == first_near
        assert (evidence_xs == sorted(evidence_xs)) == first_near
    assert near["t0"].bottom == pytest.approx(near["s0"].y)  # t0 touches the centre row
    assert far["t0"].y < far["t3"].y


def test_taste1_hides_tactics() -> None:
    snapshot = model(*SIZES[20], parties=3)
    opts = XMatrixOptions(stage="taste1", owners=True)
    lay = layout_xmatrix(snapshot, opts)
    tactic_ids = {e.id for e in snapshot.of_kind(TAC)}
    assert not tactic_ids & set(lay.item_cells)
    assert {c.corner for c in lay.crossings.values()} == {"sw", "se"}
    assert not any(tactic_ids & set(getattr(i, "ids", ())) for i in lay.picture.items)
    assert not lay.picture.with_role("arm:tactic")
    assert not any(i.role.startswith("item:owner") for i in lay.picture.items)
    check_layout(lay, snapshot, opts)


def test_horizontal_variant_numbers_columns_and_keys_their_titles() -> None:
    snapshot = sample()
    opts = XMatrixOptions(rotated_text=False, owners=True)
    lay = layout_xmatrix(snapshot, opts)
    runs = [r for r in lay.picture.items if isinstance(r, TextRun)]
    assert all(r.rotation == 0 for r in runs)
    labels = {r.ids[0]: " ".join(r.lines) for r in runs if r.role == "label"}
    assert labels["s1"] == "S1" and labels["s4"] == "S4" and labels["e5"] == "E5"
    assert labels["p1"] == "P1"
    keys = {r.ids[0]: " ".join(r.lines) for r in runs if r.role == "key"}
    assert keys["s1"] == "S1 Work in small batches"
    assert keys["e2"].startswith("E2 Deployment frequency")
    assert set(keys) == {e.id for e in snapshot.elements if e.kind in (STR, EVI)} | {
        p.id for p in snapshot.parties
    }
    check_layout(lay, snapshot, opts)


def test_orphans_are_marked_without_colour() -> None:
    snapshot = small_model([Strength.STRONG])  # only t0–s0: e0 and a0 stay orphans
    lay = layout_xmatrix(snapshot)
    orphans = {
        f.element_ids[0]
        for f in check(snapshot)
        if f.code
        in (
            "aspiration-unserved",
            "evidence-unlinked",
            "tactic-without-evidence",
            "strategy-without-tactic",
        )
    }
    assert orphans == {"a0", "e0", "t0"}
    for element_id in ("a0", "e0", "t0", "s0"):
        outline = [
            b
            for b in lay.picture.showing(element_id)
            if isinstance(b, Box) and b.role == "orphan-outline"
        ]
        bang = [
            r
            for r in lay.picture.showing(element_id)
            if isinstance(r, TextRun) and r.role == "orphan"
        ]
        if element_id in orphans:
            assert len(outline) == 1 and outline[0].dash and outline[0].stroke_width >= 0.8
            assert lay.item_cells[element_id].contains(outline[0].rect)
            assert [r.lines for r in bang] == [("!",)]
            assert lay.item_cells[element_id].contains(bang[0].rect)
        else:
            assert not outline and not bang
    assert any(r.lines == ("!",) for r in lay.picture.with_role("legend") if isinstance(r, TextRun))
    given_none = layout_xmatrix(snapshot, findings=[])
    assert not given_none.picture.with_role("orphan")
    check_layout(lay, snapshot, XMatrixOptions())


def test_owners_section() -> None:
    snapshot = sample()
    opts = XMatrixOptions(owners=True)
    lay = layout_xmatrix(snapshot, opts)
    evidence_right = max(lay.item_cells[e.id].right for e in snapshot.of_kind(EVI))
    names = {
        r.ids[0]: r
        for r in lay.picture.items
        if isinstance(r, TextRun) and r.role == "label" and r.ids[0].startswith("p")
    }
    assert set(names) == {p.id for p in snapshot.parties}
    for party in snapshot.parties:
        cell = lay.item_cells[party.id]
        assert cell.x >= evidence_right - EPS
        assert names[party.id].rotation == 90
    marks = {
        g.ids: g.shape for g in lay.picture.items if isinstance(g, Glyph) and g.role == "owner-mark"
    }
    assert marks == {(o.element, o.party): ROLE_SHAPES[o.role] for o in snapshot.ownerships}
    assert legend_shapes(lay)[-3:] == [Shape.DISC, Shape.CIRCLE, Shape.TRIANGLE]
    assert not layout_xmatrix(snapshot).picture.with_role("owner-mark")
    check_layout(lay, snapshot, opts)


def test_glyph_matches_the_picture_and_draws_any_cell() -> None:
    snapshot = model(*SIZES[20], parties=4)
    for opts in (XMatrixOptions(owners=True), XMatrixOptions(labels="hoshin", owners=True)):
        lay = layout_xmatrix(snapshot, opts)
        pictured = {
            g.ids: g
            for g in lay.picture.items
            if isinstance(g, Glyph) and g.role in ("mark", "owner-mark")
        }
        for (row, col), crossing in lay.crossings.items():
            if (row, col) in pictured:
                g = pictured[(row, col)]
                value = strength_or_role(snapshot, row, col, g.role)
                assert lay.glyph(row, col, value) == g
            assert lay.glyph(row, col, None) is None
            value = "lead" if crossing.corner == "owners" else "strong"
            drawn = lay.glyph(row, col, value)
            assert drawn is not None and drawn.shape == Shape.DISC
            assert (drawn.cx, drawn.cy) == (crossing.rect.cx, crossing.rect.cy)
        assert lay.glyph("nope", "nothing", "strong") is None
        with pytest.raises(ValueError):
            lay.glyph("t0", "s0", "bogus")


def test_empty_strategy_still_draws_the_x() -> None:
    snapshot = Snapshot("")
    lay = layout_xmatrix(snapshot)
    assert lay.fits and not lay.crossings and not lay.item_cells
    roles = Counter(i.role for i in lay.picture.items)
    assert roles["diagonal"] == 2 and roles["centre"] == 1 and roles["true-north"] == 2
    assert {"arm:tactic", "arm:strategy", "arm:aspiration", "arm:evidence"} <= set(roles)
    assert {"empty:tactic", "empty:strategy", "empty:aspiration", "empty:evidence"} <= set(roles)
    assert roles["placeholder"] == 4
    check_layout(lay, snapshot, XMatrixOptions())


def test_layout_is_deterministic() -> None:
    snapshot = model(*SIZES[60], parties=5)
    opts = XMatrixOptions(owners=True)
    first, second = layout_xmatrix(snapshot, opts), layout_xmatrix(snapshot, opts)
    assert first.picture == second.picture
    assert first.crossings == second.crossings and first.item_cells == second.item_cells


def test_options_round_trip_and_tolerate_bad_values() -> None:
    opts = XMatrixOptions(
        paper="tabloid",
        landscape=False,
        labels="hoshin",
        item_one_at_centre=False,
        rotated_text=False,
        owners=True,
        stage="taste1",
        min_font=7.5,
    )
    assert XMatrixOptions.from_dict(opts.to_dict()) == opts
    assert XMatrixOptions.from_dict({}) == XMatrixOptions()
    assert XMatrixOptions.from_dict(None) == XMatrixOptions()
    assert XMatrixOptions.from_dict([1, 2]) == XMatrixOptions()
    bad = {
        "paper": "B5",
        "landscape": "yes",
        "labels": "kanban",
        "stage": 3,
        "min_font": float("nan"),
        "owners": 1,
        "unknown": "ignored",
    }
    assert XMatrixOptions.from_dict(bad) == XMatrixOptions()
    assert XMatrixOptions.from_dict({"paper": "a4", "min_font": 8}) == XMatrixOptions(
        paper="A4", min_font=8.0
    )
    assert XMatrixOptions.from_dict({"min_font": 1.0}).min_font == 6.0
    with pytest.raises(ValueError):
        XMatrixOptions(paper="B5")
    with pytest.raises(ValueError):
        XMatrixOptions(labels="kanban")
