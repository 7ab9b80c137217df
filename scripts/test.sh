#!/usr/bin/env bash
# `make test`: install, make sure PostgreSQL and Chromium are there, then lint, format check,
# the layer contract, type check, and the whole suite twice: on SQLite, then on a throw-away PostgreSQL server.
# Every check runs even when an earlier one fails (one run shows every problem); the exit
# status is non-zero if any failed, and the summary names each stage with its time.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=.venv/bin
summary=()
failed=()

stage() {
    local name="$1"
    shift
    echo
    echo "==> $name"
    local start=$EPOCHREALTIME
    "$@"
    local status=$?
    local seconds
    seconds="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
    if ((status == 0)); then
        summary+=("$(printf '  ok      %7ss  %s' "$seconds" "$name")")
    else
        summary+=("$(printf '  FAILED  %7ss  %s (exit %s)' "$seconds" "$name" "$status")")
        failed+=("$name")
        echo "==> FAILED: $name (exit $status)" >&2
    fi
    return "$status"
}

print_summary() {
    echo
    echo "==> make test: summary"
    printf '%s\n' "${summary[@]}"
}

total_start=$EPOCHREALTIME

# Without these nothing else can run: stop at once.
if ! stage "install (uv sync --frozen)" scripts/bootstrap.sh \
    || ! stage "test system (PostgreSQL, Chromium)" scripts/ensure-test-system.sh; then
    print_summary
    echo "make test: FAILED at: ${failed[*]}" >&2
    exit 1
fi

stage "lint (ruff check)" "$BIN/ruff" check .
stage "format (ruff format --check)" "$BIN/ruff" format --check .
stage "layers (import-linter, docs/architecture.md)" "$BIN/lint-imports"
stage "types (mypy)" "$BIN/mypy" .
stage "tests on SQLite" env -u DATABASE_URL scripts/run-pytest.sh
stage "tests on PostgreSQL" scripts/with-postgres.sh scripts/run-pytest.sh

print_summary
total="$(awk -v a="$total_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
if ((${#failed[@]})); then
    echo "make test: FAILED (${total}s) at:" >&2
    printf '  - %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "make test: passed (${total}s)"
