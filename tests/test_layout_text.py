"""Text measurement with the bundled font, wrapping and fitting into boxes (no Qt)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from okrdesk.layout import fonts
from okrdesk.layout.fonts import FONT_FILES, covers, measure
from okrdesk.layout.text import ELLIPSIS, LINE_HEIGHT, clean, clusters, elide, fit, wrap

EPS = 1e-6
SAMPLES = [
    "Work in small batches",
    "Optimise for flow, not utilisation",
    "עברית ועוד",  # Hebrew, right to left
    "تحسين التدفق",  # Arabic
    "中文标题测试",  # CJK, not in DejaVu Sans: measured as the missing-glyph box
    "e\u0301te\u0301",  # combining acute accents
    "Ship it 🚀 👩\u200d💻",
    "<b>bold</b> &amp; </para>",
]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("text", SAMPLES)
def test_measure_matches_reportlab(text: str, bold: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRDESK_FONT_DIRS", "")  # bundled font only; fallbacks: test_pdf_text
    style = "bold" if bold else "regular"
    reference = TTFont(f"check-{style}", str(FONT_FILES[style]))
    for size in (6.0, 11.0, 17.5):  # Arabic is measured joined, as the PDF draws it
        drawn = fonts.shaped(text, bold)
        assert measure(text, size, bold) == pytest.approx(reference.stringWidth(drawn, size))


def test_measure_is_additive_and_scales() -> None:
    assert measure("", 11) == 0
    assert measure("ab", 10) == pytest.approx(measure("a", 10) + measure("b", 10))
    assert measure("Tactics", 20) == pytest.approx(2 * measure("Tactics", 10))
    assert measure("Tactics", 10, bold=True) > measure("Tactics", 10)


def test_font_files_are_the_bundled_ones() -> None:
    assert FONT_FILES["regular"].name == "DejaVuSans.ttf"
    assert FONT_FILES["bold"].name == "DejaVuSans-Bold.ttf"
    assert all(path.is_file() for path in FONT_FILES.values())
    assert fonts.ttfont(False) is fonts.ttfont(False)  # loaded once


def test_covers() -> None:
    for char in "Aé●○△◐…!":
        assert covers(char), char
    assert not covers("中")
    assert covers("")
    assert not covers("A中")


def test_clean_collapses_whitespace_and_drops_control_characters() -> None:
    assert clean("  one\n\ttwo\r\n three  ") == "one two three"
    assert clean("bell\x07 and\x00 null\x1b[0m") == "bell and null[0m"
    assert clean("no\u00a0break") == "no break"
    assert clean("\n\t ") == ""
    assert clean("<b>&amp;</para>") == "<b>&amp;</para>"  # markup is text, kept as typed


def test_clusters_keep_marks_and_joined_emoji_whole() -> None:
    assert clusters("e\u0301a") == ["e\u0301", "a"]
    assert clusters("👩\u200d💻x") == ["👩\u200d💻", "x"]
    assert "".join(clusters("plain")) == "plain"


def _fits(lines: list[str] | tuple[str, ...], width: float, size: float) -> bool:
    return all(measure(line, size) <= width + EPS for line in lines)


def test_wrap_is_greedy_on_spaces() -> None:
    text = "Trunk-based development pilot for the checkout and payments teams"
    width, size = 120.0, 10.0
    lines = wrap(text, width, size)
    assert len(lines) > 1 and _fits(lines, width, size)
    assert " ".join(lines) == text
    for line, following in itertools.pairwise(lines):
        first = following.split(" ")[0]
        assert measure(f"{line} {first}", size) > width  # greedy: it did not fit above


def test_wrap_breaks_long_words_by_characters() -> None:
    word = "Supercalifragilisticexpialidocious" * 3
    lines = wrap(f"a {word} b", 60.0, 10.0)
    assert _fits(lines, 60.0, 10.0)
    assert "".join(lines).replace(" ", "") == f"a{word}b"
    accented = "e\u0301" * 40
    pieces = wrap(accented, 30.0, 10.0)
    assert all(not piece.startswith("\u0301") for piece in pieces)


def test_wrap_collapses_newlines_and_handles_empty() -> None:
    assert wrap("one\n\ntwo", 500, 10) == ["one two"]
    assert wrap("", 100, 10) == []
    assert wrap("   ", 100, 10) == []


def test_fit_chooses_the_largest_size_in_half_point_steps() -> None:
    text = "Automated tests for checkout and everything it touches"
    result = fit(text, 100.0, 30.0, 11.0, 6.0)
    assert not result.truncated
    assert 6.0 <= result.size <= 11.0
    assert (11.0 - result.size) % 0.5 == pytest.approx(0.0)
    assert _fits(result.lines, 100.0, result.size)
    assert len(result.lines) * LINE_HEIGHT * result.size <= 30.0 + EPS
    assert " ".join(result.lines) == text
    bigger = result.size + 0.5
    assert fit(text, 100.0, 30.0, bigger, bigger).truncated  # the next step up does not fit


def test_fit_takes_the_maximum_when_it_fits() -> None:
    result = fit("Short", 200, 50, 11, 6)
    assert result == fit("Short", 200, 50, 11, 6)
    assert result.lines == ("Short",) and result.size == 11 and not result.truncated
    assert result.width == pytest.approx(measure("Short", 11))


def test_fit_prefers_a_smaller_size_to_breaking_a_word() -> None:
    result = fit("Strategies", 40.0, 30.0, 12.0, 4.0)
    assert result.lines == ("Strategies",)
    assert not result.truncated


def test_fit_can_refuse_to_break_words() -> None:
    broken = fit("Owners", 15.0, 30.0, 9.0, 6.0, True)
    assert not broken.truncated and len(broken.lines) > 1
    whole = fit("Owners", 15.0, 30.0, 9.0, 6.0, True, break_words=False)
    assert whole.truncated and whole.size == 6.0


def test_fit_elides_at_the_minimum_size() -> None:
    text = " ".join(["overflowing"] * 60)
    result = fit(text, 80.0, 20.0, 11.0, 6.0)
    assert result.truncated
    assert result.size == 6.0
    assert result.lines[-1].endswith(ELLIPSIS)
    assert _fits(result.lines, 80.0, 6.0)
    assert len(result.lines) == math.floor(20.0 / (LINE_HEIGHT * 6.0))


def test_fit_respects_max_lines() -> None:
    text = "one two three four five six seven eight nine ten"
    result = fit(text, 60.0, 200.0, 11.0, 6.0, max_lines=2)
    assert len(result.lines) <= 2
    one = fit(text, 60.0, 200.0, 11.0, 6.0, max_lines=1)
    assert len(one.lines) == 1 and one.truncated and one.lines[0].endswith(ELLIPSIS)


def test_fit_with_no_room_shows_nothing_and_says_so() -> None:
    result = fit("Anything", 50.0, 3.0, 11.0, 6.0)
    assert result.lines == () and result.truncated
    assert fit("", 50, 50, 11, 6) == fit("  \n ", 50, 50, 11, 6)
    assert fit("", 50, 50, 11, 6).lines == ()


def test_elide() -> None:
    assert elide("A long line of text", 40.0, 10.0).endswith(ELLIPSIS)
    assert measure(elide("A long line of text", 40.0, 10.0), 10.0) <= 40.0
    assert elide("Anything", 1.0, 10.0) == ""


unicode_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from([*" \n\t<>&/;\u0301\u200d", "中", "ע", "🚀"]),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(
    text=unicode_text,
    width=st.floats(1.0, 400.0),
    height=st.floats(1.0, 200.0),
    max_size=st.sampled_from([6.0, 9.0, 11.0, 18.0]),
    bold=st.booleans(),
)
def test_fit_always_fits_its_box(
    text: str, width: float, height: float, max_size: float, bold: bool
) -> None:
    result = fit(text, width, height, max_size, 6.0, bold)
    assert 6.0 <= result.size <= max_size
    assert all(measure(line, result.size, bold) <= width + EPS for line in result.lines)
    assert len(result.lines) * LINE_HEIGHT * result.size <= height + EPS
    shown = clean(text)
    if not result.truncated:
        assert "".join(result.lines).replace(" ", "") == shown.replace(" ", "")
    elif result.lines and measure(ELLIPSIS, 6.0, bold) <= width:
        assert any(line.endswith(ELLIPSIS) for line in result.lines)
    assert all(ch.isprintable() or ch == " " or not ch.isspace() for ch in "".join(result.lines))
