"""JSON interchange: export, check-everything import, atomic strategy file creation.

What a user relies on: an exported strategy re-imports into a file that exports to the very
same bytes; a bad JSON file is refused with every problem named by its JSON path and never
leaves a strategy file behind; the shipped JSON Schema agrees with what okrdesk accepts.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrdesk.models.errors import ImportProblem, OkrdeskError, StrategyFileError
from okrdesk.models.interchange import (
    MAX_INPUT_BYTES,
    StrategyDocument,
    export_json,
    json_schema,
    parse_json,
    read_file_json,
    read_template_file,
    template_json,
    write_strategy,
)
from okrdesk.models.kinds import ElementKind, LinkKind, MapKind, PartyKind, Role, Strength
from okrdesk.models.okr_data import (
    CheckInData,
    Direction,
    Indicator,
    KeyResultData,
    ObjectiveData,
    ObjectiveKind,
)
from okrdesk.models.sheet_data import SheetData, SheetSectionSpec, SheetTemplateData
from okrdesk.models.sheet_templates import builtin_template
from okrdesk.models.snapshot import ElementData, LinkData
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

K = ElementKind
SCHEMA_FILE = Path(__file__).parent.parent / "okrdesk" / "models" / "strategy.schema.json"

# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def reexport(path: Path) -> str:
    """Open a strategy file the way the app does and export it."""
    opened = StrategyFile.open(path)
    try:
        return export_json(Strategy(opened).snapshot())
    finally:
        opened.close()


def through_file(text: str, folder: Path, name: str = "copy.okrdesk") -> str:
    target = folder / name
    write_strategy(target, parse_json(text))
    return reexport(target)


def problems_of(data: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(ImportProblem) as caught:
        parse_json(data)
    assert "\n" not in str(caught.value)  # one clear line for a status bar or stderr
    return caught.value.problems


def fill_rich(strategy: Strategy) -> None:
    """A strategy with every kind, notes, statuses, all four corners, people and teams."""
    st_ = strategy
    st_.set_title("Acme 2027 — “Instant” <delivery> & more")
    tn = st_.add_element(K.TRUE_NORTH, "Instantaneous development and deployment", "Why\nwe exist")
    a1 = st_.add_element(K.ASPIRATION, "More releases", "from 4 to 40 a year")
    a2 = st_.add_element(K.ASPIRATION, "Fewer defects")
    a3 = st_.add_element(K.ASPIRATION, "Less waste", position=0)  # reordered: position 0
    s1 = st_.add_element(K.STRATEGY, "Automate the pipeline")
    s2 = st_.add_element(K.STRATEGY, "Build quality in")
    e1 = st_.add_element(K.EVIDENCE, "Lead time under a day", status="measuring")
    e2 = st_.add_element(K.EVIDENCE, "Escaped defects halved")
    t1 = st_.add_element(K.TACTIC, "Trunk-based development", status="Validate adoption")
    t2 = st_.add_element(K.TACTIC, "Pair on every change")
    st_.move_element(t2.id, 0)
    for a, b, strength in [
        (s1, a1, Strength.STRONG), (a2, s2, Strength.MEDIUM), (e1, a1, Strength.STRONG),
        (e2, a2, Strength.WEAK), (a3, e1, Strength.WEAK), (t1, s1, Strength.STRONG),
        (s2, t2, Strength.MEDIUM), (t1, e1, Strength.MEDIUM), (e2, t2, Strength.STRONG),
    ]:
        st_.set_correlation(a.id, b.id, strength)
    ada = st_.add_party("Ada Lovelace")
    ops = st_.add_party("Platform team", PartyKind.TEAM)
    bob = st_.add_party("Bob")
    st_.set_ownership(ada.id, tn.id, Role.LEAD)
    st_.set_ownership(ops.id, s1.id, Role.LEAD)
    st_.set_ownership(ada.id, s1.id, Role.CONSULTED)
    st_.set_ownership(bob.id, t1.id, Role.SUPPORT)


@pytest.fixture
def rich_json(strategy: Strategy) -> str:
    fill_rich(strategy)
    return export_json(strategy.snapshot())


def base() -> dict[str, Any]:
    """A small valid document; each error case below breaks exactly one thing in it."""
    return {
        "format": "okrdesk", "version": 1, "title": "Acme 2027",
        "elements": [
            {"id": "tn", "kind": "true_north", "title": "Delight"},
            {"id": "a1", "kind": "aspiration", "title": "More releases"},
            {"id": "s1", "kind": "strategy", "title": "Automate"},
            {"id": "e1", "kind": "evidence", "title": "Lead time"},
            {"id": "t1", "kind": "tactic", "title": "Trunk-based development"},
        ],
        "links": [{"source": "s1", "target": "a1", "kind": "correlation", "strength": "strong"}],
        "people": [{"id": "p1", "name": "Ada"}],
        "ownership": [{"person": "p1", "element": "s1", "role": "lead"}],
    }


# -- export format and round trip ------------------------------------------------------------


def test_export_of_a_small_strategy_is_exactly_this_text(tmp_path: Path) -> None:
    source = base()
    source["links"][0] |= {"id": "L1", "source": "a1", "target": "s1"}  # given "backwards"
    source["elements"][3]["status"] = "trial"
    source["elements"][4]["notes"] = "Ünïcödé\n“q”"
    expected = """{
  "format": "okrdesk",
  "version": 4,
  "title": "Acme 2027",
  "elements": [
    {"id": "tn", "kind": "true_north", "title": "Delight", "notes": ""},
    {"id": "a1", "kind": "aspiration", "title": "More releases", "notes": ""},
    {"id": "s1", "kind": "strategy", "title": "Automate", "notes": ""},
    {"id": "e1", "kind": "evidence", "title": "Lead time", "notes": "", "status": "trial"},
    {"id": "t1", "kind": "tactic", "title": "Trunk-based development", "notes": "Ünïcödé\\n“q”"}
  ],
  "link_kinds": [],
  "links": [
    {"id": "L1", "source": "s1", "target": "a1", "kind": "correlation", "strength": "strong"}
  ],
  "people": [
    {"id": "p1", "name": "Ada", "kind": "person"}
  ],
  "ownership": [
    {"person": "p1", "element": "s1", "role": "lead"}
  ],
  "maps": [],
  "sheet_templates": [],
  "sheets": [],
  "objectives": [],
  "key_results": [],
  "check_ins": []
}
"""
    text = export_json(parse_json(json.dumps(source)))
    # Same content as `expected`, laid out by json.dumps(indent=2) one key per line.
    assert text == json.dumps(json.loads(expected), ensure_ascii=False, indent=2) + "\n"
    assert "Ünïcödé" in text  # characters are written as themselves, not \u escapes
    assert through_file(text, tmp_path) == text


def test_export_import_export_through_a_real_file_is_byte_identical(
    rich_json: str, tmp_path: Path
) -> None:
    first = through_file(rich_json, tmp_path, "first.okrdesk")
    assert first.encode("utf-8") == rich_json.encode("utf-8")
    assert through_file(first, tmp_path, "second.okrdesk") == rich_json
    assert export_json(parse_json(rich_json)) == rich_json


def test_rich_export_keeps_sections_order_and_every_fact(rich_json: str) -> None:
    value = json.loads(rich_json)
    assert list(value) == ["format", "version", "title", "elements", "link_kinds", "links",
                           "people", "ownership", "maps", "sheet_templates", "sheets",
                           "objectives", "key_results", "check_ins"]
    kinds = [e["kind"] for e in value["elements"]]
    assert kinds == ["true_north"] + ["aspiration"] * 3 + ["strategy"] * 2 + ["evidence"] * 2 + [
        "tactic"] * 2  # TASTE order: Evidence before Tactics
    titles = [e["title"] for e in value["elements"]]
    assert titles[1:4] == ["Less waste", "More releases", "Fewer defects"]
    assert titles[8:] == ["Pair on every change", "Trunk-based development"]
    assert all("notes" in e for e in value["elements"])
    assert [e.get("status") for e in value["elements"] if "status" in e] == [
        "measuring", "Validate adoption"]
    assert len(value["links"]) == 9
    keys = [(k["kind"], k["source"], k["target"]) for k in value["links"]]
    assert keys == sorted(keys)
    assert [(p["name"], p["kind"]) for p in value["people"]] == [
        ("Ada Lovelace", "person"), ("Platform team", "team"), ("Bob", "person")]
    assert len(value["ownership"]) == 4


def test_rich_export_is_valid_against_the_shipped_schema(
    rich_json: str, validator: jsonschema.Draft202012Validator
) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert json_schema() == json.loads(SCHEMA_FILE.read_text("utf-8"))
    validator.validate(json.loads(rich_json))


def test_empty_strategy_round_trips(strategy: Strategy, tmp_path: Path) -> None:
    text = export_json(strategy.snapshot())
    assert json.loads(text)["elements"] == []
    assert through_file(text, tmp_path) == text


def test_issue_example_shape_is_accepted(validator: jsonschema.Draft202012Validator) -> None:
    value = {"format": "okrdesk", "version": 1, "title": "Acme 2027",
             "elements": [{"id": "tn", "kind": "true_north", "title": "...", "notes": "..."},
                          {"id": "a1", "kind": "aspiration", "title": "..."},
                          {"id": "s1", "kind": "strategy", "title": "..."}],
             "links": [{"source": "s1", "target": "a1", "kind": "correlation",
                        "strength": "strong"}]}
    validator.validate(value)
    doc = parse_json(json.dumps(value))
    assert doc.elements[1].notes == ""  # notes default to empty
    assert doc.parties == () and doc.ownerships == ()
    uuid.UUID(doc.links[0].id)  # a link without an id gets a fresh UUID


def test_position_is_the_order_within_each_kind_whatever_the_interleaving() -> None:
    value = base()
    value["elements"] = [
        {"id": "a1", "kind": "aspiration", "title": "first"},
        {"id": "s1", "kind": "strategy", "title": "S"},
        {"id": "a2", "kind": "aspiration", "title": "second"},
        {"id": "tn", "kind": "true_north", "title": "TN"},
        {"id": "a3", "kind": "aspiration", "title": "third"},
    ]
    value["links"] = []
    doc = parse_json(json.dumps(value))
    assert [(e.id, e.position) for e in doc.elements if e.kind == K.ASPIRATION] == [
        ("a1", 0), ("a2", 1), ("a3", 2)]
    exported = [e["id"] for e in json.loads(export_json(doc))["elements"]]
    assert exported == ["tn", "a1", "a2", "a3", "s1"]


def test_unknown_keys_are_ignored_and_dropped_on_export(
    validator: jsonschema.Draft202012Validator,
) -> None:
    value = base()
    value["generator"] = {"name": "a spreadsheet macro", "deep": [[[1]]]}
    value["elements"][1]["colour"] = "red"
    value["links"][0]["comment"] = "from the workshop"
    validator.validate(value)
    text = export_json(parse_json(json.dumps(value)))
    assert "generator" not in text and "colour" not in text and "workshop" not in text


def test_byte_order_mark_and_float_version_are_accepted(
    validator: jsonschema.Draft202012Validator,
) -> None:
    value = base()
    assert parse_json(b"\xef\xbb\xbf" + json.dumps(value).encode()).title == "Acme 2027"
    text = json.dumps(value).replace('"version": 1', '"version": 1.0')
    validator.validate(json.loads(text))  # JSON numbers: 1.0 is 1, for the schema too
    assert parse_json(text).title == "Acme 2027"


# -- direction of correlations ----------------------------------------------------------------


def test_correlations_given_either_way_are_stored_from_the_later_arm(tmp_path: Path) -> None:
    value = base()
    value["elements"].append({"id": "a2", "kind": "aspiration", "title": "Fewer defects"})
    value["links"] = [
        {"source": "a1", "target": "s1", "kind": "correlation", "strength": "strong"},
        {"source": "a2", "target": "e1", "kind": "correlation", "strength": "weak"},
        {"source": "s1", "target": "t1", "kind": "correlation", "strength": "medium"},
        {"source": "e1", "target": "t1", "kind": "correlation", "strength": "strong"},
    ]
    doc = parse_json(json.dumps(value))
    assert {(k.source, k.target, k.strength) for k in doc.links} == {
        ("s1", "a1", Strength.STRONG), ("e1", "a2", Strength.WEAK),
        ("t1", "s1", Strength.MEDIUM), ("t1", "e1", Strength.STRONG)}
    target = tmp_path / "x.okrdesk"
    write_strategy(target, doc)
    opened = StrategyFile.open(target)
    try:  # the app edits the imported correlation in place: no second link appears
        model = Strategy(opened)
        assert model.set_correlation("a1", "s1", Strength.WEAK) == Strength.STRONG
        assert model.set_correlation("t1", "e1", None) == Strength.STRONG
        links = model.snapshot().links
        assert len(links) == 3
        assert ("s1", "a1", Strength.WEAK) in {(k.source, k.target, k.strength) for k in links}
    finally:
        opened.close()


def test_hand_built_document_is_normalised_when_written(tmp_path: Path) -> None:
    doc = StrategyDocument(
        "Hand made",
        elements=(ElementData("t", K.TACTIC, "T", position=7), ElementData("s", K.STRATEGY, "S")),
        links=(LinkData("L", "s", "t", "correlation", Strength.MEDIUM),),
    )
    target = tmp_path / "hand.okrdesk"
    write_strategy(target, doc)
    snap = Strategy(opened := StrategyFile.open(target)).snapshot()
    opened.close()
    assert [(k.source, k.target) for k in snap.links] == [("t", "s")]
    assert snap.element("t") == ElementData("t", K.TACTIC, "T", position=0)


# -- every kind of problem, with its JSON path ------------------------------------------------

Mutate = Callable[[dict[str, Any]], None]


def put(*path: Any, value: Any) -> Mutate:
    def apply(doc: dict[str, Any]) -> None:
        node: Any = doc
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return apply


def drop(*path: Any) -> Mutate:
    def apply(doc: dict[str, Any]) -> None:
        node: Any = doc
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]
    return apply


def append(key: str, item: dict[str, Any]) -> Mutate:
    return lambda doc: doc[key].append(item)


def link(source: str, target: str, **more: str) -> dict[str, str]:
    return {"source": source, "target": target, "kind": "correlation", "strength": "weak"} | more


# (mutation, JSON path, words of the message, does the JSON Schema alone reject it too?)
CASES: dict[str, tuple[Mutate, str, str, bool]] = {
    "format wrong": (put("format", value="excel"), "$.format", '"format": "okrdesk"', True),
    "format missing": (drop("format"), "$.format", "missing", True),
    "version missing": (drop("version"), "$.version", "missing", True),
    "version a string": (put("version", value="1"), "$.version", "must be an integer", True),
    "version newer": (put("version", value=5), "$.version", "written by a newer okrdesk", True),
    "version zero": (put("version", value=0), "$.version", "versions start at 1", True),
    "title a number": (put("title", value=5), "$.title", "must be a string, not a number", True),
    "elements missing": (drop("elements"), "$.elements", "missing", True),
    "elements an object": (put("elements", value={}), "$.elements", "must be an array", True),
    "element a string": (put("elements", 4, value="t1"), "$.elements[4]", "must be an object",
                         True),
    "id missing": (drop("elements", 4, "id"), "$.elements[4].id", "missing", True),
    "id empty": (put("elements", 4, "id", value=""), "$.elements[4].id", "must not be empty",
                 True),
    "id too long": (put("elements", 4, "id", value="x" * 65), "$.elements[4].id",
                    "65 characters long; at most 64", True),
    "id a number": (put("elements", 4, "id", value=7), "$.elements[4].id", "must be a string",
                    True),
    "kind unknown": (put("elements", 4, "kind", value="goal"), "$.elements[4].kind",
                     "unknown element kind 'goal'; expected one of: true_north, aspiration, "
                     "strategy, tactic, evidence", True),
    "obstacle in version 1": (put("elements", 4, "kind", value="obstacle"), "$.elements[4].kind",
                              "'obstacle' element kinds came with format version 2; this "
                              "document is version 1", True),
    "kind missing": (drop("elements", 4, "kind"), "$.elements[4].kind", "missing", True),
    "title null": (put("elements", 4, "title", value=None), "$.elements[4].title",
                   "must be a string, not null", True),
    "title missing": (drop("elements", 4, "title"), "$.elements[4].title", "missing", True),
    "notes a list": (put("elements", 4, "notes", value=["x"]), "$.elements[4].notes",
                     "must be a string, not an array", True),
    "status too long": (put("elements", 4, "status", value="s" * 33), "$.elements[4].status",
                        "at most 32", True),
    "status a boolean": (put("elements", 4, "status", value=True), "$.elements[4].status",
                         "must be a string, not a boolean", True),
    "duplicate element id": (put("elements", 4, "id", value="s1"), "$.elements[4].id",
                             "duplicate element id 's1' (first at $.elements[2].id)", False),
    "two true norths": (append("elements", {"id": "tn2", "kind": "true_north", "title": "x"}),
                        "$.elements[5].kind", "one True North (first at $.elements[0].kind)",
                        True),
    "lone surrogate": (put("elements", 4, "title", value="ok \ud800"), "$.elements[4].title",
                       "lone surrogate (\\ud800) at character 3", False),
    "links an object": (put("links", value={}), "$.links", "must be an array", True),
    "link source dangling": (put("links", 0, "source", value="nope"), "$.links[0].source",
                             "no element has the id 'nope'", False),
    "link target dangling": (put("links", 0, "target", value="gone"), "$.links[0].target",
                             "no element has the id 'gone'", False),
    "link source missing": (drop("links", 0, "source"), "$.links[0].source", "missing", True),
    "strength unknown": (put("links", 0, "strength", value="huge"), "$.links[0].strength",
                         "unknown strength 'huge'; expected one of: weak, medium, strong", True),
    "strength missing": (drop("links", 0, "strength"), "$.links[0].strength", "missing", True),
    "link kind unknown": (put("links", 0, "kind", value="sameas"), "$.links[0].kind",
                          "unknown link kind 'sameas'; expected one of: correlation", True),
    "needs in version 1": (put("links", 0, "kind", value="needs"), "$.links[0].kind",
                           "'needs' links came with format version 2", True),
    "custom kind in version 1": (put("links", 0, "kind", value="custom:x"), "$.links[0].kind",
                                 "'custom:x' links came with format version 2", True),
    "maps in version 1": (put("maps", value=[]), "$.maps", "maps came with format version 2",
                          True),
    "link kinds in version 1": (put("link_kinds", value=[]), "$.link_kinds",
                                "link kinds came with format version 2", True),
    "outside the corners": (put("links", 0, "target", value="e1"), "$.links[0]",
                            "a Strategy and an Evidence do not meet in an X-Matrix corner", False),
    "true north correlated": (append("links", link("tn", "a1")), "$.links[1]",
                              "a True North and an Aspiration do not meet", False),
    "with itself": (put("links", 0, "target", value="s1"), "$.links[0]", "not one with itself",
                    False),
    "same pair twice": (append("links", link("a1", "s1")), "$.links[1]",
                        "a second correlation between 's1' and 'a1' (first at $.links[0])",
                        False),
    "duplicate link id": (append("links", link("t1", "e1", id="L")), "$.links[1].id",
                          "duplicate link id 'L'", False),
    "people a string": (put("people", value="Ada"), "$.people", "must be an array", True),
    "person name missing": (drop("people", 0, "name"), "$.people[0].name", "missing", True),
    "person kind unknown": (put("people", 0, "kind", value="robot"), "$.people[0].kind",
                            "unknown kind 'robot'; expected one of: person, team", True),
    "duplicate person id": (append("people", {"id": "p1", "name": "Bob"}), "$.people[1].id",
                            "duplicate people id 'p1'", False),
    "owner unknown person": (put("ownership", 0, "person", value="zed"), "$.ownership[0].person",
                             "no person or team has the id 'zed'", False),
    "owner unknown element": (put("ownership", 0, "element", value="zz"),
                              "$.ownership[0].element", "no element has the id 'zz'", False),
    "role unknown": (put("ownership", 0, "role", value="boss"), "$.ownership[0].role",
                     "unknown role 'boss'; expected one of: lead, support, consulted", True),
    "role missing": (drop("ownership", 0, "role"), "$.ownership[0].role", "missing", True),
    "same owner twice": (append("ownership", {"person": "p1", "element": "s1", "role": "support"}),
                         "$.ownership[1]", "'p1' is given a role on 's1' twice", False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_is_reported_once_at_its_json_path(
    case: str, validator: jsonschema.Draft202012Validator
) -> None:
    mutate, path, words, schema_rejects = CASES[case]
    value = base()
    value["links"][0]["id"] = "L"
    mutate(value)
    problems = problems_of(json.dumps(value))  # ASCII escapes: a lone surrogate survives
    assert len(problems) == 1, problems
    assert problems[0][0] == path
    assert words in problems[0][1]
    # The schema catches shape problems; cross-references and Unicode need okrdesk itself.
    assert validator.is_valid(value) is not schema_rejects


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("", "not valid JSON: Expecting value (line 1, column 1)"),
        ('{"format": "okrdesk",\n "version": 1', "not valid JSON"),
        ("[]", "must be an object (an okrdesk strategy), not an array"),
        ("null", "must be an object"),
        ('{"format": "okrdesk", "version": 1, "elements": [], "x": NaN}', "NaN is not"),
        ('{"format": "okrdesk", "version": 1, "elements": [], "x": ' + "9" * 5000 + "}",
         "not valid JSON"),
        (b'{"title": "caf\xe9"}', "not UTF-8 text (bad byte at offset 14)"),
        ("[" * 100_000, "nested too deeply"),
        ('{"format": "okrdesk", "version": 1, "elements": [], "x": ' + "[" * 100_000
         + "]" * 100_000 + "}", "nested too deeply"),
    ],
    ids=["empty", "truncated", "array", "null", "nan", "huge number", "latin-1", "deep",
         "deep unknown key"],
)
def test_input_that_is_not_usable_json_is_one_problem_at_the_root(
    data: str | bytes, words: str
) -> None:
    assert problems_of(data) == [("$", problems_of(data)[0][1])]
    assert words in problems_of(data)[0][1]


def test_a_key_given_twice_is_a_problem() -> None:
    text = ('{"format": "okrdesk", "version": 1, "elements": '
            '[{"id": "a", "kind": "aspiration", "title": "x", "title": "y"}]}')
    assert problems_of(text) == [("$.elements[0].title", "given more than once in the same object")]


def test_every_problem_is_listed_in_document_order() -> None:
    value = base()
    value["title"] = None
    value["elements"][1]["kind"] = "goal"
    value["elements"][3]["id"] = "a1"
    value["links"][0]["strength"] = "max"
    value["ownership"][0]["person"] = "nobody"
    with pytest.raises(ImportProblem) as caught:
        parse_json(json.dumps(value))
    assert [p for p, _ in caught.value.problems] == [
        "$.title", "$.elements[1].kind", "$.elements[3].id", "$.links[0].strength",
        "$.ownership[0].person"]
    assert str(caught.value).startswith("$.title: must be a string, not null")
    assert str(caught.value).endswith("(and 4 more problems)")


def test_an_element_with_a_bad_kind_is_still_known_to_links() -> None:
    value = base()
    value["elements"][1]["kind"] = "goal"  # a1, referenced by the link
    assert [p for p, _ in problems_of(json.dumps(value))] == ["$.elements[1].kind"]


def test_a_newer_format_reports_only_that() -> None:
    value = base() | {"version": 5, "elements": [{"kind": "obstacle"}]}
    assert problems_of(json.dumps(value)) == [(
        "$.version", "written by a newer okrdesk (format version 5; this okrdesk reads "
        "versions 1 to 4); update okrdesk to import it")]


def test_oversized_input_is_refused_before_decoding(tmp_path: Path) -> None:
    assert "too large" in problems_of(b" " * (MAX_INPUT_BYTES + 1))[0][1]
    assert "too large" in problems_of("é" * (MAX_INPUT_BYTES // 2 + 1))[0][1]  # bytes, not chars
    big = tmp_path / "big.json"
    with big.open("wb") as fh:  # sparse: nothing is read
        fh.truncate(MAX_INPUT_BYTES + 1)
    with pytest.raises(ImportProblem, match="too large"):
        read_file_json(big)


# -- files: nothing half-made, nothing overwritten by accident ------------------------------


def test_a_bad_document_creates_no_file(tmp_path: Path) -> None:
    doc = StrategyDocument("Bad", elements=(ElementData("s", K.STRATEGY, "S"),),
                           links=(LinkData("L", "s", "ghost", "correlation", Strength.WEAK),))
    with pytest.raises(ImportProblem) as caught:
        write_strategy(tmp_path / "bad.okrdesk", doc)
    assert caught.value.problems == [("$.links[0].target", "no element has the id 'ghost'")]
    assert list(tmp_path.iterdir()) == []  # no file, no temporary or WAL leftovers


def test_existing_target_is_untouched_unless_overwrite(rich_json: str, tmp_path: Path) -> None:
    target = tmp_path / "target.okrdesk"
    write_strategy(target, parse_json(json.dumps(base())))
    before = folder_state(tmp_path)
    with pytest.raises(StrategyFileError, match="already exists"):
        write_strategy(target, parse_json(rich_json))
    bad = StrategyDocument("Bad", elements=(ElementData("x", K.TRUE_NORTH, "a"),
                                            ElementData("y", K.TRUE_NORTH, "b")))
    with pytest.raises(ImportProblem, match="one True North"):
        write_strategy(target, bad, overwrite=True)
    assert folder_state(tmp_path) == before
    write_strategy(target, parse_json(rich_json), overwrite=True)
    assert reexport(target) == rich_json


def test_read_file_json_reads_and_reports_file_errors_in_one_line(
    rich_json: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(rich_json, encoding="utf-8")
    assert export_json(read_file_json(good)) == rich_json
    cases = [(tmp_path / "missing.json", "missing.json: no such file"), (tmp_path, "is a folder")]
    if hasattr(os, "mkfifo"):  # a named pipe: reading it would block forever
        os.mkfifo(tmp_path / "pipe.json")
        cases.append((tmp_path / "pipe.json", "pipe.json: is not a regular file"))
    for path, words in cases:
        with pytest.raises(OkrdeskError) as caught:
            read_file_json(path)
        assert words in str(caught.value) and "\n" not in str(caught.value)


# -- text of every kind survives exactly ----------------------------------------------------

TRICKY = [
    "<b>bold</b> & <i>not markup</i> <script>alert(1)</script>",
    "Ünïcödé — “quotes” 😀 👩‍👩‍👧 中文 शुभ",
    "שלום עולם (right to left)",
    "e\u0301 versus é",
    "tab\there\nnew line\r\nCRLF\rCR",
    "nul\x00inside \x01\x1f\x7f",
    "\u2028line separator\u2029",
    "\ufeffstarts with a BOM",
    "  padded  ",
    "",
    '\\ backslash "quoted" {"json": true} %s %(x)s {0}',
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_round_trips_exactly(text: str, tmp_path: Path) -> None:
    value = base()
    value["title"] = text
    value["elements"][1] |= {"title": text, "notes": text}
    value["elements"][4]["status"] = text[:32]
    value["people"][0]["name"] = text
    exported = export_json(parse_json(json.dumps(value)))
    assert through_file(exported, tmp_path) == exported
    opened = StrategyFile.open(tmp_path / "copy.okrdesk")
    snap = Strategy(opened).snapshot()
    opened.close()
    assert snap.title == text
    assert snap.element("a1") == ElementData("a1", K.ASPIRATION, text, text, 0)
    assert snap.parties[0].name == text


@settings(max_examples=40, deadline=None)
@given(title=st.text(), notes=st.text(), name=st.text(), status=st.text(max_size=32))
def test_any_text_round_trips_through_a_file(
    title: str, notes: str, name: str, status: str
) -> None:
    value = base()
    value["title"] = name
    value["elements"][2] |= {"title": title, "notes": notes, "status": status}
    exported = export_json(parse_json(json.dumps(value, ensure_ascii=False)))
    with tempfile.TemporaryDirectory() as folder:
        assert through_file(exported, Path(folder)) == exported
    element = parse_json(exported).elements[2]
    assert (element.title, element.notes, element.status) == (title, notes, status)


@settings(max_examples=40, deadline=None)
@given(before=st.text(), lone=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
       after=st.text(), ascii_only=st.booleans())
def test_lone_surrogates_are_refused_with_their_path(
    before: str, lone: str, after: str, ascii_only: bool
) -> None:
    value = base()
    value["elements"][3]["notes"] = before + lone + after
    problems = problems_of(json.dumps(value, ensure_ascii=ascii_only))
    assert problems == [("$.elements[3].notes", problems[0][1])]
    assert f"lone surrogate (\\u{ord(lone):04x}) at character {len(before)}" in problems[0][1]


# -- size ----------------------------------------------------------------------------------


def test_ten_thousand_elements_import(tmp_path: Path) -> None:
    n = 2500
    elements = [{"id": "tn", "kind": "true_north", "title": "North"}]
    links = []
    for i in range(n):
        last = i == n - 1  # one tactic fewer: 10,000 elements with the True North
        for kind in ("aspiration", "strategy", "evidence", "tactic")[: 3 if last else 4]:
            elements.append({"id": f"{kind[0]}{i}", "kind": kind, "title": f"{kind} {i}"})
        links += [link(f"s{i}", f"a{i}"), link(f"e{i}", f"a{i}")]
        links += [] if last else [link(f"t{i}", f"s{i}"), link(f"e{i}", f"t{i}")]
    text = json.dumps({"format": "okrdesk", "version": 1, "title": "Big", "elements": elements,
                       "links": links})
    started = time.perf_counter()
    doc = parse_json(text)
    write_strategy(tmp_path / "big.okrdesk", doc)
    seconds = time.perf_counter() - started
    print(f"10,000 elements and {len(links):,} links imported in {seconds:.2f} s")
    assert len(doc.elements) == 10_000
    exported = reexport(tmp_path / "big.okrdesk")
    assert exported == export_json(doc)
    assert len(json.loads(exported)["links"]) == 4 * n - 2


def test_the_documented_example_imports_and_matches_the_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    doc_text = (Path(__file__).parent.parent / "docs" / "file-format.md").read_text("utf-8")
    example = doc_text.split("```json\n", 1)[1].split("```", 1)[0]
    validator.validate(json.loads(example))
    doc = parse_json(example)
    assert ("s1", "a1") in {(k.source, k.target) for k in doc.links}  # normalised direction
    assert "okrdesk/models/strategy.schema.json" in doc_text
    assert [o.id for o in doc.objectives] == ["okr1", "okr2"]
    assert [(k.id, k.current) for k in doc.key_results] == [
        ("kr1", 7.5), ("kr2", 48.0), ("kr3", None)]


# -- format version 2: obstacles, outcomes, relationships, link kinds, maps -----------------


def fill_workshop(strategy: Strategy) -> None:
    """On top of fill_rich: a FOTO session, every link kind, two user kinds and three maps."""
    st_ = strategy
    x1 = st_.add_element(K.OBSTACLE, "Slow builds")
    x2 = st_.add_element(K.OBSTACLE, "No tests", "said twice")
    o1, f1 = st_.chain_outcome(x1.id, "Builds in minutes")
    o2, _ = st_.chain_outcome(x2.id, "Tests on every commit")
    o3, _ = st_.chain_outcome(o1.id, "Release weekly")
    o4 = st_.add_element(K.OUTCOME, "Happy users", status="idea")
    st_.move_element(o4.id, 0)
    st_.add_relation(o3.id, o1.id, LinkKind.NEEDS)
    st_.add_relation(o3.id, o2.id, LinkKind.NEEDS)
    st_.add_relation(o2.id, o3.id, LinkKind.ENABLES)
    st_.add_relation(o4.id, o1.id, LinkKind.CONFLICTS)
    blocks = st_.add_link_kind("blocks", dash="4 2", color="#AA0000")
    informs = st_.add_link_kind("informs", directed=False, kind_id="informs")
    st_.add_relation(o1.id, o4.id, blocks.kind)
    st_.add_relation(o2.id, o4.id, informs.kind)
    orm = st_.add_map(MapKind.OPTION_RELATIONSHIP, "Options")
    pop = st_.add_map(MapKind.PLAN_ON_A_PAGE)
    oam = st_.add_map(MapKind.OPTION_APPROACH, "Approaches")
    st_.set_map_settings(orm.id, dict(orm.settings) | {"layout": "layered", "zoom": 1.25,
                                                        "grid": False, "cards": 4})
    for n, o in enumerate((o4, o3, o2, o1)):
        st_.place(orm.id, o.id, 100.5 * n, -40.0 * n + 0.1, pinned=n % 2 == 1)
    st_.place(pop.id, o1.id, 0, 10, horizon=0)
    st_.place(pop.id, o3.id, 300, 10, horizon=2)
    st_.place(oam.id, o2.id, 1e-3, 12345.678)
    assert f1.kind == "flipped_from"


@pytest.fixture
def workshop_json(strategy: Strategy) -> str:
    fill_rich(strategy)
    fill_workshop(strategy)
    return export_json(strategy.snapshot())


def test_maps_and_relationships_round_trip_byte_identical_through_a_real_file(
    strategy: Strategy, workshop_json: str, tmp_path: Path,
    validator: jsonschema.Draft202012Validator,
) -> None:
    first = through_file(workshop_json, tmp_path, "first.okrdesk")
    assert first == workshop_json
    assert through_file(first, tmp_path, "second.okrdesk") == workshop_json
    assert export_json(parse_json(workshop_json)) == workshop_json
    validator.validate(json.loads(workshop_json))
    opened = StrategyFile.open(tmp_path / "first.okrdesk")
    try:
        copied = Strategy(opened).snapshot()
    finally:
        opened.close()
    assert copied == strategy.snapshot()  # every map, placement, kind and link, exactly


def test_maps_and_relationships_export_shape(workshop_json: str) -> None:
    value = json.loads(workshop_json)
    assert value["version"] == 4
    kinds = [e["kind"] for e in value["elements"]]
    assert kinds[-6:] == ["obstacle"] * 2 + ["outcome"] * 4  # after the TASTE sections
    assert [e["title"] for e in value["elements"]][-4:] == [
        "Happy users", "Builds in minutes", "Tests on every commit", "Release weekly"]
    assert value["link_kinds"][1] == {"id": "informs", "label": "informs", "dash": "",
                                      "color": "#555555", "directed": False}
    assert value["link_kinds"][0]["color"] == "#aa0000"
    assert sorted({k["kind"] for k in value["links"]}) == sorted(
        ["correlation", "needs", "enables", "conflicts", "flipped_from", "follows",
         f"custom:{value['link_kinds'][0]['id']}", "custom:informs"])
    assert all("strength" not in k for k in value["links"] if k["kind"] != "correlation")
    orm, pop, oam = value["maps"]
    assert (orm["kind"], pop["kind"], oam["kind"]) == (
        "option_relationship", "plan_on_a_page", "option_approach")
    assert list(orm) == ["id", "kind", "title", "settings", "placements"]
    assert list(orm["settings"]) == sorted(orm["settings"])
    assert orm["settings"]["zoom"] == 1.25 and orm["settings"]["cards"] == 4
    outcome_order = [e["id"] for e in value["elements"] if e["kind"] == "outcome"]
    assert [p["element"] for p in orm["placements"]] == outcome_order  # in element order
    assert orm["placements"][1] == {"element": outcome_order[1], "x": 301.5, "y": -119.9,
                                    "pinned": True}
    assert [p["horizon"] for p in pop["placements"]] == [0, 2]
    assert pop["settings"] == {"column_labels": ["Now", "Next", "Later"]}


def test_a_version_1_document_still_imports_and_exports_as_version_4(tmp_path: Path) -> None:
    exported = through_file(json.dumps(base()), tmp_path)
    value = json.loads(exported)
    assert value["version"] == 4
    assert (value["link_kinds"], value["maps"], value["sheets"]) == ([], [], [])
    assert [e["id"] for e in value["elements"]] == [e["id"] for e in base()["elements"]]


def test_numbers_are_read_as_json_numbers(tmp_path: Path) -> None:
    value = base2()
    value["maps"][0]["placements"][0] |= {"x": 3, "y": -0.0}
    value["maps"][1]["placements"][0]["horizon"] = 2.0
    first = export_json(parse_json(json.dumps(value)))
    placed = json.loads(first)["maps"][0]["placements"][0]
    assert (placed["x"], placed["y"]) == (3.0, -0.0)
    assert '"x": 3.0' in first
    assert json.loads(first)["maps"][1]["placements"][0]["horizon"] == 2
    assert through_file(first, tmp_path) == first


def base2() -> dict[str, Any]:
    """A small valid version 2 document; each case below breaks exactly one thing in it."""
    value = base()
    value["version"] = 2
    value["elements"] += [
        {"id": "x1", "kind": "obstacle", "title": "Slow builds"},
        {"id": "o1", "kind": "outcome", "title": "Fast builds"},
        {"id": "o2", "kind": "outcome", "title": "Weekly releases"},
    ]
    value["link_kinds"] = [{"id": "blocks", "label": "blocks", "dash": "4 2", "color": "#aa0000",
                            "directed": True}]
    value["links"] += [
        {"id": "F", "source": "o1", "target": "x1", "kind": "flipped_from"},
        {"id": "N", "source": "o2", "target": "o1", "kind": "needs"},
        {"id": "C", "source": "o2", "target": "o1", "kind": "conflicts"},
        {"id": "B", "source": "o1", "target": "o2", "kind": "custom:blocks"},
    ]
    value["maps"] = [
        {"id": "m1", "kind": "option_relationship", "title": "Options",
         "settings": {"x_axis": "Ambiguity", "x_labels": ["Novel", "Clear"], "zoom": 1.5,
                      "grid": True},
         "placements": [{"element": "o1", "x": 1.5, "y": 2, "pinned": True},
                        {"element": "o2", "x": 0, "y": 0}]},
        {"id": "m2", "kind": "plan_on_a_page", "title": "Plan",
         "placements": [{"element": "o2", "x": 0, "y": 0, "horizon": 1}]},
    ]
    return value


def test_base2_is_valid_and_complete(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    value = base2()
    value["links"][0]["id"] = "L"
    validator.validate(value)
    doc = parse_json(json.dumps(value))
    assert [m.id for m in doc.maps] == ["m1", "m2"]
    assert doc.placements[1].pinned is False and doc.placements[2].horizon == 1
    assert doc.link_kinds[0].kind == "custom:blocks"
    assert {k.kind for k in doc.links} >= {"flipped_from", "needs", "conflicts", "custom:blocks"}
    exported = export_json(doc)
    assert through_file(exported, tmp_path) == exported
    del value["maps"][1]["placements"][0]["horizon"]  # absent on a plan: column 0
    assert parse_json(json.dumps(value)).placements[2].horizon == 0


def placement(map_index: int, **values: Any) -> Mutate:
    return lambda doc: doc["maps"][map_index]["placements"].append(values)


# (mutation, JSON path, words of the message, does the JSON Schema alone reject it too?)
CASES_2: dict[str, tuple[Mutate, str, str, bool]] = {
    "version 2 kind unknown": (put("elements", 6, "kind", value="goal"), "$.elements[6].kind",
                               "unknown element kind 'goal'; expected one of: true_north, "
                               "aspiration, strategy, tactic, evidence, obstacle, outcome", True),
    "link kind unknown": (put("links", 1, "kind", value="sameas"), "$.links[1].kind",
                          "unknown link kind 'sameas'; expected one of: correlation, needs, "
                          "enables, conflicts, flipped_from, follows, or custom:<id>", True),
    "custom kind undefined": (put("links", 4, "kind", value="custom:nope"), "$.links[4].kind",
                              "no link kind has the id 'nope'", False),
    "strength on a relation": (put("links", 2, "strength", value="weak"), "$.links[2].strength",
                               "only correlations have a strength", True),
    "needs from an obstacle": (put("links", 2, "source", value="x1"), "$.links[2]",
                               "a needs link joins two Outcomes, not an Obstacle and an Outcome",
                               False),
    "needs to a strategy": (put("links", 2, "target", value="s1"), "$.links[2]",
                            "not an Outcome and a Strategy", False),
    "flipped from an outcome": (put("links", 1, "target", value="o2"), "$.links[1]",
                                "points from an Outcome to the Obstacle", False),
    "relation with itself": (put("links", 2, "target", value="o2"), "$.links[2]",
                             "a needs link joins two different elements", False),
    "relation twice": (append("links", {"source": "o2", "target": "o1", "kind": "needs"}),
                       "$.links[5]", "a second needs link from 'o2' to 'o1' (first at "
                       "$.links[2])", False),
    "conflict both ways": (append("links", {"source": "o1", "target": "o2", "kind": "conflicts"}),
                           "$.links[5]", "a second conflicts link between 'o1' and 'o2'", False),
    "relation dangling": (put("links", 2, "source", value="zz"), "$.links[2].source",
                          "no element has the id 'zz'", False),
    "link kinds an object": (put("link_kinds", value={}), "$.link_kinds", "must be an array",
                             True),
    "link kind id too long": (append("link_kinds", {"id": "k" * 26, "label": "x"}),
                              "$.link_kinds[1].id", "26 characters long; at most 25", True),
    "link kind id twice": (append("link_kinds", {"id": "blocks", "label": "again"}),
                           "$.link_kinds[1].id", "duplicate link kind id 'blocks'", False),
    "link kind label blank": (put("link_kinds", 0, "label", value=" "), "$.link_kinds[0].label",
                              "must not be blank", True),
    "link kind label missing": (drop("link_kinds", 0, "label"), "$.link_kinds[0].label",
                                "missing", True),
    "dash with commas": (put("link_kinds", 0, "dash", value="4,2"), "$.link_kinds[0].dash",
                         "'4,2' is not a dash pattern", True),
    "dash of zero": (put("link_kinds", 0, "dash", value="0 2"), "$.link_kinds[0].dash",
                     "'0 2' is not a dash pattern", False),
    "colour by name": (put("link_kinds", 0, "color", value="red"), "$.link_kinds[0].color",
                       "'red' is not a colour; write #rrggbb", True),
    "directed a string": (put("link_kinds", 0, "directed", value="yes"),
                          "$.link_kinds[0].directed", "must be true or false, not a string",
                          True),
    "maps an object": (put("maps", value={}), "$.maps", "must be an array", True),
    "map a string": (put("maps", 1, value="m2"), "$.maps[1]", "must be an object (a map)", True),
    "map id twice": (put("maps", 1, "id", value="m1"), "$.maps[1].id",
                     "duplicate map id 'm1' (first at $.maps[0].id)", False),
    "map kind unknown": (put("maps", 0, "kind", value="kanban"), "$.maps[0].kind",
                         "unknown map kind 'kanban'; expected one of: option_relationship, "
                         "option_approach, plan_on_a_page", True),
    "map title missing": (drop("maps", 0, "title"), "$.maps[0].title", "missing", True),
    "settings an array": (put("maps", 0, "settings", value=[]), "$.maps[0].settings",
                          "must be an object (map settings), not an array", True),
    "setting an object": (put("maps", 0, "settings", "x_axis", value={}),
                          "$.maps[0].settings.x_axis",
                          "must be a string, a number, a boolean or an array of strings, "
                          "not an object", True),
    "setting null": (put("maps", 0, "settings", "x_axis", value=None),
                     "$.maps[0].settings.x_axis", "not null", True),
    "setting list of numbers": (put("maps", 0, "settings", "x_labels", value=["a", 2]),
                                "$.maps[0].settings.x_labels[1]", "must be a string, not a "
                                "number", True),
    "setting with an odd name": (put("maps", 0, "settings", "odd key", value={}),
                                 "$.maps[0].settings['odd key']", "not an object", True),
    "setting infinite": (put("maps", 0, "settings", "zoom", value="HUGE"),
                         "$.maps[0].settings.zoom", "must be a finite number", False),
    "placements an object": (put("maps", 0, "placements", value={}), "$.maps[0].placements",
                             "must be an array", True),
    "placement unknown element": (put("maps", 0, "placements", 0, "element", value="zz"),
                                  "$.maps[0].placements[0].element",
                                  "no element has the id 'zz'", False),
    "placement of a strategy": (put("maps", 0, "placements", 0, "element", value="s1"),
                                "$.maps[0].placements[0].element",
                                "only Outcomes are placed on maps, not a Strategy ('s1')",
                                False),
    "placement of an obstacle": (put("maps", 0, "placements", 0, "element", value="x1"),
                                 "$.maps[0].placements[0].element", "not an Obstacle", False),
    "placed twice": (placement(0, element="o1", x=5, y=5), "$.maps[0].placements[2]",
                     "'o1' is placed twice on this map (first at $.maps[0].placements[0])",
                     False),
    "x missing": (drop("maps", 0, "placements", 0, "x"), "$.maps[0].placements[0].x", "missing",
                  True),
    "y a string": (put("maps", 0, "placements", 0, "y", value="2"), "$.maps[0].placements[0].y",
                   "must be a number, not a string", True),
    "x a boolean": (put("maps", 0, "placements", 0, "x", value=True),
                    "$.maps[0].placements[0].x", "must be a number, not a boolean", True),
    "x huge": (put("maps", 0, "placements", 0, "x", value=10**400),
               "$.maps[0].placements[0].x", "must be a finite number", False),
    "pinned a number": (put("maps", 0, "placements", 0, "pinned", value=1),
                        "$.maps[0].placements[0].pinned", "must be true or false", True),
    "horizon off a plan": (put("maps", 0, "placements", 0, "horizon", value=1),
                           "$.maps[0].placements[0].horizon",
                           "only placements on a Plan on a Page have a horizon", True),
    "horizon out of range": (put("maps", 1, "placements", 0, "horizon", value=3),
                             "$.maps[1].placements[0].horizon", "must be 0, 1 or 2", True),
    "horizon a string": (put("maps", 1, "placements", 0, "horizon", value="1"),
                         "$.maps[1].placements[0].horizon", "not a string", True),
}


@pytest.mark.parametrize("case", list(CASES_2))
def test_each_version_2_problem_is_reported_once_at_its_json_path(
    case: str, validator: jsonschema.Draft202012Validator
) -> None:
    mutate, path, words, schema_rejects = CASES_2[case]
    value = base2()
    value["links"][0]["id"] = "L"
    assert validator.is_valid(value)
    mutate(value)
    text = json.dumps(value).replace('"HUGE"', "1e400")  # JSON reads 1e400 as infinity
    problems = problems_of(text)
    assert len(problems) == 1, problems
    assert problems[0][0] == path
    assert words in problems[0][1]
    assert validator.is_valid(json.loads(text)) is not schema_rejects


def test_a_bad_link_kind_silences_the_links_of_that_kind_only() -> None:
    value = base2()
    value["link_kinds"][0]["color"] = "blue"
    assert [p for p, _ in problems_of(json.dumps(value))] == ["$.link_kinds[0].color"]
    value["link_kinds"] = "none"
    assert [p for p, _ in problems_of(json.dumps(value))] == ["$.link_kinds"]


# -- format version 3: A3 sheets and the file's own sheet templates -------------------------


def fill_sheets(strategy: Strategy) -> None:
    """On top of fill_rich: a template of the file's own and sheets of every template."""
    st_ = strategy
    snap = st_.snapshot()
    tactic = snap.of_kind(K.TACTIC)[0]
    aspiration = snap.of_kind(K.ASPIRATION)[0]
    retro = st_.add_sheet_template(SheetTemplateData("", "Retrospective A3", "Looks back on", (
        SheetSectionSpec("went_well", "What went well", 0, 0, "Which wins?", 1.0),
        SheetSectionSpec("to_change", "What to change", 1, 0, "", 2.5),
    )))
    trial = st_.add_sheet("experiment", "Trunk-based trial", tactic.id)
    st_.update_sheet(trial.id, author="Ada Lovelace", date="2027-03-01")
    for key, text in [("results", "Two releases a week"), ("context", "Releases hurt\nevery time"),
                      ("hypotheses", "We believe ⟨trunk-based work⟩ will result in …")]:
        st_.set_sheet_text(trial.id, key, text)
    defects = st_.add_sheet("toyota", "Escaped defects", aspiration.id)
    st_.set_sheet_text(defects.id, "root_cause", "No tests on the payment path")
    sprint = st_.add_sheet(retro.id, "Sprint 12", position=0)
    st_.set_sheet_text(sprint.id, "to_change", "Smaller stories")
    st_.add_sheet("backbriefing")


