"""Strategy templates without Qt: the built-ins make strategies that open, check and draw as
promised; a strategy saved as a template gives back its frames (or all of it); bad template
files are listed as unusable with the reason."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from okrdesk.assets import write_sample_copy
from okrdesk.cli import main as cli_main
from okrdesk.export.pages import PageRequest, build_pages
from okrdesk.layout.picture import TextRun
from okrdesk.models.errors import StrategyFileError
from okrdesk.models.interchange import export_json, parse_json
from okrdesk.models.kinds import MapKind
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy
from okrdesk.models.strategy_template_files import (
    BUILTIN_FILES,
    builtin_entries,
    list_templates,
    parse_template,
    read_template,
    save_template,
    user_entries,
    user_template_path,
)
from okrdesk.models.strategy_templates import (
    StrategyTemplate,
    TemplateProblem,
    describe_template,
    new_strategy_from_template,
    strategy_settings,
    template_from_snapshot,
    template_text,
)

HOSHIN_WORDS = ("Breakthrough objectives", "Annual objectives", "Improvement priorities",
                "Targets to improve")


def builtin(name: str) -> StrategyTemplate:
    [entry] = [e for e in builtin_entries() if e.name == name]
    assert entry.template is not None, entry.problem
    return entry.template


def created(template: StrategyTemplate, path: Path, title: str = "New") -> Strategy:
    new_strategy_from_template(template, path, title)
    return Strategy(StrategyFile.open(path))


def xmatrix_words(strategy: Strategy) -> list[str]:
    """Every line of text the X-Matrix page draws, as the saved options say to draw it."""
    pages = build_pages(strategy.snapshot(), PageRequest("xmatrix"), strategy.setting("xmatrix"))
    return [line for picture, _bookmark in pages.pages for run in picture.items
            if isinstance(run, TextRun) for line in run.lines]


@pytest.fixture
def sample(tmp_path: Path) -> Strategy:
    strategy = Strategy(StrategyFile.open(write_sample_copy(tmp_path / "acme.okrdesk")))
    strategy.set_setting("xmatrix", {"labels": "hoshin", "paper": "Tabloid", "owners": True})
    return strategy


# -- the built-ins -----------------------------------------------------------------------------


def test_three_builtins_are_listed_in_order_and_usable() -> None:
    entries = builtin_entries()
    assert [e.name for e in entries] == [
        "Empty TASTE", "Classic Hoshin X-Matrix", "Wholehearted:OKR workshop skeleton"]
    assert all(e.usable and e.builtin and e.template.builtin for e in entries)
    assert len(BUILTIN_FILES) == 3
    assert list_templates(None) == entries


def test_empty_taste_makes_an_empty_strategy_in_taste_words(tmp_path: Path) -> None:
    strategy = created(builtin("Empty TASTE"), tmp_path / "t.okrdesk", "Our strategy")
    snap = strategy.snapshot()
    assert snap.title == "Our strategy" and not snap.elements and not snap.maps
    words = xmatrix_words(strategy)
    for word in ("Tactics", "Strategies", "Aspirations", "Evidence", "True North"):
        assert word in words
    assert not set(HOSHIN_WORDS) & set(words)
    strategy.file.close()


def test_classic_hoshin_draws_hoshin_words_marks_and_resources(tmp_path: Path) -> None:
    strategy = created(builtin("Classic Hoshin X-Matrix"), tmp_path / "h.okrdesk")
    assert strategy.setting("xmatrix")["labels"] == "hoshin"
    words = xmatrix_words(strategy)
    for word in HOSHIN_WORDS:
        assert word in words
    # The legend lists the three classic strengths and the resources' responsibility marks.
    assert {"strong", "medium", "weak", "lead", "support", "consulted"} <= set(words)
    assert "Tactics" not in words
    strategy.file.close()


def test_workshop_skeleton_has_the_sessions_maps_and_sheets_in_order(tmp_path: Path) -> None:
    strategy = created(builtin("Wholehearted:OKR workshop skeleton"), tmp_path / "w.okrdesk")
    snap = strategy.snapshot()
    assert [m.kind for m in snap.maps] == [
        MapKind.PLAN_ON_A_PAGE, MapKind.OPTION_APPROACH, MapKind.OPTION_RELATIONSHIP]
    assert [m.title.split(".")[0] for m in snap.maps] == ["3", "3", "3"]
    sessions = [s.title.split(".")[0] for s in snap.sheets]
    assert sessions == ["1", "2", "4", "6", "7", "8"]  # the sessions that use a sheet, in order
    assert [snap.template(s.template_id).title for s in snap.sheets] == [
        "Celebration-5W", "Ideal, Obstacles, Outcomes (IdOO)",
        "ODIM: Objective, Decision, Insight, Metric", "Ideal, Obstacles, Outcomes (IdOO)",
        "Outside-in Service Delivery Review", "Experiment A3"]
    idoo = snap.template("idoo")
    assert idoo.section("ideal").prompt == (
        "When this is working at its ideal best, what's that like?")
    orm = snap.maps[2]
    assert orm.setting("x_axis") == "Ambiguity" and orm.setting("y_axis") == "Visibility"
    assert snap.maps[0].setting("column_labels") == ["Now", "Next", "Later"]
    # Session 4 is TASTE (I): tactics wait for session 8.
    assert strategy.setting("xmatrix")["stage"] == "taste1"
    assert "CC BY-SA 4.0" in builtin("Wholehearted:OKR workshop skeleton").description
    strategy.file.close()


@pytest.mark.parametrize("name", ["Empty TASTE", "Classic Hoshin X-Matrix",
                                  "Wholehearted:OKR workshop skeleton"])
def test_okrdesk_check_on_a_new_strategy_asks_only_for_a_true_north(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.okrdesk"
    new_strategy_from_template(builtin(name), path, "New")
    assert cli_main(["check", str(path)]) == 1
    findings = capsys.readouterr().out.splitlines()[:-1]
    assert [line.split()[1] for line in findings] == ["empty-true-north"]


def test_okrdesk_import_of_a_template_file_makes_its_strategy_with_its_settings(
    tmp_path: Path,
) -> None:
    """A template file is okrdesk JSON: `okrdesk import` makes its strategy, and keeps the
    header's settings (the classic Hoshin words) that plain JSON does not carry."""
    folder = Path(__file__).resolve().parents[1] / "resources" / "templates" / "strategy"
    target = tmp_path / "imported.okrdesk"
    assert cli_main(["import", str(folder / "wholehearted-okr.json"), str(target)]) == 0
    file = StrategyFile.open(target)
    assert len(Strategy(file).snapshot().sheets) == 6
    file.close()
    hoshin = tmp_path / "hoshin.okrdesk"
    assert cli_main(["import", str(folder / "classic-hoshin.json"), str(hoshin)]) == 0
    strategy = Strategy(StrategyFile.open(hoshin))
    assert strategy.setting("xmatrix")["labels"] == "hoshin"
    assert "Improvement priorities" in xmatrix_words(strategy)
    strategy.file.close()


