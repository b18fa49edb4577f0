"""The headless commands in a pipeline: a reader that stops early gets no error noise."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from okrdesk.assets import sample_json
from okrdesk.models.interchange import parse_json, write_strategy


def test_check_into_a_reader_that_stops_early_says_nothing_on_stderr(tmp_path: Path) -> None:
    if shutil.which("head") is None:
        pytest.fail("coreutils' head is needed for this pipeline test")
    path = tmp_path / "sample.okrdesk"
    write_strategy(path, parse_json(sample_json()))
    command = f"'{sys.executable}' -m okrdesk check '{path}' | head -c 0"
    for _attempt in range(3):  # the race between writer and reader: try a few times
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=60
        )
        assert "internal error" not in done.stderr
        assert "Traceback" not in done.stderr