@pytest.fixture
def sheets_json(strategy: Strategy) -> str:
    fill_rich(strategy)
    fill_sheets(strategy)
    return export_json(strategy.snapshot())


def test_sheets_round_trip_byte_identical_through_a_real_file(
    strategy: Strategy, sheets_json: str, tmp_path: Path,
    validator: jsonschema.Draft202012Validator,
) -> None:
    first = through_file(sheets_json, tmp_path, "first.okrdesk")
    assert first == sheets_json
    assert through_file(first, tmp_path, "second.okrdesk") == sheets_json
    assert export_json(parse_json(sheets_json)) == sheets_json
    validator.validate(json.loads(sheets_json))
    opened = StrategyFile.open(tmp_path / "first.okrdesk")
    try:
        copied = Strategy(opened).snapshot()
    finally:
        opened.close()
    assert copied == strategy.snapshot()  # every sheet, text, link and template, exactly


def test_sheets_export_shape(strategy: Strategy, sheets_json: str) -> None:
    value = json.loads(sheets_json)
    snap = strategy.snapshot()
    [retro] = value["sheet_templates"]
    assert retro == {
        "id": snap.sheet_templates[0].id, "title": "Retrospective A3",
        "header_label": "Looks back on",
        "sections": [
            {"key": "went_well", "title": "What went well", "column": 0, "order": 0,
             "prompt": "Which wins?", "weight": 1.0},
            {"key": "to_change", "title": "What to change", "column": 1, "order": 0,
             "prompt": "", "weight": 2.5},
        ],
    }
    sprint, trial, defects, backbrief = value["sheets"]
    assert list(trial) == ["id", "template", "title", "element", "author", "date", "texts"]
    assert (sprint["template"], sprint["title"], sprint["element"]) == (retro["id"], "Sprint 12",
                                                                        None)
    assert trial["element"] == snap.of_kind(K.TACTIC)[0].id
    assert (trial["author"], trial["date"]) == ("Ada Lovelace", "2027-03-01")
    # Texts in the order the sheet is read: down the left column, then the right one.
    assert list(trial["texts"]) == ["context", "hypotheses", "results"]
    assert defects["texts"] == {"root_cause": "No tests on the payment path"}
    assert backbrief == {"id": backbrief["id"], "template": "backbriefing", "title": "",
                         "element": None, "author": "", "date": "", "texts": {}}


