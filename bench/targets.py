"""The issue's targets checked against one run's results, and the okrdesk/peer ratios and
growth exponents the table is followed by."""

from __future__ import annotations

from collections.abc import Sequence

from bench.exports import LO_PAIR_OKRDESK, LO_PEER, median_of
from bench.runner import MEMORY_LIMIT_MB, Result, growth_exponent
from bench.startup import FLOOR, OKRDESK

OPEN = "open file + model snapshot"
XMATRIX_EXPORT = "okrdesk export X-Matrix PDF"
MAP_EXPORT = "okrdesk export map PDF (--tile)"
CLICK = "correlation click to repaint (180 tactics)"
TACTICS_180 = 251  # elements in the 180-tactic strategy


def _verdict(name: str, value: float | None, limit: float, unit: str,
             detail: str = "") -> dict[str, object]:
    met = None if value is None else value <= limit
    shown = "not measured" if value is None else f"{value:.2f}{unit}"
    return {"target": name, "value": None if value is None else round(value, 3),
            "limit": limit, "met": met, "text": f"{shown} (limit {limit:g}{unit}){detail}"}


def _ratio(results: Sequence[Result], ours: tuple[str, int],
           theirs: tuple[str, int]) -> float | None:
    a, b = median_of(list(results), *ours), median_of(list(results), *theirs)
    return a / b if a is not None and b else None


def growth(results: Sequence[Result], measurement: str, low: int = 100) -> float | None:
    points = [(r.size, r.median) for r in results
              if r.measurement == measurement and r.size >= low and r.seconds]
    return growth_exponent(points)


def check(results: Sequence[Result]) -> list[dict[str, object]]:
    export_10k = [r for r in results if r.measurement == XMATRIX_EXPORT and r.size >= 10_000]
    failed_10k = bool(export_10k) and not export_10k[0].seconds
    rss_10k = export_10k[0].peak_rss_mb if export_10k and export_10k[0].seconds else None
    exponent = growth(results, XMATRIX_EXPORT)
    exponent_verdict = _verdict("growth exponent: X-Matrix export, 100..10,000", exponent, 1.2,
                                "", " from 100 and 1,000 only" if failed_10k else "")
    rss_verdict = _verdict("peak RSS of the export at 10,000 elements", rss_10k, 300.0, " MB")
    if failed_10k:  # no figure, but the target is not met: say why
        exponent_verdict["met"] = rss_verdict["met"] = False
        why = f"; at 10,000: {export_10k[0].note}"
        exponent_verdict["text"] = f"{exponent_verdict['text']}{why}"
        rss_verdict["text"] = (f"the export did not finish within {MEMORY_LIMIT_MB} MB of "
                               f"address space{why}")
    return [
        _verdict("first paint / bare PySide6 window",
                 _ratio(results, (OKRDESK, 1), (FLOOR, 1)), 4.0, "×"),
        _verdict("export 180 tactics / LibreOffice",
                 _ratio(results, (LO_PAIR_OKRDESK, TACTICS_180), (LO_PEER, TACTICS_180)), 0.7, "×"),
        _verdict("map export 200 outcomes / dot -Tpdf",
                 _ratio(results, (MAP_EXPORT, 200), ("peer: dot -Tpdf", 200)), 1.0, "×"),
        _verdict("map export 2,000 outcomes", median_of(list(results), MAP_EXPORT, 2_000),
                 10.0, " s"),
        _verdict("correlation click to repaint",
                 (lambda m: None if m is None else m * 1000)(median_of(list(results), CLICK,
                                                                       TACTICS_180)),
                 16.0, " ms"),
        _verdict("growth exponent: open, 100..10,000", growth(results, OPEN), 1.2, ""),
        exponent_verdict,
        rss_verdict,
    ]


def ratios(results: Sequence[Result]) -> list[str]:
    """okrdesk/peer for every pair measured on the same content, and growth exponents."""
    lines = []
    sizes = sorted({r.size for r in results if r.measurement == MAP_EXPORT})
    for size in sizes:
        for ours, theirs in (("map layout: okrdesk layered", "peer: dot -Tplain"),
                             (MAP_EXPORT, "peer: dot -Tpdf")):
            value = _ratio(results, (ours, size), (theirs, size))
            if value is not None:
                lines.append(f"{ours} / {theirs} at {size}: {value:.2f}×")
    for size in sorted({r.size for r in results if r.measurement == LO_PEER}):
        value = _ratio(results, (LO_PAIR_OKRDESK, size), (LO_PEER, size))
        if value is not None:
            lines.append(f"okrdesk export X-Matrix / LibreOffice at {size} elements: {value:.2f}×")
    value = _ratio(results, (OKRDESK, 1), (FLOOR, 1))
    if value is not None:
        lines.append(f"first paint okrdesk / bare PySide6: {value:.2f}×")
    for measurement in sorted({r.measurement for r in results}):
        exponent = growth(results, measurement, low=1)
        if exponent is not None:
            lines.append(f"growth exponent of {measurement}: {exponent:.2f}")
    return lines
