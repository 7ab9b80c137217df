#!/usr/bin/env bash
# benchmarks/load.py against the production profile on PostgreSQL, as docs/benchmarks.md
# measured it:
#
#     scripts/with-postgres.sh benchmarks/load-production.sh [load.py options]
#
# Loads the calibrated demo data into the (empty, throw-away) database, then serves it with
# scripts/serve.sh under MYDIRECTION_PRODUCTION=1 behind a pretend TLS proxy, with keys made
# for this run only and no task worker (messages would go to GOV.UK Notify), and runs the
# load test with sessions made in the database (production never shows the sign-in code).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -n "${DATABASE_URL:-}" ]] || { echo "usage: scripts/with-postgres.sh $0" >&2; exit 2; }

MYDIRECTION_VAR_DIR="$(mktemp -d)"
export MYDIRECTION_VAR_DIR
trap 'rm -rf "$MYDIRECTION_VAR_DIR"' EXIT
.venv/bin/mydirection migrate --verbosity 0
.venv/bin/mydirection demo-data --if-empty > /dev/null

key() { python3 -c 'import secrets; print("bench-only-" + secrets.token_urlsafe(60))'; }
export MYDIRECTION_PRODUCTION=1 MYDIRECTION_BEHIND_PROXY=1 MYDIRECTION_TASK_WORKER=0
MYDIRECTION_SECRET_KEY="$(key)" MYDIRECTION_PSEUDONYM_KEY="$(key)"
export MYDIRECTION_SECRET_KEY MYDIRECTION_PSEUDONYM_KEY
export MYDIRECTION_ALLOWED_HOSTS=127.0.0.1
# The shape of a GOV.UK Notify key, not a real one: nothing is sent.
export MYDIRECTION_NOTIFY_API_KEY="bench-11111111-1111-1111-1111-111111111111-22222222-2222-2222-2222-222222222222"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export MYDIRECTION_BIND="127.0.0.1:$port"

scripts/serve.sh > "$MYDIRECTION_VAR_DIR/serve.log" 2>&1 &
serve=$!
for _ in $(seq 120); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    kill -0 "$serve" 2>/dev/null || { cat "$MYDIRECTION_VAR_DIR/serve.log" >&2; exit 1; }
    sleep 1
done
status=0
.venv/bin/python benchmarks/load.py --url "http://127.0.0.1:$port" --sign-in sessions \
    --behind-proxy "$@" || status=$?
kill -TERM "$serve"
wait "$serve" || true
exit "$status"
