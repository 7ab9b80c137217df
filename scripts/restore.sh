#!/usr/bin/env bash
# Restore MyDirection: scripts/restore.sh BACKUP_DIRECTORY (docs/operations.md, "Restoring").
# Into the empty database DATABASE_URL names (create it first), an empty MYDIRECTION_FILES_DIR
# and no checkpoint file: checks the manifest, pg_restore --no-owner, the files back, the
# checkpoints back, then `mydirection verify-access-log`. Exits non-zero if any step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec .venv/bin/mydirection restore "$@"
