"""The mirror loads aiohttp and frozenlist in their pure-Python builds (smaller;
docs/benchmarks.md), and leaves the environment as it found it."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import json, os, sys
os.environ["FROZENLIST_NO_EXTENSIONS"] = "0"  # someone's own setting survives
COMPILED = ("aiohttp._http_parser", "frozenlist._frozenlist")
import backtimer.mirror.server
import aiohttp.http_parser, aiohttp.web_protocol, frozenlist
print(json.dumps({
    "parser": aiohttp.web_protocol.HttpRequestParser.__module__,
    "frozenlist": frozenlist.FrozenList.__module__,
    "compiled": sorted(m for m in sys.modules if m in COMPILED),
    "env": {k: os.environ.get(k) for k in ("AIOHTTP_NO_EXTENSIONS", "FROZENLIST_NO_EXTENSIONS")},
}))
"""


def test_the_server_imports_the_pure_python_builds_and_restores_the_environment() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout)
    assert seen["parser"] == "aiohttp.http_parser"
    assert seen["frozenlist"] == "frozenlist"
    assert seen["compiled"] == []
    assert seen["env"] == {"AIOHTTP_NO_EXTENSIONS": None, "FROZENLIST_NO_EXTENSIONS": "0"}
