"""The X-Matrix as a Markdown summary, readable on GitHub and in wikis.

A heading with the strategy's title, the True North, then each TASTE section as a numbered
list (item 1 first, the numbers the matrix shows), the correlations of each corner as a list
("Tactic 1 “Pilot” → Strategy 2 “Focus”: strong") in Karl Scotland's order of filling in,
and the owners of the tactics when anyone owns one.

User text is escaped so that it shows as typed: backslash escapes for the characters Markdown
(CommonMark, GitHub's extensions and its $math$) reads as markup, `<>&` included, so "<b>" is
not bold and "&amp;" not "&"; a line break inside a title becomes a hard line break within its
list item. The same strategy always gives the same text.
"""

from __future__ import annotations

import re

from okrdesk.export.map_graph import clean_text
from okrdesk.models.kinds import SECTION_TITLES, SINGULAR_TITLES, ElementKind, Role
from okrdesk.models.snapshot import ElementData, Snapshot

# Corners as the X-Matrix pairs them, from the side that serves to the side served.
CORNERS: tuple[tuple[ElementKind, ElementKind], ...] = (
    (ElementKind.STRATEGY, ElementKind.ASPIRATION),
    (ElementKind.EVIDENCE, ElementKind.ASPIRATION),
    (ElementKind.TACTIC, ElementKind.STRATEGY),
    (ElementKind.TACTIC, ElementKind.EVIDENCE),
)
ARMS = (ElementKind.ASPIRATION, ElementKind.STRATEGY, ElementKind.EVIDENCE, ElementKind.TACTIC)
ROLE_ORDER = (Role.LEAD, Role.SUPPORT, Role.CONSULTED)
NONE_YET = "*None yet.*"
# Markup anywhere in a line: emphasis, code, links, HTML and entities, tables, strikethrough,
# math, and the backslash itself.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~$])")
# Markup at the start of a line only: headings, quotes, list items, rules, setext underlines.
_LINE_START = re.compile(r"^(#|>|[+\-=]|\d+(?=[.)]))")
_SHORTCODE = re.compile(r":(?=[A-Za-z0-9_+\-]+:)")  # ":smile:" would become an emoji


def escape_line(line: str) -> str:
    """One line of user text, escaped to show literally (leading and trailing spaces go:
    four of them would start a code block)."""
    text = _INLINE.sub(r"\\\1", line.strip())
    text = _SHORTCODE.sub(r"\\:", text)
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(1)[0].isdigit():  # "2027. A year": escape the "." or ")" after the number
        end = match.end()
        return f"{text[:end]}\\{text[end:]}"
    return f"\\{text}"


def escape(text: str, indent: int = 0) -> str:
    """User text escaped to show literally; its line breaks become hard line breaks, the
    following lines indented by `indent` to stay in their list item."""
    lines = [escape_line(line) for line in clean_text(text).split("\n")]
    lines = [line for line in lines if line] or [""]
    return f"\\\n{' ' * indent}".join(lines)


def _item(marker: str, text: str) -> str:
    return f"{marker} {escape(text, len(marker) + 1)}"


def _named(element: ElementData, number: int) -> str:
    title = " ".join(element.title.split()) or "(untitled)"
    return f"{SINGULAR_TITLES[element.kind]} {number} “{title}”"


def _section(snapshot: Snapshot, kind: ElementKind) -> list[str]:
    items = snapshot.of_kind(kind)
    lines = [f"## {SECTION_TITLES[kind]}", ""]
    if not items:
        return [*lines, NONE_YET, ""]
    lines += [_item(f"{n}.", e.title or "(untitled)") for n, e in enumerate(items, start=1)]
    return [*lines, ""]


def _correlations(snapshot: Snapshot) -> list[str]:
    numbers = {e.id: (n, e) for kind in ARMS for n, e in enumerate(snapshot.of_kind(kind), start=1)}
    lines = ["## Correlations", ""]
    for serving, served in CORNERS:
        found: dict[tuple[str, str], str] = {}
        for link in snapshot.correlations():
            ends = [numbers.get(link.source), numbers.get(link.target)]
            if ends[0] is None or ends[1] is None:
                continue
            by_kind = {e.kind: e.id for _n, e in (ends[0], ends[1])}
            if set(by_kind) != {serving, served}:
                continue
            key = (by_kind[serving], by_kind[served])
            strength = link.strength.value if link.strength else "weak"
            found.setdefault(key, strength)  # a second link for one pair: the first counts
        lines += [f"### {SECTION_TITLES[serving]} × {SECTION_TITLES[served]}", ""]
        ordered = sorted(found.items(), key=lambda i: (numbers[i[0][0]][0], numbers[i[0][1]][0]))
        lines += [
            _item(
                "-",
                f"{_named(numbers[a][1], numbers[a][0])} → "
                f"{_named(numbers[b][1], numbers[b][0])}: {strength}",
            )
            for (a, b), strength in ordered
        ] or [NONE_YET]
        lines.append("")
    return lines


def _owners(snapshot: Snapshot) -> list[str]:
    tactics = snapshot.of_kind(ElementKind.TACTIC)
    parties = {p.id: p for p in snapshot.parties}
    lines: list[str] = []
    for number, tactic in enumerate(tactics, start=1):
        owned = [o for o in snapshot.ownerships if o.element == tactic.id and o.party in parties]
        owned.sort(key=lambda o: (ROLE_ORDER.index(o.role), parties[o.party].position, o.party))
        if owned:
            who = ", ".join(f"{parties[o.party].name} ({o.role.value})" for o in owned)
            lines.append(_item("-", f"{_named(tactic, number)}: {who}"))
    return ["## Owners", "", *lines, ""] if lines else []


def xmatrix_markdown(snapshot: Snapshot) -> str:
    """The X-Matrix summary of `snapshot` as Markdown (see the module docstring)."""
    title = " ".join(clean_text(snapshot.title).split()) or "Untitled strategy"
    true_north = snapshot.true_north()
    lines = [f"# {escape(title)}: X-Matrix", "", "## True North", ""]
    lines += [escape(true_north.title) if true_north and true_north.title else NONE_YET, ""]
    for kind in ARMS:
        lines += _section(snapshot, kind)
    lines += _correlations(snapshot)
    lines += _owners(snapshot)
    return "\n".join(lines).rstrip("\n") + "\n"
