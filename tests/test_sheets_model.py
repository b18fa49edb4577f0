"""A3 sheets and their templates in the model: the built-in templates shipped as data, the file's
own templates, and every sheet operation.

Each operation is checked for its effect, for surviving a close and reopen of the file, and for
what it hands back: undoing with it restores the snapshot exactly, and redoing after that gives
the same result again. A refused edit leaves the file as it was.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from okrdesk.assets import resource
from okrdesk.models import sheet_templates as templates_module
from okrdesk.models.errors import ImportProblem, InvalidOperation, ReadOnlyError
from okrdesk.models.kinds import ElementKind
from okrdesk.models.sheet_data import (
    MAX_SHEET_LINE_LENGTH,
    MAX_SHEET_TEXT_LENGTH,
    SheetData,
    SheetSectionSpec,
    SheetTemplateData,
)
from okrdesk.models.sheet_templates import (
    BUILTIN_TEMPLATE_FILES,
    builtin_template,
    builtin_templates,
    template_from_dict,
    template_value,
)
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

# The section keys of the built-ins are a promise (texts are stored under them): a later okrdesk
# may reword or rearrange a built-in, never drop or rename a key. Adding one is fine.
PROMISED_KEYS = {
    "experiment": ["context", "outcome", "options", "hypotheses", "design", "risks", "results",
                   "learning"],
    "backbriefing": ["context", "intent", "higher_intent", "team", "boundaries", "plan"],
    "toyota": ["background", "current_condition", "goal", "root_cause", "countermeasures",
               "implementation", "results", "follow_up"],
}


@pytest.fixture
def reopen(strategy_path: Path) -> Iterator[Callable[[Strategy], Strategy]]:
    """Close the strategy's file and open it again, as after quitting the app."""
    opened: list[StrategyFile] = []

    def _reopen(current: Strategy) -> Strategy:
        current.file.close()
        again = StrategyFile.open(strategy_path)
        opened.append(again)
        return Strategy(again)

    yield _reopen
    for sf in opened:
        sf.close()


def user_template(template_id: str = "", title: str = "Retrospective A3") -> SheetTemplateData:
    return SheetTemplateData(
        template_id,
        title,
        "Looks back on",
        (
            SheetSectionSpec("went_well", "What went well", 0, 0, "Which wins?", 1.0),
            SheetSectionSpec("to_change", "What to change", 1, 0, "", 2.0),
        ),
    )


def objective(strategy: Strategy, title: str = "Weekly releases") -> str:
    return strategy.add_element(ElementKind.ASPIRATION, title).id


# -- the built-in templates ------------------------------------------------------------------


def test_three_built_in_templates_are_offered_in_order() -> None:
    found = builtin_templates()
    assert [(t.id, t.title, t.header_label) for t in found] == [
        ("experiment", "Experiment A3", "Aligned to objective"),
        ("backbriefing", "Backbriefing A3", "Aligned to"),
        ("toyota", "Toyota A3 (problem solving)", "Theme for"),
    ]
    assert [(t.builtin, t.position) for t in found] == [(True, 0), (True, 1), (True, 2)]
    assert builtin_templates() is found  # read from the package once


def test_built_in_section_keys_are_never_dropped() -> None:
    assert {t.id for t in builtin_templates()} >= set(PROMISED_KEYS)
    for t in builtin_templates():
        assert set(PROMISED_KEYS[t.id]) <= {s.key for s in t.sections}, t.id


