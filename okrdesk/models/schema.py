"""SQLAlchemy 2.0 typed tables of a strategy file (schema version SCHEMA_VERSION).

Ids are stable strings (UUID4 hex by default) so exports round-trip. Order within a
section is a dense 0..n-1 `position` per element kind.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SCHEMA_VERSION = 4
# The application id okrdesk writes into the SQLite header ("OKRD"), so a strategy file is
# recognisable even by tools that know nothing of okrdesk.
APPLICATION_ID = 0x4F4B5244


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about the file: schema_version, title, settings (JSON text)."""

    __tablename__ = "okrdesk_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Element(Base):
    __tablename__ = "element"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Added in schema 2: a free status word (e.g. a tactic's experiment stage).
    status: Mapped[str] = mapped_column(String(32), default="")


class Link(Base):
    __tablename__ = "link"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "kind"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("element.id"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("element.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    strength: Mapped[str | None] = mapped_column(String(16), nullable=True)


class Party(Base):
    """A person or a team who can own elements (schema 2)."""

    __tablename__ = "party"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="person")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Ownership(Base):
    """Who leads, supports or is consulted on an element (schema 2)."""

    __tablename__ = "ownership"
    party_id: Mapped[str] = mapped_column(ForeignKey("party.id"), primary_key=True)
    element_id: Mapped[str] = mapped_column(ForeignKey("element.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))


class CustomLinkKind(Base):
    """A link kind the user defined (schema 3); its links have kind "custom:<id>"."""

    __tablename__ = "link_kind"
    id: Mapped[str] = mapped_column(String(25), primary_key=True)
    label: Mapped[str] = mapped_column(Text, default="")
    dash: Mapped[str] = mapped_column(String(32), default="")  # "" solid, "4 2" dashed
    color: Mapped[str] = mapped_column(String(7), default="#555555")  # "#rrggbb"
    directed: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Map(Base):
    """An option map or a Plan on a Page (schema 3); `settings` is a JSON object as text."""

    __tablename__ = "map"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[str] = mapped_column(Text, default="{}")


class Placement(Base):
    """Where an element sits on one map (schema 3); `horizon` is a Plan on a Page column."""

    __tablename__ = "placement"
    map_id: Mapped[str] = mapped_column(ForeignKey("map.id"), primary_key=True)
    element_id: Mapped[str] = mapped_column(ForeignKey("element.id"), primary_key=True, index=True)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    horizon: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SheetTemplate(Base):
    """An A3 sheet template of this file (schema 4); the built-ins are not stored.
    `sections` is a JSON array of the sections (see sheet_templates.sections_text): a
    template is read and written as a whole, never queried by section."""

    __tablename__ = "sheet_template"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    header_label: Mapped[str] = mapped_column(Text, default="")
    sections: Mapped[str] = mapped_column(Text, default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Sheet(Base):
    """An A3 sheet (schema 4). `template_id` names a built-in or a sheet_template row, so it
    has no foreign key; `element_id` is what its header links to, if anything."""

    __tablename__ = "sheet"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    element_id: Mapped[str | None] = mapped_column(
        ForeignKey("element.id"), nullable=True, index=True
    )
    author: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(10), default="")  # ISO YYYY-MM-DD or ""
    position: Mapped[int] = mapped_column(Integer, default=0)


class SheetText(Base):
    """What one section of a sheet says (schema 4); an empty section has no row."""

    __tablename__ = "sheet_text"
    sheet_id: Mapped[str] = mapped_column(ForeignKey("sheet.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")


_V2 = frozenset({"okrdesk_meta", "element", "link", "party", "ownership"})
_V3 = _V2 | {"link_kind", "map", "placement"}
TABLES_BY_VERSION: dict[int, frozenset[str]] = {
    1: frozenset({"okrdesk_meta", "element", "link"}),
    2: _V2,
    3: _V3,
    4: _V3 | {"sheet_template", "sheet", "sheet_text"},
}