def test_a_version_2_document_still_imports_and_exports_as_version_4(tmp_path: Path) -> None:
    value = base2()
    value["links"][0]["id"] = "L"
    exported = through_file(json.dumps(value), tmp_path)
    again = json.loads(exported)
    assert again["version"] == 4
    assert (again["sheet_templates"], again["sheets"]) == ([], [])
    assert [m["id"] for m in again["maps"]] == ["m1", "m2"]
    assert [k["id"] for k in again["link_kinds"]] == ["blocks"]
    assert len(again["links"]) == len(value["links"])


def base3() -> dict[str, Any]:
    """A small valid version 3 document; each case below breaks exactly one thing in it."""
    value = base2()
    value["version"] = 3
    value["links"][0]["id"] = "L"
    value["sheet_templates"] = [{
        "id": "retro", "title": "Retrospective A3", "header_label": "Looks back on",
        "sections": [{"key": "went_well", "title": "What went well", "column": 0},
                     {"key": "to_change", "title": "What to change", "column": 1,
                      "prompt": "One thing", "weight": 2}],
    }]
    value["sheets"] = [
        {"id": "sh1", "template": "experiment", "title": "Trunk-based trial", "element": "t1",
         "author": "Ada", "date": "2027-03-01",
         "texts": {"hypotheses": "We believe …", "context": "Releases hurt"}},
        {"id": "sh2", "template": "retro", "texts": {"went_well": "Demo day"}},
    ]
    return value


