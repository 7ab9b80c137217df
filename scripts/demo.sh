#!/usr/bin/env bash
# `make demo` (after `make install`): the demo on http://127.0.0.1:8000 with SQLite in var/.
# Migrates, loads the calibrated demo data only into an empty database, prints the demo
# sign-ins, runs the background task worker beside the server, and stops it with the server.
# Running it again reuses the database and the collected static files. The server is gunicorn
# (`mydirection serve`: several processes, request and idle timeouts, an access log without
# query strings), as in production.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export MYDIRECTION_DEMO=1
export MYDIRECTION_DEBUG=0
# Each server thread keeps its SQLite connection for a minute (mydirection/env.py).
export MYDIRECTION_CONN_MAX_AGE="${MYDIRECTION_CONN_MAX_AGE:-60}"
ADDRESS="${MYDIRECTION_DEMO_ADDRESS:-127.0.0.1:8000}"
# demo-data prints it: the address it tells people to open is the one served.
export MYDIRECTION_DEMO_ADDRESS="$ADDRESS"
MANAGE=.venv/bin/mydirection

if python3 - "$ADDRESS" <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
with socket.socket() as s:
    s.settimeout(1)
    sys.exit(0 if s.connect_ex((host, int(port))) == 0 else 1)
PY
then
    echo "demo: something already answers on $ADDRESS (a demo still running?)." >&2
    echo "  Stop it, or choose another address: MYDIRECTION_DEMO_ADDRESS=127.0.0.1:8001 make demo" >&2
    exit 1
fi

"$MANAGE" migrate --no-input
# With DEBUG off, WhiteNoise serves /static/ from STATIC_ROOT (staticfiles/), which
# collectstatic fills; it copies only what changed, so a second run is quick.
"$MANAGE" collectstatic --no-input --verbosity 0
"$MANAGE" demo-data --if-empty

worker=""
stop_worker() {
    if [[ -n "$worker" ]] && kill -0 "$worker" 2>/dev/null; then
        kill -TERM "$worker" 2>/dev/null || true
        wait "$worker" 2>/dev/null || true
    fi
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A checkpoint of the access log now, and the worker's hourly ones from here on (it also
# takes one every MYDIRECTION_ACCESS_LOG_CHECKPOINT_EVERY entries): var/access-log-checkpoints.jsonl.
"$MANAGE" checkpoint-access-log --schedule
# Who is past their retention period, now and every day (the data protection officer reviews
# them at /data-rights/erasure/).
"$MANAGE" find-expired --schedule
"$MANAGE" db_worker &
worker=$!

echo "demo: serving http://$ADDRESS/ (Ctrl-C stops the server and the task worker)"
"$MANAGE" serve --bind "$ADDRESS"
