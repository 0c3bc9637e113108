"""Block figures and letters that scale by a row: the countdown read from a mat."""

from __future__ import annotations

from backtimer.ui.widgets.bignumber import (
    MIN_ROWS,
    big_text,
    big_word,
    fit_rows,
    pack,
    text_width,
    word_width,
)


def test_two_pixel_rows_make_one_text_row() -> None:
    assert pack([[True, True, False, False], [True, False, True, False]]) == ["█▀▄ "]


def test_figures_are_seven_segments_at_any_height() -> None:
    assert big_text("8", 3) == ("█▀█", "█▀█", "█▄█")
    for rows in range(MIN_ROWS, 30):
        lines = big_text("1:05", rows)
        assert len(lines) == rows
        assert len({len(line) for line in lines}) == 1
        assert len(lines[0]) == text_width("1:05", rows)
    # 2, 3, 5, 6, 8 and 9 stay apart even at the smallest size.
    shapes = {c: big_text(c, MIN_ROWS) for c in "0123456789"}
    assert len(set(shapes.values())) == 10


def test_seven_rows_are_the_old_block_figures() -> None:
    assert big_text("2", 7) == (
        "████████",
        "      ██",
        "      ██",
        "████████",
        "██      ",
        "██      ",
        "████████",
    )


def test_figures_shrink_to_fit_the_width_but_never_below_three_rows() -> None:
    assert fit_rows("00", 20, 200) == 20
    narrow = fit_rows("0:00", 20, 40)
    assert narrow < 20 and text_width("0:00", narrow) <= 40
    assert fit_rows("0:00", 20, 5) == MIN_ROWS


def test_words_in_block_letters() -> None:
    rows = big_word("HOLD")
    assert len(rows) == 3 and len(rows[0]) == word_width("HOLD")
    assert len(big_word("HOLD", 2)) == 6
    assert word_width("HOLD", 2) == 2 * word_width("HOLD")
    # A character the font lacks: the plain word, on the middle row.
    assert big_word("ÉTÉ") == ("", "ÉTÉ", "")
