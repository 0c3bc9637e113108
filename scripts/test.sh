#!/usr/bin/env bash
# Sets up everything the tests need, then runs lint, format check, type check, the
# layer contracts (.importlinter) and the whole test suite (unit, UI pilot and
# snapshots, the installed program in tmux).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check backtimer tests benchmarks scripts
.venv/bin/ruff format --check backtimer tests benchmarks scripts
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
.venv/bin/pytest "$@"
