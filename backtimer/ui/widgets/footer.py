"""Textual's Footer, fitted to the width, relabelled in place when only the keys'
labels change.

Every key shown must be whole: where the keys do not fit in one row, the
palette key goes first, then the keys the help lists anyway in `DROP_FIRST`
order (mute, back, skip); pause, the rep key, `!`, quit and `? Help` always
stay. A key is measured by its longest label (space is "Resume" when paused),
so pausing never changes which keys fit.

The stock Footer rebuilds all its keys whenever the screen's bindings change;
on the session screen that happens on every pause and resume (space says
"Pause", then "Resume"), and the rebuild cost a frame's worth of time right when
a person is waiting to see the pause. When the same number of keys is shown,
the existing ones are relabelled instead; anything else still rebuilds. Either
waits for the frame that shows what the key did.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from backtimer.ui.keymap import keymap_of, keys_of

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

DROP_FIRST = ("mute", "back", "skip")  # actions, least needed first
PALETTE_WIDTH = 14  # " ^p palette " with its border and padding


class SessionFooter(Footer):
    def compose(self) -> ComposeResult:
        yield from self._fitted(list(super().compose()))

    def _fitted(self, widgets: list[Widget]) -> Iterable[Widget]:
        """The keys that fit in the width, dropping the least needed first."""
        width = self.app.size.width
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        palette = [k for k in keys if k.has_class("-command-palette")]
        plain = [k for k in keys if not k.has_class("-command-palette")]
        # In the screen's order, whatever the keymap did: Textual's keymap puts a
        # moved key after the others, and `p Pause` should not wander to the end.
        order = self._order()
        ordered = iter(sorted(plain, key=lambda k: order.get(k.action, len(order))))
        widgets = [next(ordered) if w in plain else w for w in widgets]
        needed = sum(self._width(k) for k in plain)
        dropped: set[int] = set()
        if palette and needed + PALETTE_WIDTH > width:
            dropped.update(id(k) for k in palette)
        for action in DROP_FIRST:
            if needed <= width:
                break
            for key in plain:
                if key.action == action and id(key) not in dropped:
                    dropped.add(id(key))
                    needed -= self._width(key)
        return [w for w in widgets if id(w) not in dropped]

    def on_resize(self) -> None:
        width = self.app.size.width
        if width != getattr(self, "_fitted_width", width):
            self.call_after_refresh(self.recompose)
        self._fitted_width = width

    def _width(self, key: FooterKey) -> int:
        """Cells the key takes with its longest label (Pause / Resume)."""
        labels = [key.description]
        bindings = getattr(self.screen, "BINDINGS", [])
        keymap = keymap_of(self.app)  # a key moved in config.toml's [keys] is found too
        labels += [
            b.description
            for b in bindings
            if isinstance(b, Binding) and key.key in keys_of(b, keymap)
        ]
        description = max(cell_len(label) for label in labels)
        display = cell_len(key.key_display)
        if self.compact:  # "key desc" and a margin
            return display + 1 + description + 1
        return display + 2 + description + 1  # " key " and "desc "

    def fits(self) -> bool:
        """Every key shown is whole (the tests read it)."""
        keys = [c for c in self.children if isinstance(c, FooterKey) and c.display]
        needed = sum(self._width(k) for k in keys if not k.has_class("-command-palette"))
        if any(k.has_class("-command-palette") for k in keys):
            needed += PALETTE_WIDTH
        return needed <= self.app.size.width

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
        order = self._order()
        return sorted(by_action.values(), key=lambda shown: order.get(shown[0].action, len(order)))

    def _order(self) -> dict[str, int]:
        """Each action's place among the screen's bindings."""
        order: dict[str, int] = {}
        for index, binding in enumerate(getattr(self.screen, "BINDINGS", [])):
            if isinstance(binding, Binding):
                order.setdefault(binding.action, index)
        return order

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
            return False  # a key came or went, or some did not fit: rebuild
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
