"""Smoke tests of the frozen app (build.spec, built by scripts/build-app into dist/okrdesk/).

They run the built executable the way a user would: --version, the headless import and
export (PDF and PNG), the window opened on the sample, painted once and closed. They are
marked `frozen` and skipped unless the build exists; OKRDESK_FROZEN=PATH names the executable
to test (CI sets it, so a missing build fails there instead of skipping).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage

from okrdesk import __version__
from okrdesk.assets import sample_json
from okrdesk.cli import main as checkout_main
from okrdesk.models.interchange import parse_json
from okrdesk.models.kinds import TASTE_SECTIONS
from okrdesk.views.about import COMPONENTS

REPO = Path(__file__).resolve().parents[1]
BUILT = REPO / "dist" / "okrdesk" / ("okrdesk.exe" if sys.platform == "win32" else "okrdesk")
FROZEN = Path(os.environ.get("OKRDESK_FROZEN") or BUILT)
INTERNAL = FROZEN.parent / "_internal"
SAMPLE_JSON = REPO / "resources" / "samples" / "sample.json"
SAMPLE = parse_json(sample_json()).snapshot()
BANNER = QColor("#fff3c4")  # the notice shown over an open strategy, never on the welcome page
MAX_UNPACKED = 200 * 1024 * 1024
# What a Linux machine must provide: glibc, the GL/EGL loaders (libgl1, libegl1), libxcb1 on
# X11 and the Wayland client libraries on Wayland; everything else is bundled (docs/install.md).
SYSTEM_LIBRARIES = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libresolv.so.2",
    "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    "libGL.so.1", "libGLX.so.0", "libGLdispatch.so.0", "libOpenGL.so.0", "libEGL.so.1",
    "libxcb.so.1", "libwayland-client.so.0", "libwayland-cursor.so.0", "libwayland-egl.so.1",
}

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(
        "OKRDESK_FROZEN" not in os.environ and not BUILT.exists(),
        reason="no frozen app: run scripts/build-app (or set OKRDESK_FROZEN to its executable)",
    ),
]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A new user's environment with no display: settings and data under tmp_path."""
    assert FROZEN.is_file(), f"{FROZEN} is missing: run scripts/build-app"
    home = tmp_path / "home"
    home.mkdir()
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH"}}
    return {**clean, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_RUNTIME_DIR": str(tmp_path)}


def frozen(env: dict[str, str], *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FROZEN), *map(str, args)], env=env, cwd=cwd, capture_output=True, text=True,
        timeout=180,
    )


def imported_sample(env: dict[str, str], folder: Path) -> Path:
    target = folder / "acme.okrdesk"
    result = frozen(env, "import", SAMPLE_JSON, target, cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"created {target}")
    return target


def assert_no_qt_trouble(stderr: str) -> None:
    for trouble in ("Traceback", "Could not load the Qt platform plugin", "Cannot load library",
                    "internal error"):
        assert trouble not in stderr, stderr


# -- the command line --------------------------------------------------------------------------


