"""The text exports: option maps as Graphviz DOT and Mermaid, the X-Matrix as Markdown, and
`okrdesk export` to .dot, .gv, .mmd and .md. Odd titles (quotes, backslashes, line breaks,
markup, entity codes, emoji, right-to-left text, control characters) must come out as typed."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrdesk.assets import sample_json
from okrdesk.export.dot import dot_text
from okrdesk.export.map_graph import clean_text
from okrdesk.export.markdown import xmatrix_markdown
from okrdesk.export.mermaid import mermaid_text
from okrdesk.models.interchange import parse_json, write_strategy
from okrdesk.models.kinds import ElementKind, MapKind, Role, Strength
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from tests.test_cli import folder_state, one_error_line, run

DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz dot is not installed")

ODD = (
    'Say "hi" \\ back\\',
    "two\nlines",
    "<b>bold</b> & &amp; #quot; #35; &#60;",
    "launch 🚀✨ now",
    "שלום עולם: צמיחה",
    "lifestyle:#1; done",
    "`code` | pipe *star* _under_ [link](x) $x$ :smile: ~~gone~~",
    "# not a heading",
    "2027. the year",
    "- not a list",
    "ctrl\x00\x07 chars\r\nend",
)


def normal(text: str) -> str:
    """Text as a reader sees it: odd characters dropped, any whitespace run one space."""
    return " ".join(clean_text(text).split())


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Snapshot]:
    path = tmp_path / "sample.okrdesk"
    write_strategy(path, parse_json(sample_json()))
    file = StrategyFile.open(path)
    yield Strategy(file).snapshot()
    file.close()


def odd_strategy(path: Path) -> Strategy:
    """Every kind of element with odd titles; two Option Relationship Maps and a Plan on a
    Page whose outcomes, relations, user-defined kinds and column labels are odd too."""
    s = Strategy(StrategyFile.create(path, title='Odd "strategy" <i>x</i>'))
    s.add_element(ElementKind.TRUE_NORTH, 'True <north> & "more"\nsecond line')
    arms = {
        kind: [s.add_element(kind, f"{kind.value} {t}").id for t in ODD[:3]]
        for kind in (ElementKind.ASPIRATION, ElementKind.STRATEGY, ElementKind.EVIDENCE)
    }
    arms[ElementKind.TACTIC] = [s.add_element(ElementKind.TACTIC, t).id for t in ODD]
    s.set_correlation(arms[ElementKind.TACTIC][0], arms[ElementKind.STRATEGY][1], Strength.STRONG)
    s.set_correlation(arms[ElementKind.TACTIC][2], arms[ElementKind.EVIDENCE][0], Strength.WEAK)
    s.set_correlation(arms[ElementKind.STRATEGY][0], arms[ElementKind.ASPIRATION][2], Strength.WEAK)
    s.set_correlation(
        arms[ElementKind.EVIDENCE][1], arms[ElementKind.ASPIRATION][0], Strength.STRONG
    )
    party = s.add_party("Team <A> & *B*")
    s.set_ownership(party.id, arms[ElementKind.TACTIC][1], Role.LEAD)
    outcomes = [s.add_element(ElementKind.OUTCOME, t).id for t in ODD]
    orm = s.add_map(MapKind.OPTION_RELATIONSHIP, 'Map "one" \\ <1>')
    other = s.add_map(MapKind.OPTION_RELATIONSHIP, "Map two")
    plan = s.add_map(
        MapKind.PLAN_ON_A_PAGE,
        "Plan",
        settings={"column_labels": ['Now "soon"', "Next <b>", "Later \\ 🚀"]},
    )
    for n, outcome in enumerate(outcomes):
        s.place(orm.id, outcome, 100.0 + 80 * n, 100.0 + 50 * (n % 5))
        s.place(plan.id, outcome, 10.0, float(n), horizon=n % 3)
    s.place(other.id, outcomes[0], 300.0, 300.0)
    s.place(other.id, outcomes[1], 500.0, 300.0)
    depends = s.add_link_kind('depends "on" <x> & \\', dash="3 3", color="#1f77b4")
    touches = s.add_link_kind("touches", dash="8 2 2 2", color="#2ca02c", directed=False)
    s.add_relation(outcomes[0], outcomes[1], "needs")
    s.add_relation(outcomes[1], outcomes[2], "enables")
    s.add_relation(outcomes[2], outcomes[3], "conflicts")
    s.add_relation(outcomes[3], outcomes[4], depends.kind)
    s.add_relation(outcomes[4], outcomes[5], touches.kind)
    s.add_relation(outcomes[6], outcomes[0], "needs")
    s.add_relation(outcomes[7], outcomes[8], "follows")  # provenance: not drawn on maps
    return s


@pytest.fixture
def odd(tmp_path: Path) -> Iterator[Strategy]:
    strategy = odd_strategy(tmp_path / "odd.okrdesk")
    yield strategy
    strategy.file.close()


def outcome_titles(snapshot: Snapshot, map_id: str) -> dict[str, str]:
    placed = snapshot.placements_on(map_id)
    return {e.id: e.title for e in snapshot.of_kind(ElementKind.OUTCOME) if e.id in placed}


def drawn_relations(snapshot: Snapshot, map_id: str) -> set[tuple[str, str, str]]:
    """(source title, target title, kind) of the relations the map shows."""
    titles = outcome_titles(snapshot, map_id)
    return {
        (normal(titles[k.source]), normal(titles[k.target]), k.kind)
        for k in snapshot.relations()
        if k.kind not in ("follows", "flipped_from") and k.source in titles and k.target in titles
    }


# -- Graphviz DOT ------------------------------------------------------------------------------


def graphviz(text: str, fmt: str) -> str:
    assert DOT is not None
    done = subprocess.run(
        [DOT, f"-T{fmt}"], input=text.encode(), capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0 and not done.stderr, done.stderr.decode()
    return done.stdout.decode()


def dot_label(quoted: str) -> str:
    """A label as Graphviz's plain or JSON output writes it: backslash escapes undone."""
    text = quoted[1:-1] if quoted.startswith('"') else quoted
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def json_label(quoted: str) -> str:
    """A label as `dot -Tjson` writes it: as in the source, entities not yet decoded."""
    return html.unescape(dot_label(quoted))


