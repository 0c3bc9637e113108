"""The mirror in a real browser: the installed program in tmux, Debian's chromium
driven by Playwright, a phone held upright and a TV, side by side with the
terminal they mirror. Nothing is downloaded: Playwright drives /usr/bin/chromium.

Screenshots of both viewports are kept in $BACKTIMER_SCREENSHOTS when it names a
folder (else in the test's temporary folder) for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tmux import BACKTIMER, TmuxSession, private_env

pytestmark = pytest.mark.e2e

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3}
TV = {"viewport": {"width": 1920, "height": 1080}, "device_scale_factor": 1}
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/([A-Z2-7]{24})/")

QUICK = """\
name: Quick routine
ready: 2s
rest: 2s
steps:
  - name: Knee hold
    cue: Hold one knee gently to the chest.
    hold: 40s
  - name: Crunches
    cue: Small and slow; tap Rep done after each.
    reps: 3
  - name: Slow breaths
    breathe: {inhale: 3, exhale: 3}
    cycles: 2
"""


# -- reading the terminal's countdown --------------------------------------------------

CAPTION = re.compile(r"(?:(\d+):(\d{2})|(\d+) s) left")


def terminal_number(screen: str) -> int | None:
    """The countdown on the terminal (seconds), read off the caption under its
    figures: "HOLD · 40 s left", "1:05 left"."""
    for line in screen.splitlines():
        found = CAPTION.search(line)
        if found:
            minutes, seconds, alone = found.groups()
            return int(alone) if alone is not None else int(minutes) * 60 + int(seconds)
    return None


# -- the fixtures -------------------------------------------------------------------


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BACKTIMER_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh --test installs it)")
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[TmuxSession]:
    routines = tmp_path / "config" / "backtimer" / "routines"
    routines.mkdir(parents=True)
    (routines / "quick-routine.yaml").write_text(QUICK)
    started = TmuxSession(
        [BACKTIMER, "start", "quick-routine", "--mirror", "127.0.0.1:0"],
        env=private_env(tmp_path),
        width=100,
        height=32,
    )
    try:
        yield started
    finally:
        started.kill()


def _page_number(page) -> int:
    return int(page.text_content("#count"))


def test_a_phone_and_a_tv_follow_and_steer_the_terminal_session(
    browser, session: TmuxSession, shots: Path, tmp_path: Path
) -> None:
    screen = session.wait_for("Follow this session on a phone or TV")
    match = URL.search(screen)
    assert match, screen
    assert int(match.group(1)) > 0  # the port the system chose, not 0
    url = match.group(0)
    errors: list[str] = []

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.on("pageerror", lambda error: errors.append(str(error)))
    asked: list[str] = []
    phone.on("request", lambda request: asked.append(request.url))
    phone.goto(url)
    phone.wait_for_selector("#link:text('Live')")
    # The terminal says so, and its address box has closed; the check-in is next.
    session.wait_for("A viewer connected (1 watching)")
    session.wait_for("How is your back right now?")
    session.keys("Enter")  # skip the check-in
    phone.wait_for_selector("#title:text('HOLD')", timeout=10_000)
    session.wait_for("Knee hold")
    # Offline by design: everything the page needs comes from backtimer itself.
    origin = url.split("/", 3)
    assert asked and all(u.startswith("/".join(origin[:3]) + "/") for u in asked), asked

    # The page's number is the terminal's, within one second.
    for _ in range(3):
        before = _page_number(phone)
        shown = terminal_number(session.screen())
        after = _page_number(phone)
        assert shown is not None, session.screen()
        assert min(abs(shown - before), abs(shown - after)) <= 1, (before, shown, after)
        time.sleep(0.7)

    tv_context = browser.new_context(**TV)
    tv = tv_context.new_page()
    tv.on("pageerror", lambda error: errors.append(str(error)))
    tv.goto(url)
    tv.wait_for_selector("#title:text('HOLD')")
    session.wait_for("2 watching")
    size = float(tv.eval_on_selector("#count", "e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 1080 / 3, size
    box = tv.eval_on_selector("#count", "e => e.getBoundingClientRect().toJSON()")
    assert box["right"] <= 1920 and box["bottom"] <= 1080  # the whole number is on screen
    phone_size = float(
        phone.eval_on_selector("#count", "e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert phone_size >= 844 / 5, phone_size
    phone.screenshot(path=str(shots / "mirror-phone-390x844.png"))
    tv.screenshot(path=str(shots / "mirror-tv-1920x1080.png"))

    # Pause from the phone pauses the terminal, and the number stands still on both.
    phone.click("#pause")
    session.wait_for("Paused from the page")
    session.wait_for("PAUSED")
    tv.wait_for_selector("#title:text('PAUSED')")
    held_page = _page_number(phone)
    held_terminal = terminal_number(session.screen())
    time.sleep(2.2)
    assert _page_number(phone) == held_page
    assert _page_number(tv) == held_page
    assert terminal_number(session.screen()) == held_terminal
    assert held_terminal is not None and held_page is not None
    assert abs(held_terminal - held_page) <= 1
    phone.click("#pause")  # now "Resume"
    session.wait_for("Resumed from the page")
    tv.wait_for_selector("#title:text('HOLD')", timeout=10_000)

    # Skip to the hand-counted crunches; "Rep done" counts one on the terminal.
    phone.click("#skip")
    session.wait_for("Skipped from the page")
    phone.wait_for_selector("#rep:not([disabled])", timeout=10_000)
    session.wait_for("Done 0 / 3")
    phone.click("#rep")
    session.wait_for("Done 1 / 3")
    phone.wait_for_selector("#reps:text('Done 1 / 3')")
    tv.wait_for_selector("#count:text('1')")

    # A closed page, opened again, shows the live session at once.
    phone.close()
    session.wait_for("1 watching")
    again = phone_context.new_page()
    again.on("pageerror", lambda error: errors.append(str(error)))
    opened = time.monotonic()
    again.goto(url)
    again.wait_for_selector("#reps:text('Done 1 / 3')", timeout=2_000)
    assert time.monotonic() - opened < 2.0

    # The stream lost (a phone's locked screen, a wifi gap) comes back by itself.
    tv_context.set_offline(True)
    tv.evaluate("window.dispatchEvent(new Event('offline'))")
    time.sleep(0.5)
    tv_context.set_offline(False)
    again.click("#rep")
    session.wait_for("Done 2 / 3")
    tv.wait_for_selector("#reps:text('Done 2 / 3')", timeout=2_500)

    # A pain stop from the phone asks its score there, and the terminal keeps it.
    again.click("#pain")
    again.click("#scores button:text-is('4')")
    end = session.wait_for("Stopped because of pain")
    assert "→ 4" in end
    again.wait_for_selector("#title:text('STOPPED')")
    assert errors == []
    phone_context.close()
    tv_context.close()

    session.keys("q")  # the end screen waits for a key
    assert session.exit_code() == 0
    env = dict(os.environ, **private_env(tmp_path))
    out = subprocess.run(
        [BACKTIMER, "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    (last,) = json.loads(out.stdout)["sessions"]
    assert last["status"] == "pain-stop"
    assert last["pain_after"] == 4
