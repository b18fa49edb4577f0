"""The client pack's own pages: a cover with its contents, and the health summary.

Both are laid out with the bundled font's metrics like every other picture, so they print
exactly and their text never leaves its box; the health summary flows onto as many pages as
its findings need.
"""

from __future__ import annotations

from collections.abc import Sequence

from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Box, Line, Picture, Primitive, Rect, TextRun
from okrdesk.layout.text import LINE_HEIGHT, fit, wrap
from okrdesk.models.rules import Finding, Severity

RULE = "#444444"
SEVERITY_COLOR = {Severity.ERROR: "#b3261e", Severity.WARNING: "#8a5a00", Severity.INFO: "#3d5a80"}
BODY = 10.0
CONTENTS_WIDTH = 320.0


def _page(paper: Paper) -> list[Primitive]:
    return [Box(Rect(0.0, 0.0, paper.width, paper.height), "page", (), "#ffffff", None)]


def _footer(paper: Paper, stamp: str) -> list[Primitive]:
    p = paper.printable
    got = fit(stamp, p.w, 12.0, 7.0, 6.0, max_lines=1)
    return [
        TextRun(
            Rect(p.x, p.bottom - 12.0, p.w, 12.0),
            got.lines,
            got.size,
            "footer",
            color="#555555",
            truncated=got.truncated,
        )
    ]


def cover_picture(
    title: str,
    true_north: str,
    contents: Sequence[tuple[str, int, int]],
    *,
    paper: Paper,
    stamp: str,
    subtitle: str = "Client pack",
) -> Picture:
    """The first page: the strategy's title, its True North, and what is in the pack
    (`contents`: title, page number, level; level 1 is indented under the entry before)."""
    p = paper.printable
    items = _page(paper)
    y = p.y + p.h * 0.12
    got = fit(title or "Untitled strategy", p.w, 3 * LINE_HEIGHT * 28.0, 28.0, 12.0, bold=True)
    items.append(
        TextRun(
            Rect(p.x, y, p.w, got.height),
            got.lines,
            got.size,
            "cover-title",
            bold=True,
            truncated=got.truncated,
        )
    )
    y += got.height + 8.0
    items.append(
        TextRun(
            Rect(p.x, y, p.w, 16.0 * LINE_HEIGHT),
            (subtitle,),
            16.0,
            "cover-subtitle",
            color="#555555",
        )
    )
    y += 16.0 * LINE_HEIGHT + 10.0
    items.append(Line(p.x, y, p.right, y, "rule", RULE, 1.0))
    y += 14.0
    if true_north.strip():
        items.append(
            TextRun(
                Rect(p.x, y, p.w, 11.0 * LINE_HEIGHT),
                ("True North",),
                11.0,
                "cover-label",
                bold=True,
            )
        )
        y += 11.0 * LINE_HEIGHT + 2.0
        got = fit(true_north, p.w, 3 * LINE_HEIGHT * 16.0, 16.0, 9.0)
        items.append(
            TextRun(
                Rect(p.x, y, p.w, got.height),
                got.lines,
                got.size,
                "cover-true-north",
                truncated=got.truncated,
            )
        )
        y += got.height + 16.0
    items += _contents(contents, Rect(p.x, y, p.w, p.bottom - 16.0 - y))
    items += _footer(paper, stamp)
    return Picture(paper.width, paper.height, tuple(items), title=title, meta={"kind": "cover"})


def _contents(contents: Sequence[tuple[str, int, int]], room: Rect) -> list[Primitive]:
    """ "Contents" and one line per entry, in as many columns as the room needs."""
    items: list[Primitive] = [
        TextRun(
            Rect(room.x, room.y, room.w, 12.0 * LINE_HEIGHT),
            ("Contents",),
            12.0,
            "cover-label",
            bold=True,
        )
    ]
    top = room.y + 12.0 * LINE_HEIGHT + 4.0
    line = BODY * LINE_HEIGHT + 3.0
    per_column = max(1, int((room.bottom - top) // line))
    columns = max(1, -(-len(contents) // per_column))
    gap = 24.0
    # A column no wider than a reader's eye travels to find the page number.
    col_w = min(CONTENTS_WIDTH, (room.w - (columns - 1) * gap) / columns)
    for i, (entry, page, level) in enumerate(contents):
        col, row = divmod(i, per_column)
        x, y = room.x + col * (col_w + gap), top + row * line
        indent = 14.0 * level
        items.append(
            TextRun(Rect(x + col_w - 24.0, y, 24.0, line), (str(page),), BODY, "contents-page")
        )
        got = fit(entry, col_w - 30.0 - indent, line, BODY, 6.0, max_lines=1)
        items.append(
            TextRun(
                Rect(x + indent, y, col_w - 30.0 - indent, line),
                got.lines,
                got.size,
                "contents-entry",
                bold=level == 0,
                truncated=got.truncated,
            )
        )
    return items


def health_pictures(
    findings: Sequence[Finding], *, paper: Paper, stamp: str, title: str
) -> list[Picture]:
    """The findings of `okrdesk check`, worst first, flowed over as many pages as needed."""
    p = paper.printable
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(findings, key=lambda f: order[f.severity])
    counts = {s: sum(1 for f in findings if f.severity == s) for s in order}
    summary = (
        "No findings: the strategy passes every health check."
        if not findings
        else " · ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    )
    tag_w = 62.0
    pages: list[Picture] = []
    items: list[Primitive] = []
    y = 0.0

    def start(first: bool) -> None:
        nonlocal items, y
        items = _page(paper)
        heading = "Health summary" if first else "Health summary (continued)"
        items.append(
            TextRun(
                Rect(p.x, p.y, p.w, 18.0 * LINE_HEIGHT), (heading,), 18.0, "health-title", bold=True
            )
        )
        y = p.y + 18.0 * LINE_HEIGHT + 4.0
        if first:
            got = fit(f"{title}: {summary}", p.w, 2 * BODY * LINE_HEIGHT, BODY, 7.0)
            items.append(
                TextRun(
                    Rect(p.x, y, p.w, got.height),
                    got.lines,
                    got.size,
                    "health-summary",
                    truncated=got.truncated,
                )
            )
            y += got.height + 6.0
        items.append(Line(p.x, y, p.right, y, "rule", RULE, 0.6))
        y += 6.0

    def finish() -> None:
        items.extend(_footer(paper, stamp))
        pages.append(
            Picture(
                paper.width,
                paper.height,
                tuple(items),
                title="Health summary",
                meta={"kind": "health"},
            )
        )

    start(True)
    bottom = p.bottom - 18.0
    for finding in ranked:
        lines = wrap(finding.message, p.w - tag_w, BODY) or [""]
        height = len(lines) * BODY * LINE_HEIGHT
        if y + height > bottom and len(items) > 4:
            finish()
            start(False)
        lines = lines[: max(1, int((bottom - y) // (BODY * LINE_HEIGHT)))]
        height = len(lines) * BODY * LINE_HEIGHT
        color = SEVERITY_COLOR[finding.severity]
        items.append(
            TextRun(
                Rect(p.x, y, tag_w - 6.0, BODY * LINE_HEIGHT),
                (finding.severity.value,),
                BODY,
                "health-severity",
                bold=True,
                color=color,
            )
        )
        items.append(
            TextRun(
                Rect(p.x + tag_w, y, p.w - tag_w, height),
                tuple(lines),
                BODY,
                "health-finding",
                finding.element_ids,
            )
        )
        y += height + 4.0
    finish()
    return pages
