"""A3 sheets as pages: each sheet on one page of the chosen paper (A3 landscape by default),
its text fitted; what does not fit even at the smallest legible size is reported, not lost
silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from okrdesk.layout.a3_sheet import sheet_picture
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.snapshot import Snapshot

Bookmark = str | tuple[str, ...] | None


@dataclass
class SheetPages:
    pages: list[tuple[Picture, Bookmark]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sheet_pages(
    snapshot: Snapshot, sheet_id: str, paper: Paper, stamp: str, *, parent: str = ""
) -> SheetPages:
    """Every sheet (`sheet_id` "") or the one with that id, in their order."""
    sheets = list(snapshot.sheets)
    if sheet_id:
        sheets = [s for s in sheets if s.id == sheet_id]
        if not sheets:
            raise OkrdeskError(f"no A3 sheet with id {sheet_id!r} in this strategy")
    elif not sheets:
        raise OkrdeskError("this strategy has no A3 sheets")
    title = snapshot.title.strip() or "Untitled strategy"
    out = SheetPages()
    for sheet in sheets:
        template = snapshot.template(sheet.template_id)
        if template is None:  # the model refuses this; a damaged file still prints the rest
            out.warnings.append(f"A3 sheet '{sheet.title}' has an unknown template; skipped.")
            continue
        linked = snapshot.element(sheet.element_id) if sheet.element_id else None
        picture = sheet_picture(
            sheet,
            template,
            aligned_title=linked.title if linked else "",
            paper=paper,
            stamp=f"{title} · {stamp}",
        )
        name = sheet.title.strip() or template.title
        out.pages.append((picture, (parent, name) if parent else name))
        out.warnings += picture.warnings
    return out