def test_built_ins_follow_their_published_shape() -> None:
    experiment, backbriefing, toyota = builtin_templates()
    left = [s.title for s in experiment.ordered(0)]
    right = [s.title for s in experiment.ordered(1)]
    assert left == ["Context: the story of need", "Outcome and measures of success",
                    "Options considered", "Hypotheses"]
    assert right == ["Experiment design", "Risks and assumptions", "Results",
                     "Learning and next step"]
    hypotheses = experiment.section("hypotheses")
    assert hypotheses is not None and hypotheses.prompt.startswith("We believe ⟨")
    assert "we will know when" in hypotheses.prompt
    assert "leading" in experiment.section("outcome").prompt  # type: ignore[union-attr]
    assert all(w in experiment.section("learning").prompt  # type: ignore[union-attr]
               for w in ("adopt", "adapt", "abandon"))
    assert [s.title for c in (0, 1) for s in backbriefing.ordered(c)] == [
        "Context", "Intent", "Higher intent", "Team", "Boundaries", "Plan"]
    assert [s.title for s in toyota.ordered(0)] == [
        "Background", "Current condition", "Goal / target condition", "Root cause analysis"]
    assert [s.title for s in toyota.ordered(1)] == [
        "Countermeasures", "Implementation plan", "Results", "Follow-up"]
    for t in builtin_templates():
        assert t.ordered(0) and t.ordered(1)  # both halves of the page are used
        assert all(s.prompt and s.prompt.strip() == s.prompt for s in t.sections)
        assert all(0.5 <= s.weight <= 2 for s in t.sections)


def test_every_template_file_shipped_is_loaded() -> None:
    folder = resource("templates", "a3")
    shipped = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    assert shipped == sorted(BUILTIN_TEMPLATE_FILES)
    for t, name in zip(builtin_templates(), BUILTIN_TEMPLATE_FILES, strict=True):
        value = json.loads(resource("templates", "a3", name).read_text("utf-8"))
        assert template_value(t) == value  # the files are in their canonical form


def test_a_broken_built_in_is_a_bug_that_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def read_text(self, encoding: str) -> str:
            return '{"id": "experiment", "title": "", "sections": []}'

    builtin_templates.cache_clear()
    monkeypatch.setattr(templates_module, "resource", lambda *parts: Broken())
    try:
        with pytest.raises(RuntimeError, match=r"experiment.json is broken: \$.title"):
            builtin_templates()
    finally:
        monkeypatch.undo()
        builtin_templates.cache_clear()
    assert len(builtin_templates()) == 3


# -- templates from data ---------------------------------------------------------------------


def test_template_from_dict_fills_in_defaults() -> None:
    t = template_from_dict({
        "id": "mine", "title": "Mine",
        "sections": [{"key": "a", "title": "A", "column": 1},
                     {"key": "b", "title": "B", "column": 0},
                     {"key": "c", "title": "C", "column": 1, "weight": 2}],
    })
    assert t == SheetTemplateData("mine", "Mine", "", (  # in reading order, left column first
        SheetSectionSpec("b", "B", 0, 0, "", 1.0),
        SheetSectionSpec("a", "A", 1, 0, "", 1.0),
        SheetSectionSpec("c", "C", 1, 1, "", 2.0),
    ))
    assert [s.key for s in t.ordered(1)] == ["a", "c"]
    assert template_from_dict(template_value(t)) == t


def test_template_from_dict_reports_every_problem_with_its_path() -> None:
    value = {
        "id": "", "title": "  ", "header_label": 7,
        "sections": [
            {"key": "same", "title": "One", "column": 0},
            {"key": "same", "title": "Two", "column": 2, "order": 1.5},
            {"key": "odd key", "title": "", "column": 0, "weight": 0, "prompt": "p" * 1001},
            "text",
        ],
    }
    with pytest.raises(ImportProblem) as caught:
        template_from_dict(value)
    assert caught.value.problems == [
        ("$.id", "must not be empty"),
        ("$.title", "must not be blank"),
        ("$.header_label", "must be a string, not a number"),
        ("$.sections[1].key", "duplicate section key 'same' (first at $.sections[0].key)"),
        ("$.sections[1].column", "must be a whole number from 0 to 1, not 2"),
        ("$.sections[1].order", "must be a whole number from 0 to 999, not 1.5"),
        ("$.sections[2].key", "'odd key' is not a section key: use letters, digits, _ and -"),
        ("$.sections[2].title", "must not be blank"),
        ("$.sections[2].prompt", "is 1001 characters long; at most 1000 are allowed"),
        ("$.sections[2].weight",
         "must be above 0 and at most 10 (a share of the column's height), not 0"),
        ("$.sections[3]", "must be an object (a section), not a string"),
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ([], ("$", "must be an object (an A3 sheet template), not an array")),
        ({"id": "x", "title": "X"}, ("$.sections", "missing (an array of sections)")),
        ({"id": "x", "title": "X", "sections": []},
         ("$.sections", "has 0 sections; a template has 1 to 24")),
        ({"id": "x" * 65, "title": "X", "sections": [{"key": "a", "title": "A", "column": 0}]},
         ("$.id", "is 65 characters long; at most 64 are allowed")),
        ({"id": "x", "title": "X", "sections": [{"key": "a", "title": "A"}]},
         ("$.sections[0].column", "missing")),
        ({"id": "x", "title": "X", "sections": [{"key": "a", "title": "A", "column": True}]},
         ("$.sections[0].column", "must be a whole number from 0 to 1, not a boolean")),
        ({"id": "x", "title": "X", "sections": [{"key": "a", "title": "A", "column": 0,
                                                 "weight": "big"}]},
         ("$.sections[0].weight", "must be a number, not a string")),
    ],
    ids=["array", "no sections", "no section", "long id", "no column", "boolean column",
         "text weight"],
)
def test_template_from_dict_refuses_bad_shapes(value: Any, problem: tuple[str, str]) -> None:
    with pytest.raises(ImportProblem) as caught:
        template_from_dict(value)
    assert caught.value.problems == [problem]


