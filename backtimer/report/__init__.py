"""`backtimer report`: the page a person hands to their physiotherapist.

`build` reads one period from the history; `figures` computes every number from
session rows (pure, no I/O); `plan` is the seam where a routine's prescription and
a step's progression level come in; `charts` draws with pygal (imported only here,
when a report is made); `page` writes the self-contained HTML; `pdf` prints it
with a headless Chromium.
"""
