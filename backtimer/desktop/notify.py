"""A desktop notification through org.freedesktop.Notifications (the interface every
Linux desktop's notification daemon offers: GNOME, KDE, dunst, mako, xfce4-notifyd).

The spec: https://specifications.freedesktop.org/notification-spec/latest/
"""

from __future__ import annotations

from backtimer.desktop.bus import call, session_bus

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "backtimer"
ICON = "appointment-soon"  # a standard icon name: themes draw it as a clock or a calendar


def notify(summary: str, body: str, *, urgency: int = 1) -> int:
    """Show a notification; its id. NoBus when there is no bus or no daemon on it.

    urgency: 0 low, 1 normal, 2 critical (the spec's hint; daemons may show a
    critical one until clicked, so a reminder stays normal).
    """
    hints = {"urgency": ("y", urgency), "category": ("s", "reminder")}  # variants
    connection = session_bus()
    try:
        reply = call(
            connection,
            NAME,
            PATH,
            NAME,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, 0, ICON, summary, body, [], hints, -1),
        )
    finally:
        connection.close()
    return int(reply[0])
