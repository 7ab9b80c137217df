#!/usr/bin/env bash
# One pass of the whole suite: `scripts/run-pytest.sh [PYTEST ARGS...]`, on whatever database
# DATABASE_URL names (SQLite when it is unset), in $PYTEST_WORKERS xdist workers (2).
# The browser tests are included. Exit status 5 (no tests collected) is a failure here: the
# suite always holds tests (tests/browser/test_harness.py at least), so collecting none means
# a path, marker or configuration went wrong, and must never pass silently.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Tests choose their own settings: nothing from a developer's demo shell leaks in.
unset MYDIRECTION_DEMO MYDIRECTION_DEBUG MYDIRECTION_PRODUCTION MYDIRECTION_VAR_DIR \
    MYDIRECTION_SCREENSHOTS DJANGO_SETTINGS_MODULE

.venv/bin/pytest -n "${PYTEST_WORKERS:-2}" -ra "$@"
status=$?
if ((status == 5)); then
    echo "pytest collected no tests: the suite has gone missing (check testpaths and -m/-k)." >&2
fi
exit "$status"
