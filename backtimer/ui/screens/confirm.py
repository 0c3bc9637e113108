"""A yes/no question in a box, answered with one key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.ui.keymap import key_label, keymap_of
from backtimer.ui.keys import SESSION_BOX_KEYS


class ConfirmScreen(ModalScreen[bool]):
    """`default`, when given, is what enter answers (the keys line says which)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="No"),
        Binding("enter", "default", "Default", show=False, id="confirm.default"),
        *SESSION_BOX_KEYS,
    ]

    def __init__(self, question: str, detail: str = "", *, default: bool | None = None) -> None:
        super().__init__()
        self._question = question
        self._detail = detail
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self._question, id="confirm-question", markup=False)
            if self._detail:
                yield Static(self._detail, id="confirm-detail", markup=False)
            yield Static(self._keys(), id="confirm-keys", markup=False)
        yield Footer(show_command_palette=False)

    def _key(self, binding_id: str) -> str:
        """The key of one of this box's bindings, as moved by config.toml's [keys]."""
        return key_label(self.BINDINGS + ConfirmScreen.BINDINGS, binding_id, keymap_of(self.app))

    def _keys(self) -> str:
        yes, no = self._key("confirm.yes"), self._key("confirm.no")
        if self._default is None:
            return f"{yes}  yes      {no}  no"
        default = self._key("confirm.default")
        return f"{yes}  yes      {no}  no      {default}  " + ("yes" if self._default else "no")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "default":
            return self._default is not None
        return True

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_default(self) -> None:
        if self._default is not None:
            self.dismiss(self._default)


class QuitScreen(ConfirmScreen):
    """ "Quit this session?": a second q says yes, so q q quits (ctrl+q and
    ctrl+c twice too, through the app); space says no, as it resumes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "answer(True)", "Yes", show=False, id="quit.yes"),
        Binding("space", "answer(False)", "No", show=False, id="quit.no"),
    ]

    def _keys(self) -> str:
        yes = f"{self._key('confirm.yes')} or {self._key('quit.yes')}"
        no = f"{self._key('confirm.no')} or {self._key('quit.no')}"
        return f"{yes}  yes      {no}  no (go on)"