def plain_nodes(text: str) -> dict[str, str]:
    """{node name: label} from `dot -Tplain`."""
    found = {}
    for line in graphviz(text, "plain").splitlines():
        match = re.match(r'node (\S+) (?:\S+ ){4}("(?:[^"\\]|\\.)*"|\S+) ', line)
        if match:
            found[match.group(1)] = dot_label(match.group(2))
    return found


def graph_json(text: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(graphviz(text, "json"))
    return loaded


@needs_dot
def test_dot_of_the_sample_map_parses_and_labels_every_card_with_its_title(
    sample: Snapshot,
) -> None:
    text = dot_text(sample, "orm")
    labels = plain_nodes(text)
    map_id = sample.maps[0].id
    assert sorted(normal(v) for v in labels.values()) == sorted(
        normal(t) for t in outcome_titles(sample, map_id).values()
    )
    assert dot_text(sample, "orm") == text  # the same strategy gives the same text


@needs_dot
def test_dot_edges_point_from_source_to_target_in_a_style_per_kind(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    orm = snapshot.maps[0]
    text = dot_text(snapshot, f"orm:{orm.id}")
    data = graph_json(text)
    objects = data["objects"]
    assert isinstance(objects, list)
    names = [normal(json_label(o["label"])) for o in objects]
    edges = data["edges"]
    assert isinstance(edges, list)
    drawn = {(names[e["tail"]], names[e["head"]], json_label(e["label"])) for e in edges}
    kinds = {"needs": "needs", "enables": "enables", "conflicts": "conflicts with"}
    for k in snapshot.link_kinds:
        kinds[k.kind] = k.label
    expected = {(s, t, kinds[k]) for s, t, k in drawn_relations(snapshot, orm.id)}
    assert drawn == expected and len(drawn) == 6  # "follows" is not drawn on maps
    styles = {json_label(e["label"]): (e.get("style"), e.get("color"), e.get("dir")) for e in edges}
    assert styles["needs"] == ("solid", "#222222", None)
    assert styles["enables"] == ("dashed", "#1f5fa8", None)
    assert styles["conflicts with"] == ("dotted", "#b3261e", "none")
    assert styles['depends "on" <x> & \\'] == ("dashed", "#1f77b4", None)
    assert styles["touches"] == ("dashed", "#2ca02c", "none")  # the user made it undirected


@needs_dot
def test_odd_titles_come_out_of_graphviz_as_typed(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    text = dot_text(snapshot, f"orm:{snapshot.maps[0].id}")
    labels = sorted(normal(v) for v in plain_nodes(text).values())
    assert labels == sorted(normal(t) for t in ODD)
    assert "\x00" not in text and "\x07" not in text
    # What Graphviz draws: SVG text is the title, with "&amp;" shown as typed, never as "&".
    svg = html.unescape(" ".join(re.findall(r">([^<>]*)</text>", graphviz(text, "svg"))))
    assert "&amp; #quot; #35; &#60;" in svg
    assert 'Odd "strategy" <i>x</i> · Map "one" \\ <1>' in svg
    assert all(line in svg for line in ('Say "hi" \\ back\\', "launch 🚀✨ now", "שלום עולם"))


@needs_dot
def test_several_maps_make_one_digraph_with_a_cluster_per_map(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    data = graph_json(dot_text(snapshot, "orm"))
    objects = data["objects"]
    assert isinstance(objects, list)
    clusters = {json_label(o["label"]): o["nodes"] for o in objects if "nodes" in o}
    assert sorted(clusters) == ['Map "one" \\ <1>', "Map two"]
    assert len(clusters['Map "one" \\ <1>']) == len(ODD) and len(clusters["Map two"]) == 2
    names = {o["name"] for o in objects}
    assert len(names) == len(objects)  # an outcome on both maps is a node in each cluster


@needs_dot
def test_a_plan_on_a_page_has_a_cluster_per_column_stacked_in_order(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    plan = snapshot.maps[2]
    data = graph_json(dot_text(snapshot, f"plan:{plan.id}"))
    objects = data["objects"]
    assert isinstance(objects, list)
    columns = [o for o in objects if "nodes" in o]
    assert [json_label(o["label"]) for o in columns] == ['Now "soon"', "Next <b>", "Later \\ 🚀"]
    placed = snapshot.placements_on(plan.id)
    titles = {e.id: normal(e.title) for e in snapshot.of_kind(ElementKind.OUTCOME)}
    for horizon, column in enumerate(columns):
        shown = [normal(json_label(objects[i]["label"])) for i in column["nodes"]]
        ids = sorted((p for p in placed.values() if p.horizon == horizon), key=lambda p: p.y)
        assert shown == [titles[p.element_id] for p in ids]


def test_node_ids_are_safe_and_stay_the_same_when_the_map_grows(odd: Strategy) -> None:
    before = dot_text(odd.snapshot(), "plan")
    keys = set(re.findall(r"^\s*(\w+) \[label=", before, re.MULTILINE))
    assert keys and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) for k in keys)
    new = odd.add_element(ElementKind.OUTCOME, "Another")
    odd.place(odd.snapshot().maps[2].id, new.id, 0.0, 0.0, horizon=1)
    after = dot_text(odd.snapshot(), "plan")
    assert keys < set(re.findall(r"^\s*(\w+) \[label=", after, re.MULTILINE))


# -- Mermaid ---------------------------------------------------------------------------------

_NODE = re.compile(r'^\s*(\w+)\["([^"]*)"\]$')
_EDGE = re.compile(r'^\s*(\w+) (-->|-\.->|---|-\.-)\|"([^"]*)"\| (\w+)$')
_SUBGRAPH = re.compile(r'^\s*subgraph (\w+)\["([^"]*)"\]$')


def mermaid_label(text: str) -> str:
    """What Mermaid shows for a label: entity codes decoded, <br> a line break."""
    text = text.replace("<br>", "\n").replace("#quot;", '"')
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def test_mermaid_has_every_card_and_edge_with_escaped_labels(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    orm = snapshot.maps[0]
    text = mermaid_text(snapshot, f"orm:{orm.id}")
    lines = text.splitlines()
    assert lines[1] == "flowchart TB"
    nodes = {m.group(1): m.group(2) for m in map(_NODE.match, lines) if m}
    assert sorted(normal(mermaid_label(v)) for v in nodes.values()) == sorted(map(normal, ODD))
    for raw in nodes.values():
        assert not set(raw) & set('"<>&`|') - set("<br>"), raw  # markup only as codes
        assert "<" not in raw.replace("<br>", "")
    titles = {k: normal(mermaid_label(v)) for k, v in nodes.items()}
    edges = [m.groups() for m in map(_EDGE.match, lines) if m]
    shown = {(titles[a], titles[b], mermaid_label(label)) for a, _arrow, label, b in edges}
    labels = {"needs": "needs", "enables": "enables", "conflicts": "conflicts with"}
    labels |= {k.kind: k.label for k in snapshot.link_kinds}
    assert shown == {(s, t, labels[k]) for s, t, k in drawn_relations(snapshot, orm.id)}
    arrows = {mermaid_label(label): arrow for _a, arrow, label, _b in edges}
    assert arrows == {
        "needs": "-->",
        "enables": "-.->",
        "conflicts with": "-.-",
        'depends "on" <x> & \\': "-.->",
        "touches": "-.-",
    }
    styled = [
        int(n)
        for line in lines
        if line.strip().startswith("linkStyle")
        for n in line.split()[1].split(",")
    ]
    assert sorted(styled) == list(range(len(edges)))  # every link styled, once
    subgraphs = [m.group(2) for m in map(_SUBGRAPH.match, lines) if m]
    assert [mermaid_label(s) for s in subgraphs] == ['Odd "strategy" <i>x</i> · Map "one" \\ <1>']
    assert sum(line.strip() == "end" for line in lines) == len(subgraphs)


def test_mermaid_lines_never_trip_its_entity_preprocessing(odd: Strategy) -> None:
    """Mermaid drops the last ";" of a line saying "style" or "classDef" with ":…#" before
    it; a label there must keep every entity code whole."""
    text = mermaid_text(odd.snapshot(), "plan")
    for line in text.splitlines():
        assert not re.search(r"style.*:\S*#.*;", line), line
        assert not re.search(r"classDef.*:\S*#.*;", line), line
    assert "lifestyle#58;#35;1; done" in text


def test_mermaid_plan_and_several_maps_nest_subgraphs(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    plan = mermaid_text(snapshot, "plan").splitlines()
    titles = [mermaid_label(m.group(2)) for m in map(_SUBGRAPH.match, plan) if m]
    assert titles == ['Odd "strategy" <i>x</i> · Plan', 'Now "soon"', "Next <b>", "Later \\ 🚀"]
    both = mermaid_text(snapshot, "orm").splitlines()
    maps = [mermaid_label(m.group(2)) for m in map(_SUBGRAPH.match, both) if m]
    assert maps == [
        'Odd "strategy" <i>x</i> · Map "one" \\ <1>',
        'Odd "strategy" <i>x</i> · Map two',
    ]
    assert len({m.group(1) for m in map(_NODE.match, both) if m}) == len(ODD) + 2


# -- Markdown --------------------------------------------------------------------------------


def rendered(markdown: str) -> str:
    import markdown_it  # a test dependency (pyproject [test])

    html_out: str = (
        markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    )
    return html_out


def test_markdown_lists_every_section_and_correlation_of_the_sample(sample: Snapshot) -> None:
    text = xmatrix_markdown(sample)
    assert text.startswith("# Acme Software — Strategy 2027: X-Matrix\n")
    taste = [
        e for e in sample.elements if e.kind not in (ElementKind.OUTCOME, ElementKind.OBSTACLE)
    ]
    assert len(taste) == 20
    for element in taste:
        assert element.title in text, element.title
    correlated = [line for line in text.splitlines() if " → " in line]
    assert len(correlated) == len(sample.correlations())
    assert (
        "- Tactic 1 “Trunk-based development pilot” → Strategy 1 “Work in small batches”: "
        "strong" in text
    )
    assert "## Owners" in text and "(lead)" in text
    assert xmatrix_markdown(sample) == text


def test_markdown_shows_odd_titles_literally(odd: Strategy) -> None:
    snapshot = odd.snapshot()
    page = rendered(xmatrix_markdown(snapshot))
    for tag in ("<b>", "<i>", "<em>", "<strong>", "<code>", "<a ", "<del>", "<ul>\n<li>not"):
        assert tag not in page, tag
    assert page.count("<h1>") == 1 and page.count("<h2>") == 7 and "<ol>" in page
    shown = normal(html.unescape(re.sub(r"<[^>]+>", " ", page)))  # the words a reader sees
    for element in snapshot.elements:
        if element.kind == ElementKind.OUTCOME:
            continue
        for line in clean_text(element.title).split("\n"):
            assert normal(line) in shown, line
    assert "Team &lt;A&gt; &amp; *B* (lead)" in page
    items = page.count("<li>")
    arms = sum(
        len(snapshot.of_kind(k))
        for k in (
            ElementKind.ASPIRATION,
            ElementKind.STRATEGY,
            ElementKind.EVIDENCE,
            ElementKind.TACTIC,
        )
    )
    assert items == arms + len(snapshot.correlations()) + 1  # no title broke out of its item


def test_markdown_correlations_are_listed_per_corner(odd: Strategy) -> None:
    text = xmatrix_markdown(odd.snapshot())
    section = text.split("## Correlations")[1].split("## Owners")[0]
    corners = re.split(r"^### ", section, flags=re.MULTILINE)[1:]
    listed = {c.splitlines()[0]: [x for x in c.splitlines() if x.startswith("- ")] for c in corners}
    assert list(listed) == [
        "Strategies × Aspirations",
        "Evidence × Aspirations",
        "Tactics × Strategies",
        "Tactics × Evidence",
    ]
    assert all(len(items) == 1 for items in listed.values())
    assert listed["Tactics × Strategies"][0].endswith(": strong")
    assert listed["Tactics × Strategies"][0].startswith('- Tactic 1 “Say "hi" \\\\ back\\\\”')


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    folder.mkdir()
    path = folder / "sample.okrdesk"
    write_strategy(path, parse_json(sample_json()))
    return path


@pytest.mark.parametrize(
    ("name", "view", "start"),
    [
        ("map.dot", None, "// okrdesk: Option Relationship Map"),
        ("map.gv", "plan", "// okrdesk: Plan on a Page"),
        ("map.mmd", "orm:m-options", "%% okrdesk: Option Relationship Map\nflowchart TB"),
        ("matrix.md", None, "# Acme Software — Strategy 2027: X-Matrix"),
    ],
)
def test_each_text_suffix_exports_through_the_command_line(
    capsys: pytest.CaptureFixture[str], sample_file: Path, name: str, view: str | None, start: str
) -> None:
    out = sample_file.parent / name
    code, said, err = run(capsys, "export", sample_file, out, *(["--view", view] if view else []))
    assert (code, err) == (0, "")
    assert said.startswith(f"wrote {out}")
    assert out.read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize(
    ("name", "view", "message"),
    [
        ("map.dot", "a3", "--view a3: a map export shows a map"),
        ("map.mmd", "orm:nope", "no Option Relationship Map with id 'nope'"),
        ("map.gv", "approach", "this strategy has no Option Approach Map"),
        ("matrix.md", "orm", "--view orm: .md is the X-Matrix summary"),
    ],
)
def test_a_bad_view_is_refused_in_one_line_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], sample_file: Path, name: str, view: str, message: str
) -> None:
    before = folder_state(sample_file.parent)
    code, _out, err = run(capsys, "export", sample_file, sample_file.parent / name, "--view", view)
    assert code == 2
    assert message in one_error_line(err)
    assert folder_state(sample_file.parent) == before
