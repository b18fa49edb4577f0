"""The command line: exit codes, messages and what each subcommand leaves on disk.

Most cases run `okrdesk.cli.main` in-process; a few run the installed `okrdesk` script in a
real subprocess with no display at all, to prove the headless subcommands never need one.
Every error must be ONE line on stderr starting with "okrdesk:", exit status 2, no
traceback, and any file okrdesk refused must be left byte-identical.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
import json
import random
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from okrdesk import __version__
from okrdesk.cli import main
from okrdesk.models.kinds import ElementKind
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

REPO = Path(__file__).resolve().parents[1]
SAMPLE_JSON = REPO / "resources" / "samples" / "sample.json"

# -- helpers -------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """main(argv) in-process: (exit status, stdout, stderr). argparse exits via SystemExit."""
    capsys.readouterr()  # drop anything earlier
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    """The single stderr line of a refusal (asserted: one line, 'okrdesk:', no traceback)."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected exactly one line on stderr, got:\n{err}"
    assert lines[0].startswith("okrdesk: "), lines[0]
    return lines[0]


def folder_state(folder: Path) -> dict[str, str]:
    """Every entry of `folder` (hidden ones too) with a digest of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
        for p in sorted(folder.iterdir())
    }


def sql(path: Path, *statements: str) -> None:
    """Change a file with plain sqlite3, the way another program (or a newer okrdesk) would."""
    con = sqlite3.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


@pytest.fixture
def sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The shipped sample imported into a strategy file of its own folder."""
    folder = tmp_path / "sample"
    folder.mkdir()
    path = folder / "sample.okrdesk"
    code, _, err = run(capsys, "import", SAMPLE_JSON, path)
    assert (code, err) == (0, "")
    return path


@pytest.fixture
def with_findings(tmp_path: Path) -> Path:
    """A strategy with known health findings: an unserved aspiration, a tactic before any
    evidence."""
    path = tmp_path / "findings.okrdesk"
    file = StrategyFile.create(path, "Half done")
    try:
        st = Strategy(file)
        st.add_element(ElementKind.TRUE_NORTH, "Go")
        st.add_element(ElementKind.ASPIRATION, "Alone")
        st.add_element(ElementKind.TACTIC, "Guess")
    finally:
        file.close()
    return path


def headless_env() -> dict[str, str]:
    """The environment with every way of reaching a display removed."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return env


def okrdesk_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m okrdesk`."""
    script = Path(sys.executable).with_name("okrdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "okrdesk"]


def run_headless(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*okrdesk_command(), *(str(a) for a in argv)],
        capture_output=True,
        text=True,
        env=headless_env(),
        cwd=cwd,
        timeout=120,
        check=False,
    )


# -- --version, --help ---------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--version")
    assert (code, out.strip(), err) == (0, f"okrdesk {__version__}", "")


def test_help_names_the_headless_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: okrdesk")
    for words in (
        "okrdesk import JSON FILE",
        "--force",
        "okrdesk export FILE",
        "okrdesk check FILE",
        "--demo",
        "--version",
    ):
        assert words in out


@pytest.mark.parametrize("command", ["import", "export", "check"])
def test_each_command_has_its_own_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, err = run(capsys, command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"usage: okrdesk {command}")


def test_check_help_explains_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--help")
    assert re.search(r"exit 0\b.*\b1\b.*\b2\b", " ".join(out.split())), out


# -- import --------------------------------------------------------------------------------------


def test_import_creates_a_strategy_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "acme.okrdesk"
    code, out, err = run(capsys, "import", SAMPLE_JSON, target)

    assert (code, err) == (0, "")
    assert "acme.okrdesk" in out
    sample = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    file = StrategyFile.open(target, read_only=True)
    try:
        snap = Strategy(file).snapshot()
    finally:
        file.close()
    assert snap.title == sample["title"]
    assert {e.id for e in snap.elements} == {e["id"] for e in sample["elements"]}
    assert len(snap.links) == len(sample["links"])
    assert f"{len(sample['elements'])} elements" in out
    # Only the strategy file is left behind: no temporary files, no lock, no WAL.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.okrdesk"]


