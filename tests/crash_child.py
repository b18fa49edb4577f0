"""A scripted, deterministic session of edits, and the child process that applies it.

The crash-safety test (tests/test_crash_safety.py) runs this module as a child process that
edits a strategy file through the model layer (Strategy: the operations the GUI's undo
commands call) and prints one acknowledgement line after each edit returns, then kills it
with SIGKILL. The parent replays the same script in memory to know what the file must hold.

    python -m tests.crash_child edits FILE START COUNT SEED   apply edits START.. of the script
    python -m tests.crash_child copy FILE TARGET              Save a Copy As, announced

`plan` is a pure function of (count, seed): every id is derived from the edit's number, so
the child and the parent's replay make exactly the same changes.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from typing import Any

from okrdesk.models.kinds import ElementKind, MapKind, PartyKind, Role, Strength
from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy

K = ElementKind
Edit = tuple[Any, ...]  # (operation name, *arguments)

# Text that is not plain ASCII: the file must keep it exactly.
WORDS = [
    "ship",
    "faster",
    "Qualität",
    "zuerst",
    "שלום",
    "عالم",
    "战略",
    "目标",
    "🚀",
    "e\u0301",
    "<b>",
    "&amp;",
    "'quoted'",
    "ﬁn",
    "Ωmega",
    "\u200bzero-width",
]
CORNERS = [
    (K.STRATEGY, K.ASPIRATION),
    (K.EVIDENCE, K.ASPIRATION),
    (K.TACTIC, K.STRATEGY),
    (K.TACTIC, K.EVIDENCE),
]
TEMPLATE, SECTIONS = "experiment", ["context", "outcome", "options", "hypotheses", "design"]


@dataclass
class _Planned:
    """What the script knows exists, so every planned edit is one the model accepts."""

    ids: dict[ElementKind, list[str]] = field(default_factory=lambda: {k: [] for k in K})
    correlated: set[tuple[str, str]] = field(default_factory=set)
    maps: list[str] = field(default_factory=list)
    placed: set[tuple[str, str]] = field(default_factory=set)
    needs: set[tuple[str, str]] = field(default_factory=set)
    sheets: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)

    def forget(self, element_id: str) -> None:
        for ids in self.ids.values():
            if element_id in ids:
                ids.remove(element_id)
        self.correlated = {p for p in self.correlated if element_id not in p}
        self.placed = {p for p in self.placed if p[1] != element_id}
        self.needs = {p for p in self.needs if element_id not in p}

    def all_ids(self) -> list[str]:
        return [i for kind in K for i in self.ids[kind]]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _one_edit(i: int, rng: random.Random, p: _Planned) -> Edit:
    """Edit number i (0-based), chosen among those that make sense in the planned state."""
    if i == 0:
        p.ids[K.TRUE_NORTH].append("tn")
        return ("add", K.TRUE_NORTH.value, "tn", "Instant delivery", "")
    existing = p.all_ids()
    roll = rng.random()
    if roll < 0.28 or len(existing) < 8:
        kind = rng.choice([K.ASPIRATION, K.STRATEGY, K.EVIDENCE, K.TACTIC, K.OUTCOME, K.OBSTACLE])
        new = f"e{i}"
        p.ids[kind].append(new)
        return ("add", kind.value, new, _text(rng, 3), _text(rng, rng.randint(0, 6)))
    if roll < 0.38:
        return ("rename", rng.choice(existing), _text(rng, rng.randint(1, 5)))
    if roll < 0.46:  # some notes are long, so the kill often lands inside a large commit
        size = rng.choice([5, 50, 4000, 20000])
        return ("notes", rng.choice(existing), _text(rng, size))
    if roll < 0.52:
        kind = rng.choice([k for k in K if len(p.ids[k]) > 1] or [K.TRUE_NORTH])
        return ("move", rng.choice(p.ids[kind]), rng.randrange(len(p.ids[kind])))
    if roll < 0.56:
        victim = rng.choice([i for i in existing if i != "tn"])
        p.forget(victim)
        return ("delete", victim)
    if roll < 0.68:
        arms = [c for c in CORNERS if p.ids[c[0]] and p.ids[c[1]]]
        if arms:
            late, early = rng.choice(arms)
            pair = (rng.choice(p.ids[late]), rng.choice(p.ids[early]))
            strength = rng.choice([None, *[s.value for s in Strength]])
            (p.correlated.discard if strength is None else p.correlated.add)(pair)
            return ("correlate", *pair, strength)
    if roll < 0.72 or not p.maps:
        new = f"m{i}"
        p.maps.append(new)
        kind = rng.choice([MapKind.OPTION_RELATIONSHIP, MapKind.PLAN_ON_A_PAGE])
        return ("map", new, kind.value, _text(rng, 2))
    outcomes = p.ids[K.OUTCOME]
    if roll < 0.80 and outcomes:
        pair = (rng.choice(p.maps), rng.choice(outcomes))
        if pair in p.placed and rng.random() < 0.3:
            p.placed.discard(pair)
            return ("unplace", *pair)
        p.placed.add(pair)
        return ("place", *pair, round(rng.uniform(0, 900), 2), round(rng.uniform(0, 600), 2))
    if roll < 0.84 and len(outcomes) > 1:
        a, b = rng.sample(outcomes, 2)
        if (a, b) not in p.needs:
            p.needs.add((a, b))
            return ("needs", f"r{i}", a, b)
    if roll < 0.90:
        if not p.sheets or rng.random() < 0.2:
            new = f"s{i}"
            p.sheets.append(new)
            return ("sheet", new, _text(rng, 3))
        text = _text(rng, rng.choice([4, 40, 400]))
        return ("sheet_text", rng.choice(p.sheets), rng.choice(SECTIONS), text)
    if roll < 0.93:
        new = f"p{i}"
        p.parties.append(new)
        return ("party", new, _text(rng, 2))
    if roll < 0.96 and p.parties:
        role = rng.choice([None, *[r.value for r in Role]])
        return ("own", rng.choice(p.parties), rng.choice(existing), role)
    if roll < 0.98:
        return ("title", _text(rng, 4))
    return ("setting", "soft_limit", rng.randint(3, 9))


def plan(count: int, seed: int) -> list[Edit]:
    """The first `count` edits of the script for `seed` (the same list every time)."""
    rng, planned = random.Random(seed), _Planned()
    return [_one_edit(i, rng, planned) for i in range(count)]


def apply(strategy: Strategy, edit: Edit) -> None:
    """Make one scripted edit through the domain operations the GUI's commands call."""
    name, *a = edit
    if name == "add":
        strategy.add_element(K(a[0]), a[2], a[3], element_id=a[1])
    elif name == "rename":
        strategy.rename_element(a[0], a[1])
    elif name == "notes":
        strategy.set_notes(a[0], a[1])
    elif name == "move":
        strategy.move_element(a[0], a[1])
    elif name == "delete":
        strategy.delete_elements([a[0]])
    elif name == "correlate":
        strength = Strength(a[2]) if a[2] else None
        strategy.set_correlation(a[0], a[1], strength, link_id=f"c-{a[0]}-{a[1]}")
    elif name == "map":
        strategy.add_map(MapKind(a[1]), a[2], map_id=a[0])
    elif name == "place":
        strategy.place(a[0], a[1], a[2], a[3])
    elif name == "unplace":
        strategy.unplace(a[0], a[1])
    elif name == "needs":
        strategy.add_relation(a[1], a[2], "needs", link_id=a[0])
    elif name == "sheet":
        strategy.add_sheet(TEMPLATE, a[1], sheet_id=a[0])
    elif name == "sheet_text":
        strategy.set_sheet_text(a[0], a[1], a[2])
    elif name == "party":
        strategy.add_party(a[1], PartyKind.TEAM, party_id=a[0])
    elif name == "own":
        strategy.set_ownership(a[0], a[1], Role(a[2]) if a[2] else None)
    elif name == "title":
        strategy.set_title(a[0])
    elif name == "setting":
        strategy.set_setting(a[0], a[1])
    else:  # pragma: no cover - a typo in the script
        raise ValueError(f"unknown scripted edit {name!r}")


def run_edits(path: str, start: int, count: int, seed: int) -> None:
    file = StrategyFile.open(path)
    strategy = Strategy(file)
    print("ready", flush=True)
    for number, edit in enumerate(plan(count, seed)[start:], start=start + 1):
        apply(strategy, edit)
        print(number, flush=True)  # acknowledged: the edit has returned, so it is committed
    file.close()


def run_copy(path: str, target: str) -> None:
    file = StrategyFile.open(path, read_only=True)
    print("copying", flush=True)
    file.save_copy(target)
    print("copied", flush=True)
    file.close()


if __name__ == "__main__":
    if sys.argv[1] == "edits":
        run_edits(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        run_copy(sys.argv[2], sys.argv[3])
