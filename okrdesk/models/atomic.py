"""Writing a file so that a crash or a full disk never leaves half of it behind: build it in a
temporary file beside the target, flush it to the disk, then rename it into place.

Plain files only (no SQLAlchemy), so the headless exports and the GUI's first paint do not
pay for the database layer; storage.py builds strategy files with the same helpers.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from okrdesk.models.errors import StrategyFileError


@contextlib.contextmanager
def temp_beside(target: Path) -> Iterator[Path]:
    """A temporary path in target's folder, not yet created (SQLite must create a database
    itself), removed with any SQLite side files unless the caller renamed it away."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(name)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        for extra in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            with contextlib.suppress(FileNotFoundError):
                extra.unlink()


def fsync_and_replace(tmp: Path, target: Path) -> None:
    """Flush `tmp` to the disk and rename it over `target` (and the rename itself, where the
    system lets a folder be flushed)."""
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_text_atomic(target: Path, content: str) -> None:
    """Write a text export so a crash or a full disk never leaves half a file behind."""
    write_bytes_atomic(target, content.encode("utf-8"))


def write_bytes_atomic(target: Path, content: bytes) -> None:
    """Write an export beside the target, then rename it into place."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            fsync_and_replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    except PermissionError:
        raise StrategyFileError(f"{target.parent}: folder is read-only, cannot write") from None
    except FileNotFoundError:
        raise StrategyFileError(f"{target.parent}: no such folder") from None
    except OSError as exc:
        raise StrategyFileError(f"{target.name}: cannot be written ({exc.strerror})") from None
