#!/usr/bin/env bash
# Installs the system packages that `make test` needs, only when they are missing:
#   - a PostgreSQL server (Debian's `postgresql`; the tests start their own throw-away server)
#   - Chromium at /usr/bin/chromium (Debian's `chromium`; Playwright drives it, never a download)
# Runs `apt-get update` only when something is missing. As root it calls apt-get directly;
# otherwise it uses `sudo -n` (never prompts: CI has no stdin) and says what to do if it can't.
set -euo pipefail

have_postgres() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
        && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

missing=()
have_postgres || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)

if ((${#missing[@]} == 0)); then
    echo "test system: PostgreSQL and Chromium are installed"
    exit 0
fi

echo "test system: installing ${missing[*]} with apt-get"
if [[ "$(id -u)" == 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
else
    echo "test system: ${missing[*]} missing, and this is not root and there is no sudo." >&2
    echo "  Install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

# Wait for another apt/dpkg run instead of failing on its lock.
apt_options=(-q -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" update \
    || ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get "${apt_options[@]}" install -y "${missing[@]}"; then
    echo "test system: could not install ${missing[*]}." >&2
    echo "  As root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi

have_postgres || { echo "test system: PostgreSQL binaries still missing" >&2; exit 1; }
[[ -x /usr/bin/chromium ]] || { echo "test system: /usr/bin/chromium still missing" >&2; exit 1; }
echo "test system: installed ${missing[*]}"
