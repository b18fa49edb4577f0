"""`okrdesk export FILE OUT --view …`: every view to PDF (and SVG), tiling, clear refusals."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from okrdesk.assets import sample_json
from okrdesk.models.interchange import parse_json, write_strategy
from tests.test_cli import folder_state, one_error_line, run


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The shipped sample as a strategy file, alone in its folder."""
    folder = tmp_path / "sample"
    folder.mkdir()
    path = folder / "sample.okrdesk"
    write_strategy(path, parse_json(sample_json()))
    return path


def pages_of(path: Path) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    ]


@pytest.mark.parametrize(("view", "count"), [("xmatrix", 1), ("orm", 1), ("plan", 1), ("pack", 17)])
def test_each_view_exports_to_a3_landscape_by_default(
    sample: Path,
    capsys: pytest.CaptureFixture[str],
    view: str,
    count: int,
) -> None:
    out = sample.parent / f"{view}.pdf"
    code, stdout, err = run(capsys, "export", sample, out, "--view", view)
    assert (code, err) == (0, "")
    assert pages_of(out) == [(1190.55, 841.89)] * count
    assert f"{count} page" in stdout


def test_a_map_too_large_for_the_paper_is_refused_naming_paper_and_tile(
    sample: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = folder_state(sample.parent)
    out = sample.parent / "map.pdf"
    code, _, err = run(capsys, "export", sample, out, "--view", "orm", "--page", "A5")
    line = one_error_line(err)
    assert code == 2
    assert "A4 landscape" in line and "--page A4, or --tile" in line and "4 pages" in line
    assert folder_state(sample.parent) == before  # nothing written


def test_tile_splits_the_map_across_the_announced_pages(
    sample: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = sample.parent / "map.pdf"
    code, stdout, err = run(
        capsys, "export", sample, out, "--view", "orm", "--page", "A5", "--tile"
    )
    assert (code, err) == (0, "")
    assert "4 pages (tiled 2 × 2" in stdout
    assert pages_of(out) == [(595.28, 419.53)] * 4
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[3].extract_text()
    assert "Page 4 of 4" in " ".join(text.split())


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--view", "everything"], "unknown view"),
        (["--view", "approach"], "no Option Approach Map"),
        (["--view", "a3:nope"], "no A3 sheet"),
        (["--view", "orm:nope"], "no Option Relationship Map with id 'nope'"),
        (["--dpi", "5"], "--dpi"),
    ],
)
def test_bad_views_are_one_line_with_exit_2(
    sample: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    words: str,
) -> None:
    suffix = ".svg" if "--dpi" in argv else ".pdf"
    out = sample.parent / f"out{suffix}"
    code, _, err = run(capsys, "export", sample, out, *argv)
    assert code == 2
    assert words in one_error_line(err)
    assert not out.exists()


def test_a_portrait_map_on_letter(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sample.parent / "plan.pdf"
    code, _, err = run(
        capsys, "export", sample, out, "--view", "plan", "--page", "letter", "--portrait"
    )
    assert (code, err) == (0, "")
    assert pages_of(out) == [(612.0, 792.0)]


def test_svg_of_a_multi_page_view_writes_one_numbered_file_per_page(
    sample: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = sample.parent / "map.svg"
    code, stdout, err = run(
        capsys, "export", sample, out, "--view", "orm", "--page", "A5", "--tile"
    )
    assert (code, err) == (0, "")
    files = sorted(sample.parent.glob("map-*.svg"))
    assert [f.name for f in files] == ["map-1.svg", "map-2.svg", "map-3.svg", "map-4.svg"]
    for file in files:
        root = ET.fromstring(file.read_bytes())
        assert root.get("width") == "595.28pt" or root.get("width", "").startswith("595.2")
    assert "map-1.svg … map-4.svg" in stdout
