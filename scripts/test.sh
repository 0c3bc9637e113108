#!/usr/bin/env bash
# Sets up everything the tests need, then runs lint, format check, type check, the
# layer contracts (.importlinter) and the whole test suite (unit, UI pilot and
# snapshots, the installed program in tmux) on every core (pytest-xdist).
#   bash scripts/test.sh            everything, then the fast suite on every other
#                                   Python 3.11-3.14 the machine has (test-pythons.sh)
#   bash scripts/test.sh --fast     everything but the tmux and packaging tests, on
#                                   this Python only
# Other arguments go to pytest (`bash scripts/test.sh tests/engine -n 0` runs one
# folder serially).
set -euo pipefail
cd "$(dirname "$0")/.."

pytest_args=(-n auto --dist loadgroup)
for arg in "$@"; do
    if [[ "$arg" == "--fast" ]]; then
        pytest_args+=(-m "not e2e and not packaging")
    else
        pytest_args+=("$arg")
    fi
done

venv=${VENV:-.venv}  # scripts/test-pythons.sh runs the suite in one per Python
bash scripts/setup.sh --test
"$venv/bin/ruff" check backtimer tests benchmarks scripts
"$venv/bin/ruff" format --check backtimer tests benchmarks scripts
"$venv/bin/mypy"
"$venv/bin/lint-imports" --no-cache
"$venv/bin/pytest" "${pytest_args[@]}"
# With no arguments this is the whole check (the README's test command, which CI
# runs): the other Pythons too, without the tmux and packaging tests, which test the
# installed program on the default one. test-pythons.sh sets VENV, so no recursion.
if [[ $# -eq 0 && -z "${VENV:-}" ]]; then
    bash scripts/test-pythons.sh --fast
fi
