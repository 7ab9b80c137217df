#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL server:
#
#     scripts/with-postgres.sh COMMAND [ARGS...]
#
# initdb into a new temporary directory, start the server on a free port on 127.0.0.1 only
# (its unix socket in that directory too), create the database `mydirection`, export
# DATABASE_URL, run COMMAND, then always stop the server and remove the directory, whether
# COMMAND passed, failed or was interrupted. Exits with COMMAND's exit status. The server's
# binaries (pg_dump, pg_restore, psql of the same version) come first on COMMAND's PATH.
#
# PostgreSQL refuses to run as root: as root the server runs as the system user
# `mydirection-pg` (created if missing), which owns the temporary directory.
# Prefers PostgreSQL 15 (production's version); MYDIRECTION_PG_BIN=/path/to/bin overrides.
#
# MYDIRECTION_PG_KEEP=/some/dir keeps the server's directory between runs instead (made on the
# first run, reused afterwards; the server is still stopped at the end): for benchmarks whose
# data take long to build. Delete the directory yourself when done.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

say() { echo "postgres: $*" >&2; }

find_bindir() {
    if [[ -n "${MYDIRECTION_PG_BIN:-}" ]]; then
        echo "$MYDIRECTION_PG_BIN"
    elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
        echo /usr/lib/postgresql/15/bin
    else
        # Any other installed version, newest first.
        local dir
        dir="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)"
        [[ -n "$dir" ]] && dirname "$dir"
    fi
}
PG_BIN="$(find_bindir)" || true
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
    say "no PostgreSQL server binaries found (run scripts/ensure-test-system.sh)"
    exit 1
fi
PG_VERSION="$("$PG_BIN/postgres" --version | sed -E 's/.*\(PostgreSQL\) ([0-9.]+).*/\1/')"
[[ "$PG_VERSION" == 15.* ]] || say "warning: using PostgreSQL $PG_VERSION, production runs 15"

# Who runs the server.
if [[ "$(id -u)" == 0 ]]; then
    PG_USER=mydirection-pg
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PG_USER"
    fi
    # From a directory that user can enter (the caller's may be private to root).
    as_pg() { (cd "$TMP_DIR" && runuser -u "$PG_USER" -- "$@"); }
else
    PG_USER="$(id -un)"
    as_pg() { "$@"; }
fi

# As root, in /tmp: $PG_USER must be able to reach it, which a root's TMPDIR may not allow.
if [[ "$(id -u)" == 0 ]]; then tmp_parent=/tmp; else tmp_parent="${TMPDIR:-/tmp}"; fi
KEEP="${MYDIRECTION_PG_KEEP:-}"
if [[ -n "$KEEP" ]]; then
    mkdir -p "$KEEP"
    TMP_DIR="$(cd "$KEEP" && pwd)"
else
    TMP_DIR="$(mktemp -d "$tmp_parent/mydirection-pg.XXXXXX")"
fi
DATA_DIR="$TMP_DIR/data"
SOCKET_DIR="$TMP_DIR/socket"
LOG_FILE="$TMP_DIR/server.log"
STARTED=0

stop_server() {
    local status=$?
    trap - EXIT INT TERM
    set +e
    if ((STARTED)); then
        if ! as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1; then
            say "fast shutdown failed; stopping immediately"
            as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1
        fi
        # Last resort: the postmaster's own pid, from its pid file.
        local pid
        pid="$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null)"
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            say "server $pid still running; killing it"
            kill -KILL "$pid" 2>/dev/null
        fi
        say "server stopped"
    fi
    [[ -n "$KEEP" ]] || rm -rf "$TMP_DIR"
    exit "$status"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$TMP_DIR"
mkdir -p "$SOCKET_DIR"
[[ "$(id -u)" == 0 ]] && chown -R "$PG_USER:" "$TMP_DIR"

REUSE=0
[[ -n "$KEEP" && -f "$DATA_DIR/PG_VERSION" ]] && REUSE=1
if ((REUSE)); then
    PASSWORD="$(cat "$TMP_DIR/password")"
else
    PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    (umask 077 && printf '%s\n' "$PASSWORD" >"$TMP_DIR/password")
    [[ "$(id -u)" == 0 ]] && chown "$PG_USER:" "$TMP_DIR/password"
fi

# Trust on the private unix socket (only this user can reach it); a password over TCP.
if ((!REUSE)) && ! as_pg "$PG_BIN/initdb" -D "$DATA_DIR" -U "$PG_USER" --pwfile="$TMP_DIR/password" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$TMP_DIR/initdb.log" 2>&1; then
    say "initdb failed:"
    cat "$TMP_DIR/initdb.log" >&2
    exit 1
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A throw-away server: durability off for speed. The planner's costs as docs/operations.md
# sets them for production (solid-state disks: a page read out of order costs about what one
# in order does; grouping sorts in memory), so that the benchmarks measure the plans
# production gets. A port taken between choosing and binding it is retried with another.
for attempt in 1 2 3; do
    PORT="$(free_port)"
    STARTED=1
    if as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 start -o "\
        -c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$SOCKET_DIR \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=100 -c shared_buffers=128MB \
        -c random_page_cost=1.1 -c work_mem=16MB" >/dev/null; then
        break
    fi
    STARTED=0
    say "server did not start on port $PORT (attempt $attempt):"
    tail -n 20 "$LOG_FILE" >&2 || true
    if ((attempt == 3)); then
        exit 1
    fi
done

if ((!REUSE)) && ! as_pg "$PG_BIN/createdb" -h "$SOCKET_DIR" -p "$PORT" -U "$PG_USER" mydirection; then
    say "createdb failed"
    exit 1
fi

export DATABASE_URL="postgres://$PG_USER:$PASSWORD@127.0.0.1:$PORT/mydirection"
# The same version's client programs first on PATH (pg_dump, pg_restore, psql): the backup
# tests (tests/test_operations.py) run them against this server.
export PATH="$PG_BIN:$PATH"
say "PostgreSQL $PG_VERSION on 127.0.0.1:$PORT (data in $TMP_DIR, runs as $PG_USER)"

# Not exec: the trap must stop the server afterwards.
set +e
"$@"
status=$?
set -e
if ((status != 0)) && grep -qE 'FATAL|PANIC' "$LOG_FILE" 2>/dev/null; then
    say "the command failed (exit $status); the server logged:"
    grep -E 'FATAL|PANIC' "$LOG_FILE" | tail -n 15 | sed 's/^/  | /' >&2
fi
exit "$status"