def test_the_preview_counts_what_a_template_holds() -> None:
    lines = describe_template(builtin("Wholehearted:OKR workshop skeleton"))
    assert "3 Maps:" in lines and "6 A3 sheets:" in lines and "4 A3 templates of its own:" in lines
    assert "  • 3. Option Relationship Mapping (Option Relationship Map)" in lines
    assert "Items: none (empty sections to fill in)" in lines
    hoshin = describe_template(builtin("Classic Hoshin X-Matrix"))
    assert hoshin[0].startswith("X-Matrix: classic Hoshin")


# -- saving a strategy as a template -----------------------------------------------------------


def test_without_content_keeps_the_frames_and_drops_what_the_client_said(
    sample: Strategy, tmp_path: Path
) -> None:
    sample.add_sheet_template(builtin("Wholehearted:OKR workshop skeleton").document
                              .sheet_templates[0])
    before = sample.snapshot()
    template = template_from_snapshot(before, strategy_settings(sample), "Acme frames", "", False)
    path = user_template_path(tmp_path / "templates", template.name)
    save_template(template, path)
    back = read_template(path)
    assert (back.name, back.with_content, back.builtin) == ("Acme frames", False, False)
    new = created(back, tmp_path / "fresh.okrdesk", "Fresh")
    snap = new.snapshot()
    assert not snap.elements and not snap.links and not snap.parties and not snap.ownerships
    assert not snap.placements and not snap.objectives and not snap.key_results
    assert not snap.check_ins
    assert all(not s.texts and s.element_id is None and not s.author and not s.date
               for s in snap.sheets)
    # The frames: label mode and paper, the file's own A3 templates, maps with their labels.
    assert new.setting("xmatrix") == sample.setting("xmatrix")
    assert snap.sheet_templates == before.sheet_templates
    assert [(m.kind, m.title, m.settings) for m in snap.maps] == [
        (m.kind, m.title, m.settings) for m in before.maps]
    assert snap.maps[1].setting("column_labels") == ["This quarter", "Next quarter",
                                                     "Later this year"]
    assert [(s.template_id, s.title) for s in snap.sheets] == [
        (s.template_id, s.title) for s in before.sheets]
    assert snap.link_kinds == before.link_kinds
    assert "Breakthrough objectives" in xmatrix_words(new)
    new.file.close()
    sample.file.close()


def test_with_content_round_trips_to_the_same_json_export(
    sample: Strategy, tmp_path: Path
) -> None:
    before = sample.snapshot()
    template = template_from_snapshot(before, strategy_settings(sample), "Acme", "All", True)
    path = tmp_path / "acme.json"
    save_template(template, path)
    new = created(read_template(path), tmp_path / "copy.okrdesk", before.title)
    assert export_json(new.snapshot()) == export_json(before)
    assert new.setting("xmatrix") == sample.setting("xmatrix")
    new.file.close()
    renamed = created(read_template(path), tmp_path / "renamed.okrdesk", "Renamed")
    exported = json.loads(export_json(renamed.snapshot()))
    assert exported.pop("title") == "Renamed"
    expected = json.loads(export_json(before))
    expected.pop("title")
    assert exported == expected
    renamed.file.close()
    sample.file.close()


