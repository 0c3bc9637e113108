"""`[keys]` in config.toml: the keys of any screen, changed through Textual's keymap.

Every binding a person may want on another key has a stable id, prefixed with
the screen it belongs to (`session.pause`, `history.export`); `[keys]` maps ids
to keys, in Textual's own key names, several separated by commas:

    [keys]
    "session.pause" = "p"          # pause and resume
    "session.skip" = "right,s"

Textual's keymap replaces a binding's keys (it does not add to them): with
`"session.pause" = "p"`, space no longer pauses. The app applies the keymap
before its first frame (`apply_user_keymap`); the footers show the new keys,
and the session's help is drawn from the bindings (`help_rows`), so it does too.

The pain stop (`!`) and ctrl+c cannot be moved or taken by another binding:
`!` must stop the session from every screen and box of it, whatever the file
says, and ctrl+c must always get a person out. Their ids are listed with the
others (docs/keys.md) and refused in `[keys]`, as is any key given to them.
ctrl+q and ctrl+p belong to the app, ahead of every screen: no binding may take them.

Mistakes are config problems, reported with every other mistake of config.toml
before any screen (backtimer.config_file): an unknown id (with the id it
probably meant), a key Textual has no name for, a value that is not text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from backtimer.config_file import Config, ConfigError, raise_problems, read_config

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding, BindingType

    from backtimer.routine.problems import Problem

TABLE = "keys"
# Ids that `[keys]` may not change, and keys it may not give to anything else.
FIXED_IDS = frozenset({"session.pain-stop", "app.pain-stop", "box.pain-stop", "box.quit"})
RESERVED_KEYS = frozenset({"exclamation_mark", "ctrl+c"})
# The app's own keys, on every screen and before any screen's: a binding given one
# would never be reached (and its footer entry would vanish), so they are refused too.
APP_KEYS = {"ctrl+q": "quits (asks first)", "ctrl+p": "opens the command palette"}
_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "space",
        "backspace",
        "insert",
        "delete",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        *(f"f{n}" for n in range(1, 25)),
    }
)


@dataclass(frozen=True)
class KeyedScreen:
    """A screen (or app, or widget) whose bindings have ids, for the docs and checks:
    one binding per id (space's Pause and Resume share `session.pause`), with what
    each id does."""

    title: str
    bindings: tuple[Binding, ...]
    words: Mapping[str, str]
    every: tuple[Binding, ...]  # all the bindings of the screen, with an id or not


def keyed_screens() -> list[KeyedScreen]:
    """Every binding with an id, screen by screen, in the order the docs list them.
    Imports the screens: only when `[keys]` is checked or the docs are made."""
    from backtimer.ui.app import BacktimerApp
    from backtimer.ui.keys import SESSION_BOX_KEYS
    from backtimer.ui.screens.checkin import CheckinScreen
    from backtimer.ui.screens.confirm import ConfirmScreen, QuitScreen
    from backtimer.ui.screens.cue import CueScreen
    from backtimer.ui.screens.end import EndScreen
    from backtimer.ui.screens.export_dialog import ExportScreen
    from backtimer.ui.screens.help import HelpScreen
    from backtimer.ui.screens.history import DeleteSessionScreen, HistoryScreen
    from backtimer.ui.screens.home import HomeScreen
    from backtimer.ui.screens.session import SessionScreen
    from backtimer.ui.screens.session_details import SessionDetailsScreen
    from backtimer.ui.widgets.history_table import RoutineTable, SessionTable

    owners: list[tuple[str, Sequence[BindingType]]] = [
        ("The session", SessionScreen.BINDINGS),
        ("Every screen and box of a session", [*BacktimerApp.BINDINGS, *SESSION_BOX_KEYS]),
        ("The session's help", HelpScreen.BINDINGS),
        ("A question over the session", ConfirmScreen.BINDINGS),
        ("Quit this session?", QuitScreen.BINDINGS),
        ("A check-in", CheckinScreen.BINDINGS),
        ("The whole cue", CueScreen.BINDINGS),
        ("The summary", EndScreen.BINDINGS),
        ("The home screen", [*HomeScreen.BINDINGS, *RoutineTable.BINDINGS]),
        ("The history", [*HistoryScreen.BINDINGS, *SessionTable.BINDINGS]),
        ("Delete this session?", DeleteSessionScreen.BINDINGS),
        ("A session in detail", SessionDetailsScreen.BINDINGS),
        ("Export the history", ExportScreen.BINDINGS),
    ]
    screens: list[KeyedScreen] = []
    seen: set[str] = set()
    for title, bindings in owners:
        keyed: list[Binding] = []
        words: dict[str, str] = {}
        for binding in _bindings(bindings):
            if binding.id is None or (binding.id in seen and binding.id not in words):
                continue
            if binding.id in words:  # another binding of the same id: both its names
                words[binding.id] = f"{keyed[-1].description} / {binding.description}"
                continue
            seen.add(binding.id)
            keyed.append(binding)
            words[binding.id] = binding.tooltip or binding.description
        screens.append(KeyedScreen(title, tuple(keyed), words, tuple(_bindings(bindings))))
    return screens


def _bindings(bindings: Iterable[BindingType]) -> Iterable[Binding]:
    from textual.binding import Binding

    for binding in bindings:
        if isinstance(binding, Binding):
            yield binding


def binding_ids() -> list[str]:
    return [b.id for screen in keyed_screens() for b in screen.bindings if b.id]


# -- checking [keys] ----------------------------------------------------------------


def keymap_settings(config: Config) -> tuple[dict[str, str], list[Problem]]:
    """`[keys]` of the config file as a Textual keymap, and every mistake in it
    (a wrong entry is left out, so the others still apply)."""
    problems: list[Problem] = []
    table = config.table(TABLE, problems, ', such as: "session.pause" = "p"')
    if not table:
        return {}, problems
    from backtimer.config_file import did_you_mean

    known = binding_ids()
    keymap: dict[str, str] = {}
    for binding_id, value in table.items():
        if binding_id not in known:
            close = did_you_mean(binding_id, known)
            hint = f" (did you mean {close!r}?)" if close else "; docs/keys.md lists them"
            message = f"[keys] has no binding {binding_id!r}{hint}."
            problems.append(config.problem(message, TABLE, binding_id))
            continue
        if binding_id in FIXED_IDS:
            message = (
                f"[keys] cannot change {binding_id!r}: the pain stop stays on ! and ctrl+c "
                "always quits, on every screen."
            )
            problems.append(config.problem(message, TABLE, binding_id))
            continue
        keys, mistake = _keys(value)
        if mistake is not None:
            problems.append(config.problem(f"[keys] {binding_id!r} {mistake}", TABLE, binding_id))
            continue
        keymap[binding_id] = keys
    problems.extend(_clashes(config, keymap))
    return keymap, problems


def _clashes(config: Config, keymap: Mapping[str, str]) -> list[Problem]:
    """A problem for each key `[keys]` gives to a binding whose screen already uses
    it for another (which of the two would run is anybody's guess)."""
    problems: list[Problem] = []
    for screen in keyed_screens():
        owners: dict[str, set[str]] = {}
        for binding in screen.every:
            for key in keys_of(binding, keymap):
                owners.setdefault(key, set()).add(binding.id or binding.action)
        for key, ids in owners.items():
            moved = sorted(i for i in ids if i in keymap)
            if len(ids) > 1 and moved:
                others = ", ".join(repr(i) for i in sorted(ids - {moved[0]}))
                message = f"[keys] gives {key} to {moved[0]!r}, but {others} uses it too."
                problems.append(config.problem(message, TABLE, moved[0]))
    return problems


def _keys(value: object) -> tuple[str, str | None]:
    """The keys of one entry in Textual's long form, or why they cannot be used."""
    from textual.keys import _character_to_key

    if not isinstance(value, str) or not value.strip():
        return "", f'must be a key in quotes, such as "p" or "ctrl+s", not {value!r}.'
    keys: list[str] = []
    for raw in value.split(","):
        key = raw.strip()
        key = _character_to_key(key) if len(key) == 1 else key
        if not _known_key(key):
            return "", f"has {raw.strip()!r}, which is not a key name (such as p, space, ctrl+s)."
        if key in RESERVED_KEYS:
            shown = "!" if key == "exclamation_mark" else key
            return "", f"cannot take {shown}: it is kept for the pain stop and for quitting."
        if key in APP_KEYS:
            return "", f"cannot take {key}: it {APP_KEYS[key]} on every screen."
        keys.append(key)
    return ",".join(keys), None


def _known_key(key: str) -> bool:
    from textual.keys import key_to_character

    *modifiers, base = key.split("+")
    if not base or any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in _NAMED_KEYS or key_to_character(base) is not None


# -- the running app ------------------------------------------------------------------

_APPLIED: WeakKeyDictionary[App[Any], dict[str, str]] = WeakKeyDictionary()


def user_keymap(path: Path | None = None) -> dict[str, str]:
    """The keymap of the config file, without the entries that are mistakes (the
    CLI has reported those before any screen); empty when the file cannot be read."""
    try:
        config = read_config(path)
    except ConfigError:
        return {}
    if TABLE not in config.data:
        return {}
    return keymap_settings(config)[0]


def apply_user_keymap(app: App[Any], path: Path | None = None) -> None:
    """Give `app` the keymap of the config file (called before its first frame)."""
    keymap = user_keymap(path)
    if keymap:
        app.set_keymap(keymap)
    _APPLIED[app] = keymap


def keymap_of(app: App[Any]) -> Mapping[str, str]:
    """The keymap `apply_user_keymap` gave `app` (empty when none)."""
    return _APPLIED.get(app, {})


def check_keys(path: Path | None = None) -> None:
    """Raise a ConfigError when config.toml cannot be read, or `[keys]` or `[ui]` has
    mistakes: for the apps that read no other table (the history, the home screen)."""
    from backtimer.ui.preferences import THEME_TABLE, ui_settings

    config = read_config(path)
    problems = keymap_settings(config)[1] if TABLE in config.data else []
    if THEME_TABLE in config.data:
        problems.extend(ui_settings(config)[1])
    raise_problems(problems)


def keys_of(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys that trigger `binding` under `keymap`."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [key.strip() for key in keys.split(",")]


# How a hint in a sentence writes a key that Textual shortens ("esc closes this"
# reads as a typo; the hints have always said "escape").
IN_WORDS = {"esc": "escape"}


def labels(binding: Binding, keymap: Mapping[str, str], *, in_words: bool = False) -> list[str]:
    """Each key of `binding` as a person reads it: "→", "n", "space", "ctrl+s";
    `in_words`: as a sentence names it ("escape", not "esc")."""
    from textual.keys import format_key

    remapped = binding.id is not None and binding.id in keymap
    shown = []
    for index, key in enumerate(keys_of(binding, keymap)):
        if index == 0 and binding.key_display and not remapped:
            label = binding.key_display
        elif key == "enter":  # Textual shows "⏎", which few people would know to press
            label = key
        else:
            label = format_key(key)
        shown.append(IN_WORDS.get(label, label) if in_words else label)
    return shown


def display(binding: Binding, keymap: Mapping[str, str], sep: str = "  ") -> str:
    """The keys of `binding` as the help shows them: "→  n", "space", "ctrl+s"."""
    return sep.join(labels(binding, keymap))


def key_label(
    bindings: Iterable[BindingType], binding_id: str, keymap: Mapping[str, str], index: int = 0
) -> str:
    """The `index`th key of the binding `binding_id` among `bindings`, as a person
    reads it in a sentence, for the lines of a screen that say which key does what
    (the first key when a keymap left it fewer)."""
    binding = next(b for b in _bindings(bindings) if b.id == binding_id)
    shown = labels(binding, keymap, in_words=True)
    return shown[index] if index < len(shown) else shown[0]


# -- the docs -------------------------------------------------------------------------


def markdown_table() -> str:
    """The table of every binding id in docs/keys.md, made from the bindings."""
    lines: list[str] = []
    for screen in keyed_screens():
        lines += [f"### {screen.title}", "", "| id | keys | what it does |", "|---|---|---|"]
        for binding in screen.bindings:
            keys = f"`{display(binding, {}, sep='` `')}`"
            what = screen.words[binding.id or ""]
            if binding.id in FIXED_IDS:
                what += " (cannot be changed)"
            lines.append(f"| `{binding.id}` | {keys} | {what} |")
        lines.append("")
    return "\n".join(lines)
