"""Installing okrdesk: the desktop integration scripts/install-desktop puts in a user's
~/.local/share (menu entry, .okrdesk file type, icons) and takes out again, and bundled
resources found through importlib.resources when the package is a zip, as in a wheel."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from okrdesk.assets import write_sample_copy
from okrdesk.cli import main as checkout_main

REPO = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _clone(tmp_path: Path, frozen: bool) -> Path:
    """The parts of a clone install-desktop reads, with a stand-in frozen app if asked."""
    clone = tmp_path / "clone"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "install-desktop", clone / "scripts")
    shutil.copytree(REPO / "resources", clone / "resources")
    if frozen:
        app = clone / "dist" / "okrdesk" / "okrdesk"
        (app.parent / "_internal").mkdir(parents=True)
        app.write_text("#!/bin/sh\necho okrdesk frozen\n")
        app.chmod(0o755)
    return clone


def _install(clone: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}
    return subprocess.run([str(clone / "scripts" / "install-desktop"), *args], env=env,
                          capture_output=True, text=True, timeout=120)


def _exec_line(home: Path) -> str:
    entry = home / ".local/share/applications/okrdesk.desktop"
    [line] = [x for x in entry.read_text().splitlines() if x.startswith("Exec=")]
    return line


def test_install_adds_the_menu_entry_file_type_and_icons(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = tmp_path / "bin" / "okrdesk"
    app.parent.mkdir()
    app.write_text("#!/bin/sh\n")
    app.chmod(0o755)
    result = _install(_clone(tmp_path, frozen=False), home, "--app", str(app))
    assert result.returncode == 0, result.stderr
    share = home / ".local" / "share"
    assert _exec_line(home) == f"Exec={app} %f"
    entry = (share / "applications" / "okrdesk.desktop").read_text()
    assert "MimeType=application/x-okrdesk;" in entry and "Icon=okrdesk" in entry
    for size in SIZES:
        icon = share / f"icons/hicolor/{size}x{size}/apps/okrdesk.png"
        assert icon.read_bytes() == (REPO / f"resources/icons/okrdesk-{size}.png").read_bytes()
        assert (share / f"icons/hicolor/{size}x{size}/mimetypes/application-x-okrdesk.png").exists()
    assert (share / "icons/hicolor/scalable/apps/okrdesk.svg").exists()
    assert (share / "mime/packages/okrdesk.xml").read_bytes() == (
        REPO / "resources/desktop/okrdesk-mime.xml"
    ).read_bytes()
    if shutil.which("desktop-file-validate"):
        installed = share / "applications" / "okrdesk.desktop"
        check = subprocess.run(["desktop-file-validate", str(installed)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database (shared-mime-info) is not installed")
def test_strategy_files_are_recognised_by_name_and_by_content(tmp_path: Path) -> None:
    """After install, a .okrdesk file is an okrdesk strategy, and so is one that lost its
    name (SQLite header + application id "OKRD"); any other SQLite file is not."""
    home = tmp_path / "home"
    assert _install(_clone(tmp_path, frozen=False), home, "--app", sys.executable).returncode == 0
    named = write_sample_copy(tmp_path / "acme.okrdesk")
    renamed = tmp_path / "strategy-backup"
    shutil.copy(named, renamed)
    plain = tmp_path / "notes"
    connection = sqlite3.connect(plain)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    probe = (
        "import sys\nfrom PySide6.QtCore import QCoreApplication, QMimeDatabase\n"
        "app = QCoreApplication([])\n"
        "print(*(QMimeDatabase().mimeTypeForFile(p).name() for p in sys.argv[1:]))\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}
    result = subprocess.run([sys.executable, "-c", probe, str(named), str(renamed), str(plain)],
                            env=env, capture_output=True, text=True, timeout=60)
    kinds = result.stdout.split()
    assert kinds[:2] == ["application/x-okrdesk", "application/x-okrdesk"], result.stderr
    assert kinds[2] != "application/x-okrdesk"


def test_a_frozen_build_is_copied_and_linked_and_uninstall_removes_only_okrdesks_files(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    clone = _clone(tmp_path, frozen=True)
    result = _install(clone, home)
    assert result.returncode == 0, result.stderr
    copied = home / ".local/share/okrdesk/app/okrdesk"
    assert _exec_line(home) == f"Exec={copied} %f"
    shutil.rmtree(clone / "dist")  # the installed app no longer needs the clone
    command = home / ".local/bin/okrdesk"
    assert command.is_symlink() and command.resolve() == copied.resolve()
    assert subprocess.run([str(command)], capture_output=True, text=True).stdout == (
        "okrdesk frozen\n"
    )

    own_sample = home / ".local/share/okrdesk/okrdesk/sample/Sample strategy.okrdesk"
    own_sample.parent.mkdir(parents=True)
    own_sample.write_text("a user's file")
    removed = _install(clone, home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    share = home / ".local/share"
    assert not (share / "applications/okrdesk.desktop").exists()
    assert not (share / "mime/packages/okrdesk.xml").exists()
    assert not list(share.glob("icons/hicolor/*/*/*okrdesk*"))
    assert not copied.exists() and not command.is_symlink()
    assert own_sample.read_text() == "a user's file"


def test_someone_elses_okrdesk_command_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    theirs = home / ".local/bin/okrdesk"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("#!/bin/sh\necho pipx\n")
    assert _install(_clone(tmp_path, frozen=True), home).returncode == 0
    assert theirs.read_text() == "#!/bin/sh\necho pipx\n"


def test_a_path_with_spaces_is_quoted_in_the_exec_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = tmp_path / "my apps" / "okrdesk"
    app.parent.mkdir()
    app.write_text("#!/bin/sh\n")
    app.chmod(0o755)
    assert _install(_clone(tmp_path, frozen=False), home, "--app", str(app)).returncode == 0
    assert _exec_line(home) == f'Exec="{app}" %f'


def test_nothing_to_install_is_a_clear_message(tmp_path: Path) -> None:
    result = _install(_clone(tmp_path, frozen=False), tmp_path / "home")
    assert result.returncode == 2
    assert "run scripts/build-app" in result.stderr and "scripts/bootstrap demo" in result.stderr
    assert not (tmp_path / "home").exists()


# -- resources from a zip ----------------------------------------------------------------------


def _wheel_shaped_zip(target: Path) -> Path:
    """okrdesk as a wheel lays it out (resources/ as okrdesk/resources), zipped."""
    with zipfile.ZipFile(target, "w") as archive:
        for source in (REPO / "okrdesk").rglob("*"):
            if source.suffix in {".py", ".json"} and "__pycache__" not in source.parts:
                archive.write(source, source.relative_to(REPO).as_posix())
        for source in (REPO / "resources").rglob("*"):
            if source.is_file() and "__pycache__" not in source.parts:
                archive.write(source, "okrdesk/" + source.relative_to(REPO).as_posix())
    return target


def test_resources_are_found_when_the_package_is_a_zip(tmp_path: Path) -> None:
    """The fonts (extracted by as_file), the sample and the templates load from inside a zip,
    and the PDF is the one a checkout exports."""
    package = _wheel_shaped_zip(tmp_path / "okrdesk.zip")
    strategy = write_sample_copy(tmp_path / "acme.okrdesk")
    from_zip, from_checkout = tmp_path / "zip.pdf", tmp_path / "checkout.pdf"
    script = (
        "import sys, okrdesk\n"
        "from importlib.resources import files\n"
        "assert okrdesk.__file__.startswith(sys.argv[1]), okrdesk.__file__\n"
        "assert type(files('okrdesk.resources')).__name__ == 'Path'  # zipfile.Path\n"
        "from okrdesk.models.strategy_template_files import builtin_entries\n"
        "assert [e.usable for e in builtin_entries()] == [True] * 3, builtin_entries()\n"
        "from okrdesk.cli import main\n"
        "sys.exit(main(['export', sys.argv[2], sys.argv[3], '--view', 'pack']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(package)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(package), str(strategy), str(from_zip)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert checkout_main(["export", str(strategy), str(from_checkout), "--view", "pack"]) == 0
    assert from_zip.read_bytes() == from_checkout.read_bytes()
