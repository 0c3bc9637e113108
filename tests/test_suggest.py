"""The one "did you mean": each caller's cutoff and folding give what they gave."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.audio.config import load_config
from backtimer.errors import UserError
from backtimer.routine.durations import DurationError, parse_duration
from backtimer.routine.values import key_path, suggest
from backtimer.suggest import closest


def test_the_closest_candidate_as_spelled() -> None:
    assert closest("volum", ["volume", "ticks", "halfway"]) == "volume"
    assert closest("xyz", ["volume", "ticks"]) is None
    assert closest("anything", []) is None


def test_the_cutoff_decides_how_alike_is_close_enough() -> None:
    # "mins" is 0.57 like "mni": close enough for a unit (0.5), not for a key (0.6).
    assert closest("mni", ["mins"], cutoff=0.5) == "mins"
    assert closest("mni", ["mins"]) is None
    assert closest("mni", ["min", "mins"]) == "min"  # 0.67
    assert closest("hrz", ["h", "hr", "hrs"]) == "hr"  # 0.8 beats 0.67


def test_a_key_folds_both_sides_and_gives_the_candidate_back_as_spelled() -> None:
    assert closest("HOLDD", ["hold", "reps"], key=str.lower) == "hold"
    assert closest("HOLDD", ["hold", "reps"]) is None  # no folding: no match
    # Of two candidates equal under the key, the last wins.
    assert closest("hold", ["Hold", "HOLD"], key=str.lower) == "HOLD"


def test_a_routine_key_in_any_case() -> None:
    assert suggest("Hodl", ["hold", "reps", "sides"]) == "hold"
    assert suggest("nonsense", ["hold", "reps"]) is None


def test_a_unit_is_guessed_at_a_lower_cutoff() -> None:
    with pytest.raises(DurationError, match="did you mean 'sec'"):
        parse_duration("3 sek")
    with pytest.raises(DurationError, match="use h, min or s"):
        parse_duration("3 lightyears")


def test_a_sound_setting_is_guessed(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[sound]\nvolum = 50\n")
    with pytest.raises(
        UserError, match=r"unknown key 'volum' in \[sound\] \(did you mean 'volume'\?\)"
    ):
        load_config(config)


def test_key_path() -> None:
    assert key_path("", "name") == "name"
    assert key_path("steps[2]", "hold") == "steps[2].hold"
