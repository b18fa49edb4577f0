"""The OKR views as pages: "okr" (the one-pager of every objective, or "okr:ID" of one) and
"scoreboard" (lag and lead measures per objective on one page). okrdesk.export.pages asks
here for them, so the PDF export, the print preview and the command line print the same."""

from __future__ import annotations

from dataclasses import dataclass, field

from okrdesk.layout.okr_pages import okr_one_pager, scoreboard_picture
from okrdesk.layout.paper import Paper
from okrdesk.layout.picture import Picture
from okrdesk.models.errors import OkrdeskError
from okrdesk.models.snapshot import Snapshot

Bookmark = str | tuple[str, ...] | None
OKR_NAME = "Objectives and key results"
SCOREBOARD_NAME = "Scoreboard"


@dataclass
class OkrPages:
    name: str  # what the pages show, for the document's title and subject
    pages: list[tuple[Picture, Bookmark]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def okr_view_pages(snapshot: Snapshot, view: str, paper: Paper, stamp: str) -> OkrPages:
    """The pages of "okr", "okr:ID" or "scoreboard" on `paper`; `stamp` is the footer's date
    and version. A strategy without objectives, or an unknown id, is refused with a message."""
    kind, _, objective_id = view.partition(":")
    if kind not in ("okr", "scoreboard") or (kind == "scoreboard" and objective_id):
        raise OkrdeskError(f"unknown OKR view {view!r}; choose okr, okr:ID or scoreboard")
    if not snapshot.objectives:
        raise OkrdeskError("this strategy has no objectives; add them on the OKRs tab first")
    footer = f"{snapshot.title.strip() or 'Untitled strategy'} · {stamp}"
    if kind == "scoreboard":
        picture = scoreboard_picture(snapshot, paper, footer)
        return OkrPages(SCOREBOARD_NAME, [(picture, SCOREBOARD_NAME)], list(picture.warnings))
    ids: list[str] | None = None
    name = OKR_NAME
    if objective_id:
        objective = snapshot.objective(objective_id)
        if objective is None:
            raise OkrdeskError(f"no objective with id {objective_id!r} in this strategy")
        ids, name = [objective_id], objective.title.strip() or "Objective"
    pictures = okr_one_pager(snapshot, ids, paper, footer)
    out = OkrPages(name)
    for index, picture in enumerate(pictures):
        out.pages.append((picture, name if index == 0 else None))
        out.warnings += picture.warnings
    return out
