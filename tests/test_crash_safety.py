"""No lost work: a process killed with SIGKILL in the middle of editing, or in the middle of
Save a Copy As, leaves files that open, pass SQLite's integrity_check and hold every edit
that was acknowledged before the kill.

The editing child (tests/crash_child.py) applies a scripted, deterministic sequence of 1,000
edits through the model layer and prints an acknowledgement after each one returns. The
parent kills it at random points (seeded), checks the file, and starts a new child on the same
file from where it stands, so the kills are spread over one pass of the script. The parent
replays the script into a file of its own to know what each acknowledged count must look like.

OKRDESK_CRASH_POINTS sets the number of kills (default 20), OKRDESK_CRASH_SEED the seed.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

from okrdesk.models.kinds import ElementKind
from okrdesk.models.snapshot import Snapshot
from okrdesk.models.storage import StrategyFile, inspect_file
from okrdesk.models.strategy import Strategy
from tests.crash_child import apply, plan

REPO = Path(__file__).resolve().parents[1]
EDITS = 1000
KILLS = int(os.environ.get("OKRDESK_CRASH_POINTS", "20"))
SEED = int(os.environ.get("OKRDESK_CRASH_SEED", "2027"))
COPY_KILLS = 8
State = tuple[Snapshot, Any]


def child(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", *map(str, args)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line(proc: subprocess.Popen[str]) -> str:
    stdout: IO[str] | None = proc.stdout
    assert stdout is not None
    line = stdout.readline()
    if not line:  # the child ended on its own: it must say why
        proc.wait(timeout=30)
        err = proc.stderr.read() if proc.stderr else ""
        pytest.fail(f"the child stopped early (status {proc.returncode}):\n{err}")
    return line.strip()


def kill(proc: subprocess.Popen[str]) -> list[str]:
    """SIGKILL, then everything the child printed before it died."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.stdout is not None and proc.stderr is not None
    rest = proc.stdout.read().split()
    proc.stdout.close()
    proc.stderr.close()
    return rest