def test_base3_is_valid_and_complete(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    value = base3()
    validator.validate(value)
    doc = parse_json(json.dumps(value))
    assert doc.sheet_templates[0].section("to_change") == SheetSectionSpec(
        "to_change", "What to change", 1, 0, "One thing", 2.0)
    assert doc.sheets == (
        SheetData("sh1", "experiment", "Trunk-based trial", "t1", "Ada", "2027-03-01",
                  {"hypotheses": "We believe …", "context": "Releases hurt"}, 0),
        SheetData("sh2", "retro", texts={"went_well": "Demo day"}, position=1),
    )
    exported = export_json(doc)
    assert through_file(exported, tmp_path) == exported
    value["sheets"][1]["texts"]["to_change"] = ""  # an empty text is no text
    value["sheets"][1]["element"] = None
    assert parse_json(json.dumps(value)).sheets[1].texts == {"went_well": "Demo day"}


def test_template_sections_in_any_order_are_kept_in_reading_order(tmp_path: Path) -> None:
    value = base3()
    value["sheet_templates"][0]["sections"].reverse()  # the right column listed first
    exported = export_json(parse_json(json.dumps(value)))
    assert exported == export_json(parse_json(json.dumps(base3())))
    assert through_file(exported, tmp_path) == exported
    [retro] = parse_json(exported).sheet_templates
    assert [s.key for s in retro.sections] == ["went_well", "to_change"]


def sheet_template(**values: Any) -> dict[str, Any]:
    return {"id": "other", "title": "Other", "sections": [{"key": "a", "title": "A",
                                                            "column": 0}]} | values


# (mutation, JSON path, words of the message, does the JSON Schema alone reject it too?)
CASES_3: dict[str, tuple[Mutate, str, str, bool]] = {
    "sheets in version 2": (put("version", value=2), "$.sheet_templates",
                            "A3 sheet templates came with format version 3; this document is "
                            "version 2 (write \"version\": 3 to use them)", True),
    "sheets an object": (put("sheets", value={}), "$.sheets", "must be an array", True),
    "sheet a string": (put("sheets", 1, value="sh2"), "$.sheets[1]",
                       "must be an object (an A3 sheet), not a string", True),
    "sheet id missing": (drop("sheets", 0, "id"), "$.sheets[0].id", "missing", True),
    "sheet id twice": (put("sheets", 1, "id", value="sh1"), "$.sheets[1].id",
                       "duplicate sheet id 'sh1' (first at $.sheets[0].id)", False),
    "template missing": (drop("sheets", 0, "template"), "$.sheets[0].template", "missing", True),
    "template unknown": (put("sheets", 0, "template", value="kanban"), "$.sheets[0].template",
                         "no A3 sheet template has the id 'kanban' (built-in: experiment, "
                         "backbriefing, toyota; others must be in $.sheet_templates)", False),
    "element dangling": (put("sheets", 0, "element", value="ghost"), "$.sheets[0].element",
                         "no element has the id 'ghost'", False),
    "element a number": (put("sheets", 0, "element", value=3), "$.sheets[0].element",
                         "must be a string, not a number", True),
    "title too long": (put("sheets", 0, "title", value="t" * 501), "$.sheets[0].title",
                       "501 characters long; at most 500", True),
    "author a boolean": (put("sheets", 0, "author", value=False), "$.sheets[0].author",
                         "must be a string, not a boolean", True),
    "date not ISO": (put("sheets", 0, "date", value="01/03/2027"), "$.sheets[0].date",
                     "'01/03/2027' is not a date; write YYYY-MM-DD, or \"\" for none", True),
    "date impossible": (put("sheets", 0, "date", value="2027-02-30"), "$.sheets[0].date",
                        "'2027-02-30' is not a date", False),
    "texts an array": (put("sheets", 0, "texts", value=[]), "$.sheets[0].texts",
                       "must be an object (the sheet's texts by section key), not an array", True),
    "text of another template": (put("sheets", 0, "texts", "root_cause", value="x"),
                                 "$.sheets[0].texts.root_cause",
                                 "the template 'experiment' has no section 'root_cause' (its "
                                 "sections: context, outcome, options, hypotheses, design, risks, "
                                 "results, learning)", False),
    "text of a user template": (put("sheets", 1, "texts", "context", value="x"),
                                "$.sheets[1].texts.context",
                                "the template 'retro' has no section 'context'", False),
    "odd text key": (put("sheets", 1, "texts", "odd key", value="x"),
                     "$.sheets[1].texts['odd key']", "has no section 'odd key'", False),
    "text a number": (put("sheets", 0, "texts", "context", value=5),
                      "$.sheets[0].texts.context", "must be a string, not a number", True),
    "text too long": (put("sheets", 0, "texts", "context", value="x" * 20_001),
                      "$.sheets[0].texts.context",
                      "is 20,001 characters long; at most 20,000 are allowed", True),
    "text surrogate": (put("sheets", 0, "texts", "context", value="a\udc00"),
                       "$.sheets[0].texts.context", "lone surrogate", False),
    "templates an object": (put("sheet_templates", value={}), "$.sheet_templates",
                            "must be an array", True),
    "template id of a built-in": (append("sheet_templates", sheet_template(id="toyota")),
                                  "$.sheet_templates[1].id",
                                  "'toyota' is the id of a built-in template", True),
    "template id twice": (append("sheet_templates", sheet_template(id="retro")),
                          "$.sheet_templates[1].id",
                          "duplicate sheet template id 'retro' (first at "
                          "$.sheet_templates[0].id)", False),
    "template title blank": (put("sheet_templates", 0, "title", value=" "),
                             "$.sheet_templates[0].title", "must not be blank", True),
    "template without sections": (append("sheet_templates", sheet_template(sections=[])),
                                  "$.sheet_templates[1].sections",
                                  "has 0 sections; a template has 1 to 24", True),
    "section key twice": (put("sheet_templates", 0, "sections", 1, "key", value="went_well"),
                          "$.sheet_templates[0].sections[1].key",
                          "duplicate section key 'went_well'", False),
    "section in column 2": (put("sheet_templates", 0, "sections", 1, "column", value=2),
                            "$.sheet_templates[0].sections[1].column",
                            "must be a whole number from 0 to 1, not 2", True),
    "section weight zero": (put("sheet_templates", 0, "sections", 1, "weight", value=0),
                            "$.sheet_templates[0].sections[1].weight",
                            "must be above 0 and at most 10", True),
}


@pytest.mark.parametrize("case", list(CASES_3))
def test_each_version_3_problem_is_reported_once_at_its_json_path(
    case: str, validator: jsonschema.Draft202012Validator
) -> None:
    mutate, path, words, schema_rejects = CASES_3[case]
    value = base3()
    assert validator.is_valid(value)
    mutate(value)
    if case == "sheets in version 2":  # both arrays are reported; the first is enough here
        del value["sheets"]
    problems = problems_of(json.dumps(value))
    assert len(problems) == 1, problems
    assert problems[0][0] == path
    assert words in problems[0][1]
    assert validator.is_valid(value) is not schema_rejects


def test_a_broken_template_silences_the_checks_of_its_sheets() -> None:
    value = base3()
    value["sheet_templates"][0]["sections"][0]["column"] = 5
    value["sheets"][1]["texts"] = {"anything": "x"}
    assert [p for p, _ in problems_of(json.dumps(value))] == [
        "$.sheet_templates[0].sections[0].column"]
    value["sheet_templates"] = "none"
    assert [p for p, _ in problems_of(json.dumps(value))] == ["$.sheet_templates"]


def test_a_text_key_given_twice_is_a_problem() -> None:
    text = json.dumps(base3()).replace(
        '"texts": {"went_well": "Demo day"}', '"texts": {"went_well": "a", "went_well": "b"}')
    assert problems_of(text) == [
        ("$.sheets[1].texts.went_well", "given more than once in the same object")]


def test_a_hand_built_document_with_a_dangling_sheet_creates_no_file(tmp_path: Path) -> None:
    doc = StrategyDocument("Bad", sheets=(
        SheetData("s", "experiment", "Trial", "ghost", texts={"results": "x"}),))
    with pytest.raises(ImportProblem) as caught:
        write_strategy(tmp_path / "bad.okrdesk", doc)
    assert caught.value.problems == [("$.sheets[0].element", "no element has the id 'ghost'")]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_in_sheets_round_trips_exactly(text: str, tmp_path: Path) -> None:
    value = base3()
    value["sheets"][0] |= {"title": text[:500], "author": text[:500]}
    value["sheets"][0]["texts"]["design"] = text
    exported = export_json(parse_json(json.dumps(value)))
    assert through_file(exported, tmp_path) == exported
    opened = StrategyFile.open(tmp_path / "copy.okrdesk")
    sheet = Strategy(opened).snapshot().sheet("sh1")
    opened.close()
    assert sheet is not None
    assert (sheet.title, sheet.author, sheet.text("design")) == (text, text, text)


# -- template files ------------------------------------------------------------------------


def test_a_template_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "retro.json"
    template = parse_json(json.dumps(base3())).sheet_templates[0]
    path.write_text(template_json(template), encoding="utf-8")
    assert read_template_file(path) == template
    toyota = builtin_template("toyota")
    assert toyota is not None
    path.write_text(template_json(toyota), encoding="utf-8")
    assert read_template_file(path) == replace(toyota, builtin=False, position=0)


def test_a_bad_template_file_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "x", "title": "", "sections": [{"key": "a"}]}', encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        read_template_file(path)
    assert caught.value.problems == [
        ("$.title", "must not be blank"),
        ("$.sections[0].title", "missing"),
        ("$.sections[0].column", "missing"),
    ]
    path.write_bytes(b"\xff")
    with pytest.raises(ImportProblem, match="not UTF-8"):
        read_template_file(path)
    with pytest.raises(OkrdeskError, match=r"gone\.json: no such file"):
        read_template_file(tmp_path / "gone.json")


