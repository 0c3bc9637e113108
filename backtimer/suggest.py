"""The one "did you mean …?": the known word closest to a mistyped one.

A misspelt key in a routine file or config.toml, an unknown duration unit, a
routine name that matched nothing: each mistake names what was probably meant,
and all of them choose it here. `difflib` is imported only when there is a
mistake to explain: it is not worth its import on every start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def closest(
    word: str,
    candidates: Iterable[str],
    *,
    cutoff: float = 0.6,
    key: Callable[[str], str] | None = None,
) -> str | None:
    """The candidate most like `word`, as the candidate is spelled, or None when
    none is at least `cutoff` alike (difflib's ratio, 0 to 1).

    `key` makes the comparison forgiving (`str.lower`: any case); both `word` and
    each candidate pass through it, and of candidates equal under it, the last wins.
    """
    import difflib

    if key is None:
        close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
        return close[0] if close else None
    spelled = {key(candidate): candidate for candidate in candidates}
    close = difflib.get_close_matches(key(word), list(spelled), n=1, cutoff=cutoff)
    return spelled[close[0]] if close else None
