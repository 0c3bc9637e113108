"""Browser viewers for the mirror benchmark, in a process of their own.

    python benchmarks/_viewers.py URL COUNT OUT.json

Opens COUNT pages of URL in Debian's chromium (Playwright, nothing downloaded):
the first at a phone's size, the others at a TV's. Each page logs, on its own
clock, every change of the countdown's text (a MutationObserver: the moment the
page's script wrote the new second) and every press of a button. The page clock
is mapped onto CLOCK_MONOTONIC, the clock backtimer plans with, by the
round trip of the shortest of several `performance.now()` calls. Writes a line
"ready" once every page is live; then each "click" line on stdin presses the
first page's Pause/Resume button; "quit" writes OUT and ends.
"""

from __future__ import annotations

import json
import sys
import time

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOG = """
window.__changes = [];
window.__presses = [];
document.addEventListener("DOMContentLoaded", () => {
  const count = document.getElementById("count");
  new MutationObserver(() => window.__changes.push([performance.now(), count.textContent]))
    .observe(count, {childList: true, characterData: true, subtree: true});
  document.addEventListener("click", () => window.__presses.push(performance.now()), true);
});
"""


def offset(page: Page, tries: int = 25) -> float:
    """Seconds to add to performance.now()/1000 to get time.monotonic()."""
    best = (float("inf"), 0.0)
    for _ in range(tries):
        t0 = time.monotonic()
        value = page.evaluate("performance.now()")
        t1 = time.monotonic()
        best = min(best, (t1 - t0, (t0 + t1) / 2 - value / 1000))
    return best[1]


def main(url: str, count: int, out: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pages = []
        for n in range(count):
            size = {"width": 390, "height": 844} if n == 0 else {"width": 1920, "height": 1080}
            context = browser.new_context(viewport=size)
            context.add_init_script(LOG)
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#link:text('Live')")
            pages.append(page)
        before = [offset(page) for page in pages]
        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip() == "click":
                pages[0].click("#pause")
            elif line.strip() == "quit":
                break
        result = []
        for page, first in zip(pages, before, strict=True):
            shift = (first + offset(page)) / 2  # the two clocks' rates differ by ppm
            changes = page.evaluate("window.__changes")
            presses = page.evaluate("window.__presses")
            result.append(
                {
                    "changes": [[t / 1000 + shift, text] for t, text in changes],
                    "presses": [t / 1000 + shift for t in presses],
                }
            )
        browser.close()
    with open(out, "w", encoding="utf-8") as stream:
        json.dump(result, stream)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
