"""Exports for slides, wikis and git, and Edit > Copy as Image.

File menu, next to Export PDF:
* Export as Image…: the view in front (the same pages Export PDF makes, on the same paper) as
  PNG at a chosen resolution (72-600 dpi) or as SVG; one file per page, numbered when several.
* Export Map as DOT/Mermaid…: the map on the Maps tab (every Option Relationship Map from
  other tabs) as Graphviz DOT (.dot, .gv) or a Mermaid flowchart (.mmd).
* Export X-Matrix as Markdown…: the X-Matrix summary (.md).
Edit menu: Copy as Image (Ctrl+Shift+C): the selection on the X-Matrix or map canvas (or the
whole canvas) onto the clipboard as an image, with SVG alongside.

Dialogs go through `ask_*` methods; every file is rendered in full before any is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMenu

from okrdesk.models.atomic import write_bytes_atomic, write_text_atomic
from okrdesk.models.errors import OkrdeskError
from okrdesk.views.file_actions import suggested_name

if TYPE_CHECKING:
    from okrdesk.export.pages import PageSet
    from okrdesk.views.canvas_image import CanvasRegion
    from okrdesk.views.main_window import MainWindow

PNG_FILTER = "PNG image (*.png)"
SVG_FILTER = "SVG drawing (*.svg)"
DOT_FILTER = "Graphviz DOT (*.dot *.gv)"
MERMAID_FILTER = "Mermaid flowchart (*.mmd)"
MARKDOWN_FILTER = "Markdown (*.md)"
DPI_RANGE = (72, 600)
DPI_KEY = "image/dpi"


def page_files(out: Path, count: int) -> list[Path]:
    """`out` for one page; out-1, out-2 … (same suffix) for several, as the command line."""
    if count == 1:
        return [out]
    width = len(str(count))
    return [out.with_name(f"{out.stem}-{i:0{width}d}{out.suffix}") for i in range(1, count + 1)]


def _chosen_suffix(path: str, name_filter: str, suffixes: dict[str, str]) -> Path:
    """The path with a suffix of the formats offered: its own when it has one, else the one
    of the filter chosen (`suffixes` maps filters to their first suffix)."""
    target = Path(path)
    offered = {s for f in suffixes for s in f[f.index("(") + 1 : -1].replace("*", "").split()}
    if target.suffix.lower() in offered:
        return target
    return target.with_name(target.name + suffixes.get(name_filter, next(iter(suffixes.values()))))


class ImageActions:
    def __init__(self, window: MainWindow, file_menu: QMenu, edit_menu: QMenu) -> None:
        self.window = window
        self.export_image_action = self._action("Export as &Image…", self.export_image)
        self.export_graph_action = self._action(
            "Export Map as DOT/&Mermaid…", self.export_map_graph
        )
        self.export_markdown_action = self._action(
            "Export X-Matrix as Mark&down…", self.export_markdown
        )
        self.copy_image_action = self._action(
            "Copy as I&mage", self.copy_image, QKeySequence("Ctrl+Shift+C")
        )
        exports = [self.export_image_action, self.export_graph_action, self.export_markdown_action]
        file_menu.insertActions(window.paper.preview_action, exports)
        edit_menu.addSeparator()
        edit_menu.addAction(self.copy_image_action)
        self.actions = [*exports, self.copy_image_action]
        window.document_actions += self.actions

    def _action(
        self, text: str, slot: Callable[[], None], shortcut: QKeySequence | None = None
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # Dialogs, kept apart so tests can answer them.
    def ask_path(self, caption: str, filters: list[str], suggested: str) -> tuple[str, str]:
        """The path typed and the filter chosen ("" when cancelled)."""
        recent = self.window.files.recent_files()
        folder = Path(recent[0]).parent if recent else Path.home()
        return QFileDialog.getSaveFileName(
            self.window, caption, str(folder / suggested), ";;".join(filters), filters[0]
        )

    def ask_dpi(self) -> int | None:
        stored = self.window.settings.value(DPI_KEY, 150)
        last = int(str(stored)) if str(stored).isdigit() else 150
        value, ok = QInputDialog.getInt(
            self.window,
            "Export as Image",
            "Resolution of the PNG (dots per inch):",
            min(max(last, DPI_RANGE[0]), DPI_RANGE[1]),
            *DPI_RANGE,
        )
        if not ok:
            return None
        self.window.settings.setValue(DPI_KEY, value)
        return int(value)

    def _target(self, caption: str, suffixes: dict[str, str], suggested: str) -> Path | None:
        path, chosen = self.ask_path(caption, list(suffixes), suggested)
        if not path:
            return None
        target = _chosen_suffix(path, chosen, suffixes)
        if self.window.files.is_open(target):
            self.window.show_error(f"{target.name} is the strategy open now; choose another name.")
            return None
        return target

    def _done(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 5000)

    # Export as Image.
    def export_image(self) -> None:
        paper, doc = self.window.paper, self.window.doc
        view = paper.current_view() if doc is not None else None
        pages = paper.pages_for(view) if doc is not None and view is not None else None
        if doc is None or pages is None:
            return
        name = f"{doc.file.path.stem} {pages.title.rpartition(': ')[2]}"
        suffixes = {PNG_FILTER: ".png", SVG_FILTER: ".svg"}
        target = self._target("Export as Image", suffixes, suggested_name(name, ".png"))
        if target is None:
            return
        dpi = self.ask_dpi() if target.suffix.lower() == ".png" else None
        if target.suffix.lower() == ".png" and dpi is None:
            return
        try:
            written = self._write_pages(pages, target, dpi)
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self._done(written)

    def _write_pages(self, pages: PageSet, target: Path, dpi: int | None) -> str:
        """Every page rendered, then written; what was written, for the status bar."""
        targets = page_files(target, len(pages.pages))
        for path in targets:
            if self.window.files.is_open(path):
                raise OkrdeskError(f"{path.name} is the strategy open now; choose another name.")
        if dpi is None:
            from okrdesk.export.svg import svg_bytes

            contents = [svg_bytes(picture) for picture, _bookmark in pages.pages]
            size = ""
        else:
            from okrdesk.views.raster import pixel_size, png_bytes

            contents = [png_bytes(picture, dpi) for picture, _bookmark in pages.pages]
            width, height = pixel_size(pages.pages[0][0], dpi)
            size = f", {width} × {height} px at {dpi} dpi"
        for path, content in zip(targets, contents, strict=True):
            write_bytes_atomic(path, content)
        count = len(targets)
        names = targets[0].name if count == 1 else f"{targets[0].name} … {targets[-1].name}"
        return f"Exported {names} ({count} page{'s' if count != 1 else ''}{size})"

    # Export Map as DOT/Mermaid.
    def _map_view(self) -> str:
        """The map on the Maps tab when it is in front, else every Option Relationship Map."""
        window, doc = self.window, self.window.doc
        scene = window.maps.scene if window.maps is not None else None
        if doc is None or scene is None or window.tabs.currentWidget() is not window.maps:
            return "orm"
        map_data = doc.snapshot().map(scene.map_id)
        if map_data is None:
            return "orm"
        from okrdesk.layout.map_views import VIEW_OF_KIND

        return f"{VIEW_OF_KIND[map_data.kind]}:{map_data.id}"

    def export_map_graph(self) -> None:
        from okrdesk.export.dot import render_dot
        from okrdesk.export.map_graph import map_graphs
        from okrdesk.export.mermaid import render_mermaid

        doc = self.window.doc
        if doc is None:
            return
        try:
            graphs = map_graphs(doc.snapshot(), self._map_view())
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        name = suggested_name(f"{doc.file.path.stem} {graphs.maps[0].title}", ".dot")
        suffixes = {DOT_FILTER: ".dot", MERMAID_FILTER: ".mmd"}
        target = self._target("Export Map as DOT/Mermaid", suffixes, name)
        if target is None:
            return
        mermaid = target.suffix.lower() == ".mmd"
        text = render_mermaid(graphs) if mermaid else render_dot(graphs)
        self._write_text(target, text)

    # Export X-Matrix as Markdown.
    def export_markdown(self) -> None:
        from okrdesk.export.markdown import xmatrix_markdown

        doc = self.window.doc
        if doc is None:
            return
        name = suggested_name(f"{doc.file.path.stem} X-Matrix", ".md")
        target = self._target("Export X-Matrix as Markdown", {MARKDOWN_FILTER: ".md"}, name)
        if target is not None:
            self._write_text(target, xmatrix_markdown(doc.snapshot()))

    def _write_text(self, target: Path, text: str) -> None:
        try:
            write_text_atomic(target, text)
        except OkrdeskError as error:
            self.window.show_error(str(error))
            return
        self._done(f"Exported {target.name}")

    # Copy as Image.
    def canvas_region(self) -> CanvasRegion | None:
        """What Copy as Image copies from the tab in front, or None when it has no canvas."""
        from okrdesk.views.canvas_image import map_region, xmatrix_region

        window = self.window
        current = window.tabs.currentWidget()
        if window.xmatrix is not None and current is window.xmatrix:
            return xmatrix_region(window.xmatrix.scene)
        if window.maps is not None and current is window.maps and window.maps.scene is not None:
            return map_region(window.maps.scene)
        return None

    def copy_image(self) -> None:
        from okrdesk.views.canvas_image import region_svg, render_region

        region = self.canvas_region() if self.window.doc is not None else None
        if region is None:
            self._done("Copy as Image copies from the X-Matrix or a map: show one first.")
            return
        image = render_region(region)
        mime = QMimeData()
        mime.setImageData(image)
        mime.setData("image/svg+xml", region_svg(region))
        QApplication.clipboard().setMimeData(mime)
        self._done(f"Copied {region.what} as an image ({image.width()} × {image.height()} px)")