def test_import_refuses_to_overwrite_without_force(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = sample.parent / "other.json"
    other.write_text(
        json.dumps(
            {"format": "okrdesk", "version": 1, "title": "Other", "elements": [], "links": []}
        ),
        encoding="utf-8",
    )
    before = folder_state(sample.parent)

    code, out, err = run(capsys, "import", other, sample)

    assert code == 2
    line = one_error_line(err)
    assert "sample.okrdesk" in line and "--force" in line
    assert out == ""
    assert folder_state(sample.parent) == before


def test_import_with_force_replaces_the_file(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = sample.parent / "other.json"
    other.write_text(
        json.dumps(
            {
                "format": "okrdesk",
                "version": 1,
                "title": "Other",
                "elements": [{"id": "tn", "kind": "true_north", "title": "Elsewhere"}],
                "links": [],
            }
        ),
        encoding="utf-8",
    )

    code, _, err = run(capsys, "import", other, sample, "--force")

    assert (code, err) == (0, "")
    file = StrategyFile.open(sample, read_only=True)
    try:
        snap = Strategy(file).snapshot()
    finally:
        file.close()
    assert snap.title == "Other"
    assert [(e.id, e.title) for e in snap.elements] == [("tn", "Elsewhere")]
    assert snap.links == ()


BAD_JSON = {
    "format": "okrdesk",
    "version": 1,
    "title": "Broken",
    "elements": [
        {"id": "tn", "kind": "true_north", "title": "Go"},
        {"id": "x", "kind": "vision", "title": "Unknown kind"},
        {"id": "a1", "kind": "aspiration", "title": 7},
        {"id": "a1", "kind": "aspiration", "title": "Duplicate id"},
        {"id": "t1", "kind": "tactic", "title": "T"},
    ],
    "links": [
        {"source": "t1", "target": "nowhere", "kind": "correlation", "strength": "strong"},
        {"source": "t1", "target": "tn", "kind": "correlation", "strength": "huge"},
    ],
}


def test_import_of_invalid_json_lists_every_problem_with_its_path_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(BAD_JSON), encoding="utf-8")
    before = folder_state(tmp_path)

    code, out, err = run(capsys, "import", bad, tmp_path / "new.okrdesk")

    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) >= 5
    assert all(line.startswith("okrdesk: bad.json: $") for line in lines), err
    for path in (
        "$.elements[1].kind",
        "$.elements[2].title",
        "$.elements[3].id",
        "$.links[0].target",
        "$.links[1].strength",
    ):
        assert any(f": {path}" in line for line in lines), f"{path} not reported:\n{err}"
    assert folder_state(tmp_path) == before  # no strategy file, no temporary file


@pytest.mark.parametrize(
    "content",
    [b'{"format": "okrdesk", ', b"\xff\xfe not utf-8", b"[1, 2, 3]", b""],
    ids=["cut short", "not UTF-8", "an array", "empty"],
)
def test_import_of_what_is_not_okrdesk_json_is_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = folder_state(tmp_path)

    code, out, err = run(capsys, "import", bad, tmp_path / "new.okrdesk")

    assert (code, out) == (2, "")
    assert one_error_line(err).startswith("okrdesk: bad.json: $")
    assert folder_state(tmp_path) == before


def test_invalid_json_with_force_leaves_the_existing_file_alone(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = sample.parent / "bad.json"
    bad.write_text(json.dumps(BAD_JSON), encoding="utf-8")
    before = folder_state(sample.parent)

    code, _, _ = run(capsys, "import", bad, sample, "--force")

    assert code == 2
    assert folder_state(sample.parent) == before


@pytest.mark.parametrize("name", ["missing.json", "folder"])
def test_import_from_a_missing_file_or_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / "folder").mkdir()
    before = folder_state(tmp_path)

    code, out, err = run(capsys, "import", tmp_path / name, tmp_path / "new.okrdesk")

    assert (code, out) == (2, "")
    assert name in one_error_line(err)
    assert folder_state(tmp_path) == before


