"""The A3 sheet page (no Qt): header, sections in their template's columns, text kept in its
boxes, shrinking and overflow, and the PDF of it."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader

from okrdesk.export.pdf import DocumentInfo, render_pdf
from okrdesk.layout.a3_sheet import BODY_FONT, PROMPT_GREY, share_heights, sheet_picture
from okrdesk.layout.a3_text import paragraphs
from okrdesk.layout.fonts import measure
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Picture, TextRun
from okrdesk.layout.placement import TEXT_PAD
from okrdesk.models.sheet_data import SheetData, SheetSectionSpec, SheetTemplateData
from okrdesk.models.sheet_templates import builtin_template

EPS = 1e-6
EXPERIMENT = builtin_template("experiment")
TEXTS = {
    "context": "Support tickets about failed payments doubled since March (140 to 290 a week). "
    "Customers wait 3.2 days for an answer; one in five cancels within a month.",
    "outcome": "Lagging: churn after a failed payment falls from 21% to under 12% by Q3.\n"
    "Leading:\n- more payments recovered within 24 hours\n- fewer payment tickets each week",
    "hypotheses": "We believe smart retries on day 1, 3 and 7 will recover most failed "
    "payments; we will know when 60% recover within 7 days.",
    "design": "Billing squad, four weeks from 2 June, half of the customers at random.",
}


def experiment() -> SheetTemplateData:
    assert EXPERIMENT is not None
    return EXPERIMENT


def sheet(
    texts: dict[str, str] | None = None, title: str = "Smart retries for failed payments"
) -> SheetData:
    chosen = dict(TEXTS if texts is None else texts)
    return SheetData(
        "sheet-1", "experiment", title, "objective-1", "Priya Sharma", "2026-06-02", chosen
    )


def picture(s: SheetData | None = None, template: SheetTemplateData | None = None) -> Picture:
    return sheet_picture(
        s or sheet(),
        template or experiment(),
        aligned_title="Keep the customers we already have",
        stamp="2 Jun 2026 · okrdesk",
    )


def section_box(pic: Picture, key: str) -> Box:
    boxes = [b for b in pic.with_role("section") if f"section:{key}" in b.ids]
    assert len(boxes) == 1 and isinstance(boxes[0], Box)
    return boxes[0]


def runs(pic: Picture, role: str, key: str | None = None) -> list[TextRun]:
    out = [r for r in pic.with_role(role) if isinstance(r, TextRun)]
    return out if key is None else [r for r in out if f"section:{key}" in r.ids]


def words_of(runs_: list[TextRun]) -> list[str]:
    return " ".join(line for r in runs_ for line in r.lines).split()


def assert_text_inside_boxes(pic: Picture) -> None:
    """Every run lies in the printable area and, in a section, inside its section's box; no
    line is wider than its run, and no run has more lines than its rect holds."""
    page = Paper("A3", True).printable
    for run in (i for i in pic.items if isinstance(i, TextRun)):
        assert page.contains(run.rect), run
        assert len(run.lines) * run.leading <= run.rect.h + EPS
        for line in run.lines:
            assert measure(line, run.size, run.bold) + TEXT_PAD <= run.rect.w + EPS, line
        section = next((i for i in run.ids if i.startswith("section:")), None)
        if section is not None:
            assert section_box(pic, section.removeprefix("section:")).rect.contains(run.rect)


def test_the_page_is_exactly_a3_landscape() -> None:
    pic = picture()
    assert (pic.width, pic.height) == pytest.approx((1190.55, 841.89), abs=0.01)
    assert pic.meta["kind"] == "a3-sheet" and pic.meta["fits"] is True
    assert pic.meta["overflow"] == []


def test_sections_are_drawn_in_their_column_and_order() -> None:
    pic = picture()
    template = experiment()
    page = Paper("A3", True).printable
    left, right = template.ordered(0), template.ordered(1)
    assert left and right
    for column, specs in ((0, left), (1, right)):
        boxes = [section_box(pic, s.key).rect for s in specs]
        assert [b.y for b in boxes] == sorted(b.y for b in boxes)  # top to bottom in order
        for upper, lower in itertools.pairwise(boxes):
            assert upper.bottom < lower.y
        for box in boxes:
            assert page.contains(box)
            assert (box.cx < page.cx) == (column == 0)
    titles = [r.lines[0] for r in runs(pic, "section-title")]
    assert titles[0].startswith("1. ") and titles[0].endswith(left[0].title)
    numbered = [s.title for s in left + right]
    assert [t.split(". ", 1)[1] for t in titles] == numbered
    sections = pic.with_role("section")
    assert not any(a.rect.overlaps(b.rect) for a in sections for b in sections if a is not b)


def test_header_shows_title_template_link_author_and_date() -> None:
    pic = picture()
    assert runs(pic, "sheet-title")[0].lines == ("Smart retries for failed payments",)
    header = " ".join(line for r in runs(pic, "header") for line in r.lines)
    for shown in (
        "Experiment A3",
        "Aligned to objective:",
        "Keep the customers we already have",
        "Author:",
        "Priya Sharma",
        "Date:",
        "2026-06-02",
    ):
        assert shown in header
    linked = [r for r in pic.showing("objective-1") if isinstance(r, TextRun)]
    assert [r.lines for r in linked] == [
        ("Aligned to objective:",),
        ("Keep the customers we already have",),
    ]
    footer = " ".join(line for r in runs(pic, "footer") for line in r.lines)
    assert "Smart retries for failed payments" in footer and "2 Jun 2026" in footer


def test_every_text_stays_inside_its_box() -> None:
    assert_text_inside_boxes(picture())
    long = {k: "Many careful words about this section. " * 60 for k in TEXTS}
    assert_text_inside_boxes(picture(sheet(long)))


def test_texts_are_shown_whole_with_their_line_breaks() -> None:
    pic = picture()
    for key, text in TEXTS.items():
        (run,) = runs(pic, "section-text", key)
        assert run.size == BODY_FONT and not run.truncated
        assert run.lines and words_of([run]) == text.split()
    outcome = runs(pic, "section-text", "outcome")[0].lines
    assert "Leading:" in outcome and "- more payments recovered within 24 hours" in outcome


def test_a_long_list_item_wraps_under_its_text() -> None:
    item = "- " + "retry the card on a smart schedule and tell the customer " * 4
    (run,) = runs(picture(sheet({"risks": item})), "section-text", "risks")
    assert len(run.lines) > 1
    assert run.lines[0].startswith("- retry") and all(
        line.startswith("  ") and not line.startswith("  -") for line in run.lines[1:]
    )


def test_long_text_fits_by_shrinking_and_takes_room_from_short_sections() -> None:
    long = "We will learn what our customers really need before we build it. " * 70
    pic = picture(sheet({**TEXTS, "hypotheses": long}))
    (run,) = runs(pic, "section-text", "hypotheses")
    assert 7.0 <= run.size < BODY_FONT and not run.truncated
    assert words_of([run]) == long.split()
    assert pic.meta["fits"] is True and not pic.warnings
    # Short sections keep their text at full size; the long one got the extra height.
    assert runs(pic, "section-text", "context")[0].size == BODY_FONT
    assert section_box(pic, "hypotheses").rect.h > section_box(picture(), "hypotheses").rect.h


def test_huge_text_is_cut_and_reported_without_raising() -> None:
    huge = ("Every detail of the hypothesis, written out at length. " * 400)[:20_000]
    pic = picture(sheet({**TEXTS, "hypotheses": huge}))
    (run,) = runs(pic, "section-text", "hypotheses")
    assert run.truncated and run.size == 7.0 and run.lines[-1].endswith("…")
    assert pic.meta["fits"] is False and pic.meta["overflow"] == ["hypotheses"]
    printed = sum(1 for line in run.lines for c in line if not c.isspace()) - 1  # less the "…"
    hidden = sum(1 for c in huge if not c.isspace()) - printed
    assert pic.warnings == (
        "Experiment A3 'Smart retries for failed payments': section 'Hypotheses' is too long "
        f"for one A3 page at 7 pt; {hidden} characters not printed.",
    )
    assert_text_inside_boxes(pic)
    assert runs(pic, "section-text", "context")[0].size == BODY_FONT


def test_empty_sections_show_their_prompts_in_grey() -> None:
    pic = picture(sheet({}, title=""))
    template = experiment()
    prompts = runs(pic, "prompt")
    assert len(prompts) == len(template.sections)
    for spec in template.sections:
        (run,) = runs(pic, "prompt", spec.key)
        assert run.color == PROMPT_GREY and words_of([run]) == spec.prompt.split()
    assert not runs(pic, "section-text")
    assert runs(pic, "sheet-title")[0].lines == ("Untitled A3",)
    # Nothing written: every section gets its share of the column by weight.
    for column in (0, 1):
        specs = template.ordered(column)
        per_weight = {round(section_box(pic, s.key).rect.h / s.weight, 3) for s in specs}
        assert len(per_weight) == 1


def test_markup_characters_are_kept_literally() -> None:
    text = "<b>bold</b> & &amp; <para> ]]> \\n {x}"
    pic = picture(sheet({"context": text}, title="<i>A&B</i>"))
    assert runs(pic, "section-text", "context")[0].lines == (text,)
    assert runs(pic, "sheet-title")[0].lines == ("<i>A&B</i>",)


def test_a_one_column_template_uses_the_full_width() -> None:
    template = SheetTemplateData(
        "notes",
        "Team notes",
        "",
        (
            SheetSectionSpec("what", "What happened", 1, 0, "Facts first."),
            SheetSectionSpec("next", "What next", 1, 1, "Who does what by when?", 2.0),
        ),
    )
    pic = sheet_picture(sheet({"what": "We met."}), template)
    page = Paper("A3", True).printable
    for key in ("what", "next"):
        box = section_box(pic, key).rect
        assert box.x == pytest.approx(page.x) and box.w == pytest.approx(page.w)
    header = " ".join(line for r in runs(pic, "header") for line in r.lines)
    assert "Aligned" not in header and "Author:" in header  # no link label in this template
    assert_text_inside_boxes(pic)


def test_column_heights_follow_weight_and_need() -> None:
    room = 600.0
    mins = [50.0, 50.0, 50.0]
    assert share_heights(mins, [40.0, 40.0, 40.0], [1.0, 1.0, 2.0], room) == pytest.approx(
        [150.0, 150.0, 300.0]
    )
    # One section needs more than its share: it gets its need, the others share the rest.
    got = share_heights(mins, [40.0, 400.0, 40.0], [1.0, 1.0, 1.0], room)
    assert got == pytest.approx([100.0, 400.0, 100.0])
    # More is needed than there is: short sections keep their need, the long ones shrink.
    got = share_heights(mins, [80.0, 900.0, 700.0], [1.0, 1.0, 1.0], room)
    assert got == pytest.approx([80.0, 260.0, 260.0])
    assert sum(share_heights(mins, [10.0] * 3, [1.0] * 3, 100.0)) == pytest.approx(100.0)


def test_paragraphs_keep_one_blank_line_between_blocks() -> None:
    assert paragraphs("\n\nFirst\n\n\n\nSecond\tpart\r\nThird\n\n") == [
        "First",
        "",
        "Second part",
        "Third",
    ]


def test_the_pdf_of_a_sheet_is_a_readable_a3_page() -> None:
    pic = picture()
    data, report = render_pdf([(pic, "Experiment A3")], DocumentInfo("A3 sheet"))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1 and report.pages == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((1190.55, 841.89), abs=0.01)
    text = " ".join(reader.pages[0].extract_text().split())
    for shown in (
        "Smart retries for failed payments",
        "Keep the customers we already have",
        "Priya Sharma",
        "4. Hypotheses",
        "we will know when 60% recover",
        "- fewer payment tickets each week",
    ):
        assert shown in text
    # Empty sections print their prompts.
    prompt = experiment().section("results")
    assert prompt is not None and " ".join(prompt.prompt.split()[:5]) in text


def test_a_title_too_long_for_the_header_is_shortened_and_said_so() -> None:
    long_title = "Smart retries for failed payments across every card network " * 5
    pic = picture(sheet(title=long_title))
    (run,) = runs(pic, "sheet-title")
    assert run.truncated and len(run.lines) == 1 and run.lines[0].endswith("…")
    assert len(pic.warnings) == 1 and pic.warnings[0].endswith("the title was shortened to fit.")
    assert len(pic.warnings[0]) < 140  # the warning names the sheet briefly
    assert_text_inside_boxes(pic)
