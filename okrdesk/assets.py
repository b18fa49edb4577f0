"""Bundled resources (resources/ installed as okrdesk.resources), found the same way from a
source checkout, an installed wheel and a frozen app: through importlib.resources, never
through the working directory."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

SAMPLE_NAME = "sample.json"


def resource(*parts: str) -> Traversable:
    """A bundled file, e.g. resource("samples", "sample.json")."""
    node = resources.files("okrdesk.resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def sample_json() -> str:
    return resource("samples", SAMPLE_NAME).read_text(encoding="utf-8")


def write_sample_copy(target: Path) -> Path:
    """Write a fresh strategy file from the shipped sample; the shipped JSON is never touched."""
    from okrdesk.models.interchange import parse_json, write_strategy

    write_strategy(target, parse_json(sample_json()), overwrite=True)
    return target
