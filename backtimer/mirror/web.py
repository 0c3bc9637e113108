"""aiohttp's web module and aiohttp-sse's stream, imported in their pure-Python builds.

aiohttp and frozenlist each ship a compiled speed-up that they skip when asked
(the documented `AIOHTTP_NO_EXTENSIONS` and `FROZENLIST_NO_EXTENSIONS`). The
speed-ups are for servers parsing thousands of requests a second; the mirror
takes a few a minute, and the compiled builds cost it 1.7 MB of memory a session
(frozenlist's alone loads the C++ runtime, for a list of callbacks). Measured in
docs/benchmarks.md (mirror_bench.py). The switches are set only while aiohttp is
first imported, and the environment is put back as it was.
"""

from __future__ import annotations

import os
import sys

PURE = ("AIOHTTP_NO_EXTENSIONS", "FROZENLIST_NO_EXTENSIONS")


def _import_pure() -> None:
    if "aiohttp" in sys.modules:  # already imported (a test, a plugin): as it is
        return
    before = {name: os.environ.get(name) for name in PURE}
    os.environ.update(dict.fromkeys(PURE, "1"))
    try:
        import aiohttp.web  # noqa: F401
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_import_pure()

from aiohttp import web  # noqa: E402
from aiohttp_sse import EventSourceResponse  # noqa: E402

__all__ = ["EventSourceResponse", "web"]
