#!/bin/sh
# Install battery-kg from this checkout into a virtual environment, .venv, wherever Python is:
# a system python3 that refuses system-wide pip (PEP 668, Debian 12), a Debian python3 without the
# python3-venv package (no ensurepip), or inside a virtual environment already active (then that
# one is used, and .venv points to it).
#
#   sh scripts/install.sh          install battery-kg (editable)
#   sh scripts/install.sh test     ... with the test dependencies (the extra "test")
#
# Then: .venv/bin/battery-kg build, .venv/bin/python -m pytest. PYTHON=python3.12 picks another
# interpreter for a new .venv.
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=.venv
spec=.
if [ $# -gt 0 ]; then spec=".[$1]"; fi

say() { printf 'install.sh: %s\n' "$*" >&2; }

if [ ! -e "$venv" ] && [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
    say "using the active virtual environment $VIRTUAL_ENV (linked as $venv)"
    ln -s "$VIRTUAL_ENV" "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
    if "$python" -m venv "$venv" >/dev/null 2>&1; then
        :
    else
        rm -rf "$venv"  # Debian without python3-venv leaves half a venv behind
        if "$python" -m venv --without-pip "$venv" >/dev/null 2>&1; then
            say "$python has no ensurepip: made $venv without pip, installing with $python's own pip"
        elif command -v uv >/dev/null 2>&1; then
            uv venv --quiet --python "$python" "$venv"
        else
            say "cannot make a virtual environment with $python: install python3-venv (Debian, Ubuntu) or uv"
            exit 1
        fi
    fi
fi
vpython=$venv/bin/python
if "$vpython" -m pip --version >/dev/null 2>&1; then
    "$vpython" -m pip install --quiet --editable "$spec"
elif "$python" -m pip --version >/dev/null 2>&1; then
    # pip >= 22.3 installs into another environment with --python; PEP 668 does not apply to a venv.
    "$python" -m pip --python "$vpython" install --quiet --editable "$spec"
elif command -v uv >/dev/null 2>&1; then
    uv pip install --quiet --python "$vpython" --editable "$spec"
else
    say "no pip in $venv nor for $python: install python3-venv or python3-pip (Debian, Ubuntu), or uv"
    exit 1
fi
say "installed battery-kg into $venv"
