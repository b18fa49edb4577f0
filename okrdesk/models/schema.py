"""SQLAlchemy 2.0 typed tables of a strategy file (schema version SCHEMA_VERSION).

Ids are stable strings (UUID4 hex by default) so exports round-trip. Order within a
section is a dense 0..n-1 `position` per element kind.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The version and tables of the schema are in file_facts, which needs no SQLAlchemy.
from okrdesk.models.file_facts import APPLICATION_ID as APPLICATION_ID
from okrdesk.models.file_facts import OKR_TABLES as OKR_TABLES
from okrdesk.models.file_facts import SCHEMA_VERSION as SCHEMA_VERSION
from okrdesk.models.file_facts import TABLES_BY_VERSION as TABLES_BY_VERSION


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


class Objective(Base):
    """An OKR objective (schema 5). `kind` is committed or aspirational; the period's dates are
    ISO YYYY-MM-DD or ""; `position` orders the objectives."""

    __tablename__ = "objective"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="committed")
    period_start: Mapped[str] = mapped_column(String(10), default="")
    period_end: Mapped[str] = mapped_column(String(10), default="")
    owner: Mapped[str] = mapped_column(Text, default="")
    wig: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ObjectiveAlignment(Base):
    """A parent an objective aligns to (schema 5): a strategy, an aspiration or another
    objective. Parents live in two tables, so `parent_id` has no foreign key: the operations
    keep it pointing at something (deleting a parent deletes its alignments). `position` is the
    parent's place in the objective's list."""

    __tablename__ = "objective_alignment"
    objective_id: Mapped[str] = mapped_column(ForeignKey("objective.id"), primary_key=True)
    parent_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class KeyResult(Base):
    """A key result of an objective (schema 5). Its current value is not stored: it is the
    value of its latest check-in. `balances_id` is the key result it balances, if any."""

    __tablename__ = "key_result"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    objective_id: Mapped[str] = mapped_column(ForeignKey("objective.id"), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[float] = mapped_column(Float, default=0.0)
    target: Mapped[float] = mapped_column(Float, default=1.0)
    unit: Mapped[str] = mapped_column(String(32), default="")
    direction: Mapped[str] = mapped_column(String(16), default="increase")
    indicator: Mapped[str] = mapped_column(String(16), default="lagging")
    balances_id: Mapped[str | None] = mapped_column(
        ForeignKey("key_result.id"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)  # within its objective


class KeyResultMeasure(Base):
    """Evidence a key result measures (schema 5), in the key result's order."""

    __tablename__ = "key_result_measure"
    key_result_id: Mapped[str] = mapped_column(ForeignKey("key_result.id"), primary_key=True)
    element_id: Mapped[str] = mapped_column(ForeignKey("element.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CheckIn(Base):
    """One check-in on a key result (schema 5): at most one per key result and date, and the
    whole history is kept."""

    __tablename__ = "check_in"
    key_result_id: Mapped[str] = mapped_column(ForeignKey("key_result.id"), primary_key=True)
    date: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO YYYY-MM-DD
    value: Mapped[float] = mapped_column(Float)
    confidence: Mapped[int] = mapped_column(Integer, default=5)  # 0..10
    note: Mapped[str] = mapped_column(Text, default="")