def test_import_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", SAMPLE_JSON, tmp_path / "nope" / "new.okrdesk")
    assert code == 2
    one_error_line(err)
    assert not (tmp_path / "nope").exists()


# -- export --------------------------------------------------------------------------------------


def test_export_then_import_then_export_is_byte_identical(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample.parent
    first, copy, second = folder / "first.json", folder / "copy.okrdesk", folder / "second.json"

    assert run(capsys, "export", sample, first)[0] == 0
    assert run(capsys, "import", first, copy)[0] == 0
    assert run(capsys, "export", copy, second)[0] == 0

    assert first.read_bytes() == second.read_bytes()
    exported = json.loads(first.read_text(encoding="utf-8"))
    shipped = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    assert (exported["format"], exported["version"]) == ("okrdesk", 4)
    assert exported["title"] == shipped["title"]
    assert [e["id"] for e in exported["elements"]] == [e["id"] for e in shipped["elements"]]


def test_export_leaves_the_strategy_and_its_folder_as_they_were(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only look must not change the file nor leave -wal/-shm/lock files beside it."""
    before = folder_state(sample.parent)

    code, out, err = run(capsys, "export", sample, sample.parent / "out.json")

    assert (code, out, err) == (0, "", "")
    after = folder_state(sample.parent)
    assert after.pop("out.json")
    assert after == before


@pytest.mark.parametrize("name", ["out.txt", "out.ods", "out.json.bak", "out.xls"])
def test_export_to_an_unknown_format_is_refused(
    sample: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = folder_state(sample.parent)

    code, out, err = run(capsys, "export", sample, sample.parent / name)

    assert (code, out) == (2, "")
    assert name in one_error_line(err)
    assert folder_state(sample.parent) == before


def test_export_onto_the_strategy_file_itself_is_refused(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = folder_state(sample.parent)

    code, _, err = run(capsys, "export", sample, sample)

    assert code == 2
    one_error_line(err)
    assert folder_state(sample.parent) == before


@pytest.mark.parametrize("spelling", ["same", "dotted", "relative"])
def test_export_onto_a_strategy_file_named_json_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spelling: str,
) -> None:
    """The suffix check cannot save us here: the strategy file itself is called .json."""
    strategy = tmp_path / "strategy.json"
    assert run(capsys, "import", SAMPLE_JSON, strategy)[0] == 0
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    out = {
        "same": strategy,
        "dotted": tmp_path / "sub" / ".." / "strategy.json",
        "relative": Path("strategy.json"),
    }[spelling]
    before = folder_state(tmp_path)

    code, _, err = run(capsys, "export", strategy, out)

    assert code == 2
    assert "itself" in one_error_line(err)
    assert folder_state(tmp_path) == before


def test_export_into_a_missing_folder(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", sample, sample.parent / "nope" / "out.json")
    assert code == 2
    one_error_line(err)


def test_export_replaces_an_older_export(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sample.parent / "out.json"
    out.write_text("old", encoding="utf-8")
    assert run(capsys, "export", sample, out)[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "okrdesk"


# -- check ---------------------------------------------------------------------------------------


def test_check_of_the_sample_is_clean(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = folder_state(sample.parent)

    code, out, err = run(capsys, "check", sample)

    assert (code, err) == (0, "")
    assert out.strip() == "0 findings in sample.okrdesk"
    assert folder_state(sample.parent) == before  # a check changes nothing, leaves nothing


def test_check_with_findings_exits_1_and_names_them(
    with_findings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = folder_state(with_findings.parent)

    code, out, err = run(capsys, "check", with_findings)

    assert (code, err) == (1, "")
    lines = out.splitlines()
    for finding in ("aspiration-unserved", "tactic-without-evidence", "tactics-before-evidence"):
        assert any(finding in line for line in lines), out
    assert lines[-1] == f"{len(lines) - 1} findings in findings.okrdesk"
    assert folder_state(with_findings.parent) == before


def imported(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    elements: Sequence[dict[str, str]] = (),
    links: Sequence[dict[str, str]] = (),
) -> Path:
    """The sample with `elements` and `links` added, imported into a strategy file."""
    document = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    document["elements"] += list(elements)
    document["links"] += list(links)
    source, path = tmp_path / "changed.json", tmp_path / "changed.okrdesk"
    source.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(capsys, "import", source, path)
    assert (code, err) == (0, "")
    return path


def test_the_sample_map_is_checked_and_its_conflict_is_no_finding() -> None:
    document = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    kinds = [link["kind"] for link in document["links"]]
    assert "needs" in kinds and "conflicts" in kinds  # so the clean check above covers them


def test_check_of_a_cyclic_option_map_exits_1_naming_the_cycle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In the sample o12 needs o4 (and o4 needs nothing): o4 needing o12 closes one cycle.
    path = imported(tmp_path, capsys, links=[{"source": "o4", "target": "o12", "kind": "needs"}])

    code, out, err = run(capsys, "check", path)

    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert lines[0].split()[:2] == ["warning", "needs-cycle"]
    assert lines[0].endswith(
        'Needs cycle: "Try ideas with a few real customers first" needs '
        '"We spot problems before customers do" needs "Try ideas with a few real customers first".'
    )
    assert lines[-1] == "1 finding in changed.okrdesk"


def test_check_reports_an_outcome_related_to_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = {"id": "o-new", "kind": "outcome", "title": "Happy auditors"}
    path = imported(tmp_path, capsys, elements=[added])

    code, out, err = run(capsys, "check", path)

    assert (code, err) == (1, "")
    assert out.splitlines() == [
        'info     unconnected                "Happy auditors" is connected to no other option.',
        "1 finding in changed.okrdesk",
    ]


def missing(folder: Path) -> Path:
    return folder / "missing.okrdesk"


def directory(folder: Path) -> Path:
    path = folder / "folder.okrdesk"
    path.mkdir()
    (path / "inside.txt").write_text("keep me", encoding="utf-8")
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "noise.okrdesk"
    path.write_bytes(random.Random(2027).randbytes(8192))
    return path


def text_file(folder: Path) -> Path:
    path = folder / "notes.okrdesk"
    path.write_text("True North: ship faster\nAspirations:\n- more releases\n", encoding="utf-8")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.okrdesk"
    path.write_bytes(b"")
    return path


def newer_schema(folder: Path) -> Path:
    path = folder / "future.okrdesk"
    StrategyFile.create(path, "From the future").close()
    sql(path, "UPDATE okrdesk_meta SET value = '99' WHERE key = 'schema_version'")
    return path


def other_database(folder: Path) -> Path:
    path = folder / "contacts.okrdesk"
    sql(
        path,
        "CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO contact (name) VALUES ('Ada')",
    )
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    # case: (make it, words the one line must contain)
    "missing file": (missing, "no such file"),
    "a directory": (directory, "folder"),
    "random bytes": (random_bytes, "not an okrdesk strategy"),
    "a text file": (text_file, "not an okrdesk strategy"),
    "an empty file": (empty_file, "empty"),
    "a newer schema": (newer_schema, "newer okrdesk"),
    "another program's database": (other_database, "another application"),
}


@pytest.mark.parametrize("command", ["check", "export"])
@pytest.mark.parametrize(("make", "words"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_file_that_is_not_a_readable_strategy_is_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    make: Callable[[Path], Path],
    words: str,
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    bad = make(folder)
    before = folder_state(folder)
    inside = folder_state(bad) if bad.is_dir() else None
    out_json = tmp_path / "out.json"

    argv: list[str | Path] = ["check", bad] if command == "check" else ["export", bad, out_json]
    code, out, err = run(capsys, *argv)

    assert code == 2
    line = one_error_line(err)
    assert bad.name in line and words in line
    assert out == ""
    assert folder_state(folder) == before  # byte-identical, nothing created beside it
    if inside is not None:
        assert folder_state(bad) == inside
    assert not out_json.exists()


def test_the_newer_file_message_says_it_was_not_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = newer_schema(tmp_path)
    _, _, err = run(capsys, "check", bad)
    assert "99" in err and "not changed" in err


# -- bad arguments -------------------------------------------------------------------------------

BAD_ARGUMENTS: dict[str, list[str]] = {
    "unknown option": ["--bogus"],
    "unknown option of a command": ["check", "--nope", "x.okrdesk"],
    "check without a file": ["check"],
    "check with two files": ["check", "a.okrdesk", "b.okrdesk"],
    "import with one argument": ["import", "only.json"],
    "import with a misspelt option": ["import", "--forse", "a.json", "b.okrdesk"],
    "export with one argument": ["export", "a.okrdesk"],
    "export with three arguments": ["export", "a.okrdesk", "b.json", "c.json"],
    "misspelt command": ["exprot", "a.okrdesk", "out.json"],
    "command after a file": ["a.okrdesk", "check"],
}


@pytest.mark.parametrize("argv", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_bad_arguments_are_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)

    code, out, err = run(capsys, *argv)

    assert (code, out) == (2, "")
    one_error_line(err)
    assert list(tmp_path.iterdir()) == []


# -- real processes without any display ----------------------------------------------------------


def test_headless_commands_run_in_a_process_with_no_display(tmp_path: Path) -> None:
    strategy, first, second = tmp_path / "s.okrdesk", tmp_path / "a.json", tmp_path / "b.json"

    imported = run_headless("import", SAMPLE_JSON, strategy, cwd=tmp_path)
    assert (imported.returncode, imported.stderr) == (0, "")
    checked = run_headless("check", strategy, cwd=tmp_path)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
    assert "0 findings" in checked.stdout
    exported = run_headless("export", strategy, first, cwd=tmp_path)
    assert (exported.returncode, exported.stderr) == (0, "")
    version = run_headless("--version", cwd=tmp_path)
    assert (version.returncode, version.stdout.strip()) == (0, f"okrdesk {__version__}")

    # And through `python -m okrdesk` too.
    again = subprocess.run(
        [sys.executable, "-m", "okrdesk", "export", str(strategy), str(second)],
        capture_output=True,
        text=True,
        env=headless_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert (again.returncode, again.stderr) == (0, "")
    assert first.read_bytes() == second.read_bytes()


def test_headless_errors_are_one_line_in_a_real_process(tmp_path: Path) -> None:
    bad = text_file(tmp_path)
    before = bad.read_bytes()

    result = run_headless("check", bad, cwd=tmp_path)

    assert result.returncode == 2
    one_error_line(result.stderr)
    assert result.stdout == ""
    assert bad.read_bytes() == before


def test_headless_commands_do_not_load_qt(tmp_path: Path) -> None:
    """Not needing a display starts with not importing Qt at all."""
    strategy = tmp_path / "s.okrdesk"
    code = (
        "import sys\n"
        "from okrdesk.cli import main\n"
        f"codes = [main(['import', {str(SAMPLE_JSON)!r}, {str(strategy)!r}]),\n"
        f"         main(['check', {str(strategy)!r}]),\n"
        f"         main(['export', {str(strategy)!r}, {str(tmp_path / 'o.json')!r}])]\n"
        "print(codes, sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=headless_env(),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[0, 0, 0] []"


@pytest.mark.parametrize("word", ["exprot", "chek", "imports"])
def test_a_misspelt_command_without_a_display_is_one_line_and_exit_2(
    tmp_path: Path, word: str
) -> None:
    """`okrdesk chek` names no file and no command: it must say so in one line, not try to
    start the GUI on a machine with no display (Qt aborts with a page of text, status 134)."""
    result = run_headless(word, cwd=tmp_path)

    assert result.returncode == 2, (result.returncode, result.stderr)
    line = one_error_line(result.stderr)
    assert word in line
    assert list(tmp_path.iterdir()) == []
