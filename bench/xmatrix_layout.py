"""How long the X-Matrix layout takes on a large strategy; prints figures, asserts nothing.

A seeded 180-tactic × 40-evidence × 20-strategy × 10-aspiration model with realistic density
(about 12% of crossings marked) and 8 people owning tactics. Run from the repository root:

    .venv/bin/python -m bench.xmatrix_layout [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from functools import partial

from okrdesk.layout.picture import Glyph
from okrdesk.layout.xmatrix import XMatrixLayout, XMatrixOptions, layout_xmatrix
from okrdesk.models.kinds import ElementKind, Role, Strength
from okrdesk.models.snapshot import ElementData, LinkData, OwnershipData, PartyData, Snapshot

WORDS = [
    *("improve", "reduce", "customer", "delivery", "flow", "quality", "platform", "team"),
    *("release", "pipeline", "test", "automate", "measure", "feedback", "value", "stream"),
    *("onboarding", "latency", "incident", "review", "experiment", "checkout", "search"),
    *("mobile", "billing", "support", "partner", "data", "cloud", "security", "cost"),
]
SHAPE = {
    "t": ElementKind.TACTIC,
    "e": ElementKind.EVIDENCE,
    "s": ElementKind.STRATEGY,
    "a": ElementKind.ASPIRATION,
}


def big_snapshot(
    tactics: int = 180,
    evidence: int = 40,
    strategies: int = 20,
    aspirations: int = 10,
    people: int = 8,
    density: float = 0.12,
    seed: int = 2027,
) -> Snapshot:
    rng = random.Random(seed)

    def title() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 8))).capitalize()

    counts = {"t": tactics, "e": evidence, "s": strategies, "a": aspirations}
    elements = [
        ElementData("tn", ElementKind.TRUE_NORTH, "Instantaneous development and deployment")
    ]
    for prefix, count in counts.items():
        elements += [
            ElementData(f"{prefix}{i}", SHAPE[prefix], title(), position=i) for i in range(count)
        ]
    links = [
        LinkData(f"{r}{i}-{c}{j}", f"{r}{i}", f"{c}{j}", "correlation", rng.choice(list(Strength)))
        for r, c in (("t", "s"), ("t", "e"), ("a", "s"), ("a", "e"))
        for i in range(counts[r])
        for j in range(counts[c])
        if rng.random() < density
    ]
    parties = tuple(PartyData(f"p{i}", f"{title()} team", position=i) for i in range(people))
    owners = tuple(
        OwnershipData(f"p{j}", f"t{i}", rng.choice(list(Role)))
        for i in range(tactics)
        for j in range(people)
        if rng.random() < 0.15
    )
    return Snapshot("Benchmark strategy", tuple(elements), tuple(links), parties, owners)


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def figures(label: str, ms: list[float]) -> str:
    return (
        f"{label:<44} median {statistics.median(ms):7.1f} ms   min {min(ms):7.1f}   "
        f"max {max(ms):7.1f}   ({len(ms)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    snap = big_snapshot()
    marks = len(snap.correlations())
    crossings = 180 * 20 + 180 * 40 + 10 * 20 + 10 * 40
    print(
        f"model: 180 tactics, 40 evidence, 20 strategies, 10 aspirations, 8 people; "
        f"{marks} correlations over {crossings} crossings ({marks / crossings:.0%}), "
        f"{len(snap.ownerships)} ownerships"
    )

    start = time.perf_counter()
    first: XMatrixLayout = layout_xmatrix(snap)
    print(
        f"{'first layout (loads the font, fills caches)':<44} "
        f"{(time.perf_counter() - start) * 1000:7.1f} ms"
    )
    print(
        f"  requested {first.requested.label}; laid out on {first.paper.label}; "
        f"fits={first.fits}; proposal: {first.proposal or '-'}"
    )
    print(
        f"  {len(first.picture.items)} primitives, {len(first.crossings)} crossings, "
        f"pitch {next(iter(first.crossings.values())).rect.w:.2f} pt, "
        f"{len(first.picture.warnings)} warnings"
    )

    cases = {
        "A3 landscape requested (falls through to fit)": XMatrixOptions(),
        "A0 landscape requested": XMatrixOptions(paper="A0"),
        "A3, Hoshin + owners": XMatrixOptions(labels="hoshin", owners=True),
        "A3, horizontal text + key": XMatrixOptions(rotated_text=False),
    }
    for label, opts in cases.items():
        print(figures(label, timed(partial(layout_xmatrix, snap, opts), args.runs)))

    # What a canvas needs after one correlation click: the glyph of that one cell.
    lay = layout_xmatrix(snap, XMatrixOptions(owners=True))
    keys = list(lay.crossings)
    rng = random.Random(1)
    picks = [rng.choice(keys) for _ in range(10_000)]
    start = time.perf_counter()
    for row, col in picks:
        value = "lead" if lay.crossings[(row, col)].corner == "owners" else "strong"
        glyph = lay.glyph(row, col, value)
        assert isinstance(glyph, Glyph)
    per_call = (time.perf_counter() - start) / len(picks) * 1e6
    print(f"{'XMatrixLayout.glyph() for one cell':<44} {per_call:7.2f} µs per call")


if __name__ == "__main__":
    main()