def test_a_template_needs_a_name(sample: Strategy) -> None:
    with pytest.raises(TemplateProblem, match="needs a name"):
        template_from_snapshot(sample.snapshot(), {}, "   ", "", False)
    sample.file.close()


def test_a_new_strategy_never_replaces_a_file_unasked_nor_leaves_one_behind(
    tmp_path: Path
) -> None:
    target = tmp_path / "taken.okrdesk"
    target.write_bytes(b"mine")
    with pytest.raises(StrategyFileError, match="already exists"):
        new_strategy_from_template(builtin("Classic Hoshin X-Matrix"), target, "x")
    assert target.read_bytes() == b"mine"
    with pytest.raises(StrategyFileError, match="no such folder"):
        new_strategy_from_template(builtin("Classic Hoshin X-Matrix"),
                                   tmp_path / "missing" / "x.okrdesk", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.okrdesk"]


def test_saving_into_a_read_only_folder_says_so(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StrategyFileError, match="read-only"):
            save_template(builtin("Empty TASTE"), folder / "t.json")
    finally:
        folder.chmod(0o700)


def test_a_folder_that_refuses_writing_gets_the_read_only_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_a: object, **_k: object) -> None:  # what a read-only folder does, even to root
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(StrategyFileError, match="folder is read-only"):
        save_template(builtin("Empty TASTE"), tmp_path / "t.json")
    with pytest.raises(StrategyFileError, match="folder is read-only"):
        new_strategy_from_template(builtin("Classic Hoshin X-Matrix"), tmp_path / "n.okrdesk", "n")
    assert list(tmp_path.iterdir()) == []


def test_user_template_file_names_are_safe() -> None:
    folder = Path("/x")
    assert user_template_path(folder, 'A/B: "C"?') == folder / "A-B- -C--.json"
    assert user_template_path(folder, "...") == folder / "template.json"
    assert len(user_template_path(folder, "é" * 300).name.encode()) <= 200


# -- bad template files ------------------------------------------------------------------------


BAD_FILES = {
    "corrupt.json": (b'{"format": "okrdesk", "vers', "not valid JSON"),
    "newer-format.json": (
        b'{"format": "okrdesk", "version": 9, "title": "x", "elements": []}',
        "written by a newer okrdesk (format version 9"),
    "newer-template.json": (
        b'{"format": "okrdesk", "version": 4, "title": "x", "elements": [],'
        b' "template": {"version": 3, "name": "Future"}}',
        "made by a newer okrdesk (template version 3"),
    "foreign.json": (b'{"name": "a package.json"}', "not an okrdesk template"),
    "array.json": (b"[1, 2]", "not an okrdesk template"),
    "nameless.json": (
        b'{"format": "okrdesk", "version": 4, "title": "x", "elements": [],'
        b' "template": {"description": "no name"}}', "$.template.name: missing"),
    "bad-settings.json": (
        b'{"format": "okrdesk", "version": 4, "title": "x", "elements": [],'
        b' "template": {"name": "n", "settings": {"xmatrix": "hoshin"}}}',
        "$.template.settings.xmatrix: must be an object"),
    "broken-strategy.json": (
        b'{"format": "okrdesk", "version": 4, "title": "x", "elements": [{"id": "a"}]}',
        "$.elements[0]"),
    "latin1.json": ('{"title": "caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
}


def test_bad_template_files_are_listed_as_unusable_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, (data, _reason) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    save_template(builtin("Empty TASTE"), folder / "good.json")
    (folder / "notes.txt").write_text("not a template")
    (folder / "folder.json").mkdir()
    entries = {Path(e.source).name: e for e in user_entries(folder)}
    assert set(entries) == {*BAD_FILES, "good.json", "folder.json"}
    assert entries["good.json"].usable and entries["good.json"].name == "Empty TASTE"
    assert not entries["good.json"].builtin
    assert "not a regular file" in entries["folder.json"].problem
    for name, (_data, reason) in BAD_FILES.items():
        entry = entries[name]
        assert not entry.usable and entry.name == name
        assert reason in entry.problem, (name, entry.problem)
        assert "Traceback" not in entry.problem and "\n" not in entry.problem


def test_a_plain_json_export_is_a_template_with_its_content(tmp_path: Path) -> None:
    sample = (Path(__file__).resolve().parents[1] / "resources/samples/sample.json").read_text()
    template = parse_template(sample, fallback_name="sample")
    assert template.with_content and template.name == parse_json(sample).title
    assert len(template.document.elements) == len(parse_json(sample).elements)


def test_a_missing_folder_lists_no_user_templates(tmp_path: Path) -> None:
    assert user_entries(tmp_path / "nowhere") == []
    assert [e.name for e in list_templates(tmp_path / "nowhere")] == [
        e.name for e in builtin_entries()]


def test_the_template_file_keeps_its_header_after_the_title() -> None:
    value = json.loads(template_text(builtin("Classic Hoshin X-Matrix")))
    assert list(value)[:4] == ["format", "version", "title", "template"]
    assert value["template"]["settings"]["xmatrix"]["labels"] == "hoshin"
    assert value["template"]["content"] is False
    assert value["elements"] == []
