"""Textual's Footer, relabelled in place when only the keys' labels change.

The stock Footer rebuilds all its keys whenever the screen's bindings change;
on the session screen that happens on every pause and resume (space says
"Pause", then "Resume"), and the rebuild cost a frame's worth of time right when
a person is waiting to see the pause. When the same number of keys is shown,
the existing ones are relabelled instead; anything else still rebuilds. Either
waits for the frame that shows what the key did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


class SessionFooter(Footer):
    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            # After the frame that shows what the key did: the footer can wait.
            self.call_after_refresh(self._relabel_or_rebuild)

    async def _relabel_or_rebuild(self) -> None:
        if self.is_attached and not self._relabel():
            await self.recompose()

    def _shown(self) -> list[tuple[Binding, bool, str]]:
        """The keys compose() would show, one per action, palette key aside."""
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.group is None:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
            elif binding.show:
                return []  # grouped keys: leave those to compose()
        return list(by_action.values())

    def _relabel(self) -> bool:
        keys = [
            child
            for child in self.children
            if isinstance(child, FooterKey) and not child.has_class("-command-palette")
        ]
        if len(keys) != len(self.children) - self._palette_keys():
            return False
        shown = self._shown()
        if not shown or len(shown) != len(keys):
            return False
        for key, (binding, enabled, tooltip) in zip(keys, shown, strict=True):
            display = self.app.get_key_display(binding)
            resize = (display, binding.description) != (key.key_display, key.description)
            key.key = binding.key
            key.key_display = display
            key.description = binding.description
            key.action = binding.action
            key.tooltip = tooltip or None
            if key._disabled == enabled:  # FooterKey keeps it private
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled")
            if resize:
                key.refresh(layout=True)
        return True

    def _palette_keys(self) -> int:
        return sum(1 for child in self.children if child.has_class("-command-palette"))