# -- the file's own templates ----------------------------------------------------------------


def test_sheet_templates_lists_built_ins_then_the_files_own(strategy: Strategy) -> None:
    first = strategy.add_sheet_template(user_template("retro"))
    second = strategy.add_sheet_template(user_template("", "Pre-mortem A3"))

    listed = strategy.sheet_templates()

    assert [t.id for t in listed] == ["experiment", "backbriefing", "toyota", "retro", second.id]
    assert (first.builtin, first.position, second.position) == (False, 0, 1)
    assert len(second.id) == 36  # a fresh UUID for a template without an id
    assert strategy.template("retro") == first == SheetTemplateData(
        "retro", "Retrospective A3", "Looks back on", user_template().sections, False, 0)
    assert strategy.template("toyota") == builtin_template("toyota")
    assert strategy.template("nope") is None
    snap = strategy.snapshot()
    assert snap.sheet_templates == (first, second)
    assert snap.template("retro") == first and snap.template("experiment") is builtin_templates()[0]
    assert snap.template("nope") is None


def test_the_files_own_templates_survive_a_reopen(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    stored = strategy.add_sheet_template(user_template("retro"))
    again = reopen(strategy)
    assert again.template("retro") == stored
    assert again.snapshot().sheet_templates == (stored,)


@pytest.mark.parametrize(
    ("template", "words"),
    [
        (user_template("experiment"), "'experiment' is the id of a built-in A3 template"),
        (user_template("retro", " "), "This A3 template is not valid: $.title: must not be blank"),
        (replace(user_template("retro"), sections=()), "has 0 sections"),
        (replace(user_template("retro"), sections=(SheetSectionSpec("a", "A", 3),
                                                   SheetSectionSpec("a", "B"))),
         "$.sections[0].column: must be a whole number from 0 to 1, not 3 (and 1 more problems)"),
    ],
    ids=["built-in id", "blank title", "no sections", "bad sections"],
)
def test_a_bad_template_is_refused_and_nothing_is_stored(
    strategy: Strategy, template: SheetTemplateData, words: str
) -> None:
    with pytest.raises(InvalidOperation) as caught:
        strategy.add_sheet_template(template)
    assert words in str(caught.value)
    assert strategy.snapshot().sheet_templates == ()


def test_a_template_is_stored_with_its_sections_in_reading_order(strategy: Strategy) -> None:
    given = replace(user_template("retro"), sections=user_template().sections[::-1])
    stored = strategy.add_sheet_template(given)
    assert [s.key for s in stored.sections] == ["went_well", "to_change"]  # left column first
    assert strategy.snapshot().sheet_templates == (stored,)


def test_a_template_id_is_used_once(strategy: Strategy) -> None:
    strategy.add_sheet_template(user_template("retro"))
    with pytest.raises(InvalidOperation, match="exists already"):
        strategy.add_sheet_template(user_template("retro", "Another"))
    assert [t.title for t in strategy.snapshot().sheet_templates] == ["Retrospective A3"]


def test_remove_and_restore_a_template_round_trip(strategy: Strategy) -> None:
    ids = [strategy.add_sheet_template(user_template(i, i.upper())).id for i in ("a", "b", "c")]
    before = strategy.snapshot()

    removed = strategy.remove_sheet_template("b")  # do
    after = strategy.snapshot()
    assert [(t.id, t.position) for t in after.sheet_templates] == [("a", 0), ("c", 1)]
    strategy.restore_sheet_template(removed)  # undo
    assert strategy.snapshot() == before
    assert strategy.remove_sheet_template("b") == removed  # redo
    assert strategy.snapshot() == after
    assert ids == ["a", "b", "c"]


def test_templates_in_use_or_built_in_are_not_removed(strategy: Strategy) -> None:
    strategy.add_sheet_template(user_template("retro"))
    strategy.add_sheet("retro", "Sprint 12")
    strategy.add_sheet("retro", "Sprint 13")
    before = strategy.snapshot()

    with pytest.raises(InvalidOperation, match="“Retrospective A3” cannot be removed: 2 sheets"):
        strategy.remove_sheet_template("retro")
    with pytest.raises(InvalidOperation, match="A built-in A3 template cannot be removed"):
        strategy.remove_sheet_template("experiment")
    with pytest.raises(InvalidOperation, match="No A3 sheet template with id 'gone'"):
        strategy.remove_sheet_template("gone")
    assert strategy.snapshot() == before


# -- sheets ----------------------------------------------------------------------------------


def test_add_sheet_makes_an_empty_sheet_at_the_end_or_where_asked(strategy: Strategy) -> None:
    goal = objective(strategy)
    first = strategy.add_sheet("experiment", "Trunk-based trial", goal)
    second = strategy.add_sheet("toyota")
    third = strategy.add_sheet("backbriefing", "Q3 backbrief", position=0, sheet_id="bb")

    assert first == SheetData(first.id, "experiment", "Trunk-based trial", goal, "", "", {}, 0)
    assert (second.title, second.element_id, second.position) == ("", None, 1)
    assert third == SheetData("bb", "backbriefing", "Q3 backbrief", None, position=0)
    snap = strategy.snapshot()
    assert [(s.id, s.position) for s in snap.sheets] == [("bb", 0), (first.id, 1), (second.id, 2)]
    assert snap.sheet(first.id) == replace(first, position=1)
    assert snap.sheet("nope") is None
    assert strategy.sheet("bb") == third


def test_add_sheet_round_trips_through_undo_and_redo(strategy: Strategy) -> None:
    goal = objective(strategy)
    strategy.add_sheet("toyota", "First")
    before = strategy.snapshot()

    added = strategy.add_sheet("experiment", "Trial", goal, position=0)  # do
    after = strategy.snapshot()
    strategy.delete_sheet(added.id)  # undo
    assert strategy.snapshot() == before
    again = strategy.add_sheet(added.template_id, added.title, added.element_id,
                               sheet_id=added.id, position=added.position)  # redo
    assert again == added
    assert strategy.snapshot() == after


def test_add_sheet_template_round_trips_through_undo_and_redo(strategy: Strategy) -> None:
    strategy.add_sheet_template(user_template("first"))
    before = strategy.snapshot()

    added = strategy.add_sheet_template(user_template())  # do
    after = strategy.snapshot()
    strategy.remove_sheet_template(added.id)  # undo
    assert strategy.snapshot() == before
    assert strategy.add_sheet_template(added) == added  # redo, with the id it was given
    assert strategy.snapshot() == after


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda st: st.add_sheet("kanban"), "No A3 sheet template with id 'kanban'"),
        (lambda st: st.add_sheet("toyota", element_id="ghost"), "No element with id 'ghost'"),
        (lambda st: st.add_sheet("toyota", "x" * (MAX_SHEET_LINE_LENGTH + 1)),
         "A sheet's title is 501 characters long; at most 500 fit on an A3 sheet."),
        (lambda st: st.add_sheet("toyota", 5), "A sheet's title must be text, not 5."),
        (lambda st: st.add_sheet("toyota", "\ud800"), "lone surrogate"),
        (lambda st: st.add_sheet("toyota", sheet_id="s1"), "An A3 sheet with id 's1' exists"),
        (lambda st: st.add_sheet("toyota", sheet_id="x" * 65), "at most 64"),
    ],
    ids=["unknown template", "unknown element", "long title", "title a number", "surrogate",
         "id taken", "id too long"],
)
def test_add_sheet_refuses_bad_input(
    strategy: Strategy, call: Callable[[Strategy], Any], words: str
) -> None:
    strategy.add_sheet("experiment", sheet_id="s1")
    before = strategy.snapshot()
    with pytest.raises(InvalidOperation) as caught:
        call(strategy)
    assert words in str(caught.value)
    assert strategy.snapshot() == before