def test_version_is_the_package_version(env: dict[str, str], tmp_path: Path) -> None:
    result = frozen(env, "--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"okrdesk {__version__}"


def test_headless_pdf_export_is_one_a3_page_identical_to_the_checkouts(
    env: dict[str, str], tmp_path: Path
) -> None:
    strategy = imported_sample(env, tmp_path)
    out = tmp_path / "acme.pdf"
    result = frozen(env, "export", strategy, out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out}: 1 page"

    pdf = PdfReader(out)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (1190.55, 841.89)
    text = " ".join(pdf.pages[0].extract_text().split())
    assert SAMPLE.title in text
    for element in SAMPLE.elements:
        if element.kind in TASTE_SECTIONS:
            assert " ".join(element.title.split()) in text, element.title
    fonts = {str(f.get_object()["/BaseFont"]) for f in pdf.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in font for font in fonts), fonts  # the bundled font was found

    reference = tmp_path / "checkout.pdf"
    assert checkout_main(["export", str(strategy), str(reference)]) == 0
    assert out.read_bytes() == reference.read_bytes()


def test_png_export_draws_with_qt_offscreen_when_there_is_no_display(
    env: dict[str, str], tmp_path: Path
) -> None:
    strategy = imported_sample(env, tmp_path)
    out = tmp_path / "acme.png"
    result = frozen(env, "export", strategy, out, "--dpi", "50", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_no_qt_trouble(result.stderr)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (827, 585)  # A3 landscape at 50 dpi
    ink = sum(
        image.pixelColor(x, y).lightness() < 128
        for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    )
    assert ink > 500  # the grid, dots and titles, not a blank page


def test_every_view_exports_and_check_reports_the_sample_clean(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The client pack draws everything (maps: networkx; sheets; health), then SVG and JSON."""
    strategy = imported_sample(env, tmp_path)
    pack = frozen(env, "export", strategy, tmp_path / "pack.pdf", "--view", "pack", cwd=tmp_path)
    assert pack.returncode == 0, pack.stderr
    assert len(PdfReader(tmp_path / "pack.pdf").pages) > 5
    svg = frozen(env, "export", strategy, tmp_path / "map.svg", "--view", "orm", cwd=tmp_path)
    assert svg.returncode == 0 and (tmp_path / "map.svg").read_text().startswith("<?xml")
    back = frozen(env, "export", strategy, tmp_path / "back.json", cwd=tmp_path)
    assert back.returncode == 0
    assert parse_json((tmp_path / "back.json").read_text("utf-8")).snapshot().title == SAMPLE.title
    check = frozen(env, "check", strategy, cwd=tmp_path)
    assert (check.returncode, check.stdout.strip()) == (0, "0 findings in acme.okrdesk")


def test_the_workbook_round_trip_and_the_text_exports_work_frozen(
    env: dict[str, str], tmp_path: Path
) -> None:
    """openpyxl ships (it loads only when a workbook is written); DOT and Markdown too."""
    strategy = imported_sample(env, tmp_path)
    book = frozen(env, "export", strategy, tmp_path / "acme.xlsx", cwd=tmp_path)
    assert book.returncode == 0, book.stderr
    assert (tmp_path / "acme.xlsx").read_bytes()[:2] == b"PK"
    back = frozen(env, "import", tmp_path / "acme.xlsx", strategy, "--dry-run", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert "(0 changes)" in back.stdout
    for name in ("map.dot", "summary.md"):
        done = frozen(env, "export", strategy, tmp_path / name, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert SAMPLE.title in (tmp_path / "summary.md").read_text("utf-8")
    assert "digraph" in (tmp_path / "map.dot").read_text("utf-8")


def test_errors_are_one_line_without_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    result = frozen(env, "export", tmp_path / "missing.okrdesk", tmp_path / "x.pdf", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("okrdesk: ") and "missing.okrdesk" in line
    assert not (tmp_path / "x.pdf").exists()


# -- the window --------------------------------------------------------------------------------


def _assert_sample_window(shot: Path, env: dict[str, str]) -> None:
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600
    top = [image.pixelColor(x, y) for y in range(0, 80, 2) for x in range(0, image.width(), 20)]
    assert BANNER in top  # a strategy is open: the notice over the tabs
    data = Path(env["XDG_DATA_HOME"]) / "okrdesk" / "okrdesk" / "sample"
    settings = QSettings(str(Path(env["XDG_CONFIG_HOME"]) / "okrdesk" / "okrdesk.conf"),
                         QSettings.Format.IniFormat)
    assert settings.value("recent_files") == str(data / "Sample strategy.okrdesk")


def test_window_opens_the_sample_paints_once_and_quits(env: dict[str, str], tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    started = time.monotonic()
    result = frozen({**env, "QT_QPA_PLATFORM": "offscreen"}, "--demo", "--screenshot", shot,
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_no_qt_trouble(result.stderr)
    assert time.monotonic() - started < 60
    _assert_sample_window(shot, env)


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A virtual X11 display (Xvfb), to start the window on Qt's xcb platform plugin."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = announced.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_window_starts_on_x11_with_the_bundled_xcb_plugin(
    env: dict[str, str], tmp_path: Path, x_display: str
) -> None:
    shot = tmp_path / "window.png"
    result = frozen({**env, "DISPLAY": x_display}, "--demo", "--screenshot", shot, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_no_qt_trouble(result.stderr)
    _assert_sample_window(shot, env)


# -- what the folder holds ---------------------------------------------------------------------


def test_resources_and_package_data_ship_as_in_the_checkout() -> None:
    for part in ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf", "fonts/LICENSE-DejaVu.txt",
                 "samples/sample.json", "templates/a3/experiment.json", "icons/okrdesk-256.png",
                 "desktop/okrdesk.desktop", "templates/strategy/wholehearted-okr.json"):
        bundled = INTERNAL / "okrdesk" / "resources" / part
        assert bundled.read_bytes() == (REPO / "resources" / part).read_bytes(), part
    schema = "okrdesk/models/strategy.schema.json"
    assert (INTERNAL / schema).read_bytes() == (REPO / schema).read_bytes()


def test_the_about_dialogs_package_versions_ship() -> None:
    bundled = {d.metadata["Name"].lower().replace("_", "-")
               for d in metadata.distributions(path=[str(INTERNAL)])}
    wanted = {c.distribution.lower().replace("_", "-") for c in COMPONENTS if c.distribution}
    assert wanted <= bundled, wanted - bundled


def test_only_the_qt_plugins_okrdesk_uses_ship() -> None:
    plugins = INTERNAL / "PySide6" / "Qt" / "plugins"
    present = {p.relative_to(plugins).as_posix() for p in plugins.rglob("*.so")}
    for needed in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
                   "imageformats/libqjpeg.so", "imageformats/libqsvg.so",
                   "iconengines/libqsvgicon.so", "printsupport/libcupsprintersupport.so",
                   "platforminputcontexts/libcomposeplatforminputcontextplugin.so"):
        assert needed in present, needed
    names = [p.name for p in INTERNAL.rglob("*")]
    for left_out in ("Qml", "Quick", "WebEngine", "Qt63D", "Multimedia", "VirtualKeyboard",
                     "libqgtk3", "libqeglfs", "libqvnc"):
        assert not [n for n in names if left_out in n], left_out


def test_unpacked_size_is_under_200_mb() -> None:
    size = sum(p.lstat().st_size for p in FROZEN.parent.rglob("*") if not p.is_dir())
    assert size < MAX_UNPACKED, f"{size / 2**20:.0f} MB"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux only")
def test_the_system_provides_only_the_documented_libraries() -> None:
    """Every library a bundled binary links to is bundled, or one docs/install.md lists."""
    search = f"{INTERNAL}:{INTERNAL / 'PySide6' / 'Qt' / 'lib'}"
    binaries = [FROZEN, *(p for p in INTERNAL.rglob("*.so*") if p.is_file() and not p.is_symlink())]
    from_system: dict[str, str] = {}
    for binary in binaries:
        listing = subprocess.run(["ldd", str(binary)], capture_output=True, text=True,
                                 env={**os.environ, "LD_LIBRARY_PATH": search}).stdout
        for line in listing.splitlines():
            name, arrow, where = line.strip().partition(" => ")
            if arrow and not where.startswith(str(INTERNAL)):
                from_system[name] = binary.name
    unexpected = {name: user for name, user in from_system.items() if name not in SYSTEM_LIBRARIES}
    assert not unexpected, unexpected
