#!/usr/bin/env bash
# `make serve`: MyDirection as in production. The production settings (MYDIRECTION_PRODUCTION=1)
# need at least MYDIRECTION_SECRET_KEY, MYDIRECTION_PSEUDONYM_KEY, MYDIRECTION_ALLOWED_HOSTS,
# DATABASE_URL (PostgreSQL) and MYDIRECTION_NOTIFY_API_KEY in the environment; they refuse to
# start without them, or with demo shortcuts on. Checks the deployment, migrates, collects the
# static files (WhiteNoise serves them), takes a checkpoint of the access log and queues the
# worker's hourly ones, then runs gunicorn (`mydirection serve`: workers, threads and timeouts
# from MYDIRECTION_* variables, see mydirection/serving.py) and the task worker beside it.
# MYDIRECTION_TASK_WORKER=0 leaves the task worker to its own service. Ctrl-C or TERM stops
# both. docs/operations.md describes running it for real.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export MYDIRECTION_PRODUCTION="${MYDIRECTION_PRODUCTION:-1}"
MANAGE=.venv/bin/mydirection

"$MANAGE" check --deploy --fail-level WARNING
"$MANAGE" migrate --no-input
"$MANAGE" collectstatic --no-input --verbosity 0
# A checkpoint of the access log now, and the task worker's hourly ones from here on
# (mydirection/access/checkpoints.py): at every deployment, as the worker may have been away.
"$MANAGE" checkpoint-access-log --schedule

children=()
stop() {
    for pid in "${children[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${MYDIRECTION_TASK_WORKER:-1}" != "0" ]]; then
    "$MANAGE" db_worker &
    children+=("$!")
fi
"$MANAGE" serve &
children+=("$!")
# Whichever stops first (a crash, or gunicorn refusing to start) stops the other.
wait -n
