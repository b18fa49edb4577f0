"""Hostile and odd text, generated: any Unicode (combining marks, right-to-left, CJK, emoji,
zero-width and bidi controls, control characters), markup characters, empty and whitespace-only
titles, 10,000-character notes, in every field of a whole strategy (TASTE, outcomes on an
Option Relationship Map and a Plan on a Page, an A3 sheet).

* JSON round trip is exact: export → import → a real file → export gives the same text, and
  every field reads back exactly as generated.
* No layout overflows: in every page of the X-Matrix, the maps and the A3 sheet, each text
  run's lines, measured with the font the PDF draws with, fit the run's box (within 0.01 pt),
  and that box lies inside its cell or card.
* The PDF export never raises, and every character either prints (a font has it) or is named
  in the report; characters that cannot be drawn at all (control characters, lone surrogates)
  are dropped by design (okrdesk.layout.text.clean). A title shortened to fit is reported.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrdesk.export.pages import PageRequest, PageSet, build_pages
from okrdesk.export.pdf import render_page_set
from okrdesk.layout.fonts import font_for, measure
from okrdesk.layout.picture import Box, Picture, Rect, TextRun
from okrdesk.layout.placement import frame_size, line_origins
from okrdesk.layout.shaping import BIDI_CONTROLS
from okrdesk.layout.text import clean
from okrdesk.layout.xmatrix import XMatrixOptions, layout_xmatrix
from okrdesk.models.interchange import export_json, parse_json, write_strategy
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from tests.test_layout_xmatrix import check_layout

EPS = 0.01  # points
# OKRDESK_PROPERTY_EXAMPLES=500 for a longer hunt than the default run's.
EXAMPLES = settings(
    max_examples=int(os.environ.get("OKRDESK_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Characters chosen for trouble, mixed with anything Unicode has.
ODD = (
    "\u0301\u0308\u20dd"  # combining marks
    "שלום مرحبا\u202e\u202d\u2066\u2069\u200f"  # right-to-left text and bidi controls
    "战略目标한국어"  # CJK
    "🚀👩‍👩‍👧🇪🇺🏽\ufe0f"  # emoji, a ZWJ sequence, a flag, a skin tone, a selector
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters
    "\x00\x07\x1b\x7f\x85\u2028\u2029\t\n\r"  # control characters and line breaks
    "<>&;'\"/\\%{}[]"  # ReportLab and XML markup, JSON and format strings
)
odd_char = st.sampled_from(ODD)
any_char = st.characters(exclude_categories=["Cs"])  # every Unicode scalar value
short_text = st.one_of(
    st.text(st.one_of(odd_char, any_char), max_size=40),
    st.sampled_from(["", " ", "   ", "\t\n", "<b>bold</b> &amp; </para>", "\u200b"]),
)
long_notes = st.text(st.one_of(odd_char, any_char), min_size=1, max_size=12).map(
    lambda seed: (seed * (10_000 // len(seed) + 1))[:10_000]
)
notes_text = st.one_of(short_text, long_notes)
TASTE = {"aspiration": "a", "strategy": "s", "evidence": "e", "tactic": "t"}
CORNERS = [("s", "a"), ("e", "a"), ("t", "s"), ("t", "e")]


@st.composite
def strategies(draw: st.DrawFn) -> dict[str, Any]:
    """An okrdesk JSON document (format 3) with generated text in every text field."""
    counts = {prefix: draw(st.integers(1, 3)) for prefix in TASTE.values()}
    elements = [
        {"id": "tn", "kind": "true_north", "title": draw(short_text), "notes": draw(notes_text)}
    ]
    for kind, prefix in TASTE.items():
        elements += [
            {
                "id": f"{prefix}{i}",
                "kind": kind,
                "title": draw(short_text),
                "notes": draw(notes_text),
                "status": draw(st.text(max_size=32)),
            }
            for i in range(counts[prefix])
        ]
    outcomes = [f"o{i}" for i in range(draw(st.integers(1, 4)))]
    elements += [
        {"id": o, "kind": "outcome", "title": draw(short_text), "notes": draw(notes_text)}
        for o in outcomes
    ]
    elements.append({"id": "x0", "kind": "obstacle", "title": draw(short_text)})
    links = [
        {
            "id": f"c-{late}{i}-{early}{j}",
            "source": f"{late}{i}",
            "target": f"{early}{j}",
            "kind": "correlation",
            "strength": draw(st.sampled_from(["weak", "medium", "strong"])),
        }
        for late, early in CORNERS
        for i in range(counts[late])
        for j in range(counts[early])
        if draw(st.booleans())
    ]
    links += [
        {"id": f"n-{a}-{b}", "source": a, "target": b, "kind": "needs"}
        for a, b in itertools.pairwise(outcomes)
    ]
    spots = [
        {"element": o, "x": 150.0 + 160 * i, "y": 120.0 + 90 * (i % 2), "pinned": False}
        for i, o in enumerate(outcomes)
    ]
    maps = [
        {
            "id": "orm",
            "kind": "option_relationship",
            "title": draw(short_text),
            "settings": {},
            "placements": spots,
        },
        {
            "id": "plan",
            "kind": "plan_on_a_page",
            "title": draw(short_text),
            "settings": {},
            "placements": [s | {"horizon": i % 3} for i, s in enumerate(spots)],
        },
    ]
    sections = ["context", "outcome", "options", "hypotheses", "design", "risks"]
    sheet = {
        "id": "sheet",
        "template": "experiment",
        "title": draw(short_text).strip()[:80],
        "texts": {k: draw(notes_text) for k in sections if draw(st.booleans())},
    }
    return {
        "format": "okrdesk",
        "version": 3,
        "title": draw(short_text),
        "elements": elements,
        "links": links,
        "people": [{"id": "p1", "name": draw(short_text), "kind": "person"}],
        "ownership": [{"person": "p1", "element": "s0", "role": "lead"}],
        "maps": maps,
        "sheets": [sheet],
    }


def snapshot_of(value: dict[str, Any]) -> Snapshot:
    return parse_json(json.dumps(value, ensure_ascii=False)).snapshot()


# -- JSON ---------------------------------------------------------------------------------------


@EXAMPLES
@given(value=strategies())
def test_json_round_trip_through_a_real_file_is_exact(value: dict[str, Any]) -> None:
    exported = export_json(parse_json(json.dumps(value, ensure_ascii=False)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.okrdesk"
        write_strategy(path, parse_json(exported))
        file = StrategyFile.open(path, read_only=True)
        try:
            again = export_json(Strategy(file).snapshot())
        finally:
            file.close()
    assert again == exported
    read = json.loads(again)
    assert read["title"] == value["title"]
    assert {e["id"]: (e["title"], e["notes"], e.get("status", "")) for e in read["elements"]} == {
        e["id"]: (e["title"], e.get("notes", ""), e.get("status", "")) for e in value["elements"]
    }
    assert read["people"][0]["name"] == value["people"][0]["name"]
    assert read["maps"][0]["title"] == value["maps"][0]["title"]
    assert read["sheets"][0]["texts"] == {k: v for k, v in value["sheets"][0]["texts"].items() if v}


# -- layouts and the PDF ------------------------------------------------------------------------

VIEWS = ["xmatrix", "orm:orm", "plan:plan", "a3:sheet"]


def pages_of(snapshot: Snapshot) -> list[PageSet]:
    return [build_pages(snapshot, PageRequest(view, tile=True)) for view in VIEWS]


def holder(run: TextRun, boxes: Iterable[Box]) -> Rect | None:
    """The smallest box that shows the same thing as `run` and holds it (its cell, its card)."""
    around = [b.rect for b in boxes if b.rect.contains(run.rect, EPS) and b.role != "page"]
    return min(around, key=lambda r: r.w * r.h, default=None)


def check_text_fits(picture: Picture) -> None:
    boxes = [b for b in (*picture.items, *picture.overlay) if isinstance(b, Box)]
    page = Rect(0, 0, picture.width, picture.height)
    cards = {b.ids[0]: b.rect for b in boxes if b.role == "card"}
    for run in (i for i in (*picture.items, *picture.overlay) if isinstance(i, TextRun)):
        width, height = frame_size(run)
        assert len(run.lines) * run.leading <= height + EPS, run
        for x, _baseline, line in line_origins(run):
            assert x >= -EPS and x + measure(line, run.size, run.bold) <= width + EPS, (run, line)
        if picture.clip is None:  # a tile shows part of a larger page: its own rules
            assert page.contains(run.rect, EPS), run
        if run.role == "card-text":
            assert cards[run.ids[0]].contains(run.rect, EPS), run
        if run.role == "label":  # an X-Matrix item: inside its cell
            assert holder(run, boxes) is not None, run


def runs_of(pages: PageSet) -> list[TextRun]:
    return [
        run
        for picture, _bookmark in pages.pages
        for run in (*picture.items, *picture.overlay)
        if isinstance(run, TextRun)
    ]


ELEMENT_TEXT = ("label", "true-north", "card-text")  # roles that show one element's title


@EXAMPLES
@given(value=strategies())
def test_layouts_never_overflow_and_the_pdf_prints_or_reports_every_character(
    value: dict[str, Any],
) -> None:
    snapshot = snapshot_of(value)
    options = XMatrixOptions()
    check_layout(layout_xmatrix(snapshot, options), snapshot, options)  # every X-Matrix rule
    for pages in pages_of(snapshot):
        for picture, _bookmark in pages.pages:
            check_text_fits(picture)

        report = render_page_set(pages)[1]  # never raises

        runs = runs_of(pages)
        drawn = {c for run in runs for line in run.lines for c in line}
        for c in drawn - {" "}:
            assert c in BIDI_CONTROLS or font_for(c) is not None or c in report.missing_characters
        assert not any(unicodedata.category(c) == "Cc" for c in drawn)  # dropped by design
        if any(run.truncated for run in runs):  # shortened to fit: the export says so
            assert any("shortened" in w or "too long" in w for w in report.warnings), (
                report.warnings
            )
        # A title that was not shortened is on the page whole: every character of it.
        for run in runs:
            element = snapshot.element(run.ids[0]) if run.ids else None
            if run.role in ELEMENT_TEXT and element is not None and not run.truncated:
                shown = {c for line in run.lines for c in line}
                assert set(clean(element.title)) - {" "} <= shown, (element.title, run.lines)
