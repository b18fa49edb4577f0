"""Reading typed values out of decoded JSON while collecting every problem with its JSON path.

Shared by the strategy import (interchange_validate, interchange_sheets) and by A3 sheet
template files (sheet_templates), so both word their problems the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

MAX_ID_LENGTH = 64
MISSING = object()  # a key that is absent (None is JSON null)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_E = TypeVar("_E", bound=StrEnum)


def describe(value: Any) -> str:
    """What kind of JSON value `value` is, for a message: "a string", "null", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def member(path: str, key: str) -> str:
    """The JSON path of `key` inside the object at `path`."""
    return f"{path}.{key}" if _IDENTIFIER.fullmatch(key) else f"{path}[{key!r}]"


class JsonChecker:
    """Collects (path, message) problems while reading typed values out of decoded JSON."""

    def __init__(self, version: int = 0) -> None:
        self.problems: list[tuple[str, str]] = []
        self.broken: set[str] = set()  # top-level arrays that are missing or not arrays
        self.version = version  # of the document being read (0: a document without one)

    def newer(self, path: str, what: str, since: int = 2) -> None:
        """Report `what`, which format version `since` introduced, used in an older document."""
        self.add(path, f"{what} came with format version {since}; this document is version "
                       f"{self.version} (write \"version\": {since} to use them)")

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def obj(self, value: Any, path: str, what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"must be an object ({what}), not {describe(value)}")
            return None
        for key in getattr(value, "duplicates", ()):
            self.add(f"{path}.{key}", "given more than once in the same object")
        return value

    def array(self, top: dict[str, Any], key: str, *, required: bool) -> list[Any]:
        value = top.get(key, MISSING)
        if value is MISSING:
            if required:
                self.add(f"$.{key}", "missing (an array, possibly empty)")
                self.broken.add(key)
            return []
        if not isinstance(value, list):
            self.add(f"$.{key}", f"must be an array, not {describe(value)}")
            self.broken.add(key)
            return []
        return value

    def string(
        self, obj: dict[str, Any], key: str, path: str, *, default: str | None = None,
        min_length: int = 0, max_length: int | None = None,
    ) -> str | None:
        """The string at obj[key]; `default` when absent (absent is a problem when None)."""
        path = f"{path}.{key}"
        value = obj.get(key, MISSING)
        if value is MISSING:
            if default is None:
                self.add(path, "missing")
            return default
        if not isinstance(value, str):
            self.add(path, f"must be a string, not {describe(value)}")
            return None
        if not self.text_ok(value, path):
            return None
        if len(value) < min_length:
            self.add(path, "must not be empty")
            return None
        if max_length is not None and len(value) > max_length:
            self.add(path, f"is {len(value)} characters long; at most {max_length} are allowed")
            return None
        return value

    def text_ok(self, value: str, path: str) -> bool:
        bad = _SURROGATE.search(value)
        if bad:
            self.add(path, f"contains a lone surrogate (\\u{ord(bad.group()):04x}) at character "
                           f"{bad.start()}, which is not valid Unicode text")
        return bad is None

    def ident(
        self, obj: dict[str, Any], key: str, path: str, max_length: int = MAX_ID_LENGTH
    ) -> str | None:
        return self.string(obj, key, path, min_length=1, max_length=max_length)

    def choice(
        self, obj: dict[str, Any], key: str, path: str, enum: type[_E], what: str,
        default: _E | None = None, allowed: Iterable[_E] | None = None,
    ) -> _E | None:
        """A member of `enum`; `allowed` lists those this document's version may use."""
        text = self.string(obj, key, path, default=None if default is None else default.value)
        if text is None:
            return None
        names = [m.value for m in (enum if allowed is None else allowed)]
        try:
            value = enum(text)
        except ValueError:
            value = None
        if value is not None and value.value in names:
            return value
        if value is not None:  # known to okrdesk, not to this document's version
            self.newer(f"{path}.{key}", f"{text!r} {what}s")
        else:
            choices = ", ".join(names)
            self.add(f"{path}.{key}", f"unknown {what} {text!r}; expected one of: {choices}")
        return None

    def boolean(self, obj: dict[str, Any], key: str, path: str, default: bool) -> bool | None:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.add(f"{path}.{key}", f"must be true or false, not {describe(value)}")
            return None
        return value

    def number(self, obj: dict[str, Any], key: str, path: str) -> float | None:
        value = obj.get(key, MISSING)
        if value is MISSING:
            self.add(f"{path}.{key}", "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"{path}.{key}", f"must be a number, not {describe(value)}")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.add(f"{path}.{key}", "must be a finite number (this one is too large)")
            return None
        return number + 0.0  # -0.0 is 0.0, as SQLite stores it

    def unique(self, seen: dict[Any, str], key: Any, path: str, message: str) -> bool:
        """Record key at path; report (and return False) when it was already seen."""
        if key in seen:
            self.add(path, f"{message} (first at {seen[key]})")
            return False
        seen[key] = path
        return True
