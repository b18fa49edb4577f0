"""The PDF painter writes only the pen changes it needs: and never leaves a stale one behind."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from okrdesk.export.pdf import DocumentInfo, render_pdf
from okrdesk.layout.picture import Box, Line, Picture, Rect, TextRun


def content(picture: Picture) -> str:
    data, _report = render_pdf([(picture, None)], DocumentInfo("pen"))
    page = PdfReader(io.BytesIO(data)).pages[0]
    return page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]


def test_a_solid_box_after_a_dashed_line_is_drawn_solid() -> None:
    stream = content(
        Picture(
            200,
            200,
            (
                Line(10, 10, 190, 10, "rule", "#ff0000", 1.0, (3.0, 2.0)),
                Box(Rect(20, 20, 50, 50), "cell", stroke="#000000"),
            ),
        )
    )
    dashed = stream.index("[3 2] 0 d")
    rect = stream.index(" re", dashed)
    assert re.search(r"\[\s*\] 0 d", stream[dashed:rect]), stream


def test_text_colour_holds_for_a_box_drawn_after_the_text() -> None:
    stream = content(
        Picture(
            200,
            200,
            (
                TextRun(Rect(10, 10, 100, 20), ("red words",), 10, "t", color="#ff0000"),
                Box(Rect(20, 40, 50, 50), "cell", fill="#00ff00", stroke=None),
            ),
        )
    )
    after_text = stream[stream.index("ET") :]
    # The box sets its own green fill rather than trusting whatever the text left behind.
    assert re.search(r"0 1 0 rg", after_text), stream
