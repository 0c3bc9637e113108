"""Keys every box of a session takes, whatever it asks.

A Textual modal screen hides the app's own bindings (only priority ones pass),
so `!` and ctrl+c, which must work over the help, the quit question, the
resume offer and the check-ins, are bound on each of those boxes and sent to
the app, which decides what they mean now (BacktimerApp.pain_stop,
BacktimerApp.action_quit). The app hides `!` once the session is over.
"""

from __future__ import annotations

from textual.binding import Binding

PAIN_STOP = Binding(
    "exclamation_mark",
    "app.pain_stop",
    "Pain stop",
    key_display="!",
    id="box.pain-stop",
    tooltip="It hurts: stop now, and remember why",
)
QUIT = Binding("ctrl+c", "app.quit", "Quit", show=False, id="box.quit")

SESSION_BOX_KEYS = [PAIN_STOP, QUIT]
