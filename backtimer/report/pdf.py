"""The PDF: the same HTML page, printed by a headless Chromium.

Chromium lays out the page exactly as a browser prints it (the print CSS, the
inline SVG charts, fonts of the system), which no pure-Python PDF library matches
for SVG and CSS. It runs with a throwaway profile in a private temporary folder
(the page is health data; its config and cache folders are there too), with
nothing that reaches the network, and is given the
page as a local file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from backtimer.errors import UserError
from backtimer.private_files import write_private

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ENV = "BACKTIMER_BROWSER"  # a browser to use instead of the first one on PATH
TIMEOUT_SECONDS = 120.0

NO_BROWSER = (
    "No Chromium was found to make a PDF: install one (on Debian or Ubuntu: "
    "sudo apt-get install chromium), or write the page with -o report.html "
    "and print it from any browser."
)

FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


def find_browser() -> str | None:
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        return shutil.which(chosen) or (chosen if os.access(chosen, os.X_OK) else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: str, browser: str | None = None, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF of `html`, or a UserError that says what to do instead."""
    browser = browser or find_browser()
    if browser is None:
        raise UserError(NO_BROWSER)
    with tempfile.TemporaryDirectory(prefix="backtimer-report-") as folder:
        page = Path(folder) / "report.html"
        pdf = Path(folder) / "report.pdf"
        write_private(page, html)
        command = [
            browser,
            *FLAGS,
            *(["--no-sandbox"] if _is_root() else []),
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                env=_browser_env(Path(folder)),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise UserError(
                f"{Path(browser).name} did not finish the PDF within {timeout:.0f} seconds; "
                "write the page with -o report.html and print it from a browser."
            ) from None
        except OSError as error:
            raise UserError(f"Cannot run {browser} ({error.strerror or error}).") from None
        if done.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            said = _last_line(done.stderr)
            raise UserError(
                f"{Path(browser).name} could not print the report"
                + (f" ({said})" if said else "")
                + "; write the page with -o report.html and print it from a browser."
            )
        return pdf.read_bytes()


def _browser_env(folder: Path) -> dict[str, str]:
    """The environment with the config and cache folders in the throwaway one:
    --user-data-dir leaves Chromium's crash database (where a crash would leave a
    dump of the page) and dconf's cache in the person's own folders otherwise."""
    return os.environ | {
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_CACHE_HOME": str(folder / "cache"),
    }


def _is_root() -> bool:
    """Chromium refuses to start its sandbox as root (containers, CI)."""
    geteuid = getattr(os, "geteuid", None)  # absent on Windows
    return geteuid is not None and geteuid() == 0


def _last_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1][:200] if lines else ""
