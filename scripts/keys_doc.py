"""Write the table of key ids in docs/keys.md from the bindings themselves.

    .venv/bin/python scripts/keys_doc.py

tests/ui/test_keymap.py fails when the file and the bindings disagree.
"""

from __future__ import annotations

from pathlib import Path

from backtimer.ui.keymap import markdown_table

DOCS = Path(__file__).resolve().parent.parent / "docs" / "keys.md"
BEGIN = "<!-- The table below is made by scripts/keys_doc.py from the bindings. -->"
END = "<!-- End of the table made by scripts/keys_doc.py. -->"


def with_table(text: str) -> str:
    """`text` with the part between BEGIN and END made again."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{markdown_table()}\n{END}{tail}"


if __name__ == "__main__":
    DOCS.write_text(with_table(DOCS.read_text(encoding="utf-8")), encoding="utf-8")
