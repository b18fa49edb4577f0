"""The OKR pictures without a screen: the trend chart's geometry on edge cases, the one-pager
and the scoreboard on A4 and A3 either way round, and what the PDF says (pypdf)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.export.pdf import render_page_set
from okrdesk.layout.fonts import measure
from okrdesk.layout.okr_chart import chart_picture, nice_ticks, trend_chart
from okrdesk.layout.okr_facts import all_facts
from okrdesk.layout.okr_pages import okr_one_pager, scoreboard_picture
from okrdesk.layout.okr_scoreboard import wig_sentence
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import (
    Box,
    Glyph,
    Line,
    Picture,
    Primitive,
    Rect,
    TextRun,
    extent,
)
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import ElementKind
from okrdesk.models.okr_data import (
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveKind,
)
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.strategy import Strategy

PAPERS = [Paper("A4", False), Paper("A4", True), Paper("A3", False), Paper("A3", True)]
STAMP = "21 Nov 2026 · okrdesk test"
WEEKS = ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09"]


# -- a strategy with OKRs -----------------------------------------------------------------


def build_okrs(strategy: Strategy) -> dict[str, str]:
    """Three objectives (one a WIG), five key results with weekly check-ins; ids by name."""
    s = strategy
    st = s.add_element(ElementKind.STRATEGY, "Win mid-size merchants")
    asp = s.add_element(ElementKind.ASPIRATION, "Payments nobody has to think about")
    ev = s.add_element(ElementKind.EVIDENCE, "Fewer support tickets about failed payments")
    o1 = s.add_objective(
        "Make failed payments a thing of the past",
        ObjectiveKind.COMMITTED,
        period_start="2026-01-01",
        period_end="2026-03-31",
        owner="Payments team",
        aligns_to=(st.id, asp.id),
        wig=True,
    )
    k1 = s.add_key_result(
        o1.id,
        "Raise first-attempt success rate",
        baseline=91,
        target=97,
        unit="%",
        measures=(ev.id,),
    )
    k2 = s.add_key_result(
        o1.id,
        "Smart retries on every card network",
        baseline=0,
        target=6,
        unit="networks",
        indicator=Indicator.LEADING,
    )
    k3 = s.add_key_result(
        o1.id,
        "Cut time to resolve a failed payment",
        baseline=30,
        target=5,
        unit="min",
        direction=Direction.DECREASE,
    )
    o2 = s.add_objective(
        "Delight mid-size merchants at onboarding",
        ObjectiveKind.ASPIRATIONAL,
        period_start="2026-01-01",
        period_end="2026-06-30",
        owner="Onboarding",
        aligns_to=(o1.id,),
    )
    k4 = s.add_key_result(
        o2.id, "Merchants live within a day of signing", baseline=20, target=80, unit="%"
    )
    k5 = s.add_key_result(
        o2.id,
        "Onboarding calls held per week",
        baseline=2,
        target=10,
        indicator=Indicator.LEADING,
        balances=k4.id,
    )
    o3 = s.add_objective("Keep the lights on", ObjectiveKind.COMMITTED, owner="Platform")
    for i, week in enumerate(WEEKS):
        s.check_in(k1.id, week, 91 + i * 0.8, min(10, 5 + i // 2), "")
        s.check_in(k2.id, week, min(6, i), 5 + i % 3, "")
        s.check_in(k3.id, week, 30 - i * 3, 4 + i % 4, "")
        if i % 2:
            s.check_in(k4.id, week, 20 + i * 6, 6, "")
    return {
        "o1": o1.id,
        "o2": o2.id,
        "o3": o3.id,
        "k1": k1.id,
        "k2": k2.id,
        "k3": k3.id,
        "k4": k4.id,
        "k5": k5.id,
    }


@pytest.fixture
def okrs(strategy: Strategy) -> tuple[Snapshot, dict[str, str]]:
    ids = build_okrs(strategy)
    return strategy.snapshot(), ids


# -- geometry helpers -----------------------------------------------------------------------


def assert_inside(items: list[Primitive] | tuple[Primitive, ...], area: Rect) -> None:
    for item in items:
        assert area.contains(extent(item)), f"{item.role} sticks out of {area}: {extent(item)}"


def assert_text_fits(items: list[Primitive] | tuple[Primitive, ...]) -> None:
    """Every line of every run is no wider than its run (as the painters draw it)."""
    for run in items:
        if isinstance(run, TextRun):
            assert len(run.lines) * run.leading <= run.rect.h + 0.01, run
            for line in run.lines:
                assert measure(line, run.size, run.bold) <= run.rect.w - 2 * TEXT_PAD + 0.01, line


def kr(**fields: object) -> KeyResultData:
    values: dict[str, object] = {
        "id": "kr",
        "objective": "o",
        "title": "A key result",
        "baseline": 40.0,
        "target": 75.0,
        "unit": "%",
    }
    values.update(fields)
    return KeyResultData(**values)  # type: ignore[arg-type]


def weekly(values: list[float], confidences: list[int] | None = None) -> list[CheckInData]:
    start = dt.date(2026, 1, 5)
    return [
        CheckInData(
            "kr",
            (start + dt.timedelta(weeks=i)).isoformat(),
            v,
            (confidences or [5] * len(values))[i],
        )
        for i, v in enumerate(values)
    ]


def texts(items: list[Primitive] | tuple[Primitive, ...], role: str | None = None) -> list[str]:
    return [
        " ".join(i.lines)
        for i in items
        if isinstance(i, TextRun) and (role is None or i.role == role)
    ]


def of_role(items: list[Primitive] | tuple[Primitive, ...], role: str) -> list[Primitive]:
    return [i for i in items if i.role == role]


CHART = Rect(20.0, 30.0, 260.0, 120.0)
EDGE_CASES = {
    "no check-ins": (kr(), []),
    "one check-in": (kr(), weekly([52.0])),
    "many check-ins": (kr(target=1000.0, baseline=0.0), weekly([i * 6.0 for i in range(150)])),
    "decrease": (
        kr(baseline=30.0, target=5.0, direction=Direction.DECREASE, unit="days"),
        weekly([30.0, 26.0, 21.0, 18.0]),
    ),
    "target below baseline, increase": (kr(baseline=30.0, target=5.0), weekly([28.0, 31.0])),
    "huge and negative": (kr(baseline=-2e9, target=3.5e12, unit="€"), weekly([-1e9, 1e12, -5e10])),
    "keep at the baseline": (
        kr(baseline=99.9, target=99.9, direction=Direction.KEEP),
        weekly([99.95, 99.8]),
    ),
    "outside the range": (kr(), weekly([10.0, 120.0])),
    "long unit": (kr(unit="deployments per week per team"), weekly([41.0, 44.0])),
}


@pytest.mark.parametrize("case", EDGE_CASES)
@pytest.mark.parametrize("rect", [CHART, Rect(0.0, 0.0, 150.0, 62.0), Rect(5.0, 5.0, 60.0, 30.0)])
def test_the_chart_stays_inside_its_rect_with_its_text_fitted(case: str, rect: Rect) -> None:
    key_result, check_ins = EDGE_CASES[case]
    items = trend_chart(key_result, check_ins, rect, start="2026-01-01", end="2026-03-31")
    assert_inside(items, rect)
    assert_text_fits(items)


@pytest.mark.parametrize("case", EDGE_CASES)
def test_every_check_in_is_a_point_and_a_confidence_bar(case: str) -> None:
    key_result, check_ins = EDGE_CASES[case]
    items = trend_chart(key_result, check_ins, CHART)
    assert len(of_role(items, "chart-point")) == len(check_ins)
    assert len(of_role(items, "chart-confidence")) == len(check_ins)
    assert len(of_role(items, "chart-value")) == max(0, len(check_ins) - 1)


def test_higher_values_are_drawn_higher_and_later_dates_further_right() -> None:
    items = trend_chart(kr(), weekly([50.0, 60.0, 55.0]), CHART)
    points = [p for p in items if isinstance(p, Glyph)]
    xs, ys = [p.cx for p in points], [p.cy for p in points]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert ys[1] < ys[2] < ys[0]  # 60 above 55 above 50
    (target,) = of_role(items, "chart-target")
    (baseline,) = of_role(items, "chart-baseline")
    assert isinstance(target, Line) and isinstance(baseline, Line)
    assert target.y1 < ys[1] < ys[0] < baseline.y1  # 75 above 60 above 50 above 40
    assert baseline.dash and not target.dash  # told apart without colour


def test_a_target_below_the_baseline_is_drawn_below_it() -> None:
    items = trend_chart(
        kr(baseline=30.0, target=5.0, direction=Direction.DECREASE), weekly([20.0]), CHART
    )
    (target,) = of_role(items, "chart-target")
    (baseline,) = of_role(items, "chart-baseline")
    assert isinstance(target, Line) and isinstance(baseline, Line)
    assert target.y1 > baseline.y1
    assert "Target 5 %" in texts(items) and "Baseline 30 %" in texts(items)


def test_confidence_bars_are_as_tall_as_the_confidence() -> None:
    items = trend_chart(kr(), weekly([50.0, 55.0, 60.0], [10, 5, 0]), CHART)
    bars = [b for b in of_role(items, "chart-confidence") if isinstance(b, Box)]
    heights = [b.rect.h for b in bars]
    assert heights[0] == pytest.approx(2 * heights[1])
    assert heights[2] < 1.0
    assert texts(items, "chart-confidence-value") == ["10", "5", "0"]


def test_the_chart_names_the_unit_the_latest_value_and_the_dates() -> None:
    items = trend_chart(kr(), weekly([50.0, 62.0]), CHART)
    assert texts(items, "chart-unit") == ["in %"]
    assert texts(items, "chart-latest") == ["Latest 62 % on 12 Jan"]
    assert texts(items, "chart-date") == ["12 Jan", "5 Jan"]
    # Over a quarter the two weeks are too close to label both: the latest wins.
    quarter = trend_chart(kr(), weekly([50.0, 62.0]), CHART, start="2026-01-01", end="2026-03-31")
    assert texts(quarter, "chart-date") == ["12 Jan"]


def test_without_check_ins_the_chart_says_so() -> None:
    items = trend_chart(kr(), [], CHART)
    assert texts(items, "chart-empty") == ["No check-ins yet"]
    assert not of_role(items, "chart-point")


def test_huge_values_are_written_short() -> None:
    items = trend_chart(kr(baseline=-2e9, target=3.5e12, unit="€"), weekly([1e12]), CHART)
    assert "Target 3.5T €" in texts(items) and "Baseline -2B €" in texts(items)


def test_nice_ticks_are_round_and_inside_the_range() -> None:
    assert nice_ticks(0.0, 100.0, 4) == [0.0, 25.0, 50.0, 75.0, 100.0]
    ticks = nice_ticks(3.0, 97.0, 4)
    assert ticks == [25.0, 50.0, 75.0]
    huge = nice_ticks(-1e9, 3.5e12, 5)
    assert huge == [0.0, 1e12, 2e12, 3e12]
    assert nice_ticks(5.0, 5.0, 3) == []


def test_the_chart_picture_is_the_same_chart() -> None:
    picture = chart_picture(kr(), weekly([50.0, 62.0]), 400.0, 200.0)
    assert picture.items == tuple(trend_chart(kr(), weekly([50.0, 62.0]), Rect(0, 0, 400, 200)))


# -- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.label)
def test_the_one_pager_fits_every_paper(
    okrs: tuple[Snapshot, dict[str, str]], paper: Paper
) -> None:
    snapshot, ids = okrs
    pages = okr_one_pager(snapshot, None, paper, STAMP)
    assert pages and all((p.width, p.height) == paper.size for p in pages)
    for page in pages:
        assert_inside([i for i in page.items if i.role != "page"], paper.printable)
        assert_text_fits(page.items)
        assert page.warnings == ()
    shown = [t for page in pages for t in texts(page.items)]
    for title in (
        "Make failed payments a thing of the past",
        "Keep the lights on",
        "Raise first-attempt success rate",
        "Onboarding calls held per week",
    ):
        assert title in " ".join(shown)
    drawn = {i for page in pages for item in page.items for i in getattr(item, "ids", ())}
    assert set(ids.values()) - {None} <= drawn  # every objective and key result is on paper


def test_the_one_pager_writes_each_key_results_numbers_and_its_score(
    okrs: tuple[Snapshot, dict[str, str]],
) -> None:
    snapshot, ids = okrs
    (page,) = okr_one_pager(snapshot, [ids["o1"]], Paper("A4", False), STAMP)
    first = [t for t in texts(page.showing(ids["k1"]))]
    assert "Baseline 91 → now 95 → target 97 %" in first
    assert "0.7" in texts(page.showing(ids["k1"]), "kr-score-number")
    assert "Lagging · increase · confidence 7/10 on 9 Feb 2026" in first
    assert "Measures Fewer support tickets about failed payments" in first
    head = texts(page.showing(ids["o1"]))
    assert "Score · expected 1.0" in head
    assert any("Aligns to Strategy: Win mid-size merchants" in t for t in head)
    assert texts(page.items, "objective-title") == ["Make failed payments a thing of the past"]


def test_a_long_objective_flows_onto_more_pages_with_a_continued_head(strategy: Strategy) -> None:
    objective = strategy.add_objective("Grow everywhere at once")
    for n in range(14):
        strategy.add_key_result(objective.id, f"Key result number {n}", baseline=0, target=10)
    pages = okr_one_pager(strategy.snapshot(), None, Paper("A4", False), STAMP)
    assert len(pages) == 2
    assert texts(pages[1].items, "objective-title-continued") == ["Grow everywhere at once"]
    assert texts(pages[1].items, "footer")[-1] == "Page 2 of 2"
    titles = [t for p in pages for t in texts(p.items, "kr-title")]
    assert titles == [f"Key result number {n}" for n in range(14)]


def test_a_title_too_long_even_at_the_smallest_size_is_reported(strategy: Strategy) -> None:
    strategy.add_objective("Grow " * 90)
    (page,) = okr_one_pager(strategy.snapshot(), None, Paper("A4", False), STAMP)
    assert len(page.warnings) == 1 and "was shortened to fit" in page.warnings[0]


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.label)
def test_the_scoreboard_fits_every_paper(
    okrs: tuple[Snapshot, dict[str, str]], paper: Paper
) -> None:
    snapshot, _ids = okrs
    board = scoreboard_picture(snapshot, paper, STAMP)
    assert_inside([i for i in board.items if i.role != "page"], paper.printable)
    assert_text_fits(board.items)
    assert board.warnings == ()
    assert texts(board.items, "wig-sentence") == ["From 91 % to 97 % by 31 Mar 2026"]


def test_the_scoreboard_puts_lag_and_lead_measures_side_by_side(
    okrs: tuple[Snapshot, dict[str, str]],
) -> None:
    snapshot, ids = okrs
    board = scoreboard_picture(snapshot, Paper("A4", True), STAMP)
    heads = {
        t: run
        for run in board.with_role("column-head")
        if isinstance(run, TextRun)
        for t in run.lines
    }
    lag_x = heads["Lag measures: the results"].rect.x
    lead_x = heads["Lead measures: what drives them"].rect.x

    def column_of(kr_id: str) -> str:
        (run,) = [r for r in board.showing(kr_id) if r.role == "kr-title"]
        assert isinstance(run, TextRun)
        return "lead" if run.rect.x >= lead_x - 6.0 else "lag" if run.rect.x >= lag_x - 6.0 else ""

    assert [column_of(ids[k]) for k in ("k1", "k2", "k3", "k4", "k5")] == [
        "lag",
        "lead",
        "lag",
        "lag",
        "lead",
    ]
    # Never colour alone: every filled score bar has its number beside it.
    for bar in board.items:
        if bar.role.endswith("score-bar"):
            numbers = [n for n in board.showing(bar.ids[0]) if n.role.endswith("score-number")]
            assert numbers and all(isinstance(n, TextRun) and n.lines for n in numbers)
    assert "No lead measure yet: what drives the result?" in texts(board.items)


def test_a_wig_without_key_results_or_end_date_says_what_is_missing(strategy: Strategy) -> None:
    strategy.add_objective("Become the default", wig=True)
    (facts,) = all_facts(strategy.snapshot())
    assert wig_sentence(facts) == "From X to Y by (no end date): add a lag measure"


def test_a_scoreboard_too_full_for_the_paper_names_what_was_left_off(strategy: Strategy) -> None:
    for n in range(12):
        objective = strategy.add_objective(f"Objective {n}")
        for k in range(4):
            strategy.add_key_result(objective.id, f"Measure {n}.{k}")
    board = scoreboard_picture(strategy.snapshot(), Paper("A4", True), STAMP)
    shown = board.meta["shown"]
    assert isinstance(shown, int) and 0 < shown < 12
    (warning,) = board.warnings
    assert f"holds {shown} of 12 objectives" in warning and "“Objective 11”" in warning
    assert_inside([i for i in board.items if i.role != "page"], Paper("A4", True).printable)


# -- the PDF views --------------------------------------------------------------------------


def pdf_text(snapshot: Snapshot, view: str, paper: Paper | None = None) -> tuple[str, int]:
    pages = build_pages(snapshot, PageRequest(view, paper, today=dt.date(2026, 11, 21)))
    content, _report = render_page_set(pages)
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("view", ["okr", "scoreboard"])
def test_the_pdf_holds_every_objective_and_key_result_title(
    okrs: tuple[Snapshot, dict[str, str]], view: str
) -> None:
    snapshot, _ids = okrs
    text, count = pdf_text(snapshot, view)
    assert count == 1
    flat = squeezed(text)
    for title in [o.title for o in snapshot.objectives] + [k.title for k in snapshot.key_results]:
        assert title in flat, title


def test_one_objective_by_id_and_refusals(okrs: tuple[Snapshot, dict[str, str]]) -> None:
    snapshot, ids = okrs
    text, _count = pdf_text(snapshot, f"okr:{ids['o2']}")
    assert "Delight mid-size merchants at onboarding" in squeezed(text)
    assert "Merchants live within a day of signing" in squeezed(text)
    assert "Raise first-attempt success rate" not in squeezed(text)  # another objective's
    with pytest.raises(OkrdeskError, match="no objective with id 'nope'"):
        pdf_text(snapshot, "okr:nope")
    with pytest.raises(OkrdeskError, match="has no objectives"):
        pdf_text(Snapshot("Empty"), "scoreboard")


def test_markup_in_titles_prints_literally(strategy: Strategy) -> None:
    objective = strategy.add_objective("<b>Bold</b> & <i>brave</i> &amp; true")
    strategy.add_key_result(objective.id, "<font color='red'>10x</font> growth", unit="<%>")
    text, _count = pdf_text(strategy.snapshot(), "okr", Paper("A4", False))
    flat = squeezed(text)
    assert "<b>Bold</b> & <i>brave</i> &amp; true" in flat
    assert "<font color='red'>10x</font> growth" in flat


def test_page_sizes_follow_the_paper(okrs: tuple[Snapshot, dict[str, str]]) -> None:
    snapshot, _ids = okrs
    for paper in PAPERS:
        pages = build_pages(snapshot, PageRequest("scoreboard", paper))
        picture = pages.pages[0][0]
        assert isinstance(picture, Picture)
        assert (picture.width, picture.height) == pytest.approx(paper.size)