# -- format version 4: objectives, key results and check-ins --------------------------------


def fill_okrs(strategy: Strategy) -> None:
    """On top of fill_rich: two objectives, one aligned to the other, key results measuring
    evidence and balancing each other, and a history of check-ins."""
    st_ = strategy
    snap = st_.snapshot()
    strategy_id = snap.of_kind(K.STRATEGY)[0].id
    aspiration_id = snap.of_kind(K.ASPIRATION)[1].id
    evidence_id = snap.of_kind(K.EVIDENCE)[0].id
    top = st_.add_objective("Checkout releases stop hurting customers", period_start="2027-01-01",
                            period_end="2027-03-31", owner="Checkout team",
                            aligns_to=[strategy_id, aspiration_id], wig=True)
    team = st_.add_objective("Any engineer ships “the same day”", ObjectiveKind.ASPIRATIONAL,
                             aligns_to=[top.id], position=0)
    lag = st_.add_key_result(top.id, "Defective releases fall from 20% to 5%", baseline=20,
                             target=5, unit="%", direction=Direction.DECREASE,
                             measures=[evidence_id])
    lead = st_.add_key_result(top.id, "Suite answers in 10 minutes", baseline=120, target=10.5,
                              unit="min", direction="decrease", indicator="leading",
                              balances=lag.id, position=0)
    st_.update_key_result(lag.id, balances=lead.id)
    keep = st_.add_key_result(team.id, "Change failure rate stays at or below 15%",
                              baseline=25, target=15, unit="%", direction=Direction.KEEP)
    for day, value, confidence in [("2027-01-04", 19.0, 5), ("2027-01-11", 17.5, 6),
                                   ("2027-01-18", -0.25, 7)]:
        st_.check_in(lag.id, day, value, confidence, f"week of {day}")
    st_.check_in(lead.id, "2027-01-11", 95.0, 4, "=HYPERLINK(\"x\")\n+1")
    st_.check_in(keep.id, "2027-01-04", 14.0, 8)


