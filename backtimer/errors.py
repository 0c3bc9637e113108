"""Errors a user can cause. The CLI prints `str(error)` as one sentence and exits."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; never shown with a traceback."""

    exit_code = 2
