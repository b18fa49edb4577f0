"""Errors with messages meant for the user: one clear line, never a traceback."""

from __future__ import annotations


class OkrdeskError(Exception):
    """Base of every error okrdesk reports to a user; str() is the message to show."""


class StrategyFileError(OkrdeskError):
    """The file cannot be opened, created or written as a strategy file."""


class NotAStrategyFile(StrategyFileError):
    pass


class NewerVersionError(StrategyFileError):
    pass


class DamagedFileError(StrategyFileError):
    pass


class ReadOnlyError(OkrdeskError):
    """An edit was asked of a strategy opened read-only."""


class InvalidOperation(OkrdeskError):
    """A domain rule refused an edit (e.g. a correlation outside the four X-Matrix corners)."""


class ImportProblem(OkrdeskError):
    """A strategy could not be imported; `problems` lists every (json path, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        first = f"{problems[0][0]}: {problems[0][1]}" if problems else "invalid input"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")