@pytest.fixture
def okrs_json(strategy: Strategy) -> str:
    fill_rich(strategy)
    fill_okrs(strategy)
    return export_json(strategy.snapshot())


def test_okrs_round_trip_byte_identical_through_a_real_file(
    strategy: Strategy, okrs_json: str, tmp_path: Path,
    validator: jsonschema.Draft202012Validator,
) -> None:
    first = through_file(okrs_json, tmp_path, "first.okrdesk")
    assert first == okrs_json
    assert through_file(first, tmp_path, "second.okrdesk") == okrs_json
    assert export_json(parse_json(okrs_json)) == okrs_json
    validator.validate(json.loads(okrs_json))
    opened = StrategyFile.open(tmp_path / "first.okrdesk")
    try:
        copied = Strategy(opened).snapshot()
    finally:
        opened.close()
    original = strategy.snapshot()
    assert (copied.objectives, copied.key_results, copied.check_ins) == (
        original.objectives, original.key_results, original.check_ins)
    doc = parse_json(okrs_json)
    assert (doc.objectives, doc.key_results, doc.check_ins) == (
        original.objectives, original.key_results, original.check_ins)


def test_okrs_export_shape(strategy: Strategy, okrs_json: str) -> None:
    value = json.loads(okrs_json)
    snap = strategy.snapshot()
    assert list(value)[-3:] == ["objectives", "key_results", "check_ins"]
    team, top = value["objectives"]
    assert top == {
        "id": top["id"], "title": "Checkout releases stop hurting customers", "kind": "committed",
        "period_start": "2027-01-01", "period_end": "2027-03-31", "owner": "Checkout team",
        "aligns_to": [snap.of_kind(K.STRATEGY)[0].id, snap.of_kind(K.ASPIRATION)[1].id],
        "wig": True,
    }
    assert (team["kind"], team["aligns_to"], team["wig"]) == ("aspirational", [top["id"]], False)
    keep, lead, lag = value["key_results"]  # grouped by objective, in order
    assert list(lag) == ["id", "objective", "title", "baseline", "target", "current", "unit",
                         "direction", "indicator", "measures", "balances"]
    assert (lag["baseline"], lag["target"], lag["current"], lag["direction"]) == (
        20.0, 5.0, -0.25, "decrease")
    assert (lag["balances"], lead["balances"]) == (lead["id"], lag["id"])
    assert lag["measures"] == [snap.of_kind(K.EVIDENCE)[0].id]
    assert (keep["direction"], keep["current"], lead["indicator"]) == ("keep", 14.0, "leading")
    assert [(c["key_result"], c["date"]) for c in value["check_ins"]] == [
        (keep["id"], "2027-01-04"), (lead["id"], "2027-01-11"), (lag["id"], "2027-01-04"),
        (lag["id"], "2027-01-11"), (lag["id"], "2027-01-18")]
    assert value["check_ins"][1] == {"key_result": lead["id"], "date": "2027-01-11",
                                     "value": 95.0, "confidence": 4,
                                     "note": "=HYPERLINK(\"x\")\n+1"}


