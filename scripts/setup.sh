#!/usr/bin/env bash
# Sets up backtimer in ./.venv on Debian (or any Linux/macOS with Python 3.11+).
# PYTHON picks the interpreter, VENV the folder (scripts/test-pythons.sh sets both).
#   bash scripts/setup.sh          the program, with sound when it can be built, and
#                                  `backtimer` as a command in new shells (a link in
#                                  ~/.local/bin, scripts/launcher.sh)
#   bash scripts/setup.sh --test   the program and the test tools (tmux, espeak-ng,
#                                  pytest, ruff, mypy); it leaves ~/.local/bin and the
#                                  shell's startup files alone
# As root it installs the system packages it needs with apt-get; otherwise it says
# which are missing. Sound (simpleaudio) needs the ALSA headers to compile: without
# them backtimer is installed without sound and says so, never half-installed.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf 'setup: %s\n' "$*" >&2; }

apt_packages=(gcc libasound2-dev)
# A Python built outside Debian (pyenv, python.org) brings venv and headers itself.
if ! { command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' 2>/dev/null; }; then
    apt_packages+=(python3 python3-venv python3-dev)
fi
# The report's tests print it with a real browser and read the PDF back.
(( want_test )) && apt_packages+=(tmux librsvg2-bin chromium poppler-utils)
# localedef and the locale sources, for the tests of an ISO-8859-1 terminal.
(( want_test )) && apt_packages+=(locales)
# Spoken announcements, so the speech tests run against the real program.
(( want_test )) && apt_packages+=(espeak-ng)
# dbus and python3-dbusmock: a private session bus with a fake desktop for the
# reminder and screen-awake tests; systemd: systemd-analyze checks the timer units.
(( want_test )) && apt_packages+=(dbus python3-dbusmock systemd)

missing=()
if command -v dpkg >/dev/null 2>&1; then
    for pkg in "${apt_packages[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
fi

if (( ${#missing[@]} )); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        say "missing system packages: ${missing[*]}"
        say "install them with: sudo apt-get install ${missing[*]}"
    fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "backtimer needs Python 3.11 or newer; $("$python" --version 2>&1) was found."
    exit 1
fi

venv=${VENV:-.venv}
if [[ ! -x "$venv/bin/python" ]]; then
    say "creating $venv"
    "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)

# The mirror's web parts (aiohttp, segno) come by default; `--mirror` says so if absent.
if (( want_test )); then "${pip[@]}" -e ".[mirror,test]"; else "${pip[@]}" -e ".[mirror]"; fi
# Sound is optional: simpleaudio compiles against the ALSA headers. On Python 3.12 and
# newer it crashes when a sound ends, so it is not installed there.
if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info >= (3, 12))'; then
    say "simpleaudio crashes on Python 3.12 and newer: backtimer is installed without it"
    say "and will use the terminal bell."
elif ! "$venv/bin/python" -c 'import simpleaudio' 2>/dev/null; then
    if ! "${pip[@]}" "simpleaudio>=1.0.4" >/dev/null 2>&1; then
        say "sound could not be built (simpleaudio needs the ALSA headers: libasound2-dev);"
        say "backtimer is installed without sound and will use the terminal bell."
    fi
fi
# pip's console-script launcher imports `re` (5-9 ms here) only to tidy argv[0] on
# Windows; `backtimer status` runs on every shell prompt, so the command is rewritten
# without it (same module, same entry point; pip still owns and removes the file).
venv_python="$(cd "$venv" && pwd)/bin/python"
printf '#!%s\nimport sys\n\nfrom backtimer.cli import main\n\nsys.exit(main())\n' \
    "$venv_python" > "$venv/bin/backtimer"
chmod 755 "$venv/bin/backtimer"
say "ready: $venv/bin/backtimer"
if (( ! want_test )); then
    bash scripts/launcher.sh
fi
