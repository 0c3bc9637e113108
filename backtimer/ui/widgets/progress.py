"""The session's progress bar: Textual's ProgressBar without its ETA clock."""

from __future__ import annotations

from textual.events import Mount
from textual.widgets import ProgressBar


class SessionProgress(ProgressBar):
    """ProgressBar's own on_mount starts a once-a-second refresh for its ETA. No
    ETA is shown here, and that refresh woke the app between two of the
    countdown's seconds, on a clock of its own, to repaint the bar for nothing.
    The bar moves when the session's progress is set, in step with the countdown.
    """

    def _on_mount(self, event: Mount) -> None:
        # Handlers run from this class down its bases; stopping the default here
        # skips ProgressBar.on_mount (an update() and that timer).
        event.prevent_default()
        super()._on_mount(event)
        self.update()