def test_a_version_3_document_still_imports_and_exports_as_version_4(tmp_path: Path) -> None:
    again = json.loads(through_file(json.dumps(base3()), tmp_path))
    assert again["version"] == 4
    assert (again["objectives"], again["key_results"], again["check_ins"]) == ([], [], [])
    assert [s["id"] for s in again["sheets"]] == ["sh1", "sh2"]


def base4() -> dict[str, Any]:
    """A small valid version 4 document; each case below breaks exactly one thing in it."""
    value = base3()
    value["version"] = 4
    value["elements"].append({"id": "e2", "kind": "evidence", "title": "Defects falling"})
    value["objectives"] = [
        {"id": "ob1", "title": "Checkout stops hurting", "kind": "committed",
         "period_start": "2027-01-01", "period_end": "2027-03-31", "owner": "Checkout team",
         "aligns_to": ["s1", "a1"]},
        {"id": "ob2", "title": "Ship the same day", "kind": "aspirational",
         "aligns_to": ["ob1"], "wig": True},
    ]
    value["key_results"] = [
        {"id": "k1", "objective": "ob1", "title": "Defects fall from 20% to 5%", "baseline": 20,
         "target": 5, "current": 17.5, "unit": "%", "direction": "decrease",
         "indicator": "lagging", "measures": ["e1", "e2"], "balances": "k2"},
        {"id": "k2", "objective": "ob1", "title": "Suite answers in 10 minutes", "baseline": 120,
         "target": 10, "indicator": "leading"},
        {"id": "k3", "objective": "ob2", "title": "Deploys rise from 3 to 25", "baseline": 3,
         "target": 25, "current": None},
    ]
    value["check_ins"] = [
        {"key_result": "k1", "date": "2027-01-11", "value": 17.5, "confidence": 6,
         "note": "suite green"},
        {"key_result": "k1", "date": "2027-01-04", "value": 19, "confidence": 5, "note": ""},
        {"key_result": "k2", "date": "2027-01-04", "value": 100},
    ]
    return value


