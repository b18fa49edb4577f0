"""Building the option map canvas for 500 outcomes (about 1,000 relationships); prints figures.

The outcomes are written to a real strategy file and placed on a map by the layered layout,
then the Maps tab's scene is built from the file, as opening the map does.

    .venv/bin/python -m bench.map_canvas [--options N] [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from okrdesk.models.errors import OkrdeskError
from okrdesk.models.kinds import ElementKind, MapKind
from okrdesk.models.storage import StrategyFile
from okrdesk.views.app import make_app
from okrdesk.views.document import Document
from okrdesk.views.map_scene import MapScene


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--options", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = make_app()
    rng = random.Random(500)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.okrdesk"
        file = StrategyFile.create(path, "Map bench")
        doc = Document(file)
        model = doc.model
        ids = [
            model.add_element(ElementKind.OUTCOME, f"Option {i} " + "word " * rng.randint(1, 6)).id
            for i in range(args.options)
        ]
        for _ in range(2 * args.options):
            a, b = rng.sample(ids, 2)
            with contextlib.suppress(OkrdeskError):  # a pair drawn twice: skip it
                model.add_relation(a, b, "needs")
        map_id = model.add_map(MapKind.OPTION_RELATIONSHIP).id
        doc.apply(lambda: None)  # refresh the cached snapshot
        scene = MapScene(doc, map_id)
        started = time.perf_counter()
        scene.place_unplaced()
        scene.lay_out("layered")
        layout_ms = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            scene.rebuild()
            app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{args.options} outcomes, {len(scene.edges)} relationships drawn")
        print(f"place + layered layout (one undo step each): {layout_ms:.0f} ms")
        print(
            f"canvas build: median {statistics.median(times):.0f} ms, "
            f"min {min(times):.0f}, max {max(times):.0f} ({args.runs} runs)"
        )
        doc.close()


if __name__ == "__main__":
    main()
