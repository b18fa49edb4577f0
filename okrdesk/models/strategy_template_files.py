"""Strategy template files: reading and checking one, listing the built-ins and a user's, and
saving a user's. (What a template is: strategy_templates.py.)

The built-ins ship in resources/templates/strategy, found through okrdesk.assets as the A3
templates are, so a checkout, a wheel and the frozen app list the same ones. A user's templates
are the *.json files of one folder; the view layer says which (QStandardPaths is Qt's). A file
that cannot be used (not JSON, another program's JSON, a newer okrdesk's, a broken strategy) is
listed as unusable with the reason, never raised: one bad file must not hide the others.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrdesk.assets import resource
from okrdesk.models.errors import ImportProblem, OkrdeskError, StrategyFileError
from okrdesk.models.interchange import MAX_INPUT_BYTES, decode_json
from okrdesk.models.interchange_validate import FORMAT_NAME, validate_value
from okrdesk.models.json_checks import MISSING, describe
from okrdesk.models.storage import write_text_atomic
from okrdesk.models.strategy_templates import (
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    TEMPLATE_KEY,
    TEMPLATE_VERSION,
    StrategyTemplate,
    TemplateProblem,
    template_text,
)

# The built-ins in the order okrdesk offers them (one file each in templates/strategy).
BUILTIN_FILES = ("empty-taste.json", "classic-hoshin.json", "wholehearted-okr.json")
TEMPLATE_SUFFIX = ".json"
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]')


@dataclass(frozen=True)
class TemplateEntry:
    """One line of the list of templates: a usable template, or why a file is not one."""

    name: str  # the template's name; the file's name when it cannot be read
    source: str  # where it came from: the file's path, or "built-in"
    builtin: bool
    template: StrategyTemplate | None = None
    problem: str = ""  # why it is not usable ("" when it is)

    @property
    def usable(self) -> bool:
        return self.template is not None


# -- one template ------------------------------------------------------------------------------


def parse_template(
    data: str | bytes, *, builtin: bool = False, fallback_name: str = ""
) -> StrategyTemplate:
    """A template from the text of a template file; TemplateProblem says why it is not one.

    An okrdesk JSON export without a header is a template too: the whole strategy, named by
    its title (else `fallback_name`).
    """
    try:
        value = decode_json(data)
    except ImportProblem as problem:
        raise TemplateProblem(_reason(problem)) from None
    if not isinstance(value, dict) or value.get("format") != FORMAT_NAME:
        raise TemplateProblem(
            f'not an okrdesk template (another program\'s JSON: it has no "format": '
            f'"{FORMAT_NAME}")'
        )
    header = value.get(TEMPLATE_KEY, MISSING)
    try:
        document = validate_value(value)
    except ImportProblem as problem:
        raise TemplateProblem(_reason(problem)) from None
    if header is MISSING:
        name = " ".join(document.title.split())[:MAX_NAME_LENGTH] or fallback_name or "Untitled"
        return StrategyTemplate(
            name, "An okrdesk JSON export, used whole (with its content).", document, {},
            with_content=True, builtin=builtin,
        )
    name, description, content, settings = _header(header)
    return StrategyTemplate(name, description, document, settings, content, builtin)


def _header(header: Any) -> tuple[str, str, bool, dict[str, Any]]:
    """(name, description, with content, settings) from a template header, checked."""
    where = f"$.{TEMPLATE_KEY}"
    if not isinstance(header, dict):
        raise TemplateProblem(f"{where}: must be an object, not {describe(header)}")
    version = header.get("version", TEMPLATE_VERSION)
    if isinstance(version, bool) or not isinstance(version, int | float) or version < 1:
        raise TemplateProblem(f"{where}.version: must be a whole number from 1")
    if version > TEMPLATE_VERSION:
        raise TemplateProblem(
            f"made by a newer okrdesk (template version {version:g}; this okrdesk reads version "
            f"{TEMPLATE_VERSION}): update okrdesk to use it"
        )
    name = header.get("name", MISSING)
    if not isinstance(name, str) or not name.strip():
        raise TemplateProblem(f"{where}.name: missing (a template needs a name)")
    if len(name) > MAX_NAME_LENGTH:
        raise TemplateProblem(f"{where}.name: longer than {MAX_NAME_LENGTH} characters")
    description = header.get("description", "")
    if not isinstance(description, str) or len(description) > MAX_DESCRIPTION_LENGTH:
        raise TemplateProblem(
            f"{where}.description: must be a text of at most {MAX_DESCRIPTION_LENGTH:,} characters"
        )
    content = header.get("content", False)
    if not isinstance(content, bool):
        raise TemplateProblem(f"{where}.content: must be true or false, not {describe(content)}")
    settings = header.get("settings", {})
    if not isinstance(settings, dict):
        raise TemplateProblem(f"{where}.settings: must be an object, not {describe(settings)}")
    xmatrix = settings.get("xmatrix", {})
    if not isinstance(xmatrix, dict):
        raise TemplateProblem(
            f"{where}.settings.xmatrix: must be an object, not {describe(xmatrix)}"
        )
    return " ".join(name.split()), description, content, dict(settings)


def _reason(problem: ImportProblem) -> str:
    """An import problem as one line: the first problem (paths only inside the document)."""
    where, what = problem.problems[0] if problem.problems else ("$", str(problem))
    more = len(problem.problems) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    return (what if where == "$" else f"{where}: {what}") + tail


def read_template(path: Path | str, *, builtin: bool = False) -> StrategyTemplate:
    """A template from a file; TemplateProblem says why the file is not usable."""
    path = Path(path)
    try:
        facts = path.stat()
        if not stat.S_ISREG(facts.st_mode):
            raise TemplateProblem("not a regular file")
        if facts.st_size > MAX_INPUT_BYTES:
            raise TemplateProblem(f"too large ({facts.st_size:,} bytes)")
        data = path.read_bytes()
    except PermissionError:
        raise TemplateProblem("cannot be read (permission denied)") from None
    except OSError as exc:
        raise TemplateProblem(f"cannot be read ({exc.strerror or exc})") from None
    return parse_template(data, builtin=builtin, fallback_name=path.stem)


# -- listing ----------------------------------------------------------------------------------


def builtin_entries() -> list[TemplateEntry]:
    """The templates okrdesk ships, in their order."""
    entries = []
    for name in BUILTIN_FILES:
        try:
            data = resource("templates", "strategy", name).read_bytes()
            template = parse_template(data, builtin=True, fallback_name=name)
        except (OSError, OkrdeskError) as exc:  # a broken installation: say so, go on
            entries.append(TemplateEntry(name, "built-in", True, None, str(exc)))
        else:
            entries.append(TemplateEntry(template.name, "built-in", True, template))
    return entries


def user_entries(folder: Path) -> list[TemplateEntry]:
    """The templates in a user's folder, by name; none when the folder does not exist."""
    try:
        files = sorted(
            p for p in folder.iterdir() if p.suffix.lower() == TEMPLATE_SUFFIX
        ) if folder.is_dir() else []
    except OSError as exc:
        reason = f"the templates folder cannot be read ({exc.strerror or exc})"
        return [TemplateEntry(folder.name, str(folder), False, None, reason)]
    entries = []
    for path in files:
        try:
            template = read_template(path)
        except TemplateProblem as problem:
            entries.append(TemplateEntry(path.name, str(path), False, None, str(problem)))
        else:
            entries.append(TemplateEntry(template.name, str(path), False, template))
    return sorted(entries, key=lambda e: (e.name.casefold(), e.source))


def list_templates(user_folder: Path | None) -> list[TemplateEntry]:
    """The built-in templates, then the user's (when there is a folder)."""
    return builtin_entries() + (user_entries(user_folder) if user_folder is not None else [])


# -- saving -----------------------------------------------------------------------------------


def user_template_path(folder: Path, name: str) -> Path:
    """Where a user's template called `name` is saved: a file name every system accepts."""
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    stem = " ".join(_UNSAFE_IN_NAMES.sub("-", visible).split()).strip(" .")
    while len(f"{stem}{TEMPLATE_SUFFIX}".encode()) > 200:
        stem = stem[:-1].rstrip(" .")
    return folder / f"{stem or 'template'}{TEMPLATE_SUFFIX}"


def save_template(template: StrategyTemplate, path: Path) -> None:
    """Write a template file atomically, creating its folder; StrategyFileError says why not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise StrategyFileError(
            f"{path.parent}: the templates folder cannot be created (permission denied)"
        ) from None
    except OSError as exc:
        raise StrategyFileError(
            f"{path.parent}: the templates folder cannot be created ({exc.strerror or exc})"
        ) from None
    write_text_atomic(path, template_text(template))
