#!/usr/bin/env bash
# Runs the test suite (scripts/test.sh) once on each Python from 3.11 to the newest
# that backtimer's Textual supports, each in its own virtual environment
# (.venv-3.12, ...). A Python is taken from PATH (python3.12) or from pyenv; one
# that this machine does not have is named and left out, never claimed.
#   bash scripts/test-pythons.sh            every Python but the default one
#   bash scripts/test-pythons.sh --fast     the same, without the tmux and packaging tests
# Other arguments go to scripts/test.sh. The default python3 is tested by
# scripts/test.sh itself (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."

# Textual 8.2.8 (pinned in pyproject.toml) declares Python 3.9 to 3.14.
versions=(3.11 3.12 3.13 3.14)
say() { printf 'test-pythons: %s\n' "$*" >&2; }

find_python() {
    local version=$1 found
    # A pyenv shim on PATH answers only for the versions pyenv has selected: ask it.
    if found=$(command -v "python$version" 2>/dev/null) && "$found" -c '' 2>/dev/null; then
        printf '%s\n' "$found"
        return 0
    fi
    if command -v pyenv >/dev/null 2>&1; then
        # The newest installed patch release of this minor version.
        found=$(pyenv versions --bare 2>/dev/null | grep -E "^${version//./\\.}\.[0-9]+$" |
            sort -t. -k3,3n | tail -n 1)
        if [[ -n "$found" && -x "$(pyenv root)/versions/$found/bin/python$version" ]]; then
            printf '%s\n' "$(pyenv root)/versions/$found/bin/python$version"
            return 0
        fi
    fi
    return 1
}

default=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
tested=() missing=()
for version in "${versions[@]}"; do
    [[ "$version" == "$default" ]] && continue
    if ! python=$(find_python "$version"); then
        missing+=("$version")
        continue
    fi
    say "Python $version: $python"
    PYTHON=$python VENV=".venv-$version" bash scripts/test.sh "$@"
    tested+=("$version")
done
say "tested on Python ${tested[*]:-(none)} besides the default $default"
(( ${#missing[@]} )) && say "not on this machine, so not tested: Python ${missing[*]}"
exit 0