def integrity(path: Path) -> str:
    """SQLite's full integrity_check of the file as the killed process left it (read-only,
    so the check itself folds nothing into the file)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return "; ".join(row[0] for row in con.execute("PRAGMA integrity_check"))
    finally:
        con.close()


def state_of(strategy: Strategy) -> State:
    return strategy.snapshot(), strategy.setting("soft_limit")


def opened_state(path: Path) -> State:
    """Open the file the way okrdesk does (recovering the WAL) and read everything."""
    opened = StrategyFile.open(path)
    try:
        assert opened.notices == [], opened.notices  # no window holds it: nobody is warned
        return state_of(Strategy(opened))
    finally:
        opened.close()


@dataclass
class Replay:
    """The script applied in the parent, one edit at a time, to a file of its own."""

    strategy: Strategy
    edits: list[Any]
    done: int = 0
    states: dict[int, State] = field(default_factory=dict)

    def state_after(self, count: int) -> State:
        if count not in self.states:
            assert count >= self.done, "the replay only moves forward"
            while self.done < count:
                apply(self.strategy, self.edits[self.done])
                self.done += 1
            self.states = {count: state_of(self.strategy)}
        return self.states[count]


@dataclass
class Tally:
    kills: int = 0
    acknowledged: list[int] = field(default_factory=list)  # edits acknowledged, at each kill
    lost: int = 0
    in_flight_kept: int = 0  # the unacknowledged edit in flight had committed anyway


def test_a_killed_editor_never_loses_an_acknowledged_edit(tmp_path: Path) -> None:
    started = time.perf_counter()
    edits = plan(EDITS, SEED)
    path = tmp_path / "client.okrdesk"
    StrategyFile.create(path, "Client strategy").close()
    replay_file = StrategyFile.create(tmp_path / "replay.okrdesk", "Client strategy")
    replay = Replay(Strategy(replay_file), edits)
    rng = random.Random(SEED)
    points = sorted(rng.sample(range(1, EDITS - 10), KILLS))
    tally, applied = Tally(), 0
    try:
        for point in points:
            proc = child("edits", path, applied, EDITS, SEED)
            assert read_line(proc) == "ready"
            while int(read_line(proc)) < max(point, applied + 1):
                pass
            time.sleep(rng.uniform(0, 0.004))  # so the kill also lands inside an edit
            acks = [int(a) for a in kill(proc) if a.isdigit()]
            last = max([max(point, applied + 1), *acks])

            assert integrity(path) == "ok"
            found = opened_state(path)
            if found == replay.state_after(last):
                applied = last
            elif last < EDITS and found == replay.state_after(last + 1):
                # The edit in flight had committed, but its acknowledgement never came.
                applied = last + 1
                tally.in_flight_kept += 1
            else:
                tally.lost += 1
                pytest.fail(
                    f"after a kill at acknowledged edit {last} (seed {SEED}) the file "
                    "holds neither that state nor the next one"
                )
            tally.kills += 1
            tally.acknowledged.append(last)

        finish = child("edits", path, applied, EDITS, SEED)
        out, err = finish.communicate(timeout=120)
        assert finish.returncode == 0, err
        assert out.split()[-1] == str(EDITS)
        assert integrity(path) == "ok"
        assert opened_state(path) == replay.state_after(EDITS)
    finally:
        replay_file.close()
    assert (tally.kills, tally.lost) == (KILLS, 0)
    acked = tally.acknowledged
    print(
        f"\ncrash safety: {tally.kills} kills during {EDITS} edits (seed {SEED}); at each kill "
        f"the file held all of the {min(acked)} to {max(acked)} acknowledged edits: "
        f"{sum(acked)} acknowledged, 0 lost; the edit in flight had committed "
        f"{tally.in_flight_kept} times; {time.perf_counter() - started:.1f} s"
    )


# -- Save a Copy As ---------------------------------------------------------------------------


def big_strategy(path: Path) -> Snapshot:
    """About 20 MB of notes, so copying it takes long enough to be killed half-way."""
    file = StrategyFile.create(path, "Large")
    strategy = Strategy(file)
    chunk = "A long note about the client's market, in detail. " * 10_000  # ~0.5 MB
    for i in range(40):
        strategy.add_element(ElementKind.EVIDENCE, f"Evidence {i}", f"{i} {chunk}")
    snapshot = strategy.snapshot()
    file.close()
    return snapshot


def old_copy(path: Path) -> bytes:
    file = StrategyFile.create(path, "The previous copy")
    Strategy(file).add_element(ElementKind.ASPIRATION, "Only in the previous copy")
    file.close()
    return path.read_bytes()


def leftovers(folder: Path, target: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{target.name}."))


def copy_once(source: Path, target: Path, delay: float | None) -> tuple[float, bool]:
    """Run Save a Copy As in a child; kill it `delay` seconds into the copy (None: let it
    finish). Returns how long the copy ran and whether it finished."""
    proc = child("copy", source, target)
    assert read_line(proc) == "copying"
    began = time.perf_counter()
    if delay is None:
        assert read_line(proc) == "copied"
        proc.communicate(timeout=60)
        return time.perf_counter() - began, True
    time.sleep(delay)
    return time.perf_counter() - began, "copied" in kill(proc)


def test_a_killed_save_a_copy_as_leaves_the_old_copy_or_a_complete_new_one(
    tmp_path: Path,
) -> None:
    source = tmp_path / "large.okrdesk"
    expected = big_strategy(source)
    source_bytes = source.read_bytes()
    out = tmp_path / "copies"
    out.mkdir()
    target = out / "copy.okrdesk"
    previous = old_copy(target)
    taken, finished = copy_once(source, out / "timing.okrdesk", None)
    assert finished
    (out / "timing.okrdesk").unlink()

    outcomes = {"old copy intact": 0, "new copy complete": 0}
    mid_copy = 0
    rng = random.Random(SEED)
    for j in range(COPY_KILLS):
        # Spread over the copy (the first, timed copy ran on a cold cache, so the later
        # ones are quicker: most kills land in its first part).
        delay = 0.8 * taken * (j + rng.random()) / COPY_KILLS
        copy_once(source, target, delay)
        if target.read_bytes() == previous:
            outcomes["old copy intact"] += 1
        else:  # replaced: then it is the whole copy, never half of one
            assert inspect_file(target).schema_version
            assert integrity(target) == "ok"
            assert opened_state(target)[0] == expected
            outcomes["new copy complete"] += 1
            previous = target.read_bytes()
        mid_copy += bool(leftovers(out, target))
        for name in leftovers(out, target):  # what a kill leaves: hidden, never a .okrdesk
            assert name.endswith((".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm")), name
            (out / name).unlink()
    assert source.read_bytes() == source_bytes  # copying never touches the original
    assert mid_copy >= 1, "no kill landed inside a copy: the copy is too fast to test"

    copy_once(source, target, None)  # the next Save a Copy As works as if nothing happened
    assert opened_state(target)[0] == expected
    assert leftovers(out, target) == []
    print(
        f"\nsave a copy as: copy of {len(source_bytes) / 1e6:.0f} MB took {taken:.2f} s; "
        f"{COPY_KILLS} kills ({mid_copy} inside the copy): {outcomes}"
    )
