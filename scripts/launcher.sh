#!/usr/bin/env bash
# Makes `backtimer` a command in every new shell, the way pipx does it: a link in
# ~/.local/bin (or $XDG_BIN_HOME) to this checkout's .venv/bin/backtimer, and, when
# that folder is not on PATH, one guarded line in the shell's startup files that
# puts it there. scripts/setup.sh runs this last; running it again changes nothing.
#   bash scripts/launcher.sh
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

program="$PWD/.venv/bin/backtimer"
if [[ ! -x $program ]]; then
    say "there is no $program yet: run bash scripts/setup.sh first"
    exit 1
fi

bin="${XDG_BIN_HOME:-$HOME/.local/bin}"
link="$bin/backtimer"
mkdir -p "$bin"
if [[ -e $link && ! -L $link ]]; then
    say "$link is a file this setup did not make; left as it is."
    say "run this checkout's backtimer as $program"
    exit 0
fi
ln -sfn "$program" "$link"
say "backtimer: $link -> $program"

case ":$PATH:" in
    *":$bin:"*)
        say "$bin is on PATH: backtimer runs from any folder."
        exit 0
        ;;
esac

# The folder as the startup files should say it: under $HOME, relative to it.
if [[ $bin == "$HOME"/* ]]; then shown="\$HOME/${bin#"$HOME"/}"; else shown="$bin"; fi
marker="# backtimer's setup: its launcher's folder on PATH"
line="case \":\$PATH:\" in *\":$shown:\"*) ;; *) export PATH=\"$shown:\$PATH\" ;; esac"

files=()
case "$(basename "${SHELL:-sh}")" in
    bash)
        # Interactive shells read ~/.bashrc; login shells (a new tmux window, ssh,
        # a console) the first of these that exists, else ~/.profile.
        files+=("$HOME/.bashrc")
        login="$HOME/.profile"
        for candidate in "$HOME/.bash_profile" "$HOME/.bash_login"; do
            if [[ -f $candidate ]]; then login="$candidate"; break; fi
        done
        files+=("$login")
        ;;
    zsh) files+=("${ZDOTDIR:-$HOME}/.zshrc") ;;
    fish)
        say "$bin is not on PATH. For fish, run once: fish_add_path $bin"
        exit 0
        ;;
    *) files+=("$HOME/.profile") ;;
esac

added=()
for file in "${files[@]}"; do
    if [[ -f $file ]] && grep -qF "$marker" "$file"; then
        continue
    fi
    printf '\n%s\n%s\n' "$marker" "$line" >> "$file"
    added+=("$file")
done
if (( ${#added[@]} )); then
    say "$bin was not on PATH; new shells have it now (a line added to: ${added[*]/#$HOME/\~})."
else
    say "$bin is not on PATH in this shell; new shells have it (${files[*]/#$HOME/\~})."
fi
say "open a new terminal (or run: export PATH=\"$bin:\$PATH\") and backtimer runs from any folder."
