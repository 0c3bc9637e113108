"""backtimer: a guided workout timer for back-pain exercise programs.

Kept empty on purpose: importing the package must not pull in Textual, so that the
headless commands (validate, show, list, history --json, export) start fast.
"""

__version__ = "0.1.0"