def test_base4_is_valid_and_complete(
    validator: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    value = base4()
    validator.validate(value)
    doc = parse_json(json.dumps(value))
    assert doc.objectives == (
        ObjectiveData("ob1", "Checkout stops hurting", ObjectiveKind.COMMITTED, "2027-01-01",
                      "2027-03-31", "Checkout team", ("s1", "a1"), 0, False),
        ObjectiveData("ob2", "Ship the same day", ObjectiveKind.ASPIRATIONAL, "", "", "",
                      ("ob1",), 1, True),
    )
    assert doc.key_results == (
        KeyResultData("k1", "ob1", "Defects fall from 20% to 5%", 20.0, 5.0, 17.5, "%",
                      Direction.DECREASE, Indicator.LAGGING, ("e1", "e2"), "k2", 0),
        KeyResultData("k2", "ob1", "Suite answers in 10 minutes", 120.0, 10.0, 100.0, "",
                      Direction.INCREASE, Indicator.LEADING, (), None, 1),
        KeyResultData("k3", "ob2", "Deploys rise from 3 to 25", 3.0, 25.0, None, position=0),
    )
    assert doc.check_ins == (  # by key result, then date; confidence 5 and note "" by default
        CheckInData("k1", "2027-01-04", 19.0, 5, ""),
        CheckInData("k1", "2027-01-11", 17.5, 6, "suite green"),
        CheckInData("k2", "2027-01-04", 100.0, 5, ""),
    )
    exported = export_json(doc)
    assert through_file(exported, tmp_path) == exported
    del value["key_results"][0]["current"]  # current may be left out: it is derived
    assert parse_json(json.dumps(value)).key_results[0].current == 17.5


def kr(**values: Any) -> dict[str, Any]:
    return {"id": "k9", "objective": "ob1", "title": "Another", "baseline": 0, "target": 1} | values


# (mutation, JSON path, words of the message, does the JSON Schema alone reject it too?)
CASES_4: dict[str, tuple[Mutate, str, str, bool]] = {
    "objectives in version 3": (put("version", value=3), "$.objectives",
                                "objectives came with format version 4; this document is "
                                "version 3 (write \"version\": 4 to use them)", True),
    "objectives an object": (put("objectives", value={}), "$.objectives", "must be an array",
                             True),
    "objective a string": (append("objectives", "ob3"), "$.objectives[2]",
                           "must be an object (an objective), not a string", True),
    "objective id twice": (append("objectives", {"id": "ob1", "title": "X"}),
                           "$.objectives[2].id",
                           "duplicate objective id 'ob1' (first at $.objectives[0].id)", False),
    "objective id of an element": (append("objectives", {"id": "t1", "title": "X"}),
                                   "$.objectives[2].id", "'t1' is the id of an element; an "
                                   "objective needs an id of its own", False),
    "objective title missing": (drop("objectives", 0, "title"), "$.objectives[0].title",
                                "missing", True),
    "objective title too long": (put("objectives", 0, "title", value="t" * 501),
                                 "$.objectives[0].title", "at most 500", True),
    "objective kind unknown": (put("objectives", 0, "kind", value="stretch"),
                               "$.objectives[0].kind", "unknown objective kind 'stretch'; "
                               "expected one of: committed, aspirational", True),
    "period start not ISO": (put("objectives", 0, "period_start", value="1/1/2027"),
                             "$.objectives[0].period_start",
                             "'1/1/2027' is not a date; write YYYY-MM-DD, or \"\" for none",
                             True),
    "period end impossible": (put("objectives", 0, "period_end", value="2027-02-30"),
                              "$.objectives[0].period_end", "'2027-02-30' is not a date", False),
    "period backwards": (put("objectives", 0, "period_end", value="2026-12-31"),
                         "$.objectives[0].period_end",
                         "the period ends (2026-12-31) before it starts (2027-01-01)", False),
    "owner a number": (put("objectives", 0, "owner", value=7), "$.objectives[0].owner",
                       "must be a string, not a number", True),
    "wig a string": (put("objectives", 1, "wig", value="yes"), "$.objectives[1].wig",
                     "must be true or false, not a string", True),
    "aligns_to a string": (put("objectives", 0, "aligns_to", value="s1"),
                           "$.objectives[0].aligns_to", "must be an array of ids, not a string",
                           True),
    "aligns_to a number": (put("objectives", 0, "aligns_to", 1, value=3),
                           "$.objectives[0].aligns_to[1]", "must be a string (an id), not a "
                           "number", True),
    "aligns_to dangling": (put("objectives", 0, "aligns_to", 1, value="zz"),
                           "$.objectives[0].aligns_to[1]",
                           "no strategy, aspiration or objective has the id 'zz'", False),
    "aligns_to a tactic": (put("objectives", 0, "aligns_to", 1, value="t1"),
                           "$.objectives[0].aligns_to[1]", "an objective aligns to a strategy, "
                           "an aspiration or another objective, not to a Tactic ('t1')", False),
    "aligns_to itself": (put("objectives", 1, "aligns_to", 0, value="ob2"),
                         "$.objectives[1].aligns_to[0]", "an objective cannot align to itself",
                         False),
    "aligns_to twice": (put("objectives", 0, "aligns_to", 1, value="s1"),
                        "$.objectives[0].aligns_to[1]",
                        "'s1' is listed twice (first at $.objectives[0].aligns_to[0])", True),
    "aligns in a circle": (put("objectives", 0, "aligns_to", 1, value="ob2"),
                           "$.objectives[1].aligns_to[0]",
                           "objectives align in a circle: 'ob1' → 'ob2' → 'ob1'", False),
    "key results an object": (put("key_results", value={}), "$.key_results", "must be an array",
                              True),
    "key result id twice": (append("key_results", kr(id="k1")), "$.key_results[3].id",
                            "duplicate key result id 'k1' (first at $.key_results[0].id)",
                            False),
    "key result objective dangling": (put("key_results", 2, "objective", value="ob9"),
                                      "$.key_results[2].objective",
                                      "no objective has the id 'ob9'", False),
    "key result objective missing": (drop("key_results", 2, "objective"),
                                     "$.key_results[2].objective", "missing", True),
    "baseline missing": (drop("key_results", 2, "baseline"), "$.key_results[2].baseline",
                         "missing", True),
    "target a string": (put("key_results", 2, "target", value="25"), "$.key_results[2].target",
                        "must be a number, not a string", True),
    "target too large": (put("key_results", 2, "target", value=10**400),
                         "$.key_results[2].target", "must be a finite number", False),
    "current a string": (put("key_results", 0, "current", value="17.5"),
                         "$.key_results[0].current", "must be a number, not a string", True),
    "current disagrees": (put("key_results", 0, "current", value=18),
                          "$.key_results[0].current", "is 18, but the latest check-in "
                          "(2027-01-11) says 17.5; the current value is the latest check-in's",
                          False),
    "current without check-ins": (put("key_results", 2, "current", value=4),
                                  "$.key_results[2].current",
                                  "is 4, but key result 'k3' has no check-in", False),
    "unit too long": (put("key_results", 0, "unit", value="u" * 33), "$.key_results[0].unit",
                      "at most 32", True),
    "direction unknown": (put("key_results", 0, "direction", value="up"),
                          "$.key_results[0].direction", "unknown direction 'up'; expected one "
                          "of: increase, decrease, keep", True),
    "indicator unknown": (put("key_results", 1, "indicator", value="trailing"),
                          "$.key_results[1].indicator", "unknown indicator 'trailing'; expected "
                          "one of: leading, lagging", True),
    "measures a strategy": (put("key_results", 0, "measures", 1, value="s1"),
                            "$.key_results[0].measures[1]",
                            "a key result measures Evidence, not a Strategy ('s1')", False),
    "measures dangling": (put("key_results", 0, "measures", 1, value="e9"),
                          "$.key_results[0].measures[1]", "no element has the id 'e9'", False),
    "measures empty id": (put("key_results", 0, "measures", 1, value=""),
                          "$.key_results[0].measures[1]", "must not be empty", True),
    "balances itself": (put("key_results", 0, "balances", value="k1"),
                        "$.key_results[0].balances", "a key result cannot balance itself",
                        False),
    "balances dangling": (put("key_results", 0, "balances", value="k9"),
                          "$.key_results[0].balances", "no key result has the id 'k9'", False),
    "balances a number": (put("key_results", 0, "balances", value=2),
                          "$.key_results[0].balances", "must be a string, not a number", True),
    "check-ins an object": (put("check_ins", value={}), "$.check_ins", "must be an array", True),
    "check-in key result dangling": (put("check_ins", 2, "key_result", value="k9"),
                                     "$.check_ins[2].key_result",
                                     "no key result has the id 'k9'", False),
    "check-in date missing": (drop("check_ins", 2, "date"), "$.check_ins[2].date", "missing",
                              True),
    "check-in date empty": (put("check_ins", 2, "date", value=""), "$.check_ins[2].date",
                            "'' is not a date; write YYYY-MM-DD", True),
    "check-in date impossible": (put("check_ins", 2, "date", value="2027-13-01"),
                                 "$.check_ins[2].date", "'2027-13-01' is not a date", False),
    "check-in value null": (put("check_ins", 2, "value", value=None), "$.check_ins[2].value",
                            "must be a number, not null", True),
    "confidence eleven": (put("check_ins", 2, "confidence", value=11),
                          "$.check_ins[2].confidence",
                          "must be a whole number from 0 to 10, not 11", True),
    "confidence negative": (put("check_ins", 2, "confidence", value=-1),
                            "$.check_ins[2].confidence", "from 0 to 10, not -1", True),
    "confidence a fraction": (put("check_ins", 2, "confidence", value=6.5),
                              "$.check_ins[2].confidence", "from 0 to 10, not 6.5", True),
    "confidence a string": (put("check_ins", 2, "confidence", value="7"),
                            "$.check_ins[2].confidence", "from 0 to 10, not a string", True),
    "confidence a boolean": (put("check_ins", 2, "confidence", value=True),
                             "$.check_ins[2].confidence", "from 0 to 10, not a boolean", True),
    "note too long": (put("check_ins", 2, "note", value="n" * 5001), "$.check_ins[2].note",
                      "at most 5000", True),
    "note surrogate": (put("check_ins", 2, "note", value="a\ud800"), "$.check_ins[2].note",
                       "lone surrogate", False),
    "two check-ins on a date": (put("check_ins", 1, "date", value="2027-01-11"),
                                "$.check_ins[1]", "a second check-in on 2027-01-11 for 'k1' "
                                "(first at $.check_ins[0])", False),
}


@pytest.mark.parametrize("case", list(CASES_4))
def test_each_version_4_problem_is_reported_once_at_its_json_path(
    case: str, validator: jsonschema.Draft202012Validator
) -> None:
    mutate, path, words, schema_rejects = CASES_4[case]
    value = base4()
    assert validator.is_valid(value)
    mutate(value)
    if case == "objectives in version 3":  # every OKR array is reported; one is enough here
        del value["key_results"], value["check_ins"]
    problems = problems_of(json.dumps(value))
    assert len(problems) == 1, problems
    assert problems[0][0] == path
    assert words in problems[0][1]
    assert validator.is_valid(value) is not schema_rejects


def test_every_okr_array_in_an_older_version_is_named() -> None:
    value = base4() | {"version": 3}
    assert [p for p, _ in problems_of(json.dumps(value))] == [
        "$.objectives", "$.key_results", "$.check_ins"]


def test_each_circle_of_objectives_is_reported_once() -> None:
    value = base4()
    value["objectives"] += [
        {"id": "ob3", "title": "C", "aligns_to": ["ob4"]},
        {"id": "ob4", "title": "D", "aligns_to": ["ob5", "s1"]},
        {"id": "ob5", "title": "E", "aligns_to": ["ob3", "ob4"]},
    ]
    assert problems_of(json.dumps(value)) == [
        ("$.objectives[4].aligns_to[0]", "objectives align in a circle: 'ob3' → 'ob4' → 'ob5' "
                                         "→ 'ob3'"),
        ("$.objectives[4].aligns_to[1]", "objectives align in a circle: 'ob4' → 'ob5' → 'ob4'"),
    ]


def test_a_broken_objective_or_key_result_is_not_also_called_dangling() -> None:
    value = base4()
    value["objectives"][0]["kind"] = "stretch"  # ob1 is broken, but its id is known
    value["key_results"][1]["baseline"] = "x"  # k2 is broken, but its id is known
    assert [p for p, _ in problems_of(json.dumps(value))] == [
        "$.objectives[0].kind", "$.key_results[1].baseline"]
    value["key_results"] = "none"  # unreadable: no check-in is called dangling
    assert [p for p, _ in problems_of(json.dumps(value))] == [
        "$.objectives[0].kind", "$.key_results"]


def test_a_broken_latest_check_in_does_not_make_current_disagree() -> None:
    value = base4()
    value["check_ins"][0]["confidence"] = 12  # k1's latest, which its current (17.5) names
    assert [p for p, _ in problems_of(json.dumps(value))] == ["$.check_ins[0].confidence"]


def test_a_bad_okr_document_creates_no_file(tmp_path: Path) -> None:
    value = base4()
    value["check_ins"][2]["confidence"] = 12
    target = tmp_path / "okrs.okrdesk"
    with pytest.raises(ImportProblem):
        write_strategy(target, parse_json(json.dumps(value)))
    assert list(tmp_path.iterdir()) == []
    doc = parse_json(json.dumps(base4()))
    bad = replace(doc, key_results=(*doc.key_results,
                                    KeyResultData("kx", "ob9", "Orphan", 0.0, 1.0)))
    with pytest.raises(ImportProblem) as caught:
        write_strategy(target, bad)
    assert caught.value.problems == [("$.key_results[3].objective",
                                      "no objective has the id 'ob9'")]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_in_okrs_round_trips_exactly(text: str, tmp_path: Path) -> None:
    value = base4()
    value["objectives"][0] |= {"title": text, "owner": text}
    value["key_results"][0] |= {"title": text, "unit": text[:32]}
    value["check_ins"][0]["note"] = text
    exported = export_json(parse_json(json.dumps(value)))
    assert through_file(exported, tmp_path) == exported
    opened = StrategyFile.open(tmp_path / "copy.okrdesk")
    snap = Strategy(opened).snapshot()
    opened.close()
    assert snap.objective("ob1").title == text  # type: ignore[union-attr]
    assert snap.latest_check_in("k1").note == text  # type: ignore[union-attr]
