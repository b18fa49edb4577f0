"""Relationships between outcomes, FOTO provenance and user-defined link kinds: domain
operations mixed into Strategy (through MapOperations). Same rules as Strategy: one committed
transaction per call, undo data returned, InvalidOperation / ReadOnlyError on refusal."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from okrdesk.models.errors import InvalidOperation
from okrdesk.models.kinds import (
    DEFAULT_LINK_COLOR,
    MAX_LINK_KIND_ID_LENGTH,
    SINGULAR_TITLES,
    SYMMETRIC_KINDS,
    ElementKind,
    LinkKind,
    custom_kind_id,
    relation_problem,
)
from okrdesk.models.map_rows import (
    _BUILT_IN,
    _check_label,
    _check_style,
    _kind_data,
    _link_data,
    _new_id,
    _new_kind_id,
)
from okrdesk.models.schema import CustomLinkKind, Element, Link
from okrdesk.models.snapshot import (
    ElementData,
    LinkData,
    LinkKindData,
    Removal,
)


class RelationOperations:
    """Mixed into Strategy, which provides `_write` and `_get`."""

    def _write(self) -> AbstractContextManager[Session]:  # pragma: no cover - see Strategy
        raise NotImplementedError

    @staticmethod
    def _get(s: Session, element_id: str) -> Element:  # pragma: no cover - see Strategy
        raise NotImplementedError

    # -- relationships and FOTO provenance -------------------------------------------------

    def _check_relation(
        self, s: Session, source: str, target: str, kind: str, *, skip: str | None = None
    ) -> None:
        """Refuse a link of `kind` from source to target that would break a rule."""
        if kind == LinkKind.CORRELATION:
            raise InvalidOperation(
                "A correlation is set in the X-Matrix (set_correlation), not as a relationship."
            )
        label, directed = None, kind not in SYMMETRIC_KINDS
        custom = custom_kind_id(kind)
        if custom is not None:
            kind_row = s.get(CustomLinkKind, custom)
            if kind_row is None:
                raise InvalidOperation(f"No link kind with id {custom!r}")
            label, directed = kind_row.label, kind_row.directed
        elif kind not in _BUILT_IN:
            raise InvalidOperation(f"Unknown link kind {kind!r}")
        a, b = self._get(s, source), self._get(s, target)
        if source == target:
            raise InvalidOperation("A link joins two different elements, not one with itself.")
        problem = relation_problem(kind, ElementKind(a.kind), ElementKind(b.kind), label)
        if problem:
            raise InvalidOperation(problem[0].upper() + problem[1:] + ".")
        same = (Link.source_id == source) & (Link.target_id == target)
        if not directed:
            same |= (Link.source_id == target) & (Link.target_id == source)
        query = select(Link.id).where(Link.kind == kind, same)
        if skip is not None:
            query = query.where(Link.id != skip)
        if s.scalar(query) is not None:
            name = f"“{label}”" if label else kind
            raise InvalidOperation(f"“{a.title}” and “{b.title}” already have a {name} link.")

    @staticmethod
    def _relation_row(s: Session, link_id: str) -> Link:
        row = s.get(Link, link_id)
        if row is None:
            raise InvalidOperation(f"No link with id {link_id!r}")
        if row.kind == LinkKind.CORRELATION:
            raise InvalidOperation("A correlation is changed in the X-Matrix (set_correlation).")
        return row

    def add_relation(
        self, source: str, target: str, kind: str, *, link_id: str | None = None
    ) -> LinkData:
        """Link source -> target with `kind` (a LinkKind, or "custom:<id>"); `link_id` names
        the new link (so undo/redo keep ids stable). Undo: remove_relation(link.id)."""
        kind = str(kind)
        with self._write() as s:
            self._check_relation(s, source, target, kind)
            if link_id is not None and s.get(Link, link_id) is not None:
                raise InvalidOperation(f"A link with id {link_id!r} exists already")
            row = Link(id=link_id or _new_id(), source_id=source, target_id=target, kind=kind)
            s.add(row)
            return LinkData(row.id, source, target, kind)

    def remove_relation(self, link_id: str) -> LinkData:
        """Delete a relationship or provenance link; undo: restore_relation(the result)."""
        with self._write() as s:
            row = self._relation_row(s, link_id)
            data = _link_data(row)
            s.delete(row)
            return data

    def restore_relation(self, link: LinkData) -> LinkData:
        """Put back a link remove_relation took away, with its id."""
        return self.add_relation(link.source, link.target, link.kind, link_id=link.id)

    def set_relation_kind(self, link_id: str, kind: str) -> str:
        """Change a relationship's kind; returns the old kind."""
        kind = str(kind)
        with self._write() as s:
            row = self._relation_row(s, link_id)
            old = row.kind
            if kind != old:
                self._check_relation(s, row.source_id, row.target_id, kind, skip=link_id)
                row.kind = kind
            return old

    def chain_outcome(
        self,
        from_id: str,
        title: str,
        *,
        element_id: str | None = None,
        link_id: str | None = None,
    ) -> tuple[ElementData, LinkData]:
        """FOTO in one step: a new outcome flipped from the obstacle `from_id`, or following
        the outcome `from_id` ("and then what happens?"). Undo: delete_elements([new id])."""
        with self._write() as s:
            origin = ElementKind(self._get(s, from_id).kind)
            if origin not in (ElementKind.OBSTACLE, ElementKind.OUTCOME):
                raise InvalidOperation(
                    f"An outcome comes from an obstacle or an outcome, not from a "
                    f"{SINGULAR_TITLES[origin].lower()}."
                )
            count = s.scalar(
                select(func.count()).select_from(Element).where(Element.kind == ElementKind.OUTCOME)
            )
            row = Element(
                id=element_id or _new_id(),
                kind=ElementKind.OUTCOME.value,
                title=title,
                notes="",
                position=count or 0,
                status="",
            )
            s.add(row)
            s.flush()
            kind = LinkKind.FLIPPED_FROM if origin is ElementKind.OBSTACLE else LinkKind.FOLLOWS
            link = Link(
                id=link_id or _new_id(), source_id=row.id, target_id=from_id, kind=kind.value
            )
            s.add(link)
            element = ElementData(row.id, ElementKind.OUTCOME, title, "", row.position, "")
            return element, LinkData(link.id, row.id, from_id, kind.value)

    # -- user-defined link kinds -----------------------------------------------------------

    @staticmethod
    def _kind_row(s: Session, kind_id: str) -> CustomLinkKind:
        row = s.get(CustomLinkKind, custom_kind_id(kind_id) or kind_id)
        if row is None:
            raise InvalidOperation(f"No link kind with id {kind_id!r}")
        return row

    def add_link_kind(
        self,
        label: str,
        *,
        dash: str = "",
        color: str = DEFAULT_LINK_COLOR,
        directed: bool = True,
        kind_id: str | None = None,
    ) -> LinkKindData:
        """Define a link kind (appended to the list); its links have kind `result.kind`.
        Undo: delete_link_kind(result.id)."""
        _check_label(label)
        _check_style(dash, color)
        new = kind_id or _new_kind_id()
        if not 1 <= len(new) <= MAX_LINK_KIND_ID_LENGTH:
            raise InvalidOperation(f"A link kind id has 1 to {MAX_LINK_KIND_ID_LENGTH} characters")
        with self._write() as s:
            if s.get(CustomLinkKind, new) is not None:
                raise InvalidOperation(f"A link kind with id {new!r} exists already")
            count = s.scalar(select(func.count()).select_from(CustomLinkKind)) or 0
            row = CustomLinkKind(
                id=new,
                label=label,
                dash=dash,
                color=color.lower(),
                directed=bool(directed),
                position=count,
            )
            s.add(row)
            return _kind_data(row)

    def rename_link_kind(self, kind_id: str, label: str) -> str:
        """Relabel a user-defined kind; returns the old label."""
        _check_label(label)
        with self._write() as s:
            row = self._kind_row(s, kind_id)
            old, row.label = row.label, label
            return old

    def restyle_link_kind(
        self,
        kind_id: str,
        *,
        dash: str | None = None,
        color: str | None = None,
        directed: bool | None = None,
    ) -> LinkKindData:
        """Change how a user-defined kind's links are drawn (None keeps a value); returns the
        kind as it was, so undo passes its dash, color and directed back."""
        with self._write() as s:
            row = self._kind_row(s, kind_id)
            old = _kind_data(row)
            _check_style(old.dash if dash is None else dash, old.color if color is None else color)
            if directed is False and old.directed:
                a, b = aliased(Link), aliased(Link)
                both_ways = s.scalar(
                    select(a.id)
                    .join(b, (a.source_id == b.target_id) & (a.target_id == b.source_id))
                    .where(a.kind == old.kind, b.kind == old.kind)
                    .limit(1)
                )
                if both_ways is not None:
                    raise InvalidOperation(
                        f"Some “{old.label}” links join two outcomes both ways; remove one of "
                        "each pair before making the kind undirected."
                    )
            if dash is not None:
                row.dash = dash
            if color is not None:
                row.color = color.lower()
            if directed is not None:
                row.directed = bool(directed)
            return old

    def delete_link_kind(self, kind_id: str) -> Removal:
        """Delete a user-defined kind and every link of that kind; `restore` undoes both."""
        with self._write() as s:
            row = self._kind_row(s, kind_id)
            kind = _kind_data(row)
            links = tuple(
                _link_data(r)
                for r in s.scalars(select(Link).where(Link.kind == kind.kind).order_by(Link.id))
            )
            s.execute(delete(Link).where(Link.kind == kind.kind))
            s.delete(row)
            s.execute(
                update(CustomLinkKind)
                .where(CustomLinkKind.position > kind.position)
                .values(position=CustomLinkKind.position - 1)
            )
            return Removal(links=links, link_kinds=(kind,))
