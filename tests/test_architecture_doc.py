"""docs/architecture.md names every module of the package, so a newcomer finds each one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backtimer"


def test_every_module_is_named_in_the_architecture_doc() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(?:backtimer/)?(?:[\w/]+/)?(\w+\.(?:py|json))`", doc))
    modules = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and "migrations" not in path.parts
    }
    assert modules, "no modules found: the test would pass on nothing"
    assert sorted(modules - named) == []


def test_the_layers_drawn_in_the_doc_are_the_contracts() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = doc.split("A package may import only from the layers below it:", 1)[1]
    drawn = drawn.split("```", 2)[1]
    # Each layer at the start of its line, its description after two spaces or more
    # (or on an indented line of its own).
    doc_layers = [
        re.split(r"\s{2,}", line)[0]
        for line in drawn.splitlines()
        if line and not line[0].isspace()
    ]
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    layers = config.split("layers =\n", 1)[1].split("\n#", 1)[0]
    contract_layers = [line.strip() for line in layers.splitlines() if line.strip()]
    assert doc_layers == contract_layers
