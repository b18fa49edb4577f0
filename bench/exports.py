"""Whole-process exports to PDF and their peers on the same content: `okrdesk export` of the
X-Matrix at each size and of each option map (`--view orm --tile`), Graphviz's `dot -Tplain`
(layout) and `dot -Tpdf` (layout and drawing) on the same option graphs, and LibreOffice
converting the same 180-tactic X-Matrix laid out as a spreadsheet (bench.xmatrix_export).
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

from bench.corpus import StrategyCase, map_relations
from bench.inprocess import XMATRIX_LAYOUT_CAP
from bench.map_layout import dot_source
from bench.runner import Result, process_result
from bench.xmatrix_export import LIBREOFFICE, OKRDESK, Bench, BenchError, prepare, strategy_snapshot
from okrdesk.layout.xmatrix import layout_xmatrix

LO_PAIR_OKRDESK = "okrdesk export X-Matrix PDF (LO pair)"
LO_PEER = "peer: LibreOffice xlsx to PDF"
BIG_TIMEOUT = 300.0  # seconds: the largest sizes run once, bounded by this


def xmatrix_exports(okrdesk: str, cases: list[StrategyCase], folder: Path,
                    runs: int) -> list[Result]:
    """`okrdesk export FILE OUT.pdf` on the paper okrdesk proposes (tiled past A0)."""
    results = []
    for case in cases:
        out = folder / f"okrdesk-xmatrix-{case.size}.pdf"
        if case.size <= XMATRIX_LAYOUT_CAP:
            snapshot, options = strategy_snapshot(case.path)
            lay = layout_xmatrix(snapshot, options)
            paper = lay.paper
            if paper.custom_size is not None:  # beyond A0: its own sheet, printed as A0 tiles
                page = ["--page", "A0", "--landscape", "--tile"]
                note = f"A0 landscape tiles of a {paper.label} sheet"
            else:
                page = ["--page", paper.name, "--landscape" if paper.landscape else "--portrait"]
                page += [] if lay.fits else ["--tile"]
                note = paper.label + ("" if lay.fits else ", tiled")
        else:  # finding the proposal is the expensive part: ask for A0, tiled if need be
            page, note = ["--page", "A0", "--landscape", "--tile"], "A0 landscape, tiled"
        command = [okrdesk, "export", str(case.path), str(out), *page]
        big = case.size >= 10_000
        result = process_result("okrdesk export X-Matrix PDF", case.size, command,
                                folder / "export.log", runs, BIG_TIMEOUT if big else 120)
        result.note = f"{note}; {result.note}" if result.note else note
        results.append(result)
    return results


def map_exports(okrdesk: str, cases: list[StrategyCase], folder: Path, runs: int,
                with_dot: bool, dot_cap: int) -> list[Result]:
    """okrdesk's map export and dot's layout and PDF on the same graph, size by size. dot runs
    on graphs up to `dot_cap` outcomes (it takes minutes beyond)."""
    dot = shutil.which("dot") if with_dot else None
    results = []
    for case in cases:
        big = case.size >= 2_000
        times, timeout = (1 if big else runs), (BIG_TIMEOUT if big else 120)
        out = folder / f"okrdesk-map-{case.size}.pdf"
        command = [okrdesk, "export", str(case.path), str(out), "--view", "orm", "--tile"]
        results.append(process_result("okrdesk export map PDF (--tile)", case.size, command,
                                      folder / "export.log", times, timeout, warm_up=not big))
        if dot is None or case.size > dot_cap:
            continue
        source = folder / f"map-{case.size}.dot"
        source.write_text(dot_source(*map_relations(case.size)), encoding="utf-8")
        for form in ("plain", "pdf"):
            command = [dot, f"-T{form}", str(source), "-o", str(folder / f"dot-{case.size}.{form}")]
            results.append(process_result(f"peer: dot -T{form}", case.size, command,
                                          folder / "dot.log", times, timeout, warm_up=not big))
    return results


def libreoffice_pair(okrdesk: str, folder: Path, runs: int) -> list[Result]:
    """bench.xmatrix_export's interleaved okrdesk / LibreOffice runs on the sample and the
    180-tactic X-Matrix, each on the paper okrdesk proposes for it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return [Result(LO_PEER, 251, note="soffice not installed")]
    work = folder / "libreoffice"
    work.mkdir(exist_ok=True)
    try:
        cases = prepare(work)
        timings = Bench(work, okrdesk, soffice).run(cases, runs)
    except BenchError as error:
        return [Result(LO_PEER, 251, note=str(error))]
    results = []
    for case in cases:
        size = len(strategy_snapshot(case.strategy)[0].elements)
        for tool, label in ((OKRDESK, LO_PAIR_OKRDESK), (LIBREOFFICE, LO_PEER)):
            timing = timings[case.name][tool]
            results.append(Result(label, size, list(timing.seconds), timing.peak_rss_mb,
                                  f"{case.name}, {case.paper.label}"))
    return results


def median_of(results: list[Result], measurement: str, size: int) -> float | None:
    for result in results:
        if result.measurement == measurement and result.size == size and result.seconds:
            return statistics.median(result.seconds)
    return None
