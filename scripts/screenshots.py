"""Render the pictures in docs/ with the app itself (offscreen): `python scripts/screenshots.py`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from okrdesk.assets import write_sample_copy
from okrdesk.models.kinds import ElementKind
from okrdesk.views.app import make_app
from okrdesk.views.main_window import MainWindow

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main() -> int:
    app = make_app()
    with tempfile.TemporaryDirectory() as folder:
        sample = write_sample_copy(Path(folder) / "Acme.okrdesk")
        window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1500, 940)
        window.show()
        window.open_path(sample)
        assert window.doc is not None and window.outline is not None
        assert window.xmatrix is not None and window.details is not None
        DOCS.mkdir(exist_ok=True)
        # The X-Matrix tab with one strategy selected: its column and what it correlates
        # with are highlighted ("walk the X").
        strategy = window.doc.snapshot().of_kind(ElementKind.STRATEGY)[0]
        window.outline.select_ids([strategy.id])
        app.processEvents()
        window.xmatrix.view.fit_page()
        window.grab().save(str(DOCS / "xmatrix.png"))
        # The Details tab on a tactic: its notes and correlations.
        tactic = window.doc.snapshot().of_kind(ElementKind.TACTIC)[0]
        window.outline.select_ids([tactic.id])
        window.tabs.setCurrentWidget(window.details)
        app.processEvents()
        window.grab().save(str(DOCS / "main-window.png"))
        # The sample's Option Relationship Map with one option selected: what it needs (▲)
        # and what needs it (▼) are marked.
        assert window.maps is not None
        window.tabs.setCurrentWidget(window.maps)
        app.processEvents()
        window.maps.view.fit()
        scene = window.maps.scene
        assert scene is not None
        busiest = max(scene.cards, key=lambda i: len(scene.cards[i].edges))
        scene.select([busiest])
        app.processEvents()
        window.grab().save(str(DOCS / "option-map.png"))
        # The sample's Experiment A3: the section editors and the page as it prints.
        assert window.sheets is not None
        window.tabs.setCurrentWidget(window.sheets)
        app.processEvents()
        window.grab().save(str(DOCS / "a3-sheets.png"))
        # The sample's OKRs: objectives and key results, the selected one's trend chart.
        assert window.okrs is not None
        window.tabs.setCurrentWidget(window.okrs)
        app.processEvents()
        window.grab().save(str(DOCS / "okrs.png"))
        window.close()
    print(f"wrote xmatrix, main-window, option-map, a3-sheets and okrs .png in {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
