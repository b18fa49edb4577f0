"""Shared fixtures. Model fixtures need no Qt: a real strategy file in a temporary folder."""

from __future__ import annotations

import os

# One setting for the whole run, before anything imports Qt: no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from okrdesk.models.storage import StrategyFile
from okrdesk.models.strategy import Strategy


@pytest.fixture
def strategy_path(tmp_path: Path) -> Path:
    """Where the `strategy_file` fixture creates its file."""
    return tmp_path / "strategy.okrdesk"


@pytest.fixture
def strategy_file(strategy_path: Path) -> Iterator[StrategyFile]:
    """A freshly created, empty strategy file, open read-write; closed after the test."""
    opened = StrategyFile.create(strategy_path, "Test strategy")
    yield opened
    opened.close()


@pytest.fixture
def strategy(strategy_file: StrategyFile) -> Strategy:
    """Domain operations over `strategy_file`."""
    return Strategy(strategy_file)
