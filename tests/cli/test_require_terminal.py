"""The one refusal of a full screen on a pipe, for each command that has one."""

from __future__ import annotations

import io

import pytest

from backtimer import terminal
from backtimer.errors import UserError


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            "start",
            "backtimer start needs a terminal: run it in an interactive terminal, not through "
            "a pipe or a redirect (`backtimer show ROUTINE` prints the plan as text).",
        ),
        (
            "history",
            "backtimer history needs a terminal: run it in an interactive terminal, not "
            "through a pipe or a redirect (`backtimer history --json` prints it for scripts).",
        ),
        (
            "",
            "backtimer needs a terminal: run it in an interactive terminal, not through a "
            "pipe or a redirect (`backtimer list` prints the routines).",
        ),
    ],
)
def test_a_pipe_is_refused_with_what_prints_it_as_text(
    monkeypatch: pytest.MonkeyPatch, command: str, message: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(UserError) as refused:
        terminal.require_terminal(command)
    assert str(refused.value) == message


def test_a_terminal_is_let_through(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("sys.stdout", Terminal())
    terminal.require_terminal("start")  # no error
