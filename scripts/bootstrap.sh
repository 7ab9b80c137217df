#!/usr/bin/env bash
# `make install`: the locked dependencies in .venv (with the `mydirection` console script).
# Needs only Python 3.11 as `python3` (or $PYTHON). uv comes from PyPI into its own tool
# venv, .tools/, so it never mixes with the project's environment. Quick when already done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

UV_VERSION=0.13.8
PYTHON="${PYTHON:-python3}"
UV=.tools/bin/uv

# uv must use the machine's Python 3.11, never download one of its own (nothing but the
# package registries is reachable here), and must not be confused by an activated venv.
export UV_PYTHON_DOWNLOADS=never
unset VIRTUAL_ENV

if [[ "$("$UV" --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        echo "install: MyDirection needs Python 3.11 as '$PYTHON' (found: $("$PYTHON" --version 2>&1))." >&2
        echo "  Set PYTHON=/path/to/python3.11 to use another interpreter." >&2
        exit 1
    fi
    echo "install: uv $UV_VERSION into .tools/"
    rm -rf .tools
    "$PYTHON" -m venv .tools
    .tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

# --frozen: install exactly uv.lock, never re-resolve. The dev group is a default group.
# A new .venv is made with $PYTHON; an existing one is kept (uv checks it still fits).
python_option=()
[[ -x .venv/bin/python ]] || python_option=(--python "$PYTHON")
"$UV" sync --frozen "${python_option[@]}" --quiet
if [[ ! -x .venv/bin/mydirection ]]; then
    echo "install: .venv/bin/mydirection is missing after uv sync" >&2
    exit 1
fi