def test_update_sheet_returns_the_old_sheet_which_undoes_it(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    goal, other = objective(strategy), objective(strategy, "Fewer defects")
    sheet = strategy.add_sheet("experiment", "Draft", goal)
    strategy.set_sheet_text(sheet.id, "context", "Releases hurt")
    before = strategy.snapshot()
    changes = {"title": "Trunk-based trial", "element_id": other, "author": "Ada",
               "date": "2027-02-28"}

    old = strategy.update_sheet(sheet.id, **changes)  # do
    after = strategy.snapshot()
    assert old == replace(sheet, texts={"context": "Releases hurt"})
    assert after.sheet(sheet.id) == replace(old, **changes)
    strategy.update_sheet(sheet.id, title=old.title, element_id=old.element_id,
                          author=old.author, date=old.date)  # undo
    assert strategy.snapshot() == before
    strategy.update_sheet(sheet.id, **changes)  # redo
    assert strategy.snapshot() == after
    assert reopen(strategy).snapshot() == after
    # A link may be cleared, and a date emptied.
    again = reopen(strategy)
    again.update_sheet(sheet.id, element_id=None, date="")
    assert (again.sheet(sheet.id).element_id, again.sheet(sheet.id).date) == (None, "")


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"date": "2027-2-1"}, "YYYY-MM-DD (or left empty), not '2027-2-1'"),
        ({"date": "2027-02-30"}, "not '2027-02-30'"),
        ({"date": "01/02/2027"}, "not '01/02/2027'"),
        ({"date": 20270201}, "not 20270201"),
        ({"date": "2027-02-01T10:00"}, "YYYY-MM-DD"),
        ({"element_id": "ghost"}, "No element with id 'ghost'"),
        ({"author": "a" * 501}, "A sheet's author is 501 characters long"),
        ({"title": None}, "A sheet's title must be text"),
        ({"template_id": "toyota"}, "A sheet has no field 'template_id'; update_sheet changes "
                                    "title, element_id, author, date."),
    ],
    ids=["short date", "no such day", "not ISO", "number", "date and time", "unknown element",
         "long author", "null title", "template"],
)
def test_update_sheet_refuses_bad_values(
    strategy: Strategy, changes: dict[str, Any], words: str
) -> None:
    sheet = strategy.add_sheet("experiment", "Trial")
    before = strategy.snapshot()
    with pytest.raises(InvalidOperation) as caught:
        strategy.update_sheet(sheet.id, **({"title": "Changed"} | changes))
    assert words in str(caught.value)
    assert strategy.snapshot() == before  # not even the good change was made
    with pytest.raises(InvalidOperation, match="No A3 sheet with id 'gone'"):
        strategy.update_sheet("gone", title="x")


