#!/usr/bin/env bash
# Back up MyDirection: scripts/backup.sh DIRECTORY (docs/operations.md, "Backups").
# The database (pg_dump --format=custom of DATABASE_URL), the uploaded files
# (MYDIRECTION_FILES_DIR) and the access log's checkpoints, into a new directory
# DIRECTORY/mydirection-backup-<UTC time>/ with MANIFEST.sha256. Run it as the application's
# user, with the application's environment; prints the new directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec .venv/bin/mydirection backup "$@"