def test_set_sheet_text_returns_the_old_text_and_empty_text_is_not_kept(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    sheet = strategy.add_sheet("experiment")
    before = strategy.snapshot()
    hypothesis = "We believe trunk-based work will result in weekly releases;\nwe will know when…"

    assert strategy.set_sheet_text(sheet.id, "hypotheses", hypothesis) == ""  # do
    after = strategy.snapshot()
    assert after.sheet(sheet.id).texts == {"hypotheses": hypothesis}  # type: ignore[union-attr]
    assert after.sheet(sheet.id).text("results") == ""  # type: ignore[union-attr]
    assert strategy.set_sheet_text(sheet.id, "hypotheses", "") == hypothesis  # undo
    assert strategy.snapshot() == before
    assert strategy.set_sheet_text(sheet.id, "hypotheses", hypothesis) == ""  # redo
    assert strategy.set_sheet_text(sheet.id, "hypotheses", hypothesis + "!") == hypothesis
    longest = "x" * MAX_SHEET_TEXT_LENGTH
    strategy.set_sheet_text(sheet.id, "design", longest)
    again = reopen(strategy)
    assert again.sheet(sheet.id).texts == {"hypotheses": hypothesis + "!", "design": longest}


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("root_cause", "x", "The template “Experiment A3” has no section 'root_cause'"),
        ("context", "x" * (MAX_SHEET_TEXT_LENGTH + 1), "is 20,001 characters long; at most "
                                                       "20,000 fit"),
        ("context", None, "A section's text must be text, not None."),
        ("context", "ok \udfff", "lone surrogate"),
    ],
    ids=["section of another template", "too long", "null", "surrogate"],
)
def test_set_sheet_text_refuses_bad_input(
    strategy: Strategy, key: str, text: Any, words: str
) -> None:
    sheet = strategy.add_sheet("experiment")
    strategy.set_sheet_text(sheet.id, "context", "kept")
    before = strategy.snapshot()
    with pytest.raises(InvalidOperation) as caught:
        strategy.set_sheet_text(sheet.id, key, text)
    assert words in str(caught.value)
    assert strategy.snapshot() == before


def test_a_sheet_of_a_users_template_takes_its_sections(strategy: Strategy) -> None:
    strategy.add_sheet_template(user_template("retro"))
    sheet = strategy.add_sheet("retro", "Sprint 12")
    strategy.set_sheet_text(sheet.id, "went_well", "Demo day")
    with pytest.raises(InvalidOperation, match="has no section 'context'"):
        strategy.set_sheet_text(sheet.id, "context", "x")
    assert strategy.sheet(sheet.id).texts == {"went_well": "Demo day"}


def test_delete_and_restore_a_sheet_round_trip(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    goal = objective(strategy)
    ids = [strategy.add_sheet("experiment", f"Sheet {i}").id for i in range(3)]
    middle = ids[1]
    strategy.update_sheet(middle, element_id=goal, author="Ada", date="2027-01-31")
    strategy.set_sheet_text(middle, "context", "Why")
    strategy.set_sheet_text(middle, "results", "What")
    before = strategy.snapshot()

    removed = strategy.delete_sheet(middle)  # do
    after = strategy.snapshot()
    assert removed == before.sheet(middle)
    assert removed.texts == {"context": "Why", "results": "What"}
    assert [(s.id, s.position) for s in after.sheets] == [(ids[0], 0), (ids[2], 1)]
    strategy.restore_sheet(removed)  # undo
    assert strategy.snapshot() == before
    assert strategy.delete_sheet(middle) == removed  # redo
    assert strategy.snapshot() == after
    strategy.restore_sheet(removed)
    assert reopen(strategy).snapshot() == before
    with pytest.raises(InvalidOperation, match="No A3 sheet with id 'gone'"):
        strategy.delete_sheet("gone")


def test_restore_sheet_refuses_a_sheet_that_exists(strategy: Strategy) -> None:
    sheet = strategy.add_sheet("toyota")
    with pytest.raises(InvalidOperation, match="exists already"):
        strategy.restore_sheet(sheet)
    assert len(strategy.snapshot().sheets) == 1


def test_move_sheet_keeps_positions_dense_and_returns_the_old_one(strategy: Strategy) -> None:
    ids = [strategy.add_sheet("toyota", str(i)).id for i in range(4)]
    before = strategy.snapshot()

    assert strategy.move_sheet(ids[0], 2) == 0  # do
    after = strategy.snapshot()
    assert [s.id for s in after.sheets] == [ids[1], ids[2], ids[0], ids[3]]
    assert [s.position for s in after.sheets] == [0, 1, 2, 3]
    assert strategy.move_sheet(ids[0], 0) == 2  # undo
    assert strategy.snapshot() == before
    assert strategy.move_sheet(ids[0], 2) == 0  # redo
    assert strategy.snapshot() == after
    assert strategy.move_sheet(ids[3], -5) == 3  # clamped to the ends
    assert strategy.move_sheet(ids[3], 99) == 0
    assert [s.id for s in strategy.snapshot().sheets][-1] == ids[3]
    with pytest.raises(InvalidOperation, match="No A3 sheet"):
        strategy.move_sheet("gone", 0)


# -- sheets and elements ---------------------------------------------------------------------


def test_deleting_a_linked_element_keeps_the_sheet_and_undo_relinks_it(
    strategy: Strategy, reopen: Callable[[Strategy], Strategy]
) -> None:
    goal, other = objective(strategy), objective(strategy, "Fewer defects")
    linked = strategy.add_sheet("experiment", "Trial", goal)
    also = strategy.add_sheet("backbriefing", "Backbrief", goal)
    elsewhere = strategy.add_sheet("toyota", "Defects", other)
    strategy.set_sheet_text(linked.id, "context", "Releases hurt")
    before = strategy.snapshot()

    removal = strategy.delete_elements([goal])  # do
    after = strategy.snapshot()
    assert [(s.id, s.element_id) for s in after.sheets] == [
        (linked.id, None), (also.id, None), (elsewhere.id, other)]
    assert after.sheet(linked.id).texts == {"context": "Releases hurt"}  # type: ignore[union-attr]
    assert sorted(removal.sheet_links) == sorted([(linked.id, goal), (also.id, goal)])
    strategy.restore(removal)  # undo
    assert strategy.snapshot() == before
    assert strategy.delete_elements([goal]) == removal  # redo
    assert reopen(strategy).snapshot() == after


def test_a_sheet_of_a_deleted_element_can_be_deleted_and_restored_in_undo_order(
    strategy: Strategy,
) -> None:
    goal = objective(strategy)
    sheet = strategy.add_sheet("experiment", "Trial", goal)
    before = strategy.snapshot()
    removal = strategy.delete_elements([goal])
    removed_sheet = strategy.delete_sheet(sheet.id)
    strategy.restore_sheet(removed_sheet)  # undo, last edit first
    strategy.restore(removal)
    assert strategy.snapshot() == before


# -- files -----------------------------------------------------------------------------------


def test_a_read_only_file_refuses_every_sheet_edit(strategy: Strategy, strategy_path: Path) -> None:
    sheet = strategy.add_sheet("experiment", "Trial")
    strategy.add_sheet_template(user_template("retro"))
    strategy.file.close()
    opened = StrategyFile.open(strategy_path, read_only=True)
    try:
        reader = Strategy(opened)
        edits: list[Callable[[], Any]] = [
            lambda: reader.add_sheet("toyota"),
            lambda: reader.update_sheet(sheet.id, title="x"),
            lambda: reader.set_sheet_text(sheet.id, "context", "x"),
            lambda: reader.delete_sheet(sheet.id),
            lambda: reader.move_sheet(sheet.id, 0),
            lambda: reader.add_sheet_template(user_template("other")),
            lambda: reader.remove_sheet_template("retro"),
        ]
        for edit in edits:
            with pytest.raises(ReadOnlyError):
                edit()
        assert reader.snapshot().sheet(sheet.id) == sheet
        assert [t.id for t in reader.sheet_templates()][-1] == "retro"
    finally:
        opened.close()


def test_snapshot_with_many_sheets_stays_quick(strategy: Strategy) -> None:
    for i in range(40):
        strategy.add_element(ElementKind.TACTIC, f"Tactic {i}")
    for i in range(200):
        sheet = strategy.add_sheet("experiment", f"Sheet {i}", sheet_id=f"s{i:03}")
        for key in PROMISED_KEYS["experiment"]:
            strategy.set_sheet_text(sheet.id, key, f"{key} of sheet {i} " * 20)
    started = time.perf_counter()
    snap = strategy.snapshot()
    seconds = time.perf_counter() - started
    print(f"snapshot of 200 sheets with 1,600 texts: {seconds * 1000:.0f} ms")
    assert len(snap.sheets) == 200
    assert all(len(s.texts) == 8 for s in snap.sheets)
    assert seconds < 1.0
